/*
 * correct.c: the platform's correction (更正) of a ticket's record
 * (ticket-route(1), ticket(7)).
 *
 * A correction names fields and their new values (--set FIELD=VALUE)
 * and a reason.  The corrected document goes through intake's own
 * rules (tk_ticket_normalize), so a value intake would refuse is
 * refused here in the same words, and a fact a complaint needs cannot
 * be taken away.  One event holds every field's value before and after.
 *
 * A change of category or urgency while orders are live moves their
 * deadlines: each live order the platform dispatched is due again by the
 * new limit counted from its original start (dispatch, or signing when
 * the clock starts there), plus the days it was extended, and its
 * sub-orders due with it move along.  Cards issued stay in the log; an
 * order reopened counts from its reopening and keeps its date.  Orders
 * no longer live, the reply and the callback are history: a correction
 * after them changes the record only.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

/* What the platform may correct: the record's fields, not its history. */
const char *const tk_correct_fields[] = {
	"category", "topic", "area", "urgent", "facts.when", "facts.where",
	"facts.who", "facts.what", "facts.process", "facts.result",
	"caller.name", "caller.phone", "caller.anonymous", "caller.public",
	NULL
};

static int
known_field(const char *name, size_t len)
{
	int i;

	for (i = 0; tk_correct_fields[i] != NULL; i++)
		if (strlen(tk_correct_fields[i]) == len &&
		    strncmp(tk_correct_fields[i], name, len) == 0)
			return 1;
	return 0;
}

/* Each --set names a field that may be corrected, once. */
static int
check_correct(const struct tk_args *v, char err[TK_ERRLEN])
{
	char *const *p, *const *q;
	size_t len;

	for (p = v->set; p != NULL && *p != NULL; p++) {
		len = strcspn(*p, "=");
		if ((*p)[len] != '=')
			snprintf(err, TK_ERRLEN, "--set: expected FIELD=VALUE, "
			    "not \"%s\"", *p);
		else if (!known_field(*p, len))
			snprintf(err, TK_ERRLEN, "--set: no field \"%.*s\" to "
			    "correct (see ticket-route(1), CORRECTION)",
			    (int)len, *p);
		else {
			for (q = v->set; q != p &&
			    strncmp(*q, *p, len + 1) != 0; q++)
				continue;
			if (q == p)
				continue;
			snprintf(err, TK_ERRLEN, "--set: field \"%.*s\" given "
			    "twice", (int)len, *p);
		}
		return -1;
	}
	return 0;
}

static json_t *
stored_doc(struct tk_act *a, const char *id)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT doc FROM ticket WHERE id = ?1");
	json_t *doc = NULL;

	tk_stmt_text(st, 1, id);
	if (tk_stmt_step(st) == TK_ROW)
		doc = json_loads(tk_stmt_col_text(st, 0), 0, NULL);
	tk_stmt_reset(st);
	if (doc == NULL)
		tk_errx(TK_EXIT_DATA, "ticket %s: stored document is not JSON",
		    id);
	return doc;
}

/* A value as the change shows it: absent is null. */
static json_t *
value_at(json_t *doc, const char *path)
{
	json_t *v = tk_json_path(doc, path);

	return v != NULL ? json_incref(v) : json_null();
}

/* {"field": {"before": ..., "after": ...}} for each field that changed. */
static json_t *
differences(json_t *old, json_t *new, char *const *set)
{
	json_t *fields = json_object(), *before, *after;
	char path[64];

	for (; *set != NULL; set++) {
		snprintf(path, sizeof(path), "%.*s", (int)strcspn(*set, "="),
		    *set);
		before = value_at(old, path);
		after = value_at(new, path);
		if (!json_equal(before, after))
			tk_jset(fields, path, json_pack("{s:O, s:O}", "before",
			    before, "after", after));
		json_decref(before);
		json_decref(after);
	}
	return fields;
}

/* What the platform added to the document at intake (a redirection),
 * taken out of it: intake's rules refuse it in a record. */
static json_t *
platform_keys(json_t *doc)
{
	json_t *kept = json_object(), *v;
	const char *key;
	void *tmp;

	json_object_foreach_safe(doc, tmp, key, v)
		if (tk_ticket_reserved(key)) {
			tk_jshare(kept, key, v);
			json_object_del(doc, key);
		}
	return kept;
}

/*
 * The corrected document, checked by intake's rules, and what changed;
 * -1 with the reason in a->err when it would be refused.
 */
static int
corrected(struct tk_act *a, const struct tk_tick *t, const struct tk_args *v,
    json_t **doc, json_t **fields)
{
	json_t *old = stored_doc(a, t->id), *in = json_deep_copy(old);
	json_t *kept = platform_keys(in);
	char *const *p;
	char path[64], err[TK_ERRLEN];
	tk_time received;
	size_t len;

	for (p = v->set; *p != NULL; p++) {
		len = strcspn(*p, "=");
		snprintf(path, sizeof(path), "%.*s", (int)len, *p);
		tk_json_set_path(in, path, json_string(*p + len + 1));
	}
	if (tk_ticket_normalize(in, NULL, a->now, doc, &received, err) == -1) {
		json_decref(in);
		json_decref(old);
		json_decref(kept);
		return tk_act_refuse(a, "%s", err);
	}
	tk_jmerge(*doc, kept);
	json_decref(kept);
	json_decref(in);
	*fields = differences(old, *doc, v->set);
	json_decref(old);
	if (json_object_size(*fields) > 0)
		return 0;
	json_decref(*doc);
	json_decref(*fields);
	return tk_act_refuse(a, "nothing to correct: the fields already hold "
	    "these values");
}

static int
may_correct(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	json_t *doc, *fields;

	if (strcmp(t->status, "archived") == 0)
		return tk_act_refuse(a, "ticket is archived (已归档): its "
		    "record is final");
	if (corrected(a, t, v, &doc, &fields) == -1)
		return -1;
	json_decref(doc);
	json_decref(fields);
	return 0;
}

/* The document and the columns queries filter on, rewritten together. */
static void
rewrite(struct tk_act *a, struct tk_tick *t, json_t *doc)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE ticket SET doc = ?2, category = ?3, topic = ?4, area = ?5,"
	    " caller_phone = ?6, urgent = ?7, updated_at = ?8 WHERE id = ?1");
	char *text = json_dumps(doc, JSON_COMPACT);

	if (text == NULL)
		tk_errx(TK_EXIT_TEMP, "cannot encode a record as JSON");
	tk_search_forget(a->db, t->id);
	tk_stmt_text(st, 1, t->id);
	tk_stmt_text(st, 2, text);
	tk_stmt_text(st, 3, tk_json_str(doc, "category"));
	tk_stmt_text(st, 4, tk_json_str(doc, "topic"));
	tk_stmt_text(st, 5, tk_json_str(doc, "area"));
	tk_stmt_text(st, 6, json_string_value(tk_json_path(doc,
	    "caller.phone")));
	tk_stmt_int(st, 7, json_is_true(json_object_get(doc, "urgent")));
	tk_stmt_int(st, 8, a->now);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot update: %s", t->id,
		    tk_db_errmsg(a->db));
	free(text);
	tk_search_add(a->db, t->id);
	snprintf(t->category, sizeof(t->category), "%s",
	    tk_json_str(doc, "category"));
	t->urgent = json_is_true(json_object_get(doc, "urgent"));
}

/* One live order due again from its start; its change, or NULL. */
static json_t *
redue(struct tk_act *a, const struct tk_tick *t, struct tk_order *g,
    tk_time start)
{
	int limit = t->urgent ? 0 : tk_sla_limit(&a->sla, t->category);
	tk_time due = tk_sla_deadline(a->cal, start, limit);
	char before[TK_TIME_LEN], after[TK_TIME_LEN];

	if (g->extended_days > 0)
		due = tk_sla_deadline(a->cal, due, g->extended_days);
	if (due == g->due_at)
		return NULL;
	json_decref(tk_order_move_subs(a, g, due));
	tk_order_redue(a, g, due, limit);
	return json_pack("{s:s, s:s, s:s}", "unit", g->unit, "before",
	    tk_time_format(g->due_at, before), "after",
	    tk_time_format(due, after));
}

/*
 * The live orders the platform dispatched that have a deadline and were
 * not reopened: their new deadlines.  Read first, changed after.
 */
static json_t *
move_deadlines(struct tk_act *a, const struct tk_tick *t)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT id, unit, due_at, extended_days, CASE WHEN ?2"
	    " THEN signed_at ELSE dispatched_at END FROM assignment"
	    " WHERE ticket = ?1 AND parent IS NULL AND role != 'cc'"
	    " AND " TK_ORDER_LIVE_SQL " AND due_at IS NOT NULL"
	    " AND reopens = 0 ORDER BY id");
	struct tk_order *v = NULL;
	tk_time *start = NULL;
	json_t *moved = json_array(), *m;
	size_t i, n = 0;

	tk_stmt_text(st, 1, t->id);
	tk_stmt_int(st, 2, a->clock_at_sign);
	while (tk_stmt_step(st) == TK_ROW) {
		v = tk_xrealloc(v, (n + 1) * sizeof(*v));
		start = tk_xrealloc(start, (n + 1) * sizeof(*start));
		memset(&v[n], 0, sizeof(v[n]));
		v[n].id = tk_stmt_col_int(st, 0);
		snprintf(v[n].unit, sizeof(v[n].unit), "%s",
		    tk_stmt_col_text(st, 1));
		v[n].due_at = tk_stmt_col_int(st, 2);
		v[n].extended_days = (int)tk_stmt_col_int(st, 3);
		start[n++] = tk_stmt_col_int(st, 4);
	}
	tk_stmt_reset(st);
	for (i = 0; i < n; i++)
		if ((m = redue(a, t, &v[i], start[i])) != NULL)
			tk_jpush(moved, m);
	free(v);
	free(start);
	return moved;
}

static int
correct(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	json_t *doc, *fields, *data, *moved;

	if (corrected(a, t, v, &doc, &fields) == -1)
		return -1;
	rewrite(a, t, doc);
	data = json_pack("{s:s, s:o}", "reason", v->reason, "fields", fields);
	if (json_object_get(fields, "category") != NULL ||
	    json_object_get(fields, "urgent") != NULL) {
		moved = move_deadlines(a, t);
		if (json_array_size(moved) > 0)
			tk_jshare(data, "deadlines", moved);
		json_decref(moved);
	}
	tk_act_event(a, t->id, TK_EV_CORRECT, NULL, NULL, NULL, data);
	json_decref(data);
	json_decref(doc);
	return 0;
}

const struct tk_action tk_act_correct = {
	"correct a ticket", NULL, check_correct, may_correct, correct
};
