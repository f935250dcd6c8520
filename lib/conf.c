/*
 * conf.c: the administrator's settings.
 *
 * One file of "key = value" lines ('#' starts a comment), read once at
 * start: $TICKET_CONF, else the system file, which may be absent.  Every
 * key the tools know is in the table below with its default, so an
 * unknown key is a typo and stops the command (exit 3) rather than being
 * silently ignored.  A few settings also have an environment variable,
 * which wins over the file, and a command's option wins over both; each
 * setting remembers where its value came from, for ticket-admin config.
 */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

#ifndef TK_SYSCONFDIR
#define TK_SYSCONFDIR "/usr/local/etc"
#endif

enum kind { NUMBER, TEXT, ZONE, CLOCK, PREFIX, YESNO, SCALE, CATEGORIES };

struct setting {
	const char	*key;
	enum kind	 kind;
	const char	*def;
	char		*value;
};

/* The settings an environment variable may give, over the file. */
static const struct {
	const char	*key, *var;
} environ_keys[] = {
	{ "archive", "TICKET_ARCHIVE" },
	{ "db", "TICKET_DB" },
	{ "screening", "TICKET_SCREENING" },
};

static const char *conf_path;	/* the file read, or NULL for none */

static struct setting settings[] = {
	/* The archive database; empty: beside the database (ticket(7)). */
	{ "archive",		TEXT,	"",		NULL },
	{ "archive.days",	NUMBER,	"30",		NULL },
	/* The log of the archive's published heads, JSON lines; empty for
	 * none.  ticket-admin check and restore hold the archive to it. */
	{ "archive.heads",	TEXT,	"",		NULL },
	/* The platform's private key, which signs the archive's heads;
	 * empty: heads are not signed. */
	{ "archive.key",	TEXT,	"",		NULL },
	{ "archive.personal_years", NUMBER, "3",	NULL },
	/* An attachment's size, at most: 20 MiB. */
	{ "attachment.max_bytes", NUMBER, "20971520",	NULL },
	{ "backup.dir",		TEXT,	"",		NULL },
	{ "backup.keep",	NUMBER,	"14",		NULL },
	{ "busy_timeout",	NUMBER,	"60",		NULL },
	{ "callback.attempts",	NUMBER,	"3",		NULL },
	{ "callback.repeat_days", NUMBER, "30",		NULL },
	{ "callback.sms_resolved", YESNO, "no",		NULL },
	{ "callback.sms_sign",	TEXT,	"12345热线",	NULL },
	{ "city",		TEXT,	"",		NULL },
	{ "clock_start",	CLOCK,	"dispatch",	NULL },
	{ "db",			TEXT,	"tickets.db",	NULL },
	{ "id_prefix",		PREFIX,	"",		NULL },
	{ "limit.complaint",	NUMBER,	"15",		NULL },
	{ "limit.consultation",	NUMBER,	"2",		NULL },
	{ "limit.contact",	NUMBER,	"1",		NULL },
	{ "limit.help",		NUMBER,	"5",		NULL },
	{ "limit.report",	NUMBER,	"15",		NULL },
	{ "limit.suggestion",	NUMBER,	"5",		NULL },
	{ "max_record",		NUMBER,	"1048576",	NULL },
	/* 1: PRAGMA quick_check at every open of a database. */
	{ "quick_check",	NUMBER,	"0",		NULL },
	/* The city's 考核办法 (ticket-report(1), FORMULAS): which orders
	 * each figure counts, and the score. */
	{ "report.contact_categories", CATEGORIES, "help",	NULL },
	{ "report.count_returns", YESNO, "no",		NULL },
	{ "report.count_uncallable", YESNO, "no",	NULL },
	{ "report.count_unresolved", YESNO, "no",	NULL },
	{ "report.deduct.flag",	NUMBER,	"0",		NULL },
	{ "report.deduct.red",	NUMBER,	"0",		NULL },
	{ "report.deduct.yellow", NUMBER, "0",		NULL },
	{ "report.reply_contact", YESNO, "yes",		NULL },
	{ "report.scale",	SCALE,	"100",		NULL },
	{ "report.score_co",	YESNO,	"yes",		NULL },
	/* The weighted score of ticket-report units: shares of 100. */
	{ "report.weight.callback", NUMBER, "10",		NULL },
	{ "report.weight.ontime", NUMBER, "30",		NULL },
	{ "report.weight.resolution", NUMBER, "15",	NULL },
	{ "report.weight.response", NUMBER, "10",		NULL },
	{ "report.weight.satisfaction", NUMBER, "25",	NULL },
	{ "report.weight.sign",	NUMBER,	"10",		NULL },
	{ "screening",		TEXT,	TK_SYSCONFDIR "/ticket/screening.csv",
	    NULL },
	{ "yellow_days",	NUMBER,	"1",		NULL },
	{ "zone",		ZONE,	"+08:00",	NULL },
};

#define NSETTINGS	(sizeof(settings) / sizeof(settings[0]))

/* Where each setting's value came from, by its index in the table. */
static struct origin {
	enum tk_conf_from from;
	long		 line;		/* in the file, for TK_CONF_FILE */
	int		 load;		/* which reading of a file set it */
} origins[NSETTINGS];
static int loads;		/* files read so far: one may be read again */


static struct setting *
find(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (strcmp(settings[i].key, key) == 0)
			return &settings[i];
	return NULL;
}

/* Category words, one space between, each once at most. */
static int
categories_ok(const char *v)
{
	char word[32];
	const char *p = v;
	size_t n;

	while (*p != '\0') {
		n = strcspn(p, " ");
		if (n == 0 || n >= sizeof(word))
			return -1;
		memcpy(word, p, n);
		word[n] = '\0';
		if (tk_enum_find(tk_categories, word) == -1 ||
		    strstr(p + n, word) != NULL)
			return -1;
		p += n + (p[n] == ' ');
	}
	return 0;
}

static int
check_value(const struct setting *s, const char *v)
{
	char *end;
	long n;
	int off;

	switch (s->kind) {
	case NUMBER:
		errno = 0;
		n = strtol(v, &end, 10);
		return *v != '\0' && *end == '\0' && errno == 0 && n >= 0 ?
		    0 : -1;
	case ZONE:
		return tk_zone_parse(v, &off);
	case CLOCK:
		return strcmp(v, "dispatch") == 0 || strcmp(v, "sign") == 0 ?
		    0 : -1;
	case PREFIX:
		/* Letters, digits, '-' and '_': a number needs no quoting. */
		return strlen(v) <= 16 && strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "abcdefghijklmnopqrstuvwxyz0123456789-_") == strlen(v) ?
		    0 : -1;
	case YESNO:
		return strcmp(v, "yes") == 0 || strcmp(v, "no") == 0 ? 0 : -1;
	case SCALE:
		return strcmp(v, "100") == 0 || strcmp(v, "150") == 0 ? 0 : -1;
	case CATEGORIES:
		return categories_ok(v);
	case TEXT:
		break;
	}
	return 0;
}

/* Parses one line; returns -1 after naming what is wrong. */
static int
conf_line(const char *path, long lineno, char *line)
{
	struct setting *s;
	struct origin *o;
	char *eq, *key, *val;
	size_t bad;

	if ((eq = strchr(line, '#')) != NULL)
		*eq = '\0';
	key = tk_trim(line);
	if (*key == '\0')
		return 0;
	if ((eq = strchr(key, '=')) == NULL) {
		tk_recerr(path, lineno, "expected \"key = value\"");
		return -1;
	}
	*eq = '\0';
	key = tk_trim(key);
	val = tk_trim(eq + 1);
	if ((s = find(key)) == NULL) {
		tk_recerr(path, lineno, "unknown setting \"%s\"", key);
		return -1;
	}
	/* Checked here, not when a command sends it in an SMS and fails. */
	if (tk_utf8_check(val, strlen(val), &bad) == -1) {
		tk_recerr(path, lineno, "%s: not UTF-8 (byte %zu of its value)",
		    key, bad + 1);
		return -1;
	}
	if (check_value(s, val) == -1) {
		tk_recerr(path, lineno, "bad value \"%s\" for %s", val, key);
		return -1;
	}
	/* Two values for one key: which one the writer meant is a guess. */
	o = &origins[s - settings];
	if (o->from == TK_CONF_FILE && o->load == loads) {
		tk_recerr(path, lineno, "%s is set twice (first on line %ld)",
		    key, o->line);
		return -1;
	}
	free(s->value);
	s->value = tk_xstrdup(val);
	o->from = TK_CONF_FILE;
	o->line = lineno;
	o->load = loads;
	return 0;
}

/*
 * Loads path, or $TICKET_CONF, or the system file when that exists.
 * A file named by the user must exist.  Exits 3 on any bad line.
 */
int
tk_conf_load(const char *path, int required)
{
	FILE *fp;
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0;
	int bad = 0, off;

	if (path == NULL && (path = getenv("TICKET_CONF")) != NULL &&
	    *path != '\0')
		required = 1;
	else if (path == NULL || *path == '\0')
		path = TK_SYSCONFDIR "/ticket/ticket.conf";
	if ((fp = fopen(path, "r")) == NULL) {
		if (required || errno != ENOENT)
			tk_err(TK_EXIT_DATA, "%s", path);
	} else {
		loads++;
		while (getline(&line, &cap, fp) != -1)
			bad |= conf_line(path, ++lineno, line);
		free(line);
		if (ferror(fp))
			tk_err(TK_EXIT_TEMP, "%s", path);
		fclose(fp);
		if (bad)
			tk_errx(TK_EXIT_DATA, "%s: bad settings", path);
		conf_path = path;
	}
	tk_zone_parse(tk_conf_get("zone"), &off);
	tk_zone_set(off);
	return 0;
}

static const char *
environ_var(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(environ_keys) / sizeof(environ_keys[0]); i++)
		if (strcmp(environ_keys[i].key, key) == 0)
			return environ_keys[i].var;
	return NULL;
}

/* The value in force, and where it came from: option, environment,
 * file, default, in that order. */
static const char *
resolve(const struct setting *s, enum tk_conf_from *from)
{
	const char *var, *v;

	*from = origins[s - settings].from;
	if (*from == TK_CONF_OPTION)
		return s->value;
	if ((var = environ_var(s->key)) != NULL &&
	    (v = getenv(var)) != NULL && *v != '\0') {
		*from = TK_CONF_ENV;
		return v;
	}
	return s->value != NULL ? s->value : s->def;
}

static struct setting *
must_find(const char *key)
{
	struct setting *s;

	if ((s = find(key)) == NULL)
		tk_errx(TK_EXIT_DATA, "internal: unknown setting %s", key);
	return s;
}

const char *
tk_conf_get(const char *key)
{
	enum tk_conf_from from;

	return resolve(must_find(key), &from);
}

long
tk_conf_long(const char *key)
{
	return strtol(tk_conf_get(key), NULL, 10);
}

/* A command's option over the file and the environment. */
void
tk_conf_set(const char *key, const char *value)
{
	struct setting *s = must_find(key);

	free(s->value);
	s->value = tk_xstrdup(value);
	origins[s - settings].from = TK_CONF_OPTION;
}

enum tk_conf_from
tk_conf_from(const char *key)
{
	enum tk_conf_from from;

	resolve(must_find(key), &from);
	return from;
}

const char *
tk_conf_file(void)
{
	return conf_path;
}

/*
 * Every setting in force: key, value, from (default, file, environment,
 * option) and where in the file or which variable.
 */
json_t *
tk_conf_list(void)
{
	static const char *const words[] = { "default", "file", "environment",
	    "option" };
	enum tk_conf_from from;
	const char *v;
	json_t *all = json_array(), *o;
	char *where;
	size_t i;

	for (i = 0; i < NSETTINGS; i++) {
		v = resolve(&settings[i], &from);
		o = json_pack("{s:s, s:s, s:s}", "key", settings[i].key,
		    "value", v, "from", words[from]);
		if (o == NULL)
			tk_errx(TK_EXIT_DATA, "%s: not UTF-8", settings[i].key);
		if (from == TK_CONF_FILE) {
			tk_xasprintf(&where, "%s:%ld", conf_path,
			    origins[i].line);
			tk_jset(o, "where", json_string(where));
			free(where);
		} else if (from == TK_CONF_ENV)
			tk_jset(o, "where", json_string(environ_var(
			    settings[i].key)));
		tk_jpush(all, o);
	}
	return all;
}
