package worddiff

// A Step of an alignment: Old and New index the two lists (Old is -1 for
// an insertion, New -1 for a deletion).
type Step struct {
	Op       Op
	Old, New int
}

// Align aligns two lists of units compared whole (the paragraphs, list
// items and table rows of two versions of a document) with the same
// shortest edit script as Diff, so that a caller can then compare the
// units that changed word by word. Deletions come before insertions at
// each change.
func Align(old, new []string) []Step {
	edits := myers(old, new)
	out := make([]Step, len(edits))
	for k, e := range edits {
		switch e.op {
		case Equal:
			out[k] = Step{Equal, e.i, e.j}
		case Delete:
			out[k] = Step{Delete, e.i, -1}
		case Insert:
			out[k] = Step{Insert, -1, e.j}
		}
	}
	return out
}
