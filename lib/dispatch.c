/*
 * dispatch.c: what the platform and the units do with a ticket between
 * intake and the reply (ticket(7)): answer, direct, escalate, instruct,
 * dispatch, sign, return and its review, sub-dispatch.
 *
 * Each action checks who acts (the platform, or the assigned unit, or
 * its parent for a level-3 unit), the state it starts from, and the
 * rules of the regulation (the return window); a refused action writes
 * nothing and says why in act->err.  An allowed one changes the rows and
 * appends one event, inside the caller's transaction.  Events on an
 * assignment carry its unit and its status before and after; events on
 * the ticket carry the ticket's.
 */
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

/* The ticket's statuses each action may start from. */
static const struct {
	const char	*action;
	const char	*from[4];
} starts[] = {
	{ "answer",	{ "new", NULL } },
	{ "direct",	{ "new", NULL } },
	{ "escalate",	{ "new", NULL } },
	{ "instruct",	{ "escalated", NULL } },
	{ "dispatch",	{ "new", "escalated", NULL } },
	{ "assignment",	{ "dispatched", "in_progress", "reopened", NULL } },
	{ "callback",	{ "replied", NULL } },
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
	    "SELECT status, category, urgent, extra FROM ticket WHERE id = ?1");
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

/* Checks the action may start from the ticket's status. */
static int
may_start(struct tk_act *a, const struct tk_tick *t, const char *action)
{
	int i, k;

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
tk_act_event(struct tk_act *a, const char *ticket, const char *kind,
    const char *unit, const char *before, const char *after, json_t *data)
{
	struct tk_event e;
	json_t *own = NULL;

	/* What routing decided by is part of what happened; the data may
	 * be stored elsewhere too, so the rule goes on a copy. */
	if (a->because != NULL && data != NULL) {
		data = own = json_copy(data);
		tk_jshare(data, "by", a->because);
	}
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
	json_decref(own);
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

/* The ticket's status changes, with one event saying so. */
void
tk_act_move(struct tk_act *a, struct tk_tick *t, const char *kind, const char *to,
    const char *mode, int major, json_t *data)
{
	char before[16];

	snprintf(before, sizeof(before), "%s", t->status);
	tk_act_update(a, t, to, mode, major);
	tk_act_event(a, t->id, kind, NULL, before, to, data);
}

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

/*
 * A new assignment: due from now by the category's limit (none for a
 * copy, and the given one for a sub-order).  Returns its row id.
 */
static int64_t
assign(struct tk_act *a, const struct tk_tick *t, const char *unit,
    const char *role, int64_t parent, tk_time due)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "INSERT INTO assignment(ticket, unit, role, parent, status,"
	    " dispatched_at, due_at, limit_days)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id");
	int copy = strcmp(role, "cc") == 0;
	int64_t id;

	if (!copy && due == -1 && !(a->clock_at_sign && parent == 0))
		tk_sla_due(&a->sla, a->now, t->category, t->urgent, &due);
	tk_stmt_text(st, 1, t->id);
	tk_stmt_text(st, 2, unit);
	tk_stmt_text(st, 3, role);
	if (parent > 0)
		tk_stmt_int(st, 4, parent);
	tk_stmt_text(st, 5, copy ? "copied" : "dispatched");
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

/* A unit holds at most one live order or copy on a ticket. */
static int
not_holding(struct tk_act *a, const struct tk_tick *t, const char *unit)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT role FROM assignment WHERE ticket = ?1 AND unit = ?2"
	    " AND status != 'returned'");
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
static int
distinct(struct tk_act *a, const char *const *lead, const char *const *co,
    const char *const *cc)
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
static int
check_units(struct tk_act *a, const char *const *codes)
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

static void
assign_all(struct tk_act *a, struct tk_tick *t, const char *const *codes,
    const char *role, json_t *list)
{
	for (; codes != NULL && *codes != NULL; codes++) {
		assign(a, t, *codes, role, 0, -1);
		tk_jpush(list, json_string(*codes));
	}
}

/*
 * 转办: the lead unit, co-units and copies.  An escalated ticket goes
 * only once a leader's instruction is attached, and is major.
 */
int
tk_act_dispatch(struct tk_act *a, const char *id, const char *lead,
    const char *const *co, const char *const *cc)
{
	const char *const leads[] = { lead, NULL };
	struct tk_tick t;
	json_t *data;
	int rc, major;

	if (tk_act_platform_only(a, "dispatch") == -1 || tk_act_load(a, id, &t) == -1)
		return -1;
	rc = may_start(a, &t, "dispatch");
	major = strcmp(t.status, "escalated") == 0;
	if (rc == 0 && major && !json_object_get(t.extra, "instruction"))
		rc = tk_act_refuse(a, "awaits a leader's instruction (instruct)");
	if (rc == 0)
		rc = check_units(a, leads) == -1 || check_units(a, co) == -1 ||
		    check_units(a, cc) == -1 || distinct(a, leads, co, cc) == -1 ?
		    -1 : 0;
	if (rc == 0) {
		data = json_pack("{s:[], s:[], s:[]}", "lead", "co", "cc");
		assign_all(a, &t, leads, "lead", json_object_get(data, "lead"));
		assign_all(a, &t, co, "co", json_object_get(data, "co"));
		assign_all(a, &t, cc, "cc", json_object_get(data, "cc"));
		tk_act_move(a, &t, "dispatch", "dispatched", "transfer", major, data);
		json_decref(data);
	}
	tk_act_unload(&t);
	return rc;
}

/* 直接答复 from the knowledge base or in the operator's words. */
int
tk_act_answer(struct tk_act *a, const char *id, const char *kb,
    const char *text)
{
	struct tk_kb_entry e;
	struct tk_tick t;
	json_t *ans;
	int rc;

	memset(&e, 0, sizeof(e));
	if (tk_act_platform_only(a, "answer") == -1 || tk_act_load(a, id, &t) == -1)
		return -1;
	if ((rc = may_start(a, &t, "answer")) == 0 && kb != NULL) {
		rc = tk_kb_get(a->db, kb, tk_time_localdate(a->now), &e);
		if (rc != 0)
			rc = tk_act_refuse(a, "knowledge base entry \"%s\" %s", kb,
			    rc == -2 ? "has expired" : "does not exist");
	}
	if (rc == 0) {
		ans = kb != NULL ? json_pack("{s:s, s:s, s:s}", "kb", kb,
		    "title", e.title, "text", e.answer) :
		    json_pack("{s:s}", "text", text);
		tk_jset(t.extra, "answer", ans);
		tk_act_move(a, &t, "answer", "answered", "answer", 0, ans);
	}
	tk_kb_clear(&e);
	tk_act_unload(&t);
	return rc;
}

/* 直办: a three-way call with the unit settled the matter. */
int
tk_act_direct(struct tk_act *a, const char *id, const char *unit,
    const char *text)
{
	const char *const units[] = { unit, NULL };
	struct tk_tick t;
	json_t *d;
	int rc;

	if (tk_act_platform_only(a, "handle a ticket directly") == -1 ||
	    tk_act_load(a, id, &t) == -1)
		return -1;
	if ((rc = may_start(a, &t, "direct")) == 0 &&
	    (rc = check_units(a, units)) == 0) {
		d = json_pack("{s:s, s:s}", "unit", unit, "text", text);
		tk_jset(t.extra, "direct", d);
		tk_act_move(a, &t, "direct", "answered", "direct", 0, d);
	}
	tk_act_unload(&t);
	return rc;
}

/*
 * A rule says the platform should settle this by a three-way call with
 * the unit: the ticket stays new, marked for direct handling.
 */
int
tk_act_propose_direct(struct tk_act *a, const char *id, const char *unit)
{
	const char *const units[] = { unit, NULL };
	struct tk_tick t;
	json_t *p;
	int rc;

	if (tk_act_platform_only(a, "route") == -1 || tk_act_load(a, id, &t) == -1)
		return -1;
	if ((rc = may_start(a, &t, "direct")) == 0 &&
	    (rc = check_units(a, units)) == 0) {
		p = json_pack("{s:s, s:s}", "mode", "direct", "unit", unit);
		tk_jset(t.extra, "proposal", p);
		tk_act_move(a, &t, "propose", "new", "direct", 0, p);
	}
	tk_act_unload(&t);
	return rc;
}

/* 呈办: the platform's opinion goes to the city's leaders. */
int
tk_act_escalate(struct tk_act *a, const char *id, const char *opinion)
{
	struct tk_tick t;
	json_t *o;
	int rc;

	if (tk_act_platform_only(a, "escalate") == -1 || tk_act_load(a, id, &t) == -1)
		return -1;
	if ((rc = may_start(a, &t, "escalate")) == 0) {
		o = json_pack("{s:s}", "text", opinion);
		tk_jset(t.extra, "opinion", o);
		tk_act_move(a, &t, "escalate", "escalated", "escalate", 1, o);
	}
	tk_act_unload(&t);
	return rc;
}

/* 批示: the leader's instruction, recorded by the platform. */
int
tk_act_instruct(struct tk_act *a, const char *id, const char *leader,
    const char *text)
{
	char when[TK_TIME_LEN];
	struct tk_tick t;
	json_t *i;
	int rc;

	if (tk_act_platform_only(a, "record an instruction") == -1 ||
	    tk_act_load(a, id, &t) == -1)
		return -1;
	if ((rc = may_start(a, &t, "instruct")) == 0) {
		i = json_pack("{s:s, s:s, s:s}", "leader", leader, "text", text,
		    "at", tk_time_format(a->now, when));
		tk_jset(t.extra, "instruction", i);
		tk_act_move(a, &t, "instruct", "escalated", NULL, 1, i);
	}
	tk_act_unload(&t);
	return rc;
}


/* The unit's newest order on the ticket (copies are not orders). */
int
tk_act_find_order(struct tk_act *a, const char *ticket, const char *unit,
    struct tk_order *g)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT id, role, status, coalesce(parent, 0), dispatched_at,"
	    " coalesce(due_at, 0), coalesce(signed_at, 0),"
	    " coalesce(contact_due_at, 0), coalesce(contacted_at, 0),"
	    " coalesce(limit_days, 0), extended_days, bounces"
	    " FROM assignment WHERE ticket = ?1 AND unit = ?2 AND role != 'cc'"
	    " ORDER BY id DESC LIMIT 1");
	int found;

	memset(g, 0, sizeof(*g));
	tk_stmt_text(st, 1, ticket);
	tk_stmt_text(st, 2, unit);
	if ((found = tk_stmt_step(st) == TK_ROW)) {
		g->id = tk_stmt_col_int(st, 0);
		snprintf(g->unit, sizeof(g->unit), "%s", unit);
		snprintf(g->role, sizeof(g->role), "%s",
		    tk_stmt_col_text(st, 1));
		snprintf(g->status, sizeof(g->status), "%s",
		    tk_stmt_col_text(st, 2));
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
	tk_stmt_reset(st);
	return found ? 0 : tk_act_refuse(a, "no order for unit \"%s\"",
	    unit);
}

static void
set_status(struct tk_act *a, struct tk_order *g, const char *status,
    int signing)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE assignment SET status = ?2,"
	    " signed_at = CASE WHEN ?3 THEN ?4 ELSE signed_at END"
	    " WHERE id = ?1");

	tk_stmt_int(st, 1, g->id);
	tk_stmt_text(st, 2, status);
	tk_stmt_int(st, 3, signing);
	tk_stmt_int(st, 4, a->now);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "assignment %lld: cannot update: %s",
		    (long long)g->id, tk_db_errmsg(a->db));
	snprintf(g->status, sizeof(g->status), "%s", status);
}

/* Is unit one of the actor's own, at the level given? */
static int
is_child(struct tk_act *a, const char *unit, int level)
{
	struct tk_unit u;
	int yes;

	if (tk_unit_get(a->db, unit, &u) == -1)
		return 0;
	yes = u.level == level && strcmp(u.parent, a->unit) == 0;
	tk_unit_clear(&u);
	return yes;
}

/*
 * The order unit (the actor's own unless given) holds on the ticket,
 * when the actor may act on it: the unit itself, or the level-2 parent
 * of a level-3 unit.
 */
int
tk_act_own_order(struct tk_act *a, struct tk_tick *t, const char *unit,
    struct tk_order *g)
{
	if (unit == NULL)
		unit = a->unit;
	if (may_start(a, t, "assignment") == -1 ||
	    tk_act_find_order(a, t->id, unit, g) == -1)
		return -1;
	if (!a->platform && (strcmp(unit, a->unit) == 0 ||
	    is_child(a, unit, 3)))
		return 0;
	return tk_act_refuse(a, "unit \"%s\" may not act on the order of \"%s\"",
	    a->unit, unit);
}

/* An assignment's status moves, with its event. */
void
tk_act_step(struct tk_act *a, struct tk_tick *t, struct tk_order *g,
    const char *kind, const char *to, int signing, json_t *data)
{
	char before[16];

	snprintf(before, sizeof(before), "%s", g->status);
	set_status(a, g, to, signing);
	touch(a, t->id);
	tk_act_event(a, t->id, kind, g->unit, before, to, data);
}

/* Sets an order's deadline or contact limit; -1 leaves one as it is. */
void
tk_act_set_deadlines(struct tk_act *a, const struct tk_order *g, tk_time due,
    tk_time contact)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE assignment SET due_at = coalesce(?2, due_at),"
	    " contact_due_at = coalesce(?3, contact_due_at) WHERE id = ?1");

	tk_stmt_int(st, 1, g->id);
	if (due != -1)
		tk_stmt_int(st, 2, due);
	if (contact != -1)
		tk_stmt_int(st, 3, contact);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "assignment %lld: cannot update: %s",
		    (long long)g->id, tk_db_errmsg(a->db));
}

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
		tk_jset(data, "due_at",
		    json_string(tk_time_format(due, when)));
	}
	if (strcmp(t->category, "help") == 0) {
		contact = tk_sla_deadline(a->cal, a->now, a->sla.contact);
		tk_jset(data, "contact_due_at",
		    json_string(tk_time_format(contact, when)));
	}
	tk_act_set_deadlines(a, g, due, contact);
	return data;
}

/* 签收.  The lead's signature puts the ticket in progress. */
int
tk_act_sign(struct tk_act *a, const char *id, const char *unit)
{
	struct tk_tick t;
	struct tk_order g;
	json_t *data;
	int rc, starts_work;

	if (tk_act_load(a, id, &t) == -1)
		return -1;
	if ((rc = tk_act_own_order(a, &t, unit, &g)) == 0 &&
	    strcmp(g.status, "dispatched") != 0)
		rc = tk_act_refuse(a, "the order of \"%s\" is %s, not dispatched",
		    g.unit, g.status);
	if (rc == 0) {
		data = signing_deadlines(a, &t, &g);
		starts_work = strcmp(g.role, "lead") == 0 && g.parent == 0 &&
		    strcmp(t.status, "dispatched") == 0;
		if (starts_work)
			tk_jset(data, "ticket", json_pack(
			    "{s:s, s:s}", "before", t.status, "after",
			    "in_progress"));
		tk_act_step(a, &t, &g, "sign", "signed", 1, json_object_size(data) ?
		    data : NULL);
		if (starts_work)
			tk_act_update(a, &t, "in_progress", NULL, 0);
		json_decref(data);
	}
	tk_act_unload(&t);
	return rc;
}

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
	    " AND kind = 'return_denied' AND at >= ?3 LIMIT 1");

	tk_stmt_text(st, 1, t->id);
	tk_stmt_text(st, 2, g->unit);
	tk_stmt_int(st, 3, g->dispatched_at);
	return tk_stmt_any(st);
}

/*
 * 退回: within one working day of dispatch (to 23:59:59 of the next
 * working day), with reason, legal or policy basis and the approving
 * leader; the platform reviews it.
 */
int
tk_act_return(struct tk_act *a, const char *id, const char *unit,
    const char *reason, const char *basis, const char *approver)
{
	struct tk_tick t;
	struct tk_order g;
	tk_time window;
	json_t *data;
	int rc;

	if (tk_act_load(a, id, &t) == -1)
		return -1;
	if ((rc = tk_act_own_order(a, &t, unit, &g)) == 0 &&
	    (strcmp(g.status, "dispatched") != 0 || g.parent != 0))
		rc = tk_act_refuse(a, "the order of \"%s\" is %s%s: only a "
		    "dispatched order from the platform can be returned",
		    g.unit, g.status, g.parent ? " and a sub-order" : "");
	if (rc == 0 && a->now > (window = tk_sla_deadline(a->cal,
	    g.dispatched_at, 1)))
		rc = late_return(a, &t, &g, window);
	if (rc == 0 && has_suborders(a, &g))
		rc = tk_act_refuse(a, "the order was passed down: a unit "
		    "returns only what it has not acted on");
	if (rc == 0 && was_denied(a, &t, &g))
		rc = tk_act_refuse(a, "the platform denied a return of this order: "
		    "it must be signed");
	if (rc == 0) {
		data = json_pack("{s:s, s:s, s:s}", "reason", reason, "basis",
		    basis, "approver", approver);
		tk_act_step(a, &t, &g, "return", "returning", 0, data);
		json_decref(data);
	}
	tk_act_unload(&t);
	return rc;
}

/* The order awaiting the platform's review of its return. */
static int
find_returning(struct tk_act *a, const char *ticket, struct tk_order *g)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT unit FROM assignment WHERE ticket = ?1"
	    " AND status = 'returning' ORDER BY id LIMIT 1");
	char unit[64] = "";

	tk_stmt_text(st, 1, ticket);
	if (tk_stmt_step(st) == TK_ROW)
		snprintf(unit, sizeof(unit), "%s", tk_stmt_col_text(st, 0));
	tk_stmt_reset(st);
	if (unit[0] == '\0')
		return tk_act_refuse(a, "no return awaits review");
	return tk_act_find_order(a, ticket, unit, g);
}

/*
 * 退单审核: approved, the order is re-dispatched (改派) to another unit
 * with a fresh deadline; denied, it goes back to its unit to be signed.
 */
int
tk_act_review_return(struct tk_act *a, const char *id, const char *to,
    const char *denial)
{
	const char *const units[] = { to, NULL };
	struct tk_tick t;
	struct tk_order g;
	json_t *data;
	int rc;

	if (tk_act_platform_only(a, "review a return") == -1 || tk_act_load(a, id, &t) == -1)
		return -1;
	rc = find_returning(a, id, &g);
	if (rc == 0 && to != NULL && (rc = check_units(a, units)) == 0 &&
	    strcmp(to, g.unit) == 0)
		rc = tk_act_refuse(a, "re-dispatch to another unit than \"%s\"",
		    g.unit);
	if (rc == 0 && to != NULL)
		rc = not_holding(a, &t, to);
	if (rc == 0 && to != NULL) {
		data = json_pack("{s:s}", "to", to);
		tk_act_step(a, &t, &g, "return_approved", "returned", 0, data);
		json_decref(data);
		assign(a, &t, to, g.role, 0, -1);
		data = json_pack("{s:s, s:s}", "from", g.unit, "role", g.role);
		tk_act_event(a, t.id, "redispatch", to, NULL, "dispatched", data);
		json_decref(data);
	} else if (rc == 0) {
		data = json_pack("{s:s}", "reason", denial);
		tk_act_step(a, &t, &g, "return_denied", "dispatched", 0, data);
		json_decref(data);
	}
	tk_act_unload(&t);
	return rc;
}

/*
 * 下派: a level-2 unit passes its order to one of its own level-3
 * units and stays responsible; the sub-order is due when the order is,
 * or earlier if the unit says so.
 */
int
tk_act_subdispatch(struct tk_act *a, const char *id, const char *to,
    tk_time due)
{
	const char *const units[] = { to, NULL };
	char when[TK_TIME_LEN];
	struct tk_tick t;
	struct tk_order g;
	json_t *data;
	int rc;

	if (tk_act_load(a, id, &t) == -1)
		return -1;
	if ((rc = tk_act_own_order(a, &t, NULL, &g)) == 0 &&
	    strcmp(g.status, "dispatched") != 0 &&
	    strcmp(g.status, "signed") != 0)
		rc = tk_act_refuse(a, "the order of \"%s\" is %s", g.unit,
		    g.status);
	if (rc == 0 && (rc = check_units(a, units)) == 0 &&
	    !is_child(a, to, 3))
		rc = tk_act_refuse(a, "unit \"%s\" is not one of \"%s\"'s own", to,
		    a->unit);
	if (rc == 0)
		rc = not_holding(a, &t, to);
	if (rc == 0 && due != -1 && due < a->now)
		rc = tk_act_refuse(a, "a sub-order cannot be due in the past");
	if (rc == 0 && due != -1 && g.due_at != 0 && due > g.due_at)
		rc = tk_act_refuse(a, "a sub-order cannot be due after its order "
		    "(%s)", tk_time_format(g.due_at, when));
	if (rc == 0) {
		if (due == -1 && (due = g.due_at) == 0)
			tk_sla_due(&a->sla, a->now, t.category, t.urgent, &due);
		assign(a, &t, to, g.role, g.id, due);
		data = json_pack("{s:s, s:s}", "parent", g.unit, "due_at",
		    tk_time_format(due, when));
		tk_act_event(a, t.id, "subdispatch", to, NULL, "dispatched", data);
		json_decref(data);
	}
	tk_act_unload(&t);
	return rc;
}

/* For actions written elsewhere: may the action start from this status? */
int
tk_act_may_start(struct tk_act *a, const struct tk_tick *t, const char *action)
{
	return may_start(a, t, action);
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
		tk_act_event(a, ticket, "flag", unit, NULL, NULL, data);
	return raised;
}
