# Signals (issue 3, point 8): a signal sent to mvx is delivered to every
# variant at the same point, so the program's handler runs as natively;
# signals a program sends itself or gets from its kernel (kill, raise,
# SIGCHLD, SIGALRM) likewise; SIGKILL to mvx leaves no process of the
# program behind, children included; a fault in some variants only is a
# divergence, the same fault in all is the program's own behaviour.
#
# Each run is limited to SIG_TO seconds (at most 20).

SIG_TO=$((TO < 20 ? TO : 20))

# bg_signal DIR SIG READY CMD...: starts CMD in DIR/wd (as `native` does,
# stdout in DIR/out, stderr in DIR/err), waits until it has written the
# line READY, sends SIG to that process itself (mvx, or the native
# program), and waits for it to end, at most SIG_TO seconds.  Status in ST.
bg_signal() {
	local dir=$1 sig=$2 ready=$3 pid state
	shift 3
	_prepare "$dir"
	(cd "$dir/wd" && TMPDIR="$dir/tmp" exec "$@") </dev/null >"$dir/out" 2>"$dir/err" &
	pid=$!
	for _ in $(seq 100); do
		grep -qx -- "$ready" "$dir/out" && break
		sleep 0.1
	done
	if ! grep -qx -- "$ready" "$dir/out"; then
		bad "$*: did not write '$ready' within 10 s: $(head -c 300 "$dir/err")"
		kill -9 "$pid"
		wait "$pid"
		ST=-1
		return
	fi
	# into the pause or sleep that follows the line
	sleep 0.3
	kill "-$sig" "$pid"
	for _ in $(seq $((SIG_TO * 10))); do
		state=$(cut -d' ' -f3 "/proc/$pid/stat" 2>/dev/null) || break
		[ "$state" = Z ] && break
		sleep 0.1
	done
	if [ "$state" != Z ] && [ -e "/proc/$pid" ]; then
		bad "$*: still running ${SIG_TO}s after SIG$sig"
		kill -9 "$pid"
	fi
	wait "$pid"
	ST=$?
}

# check_handler_point TRACE N: in the initial group, every variant made
# exactly one rt_sigreturn (the handler ran once), at the same seq (at the
# same point of its system-call sequence).
check_handler_point() {
	"$PY" - "$@" <<'PYEOF'
import json, sys
path, n = sys.argv[1], int(sys.argv[2])
try:
    recs = [json.loads(l) for l in open(path)]
except (OSError, ValueError) as e:
    print("cannot read the trace: %s" % e)
    sys.exit(1)
execs = [r for r in recs if r.get("syscall") == "execve"]
if not execs:
    print("no execve in the trace")
    sys.exit(1)
g0 = min(execs, key=lambda r: r["seq"])["group"]
seqs = {v: [r["seq"] for r in recs if r["group"] == g0 and r["variant"] == v
            and r["syscall"] == "rt_sigreturn"] for v in range(n)}
ok = True
for v, s in sorted(seqs.items()):
    if len(s) != 1:
        print("variant %d returned from a handler %d times (seq %s), expected once" % (v, len(s), s))
        ok = False
if ok and len({s[0] for s in seqs.values()}) != 1:
    print("the handler ran at different points: %s" % seqs)
    ok = False
sys.exit(0 if ok else 1)
PYEOF
}

# sigterm_mid_run N pause|sleep|spin|semwait|join: SIGTERM to a program
# waiting in pause(), in nanosleep, in a loop without calls that polls the
# handler's flag, in sem_wait (posted by the handler) or in pthread_join
# (of a thread that polls the handler's flag), and to mvx
# running it: the same output and status; under mvx the handler ran once
# in every variant, at the same call.
sigterm_mid_run() {
	local n=$1 mode=$2 m
	m=$(new_marker)
	bg_signal "$T/native" TERM ready "$TEST_BIN/sigwait" "$mode" "$m"
	expect_status "$ST" 0 "native sigwait $mode (test fixture)"
	expect_content "$T/native/out" $'ready\nhandler: SIGTERM\nhandled 1 time(s)\n' \
		"native stdout (test fixture)"
	bg_signal "$T/mvx" TERM ready "$MVX" run -n "$n" --trace "$T/trace.jsonl" -- \
		"$TEST_BIN/sigwait" "$mode" "$m"
	expect_status "$ST" 0 "mvx -n $n sigwait $mode, SIGTERM to mvx"
	expect_same_file "$T/mvx/out" "$T/native/out" "stdout"
	expect_empty "$T/mvx/err" "stderr"
	check_handler_point "$T/trace.jsonl" "$n" || bad "trace: see above"
	expect_empty_dir "$T/mvx/tmp" "TMPDIR"
	expect_no_process "$m" "after the run"
}

# ignored_at_start N: signals ignored when mvx starts (nohup, a background
# job of a script) are ignored in the program, the others at their default
# action, as natively: mvx's own handlers do not reach the program.
PY_DISPOSITIONS='
import signal
for name in ("SIGINT", "SIGQUIT", "SIGTERM", "SIGHUP", "SIGUSR1", "SIGUSR2",
             "SIGALRM", "SIGCHLD", "SIGWINCH"):
    h = signal.getsignal(getattr(signal, name))
    print(name, {signal.SIG_IGN: "ignored", signal.SIG_DFL: "default"}.get(h, "handled"))
'
ignored_at_start() {
	local n=$1 ign=INT,QUIT,HUP,USR2
	native "$T/native" /dev/null env --ignore-signal=$ign "$PY" -I -c "$PY_DISPOSITIONS"
	expect_status "$ST" 0 "native (test fixture)"
	grep -qx "SIGINT ignored" "$T/native/out" ||
		bad "native: SIGINT not ignored (test fixture): $(head -c 200 "$T/native/out")"
	_prepare "$T/mvx"
	(cd "$T/mvx/wd" && TMPDIR="$T/mvx/tmp" exec timeout -k 5 "$TO" \
		env --ignore-signal=$ign "$MVX" run -n "$n" -- \
		"$PY" -I -c "$PY_DISPOSITIONS") </dev/null >"$T/mvx/out" 2>"$T/mvx/err"
	expect_status "$?" 0 "mvx -n $n"
	expect_same_file "$T/mvx/out" "$T/native/out" "stdout"
	expect_empty "$T/mvx/err" "stderr"
}

# sigkill_children N: SIGKILL to mvx while the program's parent and its 3
# children sleep: no process of the program survives.
sigkill_children() {
	local n=$1 m pid count=0 st
	m=$(new_marker)
	mkdir -p "$T/tmp"
	TMPDIR="$T/tmp" "$MVX" run -n "$n" -- "$TEST_BIN/forksleep" 3 "$m" \
		</dev/null >"$T/out" 2>"$T/err" &
	pid=$!
	for _ in $(seq 100); do
		count=$(pgrep -c -f -- "^[^ ]*forksleep 3 $m\$")
		[ "$count" -ge $((4 * n)) ] && grep -q ready "$T/out" && break
		sleep 0.1
	done
	[ "$count" -eq $((4 * n)) ] ||
		bad "expected $((4 * n)) processes (parent and 3 children per variant), found $count: $(head -c 300 "$T/err")"
	expect_content "$T/out" $'ready\n' "stdout"
	kill -KILL "$pid"
	wait "$pid"
	st=$?
	expect_status "$st" 137 "mvx after SIGKILL"
	expect_no_process "$m" "after SIGKILL to mvx"
	expect_empty_dir "$T/tmp" "TMPDIR"
}

# segv_one MODE BUILD...: --variant builds of vsegv.c where some fault:
# a divergence (125); only the common line is written; nothing survives.
segv_one() {
	local mode=$1 m args=()
	shift
	m=$(new_marker)
	variant_args "$@"
	TO=$SIG_TO
	mvx "$T/mvx" /dev/null -n $# "${args[@]}" -- vsegv "$mode" "$m"
	expect_status "$ST" 125 "mvx -n $# ${args[*]} -- vsegv $mode"
	expect_content "$T/mvx/out" $'common\n' "stdout (only the common line)"
	expect_mvx_msg "$T/mvx/err" 'diverg'
	expect_mvx_msg "$T/mvx/err" 'signal 11|SIGSEGV|segmentation'
	expect_no_process "$m" "after the divergence"
}

# segv_all N: a child that faults in every variant: the parent sees it
# killed by SIGSEGV, as natively.
segv_all() {
	TO=$SIG_TO
	compare "$1" "$TEST_BIN/vsegv1" all
	expect_content "$T/native/out" $'common\nchild killed by signal 11\n' "native stdout (test fixture)"
}

# term_sleeper N: a parent ends its child, asleep in a futex (not a point
# where the variants stand together), with a SIGTERM the child neither
# catches nor ignores; the child of every variant ends at once, as natively
# (it used to stay held, and the parent's wait with it).
# Sleeps a handled SIGALRM cuts short (tests/progs/alarmsleep.c): the
# leader's kernel writes the time left, often into the sleep's own request,
# before the held signal is delivered at the call made again; the followers
# get that time too, so the call compares equal.  (A sleep cut short used to
# be reported as a divergence.)
alarm_sleep() {
	compare "$1" "$TEST_BIN/alarmsleep"
	expect_content "$T/native/out" $'sleep cut short by the alarm\nnanosleep went on after alarms\nselect went on after alarms\n' "native stdout (test fixture)"
}

term_sleeper() {
	TO=$SIG_TO
	compare "$1" "$TEST_BIN/termsleep"
	expect_content "$T/native/out" $'child ended by signal 15\n' "native stdout (test fixture)"
}

# self_signal N MODE: sigself MODE as natively (the handler's line where
# the native run writes it).
self_signal() {
	TO=$SIG_TO
	compare "$1" "$TEST_BIN/sigself" "$2"
	grep -q '^handler: signal ' "$T/native/out" || bad "native run: no handler line (test fixture)"
}

# timer_value N MODE: a POSIX timer whose value is a pointer into the
# program (timersig thread, signal, wait): only the leader has the timer;
# each follower gets its signals with its own pointer, as natively.
timer_value() {
	TO=$SIG_TO
	compare "$1" "$TEST_BIN/timersig" "$2"
	grep -q "own pointer" "$T/native/out" || bad "native run: $(head -c 200 "$T/native/out") (test fixture)"
}

# call_signal N WANT ARGS...: callsig ARGS as natively, whose native stdout
# is WANT: a signal the kernel raises in the leader's own write (SIGPIPE
# after part of the data went or with EPIPE, SIGXFSZ with EFBIG) reaches
# every variant at that write, handled or ending the program.
call_signal() {
	local n=$1 want=$2
	shift 2
	TO=$SIG_TO
	compare "$n" "$TEST_BIN/callsig" "$@"
	expect_content "$T/native/out" "$want" "native stdout (test fixture)"
}

CALLSIG_PIPE=$'before\nhandler: signal 13\nfirst write wrote the pipe\'s size\nhandler: signal 13\nsecond write failed: Broken pipe\nreader\'s status returned 0\n'
CALLSIG_FSIZE=$'before\nfirst write returned 1000\nhandler: signal 25\nsecond write failed: File too large\n'

for n in 2 3; do
	t "signals: SIGPIPE of a write cut short by the reader's end, handled n=$n" call_signal $n "$CALLSIG_PIPE" pipe
	t "signals: SIGPIPE of a write cut short by the reader's end ends the program n=$n" call_signal $n $'before\n' pipe default
	t "signals: SIGXFSZ of a write at the file-size limit, handled n=$n" call_signal $n "$CALLSIG_FSIZE" fsize
	t "signals: SIGXFSZ of a write at the file-size limit ends the program n=$n" call_signal $n $'before\nfirst write returned 1000\n' fsize default
	t "signals: SIGTERM to mvx in pause(): handler once, same point n=$n" sigterm_mid_run $n pause
	t "signals: SIGTERM to mvx in nanosleep: handler once, same point n=$n" sigterm_mid_run $n sleep
	t "signals: ignored when mvx starts, ignored in the program n=$n" ignored_at_start $n
	t "signals: SIGTERM to mvx in sem_wait, posted by the handler (threaded): handler once, same point n=$n" sigterm_mid_run $n semwait
	t "signals: SIGTERM to mvx in pthread_join of a thread polling the handler's flag: handler once, same point n=$n" sigterm_mid_run $n join
	t "signals: SIGKILL to mvx, parent and 3 children: none left n=$n" sigkill_children $n
	t "signals: kill(getpid(), SIGUSR1) handled before kill returns n=$n" self_signal $n kill
	t "signals: raise(SIGUSR1) n=$n" self_signal $n raise
	t "signals: SIGCHLD handler in sigsuspend n=$n" self_signal $n chld
	t "signals: alarm(1) and pause() n=$n" self_signal $n alarm
	t "signals: kill(0, SIGUSR1) in its own process group, handled before kill returns n=$n" self_signal $n group
	t "signals: kill(-getpgrp(), SIGUSR1), handled before kill returns n=$n" self_signal $n pgrp
	t "signals: kill(getpid(), SIGUSR1) from a second thread while the first sleeps n=$n" self_signal $n threadkill
	t "signals: SIGEV_THREAD timer (glibc's helper thread finds it by its value) n=$n" timer_value $n thread
	t "signals: timer signal to an SA_SIGINFO handler, the variant's own value n=$n" timer_value $n signal
	t "signals: timer signal taken by sigwaitinfo, the variant's own value n=$n" timer_value $n wait
	t "signals: alarm(1) and a loop polling the handler's flag, no call in it n=$n" self_signal $n alarmspin
	t "signals: alarm(1) and a busy loop without calls, each variant interrupted at another turn n=$n" self_signal $n alarmbusy
	t "signals: SIGTERM to mvx in a loop polling the handler's flag, no call in it: handler once, same point n=$n" sigterm_mid_run $n spin
	t "signals: sleep, nanosleep and select cut short by alarm handlers, made again with the time left n=$n" alarm_sleep $n
	t "signals: SIGSEGV in a child of every variant: program's own n=$n" segv_all $n
	t "signals: SIGTERM (default action) to a child asleep in a futex ends it everywhere n=$n" term_sleeper $n
done
t "signals: SIGSEGV in the follower only: divergence n=2" segv_one main vsegv1 vsegv2
t "signals: SIGSEGV in the leader only: divergence n=3" segv_one main vsegv2 vsegv1 vsegv1
t "signals: SIGSEGV in one follower's child: divergence n=2" segv_one child vsegv1 vsegv2
t "signals: SIGSEGV in the leader's child only: divergence n=3" segv_one child vsegv2 vsegv1 vsegv1
