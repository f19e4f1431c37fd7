# Shared by the benchmark scripts that time whole commands (sourced, not
# run): they set $work, the folder that takes the runs' records.

# copy_site SITE DEST: copies the site's sources (hugo.toml and the folders
# Hugo reads) from SITE into DEST, so that no command timed writes into
# the repository (Hugo's resources/ cache, sitectl's public/).
copy_site() {
	mkdir -p "$2"
	for d in hugo.toml content layouts i18n data assets static archetypes; do
		if [ -e "$1/$d" ]; then cp -R "$1/$d" "$2/"; fi
	done
}

# measure NAME CMD...: runs CMD once under /usr/bin/time, its output to
# $work/NAME.out, and appends "wall cpu maxrss_kb" to $work/NAME.runs.
measure() {
	local name=$1
	shift
	if ! /usr/bin/time -f '%e %U %S %M' -o "$work/$name.time" "$@" >"$work/$name.out" 2>&1; then
		echo "$name failed:" >&2
		tail -20 "$work/$name.out" >&2
		exit 1
	fi
	tail -1 "$work/$name.time" | awk '{ printf "%.3f %.3f %d\n", $1, $2 + $3, $4 }' >>"$work/$name.runs"
	awk -v n="$name" '{ printf "  %-8s wall %6.3fs  cpu %6.3fs  max RSS %6.1f MB\n", n, $1, $2, $3 / 1024 }' <(tail -1 "$work/$name.runs")
}

# median FILE COLUMN: the median of a column of FILE.
median() {
	sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'
}

# quartiles FILE COLUMN: the first and third quartiles of a column of FILE
# (nearest rank), "q1-q3".
quartiles() {
	sort -g -k"$2","$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { printf "%.2f-%.2f", v[int((NR + 3) / 4)], v[int((3 * NR + 3) / 4)] }'
}
