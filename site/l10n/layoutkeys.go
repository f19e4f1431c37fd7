package l10n

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"text/template/parse"

	"github.com/spf13/afero"

	"legalcenter/site/report"
)

// layoutKeys are the i18n keys the layouts name literally ({{ i18n "key" }},
// {{ T "key" }}), with the first file and line that uses each. Templates
// are read with Go's template parser (Hugo's templates are Go templates),
// without knowing Hugo's functions; a key built at run time (printf) is not
// one of them.
func (s *site) layoutKeys() map[string]report.Finding {
	used := map[string]report.Finding{}
	for _, dir := range s.layoutDirs {
		afero.Walk(s.fsys, dir, func(p string, info fs.FileInfo, err error) error {
			if err != nil || info.IsDir() {
				if err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				return nil
			}
			b, err := afero.ReadFile(s.fsys, p)
			if err != nil {
				return nil
			}
			t := parse.New(p)
			t.Mode = parse.SkipFuncCheck | parse.ParseComments
			trees := map[string]*parse.Tree{}
			if _, err := t.Parse(string(b), "", "", trees); err != nil {
				return nil // Hugo reports a template that does not parse
			}
			file := strings.TrimPrefix(path.Clean("/"+p), "/")
			for _, tree := range trees {
				walkNodes(tree.Root, func(n parse.Node) {
					cmd, ok := n.(*parse.CommandNode)
					if !ok || len(cmd.Args) < 2 {
						return
					}
					fn, ok := cmd.Args[0].(*parse.IdentifierNode)
					key, ok2 := cmd.Args[1].(*parse.StringNode)
					if !ok || !ok2 || fn.Ident != "i18n" && fn.Ident != "T" {
						return
					}
					if _, seen := used[key.Text]; !seen {
						loc, _ := tree.ErrorContext(key) // "name:line:col"
						n := 0
						if parts := strings.Split(loc, ":"); len(parts) >= 3 {
							n, _ = strconv.Atoi(parts[len(parts)-2])
						}
						used[key.Text] = report.Finding{File: file, Line: n}
					}
				})
			}
			return nil
		})
	}
	return used
}

// walkNodes calls f on n and every node under it.
func walkNodes(n parse.Node, f func(parse.Node)) {
	if n == nil {
		return
	}
	f(n)
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walkNodes(c, f)
		}
	case *parse.ActionNode:
		walkNodes(n.Pipe, f)
	case *parse.PipeNode:
		if n == nil {
			return
		}
		for _, c := range n.Cmds {
			walkNodes(c, f)
		}
	case *parse.CommandNode:
		for _, a := range n.Args {
			walkNodes(a, f)
		}
	case *parse.IfNode:
		walkNodes(n.Pipe, f)
		walkNodes(n.List, f)
		walkNodes(n.ElseList, f)
	case *parse.RangeNode:
		walkNodes(n.Pipe, f)
		walkNodes(n.List, f)
		walkNodes(n.ElseList, f)
	case *parse.WithNode:
		walkNodes(n.Pipe, f)
		walkNodes(n.List, f)
		walkNodes(n.ElseList, f)
	case *parse.TemplateNode:
		walkNodes(n.Pipe, f)
	}
}

// checkUsedKeys reports each key the layouts name that the source
// language does not define, at the source language's file: its pages would
// show nothing there. A source key one or two letters away is named as the
// likely typo, and the translations' findings about that pair (the typo
// "not translated", the right key "not a key of en") are dropped: the one
// mistake is in the source file.
func (s *site) checkUsedKeys(r *Report, source map[string]*message, sourceFile string) {
	used := s.layoutKeys()
	for _, id := range slices.Sorted(maps.Keys(used)) {
		if _, ok := source[id]; ok {
			continue
		}
		at := used[id]
		f := report.Finding{Lang: s.source(), Rule: RuleUndefinedKey, Level: report.Error, File: sourceFile, Target: id,
			Message: fmt.Sprintf("%q is used by %s but not defined here: the pages in %s would show nothing there", id, at.Position(), s.source())}
		if typo, m := nearest(id, source); m != nil {
			f.File, f.Line = m.file, m.line
			f.Message += fmt.Sprintf("; is %q a typo of it?", typo)
			r.Findings = slices.DeleteFunc(r.Findings, func(g report.Finding) bool {
				return g.Lang != s.source() && (g.Rule == RuleMissingKey && g.Target == typo || g.Rule == RuleExtraKey && g.Target == id)
			})
		}
		r.add(f)
	}
}

// nearest is the key of source at most two edits away from id, if any.
func nearest(id string, source map[string]*message) (string, *message) {
	for _, k := range slices.Sorted(maps.Keys(source)) {
		if distance(k, id) <= 2 {
			return k, source[k]
		}
	}
	return "", nil
}

// distance is the Levenshtein distance of a and b, in bytes.
func distance(a, b string) int {
	prev := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur := make([]int, len(b)+1)
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev = cur
	}
	return prev[len(b)]
}
