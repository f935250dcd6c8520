/*
 * tests/unit/ckpt.c -- TAP tests for intake's checkpoints on a thread
 * (lib/db-ckpt.c): the log is copied and starts again while a writer
 * commits all along, so it stays short; a reader holding an old
 * snapshot keeps the log from starting again, without stopping the
 * writer, and once it lets go the log is short again; every row is
 * kept, and the database is whole.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "sql.h"

#define PAGES	64	/* the log's length that starts a copy */
#define ROWS	8	/* rows of a commit, a page each */

static int ntest;
static long long ncommits;

static void
ok(int cond, const char *desc)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++ntest, desc);
}

static sqlite3 *
open_db(const char *path)
{
	sqlite3 *h;

	if (sqlite3_open(path, &h) != SQLITE_OK ||
	    sqlite3_exec(h, "PRAGMA journal_mode = WAL;"
	    "PRAGMA synchronous = FULL", NULL, NULL, NULL) != SQLITE_OK)
		tk_errx(1, "%s: cannot open", path);
	return h;
}

static void
run(sqlite3 *h, const char *sql)
{
	if (sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
		tk_errx(1, "%s: %s", sql, sqlite3_errmsg(h));
}

static long long
count(sqlite3 *h, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		tk_errx(1, "%s: %s", sql, sqlite3_errmsg(h));
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* n commits of ROWS rows; the longest the log grew, in bytes. */
static long long
commits(sqlite3 *h, const char *wal, int n)
{
	struct stat sb;
	long long longest = 0;
	int i;

	for (i = 0; i < n; i++) {
		run(h, "BEGIN; WITH r(k) AS (SELECT 1 UNION ALL SELECT k + 1"
		    " FROM r WHERE k < 8) INSERT INTO t SELECT zeroblob(3000)"
		    " FROM r; COMMIT");
		ncommits++;
		if (stat(wal, &sb) == 0 && sb.st_size > longest)
			longest = sb.st_size;
	}
	return longest;
}

/*
 * Commits until the log is shorter than bound, at most n times: the
 * thread first copies what a reader held, as fast as the disk goes.
 */
static int
until_short(sqlite3 *h, const char *wal, long long bound, int n)
{
	while (n-- > 0)
		if (commits(h, wal, 1) < bound)
			return 1;
	return 0;
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[256], path[300], wal[310];
	struct tk_ckpt *c;
	sqlite3 *w, *r;
	long long bound = 16LL * PAGES * 4096;

	snprintf(dir, sizeof(dir), "%s/ckpt-unit.XXXXXX", tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		tk_err(1, "mkdtemp");
	snprintf(path, sizeof(path), "%s/t.db", dir);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	w = open_db(path);
	/* A log that started again is cut back at its first commit, so
	 * its file's size is how long it is; SQLite's own checkpoints are
	 * off, so only the thread's keep it short. */
	run(w, "PRAGMA journal_size_limit = 0; PRAGMA wal_autocheckpoint = 0;"
	    "CREATE TABLE t(b BLOB)");
	ok((c = tk_db_ckpt_start(w, path, PAGES)) != NULL,
	    "the checkpointer starts");
	ok(commits(w, wal, 300) < bound,
	    "300 commits of 8 pages: the log stays short");

	r = open_db(path);
	run(r, "BEGIN");
	ok(count(r, "SELECT count(*) FROM t") == ncommits * ROWS,
	    "a reader's snapshot holds every row");
	ok(commits(w, wal, 300) >= bound,
	    "the reader holds the log: it grows, the writer goes on");
	run(r, "COMMIT");
	ok(until_short(w, wal, bound, 5000) && commits(w, wal, 100) < bound,
	    "the reader let go: the log starts again, and stays short");
	ok(count(r, "SELECT count(*) FROM t") == ncommits * ROWS,
	    "another connection reads every row");
	sqlite3_close(r);

	tk_db_ckpt_stop(w, c);
	ok(count(w, "SELECT count(*) FROM t") == ncommits * ROWS,
	    "stopped: the writer reads every row");
	sqlite3_close(w);
	ok(access(wal, F_OK) == -1, "closed: the log is gone");
	w = open_db(path);
	ok(count(w, "SELECT count(*) FROM t") == ncommits * ROWS &&
	    count(w, "SELECT count(*) FROM pragma_integrity_check"
	    " WHERE integrity_check != 'ok'") == 0,
	    "opened again: every row kept, the database whole");
	sqlite3_close(w);
	unlink(path);
	rmdir(dir);
	printf("1..%d\n", ntest);
	return 0;
}
