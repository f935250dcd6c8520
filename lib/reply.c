/*
 * reply.c: the unit's reply (反馈件), its review, and the unit's contact
 * with the citizen (ticket(7), ticket-sla(1)).
 *
 * A unit replies on its own signed order (or a level-2 unit for its
 * level-3 unit's sub-order); the order is then replied and waits for
 * review by whoever the table below names.  Approved, it is done, and
 * the lead's own approval makes the ticket replied; bounced (退单), it is
 * signed again and counts: two bounces in a row raise an accountability
 * flag, once per order.
 *
 * Invariants: an order in status replied has exactly one reply row in
 * status submitted, its newest; every row change appends one event,
 * inside the caller's transaction.  A refused action writes nothing.
 * The one exception is a reply missing a required element: it is stored
 * and bounced at once by the platform's check, because the bounce counts
 * for accountability; the caller is told with TK_REPLY_BOUNCED.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

const struct tk_enum tk_reply_contacts[] = {
	{ "phone", "电话" }, { "sms", "短信" }, { "visit", "上门" },
	{ "none", "未联系" }, { NULL, NULL }
};

const struct tk_enum tk_reply_outcomes[] = {
	{ "solved", "已解决" }, { "explained", "已解释说明" },
	{ "unsolvable", "暂无法解决" }, { NULL, NULL }
};

/* The actor in whose name a reply missing an element is bounced. */
#define AUTO_ACTOR	"platform/auto"

enum { NEED_NEVER, NEED_ALWAYS, NEED_UNSOLVABLE };

/*
 * A reply's elements, in the order of the reply table's columns; need
 * says when the platform bounces a reply without it.
 */
static const struct {
	const char	*name;
	const char	*label;
	size_t		 off;
	int		 need;
} elements[] = {
	{ "text", "答复内容", offsetof(struct tk_args, text), NEED_ALWAYS },
	{ "handler", "经办人", offsetof(struct tk_args, handler),
	    NEED_ALWAYS },
	{ "phone", "经办人电话", offsetof(struct tk_args, phone),
	    NEED_ALWAYS },
	{ "approver", "审核领导", offsetof(struct tk_args, approver),
	    NEED_ALWAYS },
	{ "contact", "联系诉求人情况", offsetof(struct tk_args, contact),
	    NEED_ALWAYS },
	{ "basis", "政策依据", offsetof(struct tk_args, basis), NEED_NEVER },
	{ "outcome", "办理结果", offsetof(struct tk_args, outcome),
	    NEED_NEVER },
	{ "told", "告知诉求人内容", offsetof(struct tk_args, told),
	    NEED_UNSOLVABLE }
};
#define NELEMENTS	(sizeof(elements) / sizeof(elements[0]))

enum { BY_PLATFORM = 1, BY_LEAD = 2, BY_PARENT = 4 };

/*
 * Who reviews a reply, by the order it answers: the lead's goes to the
 * platform, a co-unit's to the lead unit (or the platform), a level-3
 * unit's to the level-2 unit that passed the order down.
 */
static const struct {
	const char	*order;
	int		 by;
} reviewers[] = {
	{ "lead", BY_PLATFORM },
	{ "co", BY_LEAD | BY_PLATFORM },
	{ "sub", BY_PARENT }
};

static const char *
element(const struct tk_args *r, size_t i)
{
	return *(const char *const *)((const char *)r + elements[i].off);
}

static int
given(const char *s)
{
	return s != NULL && s[strspn(s, " \t")] != '\0';
}

static int
word_ok(const char *w, const struct tk_enum *e, const char *except)
{
	return w == NULL || (tk_enum_find(e, w) != -1 &&
	    (except == NULL || strcmp(w, except) != 0));
}

/* The words of a reply or contact; an unknown one is the caller's error. */
int
tk_reply_check(const struct tk_args *r, char err[TK_ERRLEN])
{
	if (!word_ok(r->contact, tk_reply_contacts, NULL))
		snprintf(err, TK_ERRLEN, "--contact: not phone, sms, visit or "
		    "none: \"%s\"", r->contact);
	else if (!word_ok(r->outcome, tk_reply_outcomes, NULL))
		snprintf(err, TK_ERRLEN, "--outcome: not solved, explained or "
		    "unsolvable: \"%s\"", r->outcome);
	else if (!word_ok(r->method, tk_reply_contacts, "none"))
		snprintf(err, TK_ERRLEN, "--method: not phone, sms or visit: "
		    "\"%s\"", r->method);
	else
		return 0;
	return -1;
}

/* "missing: a (甲), b (乙)" for the elements the reply lacks, or "". */
static void
missing(const struct tk_args *r, char *buf, size_t len)
{
	int unsolvable = r->outcome != NULL &&
	    strcmp(r->outcome, "unsolvable") == 0;
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < NELEMENTS; i++) {
		if (given(element(r, i)) || elements[i].need == NEED_NEVER ||
		    (elements[i].need == NEED_UNSOLVABLE && !unsolvable))
			continue;
		n += snprintf(buf + n, n < len ? len - n : 0, "%s%s (%s)",
		    n == 0 ? "missing: " : ", ", elements[i].name,
		    elements[i].label);
	}
}

/* The reply's row, submitted, and the text it adds to the search
 * index; returns its id. */
static int64_t
store(struct tk_act *a, const struct tk_tick *t, const struct tk_order *g,
    const struct tk_args *r)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "INSERT INTO reply(assignment, ticket, unit, at, status, text,"
	    " handler, phone, approver, contact, basis, outcome, told)"
	    " VALUES (?1, ?2, ?3, ?4, 'submitted', ?5, ?6, ?7, ?8, ?9, ?10,"
	    " ?11, ?12) RETURNING id");
	int64_t id;
	size_t i;

	tk_search_forget(a->db, t->id);
	tk_stmt_int(st, 1, g->id);
	tk_stmt_text(st, 2, t->id);
	tk_stmt_text(st, 3, g->unit);
	tk_stmt_int(st, 4, a->now);
	for (i = 0; i < NELEMENTS; i++)
		tk_stmt_text(st, 5 + (int)i, given(element(r, i)) ?
		    element(r, i) : NULL);
	if (tk_stmt_step(st) != TK_ROW)
		tk_errx(TK_EXIT_DATA, "%s: cannot store a reply: %s", t->id,
		    tk_db_errmsg(a->db));
	id = tk_stmt_col_int(st, 0);
	tk_stmt_reset(st);
	tk_search_add(a->db, t->id);
	return id;
}

/* What the reply event says: the reply's number and what it gave. */
static json_t *
reply_data(const struct tk_args *r, int64_t id)
{
	json_t *data = json_pack("{s:I}", "reply", (json_int_t)id);
	size_t i;

	for (i = 0; i < NELEMENTS; i++)
		if (given(element(r, i)))
			tk_jset(data, elements[i].name,
			    json_string(element(r, i)));
	return data;
}

static void
exec_or_die(struct tk_act *a, struct tk_stmt *st, const char *what,
    int64_t id)
{
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s %lld: cannot update: %s", what,
		    (long long)id, tk_db_errmsg(a->db));
}

/* A reply's review: its status, when, by whom, and why if bounced. */
static void
reviewed(struct tk_act *a, int64_t reply, const char *status,
    const char *note)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE reply SET status = ?2, reviewed_at = ?3, reviewer = ?4,"
	    " note = ?5 WHERE id = ?1");

	tk_stmt_int(st, 1, reply);
	tk_stmt_text(st, 2, status);
	tk_stmt_int(st, 3, a->now);
	tk_stmt_text(st, 4, a->actor);
	tk_stmt_text(st, 5, note);
	exec_or_die(a, st, "reply", reply);
}

/* The reply the order's review before this one ended in, or 0. */
static int64_t
bounced_before(struct tk_act *a, const struct tk_order *g, int64_t reply)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT id, status FROM reply WHERE assignment = ?1 AND id < ?2"
	    " ORDER BY id DESC LIMIT 1");
	int64_t id = 0;

	tk_stmt_int(st, 1, g->id);
	tk_stmt_int(st, 2, reply);
	if (tk_stmt_step(st) == TK_ROW &&
	    strcmp(tk_stmt_col_text(st, 1), "bounced") == 0)
		id = tk_stmt_col_int(st, 0);
	tk_stmt_reset(st);
	return id;
}

/* 追责: two bounces in a row. */
static void
flag_twice(struct tk_act *a, const struct tk_tick *t,
    const struct tk_order *g, int64_t reply)
{
	int64_t before = bounced_before(a, g, reply);
	json_t *data;

	if (before == 0)
		return;
	data = json_pack("{s:s, s:[I, I]}", "kind", "bounced_twice",
	    "replies", (json_int_t)before, (json_int_t)reply);
	if (tk_act_flag(a, g->id, t->id, g->unit, data))
		tk_warnx("%s: accountability flag for \"%s\": two consecutive "
		    "bounces", t->id, g->unit);
	json_decref(data);
}

/* 退单: back to the unit to be signed and replied again. */
static void
bounce(struct tk_act *a, struct tk_tick *t, struct tk_order *g,
    int64_t reply, const char *why)
{
	json_t *data = json_pack("{s:I, s:s}", "reply", (json_int_t)reply,
	    "reason", why);

	reviewed(a, reply, "bounced", why);
	tk_order_count_reply(a, g, 0);
	tk_order_move(a, t, g, TK_OV_BOUNCE, data);
	json_decref(data);
	flag_twice(a, t, g, reply);
}

/* The platform's check of a new reply: every required element there. */
static int
check_elements(struct tk_act *a, struct tk_tick *t, struct tk_order *g,
    int64_t reply, struct tk_args *r)
{
	const char *actor = a->actor;
	char why[TK_ERRLEN];

	missing(r, why, sizeof(why));
	if (why[0] == '\0')
		return TK_REPLY_DONE;
	a->actor = AUTO_ACTOR;
	bounce(a, t, g, reply, why);
	a->actor = actor;
	tk_act_refuse(a, "bounced: %s", why);
	return TK_REPLY_BOUNCED;
}

static int
may_reply(struct tk_act *a, struct tk_tick *t, struct tk_args *r)
{
	struct tk_order *g = &t->order;
	if (tk_act_own_order(a, t, r->unit) == -1)
		return -1;
	return tk_order_may(a, g, TK_OV_REPLY);
}

static int
submit(struct tk_act *a, struct tk_tick *t, struct tk_args *r)
{
	struct tk_order *g = &t->order;
	int64_t reply = store(a, t, g, r);
	json_t *data = reply_data(r, reply);

	tk_order_count_reply(a, g, 1);
	tk_order_move(a, t, g, TK_OV_REPLY, data);
	json_decref(data);
	return check_elements(a, t, g, reply, r);
}

/* 反馈: the unit's reply on its signed order. */
const struct tk_action tk_reply_submit = {
	NULL, NULL, tk_reply_check, may_reply, submit
};

/* Bits of BY_*: what the actor is to the order. */
static int
relation(struct tk_act *a, const struct tk_tick *t, const struct tk_order *g)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT coalesce((SELECT unit FROM assignment WHERE id = ?2) = ?3,"
	    " 0), EXISTS (SELECT 1 FROM assignment WHERE ticket = ?1"
	    " AND unit = ?3 AND role = 'lead' AND parent IS NULL"
	    " AND status NOT IN (@returned, @withdrawn))");
	int is = a->platform ? BY_PLATFORM : 0;

	tk_stmt_text(st, 1, t->id);
	tk_stmt_int(st, 2, g->parent);
	tk_stmt_text(st, 3, a->unit);
	if (tk_stmt_step(st) == TK_ROW)
		is |= (tk_stmt_col_int(st, 0) ? BY_PARENT : 0) |
		    (tk_stmt_col_int(st, 1) ? BY_LEAD : 0);
	tk_stmt_reset(st);
	return is;
}

static int
may_review(struct tk_act *a, const struct tk_tick *t, const struct tk_order *g)
{
	const char *order = g->parent != 0 ? "sub" : g->role;
	size_t i;

	if (tk_order_may(a, g, TK_OV_APPROVE) == -1)
		return -1;
	for (i = 0; i < sizeof(reviewers) / sizeof(reviewers[0]); i++)
		if (strcmp(reviewers[i].order, order) == 0 &&
		    (reviewers[i].by & relation(a, t, g)) != 0)
			return 0;
	return tk_act_refuse(a, "unit \"%s\" may not review the reply of "
	    "\"%s\"", a->unit, g->unit);
}

/* Without --unit: the one reply on the ticket awaiting the actor. */
static int
awaiting(struct tk_act *a, const struct tk_tick *t, struct tk_order *g)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT unit FROM assignment WHERE ticket = ?1"
	    " AND status = @replied ORDER BY id");
	json_t *units = json_array();
	struct tk_order o;
	size_t i, n = 0;

	tk_stmt_text(st, 1, t->id);
	while (tk_stmt_step(st) == TK_ROW)
		tk_jpush(units, json_string(tk_stmt_col_text(st,
		    0)));
	tk_stmt_reset(st);
	for (i = 0; i < json_array_size(units); i++)
		if (tk_order_find(a, t->id, json_string_value(
		    json_array_get(units, i)), &o) == 0 &&
		    may_review(a, t, &o) == 0 && n++ == 0)
			*g = o;
	json_decref(units);
	if (n == 0)
		return tk_act_refuse(a, "no reply awaits review by \"%s\"",
		    a->unit);
	if (n > 1)
		return tk_act_refuse(a, "%zu replies await review by \"%s\": "
		    "name one with --unit", n, a->unit);
	return 0;
}

/* The order's reply under review. */
static int64_t
submitted(struct tk_act *a, const struct tk_order *g)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT id FROM reply WHERE assignment = ?1"
	    " AND status = 'submitted' ORDER BY id DESC LIMIT 1");
	int64_t id = 0;

	tk_stmt_int(st, 1, g->id);
	if (tk_stmt_step(st) == TK_ROW)
		id = tk_stmt_col_int(st, 0);
	tk_stmt_reset(st);
	if (id == 0)
		tk_errx(TK_EXIT_DATA, "assignment %lld: replied, but no reply "
		    "is under review", (long long)g->id);
	return id;
}

/* Approved: the order is done; the lead's own makes the ticket replied. */
static void
approve(struct tk_act *a, struct tk_tick *t, struct tk_order *g,
    int64_t reply)
{
	json_t *data = json_pack("{s:I}", "reply", (json_int_t)reply);

	reviewed(a, reply, "approved", NULL);
	tk_order_move(a, t, g, TK_OV_APPROVE, data);
	if (strcmp(g->role, "lead") == 0 && g->parent == 0) {
		tk_jset(data, "unit", json_string(g->unit));
		tk_act_move(a, t, TK_EV_REPLIED, "replied", NULL, 0, data);
		tk_merge_follow(a, t, TK_EV_REPLIED, data);
	}
	json_decref(data);
}

/* The reply under review: the one named, or the one awaiting the actor. */
static int
may_decide(struct tk_act *a, struct tk_tick *t, struct tk_args *r)
{
	struct tk_order *g = &t->order;
	if (r->unit == NULL)
		return awaiting(a, t, g);
	if (tk_order_find(a, t->id, r->unit, g) == -1)
		return -1;
	return may_review(a, t, g);
}

static int
decide(struct tk_act *a, struct tk_tick *t, struct tk_args *r)
{
	struct tk_order *g = &t->order;
	if (r->bounce == NULL)
		approve(a, t, g, submitted(a, g));
	else
		bounce(a, t, g, submitted(a, g), r->bounce);
	return 0;
}

/* 审核: the reviewer approves the reply or bounces it with a reason. */
const struct tk_action tk_reply_review = {
	NULL, "assignment", NULL, may_decide, decide
};

static int
may_contact(struct tk_act *a, struct tk_tick *t, struct tk_args *r)
{
	struct tk_order *g = &t->order;
	if (tk_act_own_order(a, t, r->unit) == -1)
		return -1;
	return tk_order_may(a, g, TK_OV_CONTACT);
}

static int
contact(struct tk_act *a, struct tk_tick *t, struct tk_args *r)
{
	struct tk_order *g = &t->order;
	json_t *data = json_pack("{s:s?}", "method", r->method);

	tk_order_contacted(a, g);
	if (given(r->note))
		tk_jset(data, "note", json_string(r->note));
	if (g->contact_due_at != 0)
		tk_jset(data, "in_time", json_boolean(a->now <=
		    g->contact_due_at));
	tk_act_event(a, t->id, TK_EV_CONTACT, g->unit, NULL, NULL, data);
	json_decref(data);
	return 0;
}

/*
 * The unit reached the citizen.  Each contact is an event; a help
 * request meets its contact limit when the first is no later than
 * contact_due_at.
 */
const struct tk_action tk_reply_contact = {
	NULL, NULL, tk_reply_check, may_contact, contact
};
