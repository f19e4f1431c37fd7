#!/usr/bin/env bash
# The link check on a real multilingual Hugo site that nobody here wrote:
# the example site of the hugo-book theme (English, Chinese, Hebrew),
# built offline with the pinned Hugo (go tool hugo). It checks the site as
# built, then plants one layout bug (a duplicated id in the theme's brand
# partial, on every page) and a few broken links and #fragments in the
# content, rebuilds, and checks again with -format markdown. It prints
# whether the layout bug is one group, whether every planted link is
# listed, and the size of the Markdown report (lines, bytes) against the
# number of findings, which is what a report without grouping lists. With
# OLD=<commit> it also writes the report of that commit's "sitectl check"
# (before reports were grouped: OLD=1cd70b9) for the same site.
#
# The theme comes from the Go module proxy at a pinned version, or from a
# checkout of github.com/alex-shpak/hugo-book at that commit
# (HUGO_BOOK_DIR=...). Run from anywhere in the repository.
#
#   bench/check-real-site.sh            # WORK=/tmp/check-real-site
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

# hugo-book at commit 162c806e991b (2026-08-08), as the Go module proxy
# names it: its tags (v13, ...) are not semantic versions.
book=github.com/alex-shpak/hugo-book
version=v0.0.0-20260808194626-162c806e991b
work=${WORK:-/tmp/check-real-site}
base=https://book.example.org/

rm -rf "$work"
mkdir -p "$work/themes"

src=${HUGO_BOOK_DIR:-}
if [ -z "$src" ]; then
	src=$(go mod download -json "$book@$version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
fi
[ -d "$src/layouts" ] && [ -d "$src/exampleSite" ] || {
	echo "no hugo-book at $src: set HUGO_BOOK_DIR to a checkout of $book at ${version##*-}" >&2
	exit 2
}
cp -R "$src" "$work/themes/hugo-book"
chmod -R u+w "$work/themes/hugo-book"
cp -R "$src/exampleSite" "$work/site"
chmod -R u+w "$work/site"

echo "== building the checker and Hugo (the pinned module)"
go build -o "$work/sitecheck" ./tools/sitecheck
go build -o "$work/hugo" github.com/gohugoio/hugo

# build NAME: renders the site into $work/NAME.
build() {
	"$work/hugo" -s "$work/site" --themesDir "$work/themes" -d "$work/$1" -b "$base" \
		--enableGitInfo=false --quiet >"$work/$1.hugo.log" 2>&1 || {
		cat "$work/$1.hugo.log" >&2
		exit 1
	}
	echo "$1: $(find "$work/$1" -name '*.html' | wc -l) HTML pages"
}

# check NAME: the Markdown report and the JSON findings of the site $work/NAME,
# findings on elements the theme's layouts wrote traced to their line.
check() {
	local flags=(-netlify "" -baseurl "$base" -layouts "$work/themes/hugo-book/layouts")
	"$work/sitecheck" "${flags[@]}" -format markdown "$work/$1" >"$work/$1.md" || true
	"$work/sitecheck" "${flags[@]}" -format json "$work/$1" >"$work/$1.json" || true
	local findings
	findings=$(grep -c '"rule":' "$work/$1.json" || true)
	printf '%s: %s findings; Markdown report %s lines, %s bytes\n' "$1" "$findings" \
		"$(wc -l <"$work/$1.md" | tr -d ' ')" "$(wc -c <"$work/$1.md" | tr -d ' ')"
}

echo "== the example site as it is"
build before
check before

echo "== one layout bug and broken links planted"
# Every page: a second element with the brand's id.
sed -i.orig 's|<h2 class="book-brand">|<h2 class="book-brand" id="book-brand"><span id="book-brand"></span>|' \
	"$work/themes/hugo-book/layouts/_partials/docs/brand.html"
planted=(/docs/no-such-page/ /zh/docs/missing/ /docs/getting-started/introduction/#no-such-section /posts/gone/)
cat >>"$work/site/content.en/docs/getting-started/configuration.md" <<'MD'

[missing page](/docs/no-such-page/) and [missing section](/docs/getting-started/introduction/#no-such-section)
MD
cat >>"$work/site/content.en/posts/example-post.md" <<'MD'

[a post that is gone](/posts/gone/)
MD
cat >>"$work/site/content.zh/docs/_index.md" <<'MD'

[缺少的页面](/zh/docs/missing/)
MD
build after
check after

groups=$(grep -c '^| `#book-brand` |' "$work/after.md" || true)
dups=$(grep -c "\"target\": \"#book-brand\"" "$work/after.json" || true)
echo "layout bug: $dups findings name #book-brand; $groups group in the Markdown report:"
grep '^| `#book-brand` |' "$work/after.md" || true
for l in "${planted[@]}"; do
	if grep -qF -- "$l" "$work/after.md"; then echo "  listed: $l"; else echo "  MISSING: $l"; fi
done

if [ -n "${OLD:-}" ]; then
	echo "== the same site checked by $OLD's sitectl check"
	rm -rf "$work/old" && mkdir -p "$work/old"
	git -C "$repo" archive "$OLD" | tar -x -C "$work/old"
	(cd "$work/old" && go build -o "$work/sitectl-old" ./tools/sitectl)
	"$work/sitectl-old" check -baseurl "$base" -format markdown "$work/after" >"$work/after.old.md" || true
	printf 'after, %s: Markdown report %s lines, %s bytes\n' "$OLD" \
		"$(wc -l <"$work/after.old.md" | tr -d ' ')" "$(wc -c <"$work/after.old.md" | tr -d ' ')"
	for l in "${planted[@]}"; do
		if grep -qF -- "$l" "$work/after.old.md"; then echo "  listed: $l"; else echo "  MISSING: $l"; fi
	done
fi
echo "reports: $work/before.md $work/after.md"
