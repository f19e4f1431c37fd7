#!/usr/bin/env bash
# Throw-away benchmark: the floor of an in-process pipeline. bench/hugobuild
# renders the site with Hugo in-process exactly as sitectl's Hugo stage does
# (package site/hugo, the source under site.Source's in-memory layer) and
# does nothing else; the Hugo CLI renders the same tree. Neither minifies.
# hugobuild runs at Go's default pace (GOGC=100, the CLI's, which
# sitectl's Hugo stage follows less what the build holds: internal/pace)
# and at twice it (GOGC=50, the pace of sitectl's stages before Hugo):
# what peak memory the in-process build has at the CLI's pace, and what
# CPU the faster collections cost, with none of sitectl's stages in either.
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

. bench/timing.sh
rm -rf "$work"
mkdir -p "$work"
copy_site "$site" "$work/src"

echo "== building the commands"
go build -o "$work/hugobuild" ./bench/hugobuild
go build -o "$work/hugo" github.com/gohugoio/hugo

inproc=("$work/hugobuild" -s "$work/src" -d "$work/out" -env "$env")
cli=("$work/hugo" --quiet --environment "$env" -s "$work/src" -d "$work/out")

# Each run writes into an empty folder.
timed() {
	rm -rf "$work/out"
	measure "$@"
}

echo "== warming up"
timed warm "${inproc[@]}"
timed warm "${cli[@]}"

echo "== timing: $runs runs each, taking turns ($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
for i in $(seq "$runs"); do
	timed cli "${cli[@]}"
	GOGC=100 timed gogc100 "${inproc[@]}"
	GOGC=50 timed gogc50 "${inproc[@]}"
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
