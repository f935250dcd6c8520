/*
 * archive.c: finished tickets moved into the archive database as a hash
 * chain of dossiers; the chain verified, exported, imported; personal
 * data erased after the retention period (ticket(7)).
 *
 * Moving one ticket spans two files, and SQLite makes no transaction
 * atomic across them, so the move is ordered: the main database's write
 * lock is taken first and held, the dossier is read under it and
 * committed to the archive, and only then is the ticket replaced by its
 * stub in the main database's transaction, which commits last.  A crash
 * before the archive's commit leaves the ticket whole in the main
 * database only; a crash between the two commits leaves it whole there
 * and in the archive too.  Under the lock one ticket moves at a time, so
 * that can only be the archive's last record: each run first finishes
 * it, after checking that the main database still holds exactly what
 * the dossier says.  The lock order (main, then archive) is the same
 * everywhere, so two runs wait for each other, never deadlock.
 *
 * A stub goes to stdout once both commits are done, and the archive
 * keeps the last dossier whose stub was printed (with the next
 * dossier's commit, and at the end of the run): after a kill, the next
 * run first prints the stubs committed but not printed.  A stub printed
 * just before a kill may be printed twice, never not at all.
 *
 * Erasures and withholdings are marks in the same chain, so what an
 * insider changes in the archive's other tables is caught by
 * archive-verify.c.  The dossier's public part carries its redaction
 * log, so the chain covers that too.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

#define ZERO_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* The statuses of finished matters: closed after the callback, and
 * tickets that ended at intake (answered, rejected, redirected). */
#define FINISHED "('closed', 'answered', 'rejected', 'redirected')"

struct record {
	int64_t		 seq;
	char		*ticket;
	tk_time		 archived_at;
	char		*public;
	char		 personal_hash[TK_SHA256_LEN];
	char		 hash[TK_SHA256_LEN];
};

char *
tk_archive_path(const char *given, const char *db)
{
	const char *env = tk_conf_get("archive");	/* $TICKET_ARCHIVE too */
	size_t n = strlen(db);
	char *p;

	if (given != NULL)
		return tk_xstrdup(given);
	if (env != NULL && *env != '\0')
		return tk_xstrdup(env);
	if (n > 3 && strcmp(db + n - 3, ".db") == 0)
		n -= 3;
	tk_xasprintf(&p, "%.*s-archive.db", (int)n, db);
	return p;
}

struct tk_db *
tk_archive_open(const char *path)
{
	return tk_db_open_schema(path, tk_archive_migrations);
}

static void
chain_hash(const char *prev, const char *pub, const char *phash,
    char out[TK_SHA256_LEN])
{
	const char *parts[] = { prev, pub, phash };

	tk_sha256(parts, 3, out);
}

/* The chain's last record: its number (0: none) and hash (zeros). */
int64_t
tk_archive_head(struct tk_db *a, char hash[TK_SHA256_LEN])
{
	struct tk_stmt *st = tk_db_stmt(a, "SELECT seq, hash FROM"
	    " (SELECT seq, hash FROM dossier ORDER BY seq DESC LIMIT 1)"
	    " UNION ALL SELECT * FROM (SELECT seq, hash FROM mark"
	    " ORDER BY seq DESC LIMIT 1) ORDER BY seq DESC LIMIT 1");
	int64_t seq = 0;

	snprintf(hash, TK_SHA256_LEN, "%s", ZERO_HASH);
	if (tk_stmt_step(st) == TK_ROW) {
		seq = tk_stmt_col_int(st, 0);
		snprintf(hash, TK_SHA256_LEN, "%s", tk_stmt_col_text(st, 1));
	}
	tk_stmt_reset(st);
	return seq;
}

static void
record_free(struct record *r)
{
	free(r->ticket);
	free(r->public);
	memset(r, 0, sizeof(*r));
}

#define RECORD_COLS \
	"SELECT seq, ticket, archived_at, public, personal_hash, hash" \
	" FROM dossier"
#define LAST_RECORD \
	RECORD_COLS " WHERE ?1 IS NULL ORDER BY seq DESC LIMIT 1"

static int
record_get(struct tk_db *a, const char *sql, const char *ticket,
    struct record *r)
{
	struct tk_stmt *st = tk_db_stmt(a, sql);
	int found;

	memset(r, 0, sizeof(*r));
	tk_stmt_text(st, 1, ticket);
	if ((found = tk_stmt_step(st) == TK_ROW)) {
		r->seq = tk_stmt_col_int(st, 0);
		r->ticket = tk_xstrdup(tk_stmt_col_text(st, 1));
		r->archived_at = tk_stmt_col_int(st, 2);
		r->public = tk_xstrdup(tk_stmt_col_text(st, 3));
		snprintf(r->personal_hash, TK_SHA256_LEN, "%s",
		    tk_stmt_col_text(st, 4));
		snprintf(r->hash, TK_SHA256_LEN, "%s", tk_stmt_col_text(st, 5));
	}
	tk_stmt_reset(st);
	return found;
}

static void
insert_redactions(struct tk_db *a, const char *id, tk_time at, json_t *list)
{
	struct tk_stmt *st = tk_db_stmt(a, "INSERT INTO redaction(ticket, at,"
	    " path, kind, offset, length) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
	json_t *r;
	size_t i;

	json_array_foreach(list, i, r) {
		tk_stmt_text(st, 1, id);
		tk_stmt_int(st, 2, at);
		tk_stmt_text(st, 3, tk_json_str(r, "path"));
		tk_stmt_text(st, 4, tk_json_str(r, "kind"));
		tk_stmt_int(st, 5, json_integer_value(json_object_get(r,
		    "offset")));
		tk_stmt_int(st, 6, json_integer_value(json_object_get(r,
		    "length")));
		tk_stmt_exec(st);
	}
}

static void
insert(struct tk_db *a, const struct tk_link *l)
{
	struct tk_stmt *st = tk_db_stmt(a, "INSERT INTO dossier(seq, ticket,"
	    " closed_at, archived_at, public, personal, personal_hash, prev,"
	    " hash, erased_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");

	tk_stmt_int(st, 1, l->seq);
	tk_stmt_text(st, 2, l->ticket);
	tk_stmt_int(st, 3, l->closed_at);
	tk_stmt_int(st, 4, l->archived_at);
	tk_stmt_text(st, 5, l->public);
	tk_stmt_text(st, 6, l->personal);
	tk_stmt_text(st, 7, l->personal_hash);
	tk_stmt_text(st, 8, l->prev);
	tk_stmt_text(st, 9, l->hash);
	if (l->erased_at != 0)
		tk_stmt_int(st, 10, l->erased_at);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: %s: %s", tk_db_path(a), l->ticket,
		    tk_db_errmsg(a));
}

static void
set_printed(struct tk_db *a, int64_t seq)
{
	struct tk_stmt *st = tk_db_stmt(a, "UPDATE progress"
	    " SET printed = max(printed, ?1)");

	tk_stmt_int(st, 1, seq);
	tk_stmt_exec(st);
}

/* The chain's next record, in the archive's own transaction. */
static void
append(struct tk_mover *mv, struct record *r, json_t *d,
    const char *personal, json_t *redactions)
{
	struct tk_db *a = mv->arch;
	struct tk_link l;
	char prev[TK_SHA256_LEN];

	tk_db_begin(a);
	r->seq = tk_archive_head(a, prev) + 1;
	chain_hash(prev, r->public, r->personal_hash, r->hash);
	memset(&l, 0, sizeof(l));
	l.seq = r->seq;
	l.ticket = r->ticket;
	l.public = r->public;
	l.personal = personal;
	l.personal_hash = r->personal_hash;
	l.prev = prev;
	l.hash = r->hash;
	l.closed_at = json_integer_value(json_object_get(d, "closed_at"));
	l.archived_at = r->archived_at;
	insert(a, &l);
	insert_redactions(a, r->ticket, r->archived_at, redactions);
	set_printed(a, mv->printed);
	tk_db_commit(a);
}

/* The dossier as the archive stores it: public text, personal digest. */
static json_t *
prepare(struct tk_mover *mv, const char *id, tk_time at, struct record *r,
    char **personal, json_t **redactions)
{
	json_t *d, *pers;

	if ((d = tk_dossier_gather(mv->main, id, at)) == NULL)
		return NULL;
	tk_dossier_split(d, &pers, redactions);
	tk_jshare(d, "redactions", *redactions);
	*personal = tk_json_canonical(pers);
	json_decref(pers);
	r->ticket = tk_xstrdup(id);
	r->archived_at = at;
	r->public = tk_json_canonical(d);
	tk_sha256((const char *const *)personal, 1, r->personal_hash);
	return d;
}

/* A dossier already in the archive must be what the main database
 * still holds; anything else is for a person to look at. */
static void
same_as(const struct record *have, const struct record *r,
    const char *path)
{
	if (strcmp(have->public, r->public) != 0 ||
	    strcmp(have->personal_hash, r->personal_hash) != 0)
		tk_errx(TK_EXIT_DATA, "%s: record %lld (ticket %s) differs from "
		    "the ticket in the main database, which changed after it "
		    "was written", path, (long long)have->seq, r->ticket);
}

/*
 * Inside the main database's transaction: the ticket's dossier into the
 * archive (unless an interrupted run put it there), then its stub.
 */
static int64_t
move(struct tk_mover *mv, const char *id)
{
	struct record have, r;
	json_t *d, *red, *where;
	char *personal = NULL;
	int64_t seq;
	int found;

	memset(&r, 0, sizeof(r));
	found = record_get(mv->arch, RECORD_COLS " WHERE ticket = ?1", id,
	    &have);
	d = prepare(mv, id, found ? have.archived_at : mv->now, &r, &personal,
	    &red);
	if (found) {
		same_as(&have, &r, tk_db_path(mv->arch));
		r.seq = have.seq;
		memcpy(r.hash, have.hash, sizeof(r.hash));
	} else
		append(mv, &r, d, personal, red);
	where = json_pack("{s:s, s:I, s:s}", "file", tk_db_path(mv->arch),
	    "seq", (json_int_t)r.seq, "hash", r.hash);
	tk_dossier_strip(mv->main, d, where, mv->actor, mv->now);
	tk_attach_archive(mv, d);
	json_decref(where);
	json_decref(red);
	json_decref(d);
	free(personal);
	seq = r.seq;
	record_free(&r);
	record_free(&have);
	return seq;
}

static char *
first_col(struct tk_db *db, const char *sql, const char *p1, int64_t p2)
{
	struct tk_stmt *st = tk_db_stmt(db, sql);
	char *s = NULL;

	tk_stmt_text(st, 1, p1);
	tk_stmt_int(st, 2, p2);
	if (tk_stmt_step(st) == TK_ROW)
		s = tk_xstrdup(tk_stmt_col_text(st, 0));
	tk_stmt_reset(st);
	return s;
}

/* The stub to stdout, and out of stdio's buffer before it counts as
 * printed. */
static void
moved(struct tk_mover *mv, const char *id, int64_t seq, tk_ticket_cb cb,
    void *arg)
{
	json_t *t = tk_store_load(mv->main, id, 0);

	cb(t, arg);
	json_decref(t);
	tk_out_flush();
	mv->printed = seq;
}

static int
is_stub(struct tk_mover *mv, const char *id)
{
	char *status = first_col(mv->main, "SELECT status FROM ticket"
	    " WHERE id = ?1 AND ?2 = 0", id, 0);
	int yes = status != NULL && strcmp(status, "archived") == 0;

	free(status);
	return yes;
}

/* The stubs a run committed but was stopped before it printed. */
static void
unprinted(struct tk_mover *mv, tk_ticket_cb cb, void *arg)
{
	json_t *rows = tk_db_rows(mv->arch, "SELECT seq, ticket FROM dossier"
	    " WHERE seq > (SELECT printed FROM progress) AND ?1 IS NULL"
	    " ORDER BY seq", NULL), *r;
	const char *id;
	size_t i;

	json_array_foreach(rows, i, r)
		if (is_stub(mv, id = tk_json_str(r, "ticket")))
			moved(mv, id, json_integer_value(json_object_get(r,
			    "seq")), cb, arg);
	json_decref(rows);
}

/* The archive's last record, when a run stopped before the main
 * database let go of its ticket. */
static void
recover(struct tk_mover *mv, tk_ticket_cb cb, void *arg)
{
	struct record last;
	char *status = NULL;
	int64_t seq;

	unprinted(mv, cb, arg);
	if (!record_get(mv->arch, LAST_RECORD, NULL, &last))
		return;
	tk_db_begin(mv->main);
	status = first_col(mv->main, "SELECT status FROM ticket"
	    " WHERE id = ?1 AND ?2 = 0", last.ticket, 0);
	if (status != NULL && strcmp(status, "archived") != 0) {
		seq = move(mv, last.ticket);
		tk_db_commit(mv->main);
		moved(mv, last.ticket, seq, cb, arg);
	} else
		tk_db_rollback(mv->main);
	free(status);
	record_free(&last);
}

/* The end of a run: what was printed, and the head signed. */
static void
seal(struct tk_mover *mv)
{
	tk_db_begin(mv->arch);
	set_printed(mv->arch, mv->printed);
	tk_archive_sign_head(mv->arch);
	tk_db_commit(mv->arch);
}

/*
 * Moves every ticket finished at least days ago, oldest first, one
 * transaction pair each; cb gets each stub once both have committed.
 * Returns how many moved.
 */
long
tk_archive_run(struct tk_mover *mv, long days, tk_ticket_cb cb, void *arg)
{
	long n = 0;
	int64_t seq;
	char *id;

	recover(mv, cb, arg);
	for (;;) {
		tk_db_begin(mv->main);
		if ((id = first_col(mv->main, "SELECT id FROM ticket"
		    " WHERE status IN " FINISHED " AND updated_at <= ?2"
		    " AND ?1 IS NULL ORDER BY updated_at, id LIMIT 1", NULL,
		    mv->now - days * 86400)) == NULL)
			break;
		seq = move(mv, id);
		tk_db_commit(mv->main);
		moved(mv, id, seq, cb, arg);
		free(id);
		n++;
	}
	tk_db_rollback(mv->main);
	seal(mv);
	return n;
}

/*
 * A mark: the next record of the chain, in the caller's transaction.
 * The body gets the mark's kind, ticket and time.  Steals body.
 */
void
tk_archive_mark(struct tk_db *a, const char *kind, const char *id,
    tk_time at, json_t *body)
{
	struct tk_stmt *st = tk_db_stmt(a, "INSERT INTO mark(seq, kind,"
	    " ticket, at, body, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " ?7)");
	char prev[TK_SHA256_LEN], hash[TK_SHA256_LEN], *text;
	int64_t seq = tk_archive_head(a, prev) + 1;

	tk_jset(body, "kind", json_string(kind));
	tk_jset(body, "ticket", json_string(id));
	tk_jset(body, "at", json_integer(at));
	text = tk_json_canonical(body);
	chain_hash(prev, text, NULL, hash);
	tk_stmt_int(st, 1, seq);
	tk_stmt_text(st, 2, kind);
	tk_stmt_text(st, 3, id);
	tk_stmt_int(st, 4, at);
	tk_stmt_text(st, 5, text);
	tk_stmt_text(st, 6, prev);
	tk_stmt_text(st, 7, hash);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: %s: %s", tk_db_path(a), id,
		    tk_db_errmsg(a));
	free(text);
	json_decref(body);
}

/* A ticket's withholding as it now stands, as a mark. */
void
tk_archive_withheld(struct tk_db *a, const char *id, tk_time at)
{
	json_t *rows = tk_db_rows(a, "SELECT * FROM withhold"
	    " WHERE ticket = ?1", id);

	tk_archive_mark(a, "withhold", id, at,
	    json_incref(json_array_get(rows, 0)));
	json_decref(rows);
}

static void
mark_erase(struct tk_db *a, int64_t seq, const char *id, tk_time at)
{
	tk_archive_mark(a, "erase", id, at, json_pack("{s:I}", "seq",
	    (json_int_t)seq));
}

/* Migration 2: erasures made before they were marks become marks. */
void
tk_archive_mark_erased(struct tk_db *a)
{
	json_t *rows = tk_db_rows(a, "SELECT seq, ticket, erased_at"
	    " FROM dossier WHERE erased_at IS NOT NULL AND ?1 IS NULL"
	    " ORDER BY seq", NULL), *r;
	size_t i;

	json_array_foreach(rows, i, r)
		mark_erase(a, json_integer_value(json_object_get(r, "seq")),
		    tk_json_str(r, "ticket"), json_integer_value(
		    json_object_get(r, "erased_at")));
	json_decref(rows);
}

void
tk_link_from_row(struct tk_stmt *st, struct tk_link *l)
{
	memset(l, 0, sizeof(*l));
	l->seq = tk_stmt_col_int(st, 0);
	l->kind = tk_stmt_col_text(st, 1);
	l->ticket = tk_stmt_col_text(st, 2);
	l->public = tk_stmt_col_text(st, 3);
	l->personal = tk_stmt_col_text(st, 4);
	l->personal_hash = tk_stmt_col_text(st, 5);
	l->prev = tk_stmt_col_text(st, 6);
	l->hash = tk_stmt_col_text(st, 7);
	l->closed_at = tk_stmt_col_int(st, 8);
	l->archived_at = tk_stmt_col_int(st, 9);
	l->erased_at = tk_stmt_col_int(st, 10);
}

/*
 * One record checked against itself and the one before it (its hash
 * prev, its number want).  Non-zero, with err naming the record, when it
 * was changed, or one before it removed, or records were reordered.
 */
int
tk_archive_check(const struct tk_link *l, int64_t want, const char *prev,
    char *err)
{
	char h[TK_SHA256_LEN];

	if (l->seq != want)
		return snprintf(err, TK_ERRLEN, "record %lld is missing "
		    "(removed)", (long long)want);
	if (l->personal != NULL &&
	    strcmp(tk_sha256(&l->personal, 1, h), l->personal_hash) != 0)
		return snprintf(err, TK_ERRLEN, "record %lld (ticket %s) was "
		    "changed: its personal part does not match its digest",
		    (long long)l->seq, l->ticket);
	chain_hash(l->prev, l->public, l->personal_hash, h);
	if (strcmp(h, l->hash) != 0)
		return snprintf(err, TK_ERRLEN, "record %lld (ticket %s) was "
		    "changed: its contents do not match its hash",
		    (long long)l->seq, l->ticket);
	if (strcmp(l->prev, prev) != 0)
		return snprintf(err, TK_ERRLEN, "record %lld (ticket %s) is out "
		    "of place: a record before it was removed, or records were "
		    "reordered", (long long)l->seq, l->ticket);
	return 0;
}

static json_t *
export_line(struct tk_stmt *st)
{
	struct tk_link l;
	char when[TK_TIME_LEN];
	json_t *o, *pers = json_null();

	tk_link_from_row(st, &l);
	if (l.personal != NULL)
		pers = json_loads(l.personal, 0, NULL);
	o = json_pack("{s:I, s:s, s:s, s:s, s:o}", "seq", (json_int_t)l.seq,
	    "ticket", l.ticket, "prev", l.prev, "hash", l.hash,
	    l.kind != NULL ? "body" : "public", json_loads(l.public, 0, NULL));
	if (o == NULL || pers == NULL)
		tk_errx(TK_EXIT_DATA, "record %lld: not JSON",
		    (long long)l.seq);
	if (l.kind != NULL) {
		tk_jset(o, "kind", json_string(l.kind));
		json_decref(pers);
	} else {
		tk_jset(o, "personal_hash", json_string(l.personal_hash));
		tk_jset(o, "personal", pers);
	}
	if (l.erased_at != 0)
		tk_jset(o, "erased_at", json_string(tk_time_format(
		    l.erased_at, when)));
	if (!tk_stmt_col_isnull(st, 11))
		tk_jset(o, "signature", json_string(tk_stmt_col_text(st,
		    11)));
	return o;
}

/*
 * The records of tickets closed in [from, until) and the marks made
 * then, in the chain's order, or one ticket's dossier alone.
 */
int
tk_archive_each(struct tk_db *a, const char *ticket, tk_time from,
    tk_time until, tk_ticket_cb cb, void *arg)
{
	struct tk_stmt *st = tk_db_stmt(a, "SELECT d.seq, NULL, d.ticket,"
	    " d.public, d.personal, d.personal_hash, d.prev, d.hash,"
	    " d.closed_at, d.archived_at, d.erased_at, s.signature"
	    " FROM dossier d LEFT JOIN signature s ON s.seq = d.seq"
	    " WHERE (?1 IS NULL OR d.ticket = ?1) AND d.closed_at >= ?2"
	    " AND d.closed_at < ?3 UNION ALL SELECT m.seq, m.kind, m.ticket,"
	    " m.body, NULL, NULL, m.prev, m.hash, m.at, m.at, NULL,"
	    " s.signature FROM mark m LEFT JOIN signature s ON s.seq = m.seq"
	    " WHERE ?1 IS NULL AND m.at >= ?2 AND m.at < ?3 ORDER BY 1");
	json_t *o;
	int n = 0;

	tk_stmt_text(st, 1, ticket);
	tk_stmt_int(st, 2, from);
	tk_stmt_int(st, 3, until);
	while (tk_stmt_step(st) == TK_ROW) {
		o = export_line(st);
		cb(o, arg);
		json_decref(o);
		n++;
	}
	tk_stmt_reset(st);
	return n;
}

/* An export line whole again: the public part with the personal. */
json_t *
tk_archive_whole(json_t *line)
{
	json_t *d = json_deep_copy(json_object_get(line, "public")),
	    *pers = json_object_get(line, "personal");

	if (d != NULL && json_is_object(pers) &&
	    tk_dossier_join(d, pers) == -1)
		tk_errx(TK_EXIT_DATA, "ticket %s: the personal part does not "
		    "fit the dossier", tk_json_str(line, "ticket"));
	return d;
}

static int
time_field(json_t *o, const char *key, tk_time *t)
{
	const char *s = tk_json_str(o, key);

	*t = 0;
	return s == NULL || tk_time_parse(s, t) == 0 ? 0 : -1;
}

static int
hex_field(json_t *o, const char *key, size_t len)
{
	const char *s = tk_json_str(o, key);

	return s != NULL && strlen(s) == len &&
	    strspn(s, "0123456789abcdef") == len;
}

/* The parts of an export line that are a dossier's. */
static int
dossier_from_line(json_t *o, json_t *pub, struct tk_link *l, char *err)
{
	json_t *pers = json_object_get(o, "personal");

	l->personal_hash = tk_json_str(o, "personal_hash");
	l->closed_at = json_integer_value(json_object_get(pub, "closed_at"));
	l->archived_at = json_integer_value(json_object_get(pub,
	    "archived_at"));
	if (!hex_field(o, "personal_hash", TK_SHA256_LEN - 1) ||
	    (!json_is_object(pers) && !json_is_null(pers)) ||
	    time_field(o, "erased_at", &l->erased_at) == -1)
		return snprintf(err, TK_ERRLEN, "not a record of an archive "
		    "export");
	return 0;
}

/* An export line as a link; the texts are owned by *keep. */
static int
link_from_line(json_t *o, struct tk_link *l, char **keep, char *err)
{
	json_t *seq = json_object_get(o, "seq"), *kind = json_object_get(o,
	    "kind"), *pub = json_object_get(o, kind != NULL ? "body" :
	    "public"), *pers = json_object_get(o, "personal");

	memset(l, 0, sizeof(*l));
	if (!json_is_object(o))
		return snprintf(err, TK_ERRLEN, "not a record of an archive "
		    "export");
	if (!json_is_integer(seq))
		return snprintf(err, TK_ERRLEN, "seq: not a whole number");
	l->seq = json_integer_value(seq);
	l->kind = json_string_value(kind);
	l->ticket = tk_json_str(o, "ticket");
	l->prev = tk_json_str(o, "prev");
	l->hash = tk_json_str(o, "hash");
	if ((kind != NULL && l->kind == NULL) || !json_is_object(pub) ||
	    !hex_field(o, "prev", TK_SHA256_LEN - 1) ||
	    !hex_field(o, "hash", TK_SHA256_LEN - 1) ||
	    (json_object_get(o, "signature") != NULL &&
	    !hex_field(o, "signature", TK_SIGNATURE_LEN - 1)))
		return snprintf(err, TK_ERRLEN, "not a record of an archive "
		    "export");
	if (l->ticket == NULL || !tk_ticket_id_valid(l->ticket))
		return snprintf(err, TK_ERRLEN, "ticket: not a ticket number");
	if (l->kind != NULL)
		l->closed_at = l->archived_at = json_integer_value(
		    json_object_get(pub, "at"));
	else if (dossier_from_line(o, pub, l, err))
		return 1;
	l->public = keep[0] = tk_json_canonical(pub);
	if (json_is_object(pers))
		l->personal = keep[1] = tk_json_canonical(pers);
	return 0;
}

static void
insert_mark(struct tk_db *a, const struct tk_link *l)
{
	struct tk_stmt *st = tk_db_stmt(a, "INSERT INTO mark(seq, kind,"
	    " ticket, at, body, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " ?7)");

	tk_stmt_int(st, 1, l->seq);
	tk_stmt_text(st, 2, l->kind);
	tk_stmt_text(st, 3, l->ticket);
	tk_stmt_int(st, 4, l->archived_at);
	tk_stmt_text(st, 5, l->public);
	tk_stmt_text(st, 6, l->prev);
	tk_stmt_text(st, 7, l->hash);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: %s: %s", tk_db_path(a), l->ticket,
		    tk_db_errmsg(a));
	if (strcmp(l->kind, "withhold") != 0)
		return;
	/* The withholding as its last mark says: the chain checks it. */
	st = tk_db_stmt(a, "INSERT OR REPLACE INTO withhold(ticket, reason,"
	    " asked_by, asked_at, status, decided_by, decided_at)"
	    " SELECT ?1, json_extract(?2, '$.reason'),"
	    " json_extract(?2, '$.asked_by'), json_extract(?2, '$.asked_at'),"
	    " json_extract(?2, '$.status'), json_extract(?2, '$.decided_by'),"
	    " json_extract(?2, '$.decided_at')");
	tk_stmt_text(st, 1, l->ticket);
	tk_stmt_text(st, 2, l->public);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: %s: %s", tk_db_path(a), l->ticket,
		    tk_db_errmsg(a));
}

static void
insert_signature(struct tk_db *a, int64_t seq, const char *sig)
{
	struct tk_stmt *st = tk_db_stmt(a, "INSERT INTO signature(seq,"
	    " signature) VALUES (?1, ?2)");

	tk_stmt_int(st, 1, seq);
	tk_stmt_text(st, 2, sig);
	tk_stmt_exec(st);
}

static void
store_line(struct tk_db *a, const struct tk_link *l, json_t *o)
{
	json_t *pub = json_object_get(o, l->kind != NULL ? "body" : "public");

	if (l->kind != NULL)
		insert_mark(a, l);
	else {
		insert(a, l);
		insert_redactions(a, l->ticket, l->archived_at,
		    json_object_get(pub, "redactions"));
	}
	if (tk_json_str(o, "signature") != NULL)
		insert_signature(a, l->seq, tk_json_str(o, "signature"));
}

static int
import_line(struct tk_db *a, const char *line, size_t len, int64_t *n,
    char prev[TK_SHA256_LEN], char *err)
{
	char *keep[2] = { NULL, NULL };
	json_error_t jerr;
	struct tk_link l;
	json_t *o;
	int bad;

	if (len == 0 || line[strspn(line, " \t")] == '\0')
		return snprintf(err, TK_ERRLEN, "a blank line");
	if ((o = json_loadb(line, len, 0, &jerr)) == NULL)
		return snprintf(err, TK_ERRLEN, "not JSON: %s", jerr.text);
	if (!(bad = link_from_line(o, &l, keep, err)) &&
	    !(bad = tk_archive_check(&l, *n + 1, prev, err)) &&
	    !(bad = tk_archive_fields(&l, json_object_get(o, l.kind != NULL ?
	    "body" : "public"), err))) {
		store_line(a, &l, o);
		snprintf(prev, TK_SHA256_LEN, "%s", l.hash);
		(*n)++;
	}
	free(keep[0]);
	free(keep[1]);
	json_decref(o);
	return bad;
}

/*
 * An export into an empty archive, all or nothing: the chain checked
 * line by line as in verify, then what the marks say of the rest.
 * Exits 3 naming the first bad line.  A line may be as long as SQLite's
 * longest text.
 */
int64_t
tk_archive_import(struct tk_db *a, struct tk_lines *in)
{
	char prev[TK_SHA256_LEN] = ZERO_HASH, err[TK_ERRLEN], *line;
	int64_t n = 0;
	size_t len;
	int rc;

	tk_db_begin(a);
	if (tk_archive_head(a, prev) != 0)
		tk_errx(TK_EXIT_DATA, "%s: the archive is not empty",
		    tk_db_path(a));
	tk_lines_set_limit(tk_db_max_length(a));
	while ((rc = tk_lines_next(in, &line, &len)) == TK_LINE_OK)
		if (import_line(a, line, len, &n, prev, err)) {
			tk_recerr(tk_lines_source(in), tk_lines_lineno(in),
			    "%s", err);
			exit(TK_EXIT_DATA);
		}
	if (rc == TK_LINE_LONG)
		tk_errx(TK_EXIT_DATA, "%s:%ld: longer than the %zu bytes a "
		    "record may have", tk_lines_source(in),
		    tk_lines_lineno(in), tk_db_max_length(a));
	if (rc != TK_LINE_EOF)
		tk_err(TK_EXIT_TEMP, "%s:%ld: cannot read the line",
		    tk_lines_source(in), tk_lines_lineno(in) + 1);
	if (n == 0)
		tk_errx(TK_EXIT_DATA, "%s: no records: an export has one or "
		    "more", tk_lines_source(in));
	if (tk_archive_state(a, err))
		tk_errx(TK_EXIT_DATA, "%s: %s", tk_lines_source(in), err);
	tk_archive_sign_head(a);
	tk_db_commit(a);
	return n;
}

/*
 * Erases the personal part of every dossier of a ticket closed before
 * the given time; the digest stays, so the chain still holds, and each
 * erasure is a mark.  Returns the records erased, to print once
 * committed.
 */
json_t *
tk_archive_erase(struct tk_db *a, tk_time before, tk_time now)
{
	struct tk_stmt *st = tk_db_stmt(a, "UPDATE dossier SET personal = NULL,"
	    " erased_at = ?2 WHERE closed_at < ?1 AND personal IS NOT NULL"
	    " RETURNING seq, ticket");
	json_t *done = json_array(), *v;
	char when[TK_TIME_LEN];
	size_t i;

	tk_db_begin(a);
	tk_stmt_int(st, 1, before);
	tk_stmt_int(st, 2, now);
	while (tk_stmt_step(st) == TK_ROW)
		tk_jpush(done, json_pack("{s:s, s:I, s:s}",
		    "ticket", tk_stmt_col_text(st, 1), "seq",
		    (json_int_t)tk_stmt_col_int(st, 0), "erased_at",
		    tk_time_format(now, when)));
	tk_stmt_reset(st);
	json_array_foreach(done, i, v)
		mark_erase(a, json_integer_value(json_object_get(v, "seq")),
		    tk_json_str(v, "ticket"), now);
	tk_archive_sign_head(a);
	tk_db_commit(a);
	return done;
}
