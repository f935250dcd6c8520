/*
 * tests/unit/sync.c -- TAP tests for intake's log syncs (lib/db-vfs.c):
 * on a bulk connection a commit hands its sync to the syncer and returns
 * a mark later than the last one's; settling on a mark returns once that
 * sync is done; another connection reads every commit whole meanwhile.
 * A plain connection syncs in place: its marks are 0.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sql.h"

static int ntest;

static void
ok(int cond, const char *desc)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++ntest, desc);
}

/* One transaction writing one row; the commit's mark. */
static unsigned long
commit_one(struct tk_db *db, int day)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "INSERT INTO id_seq(day, last) VALUES (?1, 1)");

	tk_db_begin(db);
	tk_stmt_int(st, 1, day);
	if (tk_stmt_exec(st) == -1)
		tk_errx(1, "insert: %s", tk_db_errmsg(db));
	tk_db_commit(db);
	return tk_db_sync_mark(db);
}

static int64_t
rows(struct tk_db *db)
{
	struct tk_stmt *st = tk_db_stmt(db, "SELECT count(*) FROM id_seq");
	int64_t n = -1;

	if (tk_stmt_step(st) == TK_ROW)
		n = tk_stmt_col_int(st, 0);
	tk_stmt_reset(st);
	return n;
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[256], path[300];
	struct tk_db *bulk, *plain;
	unsigned long m1, m2, m3;

	snprintf(dir, sizeof(dir), "%s/sync-unit.XXXXXX", tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		tk_err(1, "mkdtemp");
	snprintf(path, sizeof(path), "%s/t.db", dir);
	tk_conf_load("/dev/null", 1);
	bulk = tk_db_open_bulk(path);
	plain = tk_db_open(path);
	m1 = commit_one(bulk, 1);
	m2 = commit_one(bulk, 2);
	m3 = commit_one(bulk, 3);
	ok(m1 > 0 && m2 > m1 && m3 > m2,
	    "bulk: each commit's sync is handed over, each a later mark");
	ok(rows(plain) == 3, "another connection reads every commit");
	ok(tk_db_settled(bulk, m2) == 0 && tk_db_settled(bulk, m3) == 0,
	    "bulk: settling on a mark, the syncs up to it are done");
	ok(commit_one(plain, 4) == 0, "a plain connection syncs in place");
	ok(commit_one(bulk, 5) > m3 && rows(plain) == 5,
	    "bulk: a commit after another connection's, read whole");
	tk_db_close(plain);
	tk_db_close(bulk);
	plain = tk_db_open(path);
	ok(rows(plain) == 5, "closed: every commit kept");
	tk_db_close(plain);
	unlink(path);
	rmdir(dir);
	printf("1..%d\n", ntest);
	return 0;
}
