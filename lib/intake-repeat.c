/*
 * intake-repeat.c: 重复投诉, the edge from intake to the callbacks.
 *
 * A new ticket from the same phone about the same area and topic within
 * callback.repeat_days of an earlier ticket's reply (intake finds it in
 * the caller index, tk_store_history) raises the flag repeat_complaint
 * on the order of that ticket's lead unit, once, and the operator is
 * told on stderr.  The flag is written in intake's transaction, with the
 * new ticket.
 */
#include <string.h>

#include "sql.h"

void
tk_intake_repeat(const struct tk_intake *in, const struct tk_prepared *p)
{
	struct tk_act a;
	char unit[64];
	int64_t order;
	json_t *data;
	int raised;

	if (p->history.replied[0] == '\0' ||
	    (order = tk_order_lead(in->db, p->history.replied, unit)) == 0)
		return;
	/* A flag needs no calendar: the action's bare essentials do. */
	memset(&a, 0, sizeof(a));
	a.db = in->db;
	a.actor = in->actor;
	a.now = in->now;
	data = json_pack("{s:s, s:s}", "kind", "repeat_complaint", "ticket",
	    p->row.id);
	raised = tk_act_flag(&a, order, p->history.replied, unit, data);
	json_decref(data);
	if (raised)
		tk_recwarn(p->source, p->line, "repeat complaint after the "
		    "reply to %s: accountability flag for \"%s\"",
		    p->history.replied, unit);
}
