/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Userspace stand-in for <net/netlink.h> (tests/fuzz/kshim): struct
 * nla_policy and the NLA_POLICY_* initialisers as in Linux 6.1, and
 * kshim_nla_parse(), an emulation of the kernel's strict attribute parsing
 * (lib/nlattr.c, __nla_validate_parse with NL_VALIDATE_STRICT, the mode
 * generic netlink uses for a family without GENL_DONT_VALIDATE_STRICT) for
 * the attribute types and validations the mvx policies use.  Anything else
 * in a policy aborts: the emulation would have to learn it first.  Where
 * the kernel would WARN (a range that does not fit the policy's s16), the
 * emulation aborts too.
 */
#ifndef MVX_KSHIM_NET_NETLINK_H
#define MVX_KSHIM_NET_NETLINK_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/netlink.h>	/* struct nlattr, NLA_ALIGN, NLA_HDRLEN */
#include <linux/types.h>

enum {
	NLA_UNSPEC, NLA_U8, NLA_U16, NLA_U32, NLA_U64, NLA_STRING, NLA_FLAG,
	NLA_MSECS, NLA_NESTED, NLA_NESTED_ARRAY, NLA_NUL_STRING, NLA_BINARY,
	NLA_S8, NLA_S16, NLA_S32, NLA_S64, NLA_BITFIELD32, NLA_REJECT,
	NLA_BE16, NLA_BE32, __NLA_TYPE_MAX,
};

enum nla_policy_validation {
	NLA_VALIDATE_NONE, NLA_VALIDATE_RANGE, NLA_VALIDATE_RANGE_WARN_TOO_LONG,
	NLA_VALIDATE_MIN, NLA_VALIDATE_MAX, NLA_VALIDATE_MASK,
	NLA_VALIDATE_RANGE_PTR, NLA_VALIDATE_FUNCTION,
};

struct netlink_range_validation {
	u64 min, max;
};

struct nla_policy {
	u8 type;
	u8 validation_type;
	u16 len;
	union {
		const u32 mask;
		struct netlink_range_validation *range;
		struct {
			s16 min, max;
		};
	};
};

#define NLA_POLICY_RANGE(tp, _min, _max) { .type = (tp), \
	.validation_type = NLA_VALIDATE_RANGE, .min = (_min), .max = (_max) }
#define NLA_POLICY_FULL_RANGE(tp, _range) { .type = (tp), \
	.validation_type = NLA_VALIDATE_RANGE_PTR, .range = (_range) }
#define NLA_POLICY_MIN(tp, _min) { .type = (tp), \
	.validation_type = NLA_VALIDATE_MIN, .min = (_min) }
#define NLA_POLICY_MAX(tp, _max) { .type = (tp), \
	.validation_type = NLA_VALIDATE_MAX, .max = (_max) }
#define NLA_POLICY_MASK(tp, _mask) { .type = (tp), \
	.validation_type = NLA_VALIDATE_MASK, .mask = (_mask) }
#define NLA_POLICY_EXACT_LEN(_len) NLA_POLICY_RANGE(NLA_BINARY, _len, _len)

static inline int nla_type(const struct nlattr *nla)
{
	return nla->nla_type & NLA_TYPE_MASK;
}

static inline int nla_len(const struct nlattr *nla)
{
	return nla->nla_len - NLA_HDRLEN;
}

static inline void *nla_data(const struct nlattr *nla)
{
	return (char *)nla + NLA_HDRLEN;
}

static inline u32 nla_get_u32(const struct nlattr *nla)
{
	u32 v;

	memcpy(&v, nla_data(nla), sizeof(v));
	return v;
}

static inline void kshim_warn(const char *what)
{
	fprintf(stderr, "kshim: the kernel would WARN: %s\n", what);
	abort();
}

/* lib/nlattr.c: validate_nla() for NLA_UNSPEC, NLA_U32 and NLA_BINARY. */
static inline int kshim_validate_nla(const struct nlattr *nla,
				     const struct nla_policy *pt)
{
	int attrlen = nla_len(nla);
	struct netlink_range_validation r = { 0, 0 };
	u64 value;

	if (pt->type == NLA_U32 && attrlen != 4)
		return -EINVAL;		/* strict: exact length */
	if (nla->nla_type & NLA_F_NESTED)
		return -EINVAL;		/* strict: not a nested type */
	switch (pt->type) {
	case NLA_UNSPEC:
		return -EINVAL;		/* strict: unsupported attribute */
	case NLA_BINARY:
		if (pt->len && attrlen > pt->len)
			return -ERANGE;
		value = attrlen;
		r.max = 0xffff;
		break;
	case NLA_U32:
		value = nla_get_u32(nla);
		r.max = 0xffffffff;
		break;
	default:
		fprintf(stderr, "kshim: policy type %d not emulated\n",
			pt->type);
		abort();
	}
	switch (pt->validation_type) {
	case NLA_VALIDATE_NONE:
		return 0;
	case NLA_VALIDATE_MASK:
		if (pt->type != NLA_U32)
			abort();
		return value & ~(u64)pt->mask ? -EINVAL : 0;
	case NLA_VALIDATE_RANGE_PTR:
		r = *pt->range;
		break;
	case NLA_VALIDATE_RANGE:
	case NLA_VALIDATE_MIN:
	case NLA_VALIDATE_MAX:
		/* nla_get_range_unsigned(): WARN_ON_ONCE(min < 0 || max < 0) */
		if (pt->min < 0 || pt->max < 0)
			kshim_warn("negative s16 bound in an unsigned range");
		if (pt->validation_type != NLA_VALIDATE_MAX)
			r.min = pt->min;
		if (pt->validation_type != NLA_VALIDATE_MIN)
			r.max = pt->max;
		break;
	default:
		fprintf(stderr, "kshim: validation %d not emulated\n",
			pt->validation_type);
		abort();
	}
	return value < r.min || value > r.max ? -ERANGE : 0;
}

/*
 * __nla_validate_parse(head, len, maxtype, policy, NL_VALIDATE_STRICT,
 * NULL, tb, 0): fills tb[1..maxtype] (the last of repeated attributes
 * wins) or returns a negative errno.
 */
static inline int kshim_nla_parse(const struct nlattr **tb, int maxtype,
				  const void *head, int len,
				  const struct nla_policy *policy)
{
	const struct nlattr *nla = head;
	int rem = len;

	memset(tb, 0, sizeof(*tb) * (maxtype + 1));
	/* nla_for_each_attr / nla_ok */
	while (rem >= (int)sizeof(*nla) && nla->nla_len >= sizeof(*nla) &&
	       nla->nla_len <= rem) {
		int type = nla_type(nla);
		int err;

		if (type == 0 || type > maxtype)
			return -EINVAL;	/* NL_VALIDATE_MAXTYPE */
		err = kshim_validate_nla(nla, &policy[type]);
		if (err < 0)
			return err;
		tb[type] = nla;
		rem -= NLA_ALIGN(nla->nla_len);
		nla = (const struct nlattr *)((const char *)nla +
					      NLA_ALIGN(nla->nla_len));
	}
	return rem > 0 ? -EINVAL : 0;	/* NL_VALIDATE_TRAILING */
}

#endif
