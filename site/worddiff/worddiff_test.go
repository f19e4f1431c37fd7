package worddiff

import (
	"fmt"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"We keep data for 30 days.", "We| |keep| |data| |for| |30| |days|."},
		{"don't opt-in", "don't| |opt-in"},
		{"개인정보를 보관합니다", "개|인|정|보|를| |보|관|합|니|다"},
		{"データを30日保存", "デ|ー|タ|を|30|日|保|存"},
		{"個人資料", "個|人|資|料"},
		{"Seoul서울 (KR)", "Seoul|서|울| |(|KR|)"},
		{"v2 2FA", "v2| |2FA"},
		{"", ""},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got := Split(tc.in)
			if strings.Join(got, "") != tc.in {
				t.Fatalf("tokens %q do not join to the input", got)
			}
			if g := strings.Join(got, "|"); g != tc.want {
				t.Errorf("Split(%q) = %s, want %s", tc.in, g, tc.want)
			}
		})
	}
}

func TestDiff(t *testing.T) {
	for _, tc := range []struct{ old, new, text, html string }{
		{"We keep data for 30 days.", "We keep data for 90 days.",
			"We keep data for [-30-]{+90+} days.", "We keep data for <del>30</del><ins>90</ins> days."},
		{"same", "same", "same", "same"},
		{"for one year.", "for two years.", "for [-one year-]{+two years+}.", "for <del>one year</del><ins>two years</ins>."},
		{"Contact us", "Write to us", "[-Contact-]{+Write to+} us", "<del>Contact</del><ins>Write to</ins> us"},
		{"", "New text", "{+New text+}", "<ins>New text</ins>"},
		{"Old text", "", "[-Old text-]", "<del>Old text</del>"},
		{"a < b", "a > b", "a [-<-]{+>+} b", "a <del>&lt;</del><ins>&gt;</ins> b"},
		{"30일 동안 보관합니다", "90일 동안 보관합니다", "[-30-]{+90+}일 동안 보관합니다", "<del>30</del><ins>90</ins>일 동안 보관합니다"},
		{"개인정보를 보관", "개인정보도 보관", "개인정보[-를-]{+도+} 보관", "개인정보<del>를</del><ins>도</ins> 보관"},
		{"one two three", "one three four", "one [-two -]three{+ four+}", "one <del>two </del>three<ins> four</ins>"},
	} {
		t.Run(tc.old+"→"+tc.new, func(t *testing.T) {
			c := Diff(tc.old, tc.new)
			if got := Text(c); got != tc.text {
				t.Errorf("Text = %q, want %q", got, tc.text)
			}
			if got := HTML(c); got != tc.html {
				t.Errorf("HTML = %q, want %q", got, tc.html)
			}
			if Changed(c) != (tc.old != tc.new) {
				t.Errorf("Changed = %v", Changed(c))
			}
		})
	}
}

// FuzzDiff: the equal and deleted chunks spell the old text, the equal
// and inserted ones the new.
func FuzzDiff(f *testing.F) {
	f.Add("We keep data for 30 days.", "We keep it for 90 days, 개인정보.")
	f.Fuzz(func(t *testing.T, a, b string) {
		var old, new strings.Builder
		for _, c := range Diff(a, b) {
			if c.Op != Insert {
				old.WriteString(c.Text)
			}
			if c.Op != Delete {
				new.WriteString(c.Text)
			}
		}
		if old.String() != a || new.String() != b {
			t.Fatalf("Diff(%q, %q) spells %q, %q", a, b, old.String(), new.String())
		}
	})
}

func BenchmarkDiff(b *testing.B) {
	old := strings.Repeat("We keep personal data for 30 days, then delete it. ", 40)
	new := strings.Replace(old, "30", "90", 3)
	b.SetBytes(int64(len(old) + len(new)))
	for b.Loop() {
		if c := Diff(old, new); len(c) != 10 { // three changes: equal, delete, insert, ..., equal
			b.Fatalf("%d chunks", len(c))
		}
	}
}

func TestAlign(t *testing.T) {
	for _, tc := range []struct {
		name     string
		old, new []string
		want     string
	}{
		{"same", []string{"a", "b"}, []string{"a", "b"}, "=0,0 =1,1"},
		{"changed middle", []string{"a", "b", "c"}, []string{"a", "x", "c"}, "=0,0 -1 +1 =2,2"},
		{"added", []string{"a"}, []string{"a", "b"}, "=0,0 +1"},
		{"removed", []string{"a", "b"}, []string{"b"}, "-0 =1,0"},
		{"empty", nil, nil, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, s := range Align(tc.old, tc.new) {
				switch s.Op {
				case Equal:
					got = append(got, fmt.Sprintf("=%d,%d", s.Old, s.New))
				case Delete:
					got = append(got, fmt.Sprintf("-%d", s.Old))
				case Insert:
					got = append(got, fmt.Sprintf("+%d", s.New))
				}
			}
			if g := strings.Join(got, " "); g != tc.want {
				t.Errorf("Align(%q, %q) = %s, want %s", tc.old, tc.new, g, tc.want)
			}
		})
	}
}
