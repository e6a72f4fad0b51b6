# --trace, --report, -v, --help and --version.

CHECK_JSON=$here/check_json.py

trace_report_ok() {
	mvx "$T/mvx" /dev/null -n "$1" --trace "$T/trace.jsonl" --report "$T/report.json" \
		-- echo traced
	expect_status "$ST" 0 "mvx -n $1 --trace --report echo"
	expect_content "$T/mvx/out" $'traced\n' "stdout"
	expect_empty "$T/mvx/err" "stderr"
	"$PY" "$CHECK_JSON" trace "$T/trace.jsonl" "$1" || bad "trace: see above"
	"$PY" "$CHECK_JSON" report "$T/report.json" "$1" 0 || bad "report: see above"
}

trace_report_status() {
	mvx "$T/mvx" /dev/null -n 2 --report "$T/report.json" -- "$TEST_BIN/status" exit 7
	expect_status "$ST" 7 "mvx status exit 7"
	"$PY" "$CHECK_JSON" report "$T/report.json" 2 7 || bad "report: see above"
}

trace_report_diverged() {
	mvx "$T/mvx" /dev/null -n "$1" --trace "$T/trace.jsonl" --report "$T/report.json" \
		-- "$TEST_BIN/leak_stdout"
	expect_status "$ST" 125 "mvx -n $1 --trace --report leak_stdout"
	expect_content "$T/mvx/out" $'before\n' "stdout"
	"$PY" "$CHECK_JSON" trace "$T/trace.jsonl" "$1" diverged || bad "trace: see above"
	"$PY" "$CHECK_JSON" report "$T/report.json" "$1" 125 diverged || bad "report: see above"
}

verbose() {
	mvx "$T/mvx" /dev/null -n 2 -v -- echo verbose
	expect_status "$ST" 0 "mvx -v echo"
	expect_content "$T/mvx/out" $'verbose\n' "stdout"
	grep -q 'write(1, "verbose' "$T/mvx/err" ||
		bad "-v: no strace-like 'write(1, \"verbose...' line on stderr: $(head -c 300 "$T/mvx/err")"
}

help_version() {
	timeout 10 "$MVX" --help >"$T/out" 2>"$T/err"
	expect_status $? 0 "mvx --help"
	for opt in --variants --variant --trace --report -v; do
		grep -q -e "$opt" "$T/out" || bad "--help does not mention $opt"
	done
	timeout 10 "$MVX" --version >"$T/out" 2>"$T/err"
	expect_status $? 0 "mvx --version"
	grep -q '^mvx [0-9]' "$T/out" || bad "--version does not print 'mvx VERSION': $(head -c 100 "$T/out")"
}

t "--trace/--report, no divergence n=2" trace_report_ok 2
t "--trace/--report, no divergence n=3" trace_report_ok 3
t "--report exit status 7" trace_report_status
t "--trace/--report record the divergence n=2" trace_report_diverged 2
t "--trace/--report record the divergence n=3" trace_report_diverged 3
t "-v prints an strace-like trace on stderr" verbose
t "--help and --version" help_version
