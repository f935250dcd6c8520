/*
 * report.c: assessment (考核, ticket-report(1)) per unit and period, and
 * the list of orders behind each figure (--explain).
 *
 * Figures are read from the assessment facts (schema.c, migration 8):
 * one row per order with the times that decide it, one per callback and
 * one per event that counts as it comes, written by triggers with the
 * events themselves and holding no personal data.  Archiving and erasing
 * leave them, so a report on a past period is the same before and after.
 * A period is [from, to): a fact counts only when its time is before to,
 * so later events never change a past period either.
 *
 * An order is a unit's work on a ticket, named by (ticket, unit).  Each
 * source below judges rows into bits of a hit; hits of one unit and
 * ticket are merged, so an order counts once however many rows it had.
 * Bounces, reopenings and flags count events.  With level 2 a level-3
 * unit reports as its level-2 parent, and sub-orders (下派) are left out:
 * the level-2 unit answers for them through its own order.  The rules
 * (which orders each denominator takes) are the settings report.*;
 * man/ticket-report.1 writes every formula out, and the code must match.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

enum fig {
	F_DISPATCHED, F_SIGN_BASE, F_SIGNED, F_RESPONSE_BASE, F_RESPONDED,
	F_RETURNED, F_RETURNED_LATE, F_REPLIED, F_ONTIME_BASE, F_ONTIME,
	F_OVERDUE, F_EXTENDED, F_BOUNCED, F_REOPENED, F_CALLBACK_BASE,
	F_CALLBACKS, F_ANSWERED, F_SATISFIED, F_RESOLUTION_BASE, F_RESOLVED,
	F_YELLOW, F_RED, F_FLAGS, NFIG
};

/* The output keys of the counts, in enum fig's order. */
static const char *const fig_keys[NFIG] = {
	"dispatched", "sign_base", "signed_in_time", "response_base",
	"responded", "returned", "returned_late", "replied", "ontime_base",
	"replied_on_time", "overdue", "extended", "bounced", "reopened",
	"callback_base", "callbacks", "answered", "satisfied",
	"resolution_base", "resolved", "yellow", "red", "flags"
};

/* A rate: numerator over denominator, its weight's setting. */
static const struct {
	const char	*key;
	enum fig	 num, den;
	const char	*weight;
} rates[] = {
	{ "sign_rate", F_SIGNED, F_SIGN_BASE, "report.weight.sign" },
	{ "response_rate", F_RESPONDED, F_RESPONSE_BASE,
	    "report.weight.response" },
	{ "ontime_rate", F_ONTIME, F_ONTIME_BASE, "report.weight.ontime" },
	{ "callback_rate", F_CALLBACKS, F_CALLBACK_BASE,
	    "report.weight.callback" },
	{ "satisfaction_rate", F_SATISFIED, F_ANSWERED,
	    "report.weight.satisfaction" },
	{ "resolution_rate", F_RESOLVED, F_RESOLUTION_BASE,
	    "report.weight.resolution" },
};
#define NRATES	(sizeof(rates) / sizeof(rates[0]))

/* Every column, for --format wide and --columns. */
const struct tk_report_col tk_report_unit_cols[] = {
	{ "unit", "单位", 12, 0 },
	{ "name", "名称", 40, 0 },
	{ "dispatched", "派单", 6, 0 },
	{ "sign_base", "签收应计", 8, 0 },
	{ "signed_in_time", "按时签收", 8, 0 },
	{ "sign_rate", "签收率", 7, 1 },
	{ "response_base", "联系应计", 8, 0 },
	{ "responded", "按时联系", 8, 0 },
	{ "response_rate", "响应率", 7, 1 },
	{ "returned", "退回", 4, 0 },
	{ "returned_late", "超时退回", 8, 0 },
	{ "replied", "办结", 4, 0 },
	{ "ontime_base", "办结应计", 8, 0 },
	{ "replied_on_time", "按时办结", 8, 0 },
	{ "ontime_rate", "按时办结率", 10, 1 },
	{ "overdue", "超期", 4, 0 },
	{ "extended", "延期", 4, 0 },
	{ "bounced", "退单", 4, 0 },
	{ "reopened", "重办", 4, 0 },
	{ "callback_base", "回访应计", 8, 0 },
	{ "callbacks", "回访", 4, 0 },
	{ "callback_rate", "回访率", 7, 1 },
	{ "answered", "回访接通", 8, 0 },
	{ "satisfied", "满意", 4, 0 },
	{ "satisfaction_rate", "满意率", 7, 1 },
	{ "resolution_base", "解决应计", 8, 0 },
	{ "resolved", "解决", 4, 0 },
	{ "resolution_rate", "解决率", 7, 1 },
	{ "yellow", "黄牌", 4, 0 },
	{ "red", "红牌", 4, 0 },
	{ "flags", "追责", 4, 0 },
	{ "deduction", "扣分", 4, 2 },
	{ "score", "综合得分", 8, 2 },
	{ NULL, NULL, 0, 0 }
};

/* What a supervisor reads first; fits 120 columns with a long name. */
const char tk_report_unit_default[] = "unit name dispatched sign_rate "
    "response_rate replied ontime_rate overdue callback_rate "
    "satisfaction_rate resolution_rate score";


/* Bits of a hit: the distinct-order figures an order earned. */
#define BIT(f)	(1u << (f))

struct hit {
	uint64_t	 key;		/* the ticket's id, hashed */
	uint32_t	 rep;		/* the reporting unit's index */
	uint32_t	 bits;
};

struct urow {
	char		 code[TK_CODE_MAX + 1];
	char		*name;
	int		 level;
	char		 parent[TK_CODE_MAX + 1];
	int		 active;
	long		 n[NFIG];
};

/* Why an order counts or not in one figure, for --explain. */
struct why {
	enum fig	 fig;
	int		 in;		/* 1 counts, 0 left out */
	const char	*event;		/* the deciding event's kind */
	tk_time		 at;		/* its time, 0 for none */
	char		 text[160];
};

struct ctx {
	const struct tk_report *r;
	struct tk_assess	 rules;
	struct urow	*u;
	size_t		 nu;
	struct hit	*h;
	size_t		 nh, caph;
	int		 rollup;
	int		 contact_days;
	long		 explain;	/* the unit explained, or -1 */
	int		 want;		/* the figure explained, or -1 */
	char		*scope;		/* its units' codes, a JSON array */
	struct why	 w[2 * NFIG];	/* the row being judged */
	size_t		 nw;
	struct tk_report_out *out;	/* where its lines go */
	uint64_t	*told;		/* lines that counted, hashed */
	size_t		 ntold, captold;
	struct tk_buf	 line;		/* the JSON line being written */
};

static uint64_t
hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int
by_code(const void *k, const void *e)
{
	return strcmp(k, ((const struct urow *)e)->code);
}

/* The index of the unit a code reports as, or -1 for none known. */
static long
rep_of(const struct ctx *c, const char *code)
{
	const struct urow *u;

	if (code == NULL)
		return -1;
	u = bsearch(code, c->u, c->nu, sizeof(*u), by_code);
	if (u != NULL && c->rollup && u->level == 3)
		u = bsearch(u->parent, c->u, c->nu, sizeof(*u), by_code);
	return u == NULL ? -1 : u - c->u;
}

static void
load_units(struct ctx *c)
{
	struct tk_stmt *st = tk_db_stmt(c->r->db,
	    "SELECT code, name, level, coalesce(parent, ''), active FROM unit"
	    " ORDER BY code");
	size_t cap = 0;
	struct urow *u;

	while (tk_stmt_step(st) == TK_ROW) {
		if (c->nu == cap) {
			cap = cap ? cap * 2 : 64;
			c->u = tk_xrealloc(c->u, cap * sizeof(*c->u));
		}
		u = &c->u[c->nu++];
		memset(u, 0, sizeof(*u));
		snprintf(u->code, sizeof(u->code), "%s", tk_stmt_col_text(st, 0));
		u->name = tk_xstrdup(tk_stmt_col_text(st, 1));
		u->level = (int)tk_stmt_col_int(st, 2);
		snprintf(u->parent, sizeof(u->parent), "%s",
		    tk_stmt_col_text(st, 3));
		u->active = (int)tk_stmt_col_int(st, 4);
	}
	tk_stmt_reset(st);
}

/* Whether a line belongs to the figure asked for (all: -1). */
static int
asked(int want, int f)
{
	if (want == -1 || want == f)
		return 1;
	return want >= NFIG && ((size_t)want - NFIG) < NRATES &&
	    (rates[want - NFIG].num == (enum fig)f ||
	    rates[want - NFIG].den == (enum fig)f);
}

/* Notes why the row being judged counts in fig, or not (in 0). */
static void __attribute__((format(printf, 6, 7)))
note(struct ctx *c, enum fig fig, int in, const char *event, tk_time at,
    const char *fmt, ...)
{
	struct why *w;
	va_list ap;

	if (c->explain == -1 || c->nw == sizeof(c->w) / sizeof(c->w[0]) ||
	    !asked(c->want, fig))
		return;
	w = &c->w[c->nw++];
	w->fig = fig;
	w->in = in;
	w->event = event;
	w->at = at;
	va_start(ap, fmt);
	vsnprintf(w->text, sizeof(w->text), fmt, ap);
	va_end(ap);
}

/* Counted per event, not per order: every line of theirs counts. */
static int
per_event(int f)
{
	return f == F_BOUNCED || f == F_REOPENED || f == F_FLAGS ||
	    f == F_RETURNED_LATE;
}

/* Puts key in an open-address set of c->captold slots (a power of two,
 * 0 for empty); 1 when it was there already. */
static int
set_put(uint64_t *set, size_t cap, uint64_t key)
{
	size_t i, mask = cap - 1;

	for (i = key & mask; set[i] != 0; i = (i + 1) & mask)
		if (set[i] == key)
			return 1;
	set[i] = key;
	return 0;
}

/*
 * Whether a line that counts was printed before for its figure and
 * ticket: an order counted once in a figure shows one line that counts
 * there, so the lines that count add up to the figure.  Hashes, as the
 * hits themselves are merged by hash.
 */
static int
told_before(struct ctx *c, enum fig fig, const char *ticket)
{
	uint64_t key = (hash(ticket) ^ ((uint64_t)fig << 56)) | 1, *old;
	size_t i, n = c->captold;

	if (2 * (c->ntold + 1) > n) {
		old = c->told;
		c->captold = n ? 2 * n : 4096;
		c->told = tk_xmalloc(c->captold * sizeof(*c->told));
		memset(c->told, 0, c->captold * sizeof(*c->told));
		for (i = 0; i < n; i++)
			if (old[i] != 0)
				set_put(c->told, c->captold, old[i]);
		free(old);
	}
	if (set_put(c->told, c->captold, key))
		return 1;
	c->ntold++;
	return 0;
}

/* A string member, null for NULL, as json_pack's "s?" makes it. */
static void
member_or_null(struct tk_buf *b, const char *key, const char *v)
{
	if (v != NULL)
		tk_buf_member(b, key, v);
	else
		tk_buf_json(b, key, "null");
}

/* One line of --explain; as JSON, written as text, being many. */
static void
explain_line(struct ctx *c, const struct why *w, const char *unit,
    const char *ticket)
{
	char when[TK_TIME_LEN];
	const char *at = w->at ? tk_time_format(w->at, when) : NULL;
	json_t *o;

	if (c->out->format != TK_REPORT_JSON) {
		o = json_pack("{s:s, s:s, s:s, s:b, s:s?, s:s?, s:s}",
		    "figure", fig_keys[w->fig], "ticket", ticket, "unit", unit,
		    "counts", w->in, "event", w->event, "at", at, "why",
		    w->text);
		tk_report_put(c->out, o);
		json_decref(o);
		return;
	}
	c->line.n = 0;
	tk_buf_put(&c->line, "{", 1);
	tk_buf_member(&c->line, "figure", fig_keys[w->fig]);
	tk_buf_member(&c->line, "ticket", ticket);
	tk_buf_member(&c->line, "unit", unit);
	tk_buf_json(&c->line, "counts", w->in ? "true" : "false");
	member_or_null(&c->line, "event", w->event);
	member_or_null(&c->line, "at", at);
	tk_buf_member(&c->line, "why", w->text);
	tk_buf_put(&c->line, "}\n", 2);
	fputs(c->line.s, c->out->fp);
}

/* The notes of the row judged, printed as lines of the unit explained. */
static void
explain_row(struct ctx *c, long rep, const char *unit, const char *ticket)
{
	const struct why *w;
	size_t i;

	for (i = 0; rep == c->explain && i < c->nw; i++) {
		w = &c->w[i];
		if (!w->in || per_event(w->fig) ||
		    !told_before(c, w->fig, ticket))
			explain_line(c, w, unit, ticket);
	}
	c->nw = 0;
}

static void
add_hit(struct ctx *c, const char *unit, const char *ticket, uint32_t bits)
{
	long rep = rep_of(c, unit);

	if (c->explain != -1)
		explain_row(c, rep, unit, ticket);
	if (rep == -1 || bits == 0 || ticket == NULL)
		return;
	if (c->nh == c->caph) {
		c->caph = c->caph ? c->caph * 2 : 4096;
		c->h = tk_xrealloc(c->h, c->caph * sizeof(*c->h));
	}
	c->h[c->nh].key = hash(ticket);
	c->h[c->nh].rep = (uint32_t)rep;
	c->h[c->nh].bits = bits;
	c->nh++;
}

static void
add_count(struct ctx *c, const char *unit, const char *ticket, enum fig f)
{
	long rep = rep_of(c, unit);

	if (c->explain != -1)
		explain_row(c, rep, unit, ticket);
	if (rep != -1)
		c->u[rep].n[f]++;
}

static int
hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	if (x->rep != y->rep)
		return x->rep < y->rep ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return 0;
}

/* Merges the hits of one unit and ticket, and counts each bit once. */
static void
count_hits(struct ctx *c)
{
	size_t i, j;
	uint32_t bits;
	int f;

	if (c->nh == 0)
		return;
	qsort(c->h, c->nh, sizeof(*c->h), hit_cmp);
	for (i = 0; i < c->nh; i = j) {
		bits = 0;
		for (j = i; j < c->nh && hit_cmp(&c->h[i], &c->h[j]) == 0; j++)
			bits |= c->h[j].bits;
		for (f = 0; f < NFIG; f++)
			if (bits & BIT(f))
				c->u[c->h[i].rep].n[f]++;
	}
}

/* The orders a period counts: not withdrawn, no sub-order in a roll-up,
 * a co-unit's only when co-units are scored. */
#define COUNTED(o) \
	" NOT " o ".void AND (?3 = 0 OR NOT " o ".sub)" \
	" AND (?4 OR " o ".role != 'co')"

/* Explaining, a query keeps to the units in ?5 (scope_of), through
 * their own indexes, rather than reading every unit's month. */
#define IN_SCOPE(col)	" AND " col " IN (SELECT value FROM json_each(?5))"

/* The query of a source: sql[0] for every unit, sql[1] explaining. */
static struct tk_stmt *
period_stmt(struct ctx *c, const char *const sql[2])
{
	struct tk_stmt *st = tk_db_stmt(c->r->db, sql[c->scope != NULL]);

	tk_stmt_int(st, 1, c->r->from);
	tk_stmt_int(st, 2, c->r->to);
	tk_stmt_int(st, 3, c->rollup);
	tk_stmt_int(st, 4, c->rules.score_co);
	if (c->scope != NULL)
		tk_stmt_text(st, 5, c->scope);
	return st;
}

/* Explaining one unit, another unit's rows need no judging. */
static int
other(const struct ctx *c, struct tk_stmt *st, int col)
{
	return c->explain != -1 &&
	    rep_of(c, tk_stmt_col_text(st, col)) != c->explain;
}

/* A time of the row, or 0 when none or not before the period's end. */
static tk_time
before_end(struct ctx *c, struct tk_stmt *st, int col)
{
	tk_time t;

	if (tk_stmt_col_isnull(st, col))
		return 0;
	t = tk_stmt_col_int(st, col);
	return t < c->r->to ? t : 0;
}

/* A deadline, for a note: formatted only when explaining, as notes are
 * made for every order. */
static const char *
stamp(const struct ctx *c, tk_time t, char buf[TK_TIME_LEN])
{
	return c->explain == -1 ? "" : tk_time_format(t, buf);
}

/* Hours and minutes, for a note that says by how much. */
static const char *
span(const struct ctx *c, tk_time d, char buf[32])
{
	if (c->explain == -1)
		return "";
	if (d < 0)
		d = -d;
	snprintf(buf, 32, "%lld小时%02lld分", (long long)(d / 3600),
	    (long long)(d % 3600 / 60));
	return buf;
}

/* 签收率: an order signed within its window, unless its return was
 * approved and returns leave the denominator. */
static uint32_t
judge_sign(struct ctx *c, tk_time given, tk_time signed_at,
    tk_time returned)
{
	tk_time closes = tk_sla_window_closes(c->r->cal, given);
	char when[TK_TIME_LEN], d[32];

	if (returned != 0 && !c->rules.count_returns) {
		note(c, F_SIGN_BASE, 0, "return_approved", returned,
		    "退回已批准，不计入签收率");
		return 0;
	}
	note(c, F_SIGN_BASE, 1, "dispatch", given, "本期派单，计入签收率");
	if (signed_at != 0 && signed_at <= closes) {
		note(c, F_SIGNED, 1, "sign", signed_at, "签收时限%s内签收",
		    stamp(c, closes, when));
		return BIT(F_SIGN_BASE) | BIT(F_SIGNED);
	}
	if (signed_at != 0)
		note(c, F_SIGNED, 0, "sign", signed_at, "签收晚于时限%s，超%s",
		    stamp(c, closes, when), span(c, signed_at - closes, d));
	else
		note(c, F_SIGNED, 0, NULL, 0, "期末未签收，时限%s",
		    stamp(c, closes, when));
	return BIT(F_SIGN_BASE);
}

/* 响应率: first contact within the contact limit after signing, for the
 * categories the limit applies to; a reply that declares a contact
 * counts as one when the rules say so. */
static uint32_t
judge_contact(struct ctx *c, const char *category, tk_time given,
    tk_time signed_at, tk_time contact, tk_time told)
{
	const char *how = "contact";
	char when[TK_TIME_LEN], d[32];
	tk_time due;

	if (!tk_assess_contact(&c->rules, category)) {
		note(c, F_RESPONSE_BASE, 0, "intake", 0, "类别%s不设联系时限",
		    tk_enum_label(tk_categories, category));
		return 0;
	}
	note(c, F_RESPONSE_BASE, 1, "dispatch", given, "本期派单，计入响应率");
	if (c->rules.reply_contact && told != 0 &&
	    (contact == 0 || told < contact)) {
		contact = told;
		how = "reply";
	}
	if (signed_at == 0 || contact == 0) {
		note(c, F_RESPONDED, 0, NULL, 0, signed_at == 0 ?
		    "期末未签收" : "期末未联系诉求人");
		return BIT(F_RESPONSE_BASE);
	}
	due = tk_sla_deadline(c->r->cal, signed_at, c->contact_days);
	if (contact <= due) {
		note(c, F_RESPONDED, 1, how, contact, "联系时限%s内联系",
		    stamp(c, due, when));
		return BIT(F_RESPONSE_BASE) | BIT(F_RESPONDED);
	}
	note(c, F_RESPONDED, 0, how, contact, "联系晚于时限%s，超%s",
	    stamp(c, due, when), span(c, contact - due, d));
	return BIT(F_RESPONSE_BASE);
}

#define ORDERS(scope) \
	"SELECT o.unit, o.ticket, o.given_at, o.signed_at, o.contact_at," \
	" o.told_at, o.returned_at, t.category FROM fact_order o" \
	" JOIN fact_ticket t ON t.ticket = o.ticket" \
	" WHERE o.given_at >= ?1 AND o.given_at < ?2 AND" COUNTED("o") scope

/* Orders given in the period: 派单, 签收率 and 响应率. */
static void
orders(struct ctx *c)
{
	static const char *const sql[2] = {
		ORDERS(""), ORDERS(IN_SCOPE("o.unit"))
	};
	struct tk_stmt *st = period_stmt(c, sql);
	tk_time given, signed_at;
	uint32_t bits;

	while (tk_stmt_step(st) == TK_ROW) {
		if (other(c, st, 0))
			continue;
		given = tk_stmt_col_int(st, 2);
		note(c, F_DISPATCHED, 1, "dispatch", given, "本期派单");
		signed_at = before_end(c, st, 3);
		bits = BIT(F_DISPATCHED) | judge_sign(c, given, signed_at,
		    before_end(c, st, 6));
		bits |= judge_contact(c, tk_stmt_col_text(st, 7), given,
		    signed_at,
		    before_end(c, st, 4), before_end(c, st, 5));
		add_hit(c, tk_stmt_col_text(st, 0), tk_stmt_col_text(st, 1),
		    bits);
	}
	tk_stmt_reset(st);
}

/* One event that counts as it comes; after is a card's colour, what a
 * flag's kind. */
static void
mark(struct ctx *c, struct tk_stmt *st)
{
	const char *unit = tk_stmt_col_text(st, 1);
	const char *ticket = tk_stmt_col_text(st, 2);
	const char *after = tk_stmt_col_text(st, 3);
	const char *what = tk_stmt_col_text(st, 4);
	const char *kind = tk_stmt_col_text(st, 0);
	tk_time at = tk_stmt_col_int(st, 5);
	int late = what != NULL && strcmp(what, "late_return") == 0;

	switch (tk_event_kind(kind)) {
	case TK_EV_BOUNCE:
		note(c, F_BOUNCED, 1, kind, at, "答复被退回");
		return add_count(c, unit, ticket, F_BOUNCED);
	case TK_EV_REOPEN:
		note(c, F_REOPENED, 1, kind, at, "回访后重办");
		return add_count(c, unit, ticket, F_REOPENED);
	case TK_EV_FLAG:
		note(c, F_FLAGS, 1, kind, at, "追责：%s", what ? what : "");
		if (late)
			note(c, F_RETURNED_LATE, 1, kind, at, "超时退回");
		add_count(c, unit, ticket, F_FLAGS);
		if (late)
			add_count(c, unit, ticket, F_RETURNED_LATE);
		return;
	case TK_EV_EXTENSION_APPROVED:
		note(c, F_EXTENDED, 1, kind, at, "延期获批");
		return add_hit(c, unit, ticket, BIT(F_EXTENDED));
	case TK_EV_RETURN_APPROVED:
		note(c, F_RETURNED, 1, kind, at, "退回获批");
		return add_hit(c, unit, ticket, BIT(F_RETURNED));
	default:
		break;
	}
	if (after != NULL && strcmp(after, "red") == 0) {
		note(c, F_RED, 1, kind, at, "红牌");
		note(c, F_OVERDUE, 1, kind, at, "红牌即超期");
		add_hit(c, unit, ticket, BIT(F_RED) | BIT(F_OVERDUE));
	} else if (after != NULL && strcmp(after, "yellow") == 0) {
		note(c, F_YELLOW, 1, kind, at, "黄牌");
		add_hit(c, unit, ticket, BIT(F_YELLOW));
	}
}

#define MARKS(scope) \
	"SELECT m.kind, m.unit, m.ticket, m.after, m.what, m.at" \
	" FROM fact_mark m LEFT JOIN fact_order o ON o.ticket = m.ticket" \
	" AND o.unit = m.unit WHERE m.at >= ?1 AND m.at < ?2" scope \
	" AND (o.ticket IS NULL OR" COUNTED("o") ") ORDER BY m.seq"

/* Events that count as they come: cards, extensions, returns, flags. */
static void
marks(struct ctx *c)
{
	static const char *const sql[2] = {
		MARKS(""), MARKS(IN_SCOPE("m.unit"))
	};
	struct tk_stmt *st = period_stmt(c, sql);

	while (tk_stmt_step(st) == TK_ROW)
		if (!other(c, st, 1))
			mark(c, st);
	tk_stmt_reset(st);
}

/* 按时办结率: the reply first approved, against the deadline in force
 * when it was made (else the dispatch plus the order's limit). */
static uint32_t
judge_ontime(struct ctx *c, struct tk_stmt *st, tk_time returned)
{
	tk_time at = tk_stmt_col_int(st, 2), due = 0;
	const char *set = tk_stmt_col_text(st, 3);
	char when[TK_TIME_LEN], d[32];
	int known;

	if (set != NULL)
		known = tk_time_parse(set, &due) == 0;
	else if ((known = !tk_stmt_col_isnull(st, 4) &&
	    !tk_stmt_col_isnull(st, 5)))
		due = tk_sla_deadline(c->r->cal, tk_stmt_col_int(st, 4),
		    (int)tk_stmt_col_int(st, 5));
	if (returned != 0 && !c->rules.count_returns) {
		note(c, F_ONTIME_BASE, 0, "return_approved", returned,
		    "退回已批准，不计入按时办结率");
		return 0;
	}
	note(c, F_ONTIME_BASE, 1, "reply", at, "本期办结，计入按时办结率");
	if (known && at <= due) {
		note(c, F_ONTIME, 1, "reply", at, "办理时限%s内答复",
		    stamp(c, due, when));
		return BIT(F_ONTIME_BASE) | BIT(F_ONTIME);
	}
	if (known)
		note(c, F_ONTIME, 0, "reply", at, "答复晚于时限%s，超%s",
		    stamp(c, due, when), span(c, at - due, d));
	else
		note(c, F_ONTIME, 0, "reply", at, "无办理时限");
	return BIT(F_ONTIME_BASE);
}

/* 回访率's denominator: a replied order whose caller can be called and
 * did not refuse before the period's end. */
static uint32_t
judge_callable(struct ctx *c, int callable, tk_time refused, tk_time at)
{
	if (!c->rules.count_uncallable && !callable) {
		note(c, F_CALLBACK_BASE, 0, "intake", 0,
		    "匿名或未留电话，无法回访");
		return 0;
	}
	if (!c->rules.count_uncallable && refused != 0) {
		note(c, F_CALLBACK_BASE, 0, "close", refused, "诉求人拒绝回访");
		return 0;
	}
	note(c, F_CALLBACK_BASE, 1, "approve", at, "已办结，应回访");
	return BIT(F_CALLBACK_BASE);
}

#define REPLIED(scope) \
	"SELECT o.unit, o.ticket, o.reply_at, o.reply_due," \
	" o.dispatched_at, o.limit_days, o.red_at, o.returned_at," \
	" t.callable, o.approved_at, t.refused_at FROM fact_order o" \
	" JOIN fact_ticket t ON t.ticket = o.ticket" \
	" WHERE o.approved_at >= ?1 AND o.approved_at < ?2 AND" \
	COUNTED("o") scope

/* Orders whose first approval came in the period. */
static void
replied(struct ctx *c)
{
	static const char *const sql[2] = {
		REPLIED(""), REPLIED(IN_SCOPE("o.unit"))
	};
	struct tk_stmt *st = period_stmt(c, sql);
	uint32_t bits;
	tk_time approved;

	while (tk_stmt_step(st) == TK_ROW) {
		if (other(c, st, 0))
			continue;
		approved = tk_stmt_col_int(st, 9);
		note(c, F_REPLIED, 1, "approve", approved, "答复本期审核通过");
		bits = BIT(F_REPLIED) | judge_ontime(c, st,
		    before_end(c, st, 7));
		if (!(bits & BIT(F_ONTIME)) && before_end(c, st, 6) == 0) {
			note(c, F_OVERDUE, 1, "reply", tk_stmt_col_int(st, 2),
			    "超期答复");
			bits |= BIT(F_OVERDUE);
		}
		bits |= judge_callable(c, (int)tk_stmt_col_int(st, 8),
		    before_end(c, st, 10), approved);
		add_hit(c, tk_stmt_col_text(st, 0), tk_stmt_col_text(st, 1),
		    bits);
	}
	tk_stmt_reset(st);
}

/* The answered callback that judges its ticket: 满意率, 解决率. */
static uint32_t
judge_answer(struct ctx *c, const char *result, const char *resolved,
    tk_time at)
{
	uint32_t bits = BIT(F_ANSWERED);
	int happy = strcmp(result, "satisfied") == 0 ||
	    strcmp(result, "basic") == 0;

	note(c, F_ANSWERED, 1, "callback", at, "本期最后一次接通的回访");
	note(c, F_SATISFIED, happy, "callback", at, "回访结果：%s",
	    tk_enum_label(tk_callback_results, result));
	if (happy)
		bits |= BIT(F_SATISFIED);
	if (resolved == NULL && !c->rules.count_unresolved) {
		note(c, F_RESOLUTION_BASE, 0, "callback", at,
		    "回访未问是否解决");
		return bits;
	}
	bits |= BIT(F_RESOLUTION_BASE);
	note(c, F_RESOLUTION_BASE, 1, "callback", at, "计入解决率");
	note(c, F_RESOLVED, resolved != NULL && strcmp(resolved, "yes") == 0,
	    "callback", at, "是否解决：%s", resolved ? resolved : "未问");
	if (resolved != NULL && strcmp(resolved, "yes") == 0)
		bits |= BIT(F_RESOLVED);
	return bits;
}

/* Explaining, the tickets the unit had callbacks of, every callback of
 * theirs: which one judges depends on the others. */
#define CALLBACKS(scope) \
	"SELECT unit, ticket, result, resolved, at," \
	" seq = max(iif(result != 'unreachable', seq, NULL))" \
	" OVER (PARTITION BY ticket)" \
	" FROM fact_callback k WHERE at >= ?1 AND at < ?2" \
	" AND ?3 = ?3 AND ?4 = ?4" scope \
	" AND NOT EXISTS (SELECT 1 FROM fact_ticket t" \
	" WHERE t.ticket = k.ticket AND t.merged)"

/*
 * Callbacks in the period, each for the unit whose reply made the ticket
 * replied last before it; of a ticket's, the last answered one judges.
 */
static void
callbacks(struct ctx *c)
{
	static const char *const sql[2] = {
		CALLBACKS(""), CALLBACKS(" AND ticket IN (SELECT ticket"
		" FROM fact_callback WHERE at >= ?1 AND at < ?2"
		IN_SCOPE("unit") ")")
	};
	struct tk_stmt *st = period_stmt(c, sql);
	tk_time at;
	uint32_t bits;

	while (tk_stmt_step(st) == TK_ROW) {
		if (other(c, st, 0))
			continue;
		at = tk_stmt_col_int(st, 4);
		note(c, F_CALLBACKS, 1, "callback", at, "本期回访");
		bits = BIT(F_CALLBACKS);
		if (tk_stmt_col_int(st, 5))
			bits |= judge_answer(c, tk_stmt_col_text(st, 2),
			    tk_stmt_col_text(st, 3), at);
		add_hit(c, tk_stmt_col_text(st, 0), tk_stmt_col_text(st, 1),
		    bits);
	}
	tk_stmt_reset(st);
}

/* Shown: the level asked for (2 and 3 by default), or the unit named. */
static int
shown(const struct ctx *c, const struct urow *u)
{
	int f;

	if (c->r->unit != NULL)
		return strcmp(u->code, c->r->unit) == 0;
	if (u->level == 1 || (c->r->level != 0 && u->level != c->r->level))
		return 0;
	if (u->active)
		return 1;
	for (f = 0; f < NFIG; f++)
		if (u->n[f] != 0)
			return 1;
	return 0;
}

/* A share rounded to 4 places; JSON null when nothing to divide by. */
static json_t *
share(long num, long den)
{
	return den == 0 ? json_null() :
	    json_real(round(10000.0 * num / den) / 10000.0);
}

/* The score: the weighted rates on the scale, less the deductions for
 * cards and flags, never below zero; null with no rate to weigh. */
static void
score(const struct ctx *c, const struct urow *u, json_t *o)
{
	const struct tk_assess *k = &c->rules;
	double got = 0, weight = 0, r, less;
	size_t i;

	for (i = 0; i < NRATES; i++) {
		if (u->n[rates[i].den] == 0)
			continue;
		r = (double)u->n[rates[i].num] / u->n[rates[i].den];
		got += k->weight[i] * (r > 1 ? 1 : r);
		weight += k->weight[i];
	}
	less = k->deduct_yellow * u->n[F_YELLOW] + k->deduct_red *
	    u->n[F_RED] + k->deduct_flag * u->n[F_FLAGS];
	tk_jset(o, "deduction", json_real(less));
	if (weight == 0) {
		tk_jset(o, "score", json_null());
		return;
	}
	r = k->scale * got / weight - less;
	tk_jset(o, "score", json_real(round(10.0 * (r < 0 ? 0 : r)) / 10.0));
}

static json_t *
unit_json(const struct ctx *c, const struct urow *u)
{
	json_t *o = json_pack("{s:s, s:s, s:i}", "unit", u->code, "name",
	    u->name, "level", u->level);
	size_t i;
	int f;

	for (f = 0; f < NFIG; f++)
		tk_jset(o, fig_keys[f], json_integer(u->n[f]));
	for (i = 0; i < NRATES; i++)
		tk_jset(o, rates[i].key, share(u->n[rates[i].num],
		    u->n[rates[i].den]));
	score(c, u, o);
	return o;
}

/* The codes of the units that report as the one explained, as a JSON
 * array for the queries to keep to. */
static char *
scope_of(const struct ctx *c)
{
	json_t *codes = json_array();
	char *text;
	size_t i;

	for (i = 0; i < c->nu; i++)
		if (rep_of(c, c->u[i].code) == c->explain)
			tk_jpush(codes, json_string(c->u[i].code));
	text = json_dumps(codes, JSON_COMPACT);
	json_decref(codes);
	if (text == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	return text;
}

/* Judges the period's facts; with out, explains r->unit's into it. */
static void
run(struct ctx *c, const struct tk_report *r, struct tk_report_out *out)
{
	memset(c, 0, sizeof(*c));
	c->r = r;
	c->rollup = r->level == 2;
	c->contact_days = (int)tk_conf_long("limit.contact");
	c->explain = -1;
	tk_assess_load(&c->rules);
	load_units(c);
	if (out != NULL) {
		c->out = out;
		c->explain = rep_of(c, r->unit);
		c->scope = scope_of(c);
	}
	c->want = r->figure != NULL ? tk_report_figure(r->figure) : -1;
	orders(c);
	marks(c);
	replied(c);
	callbacks(c);
	count_hits(c);
}

static void
done(struct ctx *c)
{
	size_t i;

	for (i = 0; i < c->nu; i++)
		free(c->u[i].name);
	free(c->u);
	free(c->h);
	free(c->scope);
	free(c->told);
	free(c->line.s);
}

json_t *
tk_report_units(const struct tk_report *r)
{
	struct ctx c;
	json_t *out = json_array();
	size_t i;

	run(&c, r, NULL);
	for (i = 0; i < c.nu; i++)
		if (shown(&c, &c.u[i]))
			tk_jpush(out, unit_json(&c, &c.u[i]));
	done(&c);
	return out;
}

/* The figure a key names, a count or a rate (NFIG + its index); -1. */
int
tk_report_figure(const char *key)
{
	size_t i;

	for (i = 0; i < NFIG; i++)
		if (strcmp(fig_keys[i], key) == 0)
			return (int)i;
	for (i = 0; i < NRATES; i++)
		if (strcmp(rates[i].key, key) == 0)
			return (int)(NFIG + i);
	return -1;
}

const struct tk_report_col tk_explain_cols[] = {
	{ "figure", "指标", 16, 0 },
	{ "ticket", "工单", 14, 0 },
	{ "unit", "单位", 6, 0 },
	{ "counts", "计入", 4, 0 },
	{ "event", "事件", 16, 0 },
	{ "at", "时间", 25, 0 },
	{ "why", "原因", 60, 0 },
	{ NULL, NULL, 0, 0 }
};

/*
 * The lines behind one unit's figures, or one figure's, printed as they
 * are judged: for an order counted once in a figure, its first line that
 * counts; every line of the per-event figures.  The lines of a figure
 * that count add up to it.
 */
void
tk_report_explain(const struct tk_report *r, struct tk_report_out *out)
{
	struct ctx c;

	run(&c, r, out);
	done(&c);
}

/*
 * The columns of a table: those named (spaces or commas between), or
 * every one for "all".  NULL, with err said, for a name not a column.
 */
struct tk_report_col *
tk_report_pick(const struct tk_report_col *cols, const char *names,
    char err[TK_ERRLEN])
{
	struct tk_report_col *out;
	size_t n, i, k = 0, len;

	for (n = 0; cols[n].key != NULL; n++)
		;
	out = tk_xmalloc((n + 1) * sizeof(*out));
	if (strcmp(names, "all") == 0) {
		memcpy(out, cols, (n + 1) * sizeof(*out));
		return out;
	}
	for (; *names != '\0'; names += len + (names[len] != '\0')) {
		if ((len = strcspn(names, " ,")) == 0)
			continue;
		for (i = 0; i < n; i++)
			if (strlen(cols[i].key) == len &&
			    strncmp(cols[i].key, names, len) == 0)
				break;
		if (i == n || k == n) {
			snprintf(err, TK_ERRLEN, "--columns: no column \"%.*s\"",
			    (int)len, names);
			free(out);
			return NULL;
		}
		out[k++] = cols[i];
	}
	memset(&out[k], 0, sizeof(*out));
	return out;
}

/* A cell as text: a count, a share as a percentage, a score. */
static void
cell_text(json_t *v, int rate, char *buf, size_t len)
{
	if (v == NULL || json_is_null(v))
		snprintf(buf, len, "%s", rate ? "-" : "");
	else if (json_is_string(v))
		snprintf(buf, len, "%s", json_string_value(v));
	else if (json_is_boolean(v))
		snprintf(buf, len, "%s", json_is_true(v) ? "是" : "否");
	else if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else if (rate == 1)
		snprintf(buf, len, "%.1f%%", 100 * json_number_value(v));
	else
		snprintf(buf, len, "%.1f", json_number_value(v));
}

/* The text of a cell of row, as the format prints it. */
static void
cell_of(int format, const struct tk_report_col *col, json_t *row, char *buf,
    size_t len)
{
	json_t *v = json_object_get(row, col->key);

	if (format == TK_REPORT_CSV && col->rate == 1 && json_is_number(v))
		snprintf(buf, len, "%.4f", json_number_value(v));
	else
		cell_text(v, col->rate, buf, len);
}

static void
print_cells(FILE *fp, int format, const struct tk_report_col *cols,
    const size_t *widths, json_t *row)
{
	const char *cells[TK_REPORT_MAXCOLS];
	char text[TK_REPORT_MAXCOLS][256];
	size_t n;

	for (n = 0; cols[n].key != NULL && n < TK_REPORT_MAXCOLS; n++) {
		if (row == NULL)
			cells[n] = format == TK_REPORT_TABLE ? cols[n].label :
			    cols[n].key;
		else {
			cell_of(format, &cols[n], row, text[n],
			    sizeof(text[n]));
			cells[n] = text[n];
		}
	}
	if (format == TK_REPORT_TABLE)
		tk_table_row(fp, cells, widths, n);
	else
		tk_csv_write_row(fp, cells, n);
}

/* A table's columns as wide as their widest cell, up to their width. */
static void
fit(const struct tk_report_col *cols, json_t *rows, size_t *widths)
{
	char text[256];
	json_t *row;
	size_t n, i, w;

	for (n = 0; cols[n].key != NULL && n < TK_REPORT_MAXCOLS; n++) {
		widths[n] = tk_utf8_width(cols[n].label);
		json_array_foreach(rows, i, row) {
			cell_of(TK_REPORT_TABLE, &cols[n], row, text,
			    sizeof(text));
			if ((w = tk_utf8_width(text)) > widths[n])
				widths[n] = w;
		}
		if (widths[n] > (size_t)cols[n].width)
			widths[n] = (size_t)cols[n].width;
	}
}

/*
 * Starts the rows of a report: JSON lines (shares to 4 places, so
 * printed short), or a table or CSV with a header row, in the columns
 * given.  A table's columns are as wide as the widest of rows, or, when
 * the rows come later (NULL), as the columns' own widths.
 */
void
tk_report_start(struct tk_report_out *o, FILE *fp, int format,
    const struct tk_report_col *cols, json_t *rows)
{
	size_t n;

	o->fp = fp;
	o->format = format;
	o->cols = cols;
	if (format == TK_REPORT_TABLE && rows != NULL)
		fit(cols, rows, o->widths);
	else
		for (n = 0; cols[n].key != NULL && n < TK_REPORT_MAXCOLS; n++)
			o->widths[n] = (size_t)cols[n].width;
	if (format != TK_REPORT_JSON)
		print_cells(fp, format, cols, o->widths, NULL);
}

void
tk_report_put(struct tk_report_out *o, json_t *row)
{
	char *line;

	if (o->format != TK_REPORT_JSON) {
		print_cells(o->fp, o->format, o->cols, o->widths, row);
		return;
	}
	line = json_dumps(row, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(6));
	if (line == NULL)
		tk_errx(TK_EXIT_TEMP, "cannot encode a record as JSON");
	fprintf(o->fp, "%s\n", line);
	free(line);
}

void
tk_report_print(FILE *fp, int format, const struct tk_report_col *cols,
    json_t *rows)
{
	struct tk_report_out o;
	json_t *row;
	size_t i;

	tk_report_start(&o, fp, format, cols, rows);
	json_array_foreach(rows, i, row)
		tk_report_put(&o, row);
}
