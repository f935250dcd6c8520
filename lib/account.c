/*
 * account.c: the accounts people and systems come in with, and their
 * roles (ticket-account(1)).
 *
 * An account belongs to one unit and has one role.  A level-1 unit's
 * accounts are the platform's staff (admin, agent, supervisor, reader); a
 * level-2 or level-3 unit's are that unit's (clerk, reader).  The role is
 * stored as its word; the unit's level says which reader it is, and a
 * role that no longer fits its unit's level (the unit was moved) is no
 * role at all until an administrator gives it one.  An account is never
 * deleted: revoking it keeps the name that events carry.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

const struct tk_role_name tk_roles[TK_NROLES] = {
	[TK_ROLE_ADMIN] = { "admin", "管理员", 1 },
	[TK_ROLE_AGENT] = { "agent", "话务员", 1 },
	[TK_ROLE_SUPERVISOR] = { "supervisor", "督办员", 1 },
	[TK_ROLE_READER] = { "reader", "查阅员", 1 },
	[TK_ROLE_CLERK] = { "clerk", "承办员", 0 },
	[TK_ROLE_UNIT_READER] = { "reader", "查阅员", 0 },
};

/* The role a word names for an account of a unit of this level, or -1. */
int
tk_role_find(const char *word, int level)
{
	int r;

	for (r = 0; r < TK_NROLES; r++)
		if (strcmp(tk_roles[r].word, word) == 0 &&
		    tk_roles[r].platform == (level == 1))
			return r;
	return -1;
}

/* A login is also a Unix user's name (sudo) and half an actor: no '/'. */
int
tk_login_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > TK_LOGIN_MAX || strchr("-.", *s) != NULL ||
	    (*s >= '0' && *s <= '9'))
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-") == n;
}

static void
fill(struct tk_stmt *st, struct tk_account *a)
{
	const char *name;

	memset(a, 0, sizeof(*a));
	snprintf(a->login, sizeof(a->login), "%s", tk_stmt_col_text(st, 0));
	snprintf(a->unit, sizeof(a->unit), "%s", tk_stmt_col_text(st, 1));
	a->level = (int)tk_stmt_col_int(st, 2);
	a->role = tk_role_find(tk_stmt_col_text(st, 3), a->level);
	if ((name = tk_stmt_col_text(st, 4)) != NULL)
		a->name = tk_xstrdup(name);
	a->created_at = tk_stmt_col_int(st, 5);
	a->revoked_at = tk_stmt_col_int(st, 6);
}

#define ACCOUNT_COLS \
	"SELECT a.login, a.unit, u.level, a.role, a.name, a.created_at," \
	" a.revoked_at FROM account a JOIN unit u ON u.code = a.unit"

int
tk_account_get(struct tk_db *db, const char *login, struct tk_account *a)
{
	struct tk_stmt *st = tk_db_stmt(db, ACCOUNT_COLS
	    " WHERE a.login = ?1");
	int rc = -1;

	tk_stmt_text(st, 1, login);
	if (tk_stmt_step(st) == TK_ROW) {
		fill(st, a);
		rc = 0;
	}
	tk_stmt_reset(st);
	return rc;
}

void
tk_account_clear(struct tk_account *a)
{
	free(a->name);
	a->name = NULL;
}

/* Whether an account of unit may have the role word; *role is set. */
int
tk_account_check(struct tk_db *db, const char *unit, const char *word,
    int *role, char why[TK_ERRLEN])
{
	struct tk_unit u;
	int level, active;

	if (tk_unit_get(db, unit, &u) == -1) {
		snprintf(why, TK_ERRLEN, "no such unit \"%s\"", unit);
		return -1;
	}
	level = u.level;
	active = u.active;
	tk_unit_clear(&u);
	if (!active) {
		snprintf(why, TK_ERRLEN, "unit \"%s\" is inactive", unit);
		return -1;
	}
	if ((*role = tk_role_find(word, level)) == -1) {
		snprintf(why, TK_ERRLEN, "no role \"%s\" for a level-%d unit "
		    "(%s)", word, level, level == 1 ?
		    "admin, agent, supervisor or reader" : "clerk or reader");
		return -1;
	}
	return 0;
}

int
tk_account_add(struct tk_db *db, const char *login, const char *unit,
    int role, const char *name, tk_time now, char why[TK_ERRLEN])
{
	struct tk_stmt *st = tk_db_stmt(db, "INSERT INTO account(login, unit,"
	    " role, name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)");

	tk_stmt_text(st, 1, login);
	tk_stmt_text(st, 2, unit);
	tk_stmt_text(st, 3, tk_roles[role].word);
	tk_stmt_text(st, 4, name);
	tk_stmt_int(st, 5, now);
	if (tk_stmt_exec(st) == -1) {
		snprintf(why, TK_ERRLEN, "account \"%s\" exists", login);
		return -1;
	}
	return 0;
}

static int
get_or_say(struct tk_db *db, const char *login, struct tk_account *a,
    char why[TK_ERRLEN])
{
	if (tk_account_get(db, login, a) == 0)
		return 0;
	snprintf(why, TK_ERRLEN, "no such account \"%s\"", login);
	return -1;
}

int
tk_account_set_role(struct tk_db *db, const char *login, const char *word,
    char why[TK_ERRLEN])
{
	struct tk_account a;
	struct tk_stmt *st;
	int role, rc;

	if (get_or_say(db, login, &a, why) == -1)
		return -1;
	rc = tk_account_check(db, a.unit, word, &role, why);
	tk_account_clear(&a);
	if (rc == -1)
		return -1;
	st = tk_db_stmt(db, "UPDATE account SET role = ?2 WHERE login = ?1");
	tk_stmt_text(st, 1, login);
	tk_stmt_text(st, 2, tk_roles[role].word);
	return tk_stmt_exec(st);
}

/* Revoking twice keeps the first moment: the account was gone since. */
int
tk_account_revoke(struct tk_db *db, const char *login, tk_time now,
    char why[TK_ERRLEN])
{
	struct tk_account a;
	struct tk_stmt *st;

	if (get_or_say(db, login, &a, why) == -1)
		return -1;
	tk_account_clear(&a);
	st = tk_db_stmt(db, "UPDATE account SET revoked_at = ?2"
	    " WHERE login = ?1 AND revoked_at IS NULL");
	tk_stmt_text(st, 1, login);
	tk_stmt_int(st, 2, now);
	return tk_stmt_exec(st);
}

/* Every account, or a unit's, in the order of their logins. */
int
tk_account_each(struct tk_db *db, const char *unit, tk_account_cb cb,
    void *arg)
{
	struct tk_stmt *st = tk_db_stmt(db, ACCOUNT_COLS
	    " WHERE ?1 IS NULL OR a.unit = ?1 ORDER BY a.login");
	struct tk_account a;
	int rc = 0;

	tk_stmt_text(st, 1, unit);
	while (rc == 0 && tk_stmt_step(st) == TK_ROW) {
		fill(st, &a);
		rc = cb(&a, arg);
		tk_account_clear(&a);
	}
	tk_stmt_reset(st);
	return rc;
}

/* What the commands take as --actor: the unit, then who in it. */
char *
tk_account_actor(const struct tk_account *a)
{
	char *s;

	tk_xasprintf(&s, "%s/%s", a->unit, a->login);
	return s;
}

json_t *
tk_account_json(struct tk_db *db, const struct tk_account *a)
{
	char when[TK_TIME_LEN];
	json_t *o = json_object();

	if (o == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	tk_jset(o, "login", json_string(a->login));
	tk_jset(o, "unit", json_string(a->unit));
	tk_jset(o, "role", a->role == -1 ? json_null() :
	    json_string(tk_roles[a->role].word));
	tk_jset(o, "name", a->name ? json_string(a->name) : json_null());
	tk_jset(o, "created_at", json_string(tk_time_format(a->created_at,
	    when)));
	tk_jset(o, "revoked_at", a->revoked_at == 0 ? json_null() :
	    json_string(tk_time_format(a->revoked_at, when)));
	tk_jset(o, "keys", tk_key_list(db, a->login));
	return o;
}
