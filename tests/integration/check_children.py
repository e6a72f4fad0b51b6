#!/usr/bin/python3
"""The no-escape check of issue 3 on an mvx --trace file (tests/integration).

check_children.py TRACE N CHILDREN CALLS
    TRACE is the --trace of `mvx run -n N -- forkmany HOW CHILDREN ...`,
    whose child k writes "child KKKK ok \\n" with pwrite64.  CALLS is the
    comma-separated list of the system calls every child makes, in order,
    from its first one (e.g. "pwrite64,getpid,getppid,exit_group").

Checks:
  - the initial variant set (the group of the first execve) is monitored
    by one thread, the initial monitor_tid M0;
  - for every child k and every variant v there is exactly one variant set
    (group) whose pwrite64 wrote child k's line, and in that group variant
    v's calls, ordered by seq, are exactly CALLS: nothing before the first
    call, nothing missing, nothing after the exit;
  - every record of a child's group has one monitor_tid, not M0, and no
    child call appears in the initial group;
  - each child group holds one process per variant, none of them a parent,
    and the initial group only the first processes;
  - the number of distinct monitor_tids is at least 1 + CHILDREN.
Prints each problem found (at most 20); exits 1 if there was any.
"""
import json
import sys
from collections import defaultdict

problems = []


def bad(msg):
    if len(problems) < 20:
        print(msg)
    problems.append(msg)


def main():
    path, n, children, calls = sys.argv[1], int(sys.argv[2]), \
        int(sys.argv[3]), sys.argv[4].split(",")
    recs = []
    try:
        with open(path) as f:
            for lineno, line in enumerate(f, 1):
                try:
                    recs.append(json.loads(line))
                except ValueError as e:
                    bad("line %d is not JSON (%s)" % (lineno, e))
    except OSError as e:
        bad("no trace: %s" % e)
    if not recs:
        bad("the trace is empty")
        return
    try:
        first = min((r for r in recs if r["syscall"] == "execve"),
                    key=lambda r: r["seq"])
    except ValueError:
        bad("no execve in the trace")
        return
    g0 = first["group"]
    by_group = defaultdict(list)
    for r in recs:
        by_group[r["group"]].append(r)
    m0 = {r["monitor_tid"] for r in by_group[g0]}
    if len(m0) != 1:
        bad("the initial group %s has several monitor_tids: %s" % (g0, sorted(m0)))
    m0 = min(m0)
    # the variants' first processes, from their first execve
    parent_pids = {r["pid"] for r in by_group[g0] if r["seq"] == first["seq"]}
    if len(parent_pids) != n:
        bad("the first execve has %d processes, expected %d"
            % (len(parent_pids), n))

    # child k -> variant -> groups whose pwrite64 wrote its line
    owner = defaultdict(lambda: defaultdict(set))
    for r in recs:
        if r["syscall"] != "pwrite64":
            continue
        args = r.get("args") or []
        text = args[1] if len(args) > 1 and isinstance(args[1], str) else ""
        if text.startswith("child ") and text.endswith(" ok \n"):
            try:
                k = int(text.split()[1])
            except ValueError:
                continue
            owner[k][r["variant"]].add(r["group"])
            if r["group"] == g0:
                bad("child %d's pwrite64 (variant %d) is in the initial group"
                    % (k, r["variant"]))

    for k in range(children):
        groups = set()
        for v in range(n):
            gs = owner[k][v]
            if len(gs) != 1:
                bad("child %d, variant %d: its pwrite64 is in %d groups (%s), expected 1"
                    % (k, v, len(gs), sorted(gs)))
            groups |= gs
        if len(groups) != 1:
            if groups:
                bad("child %d: its variants are in different groups %s"
                    % (k, sorted(groups)))
            continue
        g = groups.pop()
        if g == g0:
            continue
        rs = by_group[g]
        tids = {r["monitor_tid"] for r in rs}
        if len(tids) != 1:
            bad("child %d (group %s): several monitor_tids %s" % (k, g, sorted(tids)))
        elif m0 in tids:
            bad("child %d (group %s): monitored by the initial monitor thread %d"
                % (k, g, m0))
        for v in range(n):
            mine = sorted((r for r in rs if r["variant"] == v),
                          key=lambda r: r["seq"])
            names = [r["syscall"] for r in mine]
            if names != calls:
                bad("child %d (group %s), variant %d: calls %s, expected %s"
                    % (k, g, v, names, calls))
            pids = {r["pid"] for r in mine}
            if len(pids) != 1 or pids & parent_pids:
                bad("child %d (group %s), variant %d: pids %s (parents %s)"
                    % (k, g, v, sorted(pids), sorted(parent_pids)))
        vpids = {r["variant"]: r["pid"] for r in rs}
        if len(set(vpids.values())) != n:
            bad("child %d (group %s): not one process per variant: %s" % (k, g, vpids))
    # no call of another process in the initial group
    for r in by_group[g0]:
        if r["pid"] not in parent_pids:
            bad("a %s of pid %d in the initial group" % (r["syscall"], r["pid"]))
    tids = {r["monitor_tid"] for r in recs}
    if len(tids) < 1 + children:
        bad("%d distinct monitor_tids, expected at least %d"
            % (len(tids), 1 + children))


main()
if problems:
    print("%d problem(s) in the trace" % len(problems))
sys.exit(1 if problems else 0)
