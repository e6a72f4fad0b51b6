# Helpers for tests/integration/run (sourced).  A test is a shell function
# run by `t NAME FUNCTION [ARG...]` in a subshell, in its own directory $T;
# it fails if any `bad` was called in it, or if it exits non-zero.
# Everything mvx runs is started with a timeout, so a hung monitor fails the
# test instead of hanging the run.

# --- the run as a whole -----------------------------------------------------

# lib_init FILTER: sets up MVX, TEST_BIN, the environment the programs see,
# the work directory $WORK and the fixtures in $FIX.  MVX_TEST_SKIP (an
# extended regular expression) names tests not to run, for a configuration
# in which they cannot pass (make test-valgrind says which and why).
lib_init() {
	FILTER=$1
	SKIP_FILTER=${MVX_TEST_SKIP:-}
	MVX=$(abspath "${MVX:-$root/build/mvx}")
	TEST_BIN=$(abspath "${TEST_BIN:-$root/build/tests}")
	TO=${MVX_TEST_TIMEOUT:-120}
	PASSED=0
	FAILED=0
	SKIPPED=0
	GAP_REASON=
	_n=0

	# The same environment for native and mvx runs; C locale so that
	# ls, sort and date print the same way everywhere.
	export LC_ALL=C
	export PATH=/usr/bin:/bin:/usr/sbin:/sbin
	# run from `make test`, a make under test would print its directory
	unset MAKELEVEL MAKEFLAGS MFLAGS
	PY=/usr/bin/python3

	WORK=$(mktemp -d "${TMPDIR:-/tmp}/mvx-itest.XXXXXX") || {
		echo "mvx: cannot create a work directory" >&2
		exit 1
	}
	trap lib_cleanup EXIT
	# Readable by others: the scripts/deps tests run as an unprivileged user.
	chmod 755 "$WORK"
	FIX=$WORK/fixtures
	make_fixtures "$FIX"

	echo "mvx integration tests: $MVX, programs in $TEST_BIN"
	[ -z "$SKIP_FILTER" ] || echo "note: tests matching /$SKIP_FILTER/ are not run (MVX_TEST_SKIP)"
	[ -x "$MVX" ] || echo "note: $MVX does not exist: every test that runs it fails"
}

lib_cleanup() {
	if [ "${MVX_KEEP:-0}" = 1 ]; then
		echo "note: work directory kept: $WORK"
	else
		rm -rf "$WORK"
	fi
}

# lib_finish: prints the closing line and exits 1 on any failure (or if no
# test ran).
lib_finish() {
	echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
	[ "$FAILED" -eq 0 ] && [ "$PASSED" -gt 0 ]
	exit $?
}

abspath() {
	case $1 in
	/*) printf '%s\n' "$1" ;;
	*) printf '%s\n' "$PWD/$1" ;;
	esac
}

# make_fixtures DIR: the input files every test starts from, all with the
# same fixed mtime (gzip and tar record it).
make_fixtures() {
	mkdir -p "$1"
	"$PY" - "$1" <<'PYEOF'
import os, random, sys
d = sys.argv[1]
rng = random.Random(20261126)
with open(os.path.join(d, "big.bin"), "wb") as f:
    f.write(rng.randbytes(1 << 20))
words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
         "hotel", "india", "juliett", "kilo", "lima", "mike", "november"]
with open(os.path.join(d, "lines.txt"), "w") as f:
    for i in range(50000):
        f.write("%d %s %s %08x\n" % (rng.randrange(10**6), rng.choice(words),
                                     rng.choice(words), rng.getrandbits(32)))
with open(os.path.join(d, "input.txt"), "w") as f:
    f.write("the quick brown fox jumps over the lazy dog\n" * 100)
PYEOF
	gzip -c -n "$1/lines.txt" >"$1/lines.txt.gz"
	touch -d @1700000000 "$1"/*
}

# --- one test ----------------------------------------------------------------

# t NAME FUNCTION [ARG...]: runs one test (if NAME matches the filter) in a
# subshell with its own directory $T, and counts it.
t() {
	local name=$1 rc
	shift
	if [ -n "$FILTER" ] && ! [[ $name =~ $FILTER ]]; then
		return 0
	fi
	if [ -n "$SKIP_FILTER" ] && [[ $name =~ $SKIP_FILTER ]]; then
		return 0
	fi
	_n=$((_n + 1))
	T=$WORK/t$_n
	mkdir -p "$T"
	(
		_failed=0
		"$@"
		exit $_failed
	) >"$T/log" 2>&1 </dev/null
	rc=$?
	if [ $rc -eq 0 ]; then
		PASSED=$((PASSED + 1))
		echo "ok   $name"
	elif [ -n "$GAP_REASON" ]; then
		SKIPPED=$((SKIPPED + 1))
		echo "skip $name (known gap: $GAP_REASON)"
		sed -n '1,6s/^/       /p' "$T/log"
	else
		FAILED=$((FAILED + 1))
		echo "FAIL $name"
		[ -s "$T/log" ] || echo "test function exited with status $rc" >"$T/log"
		sed -n '1,60s/^/       /p' "$T/log"
	fi
}

# gap REASON NAME FUNCTION [ARG...]: a test of something mvx does not do
# yet (REASON says what, and the issue that tracks it).  It runs like any
# test and passes like any test; when it fails it is shown and counted as
# skipped, never as passed.
gap() {
	GAP_REASON=$1
	shift
	t "$@"
	GAP_REASON=
}

# bad MESSAGE...: records a failed check of the current test.
bad() {
	echo "$*"
	_failed=1
}

# note MESSAGE...: prints a line in the run's output (not a check).
note() {
	echo "note: $*" >&3
}
exec 3>&1

# --- running programs --------------------------------------------------------

# Each run happens in DIR/wd (created and filled with the fixtures), with
# stdin from the file STDIN, stdout and stderr into DIR/out and DIR/err, and
# TMPDIR=DIR/tmp (fresh, empty).  The exit status is left in ST.

_prepare() {
	mkdir -p "$1/wd" "$1/tmp"
	cp -pR "$FIX"/. "$1/wd/"
}

# native DIR STDIN CMD [ARG...]: runs CMD natively.
native() {
	local dir=$1 in=$2
	shift 2
	_prepare "$dir"
	(cd "$dir/wd" && TMPDIR="$dir/tmp" exec timeout -k 5 "$TO" "$@") \
		<"$in" >"$dir/out" 2>"$dir/err"
	ST=$?
}

# mvx DIR STDIN MVX-RUN-ARGS...: runs `mvx run MVX-RUN-ARGS...` (which holds
# the `--` and the program), then checks that it did not time out and left
# nothing in its TMPDIR.
mvx() {
	local dir=$1 in=$2
	shift 2
	_prepare "$dir"
	(cd "$dir/wd" && TMPDIR="$dir/tmp" exec timeout -k 5 "$TO" "$MVX" run "$@") \
		<"$in" >"$dir/out" 2>"$dir/err"
	ST=$?
	if [ $ST -eq 124 ] || [ $ST -eq 137 ]; then
		bad "mvx run $* did not finish within ${TO}s (status $ST)"
	fi
	expect_empty_dir "$dir/tmp" "TMPDIR of mvx run $*"
}

# --- checks -------------------------------------------------------------------

# expect_status GOT WANT WHAT
expect_status() {
	[ "$1" -eq "$2" ] || bad "$3: exit status $1, expected $2"
}

# expect_same_file GOT WANT WHAT: byte-for-byte equality.
expect_same_file() {
	if ! cmp -s "$1" "$2"; then
		bad "$3 differs from the expected ($(wc -c <"$1") vs $(wc -c <"$2") bytes):"
		diff -a -u "$2" "$1" | head -n 20 | cut -c1-200
	fi
}

# expect_content FILE STRING WHAT: FILE holds exactly STRING.
expect_content() {
	if [ "$(cat "$1"; echo x)" != "$2"x ]; then
		bad "$3: expected $(printf %q "$2"), got $(head -c 300 "$1" | od -c | head -n 5)"
	fi
}

# expect_empty FILE WHAT
expect_empty() {
	[ ! -s "$1" ] || bad "$2 is not empty: $(head -c 300 "$1")"
}

# expect_empty_dir DIR WHAT
expect_empty_dir() {
	local left
	left=$(ls -A "$1" 2>&1)
	[ -z "$left" ] || bad "$2: left behind: $left"
}

# expect_same_tree GOT WANT WHAT: same files (names, types, modes, contents).
expect_same_tree() {
	local a b
	a=$(cd "$1" && find . -printf '%y %m %p\n' | sort && find . -type f -print0 | sort -z | xargs -0r sha256sum)
	b=$(cd "$2" && find . -printf '%y %m %p\n' | sort && find . -type f -print0 | sort -z | xargs -0r sha256sum)
	if [ "$a" != "$b" ]; then
		bad "$3: files written differ:"
		diff -u <(echo "$b") <(echo "$a") | head -n 20
	fi
}

# expect_mvx_msg ERRFILE [REGEX]: mvx said why, on a first line starting
# with "mvx: ", and (with REGEX, case-insensitive) mentioned REGEX.
expect_mvx_msg() {
	if ! head -n 1 "$1" | grep -q '^mvx: '; then
		bad "stderr does not start with 'mvx: ': $(head -c 300 "$1")"
	elif [ $# -gt 1 ] && ! grep -Eqi -- "$2" "$1"; then
		bad "stderr does not mention /$2/: $(head -c 300 "$1")"
	fi
}

# expect_only_mvx_lines ERRFILE: every line (if any) starts with "mvx: ".
expect_only_mvx_lines() {
	if grep -qv '^mvx: ' "$1"; then
		bad "stderr has lines not from mvx: $(grep -v '^mvx: ' "$1" | head -n 3)"
	fi
}

# new_marker: a string unique to this test, passed as an extra argument to
# the test programs so that stray processes can be found by command line.
# variant_args BUILD...: appends "--variant $TEST_BIN/BUILD" for each BUILD
# to the caller's array 'args'.
variant_args() {
	local b
	for b in "$@"; do
		args+=(--variant "$TEST_BIN/$b")
	done
}

new_marker() {
	echo "mvxmark$$x${_n}x$RANDOM$RANDOM"
}

# expect_no_process REGEX WHAT: within 5 s, no process's command line
# matches REGEX.  Survivors are reported, then killed by pid.
expect_no_process() {
	local pids
	for _ in $(seq 50); do
		pids=$(pgrep -f -- "$1") || return 0
		sleep 0.1
	done
	bad "$2: processes survived: $(ps -o pid=,stat=,args= -p "${pids//$'\n'/,}")"
	# shellcheck disable=SC2086
	kill -9 $pids 2>/dev/null
}

# compare N CMD [ARG...]: runs CMD natively and under `mvx run -n N`, with
# stdin from $STDIN (default /dev/null), and checks that status, stdout,
# stderr and the files in the working directory are identical.
compare() {
	local n=$1
	shift
	native "$T/native" "${STDIN:-/dev/null}" "$@"
	local want=$ST
	mvx "$T/mvx" "${STDIN:-/dev/null}" -n "$n" -- "$@"
	expect_status "$ST" "$want" "mvx -n $n"
	expect_same_file "$T/mvx/out" "$T/native/out" "stdout"
	expect_same_file "$T/mvx/err" "$T/native/err" "stderr"
	expect_same_tree "$T/mvx/wd" "$T/native/wd" "working directory"
}
