#!/usr/bin/env bash
# Throw-away benchmark: our checker (site/check) against htmltest v0.17.0 on
# a generated site in six languages, 6,000 pages, with planted defects. Times
# each whole command with /usr/bin/time -v (wall time, peak memory) and prints
# the ratios. Run from anywhere in the repository; needs Go and the module
# proxy (to build htmltest once, in a throw-away module under /tmp/ht).
#
#   bench/check-vs-htmltest.sh          # WORK=/tmp/check-bench DOCS=999
set -euo pipefail
cd "$(dirname "$0")/.."

work=${WORK:-/tmp/check-bench}
docs=${DOCS:-999} # per language; with each language's home and 404 page: 6 x 1,001 + 1 pages
ht=/tmp/ht/htmltest

rm -rf "$work"
mkdir -p "$work"

echo "== generating the site"
go run ./bench/gensite -o "$work/site" -docs "$docs"
du -sh "$work/site"

echo "== building"
# "sitectl check" when the command exists; bench/check is the same checker
# without Hugo linked in, to show what the larger binary costs.
go build -o "$work/check" ./bench/check
ours=("$work/check")
if grep -q '"check"' tools/sitectl/run.go 2>/dev/null; then
	go build -o "$work/sitectl" ./tools/sitectl
	ours=("$work/sitectl" check)
fi
if [ ! -x "$ht" ]; then
	rm -rf /tmp/ht && mkdir -p /tmp/ht
	(cd /tmp/ht && go mod init tmp >/dev/null 2>&1 && go get github.com/wjdp/htmltest@v0.17.0 && go build -o /tmp/ht/htmltest github.com/wjdp/htmltest)
fi

cat >"$work/htmltest.yml" <<YML
DirectoryPath: "$work/site"
CheckExternal: false
OutputDir: "$work/htmltest-out"
YML

# measure NAME CMD...: runs CMD under /usr/bin/time -v, output to $work/NAME.out
measure() {
	local name=$1
	shift
	sync
	/usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>&1 || true
	local wall rss
	wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$work/$name.time")
	rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/$name.time")
	echo "$wall $rss" >"$work/$name.stat"
	printf '%-9s wall %6.2fs  max RSS %7.1f MB  output %s lines\n' "$name" "$wall" "$(echo "$rss / 1024" | bc -l)" "$(wc -l <"$work/$name.out")"
}

echo "== timing ($(nproc) cores)"
# Warm the page cache so that neither pays for the first read.
cat "$work"/site/*/docs/*/index.html >/dev/null
measure check "${ours[@]}" "$work/site"
measure htmltest "$ht" -c "$work/htmltest.yml"
measure check "${ours[@]}" "$work/site"
measure htmltest "$ht" -c "$work/htmltest.yml"
measure bare "$work/check" "$work/site"

read -r cw cr <"$work/check.stat"
read -r hw hr <"$work/htmltest.stat"
mb=$(find "$work/site" -name '*.html' -printf '%s\n' | awk '{ s += $1 } END { print s / 1e6 }')
echo "== result (second runs)"
printf 'HTML: %.1f MB; check: %.0f MB/s\n' "$mb" "$(echo "$mb / $cw" | bc -l)"
printf 'htmltest / check: wall %.1fx, max RSS %.1fx\n' "$(echo "$hw / $cw" | bc -l)" "$(echo "$hr / $cr" | bc -l)"
nocolor() { sed 's/\x1b\[[0-9;]*m//g' "$@"; }
echo "findings: check: $(tail -1 "$work/check.out") (planted: $(go run ./bench/gensite -o "$work/site2" -docs "$docs" | sed 's/.*, //'))"
echo "          htmltest: $(nocolor "$work/htmltest.out" | grep -c ' --- ' || true) issues: $(nocolor "$work/htmltest.out" | tail -1)"
rm -rf "$work/site2"
