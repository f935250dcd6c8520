/*
 * act.c: the frame every action on a ticket runs in (tk_act_*).
 *
 * The actor is a unit code, or "unit/person" for someone of that unit;
 * tk_act_init checks it names an active unit and loads the calendar and
 * limits every action needs.  An action loads its ticket, checks with
 * early-return may_*() guards, each one reason, and either refuses,
 * writing nothing and saying why in act->err, or changes the rows and
 * appends its events inside the caller's transaction.  Events on an
 * order carry its unit and its status before and after (order.c);
 * events on the ticket carry the ticket's.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

/* The ticket's statuses each action may start from. */
static const struct {
	const char	*action;
	const char	*from[6];
} starts[] = {
	{ "answer",	{ "new", NULL } },
	{ "direct",	{ "new", NULL } },
	{ "escalate",	{ "new", NULL } },
	{ "instruct",	{ "escalated", NULL } },
	{ "dispatch",	{ "new", "escalated", NULL } },
	{ "assignment",	{ "dispatched", "in_progress", "reopened", NULL } },
	{ "callback",	{ "replied", NULL } },
	{ "merge",	{ "new", "escalated", "dispatched", "in_progress",
			  "reopened", NULL } },
	{ "emergency",	{ "new", NULL } },
	{ NULL,		{ NULL } }
};

/* Says why an action is refused; returns -1 for the caller to pass on. */
int
tk_act_refuse(struct tk_act *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(a->err, sizeof(a->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* The actor is a unit code, or "unit/person" for someone of that unit. */
int
tk_act_init(struct tk_act *a, struct tk_db *db, const char *actor,
    tk_time now)
{
	struct tk_unit u;
	size_t n = strcspn(actor, "/");

	memset(a, 0, sizeof(*a));
	a->db = db;
	a->actor = actor;
	a->now = now;
	a->clock_at_sign = strcmp(tk_conf_get("clock_start"), "sign") == 0;
	if (n >= sizeof(a->unit))
		return tk_act_refuse(a, "--actor: unit code too long");
	memcpy(a->unit, actor, n);
	a->unit[n] = '\0';
	if (strcmp(a->unit, "platform") == 0)
		a->platform = 1;
	else if (tk_unit_get(db, a->unit, &u) == -1)
		return tk_act_refuse(a, "--actor: no such unit \"%s\"", a->unit);
	else {
		a->platform = u.level == 1;
		a->active = u.active;
		tk_unit_clear(&u);
		if (!a->active)
			return tk_act_refuse(a, "--actor: unit \"%s\" is inactive",
			    a->unit);
	}
	a->cal = tk_calendar_load(db);
	tk_sla_init(&a->sla, a->cal);
	return 0;
}

void
tk_act_free(struct tk_act *a)
{
	tk_calendar_free(a->cal);
	a->cal = NULL;
}

int
tk_act_load(struct tk_act *a, const char *id, struct tk_tick *t)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT status, category, urgent, extra, suspect FROM ticket"
	    " WHERE id = ?1");
	const char *extra;
	int found;

	memset(t, 0, sizeof(*t));
	tk_stmt_text(st, 1, id);
	if ((found = tk_stmt_step(st) == TK_ROW)) {
		snprintf(t->id, sizeof(t->id), "%s", id);
		snprintf(t->status, sizeof(t->status), "%s",
		    tk_stmt_col_text(st, 0));
		snprintf(t->category, sizeof(t->category), "%s",
		    tk_stmt_col_text(st, 1));
		t->urgent = (int)tk_stmt_col_int(st, 2);
		extra = tk_stmt_col_text(st, 3);
		t->extra = extra ? json_loads(extra, 0, NULL) : NULL;
		if (!tk_stmt_col_isnull(st, 4))
			snprintf(t->suspect, sizeof(t->suspect), "%s",
			    tk_stmt_col_text(st, 4));
	}
	tk_stmt_reset(st);
	if (!found)
		return tk_act_refuse(a, "no such ticket");
	if (t->extra == NULL)
		t->extra = json_object();
	return 0;
}

void
tk_act_unload(struct tk_tick *t)
{
	json_decref(t->extra);
	t->extra = NULL;
}

/*
 * May the action start from the ticket's status?  A suspected emergency
 * waits for an agent's redirect or clear (screen-act.c) before anything
 * else is done with it.
 */
int
tk_act_may_start(struct tk_act *a, const struct tk_tick *t,
    const char *action)
{
	int i, k;

	if (t->suspect[0] != '\0' && strcmp(action, "emergency") != 0)
		return tk_act_refuse(a, "suspected emergency (%s): an agent "
		    "redirects or clears it first", t->suspect);
	for (i = 0; starts[i].action != NULL; i++) {
		if (strcmp(starts[i].action, action) != 0)
			continue;
		for (k = 0; starts[i].from[k] != NULL; k++)
			if (strcmp(starts[i].from[k], t->status) == 0)
				return 0;
	}
	return tk_act_refuse(a, "ticket is %s (%s)", t->status,
	    tk_enum_label(tk_statuses, t->status));
}

int
tk_act_platform_only(struct tk_act *a, const char *what)
{
	if (a->platform)
		return 0;
	return tk_act_refuse(a, "only the platform may %s", what);
}

/* Appends the action's event; data is borrowed. */
void
tk_act_event(struct tk_act *a, const char *ticket, enum tk_event_kind kind,
    const char *unit, const char *before, const char *after, json_t *data)
{
	struct tk_event e;

	e.ticket = ticket;
	e.at = a->now;
	e.actor = a->actor;
	e.kind = kind;
	e.unit = unit;
	e.before = before;
	e.after = after;
	e.data = data;
	if (tk_store_event(a->db, &e) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot append an event: %s", ticket,
		    tk_db_errmsg(a->db));
}

/* The ticket's new status and mode (NULL: unchanged), its extra state. */
void
tk_act_update(struct tk_act *a, struct tk_tick *t, const char *status,
    const char *mode, int major)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE ticket SET status = ?2, mode = coalesce(?3, mode),"
	    " major = max(major, ?4), extra = ?5, unrouted = 0,"
	    " updated_at = ?6 WHERE id = ?1");
	char *extra = json_object_size(t->extra) ?
	    json_dumps(t->extra, JSON_COMPACT) : NULL;

	tk_stmt_text(st, 1, t->id);
	tk_stmt_text(st, 2, status);
	tk_stmt_text(st, 3, mode);
	tk_stmt_int(st, 4, major);
	tk_stmt_text(st, 5, extra);
	tk_stmt_int(st, 6, a->now);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot update: %s", t->id,
		    tk_db_errmsg(a->db));
	free(extra);
	snprintf(t->status, sizeof(t->status), "%s", status);
}

/* The ticket's status changes, with one event saying so. */
void
tk_act_move(struct tk_act *a, struct tk_tick *t, enum tk_event_kind kind,
    const char *to, const char *mode, int major, json_t *data)
{
	char before[16];

	snprintf(before, sizeof(before), "%s", t->status);
	tk_act_update(a, t, to, mode, major);
	tk_act_event(a, t->id, kind, NULL, before, to, data);
}

/* Is unit one of the actor's own level-3 units? */
int
tk_act_is_child(struct tk_act *a, const char *unit)
{
	struct tk_unit u;
	int yes;

	if (tk_unit_get(a->db, unit, &u) == -1)
		return 0;
	yes = u.level == 3 && strcmp(u.parent, a->unit) == 0;
	tk_unit_clear(&u);
	return yes;
}

/*
 * Finds t->order, the order unit (the actor's own unless given) holds
 * on the ticket, when the actor may act on it: the unit itself, or the
 * level-2 parent of a level-3 unit.
 */
int
tk_act_own_order(struct tk_act *a, struct tk_tick *t, const char *unit)
{
	if (unit == NULL)
		unit = a->unit;
	if (tk_act_may_start(a, t, "assignment") == -1 ||
	    tk_order_find(a, t->id, unit, &t->order) == -1)
		return -1;
	if (!a->platform && (strcmp(unit, a->unit) == 0 ||
	    tk_act_is_child(a, unit)))
		return 0;
	return tk_act_refuse(a, "unit \"%s\" may not act on the order of \"%s\"",
	    a->unit, unit);
}

/*
 * 追责: raises the accountability flag data["kind"] on an order, once
 * (the flag's key says so), with its event.  Returns 1 when raised now.
 */
int
tk_act_flag(struct tk_act *a, int64_t order, const char *ticket,
    const char *unit, json_t *data)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "INSERT INTO flag(assignment, ticket, unit, kind, at, data)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
	    " ON CONFLICT(assignment, kind) DO NOTHING RETURNING id");
	char *text = json_dumps(data, JSON_COMPACT);
	int raised;

	tk_stmt_int(st, 1, order);
	tk_stmt_text(st, 2, ticket);
	tk_stmt_text(st, 3, unit);
	tk_stmt_text(st, 4, tk_json_str(data, "kind"));
	tk_stmt_int(st, 5, a->now);
	tk_stmt_text(st, 6, text);
	raised = tk_stmt_step(st) == TK_ROW;
	tk_stmt_reset(st);
	free(text);
	/* A flag judges a unit, it does not change the ticket: updated_at
	 * stays, so a finished ticket still archives on time. */
	if (raised)
		tk_act_event(a, ticket, TK_EV_FLAG, unit, NULL, NULL, data);
	return raised;
}

/*
 * Runs an action on a ticket, its guards in order, each an early return:
 * the words given, who acts, the ticket and its status, then the
 * action's own may (which finds t->order, for actions on an order).  A guard
 * refuses with -1, or TK_ACT_KEPT when what it recorded stays; nothing
 * else is written unless all pass.
 */
int
tk_act_on(struct tk_act *a, const char *id, struct tk_args *v,
    const struct tk_action *x)
{
	struct tk_tick t;
	int rc;

	if (x->check != NULL && x->check(v, a->err) == -1)
		return -1;
	if (x->platform != NULL && tk_act_platform_only(a, x->platform) == -1)
		return -1;
	if (tk_act_load(a, id, &t) == -1)
		return -1;
	if ((x->start == NULL || (rc = tk_act_may_start(a, &t, x->start)) == 0) &&
	    (x->may == NULL || (rc = x->may(a, &t, v)) == 0))
		rc = x->apply(a, &t, v);
	tk_act_unload(&t);
	return rc;
}
