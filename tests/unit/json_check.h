/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A strict JSON validator for the unit tests (RFC 8259 grammar, one value,
 * optional surrounding whitespace).  mvx writes ASCII JSON, so any byte
 * >= 0x80 is refused too.
 */
#ifndef MVX_TEST_JSON_CHECK_H
#define MVX_TEST_JSON_CHECK_H

#include <stdbool.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

static inline const char *json_value(const char *p, int depth);

static inline const char *json_ws(const char *p)
{
	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	return p;
}

static inline bool json_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	       (c >= 'A' && c <= 'F');
}

static inline const char *json_string(const char *p)
{
	if (*p++ != '"')
		return NULL;
	for (;;) {
		unsigned char c = *p++;

		if (c == '"')
			return p;
		if (c < 0x20 || c >= 0x80)
			return NULL;
		if (c != '\\')
			continue;
		c = *p++;
		if (c == 'u') {
			for (int i = 0; i < 4; i++)
				if (!json_hex(*p++))
					return NULL;
		} else if (!strchr("\"\\/bfnrt", c) || c == '\0') {
			return NULL;
		}
	}
}

static inline const char *json_digits(const char *p)
{
	if (*p < '0' || *p > '9')
		return NULL;
	while (*p >= '0' && *p <= '9')
		p++;
	return p;
}

static inline const char *json_number(const char *p)
{
	if (*p == '-')
		p++;
	if (*p == '0')
		p++;
	else if (!(p = json_digits(p)))
		return NULL;
	if (*p == '.' && !(p = json_digits(p + 1)))
		return NULL;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		p = json_digits(p);
	}
	return p;
}

static inline const char *json_list(const char *p, int depth, char close,
				    bool obj)
{
	p = json_ws(p + 1);
	if (*p == close)
		return p + 1;
	for (;;) {
		if (obj) {
			if (!(p = json_string(json_ws(p))))
				return NULL;
			p = json_ws(p);
			if (*p++ != ':')
				return NULL;
		}
		if (!(p = json_value(p, depth + 1)))
			return NULL;
		if (*p == close)
			return p + 1;
		if (*p++ != ',')
			return NULL;
	}
}

/* Parses one value with its surrounding whitespace; NULL when invalid. */
static inline const char *json_value(const char *p, int depth)
{
	if (depth > JSON_MAX_DEPTH)
		return NULL;
	p = json_ws(p);
	switch (*p) {
	case '{':
		p = json_list(p, depth, '}', true);
		break;
	case '[':
		p = json_list(p, depth, ']', false);
		break;
	case '"':
		p = json_string(p);
		break;
	case 't':
		p = strncmp(p, "true", 4) ? NULL : p + 4;
		break;
	case 'f':
		p = strncmp(p, "false", 5) ? NULL : p + 5;
		break;
	case 'n':
		p = strncmp(p, "null", 4) ? NULL : p + 4;
		break;
	default:
		p = json_number(p);
		break;
	}
	return p ? json_ws(p) : NULL;
}

/* True when 's' is exactly one valid JSON value. */
static inline bool json_valid(const char *s)
{
	const char *end = json_value(s, 0);

	return end && *end == '\0';
}

#endif
