package l10n

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gohugoio/go-i18n/v2/i18n"

	"legalcenter/site/content"
)

// FuzzStampDocument stamps arbitrary files. Stamping either fails, or
// gives a file that carries the stamp, keeps every line outside the stamp,
// and does not change when stamped again.
func FuzzStampDocument(f *testing.F) {
	for _, s := range []string{
		"+++\ntitle = \"x\"\n+++\nbody\n",
		"+++\r\ntitle = \"x\"\r\n[[params.revisions]]\r\nversion = \"1\"\r\n+++\r\n",
		"+++\n[params.source]\nhash = \"1\"\n\n[params]\na = 1\n+++\n",
		"+++\nd = \"\"\"\n[params.source]\n\"\"\"\n+++\n",
		"---\ntitle: x\nparams:\n  a: 1\n---\nbody\n",
		"---\nparams:\n    source:\n        hash: x\n    b: 2\n---\n",
		"no front matter\n",
		"",
	} {
		f.Add([]byte(s))
	}
	fp := bodyFingerprint(f, "Intro.\n\n## Summary {#summary}\nShort.\n")
	fp.Fields = fingerprintFields(map[string]any{"title": "Terms"})
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := content.Parse(src)
		if err != nil {
			return
		}
		out, err := stampDocument(d, fp)
		if err != nil {
			return
		}
		d2, err := content.Parse(out)
		if err != nil {
			t.Fatalf("stamped file does not parse: %v\n%q", err, out)
		}
		if !bytes.Equal(out[d2.Body:], src[d.Body:]) {
			t.Fatalf("body changed:\n%q\n%q", src[d.Body:], out[d2.Body:])
		}
		again, err := stampDocument(d2, fp)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("stamping again: %v\n%q\n%q", err, out, again)
		}
		// Every line of the front matter outside the old stamp survives.
		if d.Format != "" && !strings.Contains(string(src[d.FMStart:d.FMEnd]), "source") {
			rest := string(out)
			for _, l := range strings.SplitAfter(string(src[:d.FMEnd]), "\n") {
				i := strings.Index(rest, l)
				if i < 0 {
					t.Fatalf("line %q lost:\n%q\n%q", l, src, out)
				}
				rest = rest[i+len(l):]
			}
		}
	})
}

func FuzzFingerprint(f *testing.F) {
	f.Add([]byte("Intro.\n\n## Summary {#summary}\nShort.\n```\n## x {#y}\n```\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		if bytes.ContainsRune(body, '\r') {
			return
		}
		d, err := content.Parse(body)
		if err != nil {
			return
		}
		d2, err := content.Parse(bytes.ReplaceAll(body, []byte("\n"), []byte("\r\n")))
		if err != nil {
			t.Fatalf("%q parses, not with CRLF line endings: %v", body, err)
		}
		fp, crlf := fingerprintDoc(d), fingerprintDoc(d2)
		if fp.Hash != crlf.Hash {
			t.Fatalf("line endings change the hash of %q", body)
		}
	})
}

// FuzzStampTOMLKeys stamps arbitrary TOML i18n files. Stamping either
// fails, or gives a file that go-i18n reads as the same messages with the
// hashes set (stampTOMLKeys checks that itself), keeps every comment line,
// and does not change when stamped again.
func FuzzStampTOMLKeys(f *testing.F) {
	for _, s := range []string{
		"a = \"x\"\n[b]\none = \"y\"\nother = \"z\"\n",
		"# c\na = 'x' # d\n\nb = { other = \"y\", hash = \"0\" }\n",
		"[g]\n  a = \"\"\"\nx\n\"\"\"\n  [g.h]\n  Hash = \"1\"\n  other = \"y\"\n",
		"a = { other = \"x\", }\r\nb.other = \"y\"\r\n",
		"[[v1]]\nid = \"a\"\ntranslation = \"x\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		mf, err := i18n.ParseMessageFileBytes(src, "ko.toml", unmarshalers)
		if err != nil {
			return
		}
		hashes := map[string]string{}
		for _, m := range mf.Messages {
			hashes[m.ID] = "1a2b3c4d"
		}
		out, err := stampTOMLKeys(src, mf.Messages, hashes)
		if err != nil {
			return
		}
		for _, l := range strings.Split(string(src), "\n") {
			if strings.HasPrefix(strings.TrimSpace(l), "#") && !strings.Contains(string(out), l) {
				t.Fatalf("comment %q lost:\n%q\n%q", l, src, out)
			}
		}
		mf2, err := i18n.ParseMessageFileBytes(out, "ko.toml", unmarshalers)
		if err != nil {
			t.Fatalf("stamped file does not parse: %v\n%q", err, out)
		}
		again, err := stampTOMLKeys(out, mf2.Messages, hashes)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("stamping again: %v\n%q\n%q", err, out, again)
		}
	})
}
