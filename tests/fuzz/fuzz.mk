# libFuzzer harnesses, included by tests/tests.mk.  Built with clang
# (-fsanitize=fuzzer plus AddressSanitizer and UndefinedBehaviorSanitizer)
# into $(FUZZ_DIR), with their own copies of the objects they test.
#
#   make fuzz        each harness for FUZZ_SECONDS (default 60); new inputs
#                    go to $(FUZZ_DIR)/corpus/<harness>/, crashes to
#                    $(FUZZ_DIR)/crash-<harness>-*
#   make test-fuzz   (part of make test) each harness on its regression
#                    corpus tests/fuzz/corpus/<harness>/, then for
#                    FUZZ_TEST_SECONDS (default 10)
#
# Harnesses: fuzz_call (user/call.c: comparator, renderer, output copier),
# fuzz_output (user/output.c: divergence record, JSON strings),
# fuzz_kmod_policy (kmod/policy.c's attribute policies under an emulation of
# the kernel's strict attribute validation, then kmod/lockstep.c fed with
# what they let through; tests/fuzz/kshim/ stands in for the kernel headers).

FUZZ_CC      ?= clang
FUZZ_DIR     := $(BUILD)/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TEST_SECONDS ?= 10
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
		-fno-omit-frame-pointer
FUZZ_CFLAGS  := -O1 -g $(FUZZ_SAN) -fsanitize=fuzzer-no-link -std=gnu11 \
		-Wall -Wextra -Wno-missing-field-initializers -D_GNU_SOURCE
FUZZ_USER_CFLAGS := $(FUZZ_CFLAGS) -Iuser -Iuapi $(NL_CFLAGS)
# Harness options: no input may take more than 10 s or 2 GiB.
FUZZ_OPTS    := -timeout=10 -rss_limit_mb=2048 -print_final_stats=0

FUZZERS := fuzz_call fuzz_output fuzz_kmod_policy
FUZZ_BINS := $(addprefix $(FUZZ_DIR)/,$(FUZZERS))

.PHONY: fuzz test-fuzz fuzz-build
test: test-fuzz

fuzz-build: $(FUZZ_BINS)
$(FUZZ_BINS): | test-deps

$(FUZZ_DIR)/user $(FUZZ_DIR)/kmod:
	mkdir -p $@

$(FUZZ_DIR)/user/%.o: user/%.c | $(FUZZ_DIR)/user
	$(FUZZ_CC) $(FUZZ_USER_CFLAGS) -MMD -MP -c -o $@ $<

FUZZ_CALL_OBJS := $(addprefix $(FUZZ_DIR)/user/,call.o syscall_table.o \
		  tracee_mem.o)

# The harnesses include user/ headers: any change rebuilds them.
FUZZ_USER_HDRS := $(wildcard user/*.h)

$(FUZZ_DIR)/fuzz_call: tests/fuzz/fuzz_call.c tests/fuzz/fuzz_input.h \
		       tests/unit/fake_mem.h tests/unit/json_check.h \
		       $(FUZZ_USER_HDRS) $(FUZZ_CALL_OBJS)
	$(FUZZ_CC) $(FUZZ_USER_CFLAGS) -Werror -fsanitize=fuzzer -o $@ \
		$(filter %.c %.o,$^)

$(FUZZ_DIR)/fuzz_output: tests/fuzz/fuzz_output.c tests/fuzz/fuzz_input.h \
			 tests/unit/fake_mem.h tests/unit/json_check.h \
			 $(FUZZ_USER_HDRS) $(FUZZ_DIR)/user/output.o $(FUZZ_DIR)/user/log.o \
			 $(FUZZ_CALL_OBJS)
	$(FUZZ_CC) $(FUZZ_USER_CFLAGS) -Werror -fsanitize=fuzzer -o $@ \
		$(filter %.c %.o,$^) -lpthread

# The module's sources see tests/fuzz/kshim/ first, as their kernel headers.
FUZZ_KMOD_CFLAGS := $(FUZZ_CFLAGS) -Itests/fuzz/kshim

$(FUZZ_DIR)/kmod/%.o: kmod/%.c $(wildcard tests/fuzz/kshim/*/*.h) \
		      uapi/linux/mvx.h | $(FUZZ_DIR)/kmod
	$(FUZZ_CC) $(FUZZ_KMOD_CFLAGS) -MMD -MP -c -o $@ $<

$(FUZZ_DIR)/fuzz_kmod_policy: tests/fuzz/fuzz_kmod_policy.c \
			      $(wildcard tests/fuzz/kshim/*/*.h) \
			      kmod/lockstep.h kmod/policy.h uapi/linux/mvx.h \
			      $(FUZZ_DIR)/kmod/policy.o \
			      $(FUZZ_DIR)/kmod/lockstep.o
	$(FUZZ_CC) $(FUZZ_KMOD_CFLAGS) -Werror -fsanitize=fuzzer -o $@ \
		$(filter %.c %.o,$^)

# One harness for $(1) seconds: seeds from the regression corpus, new
# inputs into the work corpus.
fuzz_run = mkdir -p $(FUZZ_DIR)/corpus/$(2) && \
	$(FUZZ_DIR)/$(2) $(FUZZ_OPTS) -max_total_time=$(1) \
		-artifact_prefix=$(FUZZ_DIR)/crash-$(2)- \
		$(FUZZ_DIR)/corpus/$(2) tests/fuzz/corpus/$(2)

fuzz: $(FUZZ_BINS)
	@set -e; for h in $(FUZZERS); do \
		echo "== $$h: $(FUZZ_SECONDS) s"; \
		$(call fuzz_run,$(FUZZ_SECONDS),$$h); \
	done

# Every regression input first (each must run clean), then a short run.
test-fuzz: $(FUZZ_BINS)
	@set -e; for h in $(FUZZERS); do \
		echo "== $$h: regression corpus tests/fuzz/corpus/$$h"; \
		ls tests/fuzz/corpus/$$h/* >/dev/null; \
		$(FUZZ_DIR)/$$h $(FUZZ_OPTS) \
			-artifact_prefix=$(FUZZ_DIR)/crash-$$h- \
			tests/fuzz/corpus/$$h/* 2>$(FUZZ_DIR)/$$h.regress.log || \
			{ tail -n 60 $(FUZZ_DIR)/$$h.regress.log >&2; exit 1; }; \
		echo "== $$h: $(FUZZ_TEST_SECONDS) s"; \
		$(call fuzz_run,$(FUZZ_TEST_SECONDS),$$h) \
			2>$(FUZZ_DIR)/$$h.log || \
			{ tail -n 60 $(FUZZ_DIR)/$$h.log >&2; exit 1; }; \
		grep -E '^(#[0-9]+\s+DONE|Done)' $(FUZZ_DIR)/$$h.log || \
			tail -n 1 $(FUZZ_DIR)/$$h.log; \
	done

-include $(FUZZ_DIR)/user/*.d $(FUZZ_DIR)/kmod/*.d
