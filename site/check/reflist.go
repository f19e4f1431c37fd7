package check

import (
	"encoding/binary"
	"iter"
)

// refList is a page's refs, packed: a byte for the tag and attribute, then
// the changes of url and at from the ref before as varints. A page's links
// run mostly through URLs the site's other pages named first (small ids,
// close together) on lines a few apart, so a ref takes 3 to 5 bytes instead
// of ref's 12: the index holds every page's refs from the time Hugo writes
// the page until the check runs, 11 MB of the 6,000-page scale site's.
type refList []byte

// tagAttrs is how many tag and attribute pairs a ref can name; one byte
// holds each.
const tagAttrs = len(refTags) * len(refAttrs)

var _ [255 - tagAttrs]struct{} // fails to compile if a pair no longer fits a byte

// packRefs packs refs into a refList, appended to dst[:0].
func packRefs(dst refList, refs []ref) refList {
	dst = dst[:0]
	var prev ref
	for _, r := range refs {
		dst = append(dst, r.tag*uint8(len(refAttrs))+r.attr)
		dst = binary.AppendVarint(dst, int64(r.url)-int64(prev.url))
		dst = binary.AppendVarint(dst, int64(r.at)-int64(prev.at))
		prev = r
	}
	return dst
}

// all yields the refs in the order they were packed.
func (l refList) all() iter.Seq[ref] {
	return func(yield func(ref) bool) {
		var r ref
		for i := 0; i < len(l); {
			ta := l[i]
			du, n := binary.Varint(l[i+1:])
			i += 1 + n
			da, m := binary.Varint(l[i:])
			i += m
			r = ref{url: int32(int64(r.url) + du), at: int32(int64(r.at) + da), tag: ta / uint8(len(refAttrs)), attr: ta % uint8(len(refAttrs))}
			if !yield(r) {
				return
			}
		}
	}
}
