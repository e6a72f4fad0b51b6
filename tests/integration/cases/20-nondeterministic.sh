# Programs whose output is nondeterministic (time, random bytes): the native
# run is checked for its shape only; under mvx the value must be printed
# once, so exactly one line of each kind, plausible, and the files written
# identical to the native ones.

PY_CODE='
import hashlib, os, time
data = open("input.txt", "rb").read()
with open("out.txt", "w") as f:
    f.write("%d %s\n" % (len(data), hashlib.sha256(data).hexdigest()))
os.rename("out.txt", "result.txt")
print("time", repr(time.time()))
print("rand", os.urandom(16).hex())
print("read", open("result.txt").read().strip())
'

# check_python_out FILE T0 T1: the output has the expected lines, each once,
# with a time between T0 and T1 (seconds since the epoch).
check_python_out() {
	"$PY" - "$@" <<'PYEOF' || bad "python output of $1 is not as expected"
import re, sys
lines = open(sys.argv[1]).read().split("\n")
t0, t1 = float(sys.argv[2]), float(sys.argv[3])
ok = True
def fail(msg):
    global ok
    print(msg)
    ok = False
if lines[-1] != "":
    fail("no final newline")
lines = lines[:-1]
if len(lines) != 3:
    fail("expected 3 lines, got %d: %r" % (len(lines), lines[:10]))
for kind, pat in (("time", r"time \d+\.\d+"), ("rand", r"rand [0-9a-f]{32}"),
                  ("read", r"read 4400 [0-9a-f]{64}")):
    found = [l for l in lines if l.startswith(kind + " ")]
    if len(found) != 1:
        fail("expected exactly one %s line, got %d" % (kind, len(found)))
    elif not re.fullmatch(pat, found[0]):
        fail("bad %s line: %r" % (kind, found[0]))
    elif kind == "time" and not (t0 - 1 <= float(found[0].split()[1]) <= t1 + 1):
        fail("time %s outside the run's window [%s, %s]" % (found[0], t0, t1))
sys.exit(0 if ok else 1)
PYEOF
}

python_io() {
	local t0 t1
	t0=$(date +%s.%N)
	native "$T/native" /dev/null "$PY" -I -c "$PY_CODE"
	t1=$(date +%s.%N)
	expect_status "$ST" 0 "native python3"
	check_python_out "$T/native/out" "$t0" "$t1"
	t0=$(date +%s.%N)
	mvx "$T/mvx" /dev/null -n "$1" -- "$PY" -I -c "$PY_CODE"
	t1=$(date +%s.%N)
	expect_status "$ST" 0 "mvx -n $1 python3"
	check_python_out "$T/mvx/out" "$t0" "$t1"
	expect_empty "$T/mvx/err" "stderr"
	expect_same_tree "$T/mvx/wd" "$T/native/wd" "working directory"
	if [ "$(grep '^read ' "$T/mvx/out")" != "$(grep '^read ' "$T/native/out")" ]; then
		bad "the 'read' line differs from the native one"
	fi
}

# date_shape N REGEX [ARG...]: `date ARG...` prints one line matching REGEX,
# natively and under mvx; with +%s, within the run's time window.
date_shape() {
	local n=$1 re=$2 t0 t1 out run
	shift 2
	for run in native mvx; do
		t0=$(date +%s)
		if [ $run = native ]; then
			native "$T/$run" /dev/null date "$@"
		else
			mvx "$T/$run" /dev/null -n "$n" -- date "$@"
		fi
		t1=$(date +%s)
		expect_status "$ST" 0 "$run date $*"
		expect_empty "$T/$run/err" "$run stderr"
		out=$(cat "$T/$run/out")
		if [ "$(wc -l <"$T/$run/out")" -ne 1 ] || ! [[ $out =~ ^$re$ ]]; then
			bad "$run: date $* printed $(printf %q "$out"), expected one line matching $re"
		elif [ "$*" = +%s ] && { [ "$out" -lt "$t0" ] || [ "$out" -gt "$t1" ]; }; then
			bad "$run: date +%s printed $out, outside [$t0, $t1]"
		fi
	done
}

for n in 2 3; do
	t "python3 file io, time.time, os.urandom n=$n" python_io $n
	t "date n=$n" date_shape $n \
		'(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ 1-3][0-9] [0-2][0-9]:[0-5][0-9]:[0-6][0-9] [A-Z+0-9-]+ 2[0-9]{3}'
	t "date +%s n=$n" date_shape $n '[0-9]{10,}' +%s
done

# rdtsc_once N: rdtsc and rdtscp are trapped and replayed, so every variant
# writes the leader's values: no divergence, one line of each.  On a
# machine that does not trap rdtsc at all, the variants' values differ, and
# mvx must say why with the divergence.
rdtsc_once() {
	"$TEST_BIN/rdtsc" probe >/dev/null 2>&1
	if [ $? -eq 0 ]; then
		note "this machine does not trap rdtsc (PR_SET_TSC has no effect): checked that mvx says so with the divergence instead"
		mvx "$T/mvx" /dev/null -n "$1" -- "$TEST_BIN/rdtsc"
		expect_status "$ST" 125 "mvx -n $1 rdtsc on a machine that does not trap it"
		expect_mvx_msg "$T/mvx/err" 'divergence'
		expect_mvx_msg "$T/mvx/err" 'does not trap rdtsc'
		return
	fi
	mvx "$T/mvx" /dev/null -n "$1" -- "$TEST_BIN/rdtsc"
	expect_status "$ST" 0 "mvx -n $1 rdtsc"
	expect_empty "$T/mvx/err" "stderr"
	if ! grep -Eq '^rdtsc 0x[0-9a-f]+$' "$T/mvx/out" ||
	   ! grep -Eq '^rdtscp 0x[0-9a-f]+$' "$T/mvx/out" ||
	   [ "$(wc -l <"$T/mvx/out")" -ne 2 ]; then
		bad "rdtsc output is not one rdtsc and one rdtscp line: $(head -c 200 "$T/mvx/out")"
	fi
}

# rdtsc_many N: 20000 rdtsc in a loop without a system call, more than a
# variant may read ahead of another (MVX_SHARED_READS): the one ahead waits
# for the others, and every variant reads the same values.  Where the
# machine does not trap rdtsc, the divergence must say so.
rdtsc_many() {
	"$TEST_BIN/rdtsc" probe >/dev/null 2>&1
	if [ $? -eq 0 ]; then
		mvx "$T/mvx" /dev/null -n "$1" -- "$TEST_BIN/rdtsc" many
		expect_status "$ST" 125 "mvx -n $1 rdtsc many on a machine that does not trap it"
		expect_mvx_msg "$T/mvx/err" 'does not trap rdtsc'
		return
	fi
	mvx "$T/mvx" /dev/null -n "$1" -- "$TEST_BIN/rdtsc" many
	expect_status "$ST" 0 "mvx -n $1 rdtsc many"
	expect_empty "$T/mvx/err" "stderr"
	grep -Eqx 'grew 0x[0-9a-f]+' "$T/mvx/out" ||
		bad "rdtsc many wrote: $(head -c 200 "$T/mvx/out")"
}

# rdtsc_more BUILD...: one variant reads the counter 20000 times where
# another reads it 10 times before the same write: the one ahead cannot
# wait for ever, and mvx reports the divergence.
rdtsc_more() {
	local args=() note_untrapped=
	"$TEST_BIN/rdtsc" probe >/dev/null 2>&1
	if [ $? -eq 0 ]; then
		note "this machine does not trap rdtsc (PR_SET_TSC has no effect): the reads are the variants' own"
		note_untrapped=1
	fi
	variant_args "$@"
	mvx "$T/mvx" /dev/null -n $# "${args[@]}" -- vrdtsc many
	expect_status "$ST" 125 "mvx -n $# ${args[*]} -- vrdtsc many"
	expect_empty "$T/mvx/out" "stdout"
	expect_mvx_msg "$T/mvx/err" 'diverg'
	if [ -z "$note_untrapped" ]; then
		expect_mvx_msg "$T/mvx/err" 'executed [0-9]+ rdtsc instructions where variant [0-9] executed [0-9]+ before its next call'
	fi
}

t "rdtsc 20000 times in one variant, 10 in the other (--variant builds): divergence n=2" rdtsc_more vrdtsc1 vrdtsc2
t "rdtsc 20000 times in the leader, 10 in the others (--variant builds): divergence n=3" rdtsc_more vrdtsc2 vrdtsc1 vrdtsc1

for n in 2 3; do
	t "rdtsc/rdtscp replayed from the leader (where the machine traps rdtsc; else the divergence says it does not) n=$n" rdtsc_once $n
	t "rdtsc 20000 times without a call: a variant ahead waits, the values alike n=$n" rdtsc_many $n
done

# temp_names N: names made from addresses.  Python writes a module's
# compiled file to `PATH.<id of an object>` (an address in decimal, other
# in each variant) and renames it into place; mktemp(1) fills XXXXXX with
# letters mixed with an address.  Each is given the leader's name, the
# rename too, so the run ends as natively with the same files.  -E: the
# environment may ask Python not to write compiled files.
temp_names() {
	local n=$1
	# one directory: the compiled file holds the source's path
	mkdir -p "$T/py"
	printf 'def f():\n    return 42\n' >"$T/py/mod.py"
	printf 'import mod\nprint(mod.f())\n' >"$T/py/main.py"
	native "$T/native" /dev/null "$PY" -E "$T/py/main.py"
	expect_status "$ST" 0 "native python (test fixture)"
	mv "$T/py/__pycache__" "$T/native.pyc" ||
		bad "no compiled module written natively (test fixture)"
	mvx "$T/mvx" /dev/null -n "$n" -- "$PY" -E "$T/py/main.py"
	expect_status "$ST" 0 "mvx -n $n python3 -E main.py"
	expect_same_file "$T/mvx/out" "$T/native/out" "stdout"
	expect_empty "$T/mvx/err" "stderr"
	expect_same_tree "$T/py/__pycache__" "$T/native.pyc" "__pycache__"
	mvx "$T/mvx2" /dev/null -n "$n" -- sh -c \
		'f=$(mktemp) && echo hi >"$f" && cat "$f" && rm "$f" && d=$(mktemp -d) && rmdir "$d" && echo done'
	expect_status "$ST" 0 "mvx -n $n mktemp"
	expect_content "$T/mvx2/out" $'hi\ndone\n' "mktemp stdout"
}

for n in 2 3; do
	t "temporary names made from addresses (Python's compiled modules, mktemp) n=$n" temp_names $n
done
