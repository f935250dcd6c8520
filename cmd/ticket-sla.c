/*
 * ticket-sla: deadlines and the working-day calendar.
 *
 * due answers "when is this due?" for one start time given by flags, or
 * for every JSON line read, each printed back with due_at added; workdays
 * counts working days; calendar import and calendar ls keep the calendar
 * those answers come from.  The calendar and the limits are read once
 * per run, so a file of a million questions is answered in one process.
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
	O_YEAR = 32
};

struct run {
	struct tk_opts	 o;
	const char	*category, *format, *from, *to, *year;
	int		 urgent;
	int		 given;
};

struct verb {
	const char	*word, *sub;
	int		 opts;
	int		 minargs, maxargs;
	int		(*fn)(struct run *, struct tk_db *, char **, int);
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
	    "[-d db]\n");
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

	if (json_object_set_new(rec, "due_at", json_string(tk_time_format(due,
	    buf))) == -1)
		tk_errx(TK_EXIT_TEMP, "out of memory");
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
		else if (json_array_extend(done, got) == -1)
			tk_errx(TK_EXIT_TEMP, "out of memory");
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

static const struct verb verbs[] = {
	{ "due", NULL, O_CATEGORY | O_FROM | O_URGENT, 0, -1, do_due },
	{ "workdays", NULL, O_FROM | O_TO, 0, 0, do_workdays },
	{ "calendar", "import", 0, 1, -1, do_import },
	{ "calendar", "ls", O_FORMAT | O_YEAR, 0, 0, do_ls },
};

static const struct option longopts[] = {
	TK_COMMON_LONGOPTS,
	{ "category",	required_argument,	NULL,	'c' },
	{ "format",	required_argument,	NULL,	'F' },
	{ "from",	required_argument,	NULL,	'f' },
	{ "to",		required_argument,	NULL,	't' },
	{ "urgent",	no_argument,		NULL,	'u' },
	{ "year",	required_argument,	NULL,	'y' },
	{ NULL,		0,			NULL,	0 }
};

static void
parse(struct run *r, int argc, char *argv[])
{
	int ch;

	while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS "c:f:t:uy:",
	    longopts, NULL)) != -1) {
		if (tk_opts_common(&r->o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'c': r->category = optarg; r->given |= O_CATEGORY; break;
		case 'F': r->format = optarg; r->given |= O_FORMAT; break;
		case 'f': r->from = optarg; r->given |= O_FROM; break;
		case 't': r->to = optarg; r->given |= O_TO; break;
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
	int nargs;

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
	db = tk_db_open(r.o.db);
	rval = v->fn(&r, db, argv + skip, argc - skip);
	tk_db_close(db);
	return tk_shut(rval);
}
