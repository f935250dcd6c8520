/*
 * sla-extend.c: extensions of an order's deadline (延期, ticket-sla(1)).
 *
 * The unit holding an order asks, with its reason, the approving
 * leader's name and what it told the citizen (向诉求人解释说明), no
 * later than 23:59:59 of the working day before the due date; the
 * platform approves or denies.  An order has at most one request
 * pending, and the extensions approved plus the one asked may total at
 * most the order's original limit (its limit_days: an urgent order,
 * limit 0, cannot be extended).  Only orders from the platform are
 * extended: a sub-order's date is its level-2 unit's to set.
 *
 * Approval moves the due date on by the days asked, counted from the
 * current due date as sla.c counts any limit, and with it the due dates
 * of the live sub-orders that were due with it (a sub-order is due when
 * its order is, unless set earlier).  Cards already issued stay: cards
 * only rise, and the sweep judges the new date.
 *
 * Events carry the order's unit and the request's status before and
 * after: extension_asked (none to pending), extension_approved and
 * extension_denied (pending to approved or denied); a sub-order moved
 * along gets due_moved.  As in every action, a refusal writes nothing.
 */
#include <string.h>

#include "sql.h"

struct ext {				/* a request awaiting a decision */
	int64_t	 id, assignment;
	char	 unit[64];
	int	 days;
};

static int
pending(struct tk_act *a, const struct tk_order *g)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT 1 FROM extension WHERE assignment = ?1"
	    " AND status = 'pending'");

	tk_stmt_int(st, 1, g->id);
	return tk_stmt_any(st);
}

/* What makes a request acceptable: who asks, and when. */
static int
may_ask(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	char when[TK_TIME_LEN];
	tk_time close;

	if (tk_act_own_order(a, t, v->unit) == -1 ||
	    tk_order_may(a, g, TK_OV_EXTEND) == -1)
		return -1;
	if (g->parent != 0)
		return tk_act_refuse(a, "a sub-order is due when its level-2 "
		    "unit says: it is not extended");
	if (g->due_at == 0)
		return tk_act_refuse(a, "the order has no deadline yet");
	if (g->limit_days == 0)
		return tk_act_refuse(a, "an urgent order cannot be extended");
	if (pending(a, g))
		return tk_act_refuse(a, "an extension of this order awaits a "
		    "decision");
	close = tk_sla_extension_closes(a->cal, g->due_at);
	if (a->now > close)
		return tk_act_refuse(a, "too late to ask for an extension: the "
		    "window closed at %s", tk_time_format(close, when));
	if (g->extended_days + v->days > g->limit_days)
		return tk_act_refuse(a, "%ld working days asked: extensions may "
		    "total the limit of %d, and %d are granted", v->days,
		    g->limit_days, g->extended_days);
	return 0;
}

static void
insert(struct tk_act *a, const struct tk_order *g, const char *ticket,
    const struct tk_args *v)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "INSERT INTO extension(assignment, ticket, unit, days, reason,"
	    " approver, explained, asked_at, status, old_due)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'pending', ?9)");

	tk_stmt_int(st, 1, g->id);
	tk_stmt_text(st, 2, ticket);
	tk_stmt_text(st, 3, g->unit);
	tk_stmt_int(st, 4, v->days);
	tk_stmt_text(st, 5, v->reason);
	tk_stmt_text(st, 6, v->approver);
	tk_stmt_text(st, 7, v->explained);
	tk_stmt_int(st, 8, a->now);
	tk_stmt_int(st, 9, g->due_at);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot record an extension: %s",
		    ticket, tk_db_errmsg(a->db));
}

static int
ask(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	char due[TK_TIME_LEN];
	json_t *data;

	insert(a, g, t->id, v);
	data = json_pack("{s:i, s:s, s:s, s:s, s:s}", "days", (int)v->days,
	    "reason", v->reason, "approver", v->approver, "explained",
	    v->explained, "due_at", tk_time_format(g->due_at, due));
	tk_act_event(a, t->id, TK_EV_EXTENSION_ASKED, g->unit, NULL, "pending",
	    data);
	json_decref(data);
	return 0;
}

/* 申请延期, by the unit holding the order (or its level-2 unit). */
const struct tk_action tk_extend_ask = { NULL, NULL, NULL, may_ask, ask };

/* The one request awaiting a decision on the ticket (of unit, if given). */
static int
find_pending(struct tk_act *a, const char *ticket, const char *unit,
    struct ext *e)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT id, assignment, unit, days FROM extension"
	    " WHERE ticket = ?1 AND status = 'pending'"
	    " AND (?2 IS NULL OR unit = ?2) ORDER BY id LIMIT 2");
	int n = 0;

	tk_stmt_text(st, 1, ticket);
	tk_stmt_text(st, 2, unit);
	while (tk_stmt_step(st) == TK_ROW && n++ == 0) {
		e->id = tk_stmt_col_int(st, 0);
		e->assignment = tk_stmt_col_int(st, 1);
		snprintf(e->unit, sizeof(e->unit), "%s",
		    tk_stmt_col_text(st, 2));
		e->days = (int)tk_stmt_col_int(st, 3);
	}
	tk_stmt_reset(st);
	if (n == 0)
		return tk_act_refuse(a, "no extension awaits a decision");
	if (n > 1)
		return tk_act_refuse(a, "extensions of several units await a "
		    "decision: name one with --unit");
	return 0;
}

/* The request and its order, still live, for the platform to decide. */
static int
may_decide(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	struct ext e;

	if (find_pending(a, t->id, v->unit, &e) == -1 ||
	    tk_order_find(a, t->id, e.unit, g) == -1)
		return -1;
	if (g->id != e.assignment)
		return tk_act_refuse(a, "the order of \"%s\" that asked is no "
		    "longer live", e.unit);
	return tk_order_may(a, g, TK_OV_EXTEND);
}

static void
decide(struct tk_act *a, const struct ext *e, const char *status,
    tk_time new_due, const char *note)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE extension SET status = ?2, decided_at = ?3, decider = ?4,"
	    " new_due = ?5, note = ?6 WHERE id = ?1");

	tk_stmt_int(st, 1, e->id);
	tk_stmt_text(st, 2, status);
	tk_stmt_int(st, 3, a->now);
	tk_stmt_text(st, 4, a->actor);
	if (new_due != -1)
		tk_stmt_int(st, 5, new_due);
	tk_stmt_text(st, 6, note);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "extension %lld: cannot update: %s",
		    (long long)e->id, tk_db_errmsg(a->db));
}

/* The live sub-orders due with the order move with it, each saying so. */
static void
move_subs(struct tk_act *a, const char *ticket, const struct tk_order *g,
    tk_time due)
{
	char from[TK_TIME_LEN], to[TK_TIME_LEN];
	json_t *units = tk_order_move_subs(a, g, due), *u, *data;
	size_t i;

	data = json_pack("{s:s, s:s, s:s}", "with", g->unit,
	    "old_due", tk_time_format(g->due_at, from),
	    "new_due", tk_time_format(due, to));
	json_array_foreach(units, i, u)
		tk_act_event(a, ticket, TK_EV_DUE_MOVED, json_string_value(u), NULL,
		    NULL, data);
	json_decref(data);
	json_decref(units);
}

/* 批准延期: the due date moves on by the days asked. */
static int
approve(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	char from[TK_TIME_LEN], to[TK_TIME_LEN];
	struct ext e;
	tk_time due;
	json_t *data;

	find_pending(a, t->id, v->unit, &e);
	due = tk_sla_deadline(a->cal, g->due_at, e.days);
	decide(a, &e, "approved", due, NULL);
	tk_order_extend(a, g, e.days, due);
	data = json_pack("{s:i, s:s, s:s}", "days", e.days, "old_due",
	    tk_time_format(g->due_at, from), "new_due", tk_time_format(due, to));
	tk_act_event(a, t->id, TK_EV_EXTENSION_APPROVED, g->unit, "pending",
	    "approved", data);
	json_decref(data);
	move_subs(a, t->id, g, due);
	return 0;
}

const struct tk_action tk_extend_approve = {
	"decide on an extension", NULL, NULL, may_decide, approve
};

/* 不予延期: the request is closed, the due date stays. */
static int
deny(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	struct ext e;
	json_t *data;

	find_pending(a, t->id, v->unit, &e);
	decide(a, &e, "denied", -1, v->reason);
	data = json_pack("{s:i, s:s}", "days", e.days, "reason", v->reason);
	tk_act_event(a, t->id, TK_EV_EXTENSION_DENIED, g->unit, "pending",
	    "denied", data);
	json_decref(data);
	return 0;
}

const struct tk_action tk_extend_deny = {
	"decide on an extension", NULL, NULL, may_decide, deny
};
