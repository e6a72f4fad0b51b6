# Test targets, included by the top-level Makefile (which defines BUILD, CC,
# CFLAGS, LIB_OBJS and `test: all`).
#
#   make test              unit tests, then integration tests (then the
#                          kernel-module tests that kmod/kmod.mk adds)
#   make test-unit         every program in $(UNIT_TESTS) (tests/unit/unit.mk)
#   make test-integration  tests/integration/run: real programs under build/mvx
#   make test-asan         the unit and integration tests again, with the
#                          monitor built with ASan+UBSan into build/asan
#   make test-valgrind     the integration tests again, with build/mvx run
#                          under valgrind's memcheck
#   make test-fuzz         each libFuzzer harness on its regression corpus,
#                          then 10 s (tests/fuzz/fuzz.mk; make fuzz: 60 s)
#   make bench             scripts/bench: native vs mvx vs strace timings
#   make demo              one normal run and one detected divergence
#
# The test programs (tests/progs/*.c) are built with the system gcc into
# $(BUILD)/tests/, independently of CC and CFLAGS (which a sanitizer or fuzz
# build may change): they are the programs mvx runs, not part of mvx.

TEST_BIN    := $(BUILD)/tests
TEST_CC     ?= gcc
TEST_CFLAGS := -std=gnu11 -g -Wall -Wextra -Werror -fno-stack-protector \
	       -D_GNU_SOURCE

# One binary per source, at -O2.
TEST_PROG_NAMES := leak_stdout leak_file int80 hostile sleeper status rdtsc \
		   getppid_loop write_loop forkmany threads4 execchain sigwait \
		   sigself forksleep forkbomb sigflood eintr diskfull epollptr \
		   selfmaps lockrace lockhold termsleep arenas \
		   alarmsleep fileview callsig clockshare stop_floor timersig
# Those of them that start threads, linked with -pthread.
TEST_PTHREAD_NAMES := threads4 forkbomb lockrace lockhold arenas fileview \
		      clockshare sigwait timersig sigself
# Builds of one source that mvx runs side by side as --variant executables:
# vdiff1/vdiff2 behave differently, same_O0/same_O2/same_Os identically,
# vsegv2 faults where vsegv1 does not, vexit2 exits where vexit1 does not,
# lockorder1/2/3 take a lock shared by two processes in different orders,
# lockop2 posts a semaphore where lockop1 takes a mutex, lockend2's second
# thread takes a mutex once less than lockend1's, exitheld1/2 exit while
# their second thread stands at different calls, trywait2's lock is held
# where trywait1's is free, vcrash1 faults where vcrash2 sleeps, unfit2's
# read buffer runs into an unmapped page where unfit1's does not, vrdtsc2
# reads the time-stamp counter 20000 times where vrdtsc1 reads it 10 times.
TEST_VARIANT_NAMES := vdiff1 vdiff2 same_O0 same_O2 same_Os vsegv1 vsegv2 \
		      approved_v1 approved_v2 vexit1 vexit2 lockorder1 lockorder2 \
		      lockorder3 lockop1 lockop2 lockend1 lockend2 exitheld1 exitheld2 \
		      trywait1 trywait2 vcrash1 vcrash2 unfit1 unfit2 vrdtsc1 vrdtsc2
TEST_PROGS := $(addprefix $(TEST_BIN)/,$(TEST_PROG_NAMES) $(TEST_VARIANT_NAMES)) \
	      $(TEST_BIN)/ctorlock

UNIT_TESTS :=
-include tests/unit/unit.mk

.PHONY: test-deps test-progs test-unit test-integration bench demo
test: test-unit test-integration

# Packages for the tests (cmocka, python3, strace, ... and kmod.list).
test-deps:
	@scripts/deps test

test-progs: $(TEST_PROGS)

# The test programs need only the build packages (gcc); the unit tests need
# cmocka from the test packages.
$(TEST_PROGS): | deps
$(UNIT_TESTS): | test-deps

$(TEST_BIN):
	mkdir -p $@

$(TEST_BIN)/%: tests/progs/%.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -O2 -o $@ $<

$(addprefix $(TEST_BIN)/,$(TEST_PTHREAD_NAMES)): TEST_CFLAGS += -pthread

$(TEST_BIN)/approved_v%: tests/progs/approved.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -O2 -DVARIANT=$* -o $@ $<

$(TEST_BIN)/vdiff%: tests/progs/vdiff.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -O2 -DVARIANT=$* -o $@ $<

$(TEST_BIN)/vrdtsc%: tests/progs/rdtsc.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -O2 -DVARIANT=$* -o $@ $<

$(TEST_BIN)/vsegv%: tests/progs/vsegv.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -O2 -DVARIANT=$* -o $@ $<

$(TEST_BIN)/vexit%: tests/progs/vexit.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -pthread -O2 -DVARIANT=$* -o $@ $<

$(TEST_BIN)/lockop%: tests/progs/lockop.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -pthread -O2 -DVARIANT=$* -o $@ $<

$(TEST_BIN)/lockend%: tests/progs/lockend.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -pthread -O2 -DVARIANT=$* -o $@ $<

# ctorlock and the library it is linked with (found next to it)
$(TEST_BIN)/libctorlock.so: tests/progs/ctorlock_lib.c | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -O2 -fPIC -shared -pthread -o $@ $<

$(TEST_BIN)/ctorlock: tests/progs/ctorlock.c tests/progs/util.h $(TEST_BIN)/libctorlock.so | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -O2 -o $@ $< -L$(TEST_BIN) -lctorlock \
		-Wl,-rpath,'$$ORIGIN'

$(TEST_BIN)/vcrash%: tests/progs/vcrash.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -O2 -DVARIANT=$* -o $@ $<

$(TEST_BIN)/unfit%: tests/progs/unfit.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -O2 -DVARIANT=$* -o $@ $<

$(TEST_BIN)/trywait%: tests/progs/trywait.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -pthread -O2 -DVARIANT=$* -o $@ $<

$(TEST_BIN)/exitheld%: tests/progs/exitheld.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -pthread -O2 -DVARIANT=$* -o $@ $<

$(TEST_BIN)/lockorder%: tests/progs/lockorder.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -O2 -DVARIANT=$* -o $@ $<

$(TEST_BIN)/same_%: tests/progs/same.c tests/progs/util.h | $(TEST_BIN)
	$(TEST_CC) $(TEST_CFLAGS) -$* -o $@ $<

# Runs every unit-test program (each prints its own cmocka summary) and
# fails if any fails, or if there is none to run.
test-unit: test-deps $(UNIT_TESTS)
	@if [ -z "$(strip $(UNIT_TESTS))" ]; then \
		echo "mvx: no unit tests defined (UNIT_TESTS in tests/unit/unit.mk)" >&2; \
		exit 1; \
	fi; \
	failed=; \
	for t in $(UNIT_TESTS); do \
		echo "== $$t"; \
		$$t || failed="$$failed $$t"; \
	done; \
	if [ -n "$$failed" ]; then \
		echo "mvx: unit tests failed:$$failed" >&2; \
		exit 1; \
	fi

test-integration: test-deps $(BUILD)/mvx $(TEST_PROGS)
	MVX=$(BUILD)/mvx TEST_BIN=$(TEST_BIN) tests/integration/run

bench: all test-deps $(TEST_PROGS)
	MVX=$(BUILD)/mvx TEST_BIN=$(TEST_BIN) MVX_BENCH_BUILT=1 scripts/bench

# The README's first command: one run whose variants agree, one whose
# variants diverge (a stack address written to stdout) and are stopped.
demo: all $(TEST_BIN)/leak_stdout
	@echo '== 1. sha256sum run natively, then under mvx with 2 variants (same output, status 0)'
	sha256sum README.md Makefile
	$(BUILD)/mvx run -n 2 -- sha256sum README.md Makefile
	@echo
	@echo '== 2. a program that writes the address of a local variable: the variants'
	@echo '==    have different stack addresses, so mvx stops them before that write (status 125)'
	@$(TEST_BIN)/leak_stdout
	@echo '   (that was a native run; now under mvx:)'
	$(BUILD)/mvx run -n 2 -- $(TEST_BIN)/leak_stdout; \
	st=$$?; echo "mvx exit status: $$st"; \
	if [ $$st -ne 125 ]; then echo "mvx: demo: expected the divergence to be detected (status 125)" >&2; exit 1; fi

# make test-asan: the monitor and the unit tests built with AddressSanitizer
# and UndefinedBehaviorSanitizer into $(ASAN_BUILD) (build/ stays the normal
# build), then the unit tests and the integration runner with that mvx.  Any
# sanitizer report (including a leak at exit) fails the run: an ASan or LSan
# report makes the process exit with status 99 and is written under
# $(ASAN_BUILD)/reports/, which must stay empty.  The monitor is the tracer, never a tracee, so
# LeakSanitizer (which stops the monitor's threads with ptrace) works in it.
# ASAN_PATTERN limits the integration run to the tests whose name matches.
# ASAN_CC is gcc by default: its LeakSanitizer finds the session's records
# left allocated at exit, which clang's does not.  gcc's UBSan runtime ignores
# log_path and exitcode: its reports go to stderr with status 1, which the
# integration tests see as a difference from the native run; with
# ASAN_CC=clang they land in the reports directory with status 99 too.
# Changing ASAN_CC or ASAN_CFLAGS rebuilds $(ASAN_BUILD) from scratch.
# ASan's shadow memory and quarantine make the monitor larger: the hostile
# tests' resident-size bound is asserted in the plain run only.
ASAN_BUILD   ?= build/asan
ASAN_CC      ?= gcc
ASAN_PATTERN ?=
ASAN_CFLAGS  := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
		-fno-sanitize-recover=all
ASAN_REPORTS := $(CURDIR)/$(ASAN_BUILD)/reports
ASAN_ENV := ASAN_OPTIONS=detect_leaks=1:exitcode=99:fast_unwind_on_malloc=0:log_path=$(ASAN_REPORTS)/asan \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99:log_path=$(ASAN_REPORTS)/ubsan \
	    LSAN_OPTIONS=exitcode=99

.PHONY: test-asan
test: test-asan

# CFLAGS goes through the environment so that the Makefile's own flags
# (CFLAGS +=) are still added.
test-asan: test-deps $(TEST_PROGS)
	@if [ "$$(cat $(ASAN_BUILD)/compiler 2>/dev/null)" != \
	      "$(ASAN_CC) $(ASAN_CFLAGS)" ]; then \
		rm -rf $(ASAN_BUILD) && mkdir -p $(ASAN_BUILD) && \
		echo "$(ASAN_CC) $(ASAN_CFLAGS)" > $(ASAN_BUILD)/compiler; \
	fi
	rm -rf $(ASAN_REPORTS)
	CFLAGS='$(ASAN_CFLAGS)' $(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) \
		CC=$(ASAN_CC) $(ASAN_BUILD)/mvx
	mkdir -p $(ASAN_REPORTS)
	CFLAGS='$(ASAN_CFLAGS)' $(ASAN_ENV) $(MAKE) --no-print-directory \
		BUILD=$(ASAN_BUILD) CC=$(ASAN_CC) test-unit
	@st=0; $(ASAN_ENV) MVX=$(ASAN_BUILD)/mvx TEST_BIN=$(TEST_BIN) \
		MVX_RSS_LIMIT_KIB=none \
		tests/integration/run '$(ASAN_PATTERN)' || st=1; \
	if [ -n "$$(ls -A $(ASAN_REPORTS))" ]; then \
		echo "mvx: sanitizer reports in $(ASAN_REPORTS):" >&2; \
		grep -h SUMMARY $(ASAN_REPORTS)/* | sort | uniq -c >&2; \
		echo "mvx: the first of them:" >&2; \
		head -n 30 $$(ls $(ASAN_REPORTS)/* | head -n 1) >&2; st=1; \
	fi; \
	exit $$st

# make test-valgrind: the integration runner with build/mvx run under
# valgrind's memcheck (tests/valgrind/mvx-memcheck, which execs valgrind:
# the monitor keeps its pid, and its statuses and output are unchanged).
# valgrind follows the monitor and each variant only until the variant's
# execve (--trace-children=no), never the programs run.  Any memcheck error
# in any of them (invalid access, use of an uninitialised value, a
# definite, indirect or possible leak) or a system call valgrind does not
# know fails it: the process exits 97 (a status no test expects) and
# tests/valgrind/check-logs finds the report among the logs in
# $(VALGRIND_LOGS) (one vg.PID.log per process) and shows it.
# The whole suite runs (about 4 minutes on 2 cores), except the tests whose
# variants are different executables (--variant): valgrind runs in each
# variant until its execve, and the checks it makes there (an open and a
# stat of the variant's own executable) are system calls the monitor sees
# and compares, which differ when the paths do, so those runs diverge
# before the program starts (also "one variant exits early", made of
# --variant builds); and the fork bomb at the default --max-processes
# (8000 processes, minutes under valgrind; the same code runs at limit 40);
# and 70 processes that must all be alive within 5 s (lock-order logs);
# and "a waiting parent's child keeps the parent's CPU": under memcheck the
# parent's monitor, handing the child over, is itself busy on that CPU for
# milliseconds, so the child's set rightly moves to the other CPU;
# and "the monitor looks for the leader at files": valgrind 3.19 does not
# know openat2 and pidfd_getfd, so under it the leader makes those calls
# (the other file-view tests check that this path sees what natively).
# GNU time would measure valgrind, so the hostile tests' resident-size
# bound is asserted in the plain run only.  VALGRIND_PATTERN runs a subset.
VALGRIND_LOGS    := $(abspath $(BUILD))/valgrind/logs
VALGRIND_SKIP    := --variant builds|SIGSEGV in .*: divergence|exits early|default --max-processes|lock-order logs|keeps the parent.s CPU|monitor looks for the leader at files
VALGRIND_PATTERN ?=

.PHONY: test-valgrind
test: test-valgrind

test-valgrind: test-deps $(BUILD)/mvx $(TEST_PROGS)
	rm -rf $(VALGRIND_LOGS)
	mkdir -p $(VALGRIND_LOGS)
	@st=0; MVX=tests/valgrind/mvx-memcheck \
		MVX_MEMCHECK_MVX=$(abspath $(BUILD))/mvx \
		MVX_MEMCHECK_LOGS=$(VALGRIND_LOGS) \
		MVX_TEST_SKIP='$(VALGRIND_SKIP)' TEST_BIN=$(TEST_BIN) \
		MVX_RSS_LIMIT_KIB=none \
		tests/integration/run '$(VALGRIND_PATTERN)' || st=1; \
	tests/valgrind/check-logs $(VALGRIND_LOGS) || st=1; \
	exit $$st

-include tests/fuzz/fuzz.mk
