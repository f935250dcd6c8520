/*
 * intake.c: one record in, one ticket stored (ticket-new(1)).
 *
 * Intake has two halves.  Preparing is pure (check the record, make its
 * document, screen it for emergencies) and may run on another core;
 * storing is the database's.  The order of the rules matters: a record
 * is checked whole before anything is written; a source_id seen before
 * returns the ticket already stored (intake is idempotent); an
 * out-of-scope code keeps the ticket as rejected; an emergency on the
 * phone redirects, one in a message is a new ticket marked suspected for
 * an agent (screen.c, screen-act.c); only then is a ticket new, and only
 * a new one is linked to an open ticket of the same caller, and only a
 * new one may be a repeat complaint after an earlier ticket's reply
 * (callback.c).  The writes (number, ticket, event, flag) run inside the
 * caller's transaction.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

static json_t *
redirect_doc(const struct tk_screen_hit *hit)
{
	char *rule;
	json_t *r;

	tk_xasprintf(&rule, "%s:%ld", hit->source, hit->line);
	r = json_pack("{s:s, s:s, s:s}", "number", hit->number, "keyword",
	    hit->keyword, "rule", rule);
	if (hit->near != NULL)
		tk_jset(r, "near", json_string(hit->near));
	free(rule);
	return r;
}

static void
clear_blobs(struct tk_prepared *p)
{
	while (p->nblobs > 0)
		tk_blob_clear(&p->blobs[--p->nblobs]);
	free(p->blobs);
	p->blobs = NULL;
}

/* One entry of "attachments": a path, or {"path", "public"}. */
static int
take_blob(const char *dir, json_t *v, struct tk_blob *b, char why[TK_ERRLEN])
{
	const char *path = json_is_string(v) ? json_string_value(v) :
	    tk_json_str(v, "path");
	json_t *pub = json_object_get(v, "public");

	if (path == NULL || (pub != NULL && !json_is_boolean(pub))) {
		snprintf(why, TK_ERRLEN, "\"attachments\": expected paths, or "
		    "objects with \"path\" and a boolean \"public\"");
		return -1;
	}
	if (strcmp(path, "-") == 0) {
		snprintf(why, TK_ERRLEN, "attachment \"-\": stdin holds the "
		    "records");
		return -1;
	}
	if (tk_blob_take(dir, path, tk_conf_long("attachment.max_bytes"), b,
	    why) == -1)
		return -1;
	b->public = json_is_true(pub);
	return 0;
}

/*
 * The record's "attachments" (paths, "a|b" from a typeless source, or
 * objects) copied beside the database, out of the document; -1 with
 * the reason in p->why, every copy removed, when one is refused.
 */
static int
take_attachments(const struct tk_intake *in, struct tk_prepared *p)
{
	json_t *v = json_object_get(p->row.doc, "attachments"), *list, *e;
	char **words, *dir;
	size_t i;
	int rc = 0;

	if (v == NULL)
		return 0;
	if (json_is_string(v)) {
		list = json_array();
		words = tk_split_words(json_string_value(v));
		for (i = 0; words[i] != NULL; i++)
			tk_jpush(list, json_string(words[i]));
		tk_free_words(words);
	} else
		list = json_incref(v);
	dir = tk_attach_dir(tk_db_path(in->db));
	p->blobs = tk_xmalloc((json_array_size(list) + 1) * sizeof(*p->blobs));
	json_array_foreach(list, i, e)
		if (rc == 0 && (rc = take_blob(dir, e, &p->blobs[i],
		    p->why)) == 0)
			p->nblobs++;
	if (!json_is_array(v) && !json_is_string(v) &&
	    (rc = take_blob(dir, v, &p->blobs[0], p->why)) == 0)
		p->nblobs++;
	free(dir);
	json_decref(list);
	json_object_del(p->row.doc, "attachments");
	if (rc == -1)
		clear_blobs(p);
	return rc;
}

/* The ticket's attachments in place and in the table, each with its event. */
static void
keep_attachments(const struct tk_intake *in, struct tk_prepared *p)
{
	char *dir;
	size_t i;

	if (p->nblobs == 0)
		return;
	dir = tk_attach_dir(tk_db_path(in->db));
	for (i = 0; i < p->nblobs; i++) {
		if (!in->dry_run)
			tk_blob_keep(&p->blobs[i], dir);
		json_decref(tk_attach_add(in->db, p->row.id, &p->blobs[i],
		    in->actor, in->now));
	}
	free(dir);
}

/* Returns -1 with the reason in p->why when the record must be refused. */
int
tk_intake_prepare(const struct tk_intake *in, json_t *rec,
    struct tk_prepared *p)
{
	struct tk_row *r = &p->row;
	struct tk_buf doc = { NULL, 0, 0 }, quoted = { NULL, 0, 0 };
	char *body;

	memset(r, 0, sizeof(*r));
	p->screened = 0;
	p->body = NULL;
	p->blobs = NULL;
	p->nblobs = 0;
	tk_value_map_apply(rec, in->maps, in->nmaps);
	if (tk_ticket_normalize(rec, in->timefmt, in->now, &r->doc,
	    &r->received, p->why) == -1)
		return -1;
	if (take_attachments(in, p) == -1) {
		json_decref(r->doc);
		r->doc = NULL;
		return -1;
	}
	p->reject = json_object_get(r->doc, "reject");
	if (p->reject == NULL && in->screen != NULL)
		p->screened = tk_screen_match(in->screen, r->doc, &p->hit);
	if (p->screened)
		tk_jset(r->doc, tk_screen_transferable(tk_json_str(r->doc,
		    "channel")) ? "redirect" : "suspect",
		    redirect_doc(&p->hit));
	p->suspect = json_object_get(r->doc, "suspect");
	tk_ticket_soft_missing(r->doc, p->missing);
	tk_row_columns(r);
	tk_buf_value(&doc, r->doc);
	r->text = doc.s;
	r->len = doc.n;
	body = tk_search_body(r->doc);
	tk_buf_string(&quoted, body);
	free(body);
	p->body = quoted.s;
	return 0;
}

void
tk_intake_clear(struct tk_prepared *p)
{
	json_decref(p->row.doc);
	free(p->row.text);
	free(p->body);
	p->body = NULL;
	memset(&p->row, 0, sizeof(p->row));
	clear_blobs(p);
}

/* Decides the status and fills the intake event's details. */
static const char *
classify(const struct tk_intake *in, struct tk_prepared *p, json_t *data)
{
	struct tk_row *r = &p->row;

	if (p->reject != NULL) {
		tk_jshare(data, "reject", p->reject);
		return "rejected";
	}
	if (p->suspect != NULL) {
		tk_jshare(data, "suspect", p->suspect);
		tk_recwarn(p->source, p->line, "suspected emergency, %s "
		    "(keyword \"%s\", rule %s:%ld): urgent, for an agent to "
		    "redirect or clear", p->hit.number, p->hit.keyword,
		    p->hit.source, p->hit.line);
	} else if (p->screened) {
		tk_jshare(data, "redirect",
		    json_object_get(r->doc, "redirect"));
		tk_recwarn(p->source, p->line, "redirected to %s (keyword "
		    "\"%s\", rule %s:%ld)", p->hit.number, p->hit.keyword,
		    p->hit.source, p->hit.line);
		return "redirected";
	}
	tk_store_history(in->db, r, r->received - 86400 *
	    tk_conf_long("callback.repeat_days"), r->received, &p->history);
	if (p->history.open[0] != '\0') {
		r->duplicate_of = tk_xstrdup(p->history.open);
		tk_jset(data, "duplicate_of",
		    json_string(r->duplicate_of));
	}
	return "new";
}

static int
store(const struct tk_intake *in, struct tk_prepared *p, json_t *data,
    char err[TK_ERRLEN])
{
	struct tk_row *r = &p->row;
	struct tk_event e;
	int64_t rowid;

	memset(&e, 0, sizeof(e));
	r->id = tk_store_new_id(in->db, r->received);
	e.ticket = r->id;
	e.at = r->at = in->now;
	e.actor = in->actor;
	e.kind = TK_EV_INTAKE;
	e.after = r->status;
	e.data = json_object_size(data) > 0 ? data : NULL;
	if (tk_store_insert(in->db, r) == 0) {
		rowid = tk_db_last_rowid(in->db);
		if (tk_store_event(in->db, &e) == 0) {
			tk_search_defer(in->db, rowid, p->body);
			return 0;
		}
	}
	snprintf(err, TK_ERRLEN, "cannot store: %s", tk_db_errmsg(in->db));
	return -1;
}

/*
 * A record sent again with other values is not taken as a correction:
 * the ticket may have moved on since.  The agent is told what differs
 * and how to correct it, so the change is not lost in silence.
 */
static void
warn_differs(const struct tk_prepared *p, json_t *stored)
{
	char fields[TK_ERRLEN];

	if (tk_ticket_differs(stored, p->row.doc, fields))
		tk_recwarn(p->source, p->line, "source_id \"%s\" is ticket %s, "
		    "stored with other values of %s: kept as stored; correct "
		    "it with ticket-route correct %s", tk_json_str(stored,
		    "source_id"), tk_json_str(stored, "id"), fields,
		    tk_json_str(stored, "id"));
}

/* The ticket stored earlier under the record's source_id, as a line. */
static char *
seen_before(const struct tk_intake *in, const struct tk_prepared *p)
{
	const char *sid = p->row.source_id.s;
	char *id, *line;
	json_t *t;

	if (sid == NULL || !tk_store_find_source(in->db, sid, &id))
		return NULL;
	t = tk_store_load(in->db, id, 0);
	warn_differs(p, t);
	if ((line = json_dumps(t, JSON_COMPACT)) == NULL)
		tk_errx(TK_EXIT_TEMP, "cannot encode a record as JSON");
	json_decref(t);
	free(id);
	return line;
}

/*
 * Stores a prepared record.  Returns 1 and the stored ticket as a JSON
 * line in *out, 0 and the ticket stored earlier under the same
 * source_id, or -1 with the reason in err.
 */
int
tk_intake_store(const struct tk_intake *in, struct tk_prepared *p,
    char **out, char err[TK_ERRLEN])
{
	struct tk_row *r = &p->row;
	json_t *data;
	int rc;

	if ((*out = seen_before(in, p)) != NULL)
		return 0;
	data = json_object();
	r->status = classify(in, p, data);
	if (strcmp(r->status, "new") == 0 && p->missing[0] != '\0')
		tk_recwarn(p->source, p->line, "missing %s", p->missing);
	if ((rc = store(in, p, data, err)) == 0) {
		if (p->suspect != NULL)
			tk_screen_mark(in->db, r->id, p->hit.number);
		*out = tk_store_line(r);
		keep_attachments(in, p);
		if (strcmp(r->status, "new") == 0)
			tk_intake_repeat(in, p);
	}
	json_decref(data);
	free((char *)r->id);
	free((char *)r->duplicate_of);
	r->id = r->duplicate_of = NULL;
	return rc == 0 ? 1 : -1;
}

/* Stores one prepared record; returns -1 when it was refused. */
static int
take(const struct tk_intake *in, struct tk_batch *b, struct tk_prepared *p)
{
	char err[TK_ERRLEN], *out = NULL;

	if (p->kind == TK_READ_BAD) {
		tk_complain(p->source, p->line, p->why);
		return -1;
	}
	tk_batch_record(b);
	/* Every check ran before the first write: a write the database
	 * still refuses is a broken store, and the batch goes with it. */
	if (tk_intake_store(in, p, &out, err) == -1)
		tk_errx(TK_EXIT_DATA, "%s:%ld: %s", p->source, p->line, err);
	tk_batch_keep_line(b, out);
	return 0;
}

/*
 * Every record of the reader into the batch, read and checked on a
 * second core (feed.c); done(arg, refused) is told of each.
 */
void
tk_intake_stream(const struct tk_intake *in, struct tk_batch *b,
    struct tk_reader *rd, void (*done)(void *, int), void *arg)
{
	struct tk_feed *feed = tk_feed_start(rd, in);
	struct tk_prepared *p;

	while ((p = tk_feed_next(feed))->kind != TK_READ_END) {
		if (p->kind == TK_PREP_FLUSH)
			tk_batch_flush(b);
		else
			done(arg, take(in, b, p) == -1);
		tk_feed_done(feed, p);
	}
	tk_feed_done(feed, p);
	tk_feed_stop(feed);
}

/* One record, named source:line in diagnostics; -1 when refused. */
int
tk_intake_one(const struct tk_intake *in, struct tk_batch *b, json_t *rec,
    const char *source, long line)
{
	struct tk_prepared p;
	int rc;

	p.kind = TK_READ_REC;
	p.source = source;
	p.line = line;
	if (tk_intake_prepare(in, rec, &p) == -1)
		p.kind = TK_READ_BAD;
	rc = take(in, b, &p);
	if (p.kind == TK_READ_REC)
		tk_intake_clear(&p);
	return rc;
}
