/*
 * store.c: tickets and their events in the database.
 *
 * A ticket row keeps what intake made of the record (doc, the JSON
 * document, never rewritten) beside the columns that change (status, mode,
 * duplicate link) and the columns that queries filter on.  A ticket is
 * shown as its number, its document and its state, in that order.
 * Numbers are the receipt date and a daily sequence, allocated inside the
 * writer's transaction, so concurrent writers never share one.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sql.h"

int
tk_store_find_source(struct tk_db *db, const char *source_id, char **id)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT id FROM ticket WHERE source_id = ?1");
	int found;

	tk_stmt_text(st, 1, source_id);
	if ((found = tk_stmt_step(st) == TK_ROW))
		*id = tk_xstrdup(tk_stmt_col_text(st, 0));
	tk_stmt_reset(st);
	return found;
}

/*
 * prefix + YYYYMMDD + six digits (more past a million tickets a day).
 * Plain statements rather than an upsert with RETURNING, which builds a
 * temporary table for every number: intake asks for one per record.
 */
char *
tk_store_new_id(struct tk_db *db, tk_time received)
{
	struct tk_stmt *bump = tk_db_stmt(db,
	    "UPDATE id_seq SET last = last + 1 WHERE day = ?1");
	struct tk_stmt *first = tk_db_stmt(db,
	    "INSERT INTO id_seq(day, last) VALUES (?1, 1)");
	struct tk_stmt *get = tk_db_stmt(db,
	    "SELECT last FROM id_seq WHERE day = ?1");
	int32_t day = tk_time_localdate(received);
	int y, m, d;
	int64_t seq = 1;
	char *id;

	tk_stmt_int(bump, 1, day);
	tk_stmt_exec(bump);
	if (tk_db_changes(db) == 0) {
		tk_stmt_int(first, 1, day);
		tk_stmt_exec(first);
	} else {
		tk_stmt_int(get, 1, day);
		if (tk_stmt_step(get) == TK_ROW)
			seq = tk_stmt_col_int(get, 0);
		tk_stmt_reset(get);
	}
	tk_civil_from_days(day, &y, &m, &d);
	tk_xasprintf(&id, "%s%04d%02d%02d%06lld", tk_conf_get("id_prefix"),
	    y, m, d, (long long)seq);
	return id;
}

static char *
dump(json_t *v)
{
	char *s;

	if ((s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		tk_errx(TK_EXIT_TEMP, "cannot encode a record as JSON");
	return s;
}

/*
 * The ticket's row of the assessment facts (ticket-report(1)): whether
 * its caller can be called back, and the caller as the first of their
 * tickets stored, by which the facts know one caller's tickets after
 * the phone is erased.  The ticket just stored is told from the others
 * by its rowid, which the caller index holds: a first call reads no
 * ticket row.
 */
static int
insert_facts(struct tk_db *db, const struct tk_row *r)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "INSERT INTO fact_ticket(ticket, received_at, category, callable,"
	    " caller) VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 IS NOT NULL THEN"
	    " coalesce((SELECT f.caller FROM ticket t JOIN fact_ticket f"
	    " ON f.ticket = t.id WHERE t.caller_phone = ?5 AND t.rowid != ?6"
	    " LIMIT 1), ?1) END)");

	tk_stmt_int(st, 6, tk_db_last_rowid(db));
	tk_stmt_text(st, 1, r->id);
	tk_stmt_int(st, 2, r->received);
	tk_stmt_text_static(st, 3, r->category.s, r->category.n);
	tk_stmt_int(st, 4, r->callable);
	tk_stmt_text_static(st, 5, r->phone.s, r->phone.n);
	return tk_stmt_exec(st);
}

static void
column(struct tk_text *t, json_t *v)
{
	t->s = json_string_value(v);
	t->n = t->s != NULL ? json_string_length(v) : 0;
}

void
tk_row_columns(struct tk_row *r)
{
	json_t *caller = json_object_get(r->doc, "caller");

	column(&r->source_id, json_object_get(r->doc, "source_id"));
	column(&r->channel, json_object_get(r->doc, "channel"));
	column(&r->category, json_object_get(r->doc, "category"));
	column(&r->topic, json_object_get(r->doc, "topic"));
	column(&r->area, json_object_get(r->doc, "area"));
	column(&r->phone, json_object_get(caller, "phone"));
	r->urgent = json_is_true(json_object_get(r->doc, "urgent"));
	r->callable = r->phone.s != NULL &&
	    !json_is_true(json_object_get(caller, "anonymous"));
}

/*
 * The ticket and its facts, from the row's columns.  Returns -1 on a
 * constraint failure (a second source_id, say).
 */
int
tk_store_insert(struct tk_db *db, const struct tk_row *r)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "INSERT INTO ticket(id, source_id, received_at, channel,"
	    " category, topic, area, caller_phone, urgent, status,"
	    " duplicate_of, updated_at, doc)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)");

	tk_stmt_text(st, 1, r->id);
	tk_stmt_text_static(st, 2, r->source_id.s, r->source_id.n);
	tk_stmt_int(st, 3, r->received);
	tk_stmt_text_static(st, 4, r->channel.s, r->channel.n);
	tk_stmt_text_static(st, 5, r->category.s, r->category.n);
	tk_stmt_text_static(st, 6, r->topic.s, r->topic.n);
	tk_stmt_text_static(st, 7, r->area.s, r->area.n);
	tk_stmt_text_static(st, 8, r->phone.s, r->phone.n);
	tk_stmt_int(st, 9, r->urgent);
	tk_stmt_text(st, 10, r->status);
	tk_stmt_text(st, 11, r->duplicate_of);
	tk_stmt_int(st, 12, r->at);
	tk_stmt_text_static(st, 13, r->text, r->len);
	if (tk_stmt_exec(st) == -1)
		return -1;
	return insert_facts(db, r);
}

/*
 * Who is behind the actor: the account ticket-shell(1) let in, and the
 * key it came with, from the environment the gate alone sets (it clears
 * every TICKET_ variable it is given).  NULL when run locally.
 */
static const char *
gate_said(const char *name)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : NULL;
}

/*
 * The event just written, to the assessment facts: fact_feed's triggers
 * take what each reads (lib/schema.c).  None reads an intake, the event
 * every ticket has.
 */
static int
feed_facts(struct tk_db *db, const struct tk_event *e, const char *data)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "INSERT INTO fact_feed VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");

	tk_stmt_int(st, 1, tk_db_last_rowid(db));
	tk_stmt_text(st, 2, e->ticket);
	tk_stmt_int(st, 3, e->at);
	tk_stmt_text(st, 4, tk_event_word(e->kind));
	tk_stmt_text(st, 5, e->unit);
	tk_stmt_text(st, 6, e->after);
	tk_stmt_text(st, 7, data);
	return tk_stmt_exec(st);
}

/*
 * Appends an event and feeds it to the facts: at is when it counts
 * (--now), written_at when it was written, so a replay or backfill says
 * so.
 */
int
tk_store_event(struct tk_db *db, const struct tk_event *e)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "INSERT INTO event(ticket, at, actor, kind, unit, before, after,"
	    " data, login, key_fp, written_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	static const char *login, *key;
	static int looked;
	char *data = e->data != NULL ? dump(e->data) : NULL;
	int rc;

	if (!looked++) {
		login = gate_said("TICKET_LOGIN");
		key = gate_said("TICKET_KEY_FP");
	}
	tk_stmt_text(st, 1, e->ticket);
	tk_stmt_int(st, 2, e->at);
	tk_stmt_text(st, 3, e->actor);
	tk_stmt_text(st, 4, tk_event_word(e->kind));
	tk_stmt_text(st, 5, e->unit);
	tk_stmt_text(st, 6, e->before);
	tk_stmt_text(st, 7, e->after);
	tk_stmt_text(st, 8, data);
	tk_stmt_text(st, 9, login);
	tk_stmt_text(st, 10, key);
	tk_stmt_int(st, 11, (int64_t)time(NULL));
	if ((rc = tk_stmt_exec(st)) == 0 && e->kind != TK_EV_INTAKE)
		rc = feed_facts(db, e, data);
	free(data);
	return rc;
}

/*
 * Appends to the audit log what an administrator did to the platform
 * (an import, an erasure, an account changed), inside the caller's
 * transaction; data is borrowed.  Exits 3 when it cannot.
 */
void
tk_store_audit(struct tk_db *db, const char *actor, tk_time at,
    enum tk_event_kind kind, json_t *data)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "INSERT INTO audit(at, actor, kind, data, login, key_fp,"
	    " written_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
	char *text = data != NULL ? dump(data) : NULL;

	tk_stmt_int(st, 1, at);
	tk_stmt_text(st, 2, actor);
	tk_stmt_text(st, 3, tk_event_word(kind));
	tk_stmt_text(st, 4, text);
	tk_stmt_text(st, 5, gate_said("TICKET_LOGIN"));
	tk_stmt_text(st, 6, gate_said("TICKET_KEY_FP"));
	tk_stmt_int(st, 7, (int64_t)time(NULL));
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot write the audit log: %s",
		    tk_db_path(db), tk_db_errmsg(db));
	free(text);
}

/* An administrator's import, the file named and what it changed. */
void
tk_store_audit_import(struct tk_db *db, const struct tk_args *g,
    enum tk_event_kind kind, const char *file, json_t *changes)
{
	json_t *data = json_pack("{s:s, s:O}", "file", file, "changes",
	    changes);

	tk_store_audit(db, g->o.actor, g->o.now, kind, data);
	json_decref(data);
}

/*
 * The end of an administrator's import, whole or nothing: refused (the
 * changes NULL), rolled back and named as a bad what; else audited,
 * committed, and its changes printed.
 */
int
tk_store_import_end(struct tk_db *db, const struct tk_args *g,
    enum tk_event_kind kind, json_t *changes, const char *what)
{
	json_t *v;
	size_t i;

	if (changes == NULL) {
		tk_db_rollback(db);
		tk_errx(TK_EXIT_DATA, "bad %s: nothing imported", what);
	}
	tk_store_audit_import(db, g, kind, g->argv[0], changes);
	tk_db_commit(db);
	json_array_foreach(changes, i, v)
		tk_out_json(v);
	json_decref(changes);
	return TK_EXIT_OK;
}

/* Replied, or closed after its reply: a new complaint is a repeat. */
static int
finished_reply(const char *status)
{
	return strcmp(status, "replied") == 0 || strcmp(status, "closed") == 0;
}

/*
 * What the caller's earlier tickets about the same area and topic say,
 * from one probe of the caller index: the open ticket this call repeats
 * (the first of its chain, which answers for all of them), and the
 * ticket replied to within [since, until] that a new complaint follows.
 */
void
tk_store_history(struct tk_db *db, const struct tk_row *r, tk_time since,
    tk_time until, struct tk_history *h)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT coalesce(duplicate_of, id), id, status, received_at,"
	    " coalesce(replied_at, 0) FROM ticket"
	    " WHERE caller_phone = ?1 AND " TK_CALLER_CASE("area", "topic")
	    " = " TK_CALLER_CASE("?2", "?3") " AND area IS ?2 AND topic IS ?3");
	tk_time first = INT64_MAX, last = 0, t;

	memset(h, 0, sizeof(*h));
	if (r->phone.s == NULL)
		return;
	tk_stmt_text_static(st, 1, r->phone.s, r->phone.n);
	tk_stmt_text_static(st, 2, r->area.s, r->area.n);
	tk_stmt_text_static(st, 3, r->topic.s, r->topic.n);
	while (tk_stmt_step(st) == TK_ROW) {
		if (tk_status_is_open(tk_stmt_col_text(st, 2)) &&
		    (t = tk_stmt_col_int(st, 3)) < first) {
			first = t;
			snprintf(h->open, sizeof(h->open), "%s",
			    tk_stmt_col_text(st, 0));
		}
		if ((t = tk_stmt_col_int(st, 4)) >= since && t <= until &&
		    t > last && finished_reply(tk_stmt_col_text(st, 2))) {
			last = t;
			snprintf(h->replied, sizeof(h->replied), "%s",
			    tk_stmt_col_text(st, 1));
		}
	}
	tk_stmt_reset(st);
}

static void
set_text(json_t *obj, const char *key, const char *v)
{
	if (v != NULL)
		tk_jset(obj, key, json_string(v));
}

static void
set_time(json_t *obj, const char *key, struct tk_stmt *st, int col)
{
	char buf[TK_TIME_LEN];

	if (!tk_stmt_col_isnull(st, col))
		tk_jset(obj, key,
		    json_string(tk_time_format(tk_stmt_col_int(st, col), buf)));
}

static void
set_data(json_t *obj, const char *key, const char *text)
{
	json_t *v;

	if (text != NULL && (v = json_loads(text, 0, NULL)) != NULL)
		tk_jset(obj, key, v);
}

#define TICKET_SELECT	"SELECT " TK_TICKET_ROW("ticket.")
#define TICKET_COLS	TICKET_SELECT " FROM ticket"

/*
 * A ticket's JSON line is written as text, from the stored document's
 * text and the state's columns, rather than built as objects and
 * encoded: the commands that print many tickets spent most of their
 * time there.  Intake refuses the keys the platform sets, and the
 * extra state holds only what the handling added (act.c), so no two
 * parts share a key.  Strings are escaped as jansson escapes them, so
 * a line reads the same whichever way it was made.
 */
void
tk_buf_put(struct tk_buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		/* A ticket's line fits the first most times. */
		b->cap = b->cap == 0 ? 1024 : 2 * b->cap;
		if (b->n + n + 1 > b->cap)
			b->cap = b->n + n + 1;
		b->s = tk_xrealloc(b->s, b->cap);
	}
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n] = '\0';
}

static void
put(struct tk_buf *b, const char *s)
{
	tk_buf_put(b, s, strlen(s));
}

/* s as a JSON string: quotes, backslashes and controls escaped. */
void
tk_buf_string(struct tk_buf *b, const char *s)
{
	static const char brief[] = "btnvfr";
	const char *run;
	char esc[8];

	put(b, "\"");
	for (run = s; *s != '\0'; s++) {
		if (*s != '"' && *s != '\\' && (unsigned char)*s >= 0x20)
			continue;
		tk_buf_put(b, run, (size_t)(s - run));
		run = s + 1;
		if (*s == '"' || *s == '\\')
			snprintf(esc, sizeof(esc), "\\%c", *s);
		else if (*s >= '\b' && *s <= '\r' && *s != '\v')
			snprintf(esc, sizeof(esc), "\\%c", brief[*s - '\b']);
		else
			snprintf(esc, sizeof(esc), "\\u%04X", (unsigned)*s);
		put(b, esc);
	}
	tk_buf_put(b, run, (size_t)(s - run));
	put(b, "\"");
}

/* "key": the member's name, after a comma unless it is the first. */
static void
put_key(struct tk_buf *b, const char *key)
{
	if (b->n > 0 && b->s[b->n - 1] != '{')
		put(b, ",");
	tk_buf_string(b, key);
	put(b, ":");
}

/* A string member; none for NULL. */
void
tk_buf_member(struct tk_buf *b, const char *key, const char *v)
{
	if (v == NULL)
		return;
	put_key(b, key);
	tk_buf_string(b, v);
}

/* A member whose value is JSON text already. */
void
tk_buf_json(struct tk_buf *b, const char *key, const char *json)
{
	put_key(b, key);
	put(b, json);
}

/*
 * v as compact JSON text, byte for byte what json_dumps(v, JSON_COMPACT)
 * writes (members in their order, strings escaped alike) at half its
 * cost.  A real's digits are jansson's own, so it writes them.
 */
void
tk_buf_value(struct tk_buf *b, json_t *v)
{
	const char *key;
	char num[32], *real;
	json_t *e;
	size_t i;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		put(b, "{");
		json_object_foreach(v, key, e) {
			put_key(b, key);
			tk_buf_value(b, e);
		}
		put(b, "}");
		break;
	case JSON_ARRAY:
		put(b, "[");
		json_array_foreach(v, i, e) {
			if (i > 0)
				put(b, ",");
			tk_buf_value(b, e);
		}
		put(b, "]");
		break;
	case JSON_STRING:
		tk_buf_string(b, json_string_value(v));
		break;
	case JSON_INTEGER:
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		put(b, num);
		break;
	case JSON_REAL:
		real = dump(v);
		put(b, real);
		free(real);
		break;
	default:
		put(b, json_is_true(v) ? "true" : json_is_false(v) ? "false" :
		    "null");
	}
}

/* The members of a JSON object's text, after what b holds. */
static void
put_members(struct tk_buf *b, const char *obj, size_t len)
{
	if (len <= 2)
		return;
	if (b->n > 0 && b->s[b->n - 1] != '{')
		put(b, ",");
	tk_buf_put(b, obj + 1, len - 2);
}

static void
put_time(struct tk_buf *b, const char *key, struct tk_stmt *st, int col)
{
	char buf[TK_TIME_LEN];

	if (!tk_stmt_col_isnull(st, col))
		tk_buf_member(b, key, tk_time_format(tk_stmt_col_int(st, col),
		    buf));
}

/*
 * A ticket's line up to its closing brace, from a row whose columns
 * from c on are TK_TICKET_ROW's: number, document, then what the
 * platform made of it since intake.
 */
static void
put_row(struct tk_buf *b, struct tk_stmt *st, int c)
{
	const char *doc = tk_stmt_col_text(st, c + 1), *extra;

	put(b, "{");
	tk_buf_member(b, "id", tk_stmt_col_text(st, c));
	put_members(b, doc, strlen(doc));
	tk_buf_member(b, "status", tk_stmt_col_text(st, c + 2));
	tk_buf_member(b, "mode", tk_stmt_col_text(st, c + 3));
	tk_buf_member(b, "duplicate_of", tk_stmt_col_text(st, c + 4));
	tk_buf_member(b, "merged_into", tk_stmt_col_text(st, c + 10));
	put_time(b, "updated_at", st, c + 5);
	if (tk_stmt_col_int(st, c + 6))
		tk_buf_json(b, "unrouted", "true");
	if (tk_stmt_col_int(st, c + 7))
		tk_buf_json(b, "major", "true");
	if ((extra = tk_stmt_col_text(st, c + 8)) != NULL)
		put_members(b, extra, strlen(extra));
}

static char *
line_end(struct tk_buf *b)
{
	put(b, "}");
	return b->s;
}

/* A ticket as shown: number, document, state; from a TICKET_COLS row. */
static json_t *
ticket_from_row(struct tk_stmt *st)
{
	struct tk_buf b = { NULL, 0, 0 };
	json_t *t;

	put_row(&b, st, 0);
	if ((t = json_loads(line_end(&b), 0, NULL)) == NULL)
		tk_errx(TK_EXIT_DATA, "ticket %s: stored document is not JSON",
		    tk_stmt_col_text(st, 0));
	free(b.s);
	return t;
}

/* The ticket as intake shows it, without reading it back. */
char *
tk_store_line(const struct tk_row *r)
{
	struct tk_buf b = { NULL, 0, 0 };
	char buf[TK_TIME_LEN];

	put(&b, "{");
	tk_buf_member(&b, "id", r->id);
	put_members(&b, r->text, r->len);
	tk_buf_member(&b, "status", r->status);
	tk_buf_member(&b, "duplicate_of", r->duplicate_of);
	tk_buf_member(&b, "updated_at", tk_time_format(r->at, buf));
	return line_end(&b);
}

static json_t *
assignments(struct tk_db *db, const char *id)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT a.unit, a.role, p.unit, a.status, a.dispatched_at,"
	    " a.signed_at, a.due_at, a.contact_due_at, a.replied_at,"
	    " a.contacted_at, a.bounces, a.reopens"
	    " FROM assignment a LEFT JOIN assignment p ON p.id = a.parent"
	    " WHERE a.ticket = ?1 ORDER BY a.id");
	json_t *list = json_array(), *a;

	tk_stmt_text(st, 1, id);
	while (tk_stmt_step(st) == TK_ROW) {
		a = json_object();
		set_text(a, "unit", tk_stmt_col_text(st, 0));
		set_text(a, "role", tk_stmt_col_text(st, 1));
		set_text(a, "parent", tk_stmt_col_text(st, 2));
		set_text(a, "status", tk_stmt_col_text(st, 3));
		set_time(a, "dispatched_at", st, 4);
		set_time(a, "signed_at", st, 5);
		set_time(a, "due_at", st, 6);
		set_time(a, "contact_due_at", st, 7);
		set_time(a, "replied_at", st, 8);
		set_time(a, "contacted_at", st, 9);
		if (tk_stmt_col_int(st, 10) > 0)
			tk_jset(a, "bounces",
			    json_integer(tk_stmt_col_int(st, 10)));
		if (tk_stmt_col_int(st, 11) > 0)
			tk_jset(a, "reopens",
			    json_integer(tk_stmt_col_int(st, 11)));
		tk_jpush(list, a);
	}
	tk_stmt_reset(st);
	return list;
}

static json_t *
events(struct tk_db *db, const char *id)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT seq, at, actor, kind, unit, before, after, data, login,"
	    " key_fp FROM event WHERE ticket = ?1 ORDER BY seq");
	json_t *list = json_array(), *e;

	tk_stmt_text(st, 1, id);
	while (tk_stmt_step(st) == TK_ROW) {
		e = json_object();
		tk_jset(e, "seq",
		    json_integer(tk_stmt_col_int(st, 0)));
		set_time(e, "at", st, 1);
		set_text(e, "actor", tk_stmt_col_text(st, 2));
		set_text(e, "kind", tk_stmt_col_text(st, 3));
		set_text(e, "unit", tk_stmt_col_text(st, 4));
		set_text(e, "before", tk_stmt_col_text(st, 5));
		set_text(e, "after", tk_stmt_col_text(st, 6));
		set_data(e, "data", tk_stmt_col_text(st, 7));
		set_text(e, "login", tk_stmt_col_text(st, 8));
		set_text(e, "key_fp", tk_stmt_col_text(st, 9));
		tk_jpush(list, e);
	}
	tk_stmt_reset(st);
	return list;
}

/* One ticket, or NULL; parts may add assignments and the history. */
json_t *
tk_store_load(struct tk_db *db, const char *id, int parts)
{
	struct tk_stmt *st = tk_db_stmt(db, TICKET_COLS " WHERE id = ?1");
	json_t *t = NULL;

	tk_stmt_text(st, 1, id);
	if (tk_stmt_step(st) == TK_ROW)
		t = ticket_from_row(st);
	tk_stmt_reset(st);
	if (t != NULL && (parts & TK_LOAD_ASSIGNMENTS))
		tk_jset(t, "assignments", assignments(db, id));
	if (t != NULL && (parts & TK_LOAD_EVENTS))
		tk_jset(t, "events", events(db, id));
	return t;
}

/*
 * The line of a ticket in a row whose columns from c on are
 * TK_TICKET_ROW's, with key set to obj (JSON text) after its state.
 */
char *
tk_store_row_line(struct tk_stmt *st, int c, const char *key,
    const char *obj)
{
	struct tk_buf b = { NULL, 0, 0 };

	put_row(&b, st, c);
	tk_buf_json(&b, key, obj);
	return line_end(&b);
}

static void
put_list(struct tk_buf *b, const char *key, json_t *list)
{
	char *text = json_dumps(list, JSON_COMPACT);

	if (text == NULL)
		tk_errx(TK_EXIT_TEMP, "cannot encode a record as JSON");
	tk_buf_json(b, key, text);
	free(text);
	json_decref(list);
}

/* The same as one JSON line, or NULL. */
char *
tk_store_load_line(struct tk_db *db, const char *id, int parts)
{
	struct tk_stmt *st = tk_db_stmt(db, TICKET_COLS " WHERE id = ?1");
	struct tk_buf b = { NULL, 0, 0 };

	tk_stmt_text(st, 1, id);
	if (tk_stmt_step(st) == TK_ROW)
		put_row(&b, st, 0);
	tk_stmt_reset(st);
	if (b.s == NULL)
		return NULL;
	if (parts & TK_LOAD_ASSIGNMENTS)
		put_list(&b, "assignments", assignments(db, id));
	if (parts & TK_LOAD_EVENTS)
		put_list(&b, "events", events(db, id));
	return line_end(&b);
}

/* The orders still the units' to finish. */

/* The open tickets the supervision list may hold. */
#define SUPERVISED "[\"escalated\",\"dispatched\",\"in_progress\"," \
	"\"reopened\",\"replied\"]"

/*
 * The supervision list (督办清单, ticket-sla(1)): major (escalated) items,
 * reopened tickets, tickets with several units (the lead and co-units
 * now holding top-level orders), and tickets with a live order that
 * holds a card or is due by the yellow horizon ?9, which includes every
 * overdue one.  Its tickets are the SUPERVISED ones, bound as ?1.
 */
#define SUPERVISION \
	" AND (?9 IS NULL OR major OR status = 'reopened'" \
	"  OR id IN (SELECT ticket FROM assignment WHERE " TK_ORDER_LIVE_SQL \
	"   AND (card IS NOT NULL OR due_at <= ?9))" \
	"  OR (SELECT count(DISTINCT unit) FROM assignment s" \
	"   WHERE s.ticket = ticket.id AND s.parent IS NULL" \
	"   AND s.role != 'cc'" \
	"   AND s.status NOT IN (@returned, @withdrawn)) > 1)"

/* The units whose orders a viewer sees: its own and its level-3 units'. */
#define VIEWERS(p) \
	"(unit = " p " OR unit IN (SELECT code FROM unit WHERE parent = " p "))"

/*
 * Whether the viewer ?10 holds a part in the ticket: its tickets found
 * all at once, for a listing that reads many; one ticket's orders
 * looked up, for a ranked search that stops at its limit.
 */
#define VIEWER_ALL \
	" AND (?10 IS NULL OR id IN (SELECT ticket FROM assignment" \
	"  WHERE " VIEWERS("?10") "))"
#define VIEWER_EACH \
	" AND (?10 IS NULL OR EXISTS (SELECT 1 FROM assignment v" \
	"  WHERE v.ticket = ticket.id AND " VIEWERS("?10") "))"

#define FILTERS	FILTERS_BUT(VIEWER_ALL)
#define FILTERS_BUT(viewer) \
	" AND (?2 IS NULL OR category = ?2)" \
	" AND received_at >= ?3 AND received_at < ?4" \
	" AND (?5 IS NULL OR id IN (SELECT ticket FROM assignment" \
	"  WHERE unit = ?5))" \
	" AND (?6 IS NULL OR id IN (SELECT ticket FROM card" \
	"  WHERE color = ?6))" \
	" AND (?7 IS NULL OR id IN (SELECT ticket FROM flag" \
	"  WHERE kind = ?7))" \
	" AND (?8 IS NULL OR id IN (SELECT ticket FROM assignment" \
	"  WHERE " TK_ORDER_LIVE_SQL " AND due_at < ?8))" \
	SUPERVISION viewer QUEUES

/*
 * The platform's queues (ticket-ls --queue), by the words of tk_queues.
 * Orders withdrawn or returned are in none: each names the live status
 * it waits in.
 */
#define QUEUES \
	" AND (?12 IS NULL OR CASE ?12" \
	"  WHEN 'review' THEN id IN (SELECT ticket FROM reply" \
	"   WHERE status = 'submitted')" \
	"  WHEN 'returns' THEN id IN (SELECT ticket FROM assignment" \
	"   WHERE status = @returning)" \
	"  WHEN 'extensions' THEN id IN (SELECT ticket FROM extension" \
	"   WHERE status = 'pending')" \
	"  WHEN 'escalated' THEN ticket.status = 'escalated'" \
	"  WHEN 'unrouted' THEN unrouted AND ticket.status = 'new'" \
	"  WHEN 'callbacks' THEN ticket.status = 'replied'" \
	"  WHEN 'duplicates' THEN duplicate_of IS NOT NULL" \
	"   AND ticket.status = 'new'" \
	"  WHEN 'suspect' THEN suspect IS NOT NULL END)"

/* The words searched for (?13), as search.c makes an FTS5 query. */
#define FOUND \
	" AND (?13 IS NULL OR ticket.rowid IN (SELECT rowid FROM ticket_text" \
	"  WHERE ticket_text MATCH ?13))"

#define STATUS_IN	"ticket.status IN (SELECT value FROM json_each(?1))"

const struct tk_enum tk_sorts[] = {
	[TK_SORT_RECEIVED] =	{ "received", "受理时间" },
	[TK_SORT_UPDATED] =	{ "updated", "更新时间" },
	[TK_SORT_DUE] =		{ "due", "办理期限" },
	[TK_NSORTS] =		{ NULL, NULL }
};

/* The nearest due time of the ticket's live orders; NULL for none. */
#define DUE \
	"(SELECT min(due_at) FROM assignment s WHERE s.ticket = ticket.id" \
	" AND " TK_ORDER_LIVE_SQL ")"

/*
 * The listing's statements, by sort, direction and the index that
 * leads, each whole at compile time: the statement cache keys on the
 * text, and no text is ever made from what a user typed.  Ties fall to
 * the receipt time and number, in the same direction; a ticket with
 * nothing due is last either way.
 *
 * By receipt, a listing reads in pages, each after the key of the last
 * ticket of the one before (?15 received_at, ?16 id): each page is one
 * short read transaction, so a long pipe lets the writers' checkpoints
 * through.  The key's time is also the bound of ?3 (or ?4 in reverse),
 * which the index seeks to whichever bound the planner takes.  That
 * takes an index in the listing's order: no status or one (?1 holds a
 * JSON array), not a list, which is read in one go as the orders by
 * change and by due time are.
 */
#define ORDERED(key, order) { \
	TICKET_COLS " WHERE " STATUS_IN FILTERS FOUND key order " LIMIT ?11", \
	TICKET_COLS " WHERE ticket.status = json_extract(?1, '$[0]')" \
	    FILTERS FOUND key order " LIMIT ?11", \
	TICKET_COLS " WHERE ?1 IS NULL" FILTERS FOUND key order " LIMIT ?11", \
	TICKET_COLS " WHERE caller_phone = ?14 AND (?1 IS NULL OR " STATUS_IN \
	    ")" FILTERS FOUND key order " LIMIT ?11" }
enum { BY_STATUSES, BY_STATUS, BY_TIME, BY_CALLER, NWAYS };
#define AFTER(cmp) " AND (received_at " cmp " ?15 OR id " cmp " ?16)"
static const char *const each_sql[TK_NSORTS][2][NWAYS] = {
	[TK_SORT_RECEIVED] = {
		ORDERED(AFTER(">"), " ORDER BY received_at, id"),
		ORDERED(AFTER("<"), " ORDER BY received_at DESC, id DESC") },
	[TK_SORT_UPDATED] = {
		ORDERED("", " ORDER BY updated_at, received_at, id"),
		ORDERED("", " ORDER BY updated_at DESC, received_at DESC,"
		    " id DESC") },
	[TK_SORT_DUE] = {
		ORDERED("", " ORDER BY " DUE " NULLS LAST, received_at, id"),
		ORDERED("", " ORDER BY " DUE " DESC NULLS LAST,"
		    " received_at DESC, id DESC") }
};

/*
 * Found by words and ranked, best first (db-rank.c): the search index
 * leads, FTS5 ranks every match and gives them best first, and the
 * other filters judge them in that order until the limit is reached.
 * Without other filters the best are all that is read: the index's
 * ranks alone pick them, and only their tickets are read.
 */
#define RANKED(where) \
	TICKET_SELECT " FROM ticket_text JOIN ticket" \
	" ON ticket.rowid = ticket_text.rowid WHERE ticket_text MATCH ?13" \
	" AND ticket_text.rank MATCH '" TK_SEARCH_RANK "()'" \
	" AND (?14 IS NULL OR caller_phone = ?14)" \
	" AND " where FILTERS_BUT(VIEWER_EACH) \
	" ORDER BY ticket_text.rank LIMIT ?11"
#define BEST \
	TICKET_SELECT " FROM (SELECT rowid, " TK_SEARCH_RANK "(ticket_text)" \
	" AS rank FROM ticket_text WHERE ticket_text MATCH ?13" \
	" ORDER BY rank LIMIT ?11) AS best" \
	" JOIN ticket ON ticket.rowid = best.rowid ORDER BY best.rank"
enum { RANK_STATUSES, RANK_ANY, RANK_BEST };
static const char *const ranked_sql[] = {
	[RANK_STATUSES] = RANKED(STATUS_IN),
	[RANK_ANY] = RANKED("?1 IS NULL"),
	[RANK_BEST] = BEST
};

#define PAGE	512	/* tickets of a page */

struct run {			/* a listing as it goes */
	const struct tk_filter *f;
	const char	*statuses, *sql;
	int		 paged;		/* the key, and an index in its order */
	long		 left;		/* to show; -1 no limit */
	tk_time		 received;	/* the key of the last */
	char		 id[64];
	json_t		*page[PAGE];
	size_t		 n;
};

/* Nothing but the words (and the statuses, which the caller asks). */
static int
words_alone(const struct tk_filter *f)
{
	return f->category == NULL && f->since == INT64_MIN &&
	    f->until == INT64_MAX && f->unit == NULL && f->card == NULL &&
	    f->flag == NULL && !f->overdue && !f->supervision &&
	    f->viewer == NULL && f->queue == NULL && f->phone == NULL;
}

/* The statement for the filter: the index that leads, the order. */
static void
plan(struct run *r)
{
	const struct tk_filter *f = r->f;
	int way = r->statuses == NULL ? BY_TIME :
	    strchr(r->statuses, ',') == NULL ? BY_STATUS : BY_STATUSES;

	if (f->phone != NULL)
		way = BY_CALLER;
	if (f->text != NULL && f->ranked)
		r->sql = ranked_sql[r->statuses != NULL ? RANK_STATUSES :
		    words_alone(f) ? RANK_BEST : RANK_ANY];
	else
		r->sql = each_sql[f->sort][f->reverse != 0][way];
	r->paged = f->sort == TK_SORT_RECEIVED && !(f->text != NULL &&
	    f->ranked) && (way == BY_STATUS || way == BY_TIME);
	r->left = f->limit > 0 ? f->limit : -1;
	/* Before the first: the filter's own bound. */
	r->received = f->reverse ? f->until : f->since;
	snprintf(r->id, sizeof(r->id), "%s", f->reverse ? "\x7f" : "");
}

static void
bind_time(struct tk_stmt *st, int i, int given, tk_time t)
{
	if (given)
		tk_stmt_int(st, i, t);
}

static void
bind(struct tk_stmt *st, const struct run *r, long want)
{
	const struct tk_filter *f = r->f;

	tk_stmt_text(st, 1, r->statuses);
	tk_stmt_text(st, 2, f->category);
	/* A page's bound is its key's time, within the filter's. */
	tk_stmt_int(st, 3, r->paged && !f->reverse ? r->received : f->since);
	tk_stmt_int(st, 4, r->paged && f->reverse && r->received < f->until ?
	    r->received + 1 : f->until);
	tk_stmt_text(st, 5, f->unit);
	tk_stmt_text(st, 6, f->card);
	tk_stmt_text(st, 7, f->flag);
	bind_time(st, 8, f->overdue, f->now);
	bind_time(st, 9, f->supervision, f->near);
	tk_stmt_text(st, 10, f->viewer);
	/* SQLite reads a negative limit as none. */
	tk_stmt_int(st, 11, want);
	tk_stmt_text(st, 12, f->queue);
	tk_stmt_text(st, 13, f->text);
	if (f->phone != NULL)
		tk_stmt_text(st, 14, f->phone);
	/* The ranked statements have no key. */
	if (f->sort != TK_SORT_RECEIVED || (f->text != NULL && f->ranked))
		return;
	tk_stmt_int(st, 15, r->received);
	tk_stmt_text(st, 16, r->id);
}

/*
 * One read: a page kept, its statement reset before any is shown, or
 * the whole listing shown as it is read.  Returns cb's non-zero, or 0.
 */
static int
read_page(struct tk_db *db, struct run *r, tk_ticket_cb cb, void *arg)
{
	struct tk_stmt *st = tk_db_stmt(db, r->sql);
	long want = r->paged && (r->left < 0 || r->left > PAGE) ? PAGE :
	    r->left;
	json_t *t;
	int rc = 0;

	bind(st, r, want);
	r->n = 0;
	while (rc == 0 && tk_stmt_step(st) == TK_ROW) {
		t = ticket_from_row(st);
		if (!r->paged) {
			rc = cb(t, arg);
			json_decref(t);
			continue;
		}
		r->page[r->n++] = t;
		r->received = tk_stmt_col_int(st, 9);
		snprintf(r->id, sizeof(r->id), "%s", tk_stmt_col_text(st, 0));
	}
	tk_stmt_reset(st);
	return rc;
}

/* The page kept, shown; the rest of it dropped once cb says stop. */
static int
show_page(struct run *r, tk_ticket_cb cb, void *arg)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < r->n; i++) {
		if (rc == 0)
			rc = cb(r->page[i], arg);
		json_decref(r->page[i]);
	}
	if (r->left > 0)
		r->left -= (long)r->n;
	return rc;
}

/*
 * Calls cb with every ticket the filter passes, in its order (oldest
 * first by default), at most its limit; stops early when cb returns
 * non-zero.  The status, when one is given, leads through its index;
 * otherwise the receipt time does.  Conditions left out are bound as
 * NULL, which passes every ticket.
 */
int
tk_store_each(struct tk_db *db, const struct tk_filter *f, tk_ticket_cb cb,
    void *arg)
{
	struct run r;
	int rc;

	r.f = f;
	r.statuses = f->statuses != NULL || !f->supervision ? f->statuses :
	    SUPERVISED;
	plan(&r);
	do {
		if ((rc = read_page(db, &r, cb, arg)) != 0 || !r.paged)
			return rc;
		rc = show_page(&r, cb, arg);
	} while (rc == 0 && r.n == PAGE && r.left != 0);
	return rc;
}

/*
 * A unit's part in a ticket: -1 none, 0 it or one of its level-3 units
 * held an order on it, 1 one of those orders is live.
 */
int
tk_store_part(struct tk_db *db, const char *id, const char *unit)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT max(" TK_ORDER_LIVE_SQL ") FROM assignment"
	    " WHERE ticket = ?1 AND " VIEWERS("?2"));
	int live = -1;

	tk_stmt_text(st, 1, id);
	tk_stmt_text(st, 2, unit);
	if (tk_stmt_step(st) == TK_ROW && !tk_stmt_col_isnull(st, 0))
		live = (int)tk_stmt_col_int(st, 0);
	tk_stmt_reset(st);
	return live;
}

/*
 * What a unit may see of a ticket (ticket(7), the trust model): none of
 * it without a part in it, -1; the caller's name and phone only while
 * its part is live, else they are taken out of t, 1; all of it, 0.
 */
int
tk_store_view(struct tk_db *db, json_t *t, const char *viewer)
{
	int live = tk_store_part(db, tk_json_str(t, "id"), viewer);
	json_t *caller;

	if (live == -1)
		return -1;
	if (!live && (caller = json_object_get(t, "caller")) != NULL) {
		json_object_del(caller, "name");
		json_object_del(caller, "phone");
	}
	return !live;
}

/* The lead unit's name and deadline, for other systems' feeds. */
int
tk_store_lead(struct tk_db *db, const char *id, char **unit, tk_time *due)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT coalesce(u.name, a.unit), a.due_at FROM assignment a"
	    " LEFT JOIN unit u ON u.code = a.unit WHERE a.ticket = ?1"
	    " AND a.role = 'lead' AND a.parent IS NULL"
	    " AND a.status NOT IN (@returned, @withdrawn)"
	    " ORDER BY a.id DESC LIMIT 1");
	int found;

	tk_stmt_text(st, 1, id);
	if ((found = tk_stmt_step(st) == TK_ROW)) {
		*unit = tk_xstrdup(tk_stmt_col_text(st, 0));
		*due = tk_stmt_col_isnull(st, 1) ? -1 : tk_stmt_col_int(st, 1);
	}
	tk_stmt_reset(st);
	return found;
}
