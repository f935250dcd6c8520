/*
 * ticket-account: the accounts that come in through ticket-shell(1),
 * their roles and their SSH keys.
 *
 * Each change is one transaction and writes no event: accounts are not
 * tickets.  The account is printed after its change has committed.  With
 * --authorized-keys, the service user's authorized_keys file is then
 * written again from the accounts, whole, each active key forcing
 * ticket-shell from this program's own directory with this database:
 * the file is the accounts' and nobody else's.  A failure to write it
 * leaves the change made and the old file in place (exit 4): sync
 * writes it again.  ticket-shell also looks up the account and its key at
 * every connection, so a stale file opens nothing revoked or removed.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

/* Options of the verbs, as bits: each verb says which it takes. */
enum { O_UNIT = 1, O_ROLE = 2, O_NAME = 4, O_KEY = 8 };

struct run {
	struct tk_opts	 o;
	const char	*unit, *role, *name, *key;
	const char	*authkeys;	/* NULL: the file is not written */
	int		 given;
};

struct verb {
	const char	*word;		/* "key add": two words */
	int		 opts, need;
	int		 minargs, maxargs;
	int		(*fn)(struct run *, struct tk_db *, char **, int);
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ticket-account add login -u unit -r role [-n name] "
	    "[-k file | -]\n"
	    "       ticket-account ls [-u unit]\n"
	    "       ticket-account show login ...\n"
	    "       ticket-account key add login file | -\n"
	    "       ticket-account key rm login fingerprint ...\n"
	    "       ticket-account revoke login ...\n"
	    "       ticket-account role login role\n"
	    "       ticket-account sync\n"
	    "options of every verb: [-K authorized_keys] [-d db] [-N now]\n");
	exit(status);
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
write_authkeys(struct run *r, struct tk_db *db)
{
	char why[TK_ERRLEN], dbpath[PATH_MAX], *shell;
	int rc;

	if (r->authkeys == NULL)
		return TK_EXIT_OK;
	if (realpath(tk_db_path(db), dbpath) == NULL)
		tk_err(TK_EXIT_DATA, "%s", tk_db_path(db));
	shell = tk_self_sibling("ticket-shell");
	rc = tk_key_write_authorized(db, r->authkeys, shell, dbpath, why);
	free(shell);
	if (rc == 0)
		return TK_EXIT_OK;
	fprintf(stderr, "%s: %s\n", tk_progname(), why);
	return errno == EINVAL ? TK_EXIT_DATA : TK_EXIT_TEMP;
}

/* The change is made whole or not at all; then the file follows it. */
static int
finish(struct run *r, struct tk_db *db, int ok, char **logins, int n)
{
	int i;

	if (!ok) {
		tk_db_rollback(db);
		return TK_EXIT_PARTIAL;
	}
	tk_db_commit(db);
	for (i = 0; i < n; i++)
		print_account(db, logins[i]);
	return write_authkeys(r, db);
}

static int
do_add(struct run *r, struct tk_db *db, char **args, int nargs)
{
	char why[TK_ERRLEN];
	int role, ok;

	(void)nargs;
	if (!tk_login_ok(args[0]))
		tk_errx(TK_EXIT_USAGE, "%s: not a login (letters, digits, "
		    "_ . -, at most %d bytes)", args[0], TK_LOGIN_MAX);
	tk_db_begin(db);
	ok = tk_account_check(db, r->unit, r->role, &role, why) == 0 &&
	    tk_account_add(db, args[0], r->unit, role, r->name, r->o.now,
	    why) == 0;
	if (!ok)
		refuse(args[0], why);
	else if (r->key != NULL)
		ok = add_keys(db, args[0], r->key, r->o.now) == 0;
	return finish(r, db, ok, args, 1);
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
do_ls(struct run *r, struct tk_db *db, char **args, int nargs)
{
	struct tk_unit u;

	(void)args;
	(void)nargs;
	if (r->unit != NULL) {
		if (tk_unit_get(db, r->unit, &u) == -1)
			return refuse(r->unit, "no such unit");
		tk_unit_clear(&u);
	}
	tk_account_each(db, r->unit, ls_one, db);
	return TK_EXIT_OK;
}

static int
do_show(struct run *r, struct tk_db *db, char **args, int nargs)
{
	struct tk_account a;
	int i, rval = TK_EXIT_OK;

	(void)r;
	for (i = 0; i < nargs; i++) {
		if (tk_account_get(db, args[i], &a) == -1) {
			rval = refuse(args[i], "no such account");
			continue;
		}
		tk_account_clear(&a);
		print_account(db, args[i]);
	}
	return rval;
}

static int
do_key_add(struct run *r, struct tk_db *db, char **args, int nargs)
{
	struct tk_account a;
	int ok;

	(void)nargs;
	tk_db_begin(db);
	if ((ok = tk_account_get(db, args[0], &a) == 0))
		tk_account_clear(&a);
	else
		refuse(args[0], "no such account");
	ok = ok && add_keys(db, args[0], args[1], r->o.now) == 0;
	return finish(r, db, ok, args, 1);
}

static int
do_key_rm(struct run *r, struct tk_db *db, char **args, int nargs)
{
	char why[TK_ERRLEN];
	int i, ok = 1;

	tk_db_begin(db);
	for (i = 1; i < nargs; i++)
		if (tk_key_rm(db, args[0], args[i], why) == -1) {
			refuse(args[0], why);
			ok = 0;
		}
	return finish(r, db, ok, args, 1);
}

static int
do_revoke(struct run *r, struct tk_db *db, char **args, int nargs)
{
	char why[TK_ERRLEN];
	int i, ok = 1;

	tk_db_begin(db);
	for (i = 0; i < nargs; i++)
		if (tk_account_revoke(db, args[i], r->o.now, why) == -1) {
			refuse(args[i], why);
			ok = 0;
		}
	return finish(r, db, ok, args, nargs);
}

static int
do_role(struct run *r, struct tk_db *db, char **args, int nargs)
{
	char why[TK_ERRLEN];
	int ok;

	(void)nargs;
	tk_db_begin(db);
	if (!(ok = tk_account_set_role(db, args[0], args[1], why) == 0))
		refuse(args[0], why);
	return finish(r, db, ok, args, 1);
}

static int
do_sync(struct run *r, struct tk_db *db, char **args, int nargs)
{
	(void)args;
	(void)nargs;
	if (r->authkeys == NULL)
		tk_errx(TK_EXIT_USAGE, "sync: needs --authorized-keys");
	return write_authkeys(r, db);
}

static const struct verb verbs[] = {
	{ "add", O_UNIT | O_ROLE | O_NAME | O_KEY, O_UNIT | O_ROLE, 1, 1,
	    do_add },
	{ "key add", 0, 0, 2, 2, do_key_add },
	{ "key rm", 0, 0, 2, -1, do_key_rm },
	{ "ls", O_UNIT, 0, 0, 0, do_ls },
	{ "revoke", 0, 0, 1, -1, do_revoke },
	{ "role", 0, 0, 2, 2, do_role },
	{ "show", 0, 0, 1, -1, do_show },
	{ "sync", 0, 0, 0, 0, do_sync },
};

static const struct option longopts[] = {
	TK_COMMON_LONGOPTS,
	{ "authorized-keys", required_argument,	NULL,	'K' },
	{ "key",	required_argument,	NULL,	'k' },
	{ "name",	required_argument,	NULL,	'n' },
	{ "role",	required_argument,	NULL,	'r' },
	{ "unit",	required_argument,	NULL,	'u' },
	{ NULL,		0,			NULL,	0 }
};

static void
parse(struct run *r, int argc, char *argv[])
{
	size_t bad;
	int ch;

	while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS "K:k:n:r:u:",
	    longopts, NULL)) != -1) {
		if (tk_opts_common(&r->o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'K': r->authkeys = optarg; break;
		case 'k': r->key = optarg; r->given |= O_KEY; break;
		case 'n': r->name = optarg; r->given |= O_NAME; break;
		case 'r': r->role = optarg; r->given |= O_ROLE; break;
		case 'u': r->unit = optarg; r->given |= O_UNIT; break;
		default: usage(TK_EXIT_USAGE);
		}
	}
	if (r->name != NULL && tk_utf8_check(r->name, strlen(r->name),
	    &bad) == -1)
		tk_errx(TK_EXIT_USAGE, "--name: not UTF-8");
}

/* The verb the first words name, and what it accepts; usage() otherwise. */
static const struct verb *
find_verb(const struct run *r, char **words, int nwords, int *nverb)
{
	const struct verb *v;
	size_t i, n;
	int nargs;

	for (i = 0; nwords > 0 && i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		v = &verbs[i];
		n = strcspn(v->word, " ");
		if (strncmp(words[0], v->word, n) != 0 || words[0][n] != '\0')
			continue;
		*nverb = v->word[n] == '\0' ? 1 : 2;
		if (*nverb == 2 && (nwords < 2 ||
		    strcmp(words[1], v->word + n + 1) != 0))
			continue;
		nargs = nwords - *nverb;
		if ((r->given & ~v->opts) != 0 || (v->need & ~r->given) != 0 ||
		    nargs < v->minargs || (v->maxargs != -1 &&
		    nargs > v->maxargs))
			break;
		return v;
	}
	usage(TK_EXIT_USAGE);
}

int
main(int argc, char *argv[])
{
	struct run r;
	const struct verb *v;
	struct tk_db *db;
	int rval, nverb;

	memset(&r, 0, sizeof(r));
	tk_opts_init(&r.o, "ticket-account");
	parse(&r, argc, argv);
	v = find_verb(&r, argv + optind, argc - optind, &nverb);
	db = tk_db_open(r.o.db);
	rval = v->fn(&r, db, argv + optind + nverb, argc - optind - nverb);
	tk_db_close(db);
	return tk_shut(rval);
}
