/*
 * tests/unit/unit.c -- TAP tests for lib/unit.c: what routing asks of
 * the network of units.
 *
 * A small network, one branch of it inactive, is imported into a new
 * database in a temporary directory; lookups, ancestry and the platform
 * are checked against it, before and after.  The plan is printed last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ticket.h"

static const char network[] =
    "code,name,level,parent,kind,phone,active\n"
    "platform,热线,1,,platform,,1\n"
    "JB,江北区,2,platform,district,0518-1,1\n"
    "JB-BA,北岸街道,3,JB,street,,1\n"
    "JN,江南区,2,platform,district,,0\n"
    "JN-WC,文昌街道,3,JN,street,,0\n";

static int ntest;

static void
ok(int cond, const char *desc)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++ntest, desc);
}

static void
import(struct tk_db *db)
{
	struct tk_lines *l = tk_lines_open_mem("network", network,
	    sizeof(network) - 1);
	json_t *changes;

	tk_db_begin(db);
	changes = tk_unit_import(db, l, 0);
	tk_db_commit(db);
	ok(json_array_size(changes) == 5, "import: five units added");
	json_decref(changes);
	tk_lines_close(l);
}

static void
test_get(struct tk_db *db)
{
	struct tk_unit u;

	ok(tk_unit_get(db, "JB-BA", &u) == 0 && strcmp(u.code, "JB-BA") == 0
	    && strcmp(u.name, "北岸街道") == 0 && u.level == 3 &&
	    strcmp(u.parent, "JB") == 0 && strcmp(u.kind, "street") == 0 &&
	    u.phone == NULL && u.active == 1, "get: a level-3 unit");
	tk_unit_clear(&u);
	ok(tk_unit_get(db, "platform", &u) == 0 && u.parent[0] == '\0' &&
	    u.level == 1, "get: the platform has no parent");
	tk_unit_clear(&u);
	ok(tk_unit_get(db, "JB", &u) == 0 && u.phone != NULL &&
	    strcmp(u.phone, "0518-1") == 0, "get: the duty phone");
	tk_unit_clear(&u);
	ok(tk_unit_get(db, "JN-WC", &u) == 0 && u.active == 0,
	    "get: an inactive unit too");
	tk_unit_clear(&u);
	ok(tk_unit_get(db, "NOPE", &u) == -1, "get: an unknown code");
}

static void
test_under(struct tk_db *db)
{
	ok(tk_unit_is_under(db, "JB-BA", "JB"), "under its parent");
	ok(tk_unit_is_under(db, "JB-BA", "platform"), "under its grandparent");
	ok(tk_unit_is_under(db, "JB", "platform"), "level 2 under level 1");
	ok(!tk_unit_is_under(db, "JB", "JB"), "not under itself");
	ok(!tk_unit_is_under(db, "JB", "JB-BA"), "not under its child");
	ok(!tk_unit_is_under(db, "JB-BA", "JN"), "not under another branch");
	ok(!tk_unit_is_under(db, "platform", "platform"),
	    "the platform is under nothing");
	ok(!tk_unit_is_under(db, "NOPE", "platform"), "an unknown unit");
}

static void
test_words(void)
{
	ok(tk_unit_code_ok("a") && tk_unit_code_ok("JB-BA_2") &&
	    tk_unit_code_ok("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"),
	    "codes: letters, digits, '-', '_', up to 32");
	ok(!tk_unit_code_ok("") && !tk_unit_code_ok("JB 1") &&
	    !tk_unit_code_ok("江北") &&
	    !tk_unit_code_ok("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"),
	    "codes: not empty, blanks, other letters, 33 characters");
	ok(tk_unit_kind("street") != NULL &&
	    tk_unit_kind("street")->levels == 1 << 3 &&
	    tk_unit_kind("department")->levels == (1 << 2 | 1 << 3),
	    "kinds and their levels");
	ok(tk_unit_kind("village") == NULL, "an unknown kind");
}

int
main(void)
{
	char dir[] = "/tmp/ticket-unit.XXXXXX", path[64];
	struct tk_db *db;

	tk_setprogname("unit");
	if (mkdtemp(dir) == NULL)
		tk_err(1, "mkdtemp");
	snprintf(path, sizeof(path), "%s/t.db", dir);
	db = tk_db_open(path);
	ok(tk_unit_platform(db) == NULL, "no platform before an import");
	import(db);
	ok(tk_unit_platform(db) != NULL &&
	    strcmp(tk_unit_platform(db), "platform") == 0, "the platform");
	test_get(db);
	test_under(db);
	test_words();
	tk_db_close(db);
	unlink(path);
	rmdir(dir);
	printf("1..%d\n", ntest);
	return 0;
}
