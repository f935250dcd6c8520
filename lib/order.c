/*
 * order.c: an order (an assignment of a ticket to a unit) as a state
 * machine, and the one file that writes the assignment table.
 *
 * The statuses are an enum with one name table; the moves are one table
 * of (from, verb, to, who, event).  tk_order_may() says whether a verb
 * may move an order from where it stands, and tk_order_move() applies
 * it: the row changes, the ticket is touched and one event records the
 * order's status before and after, inside the caller's transaction.
 * A verb whose `to` equals its `from` changes no status (an extension
 * asked, a contact, a sub-dispatch): the table still says from where it
 * may start, and the caller writes the event the table names.
 *
 * An order is live while its unit owes work under a deadline:
 * dispatched, signed, or returning (the platform has yet to decide, and
 * the clock runs on).  TK_ORDER_LIVE_SQL says the same to SQL, and the
 * unit tests hold the two together.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

const struct tk_enum tk_order_statuses[] = {
	[TK_OS_DISPATCHED] =	{ "dispatched", "待签收" },
	[TK_OS_SIGNED] =	{ "signed", "办理中" },
	[TK_OS_RETURNING] =	{ "returning", "退回待审" },
	[TK_OS_RETURNED] =	{ "returned", "已退回" },
	[TK_OS_REPLIED] =	{ "replied", "答复待审" },
	[TK_OS_APPROVED] =	{ "approved", "已办结" },
	[TK_OS_COPIED] =	{ "copied", "抄送" },
	[TK_OS_WITHDRAWN] =	{ "withdrawn", "已撤回" },
	[TK_OS_NSTATUSES] =	{ NULL, NULL }
};

enum who { BY_HOLDER, BY_PLATFORM, BY_REVIEWER };

static const struct move {
	enum tk_order_status	 from;
	enum tk_order_verb	 verb;
	enum tk_order_status	 to;
	enum who		 who;
	enum tk_event_kind	 event;
} moves[] = {
#define MOVE(from, verb, to, who, event) \
	{ TK_OS_##from, TK_OV_##verb, TK_OS_##to, BY_##who, TK_EV_##event }
	MOVE(DISPATCHED, SIGN, SIGNED, HOLDER, SIGN),
	MOVE(DISPATCHED, RETURN, RETURNING, HOLDER, RETURN),
	MOVE(RETURNING, APPROVE_RETURN, RETURNED, PLATFORM, RETURN_APPROVED),
	MOVE(RETURNING, DENY_RETURN, DISPATCHED, PLATFORM, RETURN_DENIED),
	MOVE(DISPATCHED, SUBDISPATCH, DISPATCHED, HOLDER, SUBDISPATCH),
	MOVE(SIGNED, SUBDISPATCH, SIGNED, HOLDER, SUBDISPATCH),
	MOVE(DISPATCHED, EXTEND, DISPATCHED, HOLDER, EXTENSION_ASKED),
	MOVE(SIGNED, EXTEND, SIGNED, HOLDER, EXTENSION_ASKED),
	MOVE(SIGNED, CONTACT, SIGNED, HOLDER, CONTACT),
	MOVE(REPLIED, CONTACT, REPLIED, HOLDER, CONTACT),
	MOVE(SIGNED, REPLY, REPLIED, HOLDER, REPLY),
	MOVE(REPLIED, APPROVE, APPROVED, REVIEWER, APPROVE),
	MOVE(REPLIED, BOUNCE, SIGNED, REVIEWER, BOUNCE),
	MOVE(APPROVED, REOPEN, SIGNED, PLATFORM, REOPEN),
	/* 撤回: the platform takes work back (reassign, merge), or a copy. */
	MOVE(DISPATCHED, WITHDRAW, WITHDRAWN, PLATFORM, WITHDRAW),
	MOVE(SIGNED, WITHDRAW, WITHDRAWN, PLATFORM, WITHDRAW),
	MOVE(RETURNING, WITHDRAW, WITHDRAWN, PLATFORM, WITHDRAW),
	MOVE(COPIED, WITHDRAW, WITHDRAWN, PLATFORM, WITHDRAW),
#undef MOVE
};
#define NMOVES	(sizeof(moves) / sizeof(moves[0]))

int
tk_order_live(enum tk_order_status s)
{
	return s == TK_OS_DISPATCHED || s == TK_OS_SIGNED ||
	    s == TK_OS_RETURNING;
}

const char *
tk_order_word(enum tk_order_status s)
{
	return tk_order_statuses[s].word;
}

static const struct move *
find_move(enum tk_order_status from, enum tk_order_verb verb)
{
	size_t i;

	for (i = 0; i < NMOVES; i++)
		if (moves[i].from == from && moves[i].verb == verb)
			return &moves[i];
	return NULL;
}

/* "dispatched or signed": where the verb may start. */
static void
starts(enum tk_order_verb verb, char *buf, size_t size)
{
	size_t i, n = 0;

	buf[0] = '\0';
	for (i = 0; i < NMOVES; i++)
		if (moves[i].verb == verb && n < size)
			n += (size_t)snprintf(buf + n, size - n, "%s%s",
			    n ? " or " : "", tk_order_word(moves[i].from));
}

/*
 * May verb move the order from where it stands?  The holder's right is
 * checked where the order is found (tk_act_own_order), the reviewer's
 * by the review; the platform's here.
 */
int
tk_order_may(struct tk_act *a, const struct tk_order *g,
    enum tk_order_verb verb)
{
	const struct move *m = find_move(g->status, verb);
	char from[128];

	if (m == NULL) {
		starts(verb, from, sizeof(from));
		return tk_act_refuse(a, "the order of \"%s\" is %s, not %s",
		    g->unit, tk_order_word(g->status), from);
	}
	if (m->who == BY_PLATFORM && !a->platform)
		return tk_act_refuse(a, "only the platform may do this to the "
		    "order of \"%s\"", g->unit);
	return 0;
}

/* A change to one of its orders is a change to the ticket. */
static void
touch(struct tk_act *a, const char *id)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE ticket SET updated_at = ?2 WHERE id = ?1");

	tk_stmt_text(st, 1, id);
	tk_stmt_int(st, 2, a->now);
	tk_stmt_exec(st);
}

static void
exec_or_die(struct tk_act *a, struct tk_stmt *st, int64_t order)
{
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "assignment %lld: cannot update: %s",
		    (long long)order, tk_db_errmsg(a->db));
}

static void
set_status(struct tk_act *a, struct tk_order *g, enum tk_order_status to,
    int signing)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE assignment SET status = ?2,"
	    " signed_at = CASE WHEN ?3 THEN ?4 ELSE signed_at END"
	    " WHERE id = ?1");

	tk_stmt_int(st, 1, g->id);
	tk_stmt_text(st, 2, tk_order_word(to));
	tk_stmt_int(st, 3, signing);
	tk_stmt_int(st, 4, a->now);
	exec_or_die(a, st, g->id);
	g->status = to;
}

/* Applies verb, which tk_order_may allowed, with its event; data is
 * borrowed. */
void
tk_order_move(struct tk_act *a, const struct tk_tick *t, struct tk_order *g,
    enum tk_order_verb verb, json_t *data)
{
	const struct move *m = find_move(g->status, verb);
	enum tk_order_status before = g->status;

	if (m == NULL || m->to == m->from)
		tk_errx(TK_EXIT_DATA, "internal: order %lld: no move from %s",
		    (long long)g->id, tk_order_word(g->status));
	set_status(a, g, m->to, verb == TK_OV_SIGN);
	touch(a, t->id);
	tk_act_event(a, t->id, m->event, g->unit, tk_order_word(before),
	    tk_order_word(m->to), data);
}

/*
 * A new order: due as given (-1 for none yet), with the category's
 * limit unless it is a copy.  Returns its row id.
 */
int64_t
tk_order_new(struct tk_act *a, const struct tk_tick *t, const char *unit,
    const char *role, int64_t parent, tk_time due)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "INSERT INTO assignment(ticket, unit, role, parent, status,"
	    " dispatched_at, due_at, limit_days)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
	int copy = strcmp(role, "cc") == 0;
	int64_t id;

	tk_stmt_text(st, 1, t->id);
	tk_stmt_text(st, 2, unit);
	tk_stmt_text(st, 3, role);
	if (parent > 0)
		tk_stmt_int(st, 4, parent);
	tk_stmt_text(st, 5, tk_order_word(copy ? TK_OS_COPIED :
	    TK_OS_DISPATCHED));
	tk_stmt_int(st, 6, a->now);
	if (due != -1)
		tk_stmt_int(st, 7, due);
	if (!copy)
		tk_stmt_int(st, 8, t->urgent ? 0 :
		    tk_sla_limit(&a->sla, t->category));
	if (tk_stmt_step(st) != TK_ROW)
		tk_errx(TK_EXIT_DATA, "%s: cannot assign: %s", t->id,
		    tk_db_errmsg(a->db));
	id = tk_stmt_col_int(st, 0);
	tk_stmt_reset(st);
	return id;
}

static void
from_row(struct tk_stmt *st, const char *unit, struct tk_order *g)
{
	int s = tk_enum_find(tk_order_statuses, tk_stmt_col_text(st, 2));

	if (s == -1)
		tk_errx(TK_EXIT_DATA, "assignment %lld: unknown status \"%s\"",
		    (long long)tk_stmt_col_int(st, 0), tk_stmt_col_text(st, 2));
	g->id = tk_stmt_col_int(st, 0);
	snprintf(g->unit, sizeof(g->unit), "%s", unit);
	snprintf(g->role, sizeof(g->role), "%s", tk_stmt_col_text(st, 1));
	g->status = (enum tk_order_status)s;
	g->parent = tk_stmt_col_int(st, 3);
	g->dispatched_at = tk_stmt_col_int(st, 4);
	g->due_at = tk_stmt_col_int(st, 5);
	g->signed_at = tk_stmt_col_int(st, 6);
	g->contact_due_at = tk_stmt_col_int(st, 7);
	g->contacted_at = tk_stmt_col_int(st, 8);
	g->limit_days = (int)tk_stmt_col_int(st, 9);
	g->extended_days = (int)tk_stmt_col_int(st, 10);
	g->bounces = (int)tk_stmt_col_int(st, 11);
}

/* The columns from_row() reads, after which a query may add its own. */
#define ORDER_COLS \
	"SELECT id, role, status, coalesce(parent, 0), dispatched_at," \
	" coalesce(due_at, 0), coalesce(signed_at, 0)," \
	" coalesce(contact_due_at, 0), coalesce(contacted_at, 0)," \
	" coalesce(limit_days, 0), extended_days, bounces"

/* The newest row of the unit on the ticket that the condition keeps. */
static int
newest(struct tk_act *a, const char *sql, const char *ticket,
    const char *unit, struct tk_order *g)
{
	struct tk_stmt *st = tk_db_stmt(a->db, sql);
	int found;

	memset(g, 0, sizeof(*g));
	tk_stmt_text(st, 1, ticket);
	tk_stmt_text(st, 2, unit);
	if ((found = tk_stmt_step(st) == TK_ROW))
		from_row(st, unit, g);
	tk_stmt_reset(st);
	return found ? 0 : tk_act_refuse(a, "no order for unit \"%s\"",
	    unit);
}

/* The unit's newest order on the ticket (copies are not orders). */
int
tk_order_find(struct tk_act *a, const char *ticket, const char *unit,
    struct tk_order *g)
{
	return newest(a, ORDER_COLS " FROM assignment WHERE ticket = ?1"
	    " AND unit = ?2 AND role != 'cc' ORDER BY id DESC LIMIT 1",
	    ticket, unit, g);
}

/* The lead unit's top-level order, not returned: its id and unit, or 0. */
int64_t
tk_order_lead(struct tk_db *db, const char *ticket, char unit[64])
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT id, unit FROM assignment WHERE ticket = ?1"
	    " AND role = 'lead' AND parent IS NULL"
	    " AND status NOT IN (@returned, @withdrawn)"
	    " ORDER BY id DESC LIMIT 1");
	int64_t order = 0;

	tk_stmt_text(st, 1, ticket);
	if (tk_stmt_step(st) == TK_ROW) {
		order = tk_stmt_col_int(st, 0);
		snprintf(unit, 64, "%s", tk_stmt_col_text(st, 1));
	}
	tk_stmt_reset(st);
	return order;
}

/* The first order on the ticket in status s, or a refusal saying why. */
int
tk_order_first(struct tk_act *a, const char *ticket,
    enum tk_order_status s, const char *why, struct tk_order *g)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT unit FROM assignment WHERE ticket = ?1"
	    " AND status = ?2 ORDER BY id LIMIT 1");
	char unit[64] = "";

	tk_stmt_text(st, 1, ticket);
	tk_stmt_text(st, 2, tk_order_word(s));
	if (tk_stmt_step(st) == TK_ROW)
		snprintf(unit, sizeof(unit), "%s", tk_stmt_col_text(st, 0));
	tk_stmt_reset(st);
	if (unit[0] == '\0')
		return tk_act_refuse(a, "%s", why);
	return tk_order_find(a, ticket, unit, g);
}

/* Sets an order's deadline or contact limit; -1 leaves one as it is. */
void
tk_order_set_deadlines(struct tk_act *a, const struct tk_order *g,
    tk_time due, tk_time contact)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE assignment SET due_at = coalesce(?2, due_at),"
	    " contact_due_at = coalesce(?3, contact_due_at) WHERE id = ?1");

	tk_stmt_int(st, 1, g->id);
	if (due != -1)
		tk_stmt_int(st, 2, due);
	if (contact != -1)
		tk_stmt_int(st, 3, contact);
	exec_or_die(a, st, g->id);
}

/* An extension granted: the new due date, the days counted. */
void
tk_order_extend(struct tk_act *a, const struct tk_order *g, int days,
    tk_time due)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE assignment SET due_at = ?2,"
	    " extended_days = extended_days + ?3 WHERE id = ?1");

	tk_stmt_int(st, 1, g->id);
	tk_stmt_int(st, 2, due);
	tk_stmt_int(st, 3, days);
	exec_or_die(a, st, g->id);
}

/*
 * The live sub-orders that were due with the order move to due with it;
 * returns their units.
 */
json_t *
tk_order_move_subs(struct tk_act *a, const struct tk_order *g, tk_time due)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE assignment SET due_at = ?3 WHERE parent = ?1"
	    " AND due_at = ?2 AND status IN (@dispatched, @signed)"
	    " RETURNING unit");
	json_t *units = json_array();

	tk_stmt_int(st, 1, g->id);
	tk_stmt_int(st, 2, g->due_at);
	tk_stmt_int(st, 3, due);
	while (tk_stmt_step(st) == TK_ROW)
		tk_jpush(units, json_string(tk_stmt_col_text(st, 0)));
	tk_stmt_reset(st);
	return units;
}

/* The order's counters: replied now, or bounced once more. */
void
tk_order_count_reply(struct tk_act *a, const struct tk_order *g,
    int replying)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE assignment SET"
	    " replied_at = CASE WHEN ?2 THEN ?3 ELSE replied_at END,"
	    " bounces = bounces + (1 - ?2) WHERE id = ?1");

	tk_stmt_int(st, 1, g->id);
	tk_stmt_int(st, 2, replying);
	tk_stmt_int(st, 3, a->now);
	exec_or_die(a, st, g->id);
}

/* The first contact stays: it is the one a contact limit looks at. */
void
tk_order_contacted(struct tk_act *a, const struct tk_order *g)
{
	struct tk_stmt *st = tk_db_stmt(a->db, "UPDATE assignment SET"
	    " contacted_at = coalesce(contacted_at, ?2) WHERE id = ?1");

	tk_stmt_int(st, 1, g->id);
	tk_stmt_int(st, 2, a->now);
	exec_or_die(a, st, g->id);
}

/* Reopened: due again by due, and counted; returns how many times. */
int
tk_order_reopened(struct tk_act *a, const struct tk_order *g, tk_time due)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE assignment SET reopens = reopens + 1, due_at = ?2"
	    " WHERE id = ?1 RETURNING reopens");
	int n;

	tk_stmt_int(st, 1, g->id);
	tk_stmt_int(st, 2, due);
	if (tk_stmt_step(st) != TK_ROW)
		tk_errx(TK_EXIT_DATA, "assignment %lld: cannot update: %s",
		    (long long)g->id, tk_db_errmsg(a->db));
	n = (int)tk_stmt_col_int(st, 0);
	tk_stmt_reset(st);
	return n;
}

/* The highest card an order has had: the sweep's index leaves red ones. */
void
tk_order_card(struct tk_act *a, int64_t order, const char *color)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE assignment SET card = ?2 WHERE id = ?1");

	tk_stmt_int(st, 1, order);
	tk_stmt_text(st, 2, color);
	exec_or_die(a, st, order);
}

/* An order not signed nor returned within its window counts as accepted. */
void
tk_order_accept(struct tk_act *a, int64_t order, tk_time at)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE assignment SET accepted_at = ?2 WHERE id = ?1");

	tk_stmt_int(st, 1, order);
	tk_stmt_int(st, 2, at);
	exec_or_die(a, st, order);
}

/*
 * The platform's newest order or copy for the unit on the ticket: the
 * one the platform dispatched, not a sub-order, which is its unit's.
 */
int
tk_order_top(struct tk_act *a, const char *ticket, const char *unit,
    struct tk_order *g)
{
	return newest(a, ORDER_COLS " FROM assignment WHERE ticket = ?1"
	    " AND unit = ?2 AND parent IS NULL ORDER BY id DESC LIMIT 1",
	    ticket, unit, g);
}

/*
 * 撤回: the order (its row id) if live, or a copy, and the live
 * sub-orders under it (order 0: every one on the ticket) are withdrawn,
 * each with its event; data is borrowed.  Read first, moved after: a
 * row is not changed under a statement still stepping over it.
 * Returns the units.
 */
json_t *
tk_order_withdraw(struct tk_act *a, const struct tk_tick *t, int64_t order,
    json_t *data)
{
	struct tk_stmt *st = tk_db_stmt(a->db, ORDER_COLS ", unit"
	    " FROM assignment WHERE ticket = ?1"
	    " AND status IN (@dispatched, @signed, @returning, @copied)"
	    " AND (?2 = 0 OR id = ?2 OR parent = ?2) ORDER BY id");
	struct tk_order *v = NULL;
	json_t *units = json_array();
	size_t i, n = 0;

	tk_stmt_text(st, 1, t->id);
	tk_stmt_int(st, 2, order);
	while (tk_stmt_step(st) == TK_ROW) {
		v = tk_xrealloc(v, (n + 1) * sizeof(*v));
		from_row(st, tk_stmt_col_text(st, 12), &v[n++]);
	}
	tk_stmt_reset(st);
	for (i = 0; i < n; i++) {
		tk_order_move(a, t, &v[i], TK_OV_WITHDRAW, data);
		tk_jpush(units, json_string(v[i].unit));
	}
	free(v);
	return units;
}

/* A correction moved the order's deadline: due now, by limit days. */
void
tk_order_redue(struct tk_act *a, const struct tk_order *g, tk_time due,
    int limit)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE assignment SET due_at = ?2, limit_days = ?3 WHERE id = ?1");

	tk_stmt_int(st, 1, g->id);
	tk_stmt_int(st, 2, due);
	tk_stmt_int(st, 3, limit);
	exec_or_die(a, st, g->id);
}
