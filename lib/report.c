/*
 * report.c: assessment (考核, ticket-report(1)) per unit and period, computed from
 * the event log, and the rows a report prints.
 *
 * A period is [from, to): every query reads only events with at < to,
 * so a report on a past period never changes when later events come.
 * An order is a unit's work on a ticket, named by (ticket, unit): a unit
 * holds at most one order per ticket, so the events an order gets are
 * those of its ticket that carry its unit.
 *
 * Most figures count orders (distinct tickets per reporting unit): each
 * query below gives rows of (unit, ticket, judgement), the judgement
 * becomes bits of a hit, and hits of one unit and ticket are merged, so
 * an order counts once however many events it had.  Bounces, reopenings
 * and flags count events.  Correlated lookups name event_ticket: without
 * statistics the planner would rather walk every event of a kind.  With
 * level 2 a level-3 unit reports as its level-2 parent, and sub-orders
 * (下派) are left out: the level-2 unit answers for them through its own
 * order.  man/ticket-report.1 writes
 * every formula out; the code must match it.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

enum fig {
	F_DISPATCHED, F_SIGNED, F_RESPONDED, F_RETURNED, F_RETURNED_LATE,
	F_REPLIED, F_ONTIME, F_OVERDUE, F_EXTENDED, F_BOUNCED, F_REOPENED,
	F_CALLBACKS, F_ANSWERED, F_SATISFIED, F_RESOLVED, F_YELLOW, F_RED,
	F_FLAGS, NFIG
};

/* The output keys of the counts, in enum fig's order. */
static const char *const fig_keys[NFIG] = {
	"dispatched", "signed_in_time", "responded", "returned",
	"returned_late", "replied", "replied_on_time", "overdue", "extended",
	"bounced", "reopened", "callbacks", "answered", "satisfied",
	"resolved", "yellow", "red", "flags"
};

/* A rate: numerator over denominator, its weight's setting. */
static const struct {
	const char	*key;
	enum fig	 num, den;
	const char	*weight;
} rates[] = {
	{ "sign_rate", F_SIGNED, F_DISPATCHED, "report.weight.sign" },
	{ "response_rate", F_RESPONDED, F_DISPATCHED,
	    "report.weight.response" },
	{ "ontime_rate", F_ONTIME, F_REPLIED, "report.weight.ontime" },
	{ "callback_rate", F_CALLBACKS, F_REPLIED, "report.weight.callback" },
	{ "satisfaction_rate", F_SATISFIED, F_ANSWERED,
	    "report.weight.satisfaction" },
	{ "resolution_rate", F_RESOLVED, F_ANSWERED,
	    "report.weight.resolution" },
};
#define NRATES	(sizeof(rates) / sizeof(rates[0]))

const struct tk_report_col tk_report_unit_cols[] = {
	{ "unit", "单位", 8, 0 },
	{ "name", "名称", 16, 0 },
	{ "dispatched", "派单", 6, 0 },
	{ "signed_in_time", "按时签收", 8, 0 },
	{ "sign_rate", "签收率", 7, 1 },
	{ "responded", "按时联系", 8, 0 },
	{ "response_rate", "响应率", 7, 1 },
	{ "returned", "退回", 4, 0 },
	{ "returned_late", "超时退回", 8, 0 },
	{ "replied", "办结", 4, 0 },
	{ "replied_on_time", "按时办结", 8, 0 },
	{ "ontime_rate", "按时办结率", 10, 1 },
	{ "overdue", "超期", 4, 0 },
	{ "extended", "延期", 4, 0 },
	{ "bounced", "退单", 4, 0 },
	{ "reopened", "重办", 4, 0 },
	{ "callbacks", "回访", 4, 0 },
	{ "callback_rate", "回访率", 7, 1 },
	{ "answered", "回访接通", 8, 0 },
	{ "satisfied", "满意", 4, 0 },
	{ "satisfaction_rate", "满意率", 7, 1 },
	{ "resolved", "解决", 4, 0 },
	{ "resolution_rate", "解决率", 7, 1 },
	{ "yellow", "黄牌", 4, 0 },
	{ "red", "红牌", 4, 0 },
	{ "flags", "追责", 4, 0 },
	{ "score", "综合得分", 8, 2 },
	{ NULL, NULL, 0, 0 }
};

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

struct ctx {
	const struct tk_report *r;
	struct urow	*u;
	size_t		 nu;
	struct hit	*h;
	size_t		 nh, caph;
	int		 rollup;
	int		 contact_days;
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

static void
add_hit(struct ctx *c, const char *unit, const char *ticket, uint32_t bits)
{
	long rep = rep_of(c, unit);

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
add_count(struct ctx *c, const char *unit, enum fig f)
{
	long rep = rep_of(c, unit);

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

/* Sub-orders are left out of a roll-up: their level-2 unit answers. */
#define NOT_SUB \
	" AND (?3 = 0 OR NOT EXISTS (SELECT 1 FROM assignment s" \
	" WHERE s.ticket = e.ticket AND s.unit = e.unit" \
	" AND s.parent IS NOT NULL))"

static struct tk_stmt *
period_stmt(struct ctx *c, const char *sql)
{
	struct tk_stmt *st = tk_db_stmt(c->r->db, sql);

	tk_stmt_int(st, 1, c->r->from);
	tk_stmt_int(st, 2, c->r->to);
	tk_stmt_int(st, 3, c->rollup);
	return st;
}

/*
 * Orders given in the period (lead and co-units of a dispatch, a
 * redispatch, a sub-dispatch), with their first signature and first
 * contact before the period's end.
 */
static void
orders(struct ctx *c)
{
	struct tk_stmt *st = period_stmt(c,
	    "WITH o(ticket, unit, at) AS ("
	    " SELECT e.ticket, j.value, e.at FROM event e,"
	    "  json_each(e.data, '$.lead') j WHERE e.kind = @dispatch"
	    "  AND e.at >= ?1 AND e.at < ?2"
	    " UNION ALL SELECT e.ticket, j.value, e.at FROM event e,"
	    "  json_each(e.data, '$.co') j WHERE e.kind = @dispatch"
	    "  AND e.at >= ?1 AND e.at < ?2"
	    " UNION ALL SELECT e.ticket, e.unit, e.at FROM event e"
	    "  WHERE e.kind IN (@redispatch, @subdispatch)"
	    "  AND e.at >= ?1 AND e.at < ?2"
	    "  AND (e.kind = @redispatch OR ?3 = 0)"
	    "  AND coalesce(json_extract(e.data, '$.role'), '') != 'cc')"
	    " SELECT o.unit, o.ticket, o.at,"
	    " (SELECT min(s.at) FROM event s INDEXED BY event_ticket"
	    " WHERE s.ticket = o.ticket"
	    "  AND s.unit = o.unit AND s.kind = @sign AND s.at >= o.at"
	    "  AND s.at < ?2),"
	    " (SELECT min(k.at) FROM event k INDEXED BY event_ticket"
	    " WHERE k.ticket = o.ticket"
	    "  AND k.unit = o.unit AND k.kind = @contact AND k.at >= o.at"
	    "  AND k.at < ?2)"
	    " FROM o");
	tk_time at, signed_at, contact;
	uint32_t bits;

	while (tk_stmt_step(st) == TK_ROW) {
		bits = BIT(F_DISPATCHED);
		at = tk_stmt_col_int(st, 2);
		if (!tk_stmt_col_isnull(st, 3)) {
			signed_at = tk_stmt_col_int(st, 3);
			if (signed_at <= tk_sla_window_closes(c->r->cal, at))
				bits |= BIT(F_SIGNED);
			contact = tk_stmt_col_int(st, 4);
			if (!tk_stmt_col_isnull(st, 4) && contact <=
			    tk_sla_deadline(c->r->cal, signed_at,
			    c->contact_days))
				bits |= BIT(F_RESPONDED);
		}
		add_hit(c, tk_stmt_col_text(st, 0), tk_stmt_col_text(st, 1),
		    bits);
	}
	tk_stmt_reset(st);
}

/* One event that counts as it comes; after is a card's colour, what a
 * flag's kind. */
static void
mark(struct ctx *c, enum tk_event_kind kind, const char *unit,
    const char *ticket, const char *after, const char *what)
{
	switch (kind) {
	case TK_EV_BOUNCE:
		add_count(c, unit, F_BOUNCED);
		break;
	case TK_EV_REOPEN:
		add_count(c, unit, F_REOPENED);
		break;
	case TK_EV_FLAG:
		add_count(c, unit, F_FLAGS);
		if (what != NULL && strcmp(what, "late_return") == 0)
			add_count(c, unit, F_RETURNED_LATE);
		break;
	case TK_EV_EXTENSION_APPROVED:
		add_hit(c, unit, ticket, BIT(F_EXTENDED));
		break;
	case TK_EV_RETURN_APPROVED:
		add_hit(c, unit, ticket, BIT(F_RETURNED));
		break;
	default:
		if (after != NULL && strcmp(after, "red") == 0)
			add_hit(c, unit, ticket, BIT(F_RED) | BIT(F_OVERDUE));
		else if (after != NULL && strcmp(after, "yellow") == 0)
			add_hit(c, unit, ticket, BIT(F_YELLOW));
	}
}

/* Events that count as they come: cards, extensions, returns, flags. */
static void
marks(struct ctx *c)
{
	struct tk_stmt *st = period_stmt(c,
	    "SELECT e.kind, e.unit, e.ticket, e.after,"
	    " json_extract(e.data, '$.kind') FROM event e"
	    " WHERE e.kind IN (@bounce, @card, @extension_approved, @flag,"
	    " @reopen, @return_approved) AND e.at >= ?1 AND e.at < ?2"
	    " AND e.unit IS NOT NULL" NOT_SUB);
	while (tk_stmt_step(st) == TK_ROW)
		mark(c, tk_event_kind(tk_stmt_col_text(st, 0)),
		    tk_stmt_col_text(st, 1), tk_stmt_col_text(st, 2),
		    tk_stmt_col_text(st, 3), tk_stmt_col_text(st, 4));
	tk_stmt_reset(st);
}

/*
 * Orders whose first approval came in the period, with the time of the
 * reply approved, the due date in force when it was made (the last one
 * an event set before it, else the dispatch plus the order's limit), and
 * whether the order ever had a red card before the period's end.
 */
static void
replied(struct ctx *c)
{
	struct tk_stmt *st = period_stmt(c,
	    "SELECT e.unit, e.ticket, r.at,"
	    " (SELECT CASE WHEN d.kind IN (@extension_approved, @due_moved)"
	    "  THEN json_extract(d.data, '$.new_due')"
	    "  ELSE json_extract(d.data, '$.due_at') END"
	    "  FROM event d INDEXED BY event_ticket"
	    "  WHERE d.ticket = e.ticket AND d.unit = e.unit AND d.seq < r.seq"
	    "  AND d.kind IN (@sign, @subdispatch, @extension_approved,"
	    "  @due_moved, @reopen)"
	    "  AND (d.kind != @sign OR json_extract(d.data, '$.due_at')"
	    "  IS NOT NULL) ORDER BY d.seq DESC LIMIT 1),"
	    " a.dispatched_at, a.limit_days,"
	    " EXISTS (SELECT 1 FROM event k INDEXED BY event_ticket"
	    " WHERE k.ticket = e.ticket"
	    "  AND k.unit = e.unit AND k.kind = @card AND k.after = 'red'"
	    "  AND k.at < ?2)"
	    " FROM event e JOIN event r INDEXED BY event_ticket"
	    " ON r.ticket = e.ticket"
	    "  AND r.unit = e.unit AND r.kind = @reply"
	    "  AND json_extract(r.data, '$.reply') ="
	    "  json_extract(e.data, '$.reply')"
	    " LEFT JOIN assignment a ON a.id = (SELECT max(x.id) FROM"
	    "  assignment x WHERE x.ticket = e.ticket AND x.unit = e.unit"
	    "  AND x.dispatched_at <= r.at)"
	    " WHERE e.kind = @approve AND e.at >= ?1 AND e.at < ?2"
	    " AND NOT EXISTS (SELECT 1 FROM event p INDEXED BY event_ticket"
	    " WHERE p.ticket = e.ticket"
	    "  AND p.unit = e.unit AND p.kind = @approve AND p.seq < e.seq)"
	    NOT_SUB);
	tk_time at, due;
	const char *set;
	uint32_t bits;
	int known;

	while (tk_stmt_step(st) == TK_ROW) {
		bits = BIT(F_REPLIED);
		at = tk_stmt_col_int(st, 2);
		set = tk_stmt_col_text(st, 3);
		if (set != NULL)
			known = tk_time_parse(set, &due) == 0;
		else if ((known = !tk_stmt_col_isnull(st, 4) &&
		    !tk_stmt_col_isnull(st, 5)))
			due = tk_sla_deadline(c->r->cal, tk_stmt_col_int(st, 4),
			    (int)tk_stmt_col_int(st, 5));
		if (known && at <= due)
			bits |= BIT(F_ONTIME);
		else if (!tk_stmt_col_int(st, 6))
			bits |= BIT(F_OVERDUE);
		add_hit(c, tk_stmt_col_text(st, 0), tk_stmt_col_text(st, 1),
		    bits);
	}
	tk_stmt_reset(st);
}

/*
 * Callbacks in the period, each for the unit whose reply made the ticket
 * replied last before it; the last answered one of a ticket judges.
 */
static void
callbacks(struct ctx *c)
{
	struct tk_stmt *st = period_stmt(c,
	    "SELECT (SELECT json_extract(r.data, '$.unit')"
	    "  FROM event r INDEXED BY event_ticket"
	    "  WHERE r.ticket = e.ticket AND r.kind = @replied"
	    "  AND r.seq < e.seq ORDER BY r.seq DESC LIMIT 1),"
	    " e.ticket, json_extract(e.data, '$.result'),"
	    " json_extract(e.data, '$.resolved'),"
	    " e.seq = (SELECT max(l.seq) FROM event l INDEXED BY event_ticket"
	    " WHERE"
	    "  l.ticket = e.ticket AND l.kind = @callback AND l.at >= ?1"
	    "  AND l.at < ?2 AND json_extract(l.data, '$.result')"
	    "  != 'unreachable')"
	    " FROM event e WHERE e.kind = @callback AND e.at >= ?1"
	    " AND e.at < ?2 AND ?3 = ?3");
	const char *result, *resolved;
	uint32_t bits;

	while (tk_stmt_step(st) == TK_ROW) {
		bits = BIT(F_CALLBACKS);
		result = tk_stmt_col_text(st, 2);
		resolved = tk_stmt_col_text(st, 3);
		if (tk_stmt_col_int(st, 4)) {
			bits |= BIT(F_ANSWERED);
			if (result != NULL && (strcmp(result, "satisfied") == 0 ||
			    strcmp(result, "basic") == 0))
				bits |= BIT(F_SATISFIED);
			if (resolved != NULL && strcmp(resolved, "yes") == 0)
				bits |= BIT(F_RESOLVED);
		}
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

static json_t *
unit_json(const struct urow *u)
{
	json_t *o = json_pack("{s:s, s:s, s:i}", "unit", u->code, "name",
	    u->name, "level", u->level);
	double got = 0, weight = 0, r, w;
	size_t i;
	int f;

	for (f = 0; f < NFIG; f++)
		tk_jset(o, fig_keys[f], json_integer(u->n[f]));
	for (i = 0; i < NRATES; i++) {
		tk_jset(o, rates[i].key, share(u->n[rates[i].num],
		    u->n[rates[i].den]));
		if (u->n[rates[i].den] == 0)
			continue;
		r = (double)u->n[rates[i].num] / u->n[rates[i].den];
		w = (double)tk_conf_long(rates[i].weight);
		got += w * (r > 1 ? 1 : r);
		weight += w;
	}
	tk_jset(o, "score", weight == 0 ? json_null() :
	    json_real(round(1000.0 * got / weight) / 10.0));
	return o;
}

json_t *
tk_report_units(const struct tk_report *r)
{
	struct ctx c;
	json_t *out = json_array();
	size_t i;

	memset(&c, 0, sizeof(c));
	c.r = r;
	c.rollup = r->level == 2;
	c.contact_days = (int)tk_conf_long("limit.contact");
	load_units(&c);
	orders(&c);
	marks(&c);
	replied(&c);
	callbacks(&c);
	count_hits(&c);
	for (i = 0; i < c.nu; i++) {
		if (shown(&c, &c.u[i]))
			tk_jpush(out, unit_json(&c.u[i]));
		free(c.u[i].name);
	}
	free(c.u);
	free(c.h);
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
	else if (json_is_integer(v))
		snprintf(buf, len, "%lld", (long long)json_integer_value(v));
	else if (rate == 1)
		snprintf(buf, len, "%.1f%%", 100 * json_number_value(v));
	else
		snprintf(buf, len, "%.1f", json_number_value(v));
}

static void
print_cells(FILE *fp, int format, const struct tk_report_col *cols,
    json_t *row)
{
	const char *cells[64];
	char text[64][128];
	size_t widths[64], n;

	for (n = 0; cols[n].key != NULL && n < 64; n++) {
		widths[n] = (size_t)cols[n].width;
		if (row == NULL) {
			cells[n] = format == TK_REPORT_TABLE ? cols[n].label :
			    cols[n].key;
			continue;
		}
		cell_text(json_object_get(row, cols[n].key), cols[n].rate,
		    text[n], sizeof(text[n]));
		if (format == TK_REPORT_CSV && cols[n].rate == 1 &&
		    json_is_number(json_object_get(row, cols[n].key)))
			snprintf(text[n], sizeof(text[n]), "%.4f",
			    json_number_value(json_object_get(row,
			    cols[n].key)));
		cells[n] = text[n];
	}
	if (format == TK_REPORT_TABLE)
		tk_table_row(fp, cells, widths, n);
	else
		tk_csv_write_row(fp, cells, n);
}

/*
 * The rows of a report: JSON lines (shares to 4 places, so printed
 * short), or a table or CSV with a header row, in the columns given.
 */
void
tk_report_print(FILE *fp, int format, const struct tk_report_col *cols,
    json_t *rows)
{
	json_t *row;
	size_t i;
	char *line;

	if (format != TK_REPORT_JSON)
		print_cells(fp, format, cols, NULL);
	json_array_foreach(rows, i, row) {
		if (format != TK_REPORT_JSON) {
			print_cells(fp, format, cols, row);
			continue;
		}
		line = json_dumps(row, JSON_COMPACT | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(6));
		if (line == NULL)
			tk_errx(TK_EXIT_TEMP, "cannot encode a record as JSON");
		fprintf(fp, "%s\n", line);
		free(line);
	}
}
