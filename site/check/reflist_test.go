package check

import (
	"math"
	"slices"
	"testing"
)

func TestRefList(t *testing.T) {
	tests := []struct {
		name string
		refs []ref
		max  int // bytes packed, at most
	}{
		{"none", nil, 0},
		{"one", []ref{{url: 3, at: 12, tag: refA, attr: refHref}}, 3},
		// The chrome of a page: URLs named before, on lines close together.
		{"chrome", []ref{{0, 10, refLink, refHref}, {1, 11, refA, refHref}, {2, 11, refA, refHref}, {5, 14, refImg, refSrc}, {4, 15, refA, refHref}}, 15},
		// Located by the build: at is -1 - the origin's index.
		{"origins", []ref{{7, -1, refA, refHref}, {7, -2, refA, refHref}, {9, 40, refCSS, refURL}}, 9},
		{"extremes", []ref{{math.MaxInt32, math.MinInt32, refCSS, refStyleAttr}, {0, math.MaxInt32, refA, refHref}, {math.MaxInt32, math.MinInt32, refForm, refAction}}, 3 * 11},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := packRefs(nil, tt.refs)
			if got := slices.Collect(l.all()); !slices.Equal(got, tt.refs) {
				t.Errorf("unpacked %v, packed %v", got, tt.refs)
			}
			if len(l) > tt.max {
				t.Errorf("%d refs packed in %d bytes, want at most %d", len(tt.refs), len(l), tt.max)
			}
		})
	}
}

// TestRefListStops: a range over the refs that breaks early stops there.
func TestRefListStops(t *testing.T) {
	l := packRefs(nil, []ref{{1, 1, refA, refHref}, {2, 2, refA, refHref}, {3, 3, refA, refHref}})
	n := 0
	for range l.all() {
		n++
		if n == 2 {
			break
		}
	}
	if n != 2 {
		t.Errorf("ranged over %d refs, want 2", n)
	}
}

// FuzzRefList: any refs a scanner can make unpack as they were packed.
func FuzzRefList(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
	f.Add([]byte{255, 255, 255, 127, 0, 0, 0, 128, 18, 9})
	f.Fuzz(func(t *testing.T, b []byte) {
		var refs []ref
		for ; len(b) >= 10; b = b[10:] {
			refs = append(refs, ref{
				url:  int32(uint32(b[0]) | uint32(b[1])<<8 | uint32(b[2])<<16 | uint32(b[3])<<24),
				at:   int32(uint32(b[4]) | uint32(b[5])<<8 | uint32(b[6])<<16 | uint32(b[7])<<24),
				tag:  b[8] % uint8(len(refTags)),
				attr: b[9] % uint8(len(refAttrs)),
			})
		}
		if got := slices.Collect(packRefs(nil, refs).all()); !slices.Equal(got, refs) {
			t.Fatalf("unpacked %v, packed %v", got, refs)
		}
	})
}
