package worddiff

// The Go module proxy's diff libraries diff lines or characters
// (sergi/go-diff works on runes, with its own word mode for whole
// lines; x/tools/internal/diff is internal); aligning tokens of our own
// split takes a Myers walk over two slices, which is this short file.

type editOp struct {
	op   Op
	i, j int // the token in a (Equal, Delete) or b (Insert)
}

// myers returns a shortest edit script from a to b: Myers' greedy
// forward algorithm, keeping each round's frontier to trace the path
// back. Deletions come before insertions at each change.
func myers(a, b []string) []editOp {
	n, m := len(a), len(b)
	max := n + m
	offset := max + 1
	v := make([]int, 2*max+3)
	var trace [][]int
	d := 0
found:
	for d = 0; d <= max; d++ {
		trace = append(trace, append([]int(nil), v...))
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				x = v[offset+k+1] // down: an insertion
			} else {
				x = v[offset+k-1] + 1 // right: a deletion
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[offset+k] = x
			if x >= n && y >= m {
				break found
			}
		}
	}
	// Walk back from (n, m).
	var rev []editOp
	x, y := n, m
	for ; d > 0; d-- {
		vd := trace[d]
		k := x - y
		var prevK int
		if k == -d || (k != d && vd[offset+k-1] < vd[offset+k+1]) {
			prevK = k + 1
		} else {
			prevK = k - 1
		}
		prevX := vd[offset+prevK]
		prevY := prevX - prevK
		for x > prevX && y > prevY {
			x--
			y--
			rev = append(rev, editOp{Equal, x, y})
		}
		if x == prevX {
			y--
			rev = append(rev, editOp{Insert, x, y})
		} else {
			x--
			rev = append(rev, editOp{Delete, x, y})
		}
	}
	for x > 0 && y > 0 {
		x--
		y--
		rev = append(rev, editOp{Equal, x, y})
	}
	out := make([]editOp, len(rev))
	for i, e := range rev {
		out[len(rev)-1-i] = e
	}
	return out
}
