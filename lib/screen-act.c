/*
 * screen-act.c: a suspected emergency and the agent's decision on it
 * (ticket-route(1) redirect and clear).
 *
 * Screening never sends a message away by itself: a web message that
 * names a fire is more often about last year's fire than about one now,
 * and a redirected ticket is never answered.  So a message that screening
 * matches is a new ticket with the suspect column holding the number,
 * urgent, first in the agents' queue (ticket-ls(1)), and routing leaves
 * it alone (act.c) until an agent either redirects it to the number or
 * clears the mark, which gives the ticket back the urgency the citizen
 * gave it.  The column is the mark while it stands; the intake event
 * (its "suspect") and the decision's event keep the history.
 */
#include <string.h>

#include "sql.h"

/* Marks a ticket just stored as a suspected emergency, urgent. */
void
tk_screen_mark(struct tk_db *db, const char *id, const char *number)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "UPDATE ticket SET suspect = ?2, urgent = 1 WHERE id = ?1");

	tk_stmt_text(st, 1, id);
	tk_stmt_text(st, 2, number);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot mark a suspected emergency: "
		    "%s", id, tk_db_errmsg(db));
}

/*
 * The mark lifted: urgent again as the citizen said, from the stored
 * document, since the platform set it only for the agent's sake.
 */
static void
unmark(struct tk_act *a, struct tk_tick *t)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE ticket SET suspect = NULL, urgent ="
	    " coalesce(json_extract(doc, '$.urgent'), 0) WHERE id = ?1");

	tk_stmt_text(st, 1, t->id);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot update: %s", t->id,
		    tk_db_errmsg(a->db));
	t->suspect[0] = '\0';
}

static int
check_redirect(const struct tk_args *v, char err[TK_ERRLEN])
{
	if (v->to != NULL && !tk_screen_number_ok(v->to)) {
		snprintf(err, TK_ERRLEN, "redirect: --to \"%s\" is not 110, "
		    "119, 120 or 122", v->to);
		return -1;
	}
	return 0;
}

/* A number to send it to: the one given, else the one screening saw. */
static int
may_redirect(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	if (v->to == NULL && t->suspect[0] == '\0')
		return tk_act_refuse(a, "not a suspected emergency: say "
		    "which number with --to");
	return 0;
}

static int
redirect(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	json_t *d = json_pack("{s:s}", "number", v->to != NULL ? v->to :
	    t->suspect);

	if (v->reason != NULL)
		tk_jset(d, "reason", json_string(v->reason));
	if (t->suspect[0] != '\0')
		tk_jset(d, "suspected", json_string(t->suspect));
	unmark(a, t);
	tk_jshare(t->extra, "redirect", d);
	tk_act_move(a, t, TK_EV_EMERGENCY_REDIRECT, "redirected", NULL, 0, d);
	json_decref(d);
	return 0;
}

/* 紧急转接: the agent sends the citizen's matter to 110, 119, 120, 122. */
const struct tk_action tk_act_emergency_redirect = {
	"redirect a ticket", "emergency", check_redirect, may_redirect,
	redirect
};

static int
may_clear(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	(void)v;
	if (t->suspect[0] == '\0')
		return tk_act_refuse(a, "not a suspected emergency");
	return 0;
}

static int
clear(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	json_t *d = json_pack("{s:s, s:s}", "suspected", t->suspect, "reason",
	    v->reason);

	unmark(a, t);
	tk_jshare(t->extra, "cleared", d);
	tk_act_move(a, t, TK_EV_EMERGENCY_CLEAR, "new", NULL, 0, d);
	json_decref(d);
	return 0;
}

/* 排除紧急: not an emergency; the ticket goes on as any new one. */
const struct tk_action tk_act_emergency_clear = {
	"clear a suspected emergency", "emergency", NULL, may_clear, clear
};
