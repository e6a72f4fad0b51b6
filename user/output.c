// SPDX-License-Identifier: GPL-2.0
#include "output.h"

#include "../agent/agent_abi.h"

#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"

static const char *const action_names[MVX_ACT_COUNT] = {
	[MVX_ACT_EXECUTED] = "executed",
	[MVX_ACT_REPLICATED] = "replicated",
	[MVX_ACT_EXECUTED_BY_ALL] = "executed-by-all",
	[MVX_ACT_EMULATED] = "emulated",
	[MVX_ACT_SKIPPED] = "skipped",
	[MVX_ACT_DIVERGED] = "diverged",
	[MVX_ACT_KERNEL_APPROVED] = "kernel-approved",
	[MVX_ACT_UNMATCHED] = "unmatched",
	[MVX_ACT_BY_MONITOR] = "executed-by-monitor",
	[MVX_ACT_EXECUTED_AHEAD] = "executed-ahead",
};

const char *mvx_action_name(enum mvx_action a)
{
	return a < MVX_ACT_COUNT ? action_names[a] : "?";
}

void mvx_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static const char *call_name(const struct mvx_call *c, char *buf, size_t len)
{
	const char *name = c->arch == MVX_ARCH_X86_64 ?
		mvx_syscall_name(c->nr) : NULL;

	if (name)
		return name;
	if (c->arch == MVX_ARCH_X86_64 && c->nr == MVX_AGENT_NR)
		return "mvx_agent_call";	/* agent_host.h */
	snprintf(buf, len, "syscall_%ld", c->nr);
	return buf;
}

static int nargs_of(const struct mvx_call *c)
{
	return c->desc ? c->desc->nargs : MVX_MAX_ARGS;
}

#define ARGS_TEXT 2048

/* Renders the arguments of 'c' as a list: JSON array items or "a, b". */
static void render_args(const struct mvx_call *c, char *out, size_t len,
			bool json)
{
	char arg[256];
	size_t o = 0;

	out[0] = '\0';
	for (int k = 0; k < nargs_of(c) && o < len; k++) {
		mvx_format_arg(c, k, arg, sizeof(arg), json);
		o += snprintf(out + o, len - o, "%s%s",
			      k ? (json ? "," : ", ") : "", arg);
	}
}

void mvx_output_capture(struct mvx_vset *vs, int i)
{
	struct mvx_task *t = &vs->t[i];

	for (int j = 0; j < 2; j++) {
		if (!t->args_text[j])
			t->args_text[j] = malloc(ARGS_TEXT);
		if (t->args_text[j])
			render_args(&t->call, t->args_text[j], ARGS_TEXT,
				    j == 0);
	}
	t->args_fresh = t->args_text[0] && t->args_text[1];
}

void mvx_output_trace(struct mvx_vset *vs, int i, enum mvx_action a, long ret)
{
	struct mvx_task *t = &vs->t[i];
	const struct mvx_call *c = &t->call;
	struct mvx_session *s = vs->s;
	char nb[32];
	const char *name = call_name(c, nb, sizeof(nb));
	pid_t me = (pid_t)syscall(SYS_gettid);

	if (!t->args_fresh)
		mvx_output_capture(vs, i);
	pthread_mutex_lock(&s->lock);
	if (s->trace) {
		fprintf(s->trace,
			"{\"seq\":%llu,\"monitor_tid\":%d,\"group\":%d,\"variant\":%d,\"pid\":%d,\"tid\":%d,\"syscall\":",
			(unsigned long long)vs->seq, me, vs->id, i, t->tid,
			t->tid);
		mvx_json_string(s->trace, name);
		fprintf(s->trace,
			",\"args\":[%s],\"ret\":%ld,\"action\":\"%s\"}\n",
			t->args_text[0] ? t->args_text[0] : "", ret,
			mvx_action_name(a));
	}
	if (mvx_verbose)
		fprintf(stderr, "[%d:%d %d] %s(%s) = %ld <%s>\n", vs->id, i,
			t->tid, name, t->args_text[1] ? t->args_text[1] : "",
			ret, mvx_action_name(a));
	pthread_mutex_unlock(&s->lock);
}

void mvx_format_divergence(FILE *out, const struct mvx_call *calls, int n,
			   uint64_t seq, int group,
			   const struct mvx_diff *diff, const char *why,
			   const struct mvx_hist *hist, unsigned int hist_len,
			   bool json)
{
	char nb[32], rb[32], arg[256];
	int nargs = 0;

	for (int v = 0; v < n; v++)
		if (nargs_of(&calls[v]) > nargs)
			nargs = nargs_of(&calls[v]);
	if (json) {
		fprintf(out, "{\"seq\":%llu,\"group\":%d,\"syscall\":",
			(unsigned long long)seq, group);
		mvx_json_string(out, call_name(&calls[0], nb, sizeof(nb)));
		fputs(",\"reason\":", out);
		mvx_json_string(out, why ? why : "");
		fprintf(out, ",\"diverging_variant\":%d,\"diverging_arg\":%d",
			diff ? diff->variant : -1, diff ? diff->arg : -1);
		fputs(",\"variants\":[", out);
		for (int v = 0; v < n; v++) {
			fprintf(out, "%s{\"variant\":%d,\"syscall\":", v ? "," : "",
				v);
			mvx_json_string(out, call_name(&calls[v], nb,
						       sizeof(nb)));
			fputs(",\"args\":[", out);
			for (int k = 0; k < nargs_of(&calls[v]); k++) {
				mvx_format_arg(&calls[v], k, arg, sizeof(arg),
					       true);
				fprintf(out, "%s%s", k ? "," : "", arg);
			}
			fputs("]}", out);
		}
		fputs("],\"history\":[", out);
	} else {
		fprintf(out, "mvx: divergence at call %llu (%s) in group %d: %s\n",
			(unsigned long long)seq,
			call_name(&calls[0], nb, sizeof(nb)), group,
			why ? why : "");
		fprintf(out, "mvx:   %-6s", "");
		for (int v = 0; v < n; v++)
			fprintf(out, " %-32s", v == 0 ? "variant 0 (leader)" :
				(snprintf(nb, sizeof(nb), "variant %d", v), nb));
		fputc('\n', out);
		fprintf(out, "mvx:   %-6s", "call");
		for (int v = 0; v < n; v++)
			fprintf(out, " %-32s",
				call_name(&calls[v], nb, sizeof(nb)));
		fputc('\n', out);
		for (int k = 0; k < nargs; k++) {
			bool marked = diff && diff->arg == k;

			fprintf(out, "mvx: %s arg%d ", marked ? "=>" : "  ", k);
			for (int v = 0; v < n; v++) {
				if (k < nargs_of(&calls[v]))
					mvx_format_arg(&calls[v], k, arg,
						       sizeof(arg), false);
				else
					arg[0] = '\0';
				fprintf(out, " %-32s", arg);
			}
			fputs(marked ? "  <-- differs\n" : "\n", out);
		}
		if (hist_len)
			fprintf(out, "mvx: the last %u calls before it:\n",
				hist_len);
	}
	for (unsigned int h = 0; h < hist_len; h++) {
		const struct mvx_hist *e = &hist[h];
		const char *name = mvx_syscall_name(e->nr);

		if (!name) {
			snprintf(nb, sizeof(nb), "syscall_%ld", e->nr);
			name = nb;
		}
		if (e->ret_unknown)
			snprintf(rb, sizeof(rb), json ? "null" : "?");
		else
			snprintf(rb, sizeof(rb), "%ld", e->ret);
		if (json) {
			fprintf(out, "%s{\"seq\":%llu,\"syscall\":\"%s\",\"ret\":%s}",
				h ? "," : "", (unsigned long long)e->seq, name,
				rb);
		} else {
			fprintf(out, "mvx:   #%llu %s(", (unsigned long long)e->seq,
				name);
			for (int k = 0; k < 3; k++)
				fprintf(out, "%s0x%llx", k ? ", " : "",
					(unsigned long long)e->args[k]);
			fprintf(out, ", ...) = %s\n", rb);
		}
	}
	if (json)
		fputs("]}", out);
}

/* The history ring of the set, oldest first. */
static unsigned int history(struct mvx_vset *vs, struct mvx_hist *out)
{
	unsigned int n = vs->hist_len;

	for (unsigned int h = 0; h < n; h++)
		out[h] = vs->hist[(vs->hist_pos + MVX_HISTORY - n + h) %
				  MVX_HISTORY];
	return n;
}

void mvx_output_divergence(struct mvx_vset *vs, const struct mvx_diff *diff,
			   const char *why)
{
	struct mvx_call calls[MVX_MAX_VARIANTS];
	struct mvx_hist hist[MVX_HISTORY];
	unsigned int nh = history(vs, hist);
	struct mvx_session *s = vs->s;
	char *json = NULL;
	size_t len;
	FILE *m;

	for (int i = 0; i < vs->n; i++)
		calls[i] = vs->t[i].call;
	pthread_mutex_lock(&s->lock);
	mvx_format_divergence(stderr, calls, vs->n, vs->seq, vs->id, diff,
			      why, hist, nh, false);
	if (!s->divergence_json) {
		m = open_memstream(&json, &len);
		if (m) {
			mvx_format_divergence(m, calls, vs->n, vs->seq, vs->id,
					      diff, why, hist, nh, true);
			fclose(m);
			s->divergence_json = json;
		}
	}
	pthread_mutex_unlock(&s->lock);
}

void mvx_output_failure(struct mvx_vset *vs, const char *why)
{
	struct mvx_session *s = vs->s;
	char *json = NULL;
	size_t len;
	FILE *m;

	pthread_mutex_lock(&s->lock);
	if (!s->failure_json) {
		m = open_memstream(&json, &len);
		if (m) {
			fprintf(m, "{\"seq\":%llu,\"group\":%d,\"failure\":",
				(unsigned long long)vs->seq, vs->id);
			mvx_json_string(m, why);
			fputc('}', m);
			fclose(m);
			s->failure_json = json;
		}
	}
	pthread_mutex_unlock(&s->lock);
}

bool mvx_output_report(struct mvx_session *s, const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f) {
		mvx_perr("cannot write the report %s", path);
		return false;
	}
	fprintf(f, "{\"variants\":%d,\"exit_status\":%d,\"diverged\":%s,\"counts\":{",
		s->opt->variants, s->exit_status,
		s->divergence_json ? "true" : "false");
	for (int a = 0; a < MVX_ACT_COUNT; a++)
		fprintf(f, "%s\"%s\":%llu", a ? "," : "", mvx_action_name(a),
			(unsigned long long)s->counts[a]);
	fputs("}", f);
	if (s->divergence_json)
		fprintf(f, ",\"divergence\":%s", s->divergence_json);
	if (s->failure_json)
		fprintf(f, ",\"failure\":%s", s->failure_json);
	fputs("}\n", f);
	if (fclose(f) != 0) {
		mvx_perr("cannot write the report %s", path);
		return false;
	}
	return true;
}
