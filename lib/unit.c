/*
 * unit.c: the network of units (网络单位) as the other stages see it.
 *
 * The platform (level 1) dispatches to level-2 units (district and county
 * governments, park committees, city departments, public-service
 * companies), which may sub-dispatch to their level-3 units (their
 * departments, towns and streets).  The importer (unit-import.c) keeps
 * the table a tree: one active level-1 unit without a parent, every
 * other unit one level below its parent, and no active unit under an
 * inactive one.  A unit with work is never deleted, only made inactive,
 * so every code an assignment names can still be looked up here.
 *
 * A kind says what sort of body a unit is; each fits certain levels.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

#define L(n)	(1 << (n))

const struct tk_unit_kind tk_unit_kinds[] = {
	{ "platform", "热线平台", L(1) },
	{ "district", "区政府", L(2) },
	{ "county", "县政府", L(2) },
	{ "park", "园区管委会", L(2) },
	{ "department", "部门", L(2) | L(3) },
	{ "company", "公共服务企业", L(2) | L(3) },
	{ "street", "街道", L(3) },
	{ "town", "镇", L(3) },
	{ "township", "乡", L(3) },
	{ NULL, NULL, 0 }
};

#define UNIT_COLS \
	"SELECT u.code, u.name, u.level, u.parent, u.kind, u.phone," \
	" u.active, u.updated_at FROM unit u"

const struct tk_unit_kind *
tk_unit_kind(const char *word)
{
	const struct tk_unit_kind *k;

	for (k = tk_unit_kinds; k->word != NULL; k++)
		if (strcmp(k->word, word) == 0)
			return k;
	return NULL;
}

/* Letters, digits, '-' and '_': safe as --actor, in rules and in CSV. */
int
tk_unit_code_ok(const char *s)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_");

	return n > 0 && n <= TK_CODE_MAX && s[n] == '\0';
}

static void
copy_code(char dst[TK_CODE_MAX + 1], const char *src)
{
	snprintf(dst, TK_CODE_MAX + 1, "%s", src != NULL ? src : "");
}

/* A row of UNIT_COLS, copied: the caller clears it. */
static void
fill(struct tk_stmt *st, struct tk_unit *u)
{
	copy_code(u->code, tk_stmt_col_text(st, 0));
	u->name = tk_xstrdup(tk_stmt_col_text(st, 1));
	u->level = (int)tk_stmt_col_int(st, 2);
	copy_code(u->parent, tk_stmt_col_text(st, 3));
	u->kind = tk_xstrdup(tk_stmt_col_text(st, 4));
	u->phone = tk_stmt_col_isnull(st, 5) ? NULL :
	    tk_xstrdup(tk_stmt_col_text(st, 5));
	u->active = (int)tk_stmt_col_int(st, 6);
	u->updated_at = tk_stmt_col_int(st, 7);
}

void
tk_unit_clear(struct tk_unit *u)
{
	free(u->name);
	free(u->kind);
	free(u->phone);
	memset(u, 0, sizeof(*u));
}

/* Returns 0 and fills u when the unit exists, active or not; else -1. */
int
tk_unit_get(struct tk_db *db, const char *code, struct tk_unit *u)
{
	struct tk_stmt *st = tk_db_stmt(db, UNIT_COLS " WHERE u.code = ?1");
	int rc = -1;

	tk_stmt_text(st, 1, code);
	if (tk_stmt_step(st) == TK_ROW) {
		fill(st, u);
		rc = 0;
	}
	tk_stmt_reset(st);
	return rc;
}

/* True when ancestor is the parent of unit or the parent's parent. */
int
tk_unit_is_under(struct tk_db *db, const char *unit, const char *ancestor)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT 1 FROM unit u LEFT JOIN unit p ON p.code = u.parent"
	    " WHERE u.code = ?1 AND (u.parent = ?2 OR p.parent = ?2)");
	int under;

	tk_stmt_text(st, 1, unit);
	tk_stmt_text(st, 2, ancestor);
	under = tk_stmt_step(st) == TK_ROW;
	tk_stmt_reset(st);
	return under;
}

/*
 * The code of the active level-1 unit, or NULL before any units are
 * imported.  The answer stays valid until the next call.
 */
const char *
tk_unit_platform(struct tk_db *db)
{
	static char code[TK_CODE_MAX + 1];
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT code FROM unit WHERE level = 1 AND active = 1");
	const char *found = NULL;

	if (tk_stmt_step(st) == TK_ROW) {
		copy_code(code, tk_stmt_col_text(st, 0));
		found = code;
	}
	tk_stmt_reset(st);
	return found;
}

/*
 * The units a filter passes, in the order of the tree: each unit before
 * its children, brothers by code.  The separator of the path sorts
 * below every character a code may hold.
 */
int
tk_unit_each(struct tk_db *db, const struct tk_unit_filter *f, tk_unit_cb cb,
    void *arg)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "WITH RECURSIVE tree(code, path, depth) AS ("
	    " SELECT code, code, 1 FROM unit WHERE parent IS NULL"
	    " UNION ALL SELECT c.code, tree.path || ' ' || c.code,"
	    " tree.depth + 1 FROM unit c JOIN tree ON c.parent = tree.code"
	    " WHERE tree.depth < 3) "
	    UNIT_COLS " JOIN tree ON tree.code = u.code"
	    " WHERE (?1 = 0 OR u.level = ?1) AND (?2 IS NULL OR u.parent = ?2)"
	    " AND (?3 OR u.active) ORDER BY tree.path");
	struct tk_unit u;
	int rc = 0;

	tk_stmt_int(st, 1, f->level);
	tk_stmt_text(st, 2, f->parent);
	tk_stmt_int(st, 3, f->all);
	while (rc == 0 && tk_stmt_step(st) == TK_ROW) {
		fill(st, &u);
		rc = cb(&u, arg);
		tk_unit_clear(&u);
	}
	tk_stmt_reset(st);
	return rc;
}

json_t *
tk_unit_json(const struct tk_unit *u)
{
	char when[TK_TIME_LEN];
	json_t *o;

	o = json_pack("{s:s, s:s, s:i, s:s?, s:s, s:s?, s:b, s:s}",
	    "code", u->code, "name", u->name, "level", u->level,
	    "parent", *u->parent != '\0' ? u->parent : NULL, "kind", u->kind,
	    "phone", u->phone, "active", u->active,
	    "updated_at", tk_time_format(u->updated_at, when));
	if (o == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	return o;
}

/* The codes of a unit's children, inactive ones too, by code. */
json_t *
tk_unit_children(struct tk_db *db, const char *code)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT code FROM unit WHERE parent = ?1 ORDER BY code");
	json_t *a = json_array();

	tk_stmt_text(st, 1, code);
	while (tk_stmt_step(st) == TK_ROW)
		tk_jpush(a, json_string(tk_stmt_col_text(st, 0)));
	tk_stmt_reset(st);
	return a;
}

/* The open statuses of a ticket, as the JSON array json_each reads. */
static char *
open_statuses(void)
{
	json_t *a = json_array();
	char *s;
	int i;

	for (i = 0; tk_statuses[i].word != NULL; i++)
		if (tk_status_is_open(tk_statuses[i].word))
			tk_jpush(a, json_string(tk_statuses[i].word));
	if ((s = json_dumps(a, JSON_COMPACT)) == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	json_decref(a);
	return s;
}

/*
 * A unit's work in hand: its lead and co assignments on open tickets,
 * counted by assignment status.  A copy (抄告) carries no duty.
 */
json_t *
tk_unit_work(struct tk_db *db, const char *code)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT a.status, count(*) FROM assignment a"
	    " JOIN ticket t ON t.id = a.ticket"
	    " WHERE a.unit = ?1 AND a.role <> 'cc'"
	    " AND t.status IN (SELECT value FROM json_each(?2))"
	    " GROUP BY a.status ORDER BY a.status");
	json_t *o = json_object();
	char *open = open_statuses();

	tk_stmt_text(st, 1, code);
	tk_stmt_text(st, 2, open);
	while (tk_stmt_step(st) == TK_ROW)
		tk_jset(o, tk_stmt_col_text(st, 0),
		    json_integer(tk_stmt_col_int(st, 1)));
	tk_stmt_reset(st);
	free(open);
	return o;
}
