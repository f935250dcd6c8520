/*
 * intake.c: one record in, one ticket stored (SPEC 3).
 *
 * The order of the rules matters: a record is checked whole before
 * anything is written; a source_id seen before returns the ticket already
 * stored (intake is idempotent); an out-of-scope code keeps the ticket as
 * rejected; emergency screening redirects; only then is a ticket new, and
 * only a new one is linked to an open ticket of the same caller.  The
 * writes (number, ticket, event) run inside the caller's transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

static json_t *
redirect_doc(const struct tk_screen_hit *hit)
{
	char *rule;
	json_t *r;

	tk_xasprintf(&rule, "%s:%ld", hit->source, hit->line);
	r = json_pack("{s:s, s:s, s:s}", "number", hit->number, "keyword",
	    hit->keyword, "rule", rule);
	free(rule);
	return r;
}

/* Decides the status and fills the intake event's details. */
static const char *
classify(const struct tk_intake *in, struct tk_row *r, json_t *data)
{
	struct tk_screen_hit hit;
	json_t *reject = json_object_get(r->doc, "reject");

	if (reject != NULL) {
		json_object_set(data, "reject", reject);
		return "rejected";
	}
	if (in->screen != NULL && tk_screen_match(in->screen, r->doc, &hit)) {
		json_object_set_new(r->doc, "redirect", redirect_doc(&hit));
		json_object_set(data, "redirect",
		    json_object_get(r->doc, "redirect"));
		tk_recwarn(in->source, in->line, "redirected to %s (keyword "
		    "\"%s\", rule %s:%ld)", hit.number, hit.keyword,
		    hit.source, hit.line);
		return "redirected";
	}
	r->duplicate_of = tk_store_open_duplicate(in->db, r->doc);
	if (r->duplicate_of != NULL)
		json_object_set_new(data, "duplicate_of",
		    json_string(r->duplicate_of));
	return "new";
}

static int
store(const struct tk_intake *in, struct tk_row *r, json_t *data,
    char err[TK_ERRLEN])
{
	struct tk_event e;

	memset(&e, 0, sizeof(e));
	if ((r->text = json_dumps(r->doc, JSON_COMPACT)) == NULL)
		tk_errx(TK_EXIT_TEMP, "cannot encode a record as JSON");
	r->len = strlen(r->text);
	r->id = tk_store_new_id(in->db, r->received);
	e.ticket = r->id;
	e.at = r->at = in->now;
	e.actor = in->actor;
	e.kind = "intake";
	e.after = r->status;
	e.data = json_object_size(data) > 0 ? data : NULL;
	if (tk_store_insert(in->db, r) == -1 || tk_store_event(in->db, &e) == -1) {
		snprintf(err, TK_ERRLEN, "cannot store: %s",
		    tk_db_errmsg(in->db));
		return -1;
	}
	return 0;
}

/*
 * Takes rec (consumed).  Returns 1 and the stored ticket as a JSON line
 * in *out, 0 and the ticket stored earlier under the same source_id, or
 * -1 with the reason in err when the record is refused.
 */
int
tk_intake_one(const struct tk_intake *in, json_t *rec, char **out,
    char err[TK_ERRLEN])
{
	struct tk_row r;
	json_t *data, *t;
	char *seen, soft[TK_ERRLEN];
	const char *sid;
	int rc;

	memset(&r, 0, sizeof(r));
	if (tk_ticket_normalize(rec, in->timefmt, in->now, &r.doc, &r.received,
	    err) == -1)
		return -1;
	if ((sid = tk_json_str(r.doc, "source_id")) != NULL &&
	    tk_store_find_source(in->db, sid, &seen)) {
		t = tk_store_load(in->db, seen, 0);
		*out = json_dumps(t, JSON_COMPACT);
		json_decref(t);
		free(seen);
		json_decref(r.doc);
		return 0;
	}
	data = json_object();
	r.status = classify(in, &r, data);
	if (strcmp(r.status, "new") == 0 && tk_ticket_soft_missing(r.doc, soft))
		tk_recwarn(in->source, in->line, "missing %s", soft);
	if ((rc = store(in, &r, data, err)) == 0)
		*out = tk_store_line(&r);
	json_decref(data);
	json_decref(r.doc);
	free(r.text);
	free((char *)r.id);
	free((char *)r.duplicate_of);
	return rc == 0 ? 1 : -1;
}
