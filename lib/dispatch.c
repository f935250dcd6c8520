/*
 * dispatch.c: what the platform and the units do with a ticket between
 * intake and the reply (ticket(7)): answer, direct, escalate, instruct,
 * dispatch, sign, return and its review, sub-dispatch.
 *
 * Each is a struct tk_action that act.c runs: who acts (the platform,
 * or the assigned unit, or its parent for a level-3 unit) and the state
 * it starts from are the descriptor's; the rest of the regulation (the
 * return window, a unit holding one order) are its may_*() guards, each
 * an early return.  A refused action writes nothing and says why in
 * act->err.  An allowed one changes the rows and appends one event,
 * inside the caller's transaction; an order's moves are order.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

static int
active_unit(struct tk_act *a, const char *code, struct tk_unit *u)
{
	if (tk_unit_get(a->db, code, u) == -1)
		return tk_act_refuse(a, "no such unit \"%s\"", code);
	if (!u->active) {
		tk_unit_clear(u);
		return tk_act_refuse(a, "unit \"%s\" is inactive", code);
	}
	return 0;
}

/* A unit holds at most one live order or copy on a ticket. */
int
tk_dispatch_not_holding(struct tk_act *a, const struct tk_tick *t,
    const char *unit)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT role FROM assignment WHERE ticket = ?1 AND unit = ?2"
	    " AND status NOT IN (@returned, @withdrawn)");
	char role[8] = "";

	tk_stmt_text(st, 1, t->id);
	tk_stmt_text(st, 2, unit);
	if (tk_stmt_step(st) == TK_ROW)
		snprintf(role, sizeof(role), "%s", tk_stmt_col_text(st, 0));
	tk_stmt_reset(st);
	if (role[0] == '\0')
		return 0;
	return tk_act_refuse(a, "unit \"%s\" already holds a %s order", unit, role);
}

/* No unit twice among the lead, co-units and copies. */
int
tk_dispatch_distinct(struct tk_act *a, const char *const *lead,
    const char *const *co, const char *const *cc)
{
	const char *const *lists[] = { lead, co, cc };
	const char *const *p, *const *q;
	int i, k;

	for (i = 0; i < 3; i++)
		for (p = lists[i]; p != NULL && *p != NULL; p++)
			for (k = i; k < 3; k++)
				for (q = k == i ? p + 1 : lists[k];
				    q != NULL && *q != NULL; q++)
					if (strcmp(*p, *q) == 0)
						return tk_act_refuse(a, "unit \"%s\" "
						    "named twice", *p);
	return 0;
}

/* Each code of a list names an active unit other than the platform. */
int
tk_dispatch_units(struct tk_act *a, const char *const *codes)
{
	struct tk_unit u;
	int level;

	for (; codes != NULL && *codes != NULL; codes++) {
		if (active_unit(a, *codes, &u) == -1)
			return -1;
		level = u.level;
		tk_unit_clear(&u);
		if (level == 1)
			return tk_act_refuse(a, "the platform cannot be assigned work");
	}
	return 0;
}

/*
 * A new order's due time: by the category's limit from now, unless the
 * clock starts when the unit signs.
 */
tk_time
tk_dispatch_due(struct tk_act *a, const struct tk_tick *t)
{
	tk_time due = -1;

	if (!a->clock_at_sign)
		tk_sla_due(&a->sla, a->now, t->category, t->urgent, &due);
	return due;
}

static void
assign_all(struct tk_act *a, struct tk_tick *t, const char *const *codes,
    const char *role, json_t *list)
{
	for (; codes != NULL && *codes != NULL; codes++) {
		tk_order_new(a, t, *codes, role, 0,
		    strcmp(role, "cc") == 0 ? -1 : tk_dispatch_due(a, t));
		tk_jpush(list, json_string(*codes));
	}
}

/* The event's data with the routing rule that chose the action, if any:
 * a copy, since the data may be kept elsewhere too.  A new reference. */
static json_t *
with_rule(json_t *data, const struct tk_args *v)
{
	if (v->by == NULL)
		return json_incref(data);
	data = json_copy(data);
	tk_jshare(data, "by", v->by);
	return data;
}

/* The ticket moves with its event; data is borrowed. */
static void
move(struct tk_act *a, struct tk_tick *t, const struct tk_args *v,
    enum tk_event_kind kind, const char *to, const char *mode, int major,
    json_t *data)
{
	json_t *shown = with_rule(data, v);

	tk_act_move(a, t, kind, to, mode, major, shown);
	json_decref(shown);
}

static int
may_dispatch(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	const char *const leads[] = { v->lead, NULL };
	const char *const *co = (const char *const *)v->co;
	const char *const *cc = (const char *const *)v->cc;

	if (strcmp(t->status, "escalated") == 0 &&
	    !json_object_get(t->extra, "instruction"))
		return tk_act_refuse(a, "awaits a leader's instruction "
		    "(instruct)");
	if (tk_dispatch_units(a, leads) == -1 ||
	    tk_dispatch_units(a, co) == -1 || tk_dispatch_units(a, cc) == -1)
		return -1;
	return tk_dispatch_distinct(a, leads, co, cc);
}

static int
dispatch(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	const char *const leads[] = { v->lead, NULL };
	int major = strcmp(t->status, "escalated") == 0;
	json_t *data = json_pack("{s:[], s:[], s:[]}", "lead", "co", "cc");

	assign_all(a, t, leads, "lead", json_object_get(data, "lead"));
	assign_all(a, t, (const char *const *)v->co, "co",
	    json_object_get(data, "co"));
	assign_all(a, t, (const char *const *)v->cc, "cc",
	    json_object_get(data, "cc"));
	move(a, t, v, TK_EV_DISPATCH, "dispatched", "transfer", major, data);
	json_decref(data);
	return 0;
}

/*
 * 转办: the lead unit, co-units and copies.  An escalated ticket goes
 * only once a leader's instruction is attached, and is major.
 */
const struct tk_action tk_act_dispatch = {
	"dispatch", "dispatch", NULL, may_dispatch, dispatch
};

static int
may_answer(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_kb_entry e;
	int rc;

	(void)t;
	if (v->kb == NULL)
		return 0;
	memset(&e, 0, sizeof(e));
	rc = tk_kb_get(a->db, v->kb, tk_time_localdate(a->now), &e);
	tk_kb_clear(&e);
	if (rc != 0)
		return tk_act_refuse(a, "knowledge base entry \"%s\" %s", v->kb,
		    rc == -2 ? "has expired" : "does not exist");
	return 0;
}

static int
answer(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_kb_entry e;
	json_t *ans;

	memset(&e, 0, sizeof(e));
	if (v->kb != NULL) {
		tk_kb_get(a->db, v->kb, tk_time_localdate(a->now), &e);
		ans = json_pack("{s:s, s:s, s:s}", "kb", v->kb, "title",
		    e.title, "text", e.answer);
	} else
		ans = json_pack("{s:s}", "text", v->text);
	tk_jset(t->extra, "answer", ans);
	move(a, t, v, TK_EV_ANSWER, "answered", "answer", 0, ans);
	tk_merge_follow(a, t, TK_EV_ANSWER, ans);
	tk_kb_clear(&e);
	return 0;
}

/* 直接答复 from the knowledge base or in the operator's words. */
const struct tk_action tk_act_answer = {
	"answer", "answer", NULL, may_answer, answer
};

/* A unit to call. */
static int
may_call(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	const char *const units[] = { v->unit, NULL };

	(void)t;
	return tk_dispatch_units(a, units);
}

static int
direct(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	json_t *d = json_pack("{s:s, s:s}", "unit", v->unit, "text", v->text);

	tk_jset(t->extra, "direct", d);
	move(a, t, v, TK_EV_DIRECT, "answered", "direct", 0, d);
	tk_merge_follow(a, t, TK_EV_DIRECT, d);
	return 0;
}

/* 直办: a three-way call with the unit settled the matter. */
const struct tk_action tk_act_direct = {
	"handle a ticket directly", "direct", NULL, may_call, direct
};

static int
propose(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	json_t *p = json_pack("{s:s, s:s}", "mode", "direct", "unit", v->unit);

	tk_jset(t->extra, "proposal", p);
	move(a, t, v, TK_EV_PROPOSE, "new", "direct", 0, p);
	return 0;
}

/*
 * A rule says the platform should settle this by a three-way call with
 * the unit (v->unit): the ticket stays new, marked for direct handling.
 */
const struct tk_action tk_act_propose_direct = {
	"route", "direct", NULL, may_call, propose
};

static int
escalate(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	json_t *o = json_pack("{s:s}", "text", v->opinion);

	tk_jset(t->extra, "opinion", o);
	move(a, t, v, TK_EV_ESCALATE, "escalated", "escalate", 1, o);
	return 0;
}

/* 呈办: the platform's opinion goes to the city's leaders. */
const struct tk_action tk_act_escalate = {
	"escalate", "escalate", NULL, NULL, escalate
};

static int
instruct(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	char when[TK_TIME_LEN];
	json_t *i = json_pack("{s:s, s:s, s:s}", "leader", v->leader, "text",
	    v->text, "at", tk_time_format(a->now, when));

	tk_jset(t->extra, "instruction", i);
	move(a, t, v, TK_EV_INSTRUCT, "escalated", NULL, 1, i);
	return 0;
}

/* 批示: the leader's instruction, recorded by the platform. */
const struct tk_action tk_act_instruct = {
	"record an instruction", "instruct", NULL, NULL, instruct
};

/*
 * What signing fixes besides the signature: the clock when it starts at
 * signing, and for help requests the limit to contact the citizen.
 */
static json_t *
signing_deadlines(struct tk_act *a, struct tk_tick *t, struct tk_order *g)
{
	json_t *data = json_object();
	tk_time due = -1, contact = -1;
	char when[TK_TIME_LEN];

	if (a->clock_at_sign && g->parent == 0 && g->due_at == 0) {
		tk_sla_due(&a->sla, a->now, t->category, t->urgent, &due);
		tk_jset(data, "due_at", json_string(tk_time_format(due, when)));
	}
	if (strcmp(t->category, "help") == 0) {
		contact = tk_sla_deadline(a->cal, a->now, a->sla.contact);
		tk_jset(data, "contact_due_at",
		    json_string(tk_time_format(contact, when)));
	}
	tk_order_set_deadlines(a, g, due, contact);
	return data;
}

static int
may_sign(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	if (tk_act_own_order(a, t, v->unit) == -1)
		return -1;
	return tk_order_may(a, g, TK_OV_SIGN);
}

static int
sign(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	json_t *data = signing_deadlines(a, t, g);
	int starts_work = strcmp(g->role, "lead") == 0 && g->parent == 0 &&
	    strcmp(t->status, "dispatched") == 0;

	(void)v;
	if (starts_work)
		tk_jset(data, "ticket", json_pack("{s:s, s:s}", "before",
		    t->status, "after", "in_progress"));
	tk_order_move(a, t, g, TK_OV_SIGN, json_object_size(data) ? data :
	    NULL);
	if (starts_work)
		tk_act_update(a, t, "in_progress", NULL, 0);
	json_decref(data);
	return 0;
}

/* 签收.  The lead's signature puts the ticket in progress. */
const struct tk_action tk_act_sign = {
	NULL, NULL, NULL, may_sign, sign
};

static int
has_suborders(struct tk_act *a, const struct tk_order *g)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT 1 FROM assignment WHERE parent = ?1 LIMIT 1");

	tk_stmt_int(st, 1, g->id);
	return tk_stmt_any(st);
}

/*
 * A return after its window is refused, and the regulation counts it
 * against the unit: the flag stays although nothing else is written.
 */
static int
late_return(struct tk_act *a, struct tk_tick *t, struct tk_order *g,
    tk_time window)
{
	char until[TK_TIME_LEN];
	json_t *data;

	tk_time_format(window, until);
	data = json_pack("{s:s, s:s}", "kind", "late_return", "window", until);
	tk_act_flag(a, g->id, t->id, g->unit, data);
	json_decref(data);
	tk_act_refuse(a, "too late to return: the window closed at %s", until);
	return TK_ACT_KEPT;
}

/* A return of this order was denied: the unit must sign, not retry. */
static int
was_denied(struct tk_act *a, const struct tk_tick *t, const struct tk_order *g)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT 1 FROM event WHERE ticket = ?1 AND unit = ?2"
	    " AND kind = @return_denied AND at >= ?3 LIMIT 1");

	tk_stmt_text(st, 1, t->id);
	tk_stmt_text(st, 2, g->unit);
	tk_stmt_int(st, 3, g->dispatched_at);
	return tk_stmt_any(st);
}

static int
may_return(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	tk_time window;

	if (tk_act_own_order(a, t, v->unit) == -1)
		return -1;
	if (tk_order_may(a, g, TK_OV_RETURN) == -1 || g->parent != 0)
		return tk_act_refuse(a, "the order of \"%s\" is %s%s: only a "
		    "dispatched order from the platform can be returned",
		    g->unit, tk_order_word(g->status),
		    g->parent ? " and a sub-order" : "");
	if (a->now > (window = tk_sla_window_closes(a->cal,
	    g->dispatched_at)))
		return late_return(a, t, g, window);
	if (has_suborders(a, g))
		return tk_act_refuse(a, "the order was passed down: a unit "
		    "returns only what it has not acted on");
	if (was_denied(a, t, g))
		return tk_act_refuse(a, "the platform denied a return of this "
		    "order: it must be signed");
	return 0;
}

static int
give_back(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	json_t *data = json_pack("{s:s, s:s, s:s}", "reason", v->reason,
	    "basis", v->basis, "approver", v->approver);

	tk_order_move(a, t, g, TK_OV_RETURN, data);
	json_decref(data);
	return 0;
}

/*
 * 退回: within one working day of dispatch (to 23:59:59 of the next
 * working day), with reason, legal or policy basis and the approving
 * leader; the platform reviews it.
 */
const struct tk_action tk_act_return = {
	NULL, NULL, NULL, may_return, give_back
};

static int
may_review(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	const char *const units[] = { v->to, NULL };

	if (tk_order_first(a, t->id, TK_OS_RETURNING, "no return awaits "
	    "review", g) == -1)
		return -1;
	if (!v->approve)
		return 0;
	if (tk_dispatch_units(a, units) == -1)
		return -1;
	if (strcmp(v->to, g->unit) == 0)
		return tk_act_refuse(a, "re-dispatch to another unit than "
		    "\"%s\"", g->unit);
	return tk_dispatch_not_holding(a, t, v->to);
}

static int
review(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	json_t *data;

	if (!v->approve) {
		data = json_pack("{s:s}", "reason", v->deny);
		tk_order_move(a, t, g, TK_OV_DENY_RETURN, data);
		json_decref(data);
		return 0;
	}
	data = json_pack("{s:s}", "to", v->to);
	tk_order_move(a, t, g, TK_OV_APPROVE_RETURN, data);
	json_decref(data);
	tk_order_new(a, t, v->to, g->role, 0, tk_dispatch_due(a, t));
	data = json_pack("{s:s, s:s}", "from", g->unit, "role", g->role);
	tk_act_event(a, t->id, TK_EV_REDISPATCH, v->to, NULL,
	    tk_order_word(TK_OS_DISPATCHED), data);
	json_decref(data);
	return 0;
}

/*
 * 退单审核: approved, the order is re-dispatched (改派) to another unit
 * with a fresh deadline; denied, it goes back to its unit to be signed.
 */
const struct tk_action tk_act_review_return = {
	"review a return", NULL, NULL, may_review, review
};

static int
may_subdispatch(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	const char *const units[] = { v->to, NULL };
	char when[TK_TIME_LEN];

	if (tk_act_own_order(a, t, NULL) == -1 ||
	    tk_order_may(a, g, TK_OV_SUBDISPATCH) == -1 ||
	    tk_dispatch_units(a, units) == -1)
		return -1;
	if (!tk_act_is_child(a, v->to))
		return tk_act_refuse(a, "unit \"%s\" is not one of \"%s\"'s "
		    "own", v->to, a->unit);
	if (tk_dispatch_not_holding(a, t, v->to) == -1)
		return -1;
	if (v->due != -1 && v->due < a->now)
		return tk_act_refuse(a, "a sub-order cannot be due in the past");
	if (v->due != -1 && g->due_at != 0 && v->due > g->due_at)
		return tk_act_refuse(a, "a sub-order cannot be due after its "
		    "order (%s)", tk_time_format(g->due_at, when));
	return 0;
}

static int
subdispatch(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	char when[TK_TIME_LEN];
	tk_time due = v->due;
	json_t *data;

	if (due == -1 && (due = g->due_at) == 0)
		tk_sla_due(&a->sla, a->now, t->category, t->urgent, &due);
	tk_order_new(a, t, v->to, g->role, g->id, due);
	data = json_pack("{s:s, s:s}", "parent", g->unit, "due_at",
	    tk_time_format(due, when));
	tk_act_event(a, t->id, TK_EV_SUBDISPATCH, v->to, NULL,
	    tk_order_word(TK_OS_DISPATCHED), data);
	json_decref(data);
	return 0;
}

/*
 * 下派: a level-2 unit passes its order to one of its own level-3
 * units and stays responsible; the sub-order is due when the order is,
 * or earlier if the unit says so.
 */
const struct tk_action tk_act_subdispatch = {
	NULL, NULL, NULL, may_subdispatch, subdispatch
};
