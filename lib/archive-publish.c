/*
 * archive-publish.c: what of the archive may be published (ticket(7)), and the
 * units' requests not to publish (屏蔽).
 *
 * Only archived dossiers are published: they are final, and their public
 * part was masked when they were archived (dossier.c), so the personal
 * data never reaches this file.  A dossier is published when the ticket
 * ended with an answer or a reply (answered, closed), the one rule of
 * public.c allows it (the caller agreed; not secret, private, refused
 * for R3 or redirected), and no withholding stands: a request still
 * awaiting the platform's decision holds the record back as a granted
 * one does.  Its texts go out through tk_public_text() like every
 * public output's.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

/* A unit asks (reason), or the platform decides (grant or deny). */
/* Did the actor's unit, or one of its level-3 units, hold an order on
 * the archived ticket?  Its dossier keeps the orders. */
static int
archived_part(struct tk_act *a, struct tk_db *arch, const char *id)
{
	struct tk_stmt *st = tk_db_stmt(arch,
	    "SELECT 1 FROM dossier d, json_each(d.public, '$.assignment') o"
	    " WHERE d.ticket = ?1 AND json_extract(o.value, '$.unit')"
	    " IN (SELECT value FROM json_each(?2))");
	json_t *units = tk_unit_children(a->db, a->unit);
	char *list;
	int found;

	tk_jpush(units, json_string(a->unit));
	list = json_dumps(units, JSON_COMPACT);
	tk_stmt_text(st, 1, id);
	tk_stmt_text(st, 2, list);
	found = tk_stmt_any(st);
	free(list);
	json_decref(units);
	return found;
}

int
tk_withhold(struct tk_act *a, struct tk_db *arch, const char *id,
    const char *reason, const char *decision)
{
	struct tk_stmt *st;
	char *t;
	int done;

	if ((t = tk_store_load_line(a->db, id, 0)) == NULL)
		return tk_act_refuse(a, "no such ticket");
	free(t);
	/* A unit asks only for what it handled: it knows why. */
	if (!a->platform && tk_store_part(a->db, id, a->unit) == -1 &&
	    !archived_part(a, arch, id))
		return tk_act_refuse(a, "unit \"%s\" has had no order on it",
		    a->unit);
	if (reason != NULL) {
		st = tk_db_stmt(arch, "INSERT INTO withhold(ticket, reason,"
		    " asked_by, asked_at, status) VALUES (?1, ?2, ?3, ?4, 'asked')"
		    " ON CONFLICT(ticket) DO UPDATE SET reason = ?2,"
		    " asked_by = ?3, asked_at = ?4 WHERE status = 'asked'"
		    " RETURNING ticket");
		tk_stmt_text(st, 2, reason);
	} else {
		if (tk_act_platform_only(a, "decide a withholding") == -1)
			return -1;
		st = tk_db_stmt(arch, "UPDATE withhold SET status = ?2,"
		    " decided_by = ?3, decided_at = ?4"
		    " WHERE ticket = ?1 AND status = 'asked' RETURNING ticket");
		tk_stmt_text(st, 2, decision);
	}
	tk_stmt_text(st, 1, id);
	tk_stmt_text(st, 3, a->actor);
	tk_stmt_int(st, 4, a->now);
	done = tk_stmt_step(st) == TK_ROW;
	tk_stmt_reset(st);
	if (!done)
		return tk_act_refuse(a, reason != NULL ?
		    "the platform has already decided" :
		    "no withholding awaits a decision");
	return 0;
}

/* Integer times of a row (keys ending in "at") as RFC 3339 text. */
static void
show_times(json_t *row)
{
	char when[TK_TIME_LEN];
	const char *k;
	size_t n;
	json_t *v;

	json_object_foreach(row, k, v) {
		n = strlen(k);
		if (json_is_integer(v) && n >= 2 && strcmp(k + n - 2, "at") == 0)
			tk_jset(row, k, json_string(tk_time_format(
			    json_integer_value(v), when)));
	}
}

/* A ticket's withholding as stored, or NULL when none was asked. */
json_t *
tk_withhold_get(struct tk_db *arch, const char *id)
{
	json_t *rows = tk_db_rows(arch, "SELECT * FROM withhold"
	    " WHERE ticket = ?1", id), *w;

	w = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (w != NULL)
		show_times(w);
	return w;
}

/* Finished with an answer or a reply, and public by the one rule. */
static int
publishable(json_t *d)
{
	json_t *t = json_object_get(d, "ticket");
	const char *status = tk_json_str(t, "status");

	return status != NULL && (strcmp(status, "closed") == 0 ||
	    strcmp(status, "answered") == 0) &&
	    tk_public_may(json_object_get(t, "doc"), status);
}

/* The approved reply of the lead order that answers for the ticket. */
static json_t *
lead_reply(json_t *d)
{
	json_t *r, *found = NULL, *a;
	size_t i, j;

	json_array_foreach(json_object_get(d, "reply"), i, r) {
		if (strcmp(tk_json_str(r, "status"), "approved") != 0)
			continue;
		json_array_foreach(json_object_get(d, "assignment"), j, a)
			if (json_equal(json_object_get(a, "id"),
			    json_object_get(r, "assignment")) &&
			    strcmp(tk_json_str(a, "role"), "lead") == 0 &&
			    json_object_get(a, "parent") == NULL)
				found = r;
	}
	return found;
}

static void
set_time(json_t *o, const char *key, json_t *v)
{
	char when[TK_TIME_LEN];

	tk_jset(o, key, json_string(tk_time_format(
	    json_integer_value(v), when)));
}

/* A text of the dossier as it may be published (public.c). */
static void
put_public(json_t *o, const char *key, char *const *names, json_t *v)
{
	char *m;

	if (!json_is_string(v))
		return;
	m = tk_public_text(names, json_string_value(v));
	tk_jset(o, key, json_string(m));
	free(m);
}

/*
 * The published record: the request and the reply.  Masked when they
 * were archived, and again here by the rule every public output shares,
 * with every name the dossier knows.
 */
static json_t *
public_record(json_t *d)
{
	json_t *t = json_object_get(d, "ticket"), *r = lead_reply(d), *o,
	    *facts = json_object(), *f = tk_json_path(t, "doc.facts");
	static const char *const told[] = { "what", "process", "result", NULL };
	char **names = tk_public_names(d);
	json_t *name;
	int i;

	o = json_pack("{s:O, s:O}", "id", json_object_get(t, "id"),
	    "category", json_object_get(t, "category"));
	put_public(o, "topic", names, json_object_get(t, "topic"));
	put_public(o, "area", names, json_object_get(t, "area"));
	set_time(o, "received_at", json_object_get(t, "received_at"));
	set_time(o, "closed_at", json_object_get(d, "closed_at"));
	for (i = 0; told[i] != NULL; i++)
		put_public(facts, told[i], names, json_object_get(f, told[i]));
	tk_jset(o, "request", facts);
	if (r != NULL) {
		put_public(o, "reply", names, json_object_get(r, "text"));
		name = json_object_get(json_object_get(d, "units"),
		    tk_json_str(r, "unit"));
		tk_jshare(o, "unit", name != NULL ? name :
		    json_object_get(r, "unit"));
	} else
		put_public(o, "reply", names,
		    tk_json_path(t, "extra.answer.text"));
	tk_public_names_free(names);
	tk_attach_published(o, d);
	return o;
}

/*
 * Calls cb with the record of every publishable dossier of a ticket
 * closed since the given time, in the order they closed.  A dossier
 * whose ticket id is no ticket number (an edited or forged archive) is
 * named by its seq, never by that id, and not published.  Returns the
 * number of dossiers so refused.
 */
int
tk_publish_each(struct tk_db *arch, tk_time since, tk_ticket_cb cb,
    void *arg)
{
	struct tk_stmt *st = tk_db_stmt(arch, "SELECT d.public, d.seq"
	    " FROM dossier d LEFT JOIN withhold w ON w.ticket = d.ticket"
	    " WHERE d.closed_at >= ?1 AND w.status IS NOT 'asked'"
	    " AND w.status IS NOT 'granted' ORDER BY d.closed_at, d.seq");
	json_t *d, *o;
	char why[96];
	int refused = 0;

	tk_stmt_int(st, 1, since);
	while (tk_stmt_step(st) == TK_ROW) {
		if ((d = json_loads(tk_stmt_col_text(st, 0), 0, NULL)) == NULL)
			tk_errx(TK_EXIT_DATA, "%s: a dossier is not JSON",
			    tk_db_path(arch));
		if (!tk_ticket_id_valid(tk_json_str(json_object_get(d,
		    "ticket"), "id"))) {
			snprintf(why, sizeof(why), "dossier %lld: the ticket"
			    " id is no ticket number; not published",
			    (long long)tk_stmt_col_int(st, 1));
			tk_complain(tk_db_path(arch), 0, why);
			refused++;
		} else if (publishable(d)) {
			o = public_record(d);
			cb(o, arg);
			json_decref(o);
		}
		json_decref(d);
	}
	tk_stmt_reset(st);
	return refused;
}
