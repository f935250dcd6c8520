/*
 * note.c: notes (备注) on a ticket (ticket-route(1), ticket(7)).
 *
 * Anyone who may see a ticket may write a note on it: the platform, and
 * a unit that holds or held an order on it (or whose level-3 unit did),
 * as ticket-ls(1) shows it to them.  A note is an event of the ticket's
 * history, so it is internal: only those same accounts read it, and no
 * publication takes events.  It changes nothing of the ticket, not even
 * the time it last changed, so a note does not hold back its archiving.
 */
#include "sql.h"

static int
may_note(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	(void)v;
	if (!a->platform && tk_store_part(a->db, t->id, a->unit) == -1)
		return tk_act_refuse(a, "not a ticket of this unit");
	return 0;
}

static int
note(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	json_t *data = json_pack("{s:s}", "text", v->text);

	tk_search_forget(a->db, t->id);
	tk_act_event(a, t->id, TK_EV_NOTE, NULL, NULL, NULL, data);
	json_decref(data);
	tk_search_add(a->db, t->id);
	return 0;
}

const struct tk_action tk_act_note = {
	NULL, NULL, NULL, may_note, note
};
