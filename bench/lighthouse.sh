#!/usr/bin/env bash
# Lighthouse on the built site: the privacy policy and one service level
# agreement in each of the six languages, RUNS times each (default 3), with
# Lighthouse's default mobile emulation and simulated throttling. Prints the
# median of each page's cumulative layout shift and of its performance,
# accessibility, best-practices and SEO scores, marks what misses the
# targets (CLS at most 0.05, performance at least 95, 100 for the others),
# lists the audits that failed in any run, and exits 1 when a target is
# missed.
#
# The site is a preview build (sitectl's default), served by bench/serve on
# 127.0.0.1 with netlify.toml's headers and gzip, as Netlify serves it (over
# HTTP, not HTTPS, and from this machine: network times are Lighthouse's
# simulation). SEO leaves out two audits: is-crawlable, as preview pages
# say noindex on purpose, and robots-txt, which Lighthouse fetches from
# inside the page, where the site's Content-Security-Policy (default-src
# 'none': no connections) refuses it (GoogleChrome/lighthouse#4386); every
# other SEO audit counts.
#
# Performance depends on the machine: Lighthouse multiplies the main
# thread's time by CPU_SLOWDOWN (its default, 4, is calibrated for a fast
# desktop, whose benchmark index is some 1,000 to 2,000). The table shows
# the median benchmark index of each page's runs: on a slower or loaded
# machine, total blocking time and the performance score suffer.
#
# Needs Go, Node.js with npm (Lighthouse is installed once into
# LIGHTHOUSE_DIR from the npm registry) and Chromium. Run from anywhere in
# the repository:
#
#   bench/lighthouse.sh      # RUNS=3 SLA=cvm WORK=/tmp/lighthouse-bench PORT=8090 CPU_SLOWDOWN=4
#                            # LIGHTHOUSE_VERSION=12.8.2 LIGHTHOUSE_DIR=/tmp/lighthouse-12.8.2
#                            # CHROME_PATH=/usr/bin/chromium
set -euo pipefail
cd "$(dirname "$0")/.."

runs=${RUNS:-3}
sla=${SLA:-cvm}
work=${WORK:-/tmp/lighthouse-bench}
port=${PORT:-8090}
slowdown=${CPU_SLOWDOWN:-4}
version=${LIGHTHOUSE_VERSION:-12.8.2}
lhdir=${LIGHTHOUSE_DIR:-/tmp/lighthouse-$version}
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}
langs=(en ko ja zh-cn pt-br id)

lighthouse=$lhdir/node_modules/.bin/lighthouse
if [ ! -x "$lighthouse" ]; then
	echo "== installing lighthouse@$version into $lhdir"
	npm install --silent --no-audit --no-fund --prefix "$lhdir" "lighthouse@$version"
fi

rm -rf "$work"
mkdir -p "$work/json"
echo "== building the site (preview) into $work/public"
go run ./tools/sitectl build -o "$work/public" >"$work/build.log" 2>&1 || {
	cat "$work/build.log"
	exit 1
}
go build -o "$work/serve" ./bench/serve
"$work/serve" -dir "$work/public" -netlify netlify.toml -addr "127.0.0.1:$port" 2>"$work/serve.log" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 50); do
	curl -sf -o /dev/null "http://127.0.0.1:$port/en/" && break
	sleep 0.1
done

pages=()
for l in "${langs[@]}"; do
	pages+=("/$l/privacy-policy/" "/$l/service-level-agreements/$sla/")
done
for p in "${pages[@]}"; do
	[ -f "$work/public${p}index.html" ] || {
		echo "no page $p in the build (SLA=$sla?)" >&2
		exit 2
	}
done

echo "== lighthouse $version, $runs runs of ${#pages[@]} pages (Chromium: $("$CHROME_PATH" --version 2>/dev/null | head -1))"
for i in $(seq "$runs"); do
	for p in "${pages[@]}"; do
		name=$(echo "$p" | tr / _)
		# A loaded machine sometimes loses the trace (NO_NAVSTART): try
		# again, up to three times.
		for try in 1 2 3; do
			if "$lighthouse" "http://127.0.0.1:$port$p" --quiet \
				--chrome-flags="--headless --no-sandbox --disable-gpu" \
				--only-categories=performance,accessibility,best-practices,seo \
				--skip-audits=is-crawlable,robots-txt \
				--throttling.cpuSlowdownMultiplier="$slowdown" \
				--output=json --output-path="$work/json/${name}-$i.json" 2>>"$work/lighthouse.log"; then
				break
			fi
			rm -f "$work/json/${name}-$i.json"
			[ "$try" = 3 ] && { tail -5 "$work/lighthouse.log" >&2; exit 2; }
			printf 'x'
		done
		printf '.'
	done
done
echo

node - "$work/json" "${pages[@]}" <<'JS'
const fs = require("fs"), path = require("path");
const [dir, ...pages] = process.argv.slice(2);
const median = xs => { const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const cats = ["performance", "accessibility", "best-practices", "seo"];
const min = {performance: 95, accessibility: 100, "best-practices": 100, seo: 100};
let missed = false;
const failed = new Map(); // audit: pages
const row = cols => cols.map((c, i) => i ? String(c).padStart(i === 1 ? 6 : 14) : String(c).padEnd(44)).join(" ");
console.log(row(["page", "CLS", ...cats, "benchmark"]));
for (const p of pages) {
  const name = p.replaceAll("/", "_");
  const runs = fs.readdirSync(dir).filter(f => f.startsWith(name + "-")).map(f => JSON.parse(fs.readFileSync(path.join(dir, f))));
  const cls = median(runs.map(r => r.audits["cumulative-layout-shift"].numericValue));
  const cells = [p, cls.toFixed(3) + (cls > 0.05 ? "!" : "")];
  for (const c of cats) {
    const s = Math.round(median(runs.map(r => r.categories[c].score * 100)));
    if (s < min[c]) missed = true;
    cells.push(String(s) + (s < min[c] ? "!" : ""));
  }
  cells.push(Math.round(median(runs.map(r => r.environment.benchmarkIndex))));
  if (cls > 0.05) missed = true;
  console.log(row(cells));
  for (const r of runs) {
    for (const c of cats.slice(1)) {
      for (const ref of r.categories[c].auditRefs) {
        const a = r.audits[ref.id];
        if (ref.weight > 0 && a.score !== null && a.score < 1) {
          const k = `${c}: ${a.id} (${a.title})`;
          if (!failed.has(k)) failed.set(k, new Set());
          failed.get(k).add(p);
        }
      }
    }
  }
}
console.log("(medians of the runs; ! misses the target: CLS <= 0.05, performance >= 95, 100 for the others)");
for (const [k, ps] of failed) console.log(`failed: ${k} on ${[...ps].join(" ")}`);
process.exit(missed ? 1 : 0);
JS
