#!/usr/bin/env bash
# Throw-away benchmark: `sitectl build` (our whole pipeline: lint, l10n, Hugo
# in-process, clean, minify, check, publish) against the Hugo CLI alone with
# its own minifier, `hugo --quiet --minify`, on the same tree. Both build
# for the same environment, preview (sitectl's default, `-env preview`;
# Hugo's `--environment preview`), which the layouts read. The Hugo CLI is
# the one `go tool hugo` runs, the pinned module of go.mod, built once into
# a binary so that no run pays for the go command; sitectl is built once too.
#
# The commands take turns, RUNS times each (default 5), under
# /usr/bin/time: it prints the median wall time, CPU time (user + sys) and
# peak memory (max RSS) of each, the ratios of the medians, the median of
# the ratios within each round (see below), and the median of each of
# sitectl's stages (the "stages:" line of its summary). On a
# shared machine wall time is noisy; CPU time is the steadier measure of the
# work done. Run from anywhere in the repository; SITE names another site
# folder (one holding hugo.toml) to build instead of this repository's.
#
# Both commands are warmed up once before they are timed: Hugo's module and
# resource caches, and sitectl's caches of the build before (what the
# content check found in each file, the pages minified: internal/buildcache).
# The timed runs are rebuilds of an unchanged tree, as a writer's previews
# are. FRESH=1 times sitectl without its caches instead (build -fresh:
# every file read and every page minified again, no cache kept); a first
# build also writes the caches, which this leaves out.
#
#   bench/build-vs-hugo.sh          # WORK=/tmp/build-bench RUNS=5 SITE=. FRESH=
set -euo pipefail
cd "$(dirname "$0")/.."

work=${WORK:-/tmp/build-bench}
runs=${RUNS:-5}
site=${SITE:-.}
env=preview

. bench/timing.sh
rm -rf "$work"
mkdir -p "$work"

echo "== copying the site's sources into $work/src"
copy_site "$site" "$work/src"

echo "== building the commands"
go build -o "$work/sitectl" ./tools/sitectl
go build -o "$work/hugo" github.com/gohugoio/hugo
"$work/hugo" version

sitectl=("$work/sitectl" build -s "$work/src" -o "$work/public" -env "$env")
if [ -n "${FRESH:-}" ]; then
	sitectl+=(-fresh)
fi
hugo=("$work/hugo" --quiet --minify --environment "$env" -s "$work/src" -d "$work/hugo-public")

echo "== warming up (the kernel's file cache, Hugo's module and resource caches, sitectl's caches)"
"${sitectl[@]}" >/dev/null 2>&1
"${hugo[@]}" >/dev/null 2>&1

echo "== timing: $runs runs each, taking turns ($(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg))"
for i in $(seq "$runs"); do
	echo " run $i"
	# Both commands start without an output folder: sitectl publishes by
	# swapping its staging folder in and removing the folder it replaces
	# (about 40 ms of unlinking here), which the Hugo CLI, writing into
	# an empty folder, does not pay.
	rm -rf "$work/public"
	# Each run starts with the writes of the one before on disk: the
	# kernel writes a run's 13 MB of pages back while the next runs
	# otherwise, on the same cores.
	sync
	measure sitectl "${sitectl[@]}"
	# The stages line of the summary, in milliseconds: "lint 54 l10n 127 ...".
	grep '^stages: ' "$work/sitectl.out" | sed 's/^stages: //; s/; total.*//; s/, /\n/g' |
		awk 'function ms(v, p) {
			if (v ~ /ms$/) return v + 0
			if (v ~ /µs$/) return v / 1000
			if (v ~ /m/) { split(v, p, "m"); return p[1] * 60000 + p[2] * 1000 }
			return v * 1000
		}
		{ printf "%s %.1f\n", $1, ms($2) }' >>"$work/stages.runs"
	# Hugo writes into its destination as it is: start each run empty, as
	# sitectl's staging folder does.
	rm -rf "$work/hugo-public"
	sync
	measure hugo "${hugo[@]}"
done

mb() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.2f", s / 1e6 }'; }
mode="rebuilding, its caches warm"
if [ -n "${FRESH:-}" ]; then
	mode="fresh (-fresh)"
fi
echo "== result: medians of $runs runs, environment $env, sitectl $mode; output: sitectl $(mb "$work/public") MB, hugo $(mb "$work/hugo-public") MB"
printf '  %-8s %8s %8s %10s\n' "" wall cpu "max RSS"
for n in sitectl hugo; do
	printf '  %-8s %7.3fs %7.3fs %7.1f MB\n' "$n" "$(median "$work/$n.runs" 1)" "$(median "$work/$n.runs" 2)" "$(echo "$(median "$work/$n.runs" 3) / 1024" | bc -l)"
done
printf '  %-8s %7.2fx %7.2fx %9.2fx\n' "ratio" \
	"$(echo "$(median "$work/sitectl.runs" 1) / $(median "$work/hugo.runs" 1)" | bc -l)" \
	"$(echo "$(median "$work/sitectl.runs" 2) / $(median "$work/hugo.runs" 2)" | bc -l)" \
	"$(echo "$(median "$work/sitectl.runs" 3) / $(median "$work/hugo.runs" 3)" | bc -l)"
# The host's speed drifts between runs (the same Hugo build here has taken
# from 5.6 s to 7.8 s of CPU within minutes), and both commands drift
# with it: the ratio within each round, sitectl's run against the Hugo
# run right after it, cancels most of that. Their median is the steadier
# ratio; the ratio of the medians above mixes rounds.
paste -d' ' "$work/sitectl.runs" "$work/hugo.runs" | awk '{ print $1 / $4, $2 / $5, $3 / $6 }' >"$work/ratio.runs"
printf '  %-8s %7.2fx %7.2fx %9.2fx   (median of the rounds'"'"' ratios)\n' "round" \
	"$(median "$work/ratio.runs" 1)" "$(median "$work/ratio.runs" 2)" "$(median "$work/ratio.runs" 3)"
# On a shared host single rounds scatter widely (here, 0.86x to 1.22x of
# CPU within 11 rounds of the same build): the middle half of the rounds
# says how far to trust the medians. A difference of a few percent takes
# some 30 rounds to show (RUNS=30).
printf '  %-8s %8s %8s %10s   (middle half of the rounds'"'"' ratios)\n' "spread" \
	"$(quartiles "$work/ratio.runs" 1)" "$(quartiles "$work/ratio.runs" 2)" "$(quartiles "$work/ratio.runs" 3)"
echo "== sitectl's stages: medians of $runs runs (wall time)"
for s in $(awk '!seen[$1]++ { print $1 }' "$work/stages.runs"); do
	grep "^$s " "$work/stages.runs" >"$work/stage.$s"
	printf '  %-8s %8.0f ms\n' "$s" "$(median "$work/stage.$s" 2)"
done
