/*
 * tests/unit/kb.c -- TAP tests for lib/kb.c as other commands call it:
 * tk_kb_get for an answer by id (found, valid through its last day,
 * expired, absent), tk_kb_search for suggestions, and tk_kb_json.
 * It works in a database of its own under $TMPDIR, removed at the end.
 * The plan is printed last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ticket.h"

static int ntest;

static const char file[] =
    "id,title,keywords,answer,valid_until\n"
    "GJJ-01,住房公积金租房提取,公积金|租房,按月提取。,2026-03-02\n"
    "GJJ-02,购买二手房提取住房公积金,公积金|二手房,凭购房合同提取。,\n"
    "JT-01,出租车投诉渠道,出租车|投诉,拨打12345。,\n";

static void
ok(int cond, const char *desc)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++ntest, desc);
}

static void
load(struct tk_db *db)
{
	struct tk_lines *l = tk_lines_open_mem("kb.csv", file,
	    sizeof(file) - 1);
	struct tk_kb_list list;
	json_t *changes;

	ok(tk_kb_read(l, &list) == 0 && list.n == 3, "the file reads");
	tk_lines_close(l);
	tk_db_begin(db);
	changes = tk_kb_store(db, &list, 0, 0);
	tk_db_commit(db);
	ok(json_array_size(changes) == 3, "three entries added");
	json_decref(changes);
	tk_kb_list_free(&list);
}

static void
get(struct tk_db *db)
{
	int32_t last = tk_days_from_civil(2026, 3, 2);
	struct tk_kb_entry e;

	ok(tk_kb_get(db, "GJJ-01", last, &e) == 0 &&
	    strcmp(e.answer, "按月提取。") == 0 && e.source == NULL,
	    "get: found, valid on its last day");
	tk_kb_clear(&e);
	ok(tk_kb_get(db, "GJJ-01", last + 1, &e) == -2 &&
	    e.valid_until == last, "get: expired the day after, date given");
	tk_kb_clear(&e);
	ok(tk_kb_get(db, "GJJ-02", INT32_MAX - 1, &e) == 0 &&
	    e.valid_until == TK_KB_NO_END, "get: no end");
	tk_kb_clear(&e);
	ok(tk_kb_get(db, "GJJ-09", last, &e) == -1 && e.id == NULL,
	    "get: none");
	tk_kb_clear(&e);
}

static void
search(struct tk_db *db)
{
	int32_t today = tk_days_from_civil(2026, 3, 3);
	struct tk_kb_list l;
	json_t *o;
	char *s;

	tk_kb_search(db, "咨询公积金租房提取", today, 5, &l);
	ok(l.n == 1 && strcmp(l.v[0].id, "GJJ-02") == 0,
	    "search: the expired entry is left out");
	o = tk_kb_json(&l.v[0]);
	s = json_dumps(o, JSON_COMPACT);
	ok(strcmp(s, "{\"id\":\"GJJ-02\",\"title\":\"购买二手房提取住房公积金\","
	    "\"keywords\":[\"公积金\",\"二手房\"],\"answer\":\"凭购房合同提取。\","
	    "\"source\":null,\"valid_until\":null,\"score\":42}") == 0,
	    "json: the whole entry with its score");
	free(s);
	json_decref(o);
	tk_kb_list_free(&l);
	tk_kb_search(db, "出租车投诉 公积金", today, 1, &l);
	ok(l.n == 1 && strcmp(l.v[0].id, "JT-01") == 0 &&
	    l.v[0].score == 62, "search: the limit keeps the best");
	tk_kb_list_free(&l);
}

int
main(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[256], path[300];
	struct tk_db *db;

	snprintf(dir, sizeof(dir), "%s/kb-unit.XXXXXX", tmp ? tmp : "/tmp");
	if (mkdtemp(dir) == NULL)
		tk_err(1, "mkdtemp");
	snprintf(path, sizeof(path), "%s/t.db", dir);
	tk_setprogname("kb");
	tk_conf_load("/dev/null", 1);
	db = tk_db_open(path);
	load(db);
	get(db);
	search(db);
	tk_db_close(db);
	ok(unlink(path) == 0 && rmdir(dir) == 0, "closed, nothing left but the "
	    "database");
	printf("1..%d\n", ntest);
	return 0;
}
