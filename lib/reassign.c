/*
 * reassign.c: the platform changes who works on a ticket after dispatch
 * (ticket-route(1), ticket(7)): it withdraws (撤回) a co-unit's order or
 * a copy, reassigns (改派) an order to another unit, or adds co-units
 * and copies.
 *
 * Only what the platform dispatched is withdrawn, never a sub-order by
 * itself (that is its level-2 unit's), and with it go the live
 * sub-orders under it.  A withdrawal costs the unit nothing unless the
 * platform says so (--penalty: the accountability flag withdrawn).  A
 * withdrawn order is not live: no card, no deadline; the new order's
 * clock starts at its own dispatch.  The lead's order is only ever
 * reassigned, so a ticket in hand always has a lead.
 */
#include <string.h>

#include "sql.h"

/* The platform's order for v->unit, live, and one it may withdraw. */
static int
may_withdraw(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;

	if (tk_act_may_start(a, t, "assignment") == -1 ||
	    tk_order_top(a, t->id, v->unit, g) == -1 ||
	    tk_order_may(a, g, TK_OV_WITHDRAW) == -1)
		return -1;
	if (strcmp(g->role, "lead") == 0 && v->to == NULL)
		return tk_act_refuse(a, "the lead's order is not withdrawn "
		    "alone: reassign it to another unit");
	return 0;
}

/* The order and its sub-orders withdrawn; flagged when the platform
 * says the unit is to blame. */
static void
take_back(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	json_t *data = json_pack("{s:s, s:b}", "reason", v->reason,
	    "penalty", v->penalty);

	if (v->to != NULL)
		tk_jset(data, "to", json_string(v->to));
	json_decref(tk_order_withdraw(a, t, g->id, data));
	json_decref(data);
	if (!v->penalty)
		return;
	data = json_pack("{s:s, s:s}", "kind", "withdrawn", "reason",
	    v->reason);
	tk_act_flag(a, g->id, t->id, g->unit, data);
	json_decref(data);
}

static int
withdraw(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	take_back(a, t, v);
	return 0;
}

/* 撤回: a co-unit's order or a copy, with its reason. */
const struct tk_action tk_act_withdraw = {
	"withdraw an order", NULL, NULL, may_withdraw, withdraw
};

static int
may_reassign(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	const char *const to[] = { v->to, NULL };

	if (may_withdraw(a, t, v) == -1 || tk_dispatch_units(a, to) == -1)
		return -1;
	if (strcmp(v->to, v->unit) == 0)
		return tk_act_refuse(a, "reassign to another unit than \"%s\"",
		    v->unit);
	return tk_dispatch_not_holding(a, t, v->to);
}

static int
reassign(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct tk_order *g = &t->order;
	int copy = strcmp(g->role, "cc") == 0;
	json_t *data;

	take_back(a, t, v);
	tk_order_new(a, t, v->to, g->role, 0, copy ? -1 :
	    tk_dispatch_due(a, t));
	data = json_pack("{s:s, s:s, s:s}", "from", g->unit, "role", g->role,
	    "reason", v->reason);
	tk_act_event(a, t->id, TK_EV_REDISPATCH, v->to, NULL,
	    tk_order_word(copy ? TK_OS_COPIED : TK_OS_DISPATCHED), data);
	json_decref(data);
	return 0;
}

/*
 * 改派: the unit's order withdrawn and dispatched to another unit in the
 * same role, due by the category's limit from now.
 */
const struct tk_action tk_act_reassign = {
	"reassign an order", NULL, NULL, may_reassign, reassign
};

/* Whether the lists name anyone at all: the table cannot say "one of". */
static int
check_add(const struct tk_args *v, char err[TK_ERRLEN])
{
	if ((v->co != NULL && v->co[0] != NULL) ||
	    (v->cc != NULL && v->cc[0] != NULL))
		return 0;
	snprintf(err, TK_ERRLEN, "add: needs --co or --cc");
	return -1;
}

static int
may_add(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	const char *const *co = (const char *const *)v->co;
	const char *const *cc = (const char *const *)v->cc;
	const char *const *p;

	if (tk_dispatch_units(a, co) == -1 || tk_dispatch_units(a, cc) == -1 ||
	    tk_dispatch_distinct(a, NULL, co, cc) == -1)
		return -1;
	for (p = co; p != NULL && *p != NULL; p++)
		if (tk_dispatch_not_holding(a, t, *p) == -1)
			return -1;
	for (p = cc; p != NULL && *p != NULL; p++)
		if (tk_dispatch_not_holding(a, t, *p) == -1)
			return -1;
	return 0;
}

static void
add_all(struct tk_act *a, struct tk_tick *t, char **codes, const char *role,
    json_t *data)
{
	json_t *list = json_array();

	for (; codes != NULL && *codes != NULL; codes++) {
		tk_order_new(a, t, *codes, role, 0, strcmp(role, "cc") == 0 ?
		    -1 : tk_dispatch_due(a, t));
		tk_jpush(list, json_string(*codes));
	}
	if (json_array_size(list) > 0)
		tk_jset(data, role, list);
	else
		json_decref(list);
}

static int
add(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	json_t *data = json_object();
	char status[sizeof(t->status)];

	add_all(a, t, v->co, "co", data);
	add_all(a, t, v->cc, "cc", data);
	memcpy(status, t->status, sizeof(status));
	tk_act_move(a, t, TK_EV_ADD, status, NULL, 0, data);
	json_decref(data);
	return 0;
}

/* 增派: co-units and copies after dispatch, co-units due from now. */
const struct tk_action tk_act_add = {
	"add units to a ticket", "assignment", check_add, may_add, add
};
