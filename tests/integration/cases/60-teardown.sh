# Teardown: when mvx is killed (SIGKILL included), no variant survives and
# no temporary file is left.

# killed SIGNAL N: start sleeper under mvx -n N, wait until its N variants
# run, kill mvx with SIGNAL, and check that everything is gone.
killed() {
	local sig=$1 n=$2 m pid variants=0 st
	m=$(new_marker)
	mkdir -p "$T/tmp"
	TMPDIR="$T/tmp" "$MVX" run -n "$n" -- "$TEST_BIN/sleeper" "$m" \
		</dev/null >"$T/out" 2>"$T/err" &
	pid=$!
	# The variants: processes whose command line starts with the
	# sleeper (mvx's own command line starts with mvx).
	for _ in $(seq 100); do
		variants=$(pgrep -c -f -- "^[^ ]*sleeper $m\$")
		[ "$variants" -ge "$n" ] && grep -q sleeping "$T/out" && break
		sleep 0.1
	done
	[ "$variants" -eq "$n" ] ||
		bad "expected $n variants running, found $variants: $(head -c 300 "$T/err")"
	expect_content "$T/out" $'sleeping\n' "stdout"
	kill "-$sig" "$pid"
	wait "$pid"
	st=$?
	[ "$st" -ne 0 ] || bad "mvx exited 0 after SIG$sig"
	expect_no_process "$m" "after SIG$sig to mvx"
	expect_empty_dir "$T/tmp" "TMPDIR"
}

t "teardown: kill -9 mvx, n=2" killed KILL 2
t "teardown: kill -9 mvx, n=3" killed KILL 3
t "teardown: kill -TERM mvx, n=2" killed TERM 2
