/*
 * merge.c: merging a duplicate into its master ticket (并单) and undoing
 * it (拆分) (ticket-route(1), ticket(7)).
 *
 * A merged ticket is status merged with merged_into naming its master.
 * Its live orders and copies are withdrawn, with no penalty to their
 * units: the matter is handled once, under the master.  When the
 * master's reply is approved each ticket merged into it becomes replied
 * with it, so each caller gets their own callback and SMS survey; a
 * merge into a master already replied does so at once.
 *
 * Invariants: a master is open and not merged itself, so links are one
 * step long and never make a cycle; a ticket with tickets merged into
 * it is not merged elsewhere; split clears the link and gives the
 * ticket back to the platform as new, while it waits for its master.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

struct master {
	char	 status[16];
	char	 merged_into[64];
};

static int
load_master(struct tk_act *a, const char *id, struct master *m)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT status, coalesce(merged_into, '') FROM ticket"
	    " WHERE id = ?1");
	int found;

	tk_stmt_text(st, 1, id);
	if ((found = tk_stmt_step(st) == TK_ROW)) {
		snprintf(m->status, sizeof(m->status), "%s",
		    tk_stmt_col_text(st, 0));
		snprintf(m->merged_into, sizeof(m->merged_into), "%s",
		    tk_stmt_col_text(st, 1));
	}
	tk_stmt_reset(st);
	return found ? 0 : tk_act_refuse(a, "no such ticket \"%s\"", id);
}

/* Tickets merged into id, as a list, or NULL when there are none. */
static json_t *
merged_into(struct tk_act *a, const char *id, const char *status)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT id FROM ticket WHERE merged_into = ?1"
	    " AND (?2 IS NULL OR status = ?2) ORDER BY id");
	json_t *ids = json_array();

	tk_stmt_text(st, 1, id);
	tk_stmt_text(st, 2, status);
	while (tk_stmt_step(st) == TK_ROW)
		tk_jpush(ids, json_string(tk_stmt_col_text(st, 0)));
	tk_stmt_reset(st);
	if (json_array_size(ids) > 0)
		return ids;
	json_decref(ids);
	return NULL;
}

static int
has_merged(struct tk_act *a, const char *id)
{
	json_t *ids = merged_into(a, id, NULL);

	if (ids == NULL)
		return 0;
	json_decref(ids);
	return 1;
}

static int
may_merge(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct master m;

	if (strcmp(v->into, t->id) == 0)
		return tk_act_refuse(a, "cannot merge a ticket into itself");
	if (load_master(a, v->into, &m) == -1)
		return -1;
	if (strcmp(m.merged_into, t->id) == 0)
		return tk_act_refuse(a, "merging into \"%s\" would make a "
		    "cycle: it is merged into this ticket", v->into);
	if (strcmp(m.status, "merged") == 0)
		return tk_act_refuse(a, "cannot merge into \"%s\": it is "
		    "merged into \"%s\"", v->into, m.merged_into);
	if (!tk_status_is_open(m.status))
		return tk_act_refuse(a, "cannot merge into \"%s\": it is %s "
		    "(%s)", v->into, m.status, tk_enum_label(tk_statuses,
		    m.status));
	if (has_merged(a, t->id))
		return tk_act_refuse(a, "tickets are merged into this one: "
		    "split them first");
	return 0;
}

static void
set_link(struct tk_act *a, const char *id, const char *master)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE ticket SET merged_into = ?2 WHERE id = ?1");

	tk_stmt_text(st, 1, id);
	tk_stmt_text(st, 2, master);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot update: %s", id,
		    tk_db_errmsg(a->db));
}

/*
 * The duplicate is answered as its master was: the same status, with
 * the master's event (kind, data borrowed) naming the master.
 */
static void
follow(struct tk_act *a, const char *id, const char *master,
    enum tk_event_kind kind, const char *status, json_t *data)
{
	struct tk_tick d;
	json_t *shown = json_copy(data);

	if (tk_act_load(a, id, &d) == -1)
		tk_errx(TK_EXIT_DATA, "%s: merged ticket gone: %s", id, a->err);
	tk_jset(shown, "master", json_string(master));
	tk_act_move(a, &d, kind, status, NULL, 0, shown);
	json_decref(shown);
	tk_act_unload(&d);
}

/*
 * The master was answered (its reply approved, or answered directly):
 * so is each ticket merged into it and still waiting, with the same
 * event.  Called inside the master's transaction; data is borrowed.
 */
void
tk_merge_follow(struct tk_act *a, const struct tk_tick *master,
    enum tk_event_kind kind, json_t *data)
{
	json_t *ids = merged_into(a, master->id, "merged"), *id;
	size_t i;

	json_array_foreach(ids, i, id)
		follow(a, json_string_value(id), master->id, kind,
		    master->status, data);
	json_decref(ids);
}

static int
merge(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	json_t *why = json_pack("{s:s, s:s}", "reason", v->reason, "into",
	    v->into);
	json_t *units = tk_order_withdraw(a, t, 0, why);
	struct master m;

	if (json_array_size(units) > 0)
		tk_jset(why, "withdrawn", units);
	else
		json_decref(units);
	set_link(a, t->id, v->into);
	tk_act_move(a, t, TK_EV_MERGE, "merged", NULL, 0, why);
	json_decref(why);
	load_master(a, v->into, &m);
	if (strcmp(m.status, "replied") == 0) {
		why = json_object();
		follow(a, t->id, v->into, TK_EV_REPLIED, "replied", why);
		json_decref(why);
	}
	return 0;
}

/*
 * 并单: the duplicate into its master, with a reason.  Its live orders
 * and copies are withdrawn, without penalty.
 */
const struct tk_action tk_act_merge = {
	"merge tickets", "merge", NULL, may_merge, merge
};

/*
 * Only a ticket still waiting for its master splits: once the master is
 * answered or replied, so is the duplicate, and the merge stands.  A
 * master is closed only after that, so it is never closed here.
 */
static int
may_split(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	(void)v;
	if (strcmp(t->status, "merged") != 0)
		return tk_act_refuse(a, "ticket is %s (%s), not merged",
		    t->status, tk_enum_label(tk_statuses, t->status));
	return 0;
}

static int
split(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	struct master m;
	json_t *data;

	load_master(a, t->id, &m);
	data = json_pack("{s:s, s:s}", "reason", v->reason, "from",
	    m.merged_into);
	set_link(a, t->id, NULL);
	tk_act_move(a, t, TK_EV_SPLIT, "new", NULL, 0, data);
	json_decref(data);
	return 0;
}

/*
 * 拆分: a merge undone while its master is not closed.  The ticket is
 * new again, for the platform to route; its withdrawn orders stay so.
 */
const struct tk_action tk_act_split = {
	"split tickets", NULL, NULL, may_split, split
};
