#!/usr/bin/env bash
# Throw-away benchmark: our checker (site/check) against htmltest v0.17.0 on
# a generated site in six languages, 6,000 pages, with planted defects. Times
# each whole command RUNS times (default 5), the tools taking turns (sitectl
# check; tools/sitecheck, "light", the same without Hugo; bench/check, "bare",
# the checker alone), with
# /usr/bin/time: wall time, CPU time (user + sys) and peak memory (max RSS).
# It prints the median of each and the ratios of the medians. On a shared
# machine wall time is noisy (it counts the time other processes hold the
# cores); CPU time is the steadier measure of the work done. Run from anywhere
# in the repository; needs Go and the module proxy (to build htmltest once, in
# a throw-away module under /tmp/ht).
#
#   bench/check-vs-htmltest.sh          # WORK=/tmp/check-bench DOCS=999 RUNS=5
set -euo pipefail
cd "$(dirname "$0")/.."

work=${WORK:-/tmp/check-bench}
docs=${DOCS:-999} # per language; with each language's home and 404 page: 6 x 1,001 + 1 pages
runs=${RUNS:-5}
ht=/tmp/ht/htmltest

rm -rf "$work"
mkdir -p "$work"

echo "== generating the site"
go run ./bench/gensite -o "$work/site" -docs "$docs" | tee "$work/planted"
du -sh "$work/site"

echo "== building"
# "sitectl check" when the command exists; bench/check ("bare") is the same
# checker without Hugo linked in, to show what the larger binary costs.
go build -o "$work/check" ./bench/check
# tools/sitecheck ("light"): the command line of sitectl check without Hugo.
go build -o "$work/sitecheck" ./tools/sitecheck
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

# measure NAME CMD...: runs CMD once under /usr/bin/time, its output to
# $work/NAME.out, and appends "wall cpu maxrss_kb" to $work/NAME.runs.
measure() {
	local name=$1
	shift
	/usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>&1 || true
	# The last line: before it, time notes a non-zero exit status.
	tail -1 "$work/$name.time" | awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' >>"$work/$name.runs"
	awk -v n="$name" '{ printf "  %-9s wall %6.3fs  cpu %6.3fs  max RSS %6.1f MB\n", n, $1, $2, $3 / 1024 }' <(tail -1 "$work/$name.runs")
}

# median NAME COLUMN: the median of a column of $work/NAME.runs (1 wall, 2 cpu, 3 RSS).
median() {
	sort -g -k"$2","$2" "$work/$1.runs" | awk -v c="$2" '{ v[NR] = $c } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'
}

echo "== timing: $runs runs each, taking turns ($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
# Warm the page cache so that no run pays for the first read.
cat "$work"/site/*/docs/*/index.html >/dev/null
"${ours[@]}" "$work/site" >/dev/null 2>&1 || true
for i in $(seq "$runs"); do
	echo " run $i"
	measure check "${ours[@]}" "$work/site"
	measure htmltest "$ht" -c "$work/htmltest.yml"
	measure bare "$work/check" "$work/site"
	measure light "$work/sitecheck" "$work/site"
done

mb=$(find "$work/site" -name '*.html' -printf '%s\n' | awk '{ s += $1 } END { print s / 1e6 }')
echo "== result: medians of $runs runs; HTML: $(printf '%.1f' "$mb") MB"
printf '  %-9s %8s %8s %10s\n' "" wall cpu "max RSS"
for n in check light bare htmltest; do
	printf '  %-9s %7.3fs %7.3fs %7.1f MB\n' "$n" "$(median $n 1)" "$(median $n 2)" "$(echo "$(median $n 3) / 1024" | bc -l)"
done
ratio() { echo "$(median "$1" "$3") / $(median "$2" "$3")" | bc -l; }
printf 'htmltest / check: wall %.1fx, cpu %.1fx, max RSS %.1fx (check: %.0f MB/s of wall time)\n' \
	"$(ratio htmltest check 1)" "$(ratio htmltest check 2)" "$(ratio htmltest check 3)" "$(echo "$mb / $(median check 1)" | bc -l)"
printf 'htmltest / light: wall %.1fx, cpu %.1fx, max RSS %.1fx\n' \
	"$(ratio htmltest light 1)" "$(ratio htmltest light 2)" "$(ratio htmltest light 3)"
printf 'htmltest / bare:  wall %.1fx, cpu %.1fx, max RSS %.1fx\n' \
	"$(ratio htmltest bare 1)" "$(ratio htmltest bare 2)" "$(ratio htmltest bare 3)"
nocolor() { sed 's/\x1b\[[0-9;]*m//g' "$@"; }
echo "findings: check: $(tail -1 "$work/check.out") (planted: $(sed 's/.*, //' "$work/planted"))"
echo "          htmltest: $(nocolor "$work/htmltest.out" | grep -c ' --- ' || true) issues: $(nocolor "$work/htmltest.out" | tail -1)"
