# mvx top-level build. `make` builds build/mvx; `make test` runs every test.
# Fragments: tests/tests.mk (test targets), kmod/kmod.mk (module, KUnit, VM test).

BUILD      ?= build
CC         ?= gcc
PKG_CONFIG ?= pkg-config

NL_CFLAGS := $(shell $(PKG_CONFIG) --cflags libnl-genl-3.0 2>/dev/null)
NL_LIBS   := $(shell $(PKG_CONFIG) --libs libnl-genl-3.0 2>/dev/null)

CFLAGS   ?= -O2 -g
CFLAGS   += -std=gnu11 -Wall -Wextra -Werror -Wshadow -Wno-missing-field-initializers \
	    -D_GNU_SOURCE -Iuser -Iuapi $(NL_CFLAGS) -MMD -MP
LDLIBS   += -lpthread $(NL_LIBS)

USER_SRCS := $(wildcard user/*.c)
# The monitor reads the lock-order log with the agent's own code.
USER_OBJS := $(USER_SRCS:user/%.c=$(BUILD)/user/%.o) $(BUILD)/user/sync_log.o
# Everything but main.o, for the unit tests and fuzzers to link against.
LIB_OBJS  := $(filter-out $(BUILD)/user/main.o,$(USER_OBJS))

.PHONY: all deps clean test
all: deps $(BUILD)/mvx

# `make test` runs every test; the fragments add their targets as
# prerequisites of `test` (in order: unit, integration, kernel module).
test: all

deps:
	@scripts/deps build

# The lock-order agent runs inside the variants: built with the system gcc
# and its own flags, never with the monitor's (a sanitizer build, say).
AGENT_CC     ?= gcc
AGENT_CFLAGS := -std=gnu11 -O2 -g -fPIC -fvisibility=hidden -Wall -Wextra \
		-Werror -D_GNU_SOURCE
AGENT_SRCS   := agent/sync_agent.c agent/sync_log.c agent/malloc_arenas.c
# Two segments and no read-only relocations to protect: fewer mmap and
# mprotect calls, each a stop, when the loader maps it into every process.
AGENT_LDFLAGS := -Wl,-z,noseparate-code -Wl,-z,norelro

$(BUILD)/mvx: $(USER_OBJS) | $(BUILD)/mvx-agent.so
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/mvx-agent.so: $(AGENT_SRCS) agent/sync_log.h agent/agent_abi.h \
		       agent/malloc_arenas.h | $(BUILD)/user
	$(AGENT_CC) $(AGENT_CFLAGS) -shared $(AGENT_LDFLAGS) -o $@ $(AGENT_SRCS)

$(BUILD)/user/%.o: user/%.c | $(BUILD)/user
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/user/sync_log.o: agent/sync_log.c | $(BUILD)/user
	$(CC) $(CFLAGS) -c -o $@ $<

$(BUILD)/user:
	mkdir -p $@

clean:
	rm -rf $(BUILD)
	-$(MAKE) -s -C kmod clean 2>/dev/null || true

-include tests/tests.mk
-include kmod/kmod.mk
-include $(USER_OBJS:.o=.d)
