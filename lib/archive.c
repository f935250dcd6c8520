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

/* A record of the chain as stored, exported and imported. */
struct link {
	int64_t		 seq;
	const char	*ticket, *public, *personal, *personal_hash;
	const char	*prev, *hash;
	tk_time		 closed_at, archived_at, erased_at;	/* 0: none */
};

static void
insert(struct tk_db *a, const struct link *l)
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

/* The chain's next record, in the archive's own transaction. */
static void
append(struct tk_db *a, struct record *r, json_t *d, const char *personal,
    json_t *redactions)
{
	struct record last;
	struct link l;
	char prev[TK_SHA256_LEN] = ZERO_HASH;

	tk_db_begin(a);
	if (record_get(a, LAST_RECORD, NULL, &last))
		memcpy(prev, last.hash, sizeof(prev));
	r->seq = last.seq + 1;
	record_free(&last);
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
static void
move(struct tk_mover *mv, const char *id)
{
	struct record have, r;
	json_t *d, *red, *where;
	char *personal = NULL;
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
		append(mv->arch, &r, d, personal, red);
	where = json_pack("{s:s, s:I, s:s}", "file", tk_db_path(mv->arch),
	    "seq", (json_int_t)r.seq, "hash", r.hash);
	tk_dossier_strip(mv->main, d, where, mv->actor, mv->now);
	tk_attach_archive(mv, d);
	json_decref(where);
	json_decref(red);
	json_decref(d);
	free(personal);
	record_free(&r);
	record_free(&have);
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

static void
moved(struct tk_mover *mv, const char *id, tk_ticket_cb cb, void *arg)
{
	json_t *t = tk_store_load(mv->main, id, 0);

	cb(t, arg);
	json_decref(t);
}

/* The archive's last record, when a run stopped before the main
 * database let go of its ticket. */
static void
recover(struct tk_mover *mv, tk_ticket_cb cb, void *arg)
{
	struct record last;
	char *status = NULL;

	if (!record_get(mv->arch, LAST_RECORD, NULL, &last))
		return;
	tk_db_begin(mv->main);
	status = first_col(mv->main, "SELECT status FROM ticket"
	    " WHERE id = ?1 AND ?2 = 0", last.ticket, 0);
	if (status != NULL && strcmp(status, "archived") != 0) {
		move(mv, last.ticket);
		tk_db_commit(mv->main);
		moved(mv, last.ticket, cb, arg);
	} else
		tk_db_rollback(mv->main);
	free(status);
	record_free(&last);
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
	char *id;

	recover(mv, cb, arg);
	for (;;) {
		tk_db_begin(mv->main);
		if ((id = first_col(mv->main, "SELECT id FROM ticket"
		    " WHERE status IN " FINISHED " AND updated_at <= ?2"
		    " AND ?1 IS NULL ORDER BY updated_at, id LIMIT 1", NULL,
		    mv->now - days * 86400)) == NULL)
			break;
		move(mv, id);
		tk_db_commit(mv->main);
		moved(mv, id, cb, arg);
		free(id);
		n++;
	}
	tk_db_rollback(mv->main);
	return n;
}

/*
 * One record checked against itself and the one before it (its hash
 * prev, its number want).  Non-zero, with err naming the record, when it
 * was changed, or one before it removed, or records were reordered.
 */
static int
check(const struct link *l, int64_t want, const char *prev, char *err)
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

static void
link_from_row(struct tk_stmt *st, struct link *l)
{
	memset(l, 0, sizeof(*l));
	l->seq = tk_stmt_col_int(st, 0);
	l->ticket = tk_stmt_col_text(st, 1);
	l->public = tk_stmt_col_text(st, 2);
	l->personal = tk_stmt_col_text(st, 3);
	l->personal_hash = tk_stmt_col_text(st, 4);
	l->prev = tk_stmt_col_text(st, 5);
	l->hash = tk_stmt_col_text(st, 6);
}

/*
 * Recomputes the whole chain.  Returns the count and the last hash, or
 * NULL with err naming the first record that was changed, removed or
 * reordered.  A record removed from the end leaves no trace in the
 * chain itself: keep the head this prints somewhere else to catch that.
 */
json_t *
tk_archive_verify(struct tk_db *a, char err[TK_ERRLEN])
{
	struct tk_stmt *st = tk_db_stmt(a, "SELECT seq, ticket, public,"
	    " personal, personal_hash, prev, hash FROM dossier ORDER BY seq");
	char prev[TK_SHA256_LEN] = ZERO_HASH;
	int64_t n = 0;
	int bad = 0;

	struct link l;

	while (!bad && tk_stmt_step(st) == TK_ROW) {
		link_from_row(st, &l);
		if (!(bad = check(&l, n + 1, prev, err))) {
			snprintf(prev, sizeof(prev), "%s", l.hash);
			n++;
		}
	}
	tk_stmt_reset(st);
	return bad ? NULL : json_pack("{s:I, s:s}", "records", (json_int_t)n,
	    "head", prev);
}

static json_t *
export_line(struct tk_stmt *st)
{
	const char *pers = tk_stmt_col_text(st, 3);
	char when[TK_TIME_LEN];
	json_t *o;

	o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:o}",
	    "seq", (json_int_t)tk_stmt_col_int(st, 0),
	    "ticket", tk_stmt_col_text(st, 1),
	    "prev", tk_stmt_col_text(st, 5), "hash", tk_stmt_col_text(st, 6),
	    "personal_hash", tk_stmt_col_text(st, 4),
	    "public", json_loads(tk_stmt_col_text(st, 2), 0, NULL),
	    "personal", pers != NULL ? json_loads(pers, 0, NULL) :
	    json_null());
	if (o == NULL)
		tk_errx(TK_EXIT_DATA, "record %lld: not JSON",
		    (long long)tk_stmt_col_int(st, 0));
	if (!tk_stmt_col_isnull(st, 7))
		tk_jset(o, "erased_at", json_string(tk_time_format(
		    tk_stmt_col_int(st, 7), when)));
	return o;
}

/* The records of tickets closed in [from, until), or one ticket's. */
int
tk_archive_each(struct tk_db *a, const char *ticket, tk_time from,
    tk_time until, tk_ticket_cb cb, void *arg)
{
	struct tk_stmt *st = tk_db_stmt(a, "SELECT seq, ticket, public,"
	    " personal, personal_hash, prev, hash, erased_at FROM dossier"
	    " WHERE (?1 IS NULL OR ticket = ?1) AND closed_at >= ?2"
	    " AND closed_at < ?3 ORDER BY seq");
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

/* An export line as a link; the texts are owned by *keep. */
static int
link_from_line(json_t *o, struct link *l, char **keep, char *err)
{
	json_t *pub = json_object_get(o, "public"),
	    *pers = json_object_get(o, "personal");

	memset(l, 0, sizeof(*l));
	l->seq = json_integer_value(json_object_get(o, "seq"));
	l->prev = tk_json_str(o, "prev");
	l->hash = tk_json_str(o, "hash");
	l->personal_hash = tk_json_str(o, "personal_hash");
	l->ticket = json_string_value(tk_json_path(pub, "ticket.id"));
	l->closed_at = json_integer_value(json_object_get(pub, "closed_at"));
	l->archived_at = json_integer_value(json_object_get(pub,
	    "archived_at"));
	if (!json_is_object(pub) || l->prev == NULL || l->hash == NULL ||
	    l->personal_hash == NULL || l->ticket == NULL ||
	    (!json_is_object(pers) && !json_is_null(pers)) ||
	    time_field(o, "erased_at", &l->erased_at) == -1)
		return snprintf(err, TK_ERRLEN, "not a record of an archive "
		    "export");
	l->public = keep[0] = tk_json_canonical(pub);
	if (json_is_object(pers))
		l->personal = keep[1] = tk_json_canonical(pers);
	return 0;
}

static int
import_line(struct tk_db *a, const char *line, size_t len, int64_t *n,
    char prev[TK_SHA256_LEN], char *err)
{
	char *keep[2] = { NULL, NULL };
	json_error_t jerr;
	struct link l;
	json_t *o;
	int bad;

	if ((o = json_loadb(line, len, 0, &jerr)) == NULL)
		return snprintf(err, TK_ERRLEN, "not JSON: %s", jerr.text);
	if (!(bad = link_from_line(o, &l, keep, err)) &&
	    !(bad = check(&l, *n + 1, prev, err))) {
		insert(a, &l);
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
 * line by line as in verify.  Exits 3 naming the first bad line.
 */
int64_t
tk_archive_import(struct tk_db *a, struct tk_lines *in)
{
	char prev[TK_SHA256_LEN] = ZERO_HASH, err[TK_ERRLEN], *line;
	struct record last;
	int64_t n = 0;
	size_t len;
	int rc;

	tk_db_begin(a);
	if (record_get(a, LAST_RECORD, NULL, &last))
		tk_errx(TK_EXIT_DATA, "%s: the archive is not empty",
		    tk_db_path(a));
	while ((rc = tk_lines_next(in, &line, &len)) == TK_LINE_OK)
		if (import_line(a, line, len, &n, prev, err)) {
			tk_recerr(tk_lines_source(in), tk_lines_lineno(in),
			    "%s", err);
			exit(TK_EXIT_DATA);
		}
	if (rc != TK_LINE_EOF)
		tk_errx(rc == TK_LINE_LONG ? TK_EXIT_DATA : TK_EXIT_TEMP,
		    "%s:%ld: cannot read the line", tk_lines_source(in),
		    tk_lines_lineno(in));
	tk_db_commit(a);
	return n;
}

/*
 * Erases the personal part of every dossier of a ticket closed before
 * the given time; the digest stays, so the chain still holds.  Returns
 * the records erased, to print once committed.
 */
json_t *
tk_archive_erase(struct tk_db *a, tk_time before, tk_time now)
{
	struct tk_stmt *st = tk_db_stmt(a, "UPDATE dossier SET personal = NULL,"
	    " erased_at = ?2 WHERE closed_at < ?1 AND personal IS NOT NULL"
	    " RETURNING seq, ticket");
	json_t *done = json_array();
	char when[TK_TIME_LEN];

	tk_db_begin(a);
	tk_stmt_int(st, 1, before);
	tk_stmt_int(st, 2, now);
	while (tk_stmt_step(st) == TK_ROW)
		tk_jpush(done, json_pack("{s:s, s:I, s:s}",
		    "ticket", tk_stmt_col_text(st, 1), "seq",
		    (json_int_t)tk_stmt_col_int(st, 0), "erased_at",
		    tk_time_format(now, when)));
	tk_stmt_reset(st);
	tk_db_commit(a);
	return done;
}
