#!/usr/bin/env bash
# Scale test: a generated site of N documents per language (default 5,000:
# 30,000 pages) built, checked and published by sitectl; prints wall time
# and peak memory (max RSS) from /usr/bin/time.
#
#   tools/genscale/scale.sh [N]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-5000}"
work="${TMPDIR:-/tmp}/legalcenter-scale-$n"
rm -rf "$work"
go build -o "$work.sitectl" ./tools/sitectl
go run ./tools/genscale -n "$n" -o "$work"
echo "generated $(find "$work/content" -name '*.md' | wc -l) Markdown files in $work"
# A preview, as every build of this repository outside Netlify's production
# deploy: the generated site shows the repository's placeholder facts.
/usr/bin/time -v "$work.sitectl" build -env preview -s "$work" -o "$work/public" 2> "$work.time" | head -3
grep -E "Elapsed \(wall clock\)|Maximum resident set size" "$work.time"
echo "published $(find "$work/public" -name '*.html' | wc -l) HTML files"
