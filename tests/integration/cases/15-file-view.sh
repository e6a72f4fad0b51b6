# Calls the monitor makes itself for the leader (user/proxy.h): what the
# program sees must be what it sees natively, also where the monitor's own
# view differs (its /proc/self, its credentials, its root).

file_view() {
	compare "$1" "$TEST_BIN/fileview"
	grep -q '^readlink text: file$' "$T/native/out" ||
		bad "native run of fileview (test fixture): $(head -c 300 "$T/native/out")"
	grep -q '^stat /proc/self/fd/77: 0$' "$T/native/out" ||
		bad "native run of fileview (test fixture): no stat of /proc/self/fd/77"
}

# The calls are made by the monitor where they may be (so the test above
# tests that path), and by the leader where the monitor's view differs.
# TRACE CALL ACTION: some CALL of the program is recorded with ACTION.
file_view_by() {
	"$PY" - "$@" <<'PYEOF' || bad "$2 is never '$3' in the trace"
import json, sys
trace, call, action = sys.argv[1:4]
for line in open(trace):
    r = json.loads(line)
    if r["variant"] == 0 and r["syscall"] == call and r["action"] == action:
        sys.exit(0)
sys.exit(1)
PYEOF
}

file_view_actions() {
	mvx "$T/mvx" /dev/null -n 2 --trace "$T/trace.jsonl" -- "$TEST_BIN/fileview"
	expect_status "$ST" 0 "mvx fileview"
	for call in newfstatat readlink access lseek read pread64 getdents64 \
		    statx openat faccessat2; do
		file_view_by "$T/trace.jsonl" "$call" executed-by-monitor
	done
	# /proc/self/exe, and the opened file
	file_view_by "$T/trace.jsonl" readlink executed
	file_view_by "$T/trace.jsonl" openat executed
}

t "files seen as natively where the monitor looks for the leader n=2" file_view 2
t "files seen as natively where the monitor looks for the leader n=3" file_view 3
t "the monitor looks for the leader at files, not at /proc/self" file_view_actions
