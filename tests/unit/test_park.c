// SPDX-License-Identifier: GPL-2.0
/* cmocka tests of user/park.c: the parking call of the handoff, and where
 * a parked child may be found when the new monitor thread attaches. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>
#include <sys/syscall.h>

#include "park.h"

#define RIP_AFTER 0x7f0000001002ULL	/* after the child's syscall insn */
#define RIP_INSN (RIP_AFTER - 2)

/* A child at its first call's entry: rseq, as in a thread of glibc. */
static struct user_regs_struct first_call(void)
{
	struct user_regs_struct r;

	memset(&r, 0, sizeof(r));
	r.orig_rax = SYS_rseq;
	r.rax = (unsigned long long)-38;	/* -ENOSYS at the entry */
	r.rip = RIP_AFTER;
	r.rsp = 0x7ffc00001000ULL;
	r.rdi = 0x1111;
	r.rsi = 0x20;
	r.rdx = 0;
	r.r10 = 0x53053053;
	return r;
}

/* The parked child as the attach's SIGSTOP finds it inside the call. */
static struct user_regs_struct parked(void)
{
	struct user_regs_struct r = first_call();

	mvx_park_regs(&r, r.rsp - MVX_PARK_MASK_BELOW);
	r.rax = (unsigned long long)-514;	/* -ERESTARTNOHAND */
	return r;
}

static void park_regs_make_the_parking_call(void **state)
{
	struct user_regs_struct saved = first_call(), r = parked();

	(void)state;
	assert_int_equal(r.orig_rax, SYS_rt_sigsuspend);
	assert_int_equal(r.rdi, saved.rsp - MVX_PARK_MASK_BELOW);
	assert_int_equal(r.rsi, 8);
	assert_int_equal(r.rdx, MVX_PARK_MAGIC1);
	assert_int_equal(r.r10, MVX_PARK_MAGIC2);
	/* the rest of the child's registers stay as they were */
	assert_int_equal(r.rip, saved.rip);
	assert_int_equal(r.rsp, saved.rsp);
}

static void found_inside_the_call(void **state)
{
	struct user_regs_struct saved = first_call(), r = parked();

	(void)state;
	assert_true(mvx_is_parked(&r, &saved));
	/* the kernel has already moved back for the restart */
	r.rip = RIP_INSN;
	r.rax = SYS_rt_sigsuspend;
	assert_true(mvx_is_parked(&r, &saved));
}

/* The detach's wakeup restarted the call from user mode, and an interrupt
 * on the syscall instruction let the SIGSTOP stop the child there. */
static void found_at_the_restart_in_user_mode(void **state)
{
	struct user_regs_struct saved = first_call(), r = parked();

	(void)state;
	r.orig_rax = (unsigned long long)-1;
	r.rip = RIP_INSN;
	r.rax = SYS_rt_sigsuspend;
	assert_true(mvx_is_parked(&r, &saved));
}

static void not_parked_elsewhere(void **state)
{
	struct user_regs_struct saved = first_call(), r;

	(void)state;
	/* in user mode, but not on the parking call's instruction */
	r = parked();
	r.orig_rax = (unsigned long long)-1;
	r.rip = RIP_INSN - 7;
	r.rax = SYS_rt_sigsuspend;
	assert_false(mvx_is_parked(&r, &saved));
	/* on it, but about to make another call */
	r.rip = RIP_INSN;
	r.rax = SYS_getpid;
	assert_false(mvx_is_parked(&r, &saved));
	/* an rt_sigsuspend of its own, without the marker values */
	r = parked();
	r.r10 = 0;
	assert_false(mvx_is_parked(&r, &saved));
	r = parked();
	r.rdx = 0;
	assert_false(mvx_is_parked(&r, &saved));
	/* the parking call at another place */
	r = parked();
	r.rip = RIP_AFTER + 0x40;
	assert_false(mvx_is_parked(&r, &saved));
	/* the saved first call itself (already put back) */
	r = mvx_unpark_regs(&saved);
	assert_false(mvx_is_parked(&r, &saved));
}

static void unpark_makes_the_first_call_again(void **state)
{
	struct user_regs_struct saved = first_call();
	struct user_regs_struct back = mvx_unpark_regs(&saved);

	(void)state;
	assert_int_equal(back.rip, RIP_INSN);
	assert_int_equal(back.rax, SYS_rseq);
	assert_int_equal(back.orig_rax, SYS_rseq);
	assert_int_equal(back.rdi, saved.rdi);
	assert_int_equal(back.rsi, saved.rsi);
	assert_int_equal(back.rdx, saved.rdx);
	assert_int_equal(back.r10, saved.r10);
	assert_int_equal(back.rsp, saved.rsp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(park_regs_make_the_parking_call),
		cmocka_unit_test(found_inside_the_call),
		cmocka_unit_test(found_at_the_restart_in_user_mode),
		cmocka_unit_test(not_parked_elsewhere),
		cmocka_unit_test(unpark_makes_the_first_call_again),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
