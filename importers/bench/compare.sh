#!/usr/bin/env bash
# Times sunset's CSV import against sqlite3's .import of the same file.
#
#   importers/bench/compare.sh [ROWS [ROUNDS]]     (default 100000 rows, 5 rounds)
#
# sqlite3 loads the 14 columns of the generated file into a table with the
# same columns and the tag as primary key, in one transaction, into a new
# database. sunset is the real command: `sunset import FILE` into a new
# database, doing its whole import in one transaction (reading, validation,
# matching, the asset rows with their history, the checklists of those
# being decommissioned, and the report of every row, to a file), and
# `sunset import --dry-run FILE` against an empty inventory. The tools
# take turns, round after round; for each, the best time is shown with
# that run's CPU time (user and system) and peak resident memory. The
# targets: sunset import within 4x of sqlite3's time, under 300 MB.
set -euo pipefail

rows=${1:-100000}
rounds=${2:-5}
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
# An empty inventory for the dry run, which creates none.
"$work/sunset" --db "$work/empty.db" policy set check.fresh 24h >/dev/null 2>&1

cat >"$work/sqlite.sql" <<SQL
CREATE TABLE assets (tag TEXT PRIMARY KEY, hostname TEXT, kind TEXT, vendor TEXT, model TEXT, serial TEXT,
  owner TEXT, department TEXT, location TEXT, stage TEXT, deployed_on TEXT, warranty_ends TEXT, ip TEXT, mac TEXT);
.import --csv --skip 1 $work/assets.csv assets
SQL

# fresh: remove the databases of the run before.
fresh() {
	rm -f "$work"/run.db "$work"/run.db-wal "$work"/run.db-shm
}

# run NAME CMD...: run CMD once and keep the fastest run of NAME so far,
# as "seconds peak-KB cpu-seconds" in $work/NAME.best.
run() {
	local name=$1 t m u s
	shift
	/usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/$name.out" 2>"$work/$name.err" ||
		{ cat "$work/$name.err" >&2; exit 2; }
	read -r t m u s <"$work/time"
	if [ ! -s "$work/$name.best" ] || awk -v a="$t" -v b="$(cut -d' ' -f1 "$work/$name.best")" 'BEGIN { exit !(a < b) }'; then
		echo "$t $m $(awk -v u="$u" -v s="$s" 'BEGIN { print u + s }')" >"$work/$name.best"
	fi
}

for _ in $(seq "$rounds"); do
	fresh
	run sqlite3 sh -c "sqlite3 '$work/run.db' < '$work/sqlite.sql'"
	fresh
	cp "$work/empty.db" "$work/run.db"
	run dry "$work/sunset" --db "$work/run.db" import --dry-run "$work/assets.csv"
	fresh
	run sunset "$work/sunset" --db "$work/run.db" import "$work/assets.csv"
done
read -r s_time s_kb s_cpu <"$work/sqlite3.best"
read -r d_time d_kb d_cpu <"$work/dry.best"
read -r u_time u_kb u_cpu <"$work/sunset.best"

echo "$(wc -l <"$work/assets.csv") lines, $(du -h "$work/assets.csv" | cut -f1)B: $(tail -n 1 "$work/sunset.out")"
awk -v st="$s_time" -v sk="$s_kb" -v sc="$s_cpu" -v dt="$d_time" -v dk="$d_kb" -v dc="$d_cpu" \
	-v ut="$u_time" -v uk="$u_kb" -v uc="$u_cpu" 'BEGIN {
	printf "%-34s %8s %8s %8s %10s\n", "", "seconds", "x sqlite", "cpu s", "peak MB"
	printf "%-34s %8.2f %8s %8.2f %10.0f\n", "sqlite3 .import", st, "1.0", sc, sk / 1024
	printf "%-34s %8.2f %8.1f %8.2f %10.0f\n", "sunset import --dry-run", dt, dt / st, dc, dk / 1024
	printf "%-34s %8.2f %8.1f %8.2f %10.0f\n", "sunset import", ut, ut / st, uc, uk / 1024
	printf "target: within 4x of sqlite3 (%.2f s): %s; under 300 MB: %s\n", 4 * st,
		(ut <= 4 * st ? "met" : "missed"), (uk / 1024 < 300 ? "met" : "missed")
}'
