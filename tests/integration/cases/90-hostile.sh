# Hostile variants and faults (issue 5, items 3 and 4): lengths, pointers,
# paths, system-call numbers and iovec counts a monitor must not trust, a
# fork bomb (--max-processes), a flood of signals, a variant that ends
# while the others stand at a call, a variant killed from outside, a full
# disk, a read interrupted by a signal.  In each, mvx neither crashes nor
# hangs (every run has a timeout) nor grows without bound: the peak
# resident size GNU time reports for the mvx process (the largest of mvx
# and the variants it reaped, so a bound on mvx) stays under 256 MiB; and
# every variant gets the kernel's own answer (output identical to a native
# run) or mvx reports a divergence (status 125, a "mvx: " message).
# (SIGKILL to mvx itself: 60-teardown.sh and 85-signals.sh.)

# make test-valgrind and test-asan set MVX_RSS_LIMIT_KIB=none: GNU time
# would measure valgrind, or ASan's shadow memory (the plain run asserts the
# bound)
RSS_LIMIT_KIB=${MVX_RSS_LIMIT_KIB:-262144}

# with_rss: from here on in this test, mvx runs under /usr/bin/time, which
# writes mvx's peak resident size (KiB) to $T/rss.
with_rss() {
	local real=$MVX
	MVX=$T/mvx-rss
	printf '#!/bin/sh\nexec /usr/bin/time -f %%M -o %q %q "$@"\n' \
		"$T/rss" "$real" >"$MVX"
	chmod 755 "$MVX"
}

# expect_rss_bounded WHAT: the last mvx run peaked under RSS_LIMIT_KIB.
expect_rss_bounded() {
	local kib
	kib=$(tail -n 1 "$T/rss" 2>/dev/null)
	if [ "$RSS_LIMIT_KIB" = none ]; then
		echo "$1: peak resident size not checked (monitor under valgrind or ASan)"
	elif ! [[ $kib =~ ^[0-9]+$ ]]; then
		bad "$1: no peak resident size measured: $(head -c 200 "$T/rss" 2>&1)"
	elif [ "$kib" -ge "$RSS_LIMIT_KIB" ]; then
		bad "$1: mvx peaked at $kib KiB resident, limit $RSS_LIMIT_KIB KiB"
	else
		echo "$1: peak resident $kib KiB"
	fi
}

# hostile_compare N MODE: hostile MODE as natively, mvx bounded.
hostile_compare() {
	with_rss
	compare "$1" "$TEST_BIN/hostile" "$2"
	expect_status "$ST" 0 "mvx -n $1 hostile $2"
	[ -s "$T/native/err" ] || bad "native hostile $2 reported nothing (test fixture)"
	expect_rss_bounded "hostile $2"
}

# bomb N LIMIT ARGS EXPECTED: forkbomb ARGS under --max-processes LIMIT
# writes EXPECTED; mvx said once why forks failed; nothing survives.
bomb() {
	local n=$1 limit=$2 args=$3 want=$4 m lim=() TO=$TO
	m=$(new_marker)
	[ "$limit" = default ] || lim=(--max-processes "$limit")
	# 8192 processes at the default limit: 66 to 73 s alone on the
	# slower machine of 2026-11-27, once past 120 s in a CI run there
	[ "$limit" = default ] && TO=$((TO * 3))
	with_rss
	# shellcheck disable=SC2086
	mvx "$T/mvx" /dev/null -n "$n" "${lim[@]}" -- "$TEST_BIN/forkbomb" $args "$m"
	expect_status "$ST" 0 "mvx -n $n ${lim[*]} forkbomb $args"
	expect_content "$T/mvx/out" "$want" "stdout"
	expect_mvx_msg "$T/mvx/err" 'max-processes'
	[ "$(grep -c . "$T/mvx/err")" -eq 1 ] ||
		bad "expected one line on stderr: $(head -c 500 "$T/mvx/err")"
	expect_rss_bounded "forkbomb $args"
	expect_no_process "$m" "after the run"
}

# start_bg DIR CMD...: starts CMD in DIR/wd in the background (PID), and
# waits up to 10 s for "ready" on its stdout.
start_bg() {
	local dir=$1
	shift
	_prepare "$dir"
	(cd "$dir/wd" && TMPDIR="$dir/tmp" exec timeout -k 5 "$TO" "$@") \
		</dev/null >"$dir/out" 2>"$dir/err" &
	PID=$!
	for _ in $(seq 100); do
		grep -qx ready "$dir/out" && [ -s "$dir/wd/pid" ] && return 0
		sleep 0.1
	done
	bad "$*: not ready within 10 s: $(head -c 300 "$dir/err")"
	return 1
}

# flood PID: 10000 SIGUSR1, then one SIGUSR2, to PID.
flood() {
	"$PY" -c '
import os, signal, sys
p = int(sys.argv[1])
for _ in range(10000):
    os.kill(p, signal.SIGUSR1)
os.kill(p, signal.SIGUSR2)
' "$1" || bad "could not send the signals to $1"
}

# sigflood N: 10000 SIGUSR1 to the leader variant while its handler
# counts: the run ends, the variants counted alike (their writes of the
# count are compared), the output has the native shape, mvx is bounded.
sigflood() {
	local n=$1 m
	m=$(new_marker)
	start_bg "$T/native" "$TEST_BIN/sigflood" pid "$m" || return
	flood "$(cat "$T/native/wd/pid")"
	wait "$PID"
	expect_status $? 0 "native sigflood (test fixture)"
	grep -Eqx 'SIGUSR1 handled [1-9][0-9]* times' "$T/native/out" ||
		bad "native sigflood: $(cat "$T/native/out") (test fixture)"
	with_rss
	start_bg "$T/mvx" "$MVX" run -n "$n" -- "$TEST_BIN/sigflood" pid "$m" || return
	# getpid() is the leader's in every variant: the file names the leader
	flood "$(cat "$T/mvx/wd/pid")"
	wait "$PID"
	expect_status $? 0 "mvx -n $n sigflood"
	if ! "$PY" -c '
import re, sys
sys.exit(0 if re.fullmatch(r"ready\nSIGUSR1 handled [1-9][0-9]* times\n",
                          open(sys.argv[1]).read()) else 1)' "$T/mvx/out"; then
		bad "stdout: $(head -c 300 "$T/mvx/out")"
	fi
	expect_empty "$T/mvx/err" "stderr"
	expect_rss_bounded "sigflood"
	expect_no_process "$m" "after the run"
}

# vexit MODE BUILD...: --variant builds of vexit.c, one of which ends (or
# ends differently) while the others stand at a call: a divergence.
vexit() {
	local mode=$1 m args=()
	shift
	m=$(new_marker)
	variant_args "$@"
	with_rss
	mvx "$T/mvx" /dev/null -n $# "${args[@]}" -- vexit "$mode" "$m"
	expect_status "$ST" 125 "mvx -n $# ${args[*]} -- vexit $mode"
	expect_content "$T/mvx/out" $'common\n' "stdout (only the common line)"
	expect_mvx_msg "$T/mvx/err" 'diverg'
	expect_rss_bounded "vexit $mode"
	expect_no_process "$m" "after the divergence"
}

# vcrash BUILD...: the leader faults while its followers sleep in a futex
# wait that nothing ends (tests/progs/vcrash.c; a follower waiting in the
# lock-order agent for the entries of a leader that crashed): a divergence
# at once, not a wait for the sleepers that would last for ever.
vcrash() {
	local m args=()
	m=$(new_marker)
	variant_args "$@"
	mvx "$T/mvx" /dev/null -n $# "${args[@]}" -- vcrash "$m"
	expect_status "$ST" 125 "mvx -n $# ${args[*]} -- vcrash"
	expect_content "$T/mvx/out" $'start\n' "stdout"
	grep -q '^mvx: divergence at call [0-9]* (write) in group 0: variant 0 was killed by signal 11, variant 1 is at futex$' "$T/mvx/err" ||
		bad "no divergence naming the fault: $(head -c 300 "$T/mvx/err")"
	expect_no_process "$m" "after the divergence"
}

# unfit CALL: a follower's output buffer runs into an unmapped page where
# the leader's does not (tests/progs/unfit.c); the leader's read, pread or
# stat, made by the monitor for it, succeeds, and the follower's memory
# does not take its results: a divergence, and the follower goes no further.
unfit() {
	local m
	m=$(new_marker)
	mvx "$T/mvx" /dev/null -n 2 --variant "$TEST_BIN/unfit1" \
		--variant "$TEST_BIN/unfit2" -- unfit /etc/passwd "$1" "$m"
	expect_status "$ST" 125 "mvx unfit $1"
	expect_content "$T/mvx/out" $'start\n' "stdout"
	grep -q "^mvx: divergence at call [0-9]* ($2) in group 0: the leader's results do not fit a follower\$" "$T/mvx/err" ||
		bad "no divergence naming the results that do not fit: $(head -c 300 "$T/mvx/err")"
	expect_no_process "$m" "after the divergence"
}

# kill_variant N WHO: SIGKILL from outside to the leader variant (WHO=0)
# or to a follower (WHO=1): mvx ends with status 125 and says which
# variant was killed by signal 9; no process of the program survives.
kill_variant() {
	local n=$1 who=$2 m leader victim
	m=$(new_marker)
	start_bg "$T/mvx" "$MVX" run -n "$n" -- "$TEST_BIN/sigflood" pid "$m" || return
	leader=$(cat "$T/mvx/wd/pid")
	if [ "$who" = 0 ]; then
		victim=$leader
	else
		victim=$(pgrep -f -- "^[^ ]*sigflood pid $m\$" | grep -vx "$leader" | head -n 1)
	fi
	[ "$(pgrep -c -f -- "^[^ ]*sigflood pid $m\$")" -eq "$n" ] ||
		bad "expected $n variants: $(pgrep -a -f -- "$m")"
	if [ -z "$victim" ]; then
		bad "no variant to kill"
		kill -9 "$PID"
	else
		kill -9 "$victim"
	fi
	wait "$PID"
	expect_status $? 125 "mvx -n $n after SIGKILL to variant $who"
	expect_content "$T/mvx/out" $'ready\n' "stdout"
	[ "$who" = 0 ] || who="[1-9]"
	expect_mvx_msg "$T/mvx/err" "variant $who.*killed by signal 9"
	expect_no_process "$m" "after SIGKILL to a variant"
}

# full_tmpfs N: writes into a 64 KiB tmpfs until ENOSPC, natively and
# under mvx, each on a fresh mount: the same output.
full_tmpfs() {
	local n=$1 d=$T/disk
	mkdir -p "$d"
	if ! mount -t tmpfs -o size=64k tmpfs "$d"; then
		bad "cannot mount a tmpfs on $d"
		return
	fi
	native "$T/native" /dev/null "$TEST_BIN/diskfull" "$d/f"
	rm -f "$d/f"
	with_rss
	mvx "$T/mvx" /dev/null -n "$n" -- "$TEST_BIN/diskfull" "$d/f"
	umount "$d" || bad "cannot unmount $d"
	expect_status "$ST" 0 "mvx -n $n diskfull"
	expect_same_file "$T/mvx/out" "$T/native/out" "stdout"
	expect_same_file "$T/mvx/err" "$T/native/err" "stderr"
	grep -qx 'last write: -1 ENOSPC' "$T/native/out" ||
		grep -qx 'next write: -1 ENOSPC' "$T/native/out" ||
		bad "native diskfull did not reach ENOSPC (test fixture): $(cat "$T/native/out")"
	expect_rss_bounded "diskfull"
}

# dev_full N: the same on /dev/full, which needs no mount.
dev_full() {
	compare "$1" "$TEST_BIN/diskfull" /dev/full
	expect_content "$T/native/out" $'full blocks: 0\nlast write: -1 ENOSPC\nfsync: -1 ENOSPC\nclose: 0\n' \
		"native stdout (test fixture)"
}

# eintr N MODE WANT: a read interrupted by SIGALRM, as natively.
eintr() {
	TO=$((TO < 20 ? TO : 20))
	compare "$1" "$TEST_BIN/eintr" "$2"
	expect_content "$T/native/out" "$3" "native stdout (test fixture)"
}

for n in 2 3; do
	for mode in lengths paths nosys iov; do
		t "hostile: $mode, mvx bounded n=$n" hostile_compare $n $mode
	done
	t "hostile: fork bomb, --max-processes 40: EAGAIN n=$n" bomb $n 40 "tree 8" \
		$'created 39 processes, then EAGAIN\n'
	t "hostile: threads, --max-processes 10: EAGAIN n=$n" bomb $n 10 threads \
		$'threads: 9, then EAGAIN\n'
	t "hostile: 10000 SIGUSR1 to the leader n=$n" sigflood $n
	t "faults: SIGKILL to the leader variant n=$n" kill_variant $n 0
	t "faults: SIGKILL to a follower variant n=$n" kill_variant $n 1
	t "faults: ENOSPC on /dev/full n=$n" dev_full $n
	t "faults: read interrupted, no SA_RESTART: EINTR n=$n" eintr $n norestart \
		$'no SA_RESTART\nfirst read: -1 EINTR, handler ran 1\nsecond read: 1 \'x\', handler ran 1\n'
	t "faults: read interrupted, SA_RESTART: restarted n=$n" eintr $n restart \
		$'SA_RESTART\nfirst read: 1 \'x\', handler ran 1\n'
done
# the default limit, 4096: 4095 processes besides the first, 8190 in all
# with two variants (about 25 s); mvx's peak stays under the bound
t "hostile: fork bomb at the default --max-processes n=2" bomb 2 default "tree 12" \
	$'created 4095 processes, then EAGAIN\n'
t "hostile: the leader faults while its follower sleeps in a futex (--variant builds) n=2" vcrash vcrash1 vcrash2
t "hostile: the leader faults while its followers sleep in a futex (--variant builds) n=3" vcrash vcrash1 vcrash2 vcrash2
t "hostile: a follower's read buffer does not take the leader's data (--variant builds)" unfit read read
t "hostile: a follower's pread buffer does not take the leader's data (--variant builds)" unfit pread pread64
t "hostile: a follower's stat buffer does not take the leader's data (--variant builds)" unfit stat newfstatat
for mode in main status child thread; do
	t "hostile: one variant exits early ($mode) n=2" vexit $mode vexit1 vexit2
	t "hostile: one variant exits early ($mode) n=3" vexit $mode vexit1 vexit2 vexit1
done
t "bad input: --max-processes 0 -> 2" refuse 2 'max-processes' run --max-processes 0 -- echo @MARK@
t "bad input: --max-processes 65537 -> 2" refuse 2 'max-processes' run --max-processes 65537 -- echo @MARK@
t "bad input: --max-processes abc -> 2" refuse 2 'max-processes' run --max-processes abc -- echo @MARK@
if [ "$(id -u)" = 0 ]; then
	for n in 2 3; do
		t "faults: ENOSPC on a full 64 KiB tmpfs n=$n" full_tmpfs $n
	done
else
	note "not root: the tmpfs ENOSPC tests need mount; /dev/full is tested instead"
fi
