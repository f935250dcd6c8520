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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

#define MAXFILE	(16 << 20)	/* a century of calendar is 100 kB */

static const char usage[] =
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
    "       ticket-sla sweep [-n] [-A actor] [-d db] [-N now]\n";

/* The short options, as ticket-*(1) lists them. */
static const char letters[] =
    "a approver, c category, D days, e explained, F format, f from, "
    "n dry-run, r reason, t to, U unit, u urgent, y year";

enum { JSON, CSV };	/* calendar ls writes what calendar import reads */

/* Prints a record and lets it go. */
static void
out(json_t *rec)
{
	if (rec == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	tk_out_json(rec);
	json_decref(rec);
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
	char words[160];
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
		    "(expected %s)", cat, tk_enum_list(tk_categories, words,
		    sizeof(words)));
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

/* One start from the flags, or questions from JSON lines: not both. */
static void
check_due(struct tk_args *g)
{
	if (g->start != -1 ? g->argc > 0 || g->category == NULL :
	    g->category != NULL || g->urgent)
		tk_verb_usage(TK_EXIT_USAGE);
}

static int
do_due(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct tk_calendar *cal = tk_calendar_load(db);
	char buf[TK_TIME_LEN];
	struct tk_sla sla;
	long refused = 0;
	tk_time due;

	(void)a;
	tk_sla_init(&sla, cal);
	if (g->start == -1)
		refused = due_lines(&sla, g->argv, g->argc);
	else {
		tk_sla_due(&sla, g->start, g->category, g->urgent, &due);
		out(json_pack("{s:s}", "due_at", tk_time_format(due, buf)));
	}
	tk_calendar_free(cal);
	return refused > 0 ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

/* Both dates count. */
static int
do_workdays(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	char from[TK_DATE_LEN], to[TK_DATE_LEN];
	struct tk_calendar *cal;
	long n;

	(void)a;
	tk_date_format(g->from_day, from);
	tk_date_format(g->to_day, to);
	if (g->to_day < g->from_day)
		tk_errx(TK_EXIT_USAGE, "--to %s is before --from %s", to, from);
	cal = tk_calendar_load(db);
	n = tk_calendar_count(cal, g->from_day, g->to_day + 1);
	tk_calendar_free(cal);
	out(json_pack("{s:s, s:s, s:I}", "from", from, "to", to, "workdays",
	    (json_int_t)n));
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
do_import(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	json_t *done, *got;
	char *buf;
	size_t len;
	int k, bad = 0;

	(void)a;
	if ((done = json_array()) == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	tk_db_begin(db);
	for (k = 0; k < g->argc; k++) {
		buf = slurp(g->argv[k], &len);
		got = tk_calendar_import(db, g->argv[k], buf, len, g->o.now);
		free(buf);
		if (got == NULL)
			bad = 1;
		else
			tk_jappend(done, got);
		json_decref(got);
	}
	if (bad) {
		json_decref(done);
		done = NULL;
	}
	return tk_store_import_end(db, g, TK_EV_CALENDAR_IMPORT, done,
	    "calendar");
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
do_ls(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	static const char *const header[3] = { "date", "workday", "name" };
	struct tk_calendar *cal = tk_calendar_load(db);
	const struct tk_calday *d;
	int32_t from = INT32_MIN, to = INT32_MAX;
	size_t i, n;

	(void)a;
	if (g->year != 0) {
		from = tk_days_from_civil((int)g->year, 1, 1);
		to = tk_days_from_civil((int)g->year + 1, 1, 1);
		tk_calendar_covered(cal, from, to - 1);
	}
	if (g->format == CSV)
		tk_csv_write_row(stdout, header, 3);
	for (i = 0, n = tk_calendar_list(cal, from, to, &d); i < n; i++)
		ls_day(&d[i], g->format == CSV);
	tk_calendar_free(cal);
	return TK_EXIT_OK;
}

/*
 * One transaction: BEGIN IMMEDIATE takes the write lock, so a second
 * sweep waits for the first and then finds everything issued.  A dry
 * run rolls it back; notices print after the end either way.
 */
static int
do_sweep(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	json_t *notices, *v;
	size_t i;

	tk_db_begin(db);
	notices = tk_sweep(a);
	if (g->dry_run)
		tk_db_rollback(db);
	else
		tk_db_commit(db);
	json_array_foreach(notices, i, v)
		tk_out_json(v);
	json_decref(notices);
	return TK_EXIT_OK;
}

static const struct tk_verb verbs[] = {
	{ "due", do_due, .takes = "category from/time urgent", .maxargs = -1,
	    .flags = TK_VERB_FILES,
	    .check = check_due },
	{ "workdays", do_workdays, .takes = "from/day to/day",
	    .needs = "from/day to/day" },
	{ "calendar import", do_import, .minargs = 1, .maxargs = -1,
	    .flags = TK_VERB_FILES },
	{ "calendar ls", do_ls, .takes = "format/plain year",
	    .formats = "json csv" },
	{ "extend", .each = &tk_extend_ask, .takes = "days reason approver explained unit",
	    .needs = "days reason approver explained", .maxargs = -1 },
	{ "approve", .each = &tk_extend_approve, .takes = "unit", .maxargs = -1 },
	{ "deny", .each = &tk_extend_deny, .takes = "reason unit", .needs = "reason",
	    .maxargs = -1 },
	{ "sweep", do_sweep, .takes = "dry-run", .flags = TK_VERB_ACT,
	    .platform = "sweep" },
	{ NULL }
};

TK_VERB_MAIN("ticket-sla", usage, letters, verbs)
