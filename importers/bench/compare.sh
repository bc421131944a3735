#!/usr/bin/env bash
# Times sunset's CSV import against sqlite3's .import of the same file.
#
#   importers/bench/compare.sh [ROWS]     (default 100000)
#
# Both start from an empty database. sqlite3 loads the 14 columns into a
# table with the same columns and the tag as primary key, in one
# transaction. sunset is the real command, `sunset import FILE`, doing its
# whole import in one transaction: reading, validation, matching, the asset
# rows with their history, the checklists of those being decommissioned,
# and the report of every row (to a file). Each tool runs
# five times, taking turns; the best time and the peak resident memory of
# that run are shown, with its CPU time (user and system). The targets: sunset within
# 3x of sqlite3's time, under 200 MB.
set -euo pipefail

rows=${1:-100000}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v sqlite3 >/dev/null || { echo "compare.sh: sqlite3 is not installed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "compare.sh: /usr/bin/time is not installed (apt-get install time)" >&2; exit 2; }

cd "$repo"
go build -o "$work/gen" ./importers/bench/gen
go build -o "$work/sunset" ./cmd/sunset
"$work/gen" "$rows" "$work/assets.csv"

cat >"$work/sqlite.sql" <<SQL
CREATE TABLE assets (tag TEXT PRIMARY KEY, hostname TEXT, kind TEXT, vendor TEXT, model TEXT, serial TEXT,
  owner TEXT, department TEXT, location TEXT, stage TEXT, deployed_on TEXT, warranty_ends TEXT, ip TEXT, mac TEXT);
.import --csv --skip 1 $work/assets.csv assets
SQL

# run NAME CMD...: run CMD once on a fresh database and keep the fastest
# run of NAME so far, as "seconds peak-KB cpu-seconds" in $work/NAME.best.
run() {
	local name=$1 t m u s
	shift
	rm -f "$work"/*.db "$work"/*.db-wal "$work"/*.db-shm
	/usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/$name.out"
	read -r t m u s <"$work/time"
	if [ ! -s "$work/$name.best" ] || awk -v a="$t" -v b="$(cut -d' ' -f1 "$work/$name.best")" 'BEGIN { exit !(a < b) }'; then
		echo "$t $m $(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')" >"$work/$name.best"
	fi
}

# The tools take turns, round after round, so that a machine busy with
# something else for a while slows all of them alike.
for _ in 1 2 3 4 5; do
	run sqlite3 sh -c "sqlite3 '$work/sqlite.db' < '$work/sqlite.sql'"
	run dry "$work/sunset" --db "$work/sunset.db" import --dry-run "$work/assets.csv"
	run sunset "$work/sunset" --db "$work/sunset.db" import "$work/assets.csv"
done
read -r s_time s_kb s_cpu <"$work/sqlite3.best"
read -r d_time d_kb d_cpu <"$work/dry.best"
read -r u_time u_kb u_cpu <"$work/sunset.best"

echo "$(wc -l <"$work/assets.csv") lines, $(du -h "$work/assets.csv" | cut -f1)B: $(tail -n 1 "$work/sunset.out")"
awk -v rows="$rows" -v st="$s_time" -v sk="$s_kb" -v sc="$s_cpu" -v dt="$d_time" -v dk="$d_kb" -v dc="$d_cpu" \
	-v ut="$u_time" -v uk="$u_kb" -v uc="$u_cpu" 'BEGIN {
	printf "%-34s %8s %8s %8s %10s\n", "", "seconds", "x sqlite", "cpu s", "peak MB"
	printf "%-34s %8.2f %8s %8.2f %10.0f\n", "sqlite3 .import", st, "1.0", sc, sk / 1024
	printf "%-34s %8.2f %8.1f %8.2f %10.0f\n", "sunset import --dry-run", dt, dt / st, dc, dk / 1024
	printf "%-34s %8.2f %8.1f %8.2f %10.0f\n", "sunset import", ut, ut / st, uc, uk / 1024
	printf "target: within 3x of sqlite3 (%.2f s): %s; under 200 MB: %s\n", 3 * st,
		(ut <= 3 * st ? "met" : "missed"), (uk / 1024 < 200 ? "met" : "missed")
}'
