#!/bin/sh
# A stand-in for nmap in sunset's tests. It records how it was called and
# prints canned XML. Settings come from the environment:
#   FAKE_NMAP_DIR   where to write argv, pid, stdin (what it read on its
#                   standard input with -iL -) and tmpdir (what $TMPDIR held
#                   while it ran); argv.all and stdin.all gather every run's
#                   argv and stdin, each followed by a line "---"
#   FAKE_NMAP_XML   the XML to print
#   FAKE_NMAP_MODE  "" print it all and exit 0
#                   cut    print FAKE_NMAP_CUT bytes and exit 0
#                   hang   print FAKE_NMAP_CUT bytes, then sleep
#                   stubborn  like hang, ignoring SIGINT and SIGTERM
#                   fail   print FAKE_NMAP_CUT bytes, an error on stderr, exit 3
#                   die    print FAKE_NMAP_CUT bytes, then crash (SIGSEGV)
#                   error  print it all with runstats saying exit="error"
#                          and an errormsg, and exit 0
dir=${FAKE_NMAP_DIR:?FAKE_NMAP_DIR is not set}
printf '%s\n' "$@" > "$dir/argv"
printf '%s\n' "$@" --- >> "$dir/argv.all"
echo $$ > "$dir/pid"
prev=
for a in "$@"; do
	if [ "$prev" = "-iL" ] && [ "$a" = "-" ]; then
		cat > "$dir/stdin"
		{ cat "$dir/stdin"; echo ---; } >> "$dir/stdin.all"
	fi
	prev=$a
done
ls -A "${TMPDIR:-/tmp}" > "$dir/tmpdir"
case "${FAKE_NMAP_MODE:-}" in
"")
	cat "$FAKE_NMAP_XML"
	;;
cut)
	head -c "$FAKE_NMAP_CUT" "$FAKE_NMAP_XML"
	;;
hang)
	head -c "$FAKE_NMAP_CUT" "$FAKE_NMAP_XML"
	sleep 60
	;;
stubborn)
	trap '' INT TERM
	head -c "$FAKE_NMAP_CUT" "$FAKE_NMAP_XML"
	sleep 60
	;;
fail)
	head -c "$FAKE_NMAP_CUT" "$FAKE_NMAP_XML"
	echo "Failed to open device lo0" >&2
	echo "QUITTING!" >&2
	exit 3
	;;
die)
	head -c "$FAKE_NMAP_CUT" "$FAKE_NMAP_XML"
	ulimit -c 0 # a crash, but no core file in the test's directory
	kill -SEGV $$
	;;
error)
	sed 's/exit="success"/exit="error" errormsg="sendto in send_ip_packet_sd: Operation not permitted"/' "$FAKE_NMAP_XML"
	;;
esac
