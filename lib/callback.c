/*
 * callback.c: the callback (回访), closing, and rework (重办): how a
 * replied ticket ends (ticket(7)).
 *
 * Once the lead unit's reply is approved the ticket is replied and waits
 * for the platform to ask the citizen whether the problem was solved and
 * whether they are satisfied.  Each callback is a row of callback and one
 * event; the table moves below say where it takes the ticket.  A round
 * of callbacks begins when the ticket becomes replied and ends when it
 * leaves replied; unreachable attempts count within the round, and the
 * last one allowed (callback.attempts) closes the ticket.  Reopening
 * sends the lead unit's top-level order back to be signed, due again by
 * its original limit counted from now; its second reopening raises the
 * accountability flag reopened_twice.  Here too: the queue of tickets
 * awaiting a callback and its reproducible samples, and the repeat
 * complaint that intake detects after a reply.
 *
 * Invariants: only a replied ticket takes a callback or a close, so a
 * closed or archived one cannot be recorded twice or reopened; the
 * ticket's extra "callback" always shows the latest callback (or why it
 * was closed without one); a ticket that leaves replied leaves no SMS
 * survey open.  A refused action writes nothing.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

const struct tk_enum tk_callback_results[] = {
	{ "satisfied", "满意" }, { "basic", "基本满意" },
	{ "unsatisfied", "不满意" }, { "unreachable", "无法联系" },
	{ NULL, NULL }
};

const struct tk_enum tk_callback_resolved[] = {
	{ "yes", "已解决" }, { "partly", "部分解决" }, { "no", "未解决" },
	{ NULL, NULL }
};

const struct tk_enum tk_callback_methods[] = {
	{ "phone", "电话" }, { "sms", "短信" }, { "self", "自评" },
	{ NULL, NULL }
};

/*
 * Where a callback takes the ticket.  A result and --reopen not listed
 * together are refused.  An unsatisfied SMS answer leaves the ticket due
 * for an agent's call, who decides on rework; unreachable (to NULL)
 * leaves it replied until the last attempt, which closes it.
 */
static const struct {
	const char	*result;
	const char	*method;	/* NULL: any */
	int		 reopen;
	const char	*to;
} moves[] = {
	{ "satisfied", NULL, 0, "closed" },
	{ "basic", NULL, 0, "closed" },
	{ "basic", NULL, 1, "reopened" },
	{ "unsatisfied", "sms", 0, "replied" },
	{ "unsatisfied", NULL, 0, "closed" },
	{ "unsatisfied", NULL, 1, "reopened" },
	{ "unreachable", NULL, 0, NULL },
};
#define NMOVES	(sizeof(moves) / sizeof(moves[0]))

/* The callbacks of a ticket's current round: those since it was last
 * reopened.  tk is the ticket's number in the query. */
#define ROUND(tk) \
	" FROM callback c WHERE c.ticket = " tk " AND c.id > coalesce((SELECT" \
	" max(id) FROM callback r WHERE r.ticket = " tk " AND r.reopen), 0)"

static int
find_move(const struct tk_args *c)
{
	size_t i;

	for (i = 0; i < NMOVES; i++)
		if (strcmp(moves[i].result, c->result) == 0 &&
		    moves[i].reopen == c->reopen && (moves[i].method == NULL ||
		    strcmp(moves[i].method, c->method) == 0))
			return (int)i;
	return -1;
}

/* The words of a callback; what is wrong is the caller's usage error. */
int
tk_callback_check(const struct tk_args *c, char err[TK_ERRLEN])
{
	int unreachable = c->result != NULL &&
	    strcmp(c->result, "unreachable") == 0;

	if (c->result == NULL || tk_enum_find(tk_callback_results,
	    c->result) == -1)
		snprintf(err, TK_ERRLEN, "--result: not satisfied, basic, "
		    "unsatisfied or unreachable: \"%s\"", c->result ?
		    c->result : "");
	else if (c->method == NULL || tk_enum_find(tk_callback_methods,
	    c->method) == -1)
		snprintf(err, TK_ERRLEN, "--method: not phone, sms or self: "
		    "\"%s\"", c->method ? c->method : "");
	else if (c->resolved != NULL && tk_enum_find(tk_callback_resolved,
	    c->resolved) == -1)
		snprintf(err, TK_ERRLEN, "--resolved: not yes, partly or no: "
		    "\"%s\"", c->resolved);
	else if (c->resolved == NULL && !unreachable &&
	    strcmp(c->method, "sms") != 0)
		snprintf(err, TK_ERRLEN, "--resolved: needed unless the "
		    "citizen was unreachable or answered by SMS");
	else if (c->resolved != NULL && unreachable)
		snprintf(err, TK_ERRLEN, "--resolved: an unreachable citizen "
		    "said nothing");
	else if (find_move(c) == -1)
		snprintf(err, TK_ERRLEN, "--reopen: only after a basic or "
		    "unsatisfied result");
	else
		return 0;
	return -1;
}

/* Callbacks so far this round, and how many found no one. */
static void
round_so_far(struct tk_act *a, const char *id, int *n, int *unreachable)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT count(*), coalesce(sum(c.result = 'unreachable'), 0)"
	    ROUND("?1"));

	tk_stmt_text(st, 1, id);
	*n = *unreachable = 0;
	if (tk_stmt_step(st) == TK_ROW) {
		*n = (int)tk_stmt_col_int(st, 0);
		*unreachable = (int)tk_stmt_col_int(st, 1);
	}
	tk_stmt_reset(st);
}

static int64_t
insert(struct tk_act *a, const char *id, const struct tk_args *c,
    int attempt)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "INSERT INTO callback(ticket, at, actor, method, result, resolved,"
	    " note, reopen, attempt) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
	    " ?9) RETURNING id");
	int64_t row;

	tk_stmt_text(st, 1, id);
	tk_stmt_int(st, 2, a->now);
	tk_stmt_text(st, 3, a->actor);
	tk_stmt_text(st, 4, c->method);
	tk_stmt_text(st, 5, c->result);
	tk_stmt_text(st, 6, c->resolved);
	tk_stmt_text(st, 7, c->note);
	tk_stmt_int(st, 8, c->reopen);
	tk_stmt_int(st, 9, attempt);
	if (tk_stmt_step(st) != TK_ROW)
		tk_errx(TK_EXIT_DATA, "%s: cannot record a callback: %s", id,
		    tk_db_errmsg(a->db));
	row = tk_stmt_col_int(st, 0);
	tk_stmt_reset(st);
	return row;
}

/* A ticket leaving replied answers no more surveys. */
static void
expire_surveys(struct tk_act *a, const char *id)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE survey SET status = 'expired' WHERE ticket = ?1"
	    " AND status = 'sent'");

	tk_stmt_text(st, 1, id);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot expire surveys: %s", id,
		    tk_db_errmsg(a->db));
}

/* The lead unit's top-level order, which rework goes back to. */
static int
lead_order(struct tk_act *a, const char *id, struct tk_order *g)
{
	char unit[64];

	if (tk_order_lead(a->db, id, unit) == 0)
		return tk_act_refuse(a, "no lead unit to reopen the ticket to");
	if (tk_order_find(a, id, unit, g) == -1)
		return -1;
	return tk_order_may(a, g, TK_OV_REOPEN);
}

/* 重办: the lead order back to its unit, signed, with a new deadline. */
static void
reopen(struct tk_act *a, struct tk_tick *t, struct tk_order *g,
    int64_t callback)
{
	tk_time due = tk_sla_deadline(a->cal, a->now, g->limit_days);
	char when[TK_TIME_LEN];
	json_t *data;
	int n = tk_order_reopened(a, g, due);

	data = json_pack("{s:I, s:s, s:i}", "callback", (json_int_t)callback,
	    "due_at", tk_time_format(due, when), "reopens", n);
	tk_order_move(a, t, g, TK_OV_REOPEN, data);
	json_decref(data);
	if (n < 2)
		return;
	data = json_pack("{s:s, s:i}", "kind", "reopened_twice", "reopens", n);
	if (tk_act_flag(a, g->id, t->id, g->unit, data))
		tk_warnx("%s: accountability flag for \"%s\": reopened twice",
		    t->id, g->unit);
	json_decref(data);
}

/* What the ticket shows of its latest callback, and the event's data. */
static json_t *
shown(struct tk_act *a, const struct tk_args *c, int64_t row, int attempt)
{
	char when[TK_TIME_LEN];
	json_t *v = json_pack("{s:s, s:s*, s:s, s:s, s:i}", "result",
	    c->result, "resolved", c->resolved, "method", c->method, "at",
	    tk_time_format(a->now, when), "attempts", attempt);

	if (c->note != NULL && *c->note != '\0')
		tk_jset(v, "note", json_string(c->note));
	tk_jset(v, "id", json_integer(row));
	return v;
}

/*
 * 回访: records the callback on a replied ticket and moves it as the
 * table says; --reopen needs the lead's approved order to send back.
 */
static int
may_record(struct tk_act *a, struct tk_tick *t, struct tk_args *c)
{
	struct tk_order *g = &t->order;
	return c->reopen ? lead_order(a, t->id, g) : 0;
}

static int
record(struct tk_act *a, struct tk_tick *t, struct tk_args *c)
{
	struct tk_order *g = &t->order;
	int n, unreachable, m = find_move(c);
	const char *to;
	int64_t row;
	json_t *v;

	round_so_far(a, t->id, &n, &unreachable);
	unreachable += moves[m].to == NULL;
	to = moves[m].to != NULL ? moves[m].to : unreachable >=
	    tk_conf_long("callback.attempts") ? "closed" : "replied";
	row = insert(a, t->id, c, n + 1);
	v = shown(a, c, row, n + 1);
	tk_jshare(t->extra, "callback", v);
	tk_act_move(a, t, TK_EV_CALLBACK, to, NULL, 0, v);
	json_decref(v);
	if (strcmp(to, "replied") != 0)
		expire_surveys(a, t->id);
	if (c->reopen)
		reopen(a, t, g, row);
	return 0;
}

const struct tk_action tk_callback_record = {
	"record a callback", "callback", tk_callback_check, may_record, record
};

/* The platform closes a replied ticket without a callback, saying why;
 * refused, because the caller would not be called back, which takes the
 * ticket out of 回访率 (ticket-report(1)). */
static int
close_now(struct tk_act *a, struct tk_tick *t, struct tk_args *c)
{
	char when[TK_TIME_LEN];
	json_t *v = json_pack("{s:s, s:s}", "reason", c->reason, "at",
	    tk_time_format(a->now, when));

	if (c->refused)
		tk_jset(v, "refused", json_true());

	tk_jshare(t->extra, "callback", v);
	tk_act_move(a, t, TK_EV_CLOSE, "closed", NULL, 0, v);
	json_decref(v);
	expire_surveys(a, t->id);
	return 0;
}

const struct tk_action tk_callback_close = {
	"close a ticket", "callback", NULL, NULL, close_now
};

/* A due line from a row of the query below. */
static json_t *
due_row(struct tk_stmt *st)
{
	char when[TK_TIME_LEN];
	const char *phone = tk_stmt_col_text(st, 7);
	int anonymous = (int)tk_stmt_col_int(st, 8);
	json_t *v;

	v = json_pack("{s:s, s:s, s:s, s:s*, s:s*, s:s*, s:{s:s*, s:s*},"
	    " s:s*, s:I, s:b}", "id", tk_stmt_col_text(st, 0), "replied_at",
	    tk_time_format(tk_stmt_col_int(st, 1), when), "category",
	    tk_stmt_col_text(st, 2), "topic", tk_stmt_col_text(st, 3), "area",
	    tk_stmt_col_text(st, 4), "what", tk_stmt_col_text(st, 5),
	    "caller", "name", tk_stmt_col_text(st, 6), "phone", phone,
	    "unit", tk_stmt_col_text(st, 9), "attempts",
	    (json_int_t)tk_stmt_col_int(st, 10), "callable",
	    phone != NULL && !anonymous);
	if (v == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	if (anonymous || phone == NULL)
		tk_jset(v, "why", json_string(anonymous ?
		    "anonymous caller" : "no phone"));
	return v;
}

/*
 * The tickets awaiting a callback, replied no later than before, oldest
 * reply first.  Anonymous and phone-less callers cannot be called: they
 * are listed with callable false, for an agent to close.
 */
int
tk_callback_due(struct tk_db *db, tk_time before, tk_ticket_cb cb, void *arg)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT t.id, t.replied_at, t.category, t.topic, t.area,"
	    " json_extract(t.doc, '$.facts.what'),"
	    " json_extract(t.doc, '$.caller.name'), t.caller_phone,"
	    " coalesce(json_extract(t.doc, '$.caller.anonymous'), 0),"
	    " (SELECT unit FROM assignment a WHERE a.ticket = t.id"
	    "  AND a.role = 'lead' AND a.parent IS NULL"
	    "  AND a.status NOT IN (@returned, @withdrawn)"
	    "  ORDER BY a.id DESC LIMIT 1),"
	    " (SELECT count(*)" ROUND("t.id") ")"
	    " FROM ticket t INDEXED BY ticket_awaiting"
	    " WHERE t.status = 'replied' AND t.replied_at <= ?1"
	    " ORDER BY t.replied_at, t.id");
	int rc = 0;
	json_t *v;

	tk_stmt_int(st, 1, before);
	while (rc == 0 && tk_stmt_step(st) == TK_ROW) {
		v = due_row(st);
		rc = cb(v, arg);
		json_decref(v);
	}
	tk_stmt_reset(st);
	return rc;
}

/* splitmix64's step (Steele, Lea and Flood): every bit of x mixed. */
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/*
 * A ticket's draw under a seed: a function of the two alone, so a
 * sample does not depend on what else is in the queue or its order.
 */
uint64_t
tk_callback_draw(const char *id, uint64_t seed)
{
	uint64_t h = mix(seed);

	while (*id != '\0')
		h = mix(h ^ (unsigned char)*id++);
	return h;
}

struct drawn {
	json_t		*line;
	const char	*unit;
	uint64_t	 draw;
	int		 take;
};

struct draws {
	struct drawn	*v;
	size_t		 n, cap;
	uint64_t	 seed;
};

static int
keep_drawn(json_t *line, void *arg)
{
	struct draws *d = arg;
	struct drawn *k;

	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->v = tk_xrealloc(d->v, d->cap * sizeof(*d->v));
	}
	k = &d->v[d->n++];
	k->line = json_incref(line);
	k->unit = tk_json_str(line, "unit");
	if (k->unit == NULL)
		k->unit = "";
	k->draw = tk_callback_draw(tk_json_str(line, "id"), d->seed);
	k->take = 0;
	return 0;
}

/* By unit, then by draw: each unit's lowest draws first. */
static int
by_unit_draw(const void *x, const void *y)
{
	const struct drawn *a = *(struct drawn *const *)x;
	const struct drawn *b = *(struct drawn *const *)y;
	int c = strcmp(a->unit, b->unit);

	if (c != 0)
		return c;
	return a->draw < b->draw ? -1 : a->draw > b->draw;
}

/* Each unit's ceil(rate * n) lowest draws: none is left out. */
static void
take_per_unit(struct draws *d, double rate)
{
	struct drawn **p = tk_xmalloc((d->n + 1) * sizeof(*p));
	size_t i, first, want;

	for (i = 0; i < d->n; i++)
		p[i] = &d->v[i];
	qsort(p, d->n, sizeof(*p), by_unit_draw);
	for (first = 0; first < d->n; first = i) {
		for (i = first; i < d->n && strcmp(p[i]->unit,
		    p[first]->unit) == 0; i++)
			continue;
		want = (size_t)ceil(rate * (double)(i - first));
		while (want-- > 0)
			p[first + want]->take = 1;
	}
	free(p);
}

/*
 * 抽查: a reproducible sample of the tickets awaiting a callback, in
 * their queue's order.  Each ticket is taken when its draw falls in the
 * first rate of the range; per unit, each lead unit's share is rounded
 * up, so a small unit is not skipped.
 */
json_t *
tk_callback_sample(struct tk_db *db, tk_time before, double rate,
    uint64_t seed, int per_unit)
{
	struct draws d = { NULL, 0, 0, seed };
	json_t *out = json_array();
	size_t i;

	tk_callback_due(db, before, keep_drawn, &d);
	if (per_unit)
		take_per_unit(&d, rate);
	for (i = 0; i < d.n; i++) {
		if (per_unit ? d.v[i].take :
		    (double)d.v[i].draw / 18446744073709551616.0 < rate)
			tk_jpush_share(out, d.v[i].line);
		json_decref(d.v[i].line);
	}
	free(d.v);
	return out;
}
