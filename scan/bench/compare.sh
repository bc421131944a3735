#!/bin/sh
# Compares a live check of the 4,096 addresses of 127.0.0.0/20 run by sunset
# with the same nmap command run directly (XML discarded), for the connect
# scan and, as root, the SYN scan. The three contenders run one after the
# other in each round, so that load on the machine hits them alike; the
# table shows medians over the rounds.
#
#   scan/bench/compare.sh            9 rounds
#   ROUNDS=15 scan/bench/compare.sh
#
# Exits 1 when sunset's runner is more than 10% slower than nmap alone.
set -eu
cd "$(dirname "$0")/../.."
rounds=${ROUNDS:-9}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
go test -c -o "$work/scan.test" ./scan/
i=1
while [ "$i" -le "$rounds" ]; do
	(cd scan && "$work/scan.test" -test.run '^$' -test.bench '^BenchmarkLiveSweep$' -test.benchtime 1x) |
		grep '^BenchmarkLiveSweep/' | tee -a "$work/out" >&2
	i=$((i + 1))
done
awk '
{
	name = $1; sub(/^BenchmarkLiveSweep\//, "", name); sub(/-[0-9]+$/, "", name)
	v[name] = v[name] " " $3
}
function median(list,    a, n, i, j, t) {
	n = split(list, a, " ")
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	return (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
}
END {
	fail = 0
	printf "\n%-8s %12s %12s %13s %9s %11s\n", "mode", "nmap direct", "sunset run", "sunset check", "run/nmap", "check/nmap"
	split("connect syn", modes, " ")
	for (m = 1; m <= 2; m++) {
		mode = modes[m]
		if (!((mode "/nmap-direct") in v)) continue
		d = median(v[mode "/nmap-direct"]); r = median(v[mode "/sunset-run"]); c = median(v[mode "/sunset-check"])
		printf "%-8s %10.0fms %10.0fms %11.0fms %8.2fx %10.2fx\n", mode, d / 1e6, r / 1e6, c / 1e6, r / d, c / d
		if (r > 1.10 * d) fail = 1
	}
	exit fail
}' "$work/out"
