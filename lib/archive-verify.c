/*
 * archive-verify.c: the archive checked whole (ticket-archive(1) verify).
 *
 * The chain is recomputed record by record (archive.c), each record's
 * columns held to its hashed JSON (so a ticket number, a closing or
 * archiving time changed in its column alone is caught), and then what
 * the chain says of the other tables: a dossier's redaction log is the
 * one its public part carries, a personal part is gone exactly when an
 * erasure mark says so and at its time, and each withholding is what
 * its last mark says.  With the main database at hand, each stub there
 * names the record of its ticket, number and hash, and each dossier has
 * its stub: a record removed from the end is caught there, or by a head
 * published earlier (archive-sign.c).
 */
#include <sys/stat.h>

#include <stdlib.h>
#include <string.h>

#include "sql.h"

#define ZERO_HASH \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* A record's columns are what its JSON says; non-zero with err if not. */
int
tk_archive_fields(const struct tk_link *l, json_t *j, char *err)
{
	const char *t = l->kind != NULL ? tk_json_str(j, "ticket") :
	    json_string_value(tk_json_path(j, "ticket.id"));
	json_int_t a = json_integer_value(json_object_get(j, l->kind != NULL ?
	    "at" : "archived_at"));

	if (t == NULL || strcmp(t, l->ticket) != 0)
		return snprintf(err, TK_ERRLEN, "record %lld (ticket %s) was "
		    "renamed: its contents are of ticket %s", (long long)l->seq,
		    l->ticket, t != NULL ? t : "(none)");
	if (l->kind != NULL ? strcmp(l->kind, tk_json_str(j, "kind") ?
	    tk_json_str(j, "kind") : "") != 0 || a != l->archived_at :
	    a != l->archived_at || l->closed_at != json_integer_value(
	    json_object_get(j, "closed_at")))
		return snprintf(err, TK_ERRLEN, "record %lld (ticket %s) was "
		    "changed: its %s not the one it was hashed with",
		    (long long)l->seq, l->ticket, l->kind != NULL ?
		    "kind or time is" : "closing or archiving time is");
	return 0;
}

/* The redaction log of a dossier, as its public part carries it; one
 * written before the log was carried has nothing to hold it to. */
static int
redactions(struct tk_db *a, const struct tk_link *l, json_t *pub, char *err)
{
	json_t *want = json_object_get(pub, "redactions"), *have;
	int same;

	if (want == NULL)
		return 0;
	have = tk_db_rows(a, "SELECT path, kind, offset, length"
	    " FROM redaction WHERE ticket = ?1 ORDER BY id", l->ticket);
	same = json_equal(want, have);
	json_decref(have);
	return same ? 0 : snprintf(err, TK_ERRLEN, "record %lld (ticket %s): "
	    "its redaction log was changed", (long long)l->seq, l->ticket);
}

static int
one(struct tk_db *a, const struct tk_link *l, int64_t want,
    const char *prev, char *err)
{
	json_t *j;
	int bad;

	if ((bad = tk_archive_check(l, want, prev, err)))
		return bad;
	if ((j = json_loads(l->public, 0, NULL)) == NULL)
		return snprintf(err, TK_ERRLEN, "record %lld (ticket %s): not "
		    "JSON", (long long)l->seq, l->ticket);
	if (!(bad = tk_archive_fields(l, j, err)) && l->kind == NULL)
		bad = redactions(a, l, j, err);
	json_decref(j);
	return bad;
}

/* A personal part is gone when, and only when, an erasure says so. */
static int
erasures(struct tk_db *a, char *err)
{
	struct tk_stmt *st = tk_db_stmt(a, "SELECT d.seq, d.ticket,"
	    " d.personal IS NULL, m.seq IS NOT NULL FROM dossier d"
	    " LEFT JOIN mark m ON m.kind = 'erase' AND m.ticket = d.ticket"
	    " WHERE (d.personal IS NULL) != (m.seq IS NOT NULL)"
	    " OR d.erased_at IS NOT m.at ORDER BY d.seq LIMIT 1");
	int bad = 0;

	if (tk_stmt_step(st) == TK_ROW)
		bad = snprintf(err, TK_ERRLEN, "record %lld (ticket %s): %s",
		    (long long)tk_stmt_col_int(st, 0), tk_stmt_col_text(st, 1),
		    tk_stmt_col_int(st, 2) && !tk_stmt_col_int(st, 3) ?
		    "its personal part is gone, but no erasure was recorded" :
		    !tk_stmt_col_int(st, 2) && tk_stmt_col_int(st, 3) ?
		    "its erasure was recorded, but its personal part is there" :
		    "its erasure time is not the one recorded");
	tk_stmt_reset(st);
	return bad;
}

/* Each withholding is what its last mark says, and each mark's has a
 * row. */
static int
withholdings(struct tk_db *a, char *err)
{
	json_t *rows = tk_db_rows(a, "SELECT * FROM withhold WHERE ?1 IS NULL"
	    " ORDER BY ticket", NULL), *marks = tk_db_rows(a, "SELECT ticket,"
	    " body FROM mark WHERE seq IN (SELECT max(seq) FROM mark"
	    " WHERE kind = 'withhold' AND ?1 IS NULL GROUP BY ticket)"
	    " ORDER BY ticket", NULL), *r, *m, *body;
	const char *t = NULL;
	size_t i;

	json_array_foreach(rows, i, r) {
		m = json_array_get(marks, i);
		body = m != NULL ? json_loads(tk_json_str(m, "body"), 0,
		    NULL) : NULL;
		json_object_del(body, "kind");
		json_object_del(body, "at");
		if (t == NULL && !json_equal(body, r))
			t = tk_json_str(r, "ticket");
		json_decref(body);
	}
	if (t == NULL && json_array_size(marks) > json_array_size(rows))
		t = tk_json_str(json_array_get(marks, i), "ticket");
	if (t != NULL)
		snprintf(err, TK_ERRLEN, "the withholding of ticket %s is not "
		    "the one its marks record", t);
	json_decref(rows);
	json_decref(marks);
	return t != NULL;
}

/* What the chain says of the archive's other tables, checked. */
int
tk_archive_state(struct tk_db *a, char *err)
{
	struct tk_stmt *st;
	int bad;

	if ((bad = erasures(a, err)) || (bad = withholdings(a, err)))
		return bad;
	st = tk_db_stmt(a, "SELECT ticket FROM redaction WHERE ticket"
	    " NOT IN (SELECT ticket FROM dossier) AND ?1 IS NULL LIMIT 1");
	tk_stmt_text(st, 1, NULL);
	if (tk_stmt_step(st) == TK_ROW)
		bad = snprintf(err, TK_ERRLEN, "the redaction log names ticket "
		    "%s, which has no record", tk_stmt_col_text(st, 0));
	tk_stmt_reset(st);
	return bad;
}

/* One pair of the walk over both files in ticket order: -1, 0, 1 as
 * the main database's stub, both, or the archive's record comes first. */
static int
order(struct tk_stmt *m, int mrow, struct tk_stmt *d, int drow)
{
	int c;

	if (!mrow || !drow)
		return mrow ? -1 : 1;
	c = strcmp(tk_stmt_col_text(m, 0), tk_stmt_col_text(d, 0));
	return c < 0 ? -1 : c > 0;
}

static int
stub_differs(struct tk_stmt *m, struct tk_stmt *d, char *err)
{
	const char *h = tk_stmt_col_text(m, 2);

	if (tk_stmt_col_int(m, 1) == tk_stmt_col_int(d, 1) && h != NULL &&
	    strcmp(h, tk_stmt_col_text(d, 2)) == 0)
		return 0;
	return snprintf(err, TK_ERRLEN, "record %lld (ticket %s) is not the "
	    "one its stub in the main database names (record %lld, hash %s)",
	    (long long)tk_stmt_col_int(d, 1), tk_stmt_col_text(d, 0),
	    (long long)tk_stmt_col_int(m, 1), h != NULL ? h : "none");
}

/* Every stub against its record, both read in ticket order. */
static int
stubs(struct tk_db *a, struct tk_db *db, char *err)
{
	struct tk_stmt *m = tk_db_stmt(db, "SELECT id,"
	    " json_extract(extra, '$.archive.seq'),"
	    " json_extract(extra, '$.archive.hash') FROM ticket"
	    " WHERE status = 'archived' ORDER BY id"),
	    *d = tk_db_stmt(a, "SELECT ticket, seq, hash FROM dossier"
	    " ORDER BY ticket");
	int mrow = tk_stmt_step(m) == TK_ROW, drow = tk_stmt_step(d) == TK_ROW;
	int bad = 0, c;

	while (!bad && (mrow || drow)) {
		if ((c = order(m, mrow, d, drow)) < 0)
			bad = snprintf(err, TK_ERRLEN, "ticket %s was archived "
			    "as record %lld, which the archive does not have",
			    tk_stmt_col_text(m, 0),
			    (long long)tk_stmt_col_int(m, 1));
		else if (c > 0)
			bad = snprintf(err, TK_ERRLEN, "record %lld (ticket %s) "
			    "has no stub in the main database",
			    (long long)tk_stmt_col_int(d, 1),
			    tk_stmt_col_text(d, 0));
		else
			bad = stub_differs(m, d, err);
		if (c <= 0)
			mrow = tk_stmt_step(m) == TK_ROW;
		if (c >= 0)
			drow = tk_stmt_step(d) == TK_ROW;
	}
	tk_stmt_reset(m);
	tk_stmt_reset(d);
	return bad;
}

/* The main database, when there is one to hold the archive to. */
static int
against_main(struct tk_db *a, const char *path, char *err)
{
	struct tk_db *db;
	struct stat sb;
	int bad;

	if (path == NULL || stat(path, &sb) == -1 || sb.st_size == 0)
		return 0;
	db = tk_db_open_ro(path, tk_migrations);
	bad = stubs(a, db, err);
	tk_db_close(db);
	return bad;
}

/*
 * Recomputes the whole chain and checks the rest against it, and the
 * main database's stubs when main names a file that is there.  Returns
 * the count and the last hash, or NULL with err naming the first thing
 * that was changed, removed or reordered.
 */
json_t *
tk_archive_verify(struct tk_db *a, const char *main, char err[TK_ERRLEN])
{
	struct tk_stmt *st = tk_db_stmt(a, TK_CHAIN " ORDER BY seq");
	char prev[TK_SHA256_LEN] = ZERO_HASH;
	struct tk_link l;
	int64_t n = 0;
	int bad = 0;

	while (!bad && tk_stmt_step(st) == TK_ROW) {
		tk_link_from_row(st, &l);
		if (!(bad = one(a, &l, n + 1, prev, err))) {
			snprintf(prev, sizeof(prev), "%s", l.hash);
			n++;
		}
	}
	tk_stmt_reset(st);
	if (!bad && !(bad = tk_archive_state(a, err)))
		bad = against_main(a, main, err);
	return bad ? NULL : json_pack("{s:I, s:s}", "records", (json_int_t)n,
	    "head", prev);
}
