/*
 * ticket-sla: deadlines, the working-day calendar, extensions and
 * supervision.
 *
 * due answers "when is this due?" for one start time given by flags, or
 * for every JSON line read, each printed back with due_at added; workdays
 * counts working days; calendar import and calendar ls keep the calendar
 * those answers come from.  The calendar and the limits are read once
 * per run, so a file of a million questions is answered in one process.
 * extend, approve and deny act on orders as ticket-route's verbs do,
 * printing each ticket changed; sweep issues cards and flags in one
 * transaction and prints its notices only once that has committed.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

#define MAXFILE	(16 << 20)	/* a century of calendar is 100 kB */

/* Options of the verbs, as bits: each verb says which it takes. */
enum {
	O_CATEGORY = 1, O_FORMAT = 2, O_FROM = 4, O_TO = 8, O_URGENT = 16,
	O_YEAR = 32, O_DAYS = 64, O_REASON = 128, O_APPROVER = 256,
	O_EXPLAINED = 512, O_UNIT = 1024, O_DRY_RUN = 2048
};

/* The options a verb cannot do without, by bit, for the message. */
static const struct {
	int		 bit;
	const char	*name;
} needed[] = {
	{ O_DAYS, "days" }, { O_REASON, "reason" },
	{ O_APPROVER, "approver" }, { O_EXPLAINED, "explained" },
	{ 0, NULL }
};

struct run {
	struct tk_opts	 o;
	const char	*category, *format, *from, *to, *year;
	struct tk_args	 v;		/* the action verbs' */
	int		 urgent, dry_run;
	int		 given;
	const struct tk_action *each;
};

struct verb {
	const char	*word, *sub;
	int		 opts, needs;
	int		 minargs, maxargs;
	int		(*fn)(struct run *, struct tk_db *, char **, int);
	const struct tk_action *each;		/* the action, for an action verb */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ticket-sla due -f time -c category [-u] [-d db]\n"
	    "       ticket-sla due [-d db] [file ...]\n"
	    "       ticket-sla workdays -f date -t date [-d db]\n"
	    "       ticket-sla calendar import [-d db] [-N now] file ...\n"
	    "       ticket-sla calendar ls [-y year] [--format json|csv] "
	    "[-d db]\n"
	    "       ticket-sla extend [id ...] -D days -r reason -a approver "
	    "-e explained\n"
	    "                  [-U unit] [-A actor] [-d db] [-N now]\n"
	    "       ticket-sla approve [id ...] [-U unit] [-A actor] [-d db] "
	    "[-N now]\n"
	    "       ticket-sla deny [id ...] -r reason [-U unit] [-A actor] "
	    "[-d db] [-N now]\n"
	    "       ticket-sla sweep [-n] [-A actor] [-d db] [-N now]\n");
	exit(status);
}

/* Prints a record and lets it go. */
static void
out(json_t *rec)
{
	if (rec == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	tk_out_json(rec);
	json_decref(rec);
}

static int
year_flag(const char *s)
{
	char *end;
	long y = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || y < 1 || y > 9999)
		tk_errx(TK_EXIT_USAGE, "--year: not a year: \"%s\"", s);
	return (int)y;
}

/* "a, b, c or d": the categories, for messages. */
static const char *
category_words(void)
{
	static char buf[160];
	size_t len = 0;
	int i;

	for (i = 0; i < TK_NCATEGORIES && len < sizeof(buf); i++)
		len += snprintf(buf + len, sizeof(buf) - len, "%s%s",
		    i == 0 ? "" : i == TK_NCATEGORIES - 1 ? " or " : ", ",
		    tk_categories[i].word);
	return buf;
}

/* Prints a question with its answer added. */
static void
print_due(json_t *rec, tk_time due)
{
	char buf[TK_TIME_LEN];

	tk_jset(rec, "due_at", json_string(tk_time_format(due, buf)));
	tk_out_json(rec);
}

/* true, false, 1, 0, null or absent; -1 for anything else. */
static int
urgent_of(json_t *v)
{
	if (v == NULL || json_is_null(v) || json_is_false(v))
		return 0;
	if (json_is_true(v))
		return 1;
	if (json_is_integer(v) && (json_integer_value(v) & ~1) == 0)
		return (int)json_integer_value(v);
	return -1;
}

/* One question from a JSON line; -1 after naming what is wrong. */
static int
due_one(const struct tk_sla *sla, json_t *rec, const char *src, long line)
{
	const char *from = tk_json_str(rec, "from");
	const char *cat = tk_json_str(rec, "category");
	int urgent = urgent_of(json_object_get(rec, "urgent"));
	tk_time start, due;

	if (from == NULL)
		tk_recerr(src, line, "missing \"from\"");
	else if (tk_time_parse(from, &start) == -1)
		tk_recerr(src, line, "\"from\": not a time: \"%s\"", from);
	else if (cat == NULL)
		tk_recerr(src, line, "missing \"category\"");
	else if (urgent == -1)
		tk_recerr(src, line, "\"urgent\": expected true or false");
	else if (tk_sla_due(sla, start, cat, urgent, &due) == -1)
		tk_recerr(src, line, "\"category\": unknown value \"%s\" "
		    "(expected %s)", cat, category_words());
	else {
		print_due(rec, due);
		return 0;
	}
	return -1;
}

static long
due_lines(const struct tk_sla *sla, char **files, int nfiles)
{
	struct tk_reader *rd = tk_reader_open(files, nfiles, 0);
	json_t *rec;
	long refused = 0;
	int rc;

	while ((rc = tk_reader_read(rd, &rec)) != TK_READ_END) {
		if (rc == TK_READ_BAD) {
			tk_reader_complain(rd);
			refused++;
		} else {
			refused += due_one(sla, rec, tk_reader_source(rd),
			    tk_reader_line(rd)) == -1;
			json_decref(rec);
		}
		/* Someone may be waiting on each answer: a coprocess. */
		if (tk_reader_would_block(rd))
			tk_out_flush();
	}
	tk_reader_close(rd);
	return refused;
}

static void
due_flags(struct run *r, const struct tk_sla *sla)
{
	char buf[TK_TIME_LEN];
	tk_time start, due;

	if (r->category == NULL)
		usage(TK_EXIT_USAGE);
	if (tk_time_parse(r->from, &start) == -1)
		tk_errx(TK_EXIT_USAGE, "--from: not a time: \"%s\"", r->from);
	if (tk_sla_due(sla, start, r->category, r->urgent, &due) == -1)
		tk_errx(TK_EXIT_USAGE, "--category: unknown value \"%s\" "
		    "(expected %s)", r->category, category_words());
	out(json_pack("{s:s}", "due_at", tk_time_format(due, buf)));
}

static int
do_due(struct run *r, struct tk_db *db, char **args, int nargs)
{
	struct tk_calendar *cal = tk_calendar_load(db);
	struct tk_sla sla;
	long refused = 0;

	tk_sla_init(&sla, cal);
	if (r->from != NULL && nargs == 0)
		due_flags(r, &sla);
	else if (r->from == NULL && (r->given & (O_CATEGORY | O_URGENT)) == 0)
		refused = due_lines(&sla, args, nargs);
	else
		usage(TK_EXIT_USAGE);
	tk_calendar_free(cal);
	return refused > 0 ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

static int32_t
date_flag(const char *opt, const char *s)
{
	int32_t day;

	if (s == NULL)
		usage(TK_EXIT_USAGE);
	if (tk_date_parse(s, &day) == -1)
		tk_errx(TK_EXIT_USAGE, "%s: not a date (YYYY-MM-DD): \"%s\"",
		    opt, s);
	return day;
}

/* Both dates count. */
static int
do_workdays(struct run *r, struct tk_db *db, char **args, int nargs)
{
	struct tk_calendar *cal;
	int32_t from = date_flag("--from", r->from), to = date_flag("--to",
	    r->to);
	long n;

	(void)args;
	(void)nargs;
	if (to < from)
		tk_errx(TK_EXIT_USAGE, "--to %s is before --from %s", r->to,
		    r->from);
	cal = tk_calendar_load(db);
	n = tk_calendar_count(cal, from, to + 1);
	tk_calendar_free(cal);
	out(json_pack("{s:s, s:s, s:I}", "from", r->from, "to", r->to,
	    "workdays", (json_int_t)n));
	return TK_EXIT_OK;
}

/* A whole calendar file, NUL-terminated: the importer checks it all. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp;
	char *buf;
	size_t n, cap = 65536;

	if ((fp = fopen(path, "r")) == NULL)
		tk_err(errno == EIO ? TK_EXIT_TEMP : TK_EXIT_DATA, "%s", path);
	buf = tk_xmalloc(cap);
	*len = 0;
	while ((n = fread(buf + *len, 1, cap - 1 - *len, fp)) > 0) {
		if ((*len += n) < cap - 1)
			continue;
		if (cap > MAXFILE)
			tk_errx(TK_EXIT_DATA, "%s: larger than %d bytes", path,
			    MAXFILE);
		buf = tk_xrealloc(buf, cap *= 2);
	}
	if (ferror(fp))
		tk_err(TK_EXIT_TEMP, "%s", path);
	fclose(fp);
	buf[*len] = '\0';
	return buf;
}

/* All the files or none: one transaction, printed after it commits. */
static int
do_import(struct run *r, struct tk_db *db, char **args, int nargs)
{
	json_t *done, *got, *v;
	char *buf;
	size_t len, i;
	int k, bad = 0;

	if ((done = json_array()) == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	tk_db_begin(db);
	for (k = 0; k < nargs; k++) {
		buf = slurp(args[k], &len);
		got = tk_calendar_import(db, args[k], buf, len, r->o.now);
		free(buf);
		if (got == NULL)
			bad = 1;
		else
			tk_jappend(done, got);
		json_decref(got);
	}
	if (bad) {
		tk_db_rollback(db);
		tk_errx(TK_EXIT_DATA, "bad calendar: nothing imported");
	}
	tk_db_commit(db);
	json_array_foreach(done, i, v)
		tk_out_json(v);
	json_decref(done);
	return TK_EXIT_OK;
}

static void
ls_day(const struct tk_calday *d, int csv)
{
	char date[TK_DATE_LEN], wd[2] = { '0' + d->workday, '\0' };
	const char *cells[3] = { tk_date_format(d->day, date), wd, d->name };

	if (csv)
		tk_csv_write_row(stdout, cells, 3);
	else
		out(json_pack("{s:s, s:i, s:s}", "date", cells[0], "workday",
		    d->workday, "name", d->name));
}

static int
do_ls(struct run *r, struct tk_db *db, char **args, int nargs)
{
	static const char *const header[3] = { "date", "workday", "name" };
	struct tk_calendar *cal = tk_calendar_load(db);
	const struct tk_calday *d;
	int32_t from = INT32_MIN, to = INT32_MAX;
	size_t i, n;
	int csv = r->format != NULL && strcmp(r->format, "csv") == 0;

	(void)args;
	(void)nargs;
	if (r->format != NULL && !csv && strcmp(r->format, "json") != 0)
		tk_errx(TK_EXIT_USAGE, "--format: json or csv, not \"%s\"",
		    r->format);
	if (r->year != NULL) {
		from = tk_days_from_civil(year_flag(r->year), 1, 1);
		to = tk_days_from_civil(year_flag(r->year) + 1, 1, 1);
		tk_calendar_covered(cal, from, to - 1);
	}
	if (csv)
		tk_csv_write_row(stdout, header, 3);
	for (i = 0, n = tk_calendar_list(cal, from, to, &d); i < n; i++)
		ls_day(&d[i], csv);
	tk_calendar_free(cal);
	return TK_EXIT_OK;
}

/* The actions act for --actor at --now; a bad actor is a usage error. */
static void
act_init(const struct run *r, struct tk_db *db, struct tk_act *a)
{
	if (tk_act_init(a, db, r->o.actor, r->o.now) == -1)
		tk_errx(TK_EXIT_USAGE, "%s", a->err);
}

/* An action on each ticket named, or read from stdin. */
static int
do_each(struct run *r, struct tk_db *db, char **ids, int n)
{
	struct tk_act a;
	long refused;

	act_init(r, db, &a);
	refused = tk_each_ticket(&a, ids, n, r->each, &r->v);
	tk_act_free(&a);
	return refused > 0 ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

/*
 * One transaction: BEGIN IMMEDIATE takes the write lock, so a second
 * sweep waits for the first and then finds everything issued.  A dry
 * run rolls it back; notices print after the end either way.
 */
static int
do_sweep(struct run *r, struct tk_db *db, char **args, int nargs)
{
	struct tk_act a;
	json_t *notices, *v;
	size_t i;

	(void)args;
	(void)nargs;
	act_init(r, db, &a);
	if (tk_act_platform_only(&a, "sweep") == -1)
		tk_errx(TK_EXIT_USAGE, "%s", a.err);
	tk_db_begin(db);
	notices = tk_sweep(&a);
	if (r->dry_run)
		tk_db_rollback(db);
	else
		tk_db_commit(db);
	json_array_foreach(notices, i, v)
		tk_out_json(v);
	json_decref(notices);
	tk_act_free(&a);
	return TK_EXIT_OK;
}

static const struct verb verbs[] = {
	{ "due", NULL, O_CATEGORY | O_FROM | O_URGENT, 0, 0, -1, do_due, NULL },
	{ "workdays", NULL, O_FROM | O_TO, 0, 0, 0, do_workdays, NULL },
	{ "calendar", "import", 0, 0, 1, -1, do_import, NULL },
	{ "calendar", "ls", O_FORMAT | O_YEAR, 0, 0, 0, do_ls, NULL },
	{ "extend", NULL, O_DAYS | O_REASON | O_APPROVER | O_EXPLAINED | O_UNIT,
	    O_DAYS | O_REASON | O_APPROVER | O_EXPLAINED, 0, -1, do_each, &tk_extend_ask },
	{ "approve", NULL, O_UNIT, 0, 0, -1, do_each, &tk_extend_approve },
	{ "deny", NULL, O_REASON | O_UNIT, O_REASON, 0, -1, do_each, &tk_extend_deny },
	{ "sweep", NULL, O_DRY_RUN, 0, 0, 0, do_sweep, NULL },
};

static const struct option longopts[] = {
	TK_COMMON_LONGOPTS,
	{ "approver",	required_argument,	NULL,	'a' },
	{ "category",	required_argument,	NULL,	'c' },
	{ "days",	required_argument,	NULL,	'D' },
	{ "dry-run",	no_argument,		NULL,	'n' },
	{ "explained",	required_argument,	NULL,	'e' },
	{ "format",	required_argument,	NULL,	'F' },
	{ "from",	required_argument,	NULL,	'f' },
	{ "reason",	required_argument,	NULL,	'r' },
	{ "to",		required_argument,	NULL,	't' },
	{ "unit",	required_argument,	NULL,	'U' },
	{ "urgent",	no_argument,		NULL,	'u' },
	{ "year",	required_argument,	NULL,	'y' },
	{ NULL,		0,			NULL,	0 }
};

static int
days_flag(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 1 || n > TK_SLA_MAXDAYS)
		tk_errx(TK_EXIT_USAGE, "--days: not a number of working days "
		    "from 1 to %d: \"%s\"", TK_SLA_MAXDAYS, s);
	return (int)n;
}

/* A text option left empty counts as not given: it says nothing. */
static int
text(int bit)
{
	return *optarg != '\0' ? bit : 0;
}

static void
parse(struct run *r, int argc, char *argv[])
{
	int ch;

	while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS
	    "a:c:D:e:f:nr:t:U:uy:", longopts, NULL)) != -1) {
		if (tk_opts_common(&r->o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'a':
			r->v.approver = optarg;
			r->given |= text(O_APPROVER);
			break;
		case 'c': r->category = optarg; r->given |= O_CATEGORY; break;
		case 'D':
			r->v.days = days_flag(optarg);
			r->given |= O_DAYS;
			break;
		case 'e':
			r->v.explained = optarg;
			r->given |= text(O_EXPLAINED);
			break;
		case 'F': r->format = optarg; r->given |= O_FORMAT; break;
		case 'f': r->from = optarg; r->given |= O_FROM; break;
		case 'n': r->dry_run = 1; r->given |= O_DRY_RUN; break;
		case 'r': r->v.reason = optarg; r->given |= text(O_REASON); break;
		case 't': r->to = optarg; r->given |= O_TO; break;
		case 'U': r->v.unit = optarg; r->given |= O_UNIT; break;
		case 'u': r->urgent = 1; r->given |= O_URGENT; break;
		case 'y': r->year = optarg; r->given |= O_YEAR; break;
		default: usage(TK_EXIT_USAGE);
		}
	}
}

/* The verb the words name, and what it accepts; usage() otherwise. */
static const struct verb *
find_verb(const struct run *r, char **words, int nwords)
{
	const struct verb *v;
	size_t i;
	int nargs, k;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		v = &verbs[i];
		if (nwords < 1 + (v->sub != NULL) ||
		    strcmp(words[0], v->word) != 0 ||
		    (v->sub != NULL && strcmp(words[1], v->sub) != 0))
			continue;
		nargs = nwords - 1 - (v->sub != NULL);
		if ((r->given & ~v->opts) != 0 || nargs < v->minargs ||
		    (v->maxargs != -1 && nargs > v->maxargs))
			break;
		for (k = 0; needed[k].name != NULL; k++)
			if ((v->needs & needed[k].bit) &&
			    !(r->given & needed[k].bit))
				tk_errx(TK_EXIT_USAGE, "%s: needs --%s",
				    v->word, needed[k].name);
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
	int rval, skip;

	memset(&r, 0, sizeof(r));
	tk_opts_init(&r.o, "ticket-sla");
	parse(&r, argc, argv);
	v = find_verb(&r, argv + optind, argc - optind);
	skip = optind + 1 + (v->sub != NULL);
	r.each = v->each;
	db = tk_db_open(r.o.db);
	rval = v->fn(&r, db, argv + skip, argc - skip);
	tk_db_close(db);
	return tk_shut(rval);
}
