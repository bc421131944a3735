#!/usr/bin/env bash
# Measures sunset on a generated inventory against the targets for a
# large one, with sqlite3 on the same file in the same run for reference:
#
#   cmd/sunset/bench/million.sh [ROWS]     (default 1000000)
#
# The CSV has 14 columns, a quarter each of active, planned,
# decommissioning and retired assets. In order, on one database:
#   - sqlite3 .import of the CSV into one table (reference), and
#     sunset import of it: time and peak resident memory;
#   - SQLite writing the rows that import wrote, as the sqlite3 program
#     and as the pure-Go build sunset uses (the storage engine's floor),
#     and that build reading the rows findings and due read (theirs);
#   - sunset findings, due --within 30d, report (md, html and json),
#     asset list and export, each written to a file;
#   - sunset asset show of an IP and of a MAC (best of five);
#   - sunset import of a sweep of 65,536 addresses, 65,535 of them the
#     first assets' IPs (scan/bench/sweepgen), then findings and the
#     report again, now with evidence.
# Each line gives wall seconds, CPU seconds and peak MB, and whether the
# target is met. It exits 1 when one is missed.
set -euo pipefail

rows=${1:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)
# SUNSET_BENCH_DIR keeps the files (the database among them) for a look
# afterwards; by default they go when the script ends.
if [ -n "${SUNSET_BENCH_DIR:-}" ]; then
	work=$SUNSET_BENCH_DIR
	mkdir -p "$work"
	rm -f "$work"/sunset.db*
else
	work=$(mktemp -d)
	trap 'rm -rf "$work"' EXIT
fi

command -v sqlite3 >/dev/null || { echo "million.sh: sqlite3 is not installed" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "million.sh: /usr/bin/time is not installed (apt-get install time)" >&2; exit 2; }

cd "$repo"
go build -o "$work/gen" ./importers/bench/gen
go build -o "$work/sweepgen" ./scan/bench/sweepgen
go build -o "$work/sunset" ./cmd/sunset
go build -o "$work/sqlrun" ./cmd/sunset/bench/sqlrun
"$work/gen" "$rows" "$work/assets.csv" active,planned,decommissioning,retired
"$work/sweepgen" "$work/sweep.xml"
export SUNSET_DB="$work/sunset.db" SUNSET_ACTOR=bench

missed=0
printf "%-34s %8s %8s %8s  %s\n" "" "seconds" "cpu s" "peak MB" "target"

# run NAME SECONDS MB CMD...: run CMD once and set line to its figures
# and whether it met the targets (a target of 0 is none), seconds to its
# wall time.
run() {
	local name=$1 max_s=$2 max_mb=$3 m u s
	shift 3
	/usr/bin/time -f "%e %M %U %S" -o "$work/time" "$@" >"$work/out" 2>"$work/err" ||
		{ echo "million.sh: $name failed:" >&2; cat "$work/err" >&2; exit 1; }
	read -r seconds m u s <"$work/time"
	line=$(awk -v n="$name" -v t="$seconds" -v m="$m" -v c="$u $s" -v ms="$max_s" -v mm="$max_mb" 'BEGIN {
		split(c, cpu, " ")
		verdict = "-"
		if (ms > 0 || mm > 0) {
			ok = (ms == 0 || t <= ms) && (mm == 0 || m / 1024 <= mm)
			verdict = sprintf("%s (%s%s)", ok ? "met" : "MISSED", ms > 0 ? "≤ " ms " s, " : "", "≤ " mm " MB")
		}
		printf "%-34s %8.2f %8.2f %8.0f  %s", n, t, cpu[1] + cpu[2], m / 1024, verdict }')
}

# measure NAME SECONDS MB CMD...: run CMD once and print its line.
measure() {
	run "$@"
	echo "$line"
	case $line in *MISSED*) missed=1 ;; esac
}

# best NAME SECONDS MB CMD...: run CMD five times and print the line of
# the fastest run.
best() {
	local fastest="" fastest_line i
	for i in 1 2 3 4 5; do
		run "$@"
		if [ -z "$fastest" ] || awk -v a="$seconds" -v b="$fastest" 'BEGIN { exit !(a < b) }'; then
			fastest=$seconds fastest_line=$line
		fi
	done
	echo "$fastest_line"
	case $fastest_line in *MISSED*) missed=1 ;; esac
}

cat >"$work/sqlite.sql" <<SQL
CREATE TABLE assets (tag TEXT PRIMARY KEY, hostname TEXT, kind TEXT, vendor TEXT, model TEXT, serial TEXT,
  owner TEXT, department TEXT, location TEXT, stage TEXT, deployed_on TEXT, warranty_ends TEXT, ip TEXT, mac TEXT);
.import --csv --skip 1 $work/assets.csv assets
SQL
measure "sqlite3 .import (reference)" 0 0 sh -c "sqlite3 '$work/sqlite.db' < '$work/sqlite.sql'"
reference=$seconds
rm -f "$work/sqlite.db"

measure "sunset import" "$(awk -v r="$reference" 'BEGIN { print 4 * r }')" 300 "$work/sunset" import "$work/assets.csv"

# The storage engine's floor: SQLite writing the rows sunset wrote, every
# asset, address, checklist item and imported column through the same
# indexes, in one transaction, into an empty inventory, with the cache
# sunset gives a connection: once as the sqlite3 program (C), once as the
# pure-Go build sunset uses (bench/sqlrun). The WHERE clauses keep SQLite
# from copying the tables' pages whole.
cat >"$work/floor.sql" <<SQL
PRAGMA cache_size = -8192;
PRAGMA foreign_keys = ON;
ATTACH '$work/sunset.db' AS src;
BEGIN;
INSERT INTO main.assets SELECT * FROM src.assets WHERE id > 0;
INSERT INTO main.addresses SELECT * FROM src.addresses WHERE asset_id > 0;
INSERT INTO main.checklist_items SELECT * FROM src.checklist_items WHERE asset_id > 0;
INSERT INTO main.imported_columns SELECT * FROM src.imported_columns WHERE asset_id > 0;
COMMIT;
SQL
# emptyInventory makes the empty inventory floor.db: sunset creates it
# with an asset, which is then deleted.
emptyInventory() {
	rm -f "$work"/floor.db*
	SUNSET_DB="$work/floor.db" "$work/sunset" asset add --tag FLOOR --kind server >/dev/null 2>"$work/err" ||
		{ echo "million.sh: creating the empty inventory failed:" >&2; cat "$work/err" >&2; exit 1; }
	sqlite3 "$work/floor.db" "DELETE FROM assets"
}
emptyInventory
measure "sqlite3 writing the same rows" 0 0 sh -c "sqlite3 '$work/floor.db' < '$work/floor.sql'"
emptyInventory
measure "sunset's SQLite, the same rows" 0 0 sh -c "'$work/sqlrun' '$work/floor.db' < '$work/floor.sql'"
rm -f "$work"/floor.db*
# A floor of the judgements: the same pure-Go build reading every asset,
# address and checklist row into Go values, on one connection per
# processor for a share of the ids each. Findings and due read these and
# more (mappings, acknowledgements, evidence).
cores=$(nproc)
top=$(sqlite3 "$work/sunset.db" "SELECT max(id) FROM assets")
: >"$work/read.sql"
for ((part = 0; part < cores; part++)); do
	from=$((top * part / cores)) to=$((top * (part + 1) / cores))
	line=""
	for q in "* FROM assets WHERE id" "* FROM addresses WHERE asset_id" "* FROM checklist_items WHERE asset_id"; do
		line="$line${line:+; }SELECT $q > $from AND ${q##* } <= $to"
	done
	echo "$line" >>"$work/read.sql"
done
measure "sunset's SQLite reading those rows" 0 0 sh -c "'$work/sqlrun' -read '$work/sunset.db' < '$work/read.sql'"
measure "sunset findings" 5 300 "$work/sunset" findings
measure "sunset due --within 30d" 5 300 "$work/sunset" due --within 30d
measure "sunset report" 5 300 "$work/sunset" report
measure "sunset report --format html" 5 300 "$work/sunset" report --format html
measure "sunset report --format json" 5 300 "$work/sunset" report --format json
measure "sunset asset list" 0 300 "$work/sunset" asset list
measure "sunset export" 0 300 "$work/sunset" export

# The asset halfway down the file, by the IP and the MAC gen gives it.
i=$((rows / 2))
best "sunset asset show IP" 0.05 300 "$work/sunset" asset show "$(printf '2001:db8::%x:%x' $(((i + 1) >> 16)) $(((i + 1) & 65535)))"
best "sunset asset show MAC" 0.05 300 "$work/sunset" asset show "$(printf '02-00-%02X-%02X-%02X-%02X' $(((i >> 24) & 255)) $(((i >> 16) & 255)) $(((i >> 8) & 255)) $((i & 255)))"

measure "sunset import sweep.xml (/16)" 3 300 "$work/sunset" import "$work/sweep.xml"
measure "sunset findings (after the sweep)" 5 300 "$work/sunset" findings
measure "sunset report (after the sweep)" 5 300 "$work/sunset" report

echo "$rows assets, CSV $(du -h "$work/assets.csv" | cut -f1)B, database $(du -h "$work/sunset.db" | cut -f1)B"
exit $missed
