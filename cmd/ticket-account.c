/*
 * ticket-account: the accounts that come in through ticket-shell(1),
 * their roles and their SSH keys.
 *
 * Each change is one transaction, with its row in the audit log (an
 * account is not a ticket: it has no events).  The account is printed
 * after its change has committed.  With
 * --authorized-keys, the service user's authorized_keys file is then
 * written again from the accounts, whole, each active key forcing
 * ticket-shell from this program's own directory with this database:
 * the file is the accounts' and nobody else's.  A failure to write it
 * leaves the change made and the old file in place (exit 4): sync
 * writes it again.  ticket-shell also looks up the account and its key at
 * every connection, so a stale file opens nothing revoked or removed.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

static const char usage[] =
    "usage: ticket-account add login -u unit -r role [-n name] "
    "[-k file | -]\n"
    "       ticket-account ls [-u unit]\n"
    "       ticket-account show login ...\n"
    "       ticket-account key add login file | -\n"
    "       ticket-account key rm login fingerprint ...\n"
    "       ticket-account revoke login ...\n"
    "       ticket-account role login role\n"
    "       ticket-account sync\n"
    "options of every verb: [-K authorized_keys] [-d db] [-N now]\n";

/* The short options, as ticket-account(1) lists them. */
static const char letters[] =
    "K authorized-keys, k key, n name, r role, u unit";

/* A name is shown to people: UTF-8 or a usage error. */
static void
check_name(struct tk_args *g)
{
	size_t bad;

	if (g->name != NULL && tk_utf8_check(g->name, strlen(g->name),
	    &bad) == -1)
		tk_errx(TK_EXIT_USAGE, "--name: not UTF-8");
}

static int
refuse(const char *what, const char *why)
{
	fprintf(stderr, "%s: %s: %s\n", tk_progname(), what, why);
	return TK_EXIT_PARTIAL;
}

static void
print_account(struct tk_db *db, const char *login)
{
	struct tk_account a;
	json_t *o;

	if (tk_account_get(db, login, &a) == -1)
		return;
	o = tk_account_json(db, &a);
	tk_out_json(o);
	json_decref(o);
	tk_account_clear(&a);
}

/* The key lines of a file, one a line; blank and '#' lines skipped. */
static int
add_keys(struct tk_db *db, const char *login, const char *path,
    tk_time now)
{
	char why[TK_ERRLEN], *line;
	struct tk_lines *l;
	size_t len;
	int rc, bad = 0, n = 0;

	if ((l = tk_lines_open(path)) == NULL)
		tk_err(errno == EIO ? TK_EXIT_TEMP : TK_EXIT_DATA, "%s", path);
	while ((rc = tk_lines_next(l, &line, &len)) != TK_LINE_EOF) {
		if (rc == TK_LINE_ERROR)
			tk_err(TK_EXIT_TEMP, "%s", tk_lines_source(l));
		if (rc == TK_LINE_LONG) {
			tk_recerr(tk_lines_source(l), tk_lines_lineno(l),
			    "line too long");
			bad++;
			continue;
		}
		line = tk_trim(line);
		if (*line == '\0' || *line == '#')
			continue;
		n++;
		if (tk_key_add(db, login, line, now, why) == -1) {
			tk_recerr(tk_lines_source(l), tk_lines_lineno(l), "%s",
			    why);
			bad++;
		}
	}
	if (n == 0 && bad == 0) {
		tk_recerr(tk_lines_source(l), tk_lines_lineno(l), "no key");
		bad++;
	}
	tk_lines_close(l);
	return bad ? -1 : 0;
}

static int
write_authkeys(struct tk_args *g, struct tk_db *db)
{
	char why[TK_ERRLEN], dbpath[PATH_MAX], *shell;
	int rc;

	if (g->authkeys == NULL)
		return TK_EXIT_OK;
	if (realpath(tk_db_path(db), dbpath) == NULL)
		tk_err(TK_EXIT_DATA, "%s", tk_db_path(db));
	shell = tk_self_sibling("ticket-shell");
	rc = tk_key_write_authorized(db, g->authkeys, shell, dbpath, why);
	free(shell);
	if (rc == 0)
		return TK_EXIT_OK;
	fprintf(stderr, "%s: %s\n", tk_progname(), why);
	return errno == EINVAL ? TK_EXIT_DATA : TK_EXIT_TEMP;
}

/* What the audit log keeps of a change: the verb and its words. */
static void
audit(struct tk_db *db, struct tk_args *g, const char *verb, int n)
{
	json_t *data = json_pack("{s:s, s:[]}", "change", verb, "logins");
	int i;

	for (i = 0; i < n; i++)
		tk_jpush(json_object_get(data, "logins"),
		    json_string(g->argv[i]));
	tk_store_audit(db, g->o.actor, g->o.now, TK_EV_ACCOUNT, data);
	json_decref(data);
}

/* The change is made whole or not at all; then the file follows it. */
static int
finish(struct tk_db *db, struct tk_args *g, int ok, const char *verb, int n)
{
	int i;

	if (!ok) {
		tk_db_rollback(db);
		return TK_EXIT_PARTIAL;
	}
	audit(db, g, verb, n);
	tk_db_commit(db);
	for (i = 0; i < n; i++)
		print_account(db, g->argv[i]);
	return write_authkeys(g, db);
}

static int
do_add(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	const char *login = g->argv[0];
	char why[TK_ERRLEN];
	int role, ok;

	(void)a;
	if (!tk_login_ok(login))
		tk_errx(TK_EXIT_USAGE, "%s: not a login (letters, digits, "
		    "_ . -, at most %d bytes)", login, TK_LOGIN_MAX);
	tk_db_begin(db);
	ok = tk_account_check(db, g->unit, g->role, &role, why) == 0 &&
	    tk_account_add(db, login, g->unit, role, g->name, g->o.now,
	    why) == 0;
	if (!ok)
		refuse(login, why);
	else if (g->key != NULL)
		ok = add_keys(db, login, g->key, g->o.now) == 0;
	return finish(db, g, ok, "add", 1);
}

static int
ls_one(const struct tk_account *a, void *arg)
{
	json_t *o = tk_account_json(arg, a);

	tk_out_json(o);
	json_decref(o);
	return 0;
}

static int
do_ls(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct tk_unit u;

	(void)a;
	if (g->unit != NULL) {
		if (tk_unit_get(db, g->unit, &u) == -1)
			return refuse(g->unit, "no such unit");
		tk_unit_clear(&u);
	}
	tk_account_each(db, g->unit, ls_one, db);
	return TK_EXIT_OK;
}

static int
do_show(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct tk_account acc;
	int i, rval = TK_EXIT_OK;

	(void)a;
	for (i = 0; i < g->argc; i++) {
		if (tk_account_get(db, g->argv[i], &acc) == -1) {
			rval = refuse(g->argv[i], "no such account");
			continue;
		}
		tk_account_clear(&acc);
		print_account(db, g->argv[i]);
	}
	return rval;
}

static int
do_key_add(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct tk_account acc;
	int ok;

	(void)a;
	tk_db_begin(db);
	if ((ok = tk_account_get(db, g->argv[0], &acc) == 0))
		tk_account_clear(&acc);
	else
		refuse(g->argv[0], "no such account");
	ok = ok && add_keys(db, g->argv[0], g->argv[1], g->o.now) == 0;
	return finish(db, g, ok, "key add", 1);
}

/*
 * Each login (from the first word on) or key (after the login) through
 * change, in one transaction: all of them, or none.
 */
static int
each_word(struct tk_db *db, struct tk_args *g, int from, const char *verb,
    int (*change)(struct tk_db *, struct tk_args *, int, char[TK_ERRLEN]))
{
	char why[TK_ERRLEN];
	int i, ok = 1;

	tk_db_begin(db);
	for (i = from; i < g->argc; i++)
		if (change(db, g, i, why) == -1) {
			refuse(g->argv[from == 0 ? i : 0], why);
			ok = 0;
		}
	return finish(db, g, ok, verb, from == 0 ? g->argc : 1);
}

static int
remove_key(struct tk_db *db, struct tk_args *g, int i, char why[TK_ERRLEN])
{
	return tk_key_rm(db, g->argv[0], g->argv[i], why);
}

static int
revoke(struct tk_db *db, struct tk_args *g, int i, char why[TK_ERRLEN])
{
	return tk_account_revoke(db, g->argv[i], g->o.now, why);
}

static int
do_key_rm(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	(void)a;
	return each_word(db, g, 1, "key rm", remove_key);
}

static int
do_revoke(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	(void)a;
	return each_word(db, g, 0, "revoke", revoke);
}

static int
do_role(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	char why[TK_ERRLEN];
	int ok;

	(void)a;
	tk_db_begin(db);
	if (!(ok = tk_account_set_role(db, g->argv[0], g->argv[1], why) == 0))
		refuse(g->argv[0], why);
	return finish(db, g, ok, "role", 1);
}

static int
do_sync(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	(void)a;
	return write_authkeys(g, db);
}

#define KEYS	"authorized-keys"	/* every verb may rewrite the file */

static const struct tk_verb verbs[] = {
	{ "add", do_add, .takes = "unit role name key " KEYS,
	    .needs = "unit role", .minargs = 1, .maxargs = 1,
	    .check = check_name },
	{ "key add", do_key_add, .takes = KEYS, .minargs = 2, .maxargs = 2 },
	{ "key rm", do_key_rm, .takes = KEYS, .minargs = 2, .maxargs = -1 },
	{ "ls", do_ls, .takes = "unit " KEYS },
	{ "revoke", do_revoke, .takes = KEYS, .minargs = 1, .maxargs = -1 },
	{ "role", do_role, .takes = KEYS, .minargs = 2, .maxargs = 2 },
	{ "show", do_show, .takes = KEYS, .minargs = 1, .maxargs = -1 },
	{ "sync", do_sync, .takes = KEYS, .needs = KEYS },
	{ NULL }
};

TK_VERB_MAIN("ticket-account", usage, letters, verbs)
