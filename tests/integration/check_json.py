#!/usr/bin/python3
"""Checks mvx's --trace and --report files (used by tests/integration).

check_json.py trace FILE N [diverged]
    FILE has one JSON object per line, each with the fields issue 2 names
    (seq, monitor_tid, group, variant, pid, tid, syscall, args, ret,
    action) of sensible types; every variant 0..N-1 appears; write and
    exit_group appear (or, with 'diverged', an action naming a divergence).
check_json.py report FILE N STATUS [diverged]
    FILE is one JSON object with the number of variants (N), the exit
    status (STATUS), counts per action, and a divergence record exactly
    when 'diverged' is given.
Prints each problem found; exits 1 if there was any.
"""
import json
import sys

problems = []


def bad(msg):
    problems.append(msg)


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def check_trace(path, n, diverged):
    seen_variants = set()
    names = set()
    actions = set()
    count = 0
    try:
        f = open(path)
    except OSError as e:
        bad("no trace: %s" % e)
        return
    with f:
        for lineno, line in enumerate(f, 1):
            try:
                rec = json.loads(line)
            except ValueError as e:
                bad("line %d is not JSON (%s): %.200s" % (lineno, e, line))
                continue
            count += 1
            if not isinstance(rec, dict):
                bad("line %d is not a JSON object" % lineno)
                continue
            for key in ("seq", "monitor_tid", "group", "variant", "pid",
                        "tid", "syscall", "args", "ret", "action"):
                if key not in rec:
                    bad("line %d has no %r: %.200s" % (lineno, key, line))
            for key in ("seq", "monitor_tid", "variant", "pid", "tid"):
                if key in rec and not is_int(rec[key]):
                    bad("line %d: %s is not an integer" % (lineno, key))
            if is_int(rec.get("seq")) and rec["seq"] < 0:
                bad("line %d: negative seq" % lineno)
            v = rec.get("variant")
            if is_int(v):
                if not 0 <= v < n:
                    bad("line %d: variant %d out of range 0..%d" % (lineno, v, n - 1))
                seen_variants.add(v)
            if not isinstance(rec.get("syscall"), str) or not rec.get("syscall"):
                bad("line %d: syscall is not a name" % lineno)
            else:
                names.add(rec["syscall"])
            if not isinstance(rec.get("action"), str) or not rec.get("action"):
                bad("line %d: action is not a name" % lineno)
            else:
                actions.add(rec["action"])
            if len(problems) > 10:
                return
    if count == 0:
        bad("the trace is empty")
        return
    if seen_variants != set(range(n)):
        bad("variants in the trace: %s, expected 0..%d" % (sorted(seen_variants), n - 1))
    if diverged:
        if not any("diverg" in a for a in actions):
            bad("no action names the divergence; actions: %s" % sorted(actions))
    else:
        for name in ("write", "exit_group"):
            if name not in names:
                bad("no %s in the trace" % name)


def find(obj, *keys):
    for k in keys:
        if k in obj:
            return obj[k]
    return None


def check_report(path, n, status, diverged):
    try:
        with open(path) as f:
            rep = json.load(f)
    except (OSError, ValueError) as e:
        bad("the report is not JSON: %s" % e)
        return
    if not isinstance(rep, dict):
        bad("the report is not a JSON object")
        return
    v = rep.get("variants")
    if not (v == n or (isinstance(v, list) and len(v) == n)):
        bad("variants is %r, expected %d (or a list of %d)" % (v, n, n))
    st = find(rep, "exit_status", "status", "exit")
    if isinstance(st, dict):
        st = find(st, "status", "code", "value")
    if st != status:
        bad("exit status is %r, expected %d (keys: %s)" % (st, status, sorted(rep)))
    counts = find(rep, "counts", "actions", "action_counts")
    if not isinstance(counts, dict) or not counts:
        bad("no counts per action (keys: %s)" % sorted(rep))
    elif not all(is_int(c) and c >= 0 for c in counts.values()) or sum(counts.values()) == 0:
        bad("counts per action are not counts: %r" % counts)
    div = rep.get("divergence")
    if diverged:
        if not isinstance(div, dict) or not div:
            bad("no divergence record: %r" % (div,))
        elif "write" not in json.dumps(div):
            bad("the divergence record does not name the call (write): %.300s" % json.dumps(div))
    elif div:
        bad("a divergence record in a run without divergence: %.300s" % json.dumps(div))


def main(argv):
    if len(argv) >= 4 and argv[1] == "trace":
        check_trace(argv[2], int(argv[3]), argv[4:] == ["diverged"])
    elif len(argv) >= 5 and argv[1] == "report":
        check_report(argv[2], int(argv[3]), int(argv[4]), argv[5:] == ["diverged"])
    else:
        print(__doc__)
        return 2
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
