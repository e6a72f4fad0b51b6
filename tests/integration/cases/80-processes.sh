# Processes and threads (issue 3): programs that fork, exec, start threads
# and wait for their children, under mvx -n 2 and -n 3: stdout, stderr, exit
# status and the files written must be those of a native run.  Then the
# no-escape test: a child's first calls are seen and compared by the
# child's own monitor thread (read from --trace).
#
# Each mvx run here is limited to PROC_TO seconds (at most 20; natively each
# takes well under 2 s), so that a hung monitor costs little time.

PROC_TO=$((TO < 20 ? TO : 20))
PROJECT=$root/tests/projects/hello
CHECK_CHILDREN=$here/check_children.py

# A bash script with subshells, command substitution, a background job
# and wait; one with a trap on SIGTERM that it sends itself.  Both write
# files in the working directory, which are compared too.
BASH_JOBS=$WORK/bash-jobs.sh
cat >"$BASH_JOBS" <<'EOF'
set -u
x=$(echo sub; (echo nested))
echo "command substitution: $x"
( cd / && echo "subshell in $(pwd)" )
echo "still in $(basename "$(pwd)")"
( exit 7 ); echo "subshell status $?"
{ for i in 1 2 3; do echo "background $i"; done >bg.txt; exit 4; } &
bg=$!
wait "$bg"; echo "background job status $?"
sleep 0.2 & sleep 0.1 &
wait; echo "wait for all: $?"
cat bg.txt
n=$(seq 1 500 | grep -c 7); echo "lines with a 7: $n"
f() { echo "function $1"; }
f arg | tr a-z A-Z
while read -r a b; do echo "$b $a"; done < <(printf '1 one\n2 two\n')
exit 3
EOF
BASH_TRAP=$WORK/bash-trap.sh
cat >"$BASH_TRAP" <<'EOF'
trap 'echo "trap: TERM"; echo trapped >>trap.txt' TERM
echo before
kill -TERM $$
echo after
kill -TERM $$
echo "after the second"
trap - TERM
echo done
EOF

PY_SUBPROCESS='
import subprocess, sys
r = subprocess.run(["sort", "-r"], input="b\na\nc\n", capture_output=True, text=True)
print("sort:", r.stdout.split(), "status", r.returncode)
r = subprocess.run(["sh", "-c", "echo out; echo err >&2; exit 4"], capture_output=True, text=True)
print("sh:", repr(r.stdout), repr(r.stderr), r.returncode)
r = subprocess.run([sys.executable, "-I", "-c", "print(6 * 7)"], stdout=subprocess.PIPE)
print("child python:", r.stdout.decode().strip(), r.returncode)
r = subprocess.run(["cat", "input.txt"], stdout=open("copy.txt", "w"))
print("cat to a file:", r.returncode)
'
# The fork start method explicitly: Python 3.14 defaults to forkserver.
PY_POOL='
import multiprocessing
def square(x):
    return x * x
if __name__ == "__main__":
    with multiprocessing.get_context("fork").Pool(2) as p:
        print(p.map(square, range(20)))
        print(sum(p.imap_unordered(square, range(100))))
'
# A pool of four threads: the interpreter lock passes between them by a
# flag set without a lock, which the agent cannot order (docs/processes.md):
# it stops ordering, and the run goes on as without it.
PY_THREADPOOL='
from concurrent.futures import ThreadPoolExecutor
with ThreadPoolExecutor(4) as ex:
    print(sum(ex.map(lambda x: x * x, range(200))))
'
# Threads that sleep: time.sleep is clock_nanosleep to a deadline on the
# monotonic clock, which threads read unmatched.
PY_SLEEP='
import threading, time
t = threading.Thread(target=time.sleep, args=(0.05,))
t.start()
time.sleep(0.1)
t.join()
print("slept", t.is_alive())
'
# A server thread waits in accept (its descriptor number is taken from the
# moment it waits) while the main thread opens files and connects.
PY_ACCEPT='
import socket, threading
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen()
def serve():
    c, _ = s.accept()
    c.sendall(c.recv(100).upper())
    c.close()
t = threading.Thread(target=serve)
t.start()
c = socket.create_connection(s.getsockname())
c.sendall(b"hello")
print(c.recv(100).decode())
t.join()
'
PY_THREADS='
import queue, threading
q, res = queue.Queue(), queue.Queue()
def worker():
    while True:
        item = q.get()
        if item is None:
            break
        res.put((item, sum(i * i for i in range(item * 1000))))
ts = [threading.Thread(target=worker) for _ in range(3)]
for t in ts:
    t.start()
for i in range(12):
    q.put(i)
for _ in ts:
    q.put(None)
for t in ts:
    t.join()
for item, v in sorted(res.get() for _ in range(12)):
    print(item, v)
'
PY_ALARM='
import signal, time
hits = []
def handler(sig, frame):
    hits.append(sig)
    print("handler", sig, flush=True)
signal.signal(signal.SIGALRM, handler)
signal.alarm(1)
for _ in range(200):
    if hits:
        break
    time.sleep(0.05)
print("handled", len(hits))
signal.setitimer(signal.ITIMER_REAL, 0.2)
signal.pause()
print("after pause", len(hits))
'

# proc_compare N [CHECK-FILE WANT] CMD...: compare, with the run limited to
# PROC_TO seconds.
proc_compare() {
	TO=$PROC_TO
	compare "$@"
}

# expect_native_out WANT: the native run printed WANT (a check of the test
# itself: a broken fixture must not pass as "same as native").
expect_native_out() {
	expect_content "$T/native/out" "$1" "native stdout (test fixture)"
}

pipeline() {
	proc_compare "$1" sh -c 'seq 1 2000 | sort -rn | head -5'
	expect_native_out $'2000\n1999\n1998\n1997\n1996\n'
}

# cat's last write is cut short when head leaves: the kernel raises SIGPIPE
# in the leader after part of the data went
pipeline_cut() {
	proc_compare "$1" sh -c 'cat /dev/zero | head -c 1000000 | wc -c'
	expect_native_out $'1000000\n'
}

bash_jobs() {
	proc_compare "$1" bash "$BASH_JOBS"
	expect_status "$ST" 3 "mvx bash script"
	if ! grep -q '^background job status 4$' "$T/native/out" ||
	   ! grep -q '^wait for all: 0$' "$T/native/out"; then
		bad "native bash script output is not as expected (test fixture)"
	fi
}

bash_trap() {
	proc_compare "$1" bash "$BASH_TRAP"
	expect_native_out $'before\ntrap: TERM\nafter\ntrap: TERM\nafter the second\ndone\n'
	expect_content "$T/mvx/wd/trap.txt" $'trapped\ntrapped\n' "trap.txt"
}

# make_j2 N: a fresh copy of tests/projects/hello in each run, built with
# make -j2 (make starts gcc, which starts cc1, as and collect2/ld), then run.
make_j2() {
	# shellcheck disable=SC2016
	proc_compare "$1" sh -c 'cp -R "$1" hello && cd hello && make -j2 && ./hello mvx' \
		sh "$PROJECT"
	expect_status "$ST" 0 "mvx make -j2"
	grep -q '^sum of squares 1..100: 338350$' "$T/mvx/out" ||
		bad "the program built under mvx did not run"
	[ -x "$T/mvx/wd/hello/hello" ] || bad "no hello binary built under mvx"
}

xargs_p2() {
	# shellcheck disable=SC2016
	proc_compare "$1" sh -c \
		'seq 1 40 | xargs -P 2 -n 5 sh -c '\''echo "$@" >"batch-$1.txt"; echo "$#"'\'' sh | sort | uniq -c; cat batch-*.txt'
	local f count=0
	for f in "$T/mvx/wd"/batch-*.txt; do
		[ -f "$f" ] && count=$((count + 1))
	done
	[ "$count" -eq 8 ] || bad "expected 8 batch files written under mvx, found $count"
}

find_exec() {
	proc_compare "$1" sh -c \
		'find . -type f -name "*.txt" -exec wc -c {} \; | sort; find . -type f -exec sha256sum {} + | sort; find . -name "*.gz" -exec cp {} {}.copy \;'
	[ -f "$T/mvx/wd/lines.txt.gz.copy" ] || bad "find -exec cp did not run under mvx"
}

# tar_round_trip N [x-flags]: tar c | tar x into a new directory; the
# extracted tree must be that of the native run (and the fixtures').  With
# the default flags tar x also restores the modification times.
tar_round_trip() {
	local xf=${2:-xf}
	proc_compare "$1" sh -c 'mkdir out && tar cf - lines.txt input.txt big.bin lines.txt.gz | tar '"$xf"' - -C out'
	expect_same_tree "$T/mvx/wd/out" "$FIX" "extracted tree vs the fixtures"
	if [ "$xf" = xf ] && [ -f "$T/mvx/wd/out/lines.txt" ] &&
	   [ "$(stat -c %Y "$T/mvx/wd/out/lines.txt")" != 1700000000 ]; then
		bad "tar x under mvx did not restore the modification time"
	fi
}

python_run() {
	local n=$1 code=$2 want=$3
	proc_compare "$n" "$PY" -I -c "$code"
	grep -q -e "$want" "$T/native/out" ||
		bad "native python output lacks /$want/ (test fixture)"
}

fork_many() {
	local n=$1 how=$2 total=$3 alive=$4
	proc_compare "$n" "$TEST_BIN/forkmany" "$how" "$total" "$alive" children.txt
	expect_native_out "$how: $total children, $total reaped, 0 bad"$'\n'
	[ "$(grep -c '^child [0-9]* ok $' "$T/native/wd/children.txt")" -eq "$total" ] ||
		bad "native children.txt does not hold $total lines (test fixture)"
}

threads4() {
	proc_compare "$1" "$TEST_BIN/threads4" threads.txt
	[ "$(wc -l <"$T/native/out")" -eq 5 ] || bad "native threads4 output (test fixture)"
	[ "$(wc -c <"$T/native/wd/threads.txt")" -eq 128 ] || bad "native threads.txt (test fixture)"
}

# More threads than malloc makes arenas for, asking for one at once: the
# arena limit is read in the one thread before they start (the agent), not
# in whichever thread makes the ninth arena.
arenas() {
	proc_compare "$1" "$TEST_BIN/arenas"
	expect_native_out $'16 threads allocated\n'
}

exec_chain() {
	proc_compare "$1" "$TEST_BIN/execchain" 3
	expect_native_out $'level 3: pid first\nlevel 2: pid unchanged\nlevel 1: pid unchanged\nlevel 0: pid unchanged\nchild shell\nchild exited 5\ndone\n'
}

# exit_held BUILD...: --variant builds of exitheld.c, whose process exits
# while the leader's second thread is held at a call (--no-run-ahead) and
# the followers' sleep in a futex; the threads end with their processes,
# which reach each variant a little apart: no divergence.  Ten runs, as the
# order in which the monitor sees those ends varies.
exit_held() {
	local args=() k
	variant_args "$@"
	for k in 1 2 3 4 5 6 7 8 9 10; do
		mvx "$T/mvx" /dev/null -n $# --no-run-ahead "${args[@]}" -- exitheld
		expect_status "$ST" 0 "run $k: mvx ${args[*]}"
		expect_content "$T/mvx/out" $'end\n' "run $k: stdout"
		[ ! -s "$T/mvx/err" ] || bad "run $k: mvx said: $(head -c 300 "$T/mvx/err")"
	done
}

# lock_order N BUILD...: --variant builds of lockorder.c that take a lock
# shared by two processes in different orders, which holds each variant's
# first locker at its write while its counterpart waits for the lock: the
# leader goes ahead (--report counts it), the output is the leader's order,
# the status 0; with lockorder3 the follower's line differs: a divergence
# found when it catches up.  With "exit" the leader's child exits while its
# counterparts wait for a lock their parent keeps (lockorder3's after it
# read the clock, a call its leader does not make): they end with it, and
# the parent sees the leader's child's status.  With "sleep" each locker
# sleeps while it holds the lock: the leader's first locker stands at its
# sleep, which it makes ahead, and then at its write.
lock_order() {
	local want=$1 mode=() args=()
	shift
	variant_args "$@"
	if [ "$want" = sleep ]; then
		mode=(sleep)
		want=ahead
	fi
	if [ "$want" = exit ]; then
		mvx "$T/mvx" /dev/null -n $# "${args[@]}" -- lockorder exit
		expect_status "$ST" 0 "mvx ${args[*]} -- lockorder exit"
		expect_content "$T/mvx/out" $'B exited 7\n' "stdout (the leader's child's status)"
		[ ! -s "$T/mvx/err" ] || bad "mvx said: $(head -c 300 "$T/mvx/err")"
		return
	fi
	mvx "$T/mvx" /dev/null -n $# --report "$T/report.json" "${args[@]}" -- lockorder "${mode[@]}"
	if [ "$want" = diverge ]; then
		expect_status "$ST" 125 "mvx ${args[*]}"
		expect_mvx_msg "$T/mvx/err" 'diverg'
		grep -q 'X' "$T/mvx/err" || bad "the report does not show the follower's line"
		return
	fi
	expect_status "$ST" 0 "mvx ${args[*]}"
	expect_content "$T/mvx/out" $'A\nB\n' "stdout (the leader's order)"
	"$PY" - "$T/report.json" <<'PYEOF' || bad "--report counts no call made ahead"
import json, sys
counts = json.load(open(sys.argv[1]))["counts"]
sys.exit(0 if counts.get("executed-ahead", 0) >= 1 else 1)
PYEOF
}

# traced_placement MVX_PID: one line per process traced by a thread of
# MVX_PID: "PID CPUS TRACER_CPUS" (Cpus_allowed_list of each).
traced_placement() {
	local file tracer p
	# one grep for every process: a look costs the same however many
	# processes the machine runs, so the callers' tries stay 0.1 s apart
	grep -s '^TracerPid:' /proc/[0-9]*/status |
	while IFS=: read -r file _ tracer; do
		tracer=${tracer//[[:space:]]/}
		[ -n "$tracer" ] && [ "$tracer" != 0 ] &&
			[ -r "/proc/$1/task/$tracer/status" ] || continue
		p=${file#/proc/}
		p=${p%/status}
		echo "$p" \
			"$(awk '/^Cpus_allowed_list:/ { print $2 }' "$file" 2>/dev/null)" \
			"$(awk '/^Cpus_allowed_list:/ { print $2 }' "/proc/$1/task/$tracer/status" 2>/dev/null)"
	done
}

# placed BG COUNT TRIES AWK: every 0.1 s, at most TRIES times, lists the
# processes traced by the mvx started as BG (traced_placement) until there
# are at least COUNT and the awk program AWK prints nothing for their lines.
# Leaves the last list in PLACED and what AWK printed in PLACED_BAD;
# returns 1 when COUNT processes were never there.
placed() {
	local bg=$1 count=$2 tries=$3 prog=$4 pid seen=1
	PLACED= PLACED_BAD=
	for _ in $(seq "$tries"); do
		sleep 0.1
		pid=$(pgrep -P "$bg" | head -n 1)
		[ -n "$pid" ] || continue
		PLACED=$(traced_placement "$pid")
		[ "$(echo "$PLACED" | grep -c .)" -ge "$count" ] || continue
		seen=0
		PLACED_BAD=$(echo "$PLACED" | awk "$prog")
		[ -z "$PLACED_BAD" ] && break
	done
	return $seen
}

# placement N: every variant runs on the one CPU of the monitor thread that
# traces it, the first set's and its children's sets alike (a stop then
# hands over the CPU instead of waking another one).
placement() {
	local n=$1 bg
	_prepare "$T/mvx"
	(cd "$T/mvx/wd" && exec timeout -k 5 "$TO" "$MVX" run -n "$n" -- \
		sh -c 'sleep 3 & sleep 3 & wait') </dev/null >"$T/mvx/out" 2>"$T/mvx/err" &
	bg=$!
	# until all 3n are there and placed (a new one may be on its way)
	placed "$bg" $((3 * n)) 20 '$2 != $3 || $2 ~ /[-,]/' ||
		bad "expected $((3 * n)) traced processes within 2 s, saw: $PLACED"
	[ -z "$PLACED_BAD" ] || bad "variants not on their monitor's one CPU (pid, its CPUs, the monitor's): $PLACED_BAD"
	wait "$bg"
	expect_status $? 0 "mvx -n $n -- sh -c 'sleep 3 & sleep 3 & wait'"
}

# spread N HOW: `sh -c` runs two getppid loops (about 2 s each under mvx)
# and waits.  HOW=two: both at once; the two child sets, crowded on the
# CPU they start on (their parent's), must end up on different CPUs.
# HOW=one: one loop, its parent waiting; the child set must keep its
# parent's CPU (its hand-over and its parent's wait then never wake the
# other CPU).  Checked from outside with traced_placement: the CPU of each
# traced process and of its monitor thread.
spread() {
	local n=$1 how=$2 bg want script
	if [ "$how" = two ]; then
		script="$TEST_BIN/getppid_loop 200000 & $TEST_BIN/getppid_loop 200000 & wait"
		want=2
	else
		script="$TEST_BIN/getppid_loop 200000; true"
		want=1
	fi
	_prepare "$T/mvx"
	(cd "$T/mvx/wd" && exec timeout -k 5 "$TO" "$MVX" run -n "$n" -- \
		sh -c "$script") </dev/null >"$T/mvx/out" 2>"$T/mvx/err" &
	bg=$!
	# the shell's n variants and n per loop, the loops busy
	placed "$bg" $(((1 + want) * n)) 30 \
		"{ cpu[\$3] = 1 } END { k = 0; for (c in cpu) k++; if (k != $want) print k }" ||
		bad "expected $(((1 + want) * n)) traced processes within 3 s, saw: $PLACED"
	[ -z "$PLACED_BAD" ] || bad "monitor threads on $PLACED_BAD CPUs, expected $want (pid, its CPUs, the monitor's): $PLACED"
	wait "$bg"
	expect_status $? 0 "mvx -n $n -- sh -c '$script'"
}

# lock_stall_term HOW: with --no-run-ahead the lock-order builds stall for
# good; a first SIGTERM to mvx is held (the variants never stand together
# to take it).  HOW=two: a second, half a second later, ends the run at
# once.  HOW=one: after two seconds in which nothing moved, the first ends
# it, saying where each variant stands.  Status 143, said once, nothing
# left.
lock_stall_term() {
	local how=$1 m bg pid st
	m=$(new_marker)
	_prepare "$T/mvx"
	(cd "$T/mvx/wd" && exec timeout -k 5 "$TO" "$MVX" run -n 2 --no-run-ahead \
		--variant "$TEST_BIN/lockorder1" --variant "$TEST_BIN/lockorder2" \
		-- lockorder "$m") </dev/null >"$T/mvx/out" 2>"$T/mvx/err" &
	bg=$!
	for _ in $(seq 100); do
		[ "$(pgrep -c -f -- "^lockorder $m\$")" -ge 4 ] && break
		sleep 0.1
	done
	sleep 0.5
	pid=$(pgrep -P "$bg" | head -n 1)
	if [ -z "$pid" ]; then
		bad "mvx is not running: $(head -c 300 "$T/mvx/err")"
		return
	fi
	kill -TERM "$pid"
	sleep 0.5
	kill -0 "$pid" 2>/dev/null || bad "the first SIGTERM ended the stalled run at once"
	[ "$how" = two ] && kill -TERM "$pid"
	wait "$bg"
	st=$?
	if [ "$how" = two ]; then
		expect_status $st 143 "mvx after two SIGTERMs"
		expect_mvx_msg "$T/mvx/err" 'second termination signal'
	else
		expect_status $st 143 "mvx after one SIGTERM"
		expect_mvx_msg "$T/mvx/err" 'SIGTERM has been held for 2 s .*a stall; variant 0 in write, variant 1 in futex'
	fi
	[ "$(grep -c . "$T/mvx/err")" -eq 1 ] || bad "expected one line on stderr: $(head -c 300 "$T/mvx/err")"
	expect_no_process "$m" "after the run"
}

# lock_stall_report: the same stall without a signal: after 5 s in which
# nothing moved, with one variant at its write and its counterpart asleep
# in a futex wait without a time-out, mvx says so and stops the run as
# after a divergence: status 125, nothing left.  (It used to wait for
# ever.)
lock_stall_report() {
	local m
	m=$(new_marker)
	mvx "$T/mvx" /dev/null -n 2 --no-run-ahead --variant "$TEST_BIN/lockorder1" \
		--variant "$TEST_BIN/lockorder2" -- lockorder "$m"
	expect_status "$ST" 125 "mvx of the stalled lockorder builds"
	expect_mvx_msg "$T/mvx/err" 'have waited for each other for 5 s \(variant 0 in (futex|write), variant 1 in (futex|write)\)'
	[ "$(grep -c . "$T/mvx/err")" -eq 1 ] || bad "expected one line on stderr: $(head -c 300 "$T/mvx/err")"
	expect_no_process "$m" "after the run"
}

# Threads whose output depends on the order they take their locks in
# (tests/progs/lockrace.c): a native run prints numbers of its own, but
# every variant must print the same, which the lock-order agent gives
# (without it the run stalls or diverges).
lock_race() {
	local n=$1
	mvx "$T/mvx" /dev/null -n "$n" -- "$TEST_BIN/lockrace"
	expect_status "$ST" 0 "mvx run -n $n lockrace"
	grep -Eq '^taken 9000 order [0-9a-f]{16} failed polls [0-9]+ timeouts [0-9]+$' "$T/mvx/out" ||
		bad "lockrace printed: $(head -c 200 "$T/mvx/out")"
	expect_empty "$T/mvx/err" "mvx stderr"
}

# A threaded process's main thread reads the interval clocks as an event
# loop does (tests/progs/clockshare.c): each variant's k-th reading must be
# the others' k-th, or the time left that it polls for, and the elapsed
# times it prints, differ (node.js's timers diverged so).
clock_share() {
	local n=$1
	mvx "$T/mvx" /dev/null -n "$n" -- "$TEST_BIN/clockshare"
	expect_status "$ST" 0 "mvx run -n $n clockshare"
	[ "$(grep -Ec '^clock [0-9]+ elapsed [0-9]{8,}$' "$T/mvx/out")" -eq 4 ] ||
		bad "clockshare printed: $(head -c 300 "$T/mvx/out")"
	grep -qx 'grows yes' "$T/mvx/out" || bad "a clock went back: $(head -c 300 "$T/mvx/out")"
	expect_empty "$T/mvx/err" "mvx stderr"
}

# The lock-order agent orders the pool's locks, but when Python's
# interpreter lock passes by its timed flag at another point in a follower
# (likelier on a loaded machine, and under valgrind), the agent stops
# ordering, and the end of the pool can race as before: the worker
# handler thread ends by a flag set without a lock (docs/processes.md).
POOL_GAP="the agent stops ordering when Python's interpreter lock passes by its timed flag; then the pool's end can still race (issue 3)"

# lock_run STATUS WHY ARG...: mvx run -v ARG... ends with STATUS and says
# on stderr that the lock operations are no longer ordered, WHY (a regular
# expression) being its reason.
lock_run() {
	local want=$1 why=$2
	shift 2
	mvx "$T/mvx" /dev/null -v "$@"
	expect_status "$ST" "$want" "mvx run -v $*"
	grep -q "^mvx: $why: the lock operations of this program image are no longer ordered\$" "$T/mvx/err" ||
		bad "no message about the unordered locks: $(grep -v '^\[' "$T/mvx/err" | head -c 300)"
}

# --variant builds that make different lock operations and no system call
# between them: the agent stops ordering the program's locks (a follower
# cannot wait for an entry that will not come; -v says so), and the
# different write that follows is the divergence.
lock_op_differs() {
	lock_run 125 "variant 1's thread made sem_post where its leader's made pthread_mutex_lock" \
		--variant "$TEST_BIN/lockop1" --variant "$TEST_BIN/lockop2" -- lockop
	grep -q '^mvx: divergence at call [0-9]* (write)' "$T/mvx/err" ||
		bad "no divergence at the write: $(grep -v '^\[' "$T/mvx/err" | head -c 300)"
	expect_empty "$T/mvx/out" "stdout"
}

# --variant builds whose second thread takes a mutex once less in the
# follower, then ends: its leader's last entries would stay ahead of the
# main thread's for ever (a stall until the stall watch stops the run);
# once the thread has ended in every variant, mvx stops ordering the locks
# (-v says so) and the run ends as natively.
lock_thread_ends() {
	lock_run 0 "variant 1's thread ended where its leader's made pthread_mutex_lock" \
		--variant "$TEST_BIN/lockend1" --variant "$TEST_BIN/lockend2" -- lockend
	expect_content "$T/mvx/out" $'joined\n' "stdout"
	# the second of two followers
	lock_run 0 "variant 2's thread ended where its leader's made pthread_mutex_lock" \
		-n 3 --variant "$TEST_BIN/lockend1" --variant "$TEST_BIN/lockend1" \
		--variant "$TEST_BIN/lockend2" -- lockend
	expect_content "$T/mvx/out" $'joined\n' "stdout with 3 variants"
}

# The same builds the other way round: the follower's second thread has one
# more mutex to take, and would wait for ever for its leader's entry while
# its leader's thread stands at its next call.  After 100 ms mvx stops
# ordering the locks (-v says so) and the run ends as natively.
lock_thread_waits() {
	local n=$1 builds=(--variant "$TEST_BIN/lockend2" --variant "$TEST_BIN/lockend1")
	[ "$n" -eq 3 ] && builds+=(--variant "$TEST_BIN/lockend2")
	lock_run 0 "variant 1's thread waits for a lock operation that its leader's did not make before its [a-z_0-9]*" \
		-n "$n" "${builds[@]}" -- lockend
	expect_content "$T/mvx/out" $'joined\n' "stdout"
}

# lock_try_busy N sem|mutex: --variant builds whose lock is free in the
# leader and held in the followers when the main thread, holding another
# lock, tries to take it (tests/progs/trywait.c).  The followers' try must
# fail as the program asked, not wait while holding the lock the releasing
# thread waits for (a stall, Python's ThreadPoolExecutor at its end); the
# locks are no longer ordered (-v says so) and the run ends as natively.
lock_try_busy() {
	local n=$1 kind=$2 call=sem_trywait builds=(--variant "$TEST_BIN/trywait1")
	[ "$kind" = mutex ] && call=pthread_mutex_trylock
	for ((k = 1; k < n; k++)); do builds+=(--variant "$TEST_BIN/trywait2"); done
	# with n=3 either follower may be the first to find it busy
	lock_run 0 "variant [1-9]'s thread found busy the lock of $call that its leader's got" \
		-n "$n" "${builds[@]}" -- trywait "$kind"
	expect_content "$T/mvx/out" $'done\n' "stdout"
}

# More program images that take a lock at once than there are logs (64):
# the further ones run unordered, said once with -v, and every one ends.
# Each holds its log for 5 s, long enough for the 70 to start.
many_logs() {
	mvx "$T/mvx" /dev/null -n 2 -v -- sh -c \
		'for i in $(seq 70); do "$0" 5000 & done; wait' "$TEST_BIN/lockhold"
	expect_status "$ST" 0 "mvx run of 70 lockhold"
	[ "$(grep -c '^held$' "$T/mvx/out")" -eq 70 ] ||
		bad "expected 70 lines 'held': $(sort "$T/mvx/out" | uniq -c | head -c 200)"
	[ "$(grep -c '^mvx: 64 program images hold a lock-order log: the threads of further ones are not ordered$' "$T/mvx/err")" -eq 1 ] ||
		bad "expected the message about the logs once: $(grep -v '^\[' "$T/mvx/err" | head -c 300)"
}

# The agent is in the program's LD_PRELOAD unless --sync-agent off.
agent_preload() {
	local n=$1
	mvx "$T/mvx" /dev/null -n "$n" -- sh -c 'echo "[$LD_PRELOAD]"'
	expect_status "$ST" 0 "mvx run with the agent"
	grep -Eq '^\[/.*/mvx-agent\.so\]$' "$T/mvx/out" ||
		bad "LD_PRELOAD with the agent: $(head -c 200 "$T/mvx/out")"
	mvx "$T/mvx" /dev/null -n "$n" --sync-agent off -- sh -c 'echo "[$LD_PRELOAD]"'
	expect_status "$ST" 0 "mvx run --sync-agent off"
	expect_content "$T/mvx/out" $'[]\n' "LD_PRELOAD with --sync-agent off"
}

t "threads: 70 program images with a lock, 64 lock-order logs: the rest unordered" many_logs
t "threads: another lock operation in a follower (--variant builds): locks no longer ordered, the write diverges" lock_op_differs
t "threads: a follower's thread ends with its leader's last lock entries unmade (--variant builds): locks no longer ordered, no stall" lock_thread_ends
for n in 2 3; do
	t "threads: a follower's thread waits for a lock entry its leader's will not make (--variant builds): locks no longer ordered, no stall n=$n" lock_thread_waits $n
	t "threads: a follower's sem_trywait finds busy the semaphore its leader's got (--variant builds): it fails, no stall n=$n" lock_try_busy $n sem
	t "threads: a follower's pthread_mutex_trylock finds busy the mutex its leader's got (--variant builds): it fails, no stall n=$n" lock_try_busy $n mutex
done
for n in 2 3; do
	t "processes: sh pipeline seq | sort -rn | head n=$n" pipeline $n
	t "processes: sh pipeline cat /dev/zero | head -c | wc, cat's last write cut short n=$n" pipeline_cut $n
	t "processes: bash subshells, \$(...), background job, wait n=$n" bash_jobs $n
	t "processes: bash trap on SIGTERM, kill -TERM \$\$ n=$n" bash_trap $n
	t "processes: make -j2 of a C project, then run it n=$n" make_j2 $n
	t "processes: xargs -P 2 n=$n" xargs_p2 $n
	t "processes: find -exec n=$n" find_exec $n
	t "processes: tar c | tar x round trip n=$n" tar_round_trip $n
	# the same without restoring mtimes (no utimensat): the processes only
	t "processes: tar c | tar xm round trip n=$n" tar_round_trip $n xmf
	t "processes: python subprocess.run n=$n" python_run $n "$PY_SUBPROCESS" '^child python: 42 0$'
	gap "$POOL_GAP" "processes: python multiprocessing.Pool(2) n=$n" python_run $n "$PY_POOL" '^328350$'
	t "threads: lock order (a mutex race, sem_trywait polls, timed condition waits) alike in every variant n=$n" lock_race $n
	t "threads: an event loop's interval clocks read alike in every variant n=$n" clock_share $n
	t "threads: the lock-order agent preloaded, not with --sync-agent off n=$n" agent_preload $n
	# a library's constructor takes a mutex before the agent's runs
	# (LLVM's: clang crashed so, and mvx then waited for ever)
	t "threads: a library constructor takes a mutex before the agent's n=$n" \
		compare $n "$TEST_BIN/ctorlock"
	t "processes: python threading with a queue n=$n" python_run $n "$PY_THREADS" '^11 '
	t "threads: python ThreadPoolExecutor(4).map n=$n" python_run $n "$PY_THREADPOOL" '^2646700$'
	t "processes: python threads sleeping (clock_nanosleep to a deadline) n=$n" python_run $n "$PY_SLEEP" '^slept False$'
	t "processes: python accept in a thread while the main thread opens and connects n=$n" python_run $n "$PY_ACCEPT" '^HELLO$'
	t "processes: python signal.alarm with a handler n=$n" python_run $n "$PY_ALARM" '^after pause 2$'
	t "processes: fork 200 children, 50 alive at once n=$n" fork_many $n fork 200 50
	t "processes: vfork 50 children n=$n" fork_many $n vfork 50 50
	t "processes: pthread program with 4 threads n=$n" threads4 $n
	t "threads: 16 threads ask malloc for an arena at once n=$n" arenas $n
	t "processes: lock order differs (--variant builds): leader ahead n=$n" \
		lock_order ok lockorder1 $(for ((k = 1; k < n; k++)); do echo lockorder2; done)
	t "processes: lock order differs (--variant builds), each sleeps holding the lock: leader sleeps ahead n=$n" \
		lock_order sleep lockorder1 $(for ((k = 1; k < n; k++)); do echo lockorder2; done)
	t "threads: process exit with its threads at different calls (--variant builds) n=$n" \
		exit_held exitheld1 $(for ((k = 1; k < n; k++)); do echo exitheld2; done)
	t "processes: exec chain, fork + exec, exec n=$n" exec_chain $n
done

if [ "$(nproc)" -ge 2 ]; then
	for n in 2 3; do
		t "processes: each variant on its monitor thread's CPU n=$n" placement $n
		t "processes: two busy children move apart to two CPUs n=$n" spread $n two
		t "processes: a waiting parent's child keeps the parent's CPU n=$n" spread $n one
	done
else
	note "one CPU: the placement tests are not run (nothing to place)"
fi

t "processes: lock order differs (--variant builds), follower's write differs: divergence n=2" \
	lock_order diverge lockorder1 lockorder3
t "processes: stalled with --no-run-ahead (--variant builds): second SIGTERM ends it n=2" \
	lock_stall_term two
t "processes: stalled with --no-run-ahead (--variant builds): one SIGTERM ends it after 2 s n=2" \
	lock_stall_term one
t "processes: stalled with --no-run-ahead (--variant builds): reported and stopped after 5 s n=2" \
	lock_stall_report
t "processes: followers wait for a lock as the leader exits (--variant builds) n=2" \
	lock_order exit lockorder1 lockorder2
t "processes: followers wait for a lock as the leader exits, one reads the clock first (--variant builds) n=3" \
	lock_order exit lockorder1 lockorder2 lockorder3

# --- no escape ---------------------------------------------------------------

# no_escape N HOW CHILDREN: forkmany under --trace; every child's calls, from
# its first, are in the trace for every variant, in a group of its own with
# a monitor thread of its own (check_children.py); output and file as native.
no_escape() {
	local n=$1 how=$2 children=$3 calls=pwrite64,getpid,getppid,close,read,exit_group
	TO=$PROC_TO
	[ "$how" = vfork ] && calls=pwrite64,getpid,getppid,exit_group
	native "$T/native" /dev/null "$TEST_BIN/forkmany" "$how" "$children" "$children" children.txt
	expect_status "$ST" 0 "native forkmany (test fixture)"
	mvx "$T/mvx" /dev/null -n "$n" --trace "$T/trace.jsonl" -- \
		"$TEST_BIN/forkmany" "$how" "$children" "$children" children.txt
	expect_status "$ST" 0 "mvx -n $n --trace forkmany $how"
	expect_same_file "$T/mvx/out" "$T/native/out" "stdout"
	expect_empty "$T/mvx/err" "stderr"
	expect_same_tree "$T/mvx/wd" "$T/native/wd" "working directory"
	"$PY" "$CHECK_CHILDREN" "$T/trace.jsonl" "$n" "$children" "$calls" ||
		bad "trace: see above"
}

for n in 2 3; do
	# syscall(SYS_fork): the child's very first call is its pwrite64
	t "no escape: a forked child's first calls, own monitor thread n=$n" no_escape $n raw 1
	t "no escape: a vforked child's first calls, own monitor thread n=$n" no_escape $n vfork 1
	t "no escape: 50 children forked at once, 50 monitor threads n=$n" no_escape $n raw 50
done
