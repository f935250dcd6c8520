/*
 * calendar-import.c: calendar files into the database.
 *
 * Two formats, told apart by their first character: the project's own
 * CSV (date,workday,name: one row per listed day) and the community
 * holiday-cn JSON (one file per year: {"year": Y, "days": [{"name",
 * "date", "isOffDay"}]}).  The whole file is read and checked first,
 * every bad row named; only a wholly good file is written, and then it
 * replaces each year it covers: for CSV the years of its dates, for
 * holiday-cn its "year".  A holiday-cn file may list a day of the year
 * before or after (a New Year holiday that starts on 31 December); that
 * day is kept with the file's year, and the calendar prefers the word of
 * the day's own year when both list it.
 *
 * Writing happens inside the caller's transaction, so a command can
 * import several files at once and a migration can load the calendar
 * the project ships.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sql.h"

enum { COL_DATE, COL_WORKDAY, COL_NAME, NCOLS };

static const char *const colnames[NCOLS] = { "date", "workday", "name" };

struct row {
	int32_t	 day;
	int	 year;		/* the import it belongs to */
	int	 workday;
	char	*name;
	long	 where;		/* CSV line, or holiday-cn days[] index */
};

struct import {
	const char	*source;
	int		 json;
	struct row	*rows;
	size_t		 nrows, cap;
	int		*years;		/* sorted, distinct */
	size_t		 nyears;
	int		 bad;
};

/*
 * Names a bad row by its line (CSV) or its place in "days" (holiday-cn:
 * JSON values have no line); where -1 names the whole file.
 */
static void __attribute__((format(printf, 3, 4)))
bad(struct import *im, long where, const char *fmt, ...)
{
	char msg[TK_ERRLEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (where < 0)
		fprintf(stderr, "%s: %s: %s\n", tk_progname(), im->source, msg);
	else if (im->json)
		fprintf(stderr, "%s: %s: days[%ld]: %s\n", tk_progname(),
		    im->source, where, msg);
	else
		tk_recerr(im->source, where, "%s", msg);
	im->bad++;
}

static void
add_year(struct import *im, int year)
{
	size_t i = 0;

	while (i < im->nyears && im->years[i] < year)
		i++;
	if (i < im->nyears && im->years[i] == year)
		return;
	im->years = tk_xrealloc(im->years, (im->nyears + 1) *
	    sizeof(*im->years));
	memmove(im->years + i + 1, im->years + i,
	    (im->nyears - i) * sizeof(*im->years));
	im->years[i] = year;
	im->nyears++;
}

static void
add_row(struct import *im, int32_t day, int year, int workday,
    const char *name, long where)
{
	struct row *r;

	if (im->nrows == im->cap) {
		im->cap = im->cap ? im->cap * 2 : 256;
		im->rows = tk_xrealloc(im->rows, im->cap * sizeof(*im->rows));
	}
	r = &im->rows[im->nrows++];
	r->day = day;
	r->year = year;
	r->workday = workday;
	r->name = tk_xstrdup(name);
	r->where = where;
}

/* Column numbers from the header; -1 for an absent name column. */
static int
csv_header(struct import *im, char **cells, size_t n, long line,
    int col[NCOLS])
{
	size_t i;
	int k, before = im->bad;

	col[COL_DATE] = col[COL_WORKDAY] = col[COL_NAME] = -1;
	for (i = 0; i < n; i++) {
		for (k = 0; k < NCOLS; k++)
			if (strcmp(tk_trim(cells[i]), colnames[k]) == 0)
				break;
		if (k == NCOLS)
			bad(im, line, "unknown column \"%s\"", cells[i]);
		else if (col[k] != -1)
			bad(im, line, "column \"%s\" twice", cells[i]);
		else
			col[k] = (int)i;
	}
	for (k = 0; k < COL_NAME; k++)
		if (col[k] == -1)
			bad(im, line, "no column \"%s\"", colnames[k]);
	return im->bad == before ? 0 : -1;
}

static void
csv_row(struct import *im, char **cells, size_t n, size_t ncols, long line,
    const int col[NCOLS])
{
	const char *date, *wd;
	int32_t day;

	if (n != ncols) {
		bad(im, line, "%zu fields, the header has %zu", n, ncols);
		return;
	}
	date = tk_trim(cells[col[COL_DATE]]);
	wd = tk_trim(cells[col[COL_WORKDAY]]);
	if (tk_date_parse(date, &day) == -1)
		bad(im, line, "date: not a date (YYYY-MM-DD): \"%s\"", date);
	else if (strcmp(wd, "0") != 0 && strcmp(wd, "1") != 0)
		bad(im, line, "workday: 0 or 1, not \"%s\"", wd);
	else {
		add_row(im, day, tk_calendar_year(day), *wd == '1',
		    col[COL_NAME] == -1 ? "" : tk_trim(cells[col[COL_NAME]]),
		    line);
		add_year(im, tk_calendar_year(day));
	}
}

static void
read_csv(struct import *im, const char *buf, size_t len)
{
	struct tk_lines *l = tk_lines_open_mem(im->source, buf, len);
	struct tk_csv *csv = tk_csv_open(l);
	char **cells;
	size_t n, ncols = 0;
	long line;
	const char *why = NULL;
	int col[NCOLS], rc;

	while ((rc = tk_csv_next(csv, &cells, &n, &line, &why)) != 0) {
		if (rc < 0)
			bad(im, line, "%s", why);
		else if (ncols == 0) {
			if (csv_header(im, cells, n, line, col) == -1)
				break;
			ncols = n;
		} else
			csv_row(im, cells, n, ncols, line, col);
	}
	tk_csv_close(csv);
	tk_lines_close(l);
}

/* One element of "days"; year is the file's. */
static void
json_day(struct import *im, json_t *d, long i, int year)
{
	json_t *off = json_object_get(d, "isOffDay");
	const char *date = tk_json_str(d, "date");
	const char *name = tk_json_str(d, "name");
	int32_t day;
	char *label;

	if (!json_is_object(d))
		bad(im, i, "not an object");
	else if (date == NULL || tk_date_parse(date, &day) == -1)
		bad(im, i, "\"date\": not a date (YYYY-MM-DD)");
	else if (!json_is_boolean(off))
		bad(im, i, "\"isOffDay\": not true or false");
	else if (name == NULL)
		bad(im, i, "\"name\": not a string");
	else if (abs(tk_calendar_year(day) - year) > 1)
		bad(im, i, "%s is not near the file's year %d", date, year);
	else {
		/* A working day on a weekend is a make-up day (调休). */
		tk_xasprintf(&label, "%s%s", name, !json_is_true(off) &&
		    (tk_weekday(day) == 0 || tk_weekday(day) == 6) ?
		    "调休" : "");
		add_row(im, day, year, !json_is_true(off), label, i);
		free(label);
	}
}

static void
read_holiday_cn(struct import *im, const char *buf, size_t len)
{
	json_error_t e;
	json_t *doc, *year, *days;
	size_t i;

	if ((doc = json_loadb(buf, len, JSON_REJECT_DUPLICATES, &e)) == NULL) {
		tk_recerr(im->source, e.line, "malformed JSON: %s", e.text);
		im->bad++;
		return;
	}
	year = json_object_get(doc, "year");
	days = json_object_get(doc, "days");
	if (!json_is_integer(year) || json_integer_value(year) < 1 ||
	    json_integer_value(year) > 9999)
		bad(im, -1, "\"year\": not a year");
	else if (!json_is_array(days))
		bad(im, -1, "\"days\": not an array");
	else {
		for (i = 0; i < json_array_size(days); i++)
			json_day(im, json_array_get(days, i), (long)i,
			    (int)json_integer_value(year));
		add_year(im, (int)json_integer_value(year));
	}
	json_decref(doc);
}

static int
by_day(const void *a, const void *b)
{
	const struct row *x = a, *y = b;

	if (x->day != y->day)
		return x->day < y->day ? -1 : 1;
	return x->where < y->where ? -1 : x->where > y->where;
}

/* Each date once; the later mention is the one named. */
static void
check_twice(struct import *im)
{
	char date[TK_DATE_LEN];
	size_t i;

	if (im->nrows == 0)
		return;
	qsort(im->rows, im->nrows, sizeof(*im->rows), by_day);
	for (i = 1; i < im->nrows; i++)
		if (im->rows[i].day == im->rows[i - 1].day)
			bad(im, im->rows[i].where, "%s is listed twice",
			    tk_date_format(im->rows[i].day, date));
}

static const char sql_clear[] = "DELETE FROM calendar_day WHERE year = ?";
static const char sql_year[] =
    "INSERT INTO calendar_year (year, source, imported_at) VALUES (?, ?, ?)"
    " ON CONFLICT (year) DO UPDATE SET source = excluded.source,"
    " imported_at = excluded.imported_at";
static const char sql_day[] =
    "INSERT INTO calendar_day (day, year, workday, name) VALUES (?, ?, ?, ?)";

/* Replaces one year; returns what to tell the user about it. */
static json_t *
store_year(struct tk_db *db, const struct import *im, int year, tk_time now)
{
	struct tk_stmt *st;
	size_t i, n = 0;

	st = tk_db_stmt(db, sql_clear);
	tk_stmt_int(st, 1, year);
	tk_stmt_exec(st);
	st = tk_db_stmt(db, sql_year);
	tk_stmt_int(st, 1, year);
	tk_stmt_text(st, 2, im->source);
	tk_stmt_int(st, 3, now);
	tk_stmt_exec(st);
	st = tk_db_stmt(db, sql_day);
	for (i = 0; i < im->nrows; i++) {
		if (im->rows[i].year != year)
			continue;
		tk_stmt_int(st, 1, im->rows[i].day);
		tk_stmt_int(st, 2, year);
		tk_stmt_int(st, 3, im->rows[i].workday);
		tk_stmt_text(st, 4, im->rows[i].name);
		tk_stmt_exec(st);
		n++;
	}
	return json_pack("{s:i, s:s, s:I}", "year", year, "source",
	    im->source, "days", (json_int_t)n);
}

static void
import_free(struct import *im)
{
	while (im->nrows > 0)
		free(im->rows[--im->nrows].name);
	free(im->rows);
	free(im->years);
}

/* holiday-cn is a JSON object; a CSV file starts with its header. */
static int
starts_object(const char *buf, size_t len)
{
	size_t i = len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;

	while (i < len && strchr(" \t\r\n", buf[i]) != NULL && buf[i] != '\0')
		i++;
	return i < len && buf[i] == '{';
}

/*
 * Reads a calendar file held in buf and, when every row is good,
 * replaces the years it covers, inside the caller's transaction.
 * Returns one object per year stored, or NULL after naming every bad
 * row (nothing written).
 */
json_t *
tk_calendar_import(struct tk_db *db, const char *source, const char *buf,
    size_t len, tk_time now)
{
	struct import im;
	json_t *out = NULL;
	size_t i;

	memset(&im, 0, sizeof(im));
	im.source = source;
	im.json = starts_object(buf, len);
	if (im.json)
		read_holiday_cn(&im, buf, len);
	else
		read_csv(&im, buf, len);
	check_twice(&im);
	if (im.bad == 0 && im.nyears == 0)
		bad(&im, -1, "no calendar days");
	if (im.bad == 0) {
		out = json_array();
		for (i = 0; i < im.nyears; i++)
			tk_jpush(out, store_year(db, &im,
			    im.years[i], now));
	}
	import_free(&im);
	return out;
}

/* The migration step that loads the calendar built into the program. */
void
tk_calendar_ship(struct tk_db *db)
{
	json_t *r;

	r = tk_calendar_import(db, "data/calendar-cn.csv", tk_calendar_shipped,
	    strlen(tk_calendar_shipped), time(NULL));
	if (r == NULL)
		tk_errx(TK_EXIT_DATA, "internal: the shipped calendar is bad");
	json_decref(r);
}
