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

-include $(UNIT_DIR)/*.d
