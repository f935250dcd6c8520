/*
 * ticket-shell: the gate.  sshd runs it as the forced command of every
 * key in the service user's authorized_keys (ticket-account(1) writes
 * them), and sudo runs it for local staff; it is the only way another
 * person's words reach the tools.
 *
 * It trusts its own arguments (sshd or sudoers fix them), the database
 * and sshd's record of the key used, and nothing the caller chose: the
 * command line is split into words here, no shell ever sees it; only the
 * project's commands run, from this program's directory, with the verbs
 * the account's role has (account-perm.c); the actor, the database and
 * the time are the gate's, so the options and the environment that would
 * set them are refused, and every TICKET_ variable is cleared.  The
 * account and its key are looked up at every connection, so revoking one
 * shuts it at the next.  A refusal is one line on stderr and exit 2, with
 * nothing run.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ticket.h"

extern char **environ;

struct gate {
	const char		*db;
	const char		*command;	/* NULL: $SSH_ORIGINAL_COMMAND */
	const char		*login;
	struct tk_account	 acct;
	char			 fp[TK_FP_LEN];	/* "" when no key is known */
	char			**words;	/* the command line's */
	struct tk_db		*db_h;		/* open through a session */
};

/* What the gate sets itself: given by the caller, it is refused. */
static const struct forbidden {
	const char	*command;	/* NULL for every command */
	char		 opt;		/* the short option, 0 for none */
	const char	*name;		/* the long one */
	const char	*why;
} forbidden[] = {
	{ NULL, 'A', "actor", "the actor is the account" },
	{ NULL, 'd', "db", "the database is the gate's" },
	{ NULL, 'N', "now", "the time is the clock's" },
	{ NULL, 0, "conf", "the settings are the service's" },
	{ "ticket-archive", 'a', "archive", "the archive is the gate's" },
};

/* Long options of a command that begin a forbidden name: getopt_long
 * takes an exact name before an abbreviation. */
static const struct exact {
	const char	*command;
	const char	*name;
} exact[] = {
	{ "ticket-route", "co" },
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ticket-shell [-d db] [-c command] [login]\n");
	exit(status);
}

static void __attribute__((noreturn))
refuse(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: refused: ", tk_progname());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(TK_EXIT_USAGE);
}

static int
applies(const struct forbidden *f, const char *command)
{
	return f->command == NULL || strcmp(f->command, command) == 0;
}

static int
is_exact(const char *command, const char *name, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(exact) / sizeof(exact[0]); i++)
		if (strcmp(exact[i].command, command) == 0 &&
		    strlen(exact[i].name) == n &&
		    strncmp(exact[i].name, name, n) == 0)
			return 1;
	return 0;
}

/*
 * A long option is refused when its name could be a forbidden one's
 * abbreviation; a cluster of short ones when any letter in it is one
 * (a letter after one that takes an argument is not an option, but the
 * gate does not know the command's options: it refuses rather than
 * guess).  A word that is some option's argument is checked the same way.
 */
static void
check_word(const char *command, const char *w)
{
	const struct forbidden *f;
	size_t i, n;

	if (w[0] != '-' || w[1] == '\0' || strcmp(w, "--") == 0)
		return;
	for (i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++) {
		f = &forbidden[i];
		if (!applies(f, command))
			continue;
		if (w[1] == '-') {
			n = strcspn(w + 2, "=");
			if (n > 0 && strncmp(f->name, w + 2, n) == 0 &&
			    !is_exact(command, w + 2, n))
				refuse("%.*s: %s", (int)n + 2, w, f->why);
		} else if (f->opt != 0 && strchr(w + 1, f->opt) != NULL)
			refuse("%s%s-%c (--%s): %s", w[2] ? w : "",
			    w[2] ? ": " : "", f->opt, f->name, f->why);
	}
}

static void
parse(struct gate *g, int argc, char *argv[])
{
	int ch;

	/* '+': the first operand ends the options, as sudoers expects. */
	while ((ch = getopt(argc, argv, "+c:d:hV")) != -1) {
		switch (ch) {
		case 'c':
		case 'd':
			if ((ch == 'c' ? g->command : g->db) != NULL)
				tk_errx(TK_EXIT_USAGE, "-%c given twice", ch);
			*(ch == 'c' ? &g->command : &g->db) = optarg;
			break;
		case 'h': usage(TK_EXIT_OK);
		case 'V':
			printf("%s %s\n", tk_progname(), TK_VERSION);
			exit(tk_shut(TK_EXIT_OK));
		default: usage(TK_EXIT_USAGE);
		}
	}
	if (argc - optind > 1)
		usage(TK_EXIT_USAGE);
	if (g->db == NULL)
		g->db = "tickets.db";
}

/* sudo names who ran it; sshd's forced command names the login. */
static void
find_login(struct gate *g, char *operand)
{
	const char *sudo = getenv("SUDO_USER");

	if (operand != NULL && sudo != NULL && *sudo != '\0' &&
	    strcmp(operand, sudo) != 0)
		refuse("%s: not the login sudo names (%s)", operand, sudo);
	if ((g->login = operand) == NULL && (g->login = sudo) == NULL)
		tk_errx(TK_EXIT_USAGE, "no login: name one, or come through "
		    "sudo");
	if (!tk_login_ok(g->login))
		refuse("%s: not a login", g->login);
}

/* Every TICKET_ variable goes: the gate says who, where and when. */
static void
clear_env(void)
{
	char **e, *name;
	size_t n;

	for (e = environ; *e != NULL; ) {
		if (strncmp(*e, "TICKET_", 7) != 0) {
			e++;
			continue;
		}
		n = strcspn(*e, "=");
		name = tk_xstrndup(*e, n);
		unsetenv(name);		/* environ shifts down */
		free(name);
	}
	/* It would make the verb come after options the user wrote. */
	unsetenv("POSIXLY_CORRECT");
}

/* With ExposeAuthInfo, sshd names the key in $SSH_USER_AUTH. */
static void
find_key(struct gate *g, struct tk_db *db)
{
	const char *path = getenv("SSH_USER_AUTH");
	char why[TK_ERRLEN], fp[TK_FP_LEN], *line, *norm;
	struct tk_lines *l;
	size_t len;
	int rc;

	if (path == NULL || *path == '\0')
		return;
	if ((l = tk_lines_open(path)) == NULL)
		refuse("SSH_USER_AUTH: %s: %s", path, strerror(errno));
	while (g->fp[0] == '\0' &&
	    (rc = tk_lines_next(l, &line, &len)) == TK_LINE_OK) {
		if (strncmp(line, "publickey ", 10) != 0 ||
		    tk_key_parse(line + 10, &norm, fp, why) == -1)
			continue;
		free(norm);
		if (tk_key_of(db, g->login, fp))
			memcpy(g->fp, fp, sizeof(fp));
	}
	tk_lines_close(l);
	if (g->fp[0] == '\0')
		refuse("%s: the key used is not one of the account's",
		    g->login);
}

static void
find_account(struct gate *g, struct tk_db *db)
{
	char when[TK_TIME_LEN];
	struct tk_unit u;
	int active;

	if (tk_account_get(db, g->login, &g->acct) == -1)
		refuse("%s: no such account", g->login);
	if (g->acct.revoked_at != 0)
		refuse("%s: the account was revoked at %s", g->login,
		    tk_time_format(g->acct.revoked_at, when));
	if (g->acct.role == -1)
		refuse("%s: the account's role does not fit unit \"%s\"",
		    g->login, g->acct.unit);
	active = tk_unit_get(db, g->acct.unit, &u) == 0 && u.active;
	if (active)
		tk_unit_clear(&u);
	else
		refuse("%s: unit \"%s\" is inactive", g->login, g->acct.unit);
	find_key(g, db);
}

/* Without a command: what the account may run. */
static int
print_may(struct gate *g)
{
	json_t *o = json_object();

	if (o == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	tk_jset(o, "login", json_string(g->acct.login));
	tk_jset(o, "unit", json_string(g->acct.unit));
	tk_jset(o, "role", json_string(tk_roles[g->acct.role].word));
	tk_jset(o, "commands", tk_perm_of_role(g->acct.role));
	tk_out_json(o);
	json_decref(o);
	tk_account_clear(&g->acct);
	return tk_shut(TK_EXIT_OK);
}

/* The words, checked; the row they name. */
static const struct tk_perm *
check_words(struct gate *g, char **words, int *nverb)
{
	const struct tk_perm *p;
	char why[TK_ERRLEN];
	int i;

	if (strchr(words[0], '=') != NULL)
		refuse("%s: no environment settings", words[0]);
	if ((p = tk_perm_find(words, nverb, why)) == NULL)
		refuse("%s", why);
	if (!tk_perm_allows(p, g->acct.role))
		refuse("%s%s%s: not for the role %s of unit \"%s\"",
		    p->command, *p->verb ? " " : "", p->verb,
		    tk_roles[g->acct.role].word, g->acct.unit);
	for (i = 1; words[i] != NULL; i++)
		check_word(words[0], words[i]);
	return p;
}

/* The command from this directory, with the gate's actor and database. */
static void __attribute__((noreturn))
run(struct gate *g, char **words, const struct tk_perm *p, int nverb)
{
	char **argv, *path, *actor;
	int n, i, k = 0;

	for (n = 0; words[n] != NULL; n++)
		continue;
	argv = tk_xmalloc((n + 7) * sizeof(*argv));
	path = tk_self_sibling(words[0]);
	actor = tk_account_actor(&g->acct);
	argv[k++] = words[0];
	argv[k++] = "--actor";
	argv[k++] = actor;
	argv[k++] = "--db";
	argv[k++] = (char *)g->db;
	/* A verb left out is put in: the command then sees no other. */
	if (nverb == 0 && *p->verb != '\0')
		argv[k++] = (char *)p->verb;
	for (i = 1; i < n; i++)
		argv[k++] = words[i];
	argv[k] = NULL;
	clear_env();
	if (setenv("TICKET_LOGIN", g->login, 1) == -1 || (g->fp[0] != '\0' &&
	    setenv("TICKET_KEY_FP", g->fp, 1) == -1) ||
	    (g->acct.role != TK_ROLE_ADMIN &&
	    setenv("TICKET_STDIN_ONLY", "1", 1) == -1))
		tk_err(TK_EXIT_TEMP, "setenv");
	fflush(NULL);
	execv(path, argv);
	tk_err(errno == ENOENT ? TK_EXIT_DATA : TK_EXIT_TEMP, "%s", path);
}

/* The command line's words, checked, run: never returns. */
static void __attribute__((noreturn))
act(struct gate *g)
{
	const struct tk_perm *p;
	char why[TK_ERRLEN];
	int nverb;

	if (g->command != NULL &&
	    (g->words = tk_shellwords(g->command, why)) == NULL)
		refuse("%s", why);
	if (g->words == NULL || g->words[0] == NULL) {
		tk_free_words(g->words);
		exit(print_may(g));
	}
	p = check_words(g, g->words, &nverb);
	run(g, g->words, p, nverb);
}

/* Before each request of a session: revoking shuts it at the next. */
static void
recheck(void *ctx)
{
	struct gate *g = ctx;

	tk_account_clear(&g->acct);
	g->fp[0] = '\0';
	find_account(g, g->db_h);
}

static void __attribute__((noreturn))
serve_one(void *ctx, char *line)
{
	struct gate *g = ctx;

	g->command = line;
	act(g);
}

static int
is_session(const char *command)
{
	char why[TK_ERRLEN], **w;
	int yes;

	if (command == NULL || (w = tk_shellwords(command, why)) == NULL)
		return 0;
	yes = w[0] != NULL && strcmp(w[0], "session") == 0 && w[1] == NULL;
	tk_free_words(w);
	return yes;
}

int
main(int argc, char *argv[])
{
	/* Static: what a refusal's exit leaves allocated is still held. */
	static struct gate g;
	int status;

	tk_setprogname("ticket-shell");
	parse(&g, argc, argv);
	find_login(&g, argc > optind ? argv[optind] : NULL);
	if (g.command == NULL)
		g.command = getenv("SSH_ORIGINAL_COMMAND");
	clear_env();
	tk_conf_load(NULL, 0);
	g.db_h = tk_db_open(g.db);
	find_account(&g, g.db_h);
	if (!is_session(g.command)) {
		tk_db_close(g.db_h);
		act(&g);
	}
	status = tk_session_serve(0, 1, recheck, serve_one, &g);
	tk_account_clear(&g.acct);
	tk_db_close(g.db_h);
	return tk_shut(status);
}
