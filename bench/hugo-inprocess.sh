#!/usr/bin/env bash
# Throw-away benchmark: the floor of an in-process pipeline. bench/hugobuild
# renders the site with Hugo in-process exactly as sitectl's Hugo stage does
# (package site/hugo, the source under site.Source's in-memory layer) and
# does nothing else; the Hugo CLI renders the same tree. Neither minifies.
# hugobuild runs at Go's default pace (GOGC=100, the CLI's) and at
# sitectl's (GOGC=50): what peak memory the in-process build has at the
# CLI's pace, and what CPU the slower pace costs, with none of sitectl's
# stages in either.
#
# The three commands take turns, RUNS times each (default 7), under
# /usr/bin/time; it prints the median wall time, CPU time (user + sys) and
# peak memory (max RSS) of each, and their ratios to the CLI's.
#
#   bench/hugo-inprocess.sh          # WORK=/tmp/inprocess-bench RUNS=7 SITE=.
set -euo pipefail
cd "$(dirname "$0")/.."

work=${WORK:-/tmp/inprocess-bench}
runs=${RUNS:-7}
site=${SITE:-.}
env=preview

rm -rf "$work"
mkdir -p "$work/src"
for d in hugo.toml content layouts i18n data assets static archetypes; do
	if [ -e "$site/$d" ]; then cp -R "$site/$d" "$work/src/"; fi
done

echo "== building the commands"
go build -o "$work/hugobuild" ./bench/hugobuild
go build -o "$work/hugo" github.com/gohugoio/hugo

# measure NAME CMD...: runs CMD once under /usr/bin/time into an empty
# folder $work/out, and appends "wall cpu maxrss_kb" to $work/NAME.runs.
measure() {
	local name=$1
	shift
	rm -rf "$work/out"
	if ! /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>&1; then
		echo "$name failed:" >&2
		tail -20 "$work/$name.out" >&2
		exit 1
	fi
	tail -1 "$work/$name.time" | awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' >>"$work/$name.runs"
}

median() {
	sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'
}

inproc=("$work/hugobuild" -s "$work/src" -d "$work/out" -env "$env")
cli=("$work/hugo" --quiet --environment "$env" -s "$work/src" -d "$work/out")

echo "== warming up"
measure warm "${inproc[@]}"
measure warm "${cli[@]}"

echo "== timing: $runs runs each, taking turns ($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
for i in $(seq "$runs"); do
	measure cli "${cli[@]}"
	GOGC=100 measure gogc100 "${inproc[@]}"
	GOGC=50 measure gogc50 "${inproc[@]}"
done

echo "== result: medians of $runs runs, environment $env"
printf '  %-22s %8s %8s %10s %7s %7s %7s\n' "" wall cpu "max RSS" "wall x" "cpu x" "RSS x"
for n in cli gogc100 gogc50; do
	label=$n
	case $n in
	cli) label="hugo (CLI)" ;;
	gogc100) label="in-process, GOGC=100" ;;
	gogc50) label="in-process, GOGC=50" ;;
	esac
	printf '  %-22s %7.3fs %7.3fs %7.1f MB %6.2fx %6.2fx %6.2fx\n' "$label" \
		"$(median "$work/$n.runs" 1)" "$(median "$work/$n.runs" 2)" "$(echo "$(median "$work/$n.runs" 3) / 1024" | bc -l)" \
		"$(echo "$(median "$work/$n.runs" 1) / $(median "$work/cli.runs" 1)" | bc -l)" \
		"$(echo "$(median "$work/$n.runs" 2) / $(median "$work/cli.runs" 2)" | bc -l)" \
		"$(echo "$(median "$work/$n.runs" 3) / $(median "$work/cli.runs" 3)" | bc -l)"
done
