# cmocka unit tests, included by tests/tests.mk.  Each test is one program in
# $(BUILD)/tests/unit/ that links against the objects it tests.

UNIT_DIR := $(BUILD)/tests/unit

$(UNIT_DIR):
	mkdir -p $@

$(UNIT_DIR)/%.o: tests/unit/%.c | $(UNIT_DIR)
	$(CC) $(CFLAGS) -I$(UNIT_DIR) -c -o $@ $<

# test_syscall_table: the table against <asm/unistd_64.h>.  The header's
# numbers are read by the preprocessor, independently of user/syscalls.def,
# into an initialiser list { "name", nr }, that the test includes.
UNIT_TESTS += $(UNIT_DIR)/test_syscall_table

$(UNIT_DIR)/unistd_64_list.h: tests/unit/unit.mk | $(UNIT_DIR)
	echo '#include <asm/unistd_64.h>' | $(CC) -dM -E - | \
	awk '$$1 == "#define" && $$2 ~ /^__NR_/ { \
		if ($$3 !~ /^[0-9]+$$/) bad = 1; \
		n++; printf "{ \"%s\", %s },\n", substr($$2, 6), $$3 } \
	     END { if (bad || n == 0) exit 1 }' > $@.tmp
	mv $@.tmp $@

$(UNIT_DIR)/test_syscall_table.o: $(UNIT_DIR)/unistd_64_list.h

$(UNIT_DIR)/test_syscall_table: $(UNIT_DIR)/test_syscall_table.o \
				$(BUILD)/user/syscall_table.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# test_call: the comparator, the output copier and the argument renderer on
# a fake variant memory (fake_mem.h).  malloc is wrapped so the test can count
# call.o's allocations.
CALL_TEST_OBJS := $(BUILD)/user/call.o $(BUILD)/user/syscall_table.o \
		  $(BUILD)/user/tracee_mem.o

UNIT_TESTS += $(UNIT_DIR)/test_call

$(UNIT_DIR)/test_call: $(UNIT_DIR)/test_call.o $(CALL_TEST_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -Wl,--wrap=malloc -o $@ $^ -lcmocka

# test_call_regressions: the cases of bugs found in user/call.c and fixed
# (see the end of test_call.c): strings of different lengths, unterminated
# strings, nanosleep's remaining time, the time left of an interrupted sleep
# or select that is to restart.
UNIT_TESTS += $(UNIT_DIR)/test_call_regressions
$(UNIT_DIR)/test_call_regressions.o: tests/unit/test_call.c | $(UNIT_DIR)
	$(CC) $(CFLAGS) -DMVX_TEST_REGRESSIONS -c -o $@ $<

$(UNIT_DIR)/test_call_regressions: $(UNIT_DIR)/test_call_regressions.o \
				  $(CALL_TEST_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -Wl,--wrap=malloc -o $@ $^ -lcmocka

# test_output: JSON strings, the divergence record and the --report file.
UNIT_TESTS += $(UNIT_DIR)/test_output

$(UNIT_DIR)/test_output: $(UNIT_DIR)/test_output.o $(BUILD)/user/output.o \
			 $(BUILD)/user/log.o $(CALL_TEST_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka -lpthread

# test_wait_status: waitpid statuses decoded.
UNIT_TESTS += $(UNIT_DIR)/test_wait_status

$(UNIT_DIR)/test_wait_status: $(UNIT_DIR)/test_wait_status.o \
			      $(BUILD)/user/wait_status.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# test_wait_route: waits with a deadline (its timer's signal before the
# wait4 included).
UNIT_TESTS += $(UNIT_DIR)/test_wait_route

$(UNIT_DIR)/test_wait_route: $(UNIT_DIR)/test_wait_route.o \
			     $(BUILD)/user/wait_route.o $(BUILD)/user/log.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka -lrt -lpthread

# test_options: the command line of `mvx run`.
UNIT_TESTS += $(UNIT_DIR)/test_options

$(UNIT_DIR)/test_options: $(UNIT_DIR)/test_options.o \
			  $(BUILD)/user/options.o $(BUILD)/user/log.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# test_options_regressions: the cases of bugs found in user/options.c and
# fixed: the unknown option named, a second parse starting afresh.
UNIT_TESTS += $(UNIT_DIR)/test_options_regressions
$(UNIT_DIR)/test_options_regressions.o: tests/unit/test_options.c | $(UNIT_DIR)
	$(CC) $(CFLAGS) -DMVX_TEST_REGRESSIONS -c -o $@ $<

$(UNIT_DIR)/test_options_regressions: $(UNIT_DIR)/test_options_regressions.o \
				     $(BUILD)/user/options.o $(BUILD)/user/log.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# test_run_ahead: the calls a leader makes ahead of its followers, kept as
# they were made (user/run_ahead.c), on this process's own memory.
UNIT_TESTS += $(UNIT_DIR)/test_run_ahead

$(UNIT_DIR)/test_run_ahead: $(UNIT_DIR)/test_run_ahead.o \
			    $(BUILD)/user/run_ahead.o $(CALL_TEST_OBJS)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# test_proc_task: signal masks and the blocking call read from /proc.
UNIT_TESTS += $(UNIT_DIR)/test_proc_task

$(UNIT_DIR)/test_proc_task: $(UNIT_DIR)/test_proc_task.o \
			    $(BUILD)/user/proc_task.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

-include $(UNIT_DIR)/*.d

# test_epoll_map: each variant's epoll_event.data, kept for epoll_wait.
UNIT_TESTS += $(UNIT_DIR)/test_epoll_map

$(UNIT_DIR)/test_epoll_map: $(UNIT_DIR)/test_epoll_map.o \
			    $(BUILD)/user/epoll_map.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka -lpthread

# test_self_files: the descriptors that describe a variant's own layout.
UNIT_TESTS += $(UNIT_DIR)/test_self_files

$(UNIT_DIR)/test_self_files: $(UNIT_DIR)/test_self_files.o \
			     $(BUILD)/user/self_files.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka -lpthread

# test_sync_log: the lock-order log the agent keeps (agent/sync_log.c), with
# a leader and followers as threads of the test.
UNIT_TESTS += $(UNIT_DIR)/test_sync_log

$(UNIT_DIR)/test_sync_log: tests/unit/test_sync_log.c agent/sync_log.c \
			   agent/sync_log.h agent/agent_abi.h | $(UNIT_DIR)
	$(CC) $(CFLAGS) -Iagent $(LDFLAGS) -o $@ tests/unit/test_sync_log.c \
		agent/sync_log.c -lcmocka -lpthread

# test_shared_reads: the window of readings every variant gets alike
# (rdtsc values, interval clocks).
UNIT_TESTS += $(UNIT_DIR)/test_shared_reads

$(UNIT_DIR)/test_shared_reads: $(UNIT_DIR)/test_shared_reads.o \
			       $(BUILD)/user/shared_reads.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka

# test_sigvals: each follower's own timer value in the leader's signal
# information; replacement of the oldest note.
UNIT_TESTS += $(UNIT_DIR)/test_sigvals

$(UNIT_DIR)/test_sigvals: $(UNIT_DIR)/test_sigvals.o $(BUILD)/user/sigvals.o
	$(CC) $(CFLAGS) $(LDFLAGS) -pthread -o $@ $^ -lcmocka

# test_selfsig: the signals a leader sends its own process that are held for
# every variant; the table's bounds.
UNIT_TESTS += $(UNIT_DIR)/test_selfsig

$(UNIT_DIR)/test_selfsig: $(UNIT_DIR)/test_selfsig.o $(BUILD)/user/selfsig.o
	$(CC) $(CFLAGS) $(LDFLAGS) -pthread -o $@ $^ -lcmocka

# test_park: the parking call of the handoff and the places the new monitor
# thread may find a parked child.
UNIT_TESTS += $(UNIT_DIR)/test_park

$(UNIT_DIR)/test_park: $(UNIT_DIR)/test_park.o $(BUILD)/user/park.o
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcmocka
