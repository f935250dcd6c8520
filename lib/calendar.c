/*
 * calendar.c: working days of the official calendar, in memory.
 *
 * A day is a working day when the calendar lists it as one, or, when it
 * is not listed, when it falls on Monday to Friday.  Only the listed days
 * that break that weekday rule matter to arithmetic: holidays on a
 * weekday (-1) and make-up working days on a weekend (+1).  They are
 * kept sorted with prefix sums of their deltas, so the number of working
 * days before any day is a closed formula for the weeks plus one binary
 * search, and the Nth working day after a day is found by inverting that
 * count: O(log n) per question, never a walk over the days.
 *
 * Invariants: days[] holds one entry per listed date, sorted; ex[] is the
 * sorted subset that breaks the weekday rule, and pre[i] is the sum of
 * the deltas of ex[0 .. i-1] (pre has nex + 1 entries); span[] holds the
 * imported years as merged half-open day intervals.  A question about a
 * date outside every span is answered by the weekday rule, with one
 * warning per year and run.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

#define MAXYEAR	9999

struct tk_calendar {
	struct tk_calday *days;
	size_t		 ndays;
	int32_t		*ex, *pre;
	size_t		 nex;
	int32_t		*span;
	size_t		 nspan;		/* intervals, two numbers each */
	unsigned char	 warned[MAXYEAR / 8 + 1];
};

/* Monday to Friday in [-3, x): day -3 (1969-12-29) is a Monday. */
static int64_t
weekdays_before(int64_t x)
{
	int64_t w = tk_floordiv(x + 3, 7), r = x + 3 - w * 7;

	return 5 * w + (r < 5 ? r : 5);
}

/* The smallest x with weekdays_before(x) >= k. */
static int64_t
weekdays_inverse(int64_t k)
{
	int64_t q = tk_floordiv(k - 1, 5);

	return 7 * q + (k - 1 - 5 * q) - 2;
}

static int
weekday_rule(int32_t day)
{
	int wd = tk_weekday(day);

	return wd != 0 && wd != 6;
}

/* The number of exceptions before day x. */
static size_t
ex_before(const struct tk_calendar *c, int64_t x)
{
	size_t lo = 0, hi = c->nex, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->ex[mid] < x)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Working days in [-3, x). */
static int64_t
before(const struct tk_calendar *c, int64_t x)
{
	return weekdays_before(x) + c->pre[ex_before(c, x)];
}

/*
 * The smallest x with before(x) >= k.  Past exception j (the first whose
 * day reaches k), the count is the weekday formula shifted by pre[j]; the
 * answer is where that formula reaches k, or the exception day itself.
 */
static int64_t
inverse(const struct tk_calendar *c, int64_t k)
{
	size_t lo = 0, hi = c->nex, mid;
	int64_t x;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		/* Working days up to and including ex[mid]. */
		if (weekdays_before((int64_t)c->ex[mid] + 1) +
		    c->pre[mid + 1] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	x = weekdays_inverse(k - c->pre[lo]);
	if (lo < c->nex && x > c->ex[lo])
		x = (int64_t)c->ex[lo] + 1;
	return x;
}

/* The year a day falls in. */
int
tk_calendar_year(int32_t day)
{
	int y, m, d;

	tk_civil_from_days(day, &y, &m, &d);
	return y;
}

static int
year_covered(const struct tk_calendar *c, int y)
{
	int32_t first = tk_days_from_civil(y, 1, 1);
	size_t i;

	for (i = 0; i < c->nspan; i++)
		if (c->span[2 * i] <= first && first < c->span[2 * i + 1])
			return 1;
	return 0;
}

static void
warn_year(struct tk_calendar *c, int y)
{
	unsigned char bit;

	if (y < 0 || y > MAXYEAR)
		return;
	bit = (unsigned char)(1u << (y % 8));
	if (c->warned[y / 8] & bit)
		return;
	c->warned[y / 8] |= bit;
	tk_warnx("no calendar for %d: counting weekdays only", y);
}

/*
 * Whether every day of [from, to] lies in an imported year; warns once
 * per run for each year that does not.  The common case, a range inside
 * one span, costs a pass over a handful of intervals.
 */
int
tk_calendar_covered(struct tk_calendar *c, int32_t from, int32_t to)
{
	size_t i;
	int y, last, all = 1;

	for (i = 0; i < c->nspan; i++)
		if (c->span[2 * i] <= from && to < c->span[2 * i + 1])
			return 1;
	last = tk_calendar_year(to);
	for (y = tk_calendar_year(from); y <= last; y++)
		if (!year_covered(c, y)) {
			warn_year(c, y);
			all = 0;
		}
	return all;
}

int
tk_calendar_is_workday(struct tk_calendar *c, int32_t day)
{
	size_t i = ex_before(c, day);

	tk_calendar_covered(c, day, day);
	if (i < c->nex && c->ex[i] == day)
		return c->pre[i + 1] > c->pre[i];
	return weekday_rule(day);
}

/*
 * The nth working day after day (n > 0), or the -nth before it (n < 0);
 * day itself is never counted.  n == 0 gives day.  |n| is at most a few
 * thousand in practice; the arithmetic is 64-bit, the result a date.
 */
int32_t
tk_calendar_add(struct tk_calendar *c, int32_t day, int n)
{
	int64_t k;
	int32_t r;

	if (n == 0)
		return day;
	k = n > 0 ? before(c, (int64_t)day + 1) + n : before(c, day) + n + 1;
	r = (int32_t)(inverse(c, k) - 1);
	tk_calendar_covered(c, n > 0 ? day + 1 : r, n > 0 ? r : day - 1);
	return r;
}

/* Working days in [from, to); negative when to comes before from. */
long
tk_calendar_count(struct tk_calendar *c, int32_t from, int32_t to)
{
	if (from < to)
		tk_calendar_covered(c, from, to - 1);
	else if (to < from)
		tk_calendar_covered(c, to, from - 1);
	return (long)(before(c, to) - before(c, from));
}

/* The listed days in [from, to): their count, *first the first. */
size_t
tk_calendar_list(const struct tk_calendar *c, int32_t from, int32_t to,
    const struct tk_calday **first)
{
	size_t lo = 0, hi = c->ndays, mid, end;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (c->days[mid].day < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (end = lo; end < c->ndays && c->days[end].day < to; end++)
		;
	*first = c->days + lo;
	return end - lo;
}

static const char sql_days[] =
    "SELECT day, year, workday, name FROM calendar_day ORDER BY day, year";
static const char sql_years[] =
    "SELECT year FROM calendar_year ORDER BY year";

/*
 * A date may be listed twice: by its own year's import and by a
 * neighbouring year's holiday-cn file.  Its own year's word wins.
 */
static void
add_day(struct tk_calendar *c, struct tk_stmt *st, size_t *cap)
{
	int32_t day = (int32_t)tk_stmt_col_int(st, 0);
	struct tk_calday *d;

	if (c->ndays > 0 && c->days[c->ndays - 1].day == day) {
		if (tk_stmt_col_int(st, 1) != tk_calendar_year(day))
			return;
		d = &c->days[c->ndays - 1];
		free(d->name);
	} else {
		if (c->ndays == *cap) {
			*cap = *cap ? *cap * 2 : 512;
			c->days = tk_xrealloc(c->days, *cap * sizeof(*c->days));
		}
		d = &c->days[c->ndays++];
	}
	d->day = day;
	d->workday = tk_stmt_col_int(st, 2) != 0;
	d->name = tk_xstrdup(tk_stmt_col_text(st, 3));
}

/* The exceptions to the weekday rule, with their prefix sums. */
static void
index_days(struct tk_calendar *c)
{
	size_t i;

	c->ex = tk_xmalloc(c->ndays * sizeof(*c->ex));
	c->pre = tk_xmalloc((c->ndays + 1) * sizeof(*c->pre));
	c->pre[0] = 0;
	for (i = 0; i < c->ndays; i++) {
		if (c->days[i].workday == weekday_rule(c->days[i].day))
			continue;
		c->ex[c->nex] = c->days[i].day;
		c->pre[c->nex + 1] = c->pre[c->nex] +
		    (c->days[i].workday ? 1 : -1);
		c->nex++;
	}
}

/* Imported years, contiguous ones merged into one interval. */
static void
load_years(struct tk_calendar *c, struct tk_db *db)
{
	struct tk_stmt *st = tk_db_stmt(db, sql_years);
	size_t cap = 0;
	int32_t first, next;
	int y;

	while (tk_stmt_step(st) == TK_ROW) {
		y = (int)tk_stmt_col_int(st, 0);
		first = tk_days_from_civil(y, 1, 1);
		next = tk_days_from_civil(y + 1, 1, 1);
		if (c->nspan > 0 && c->span[2 * c->nspan - 1] == first) {
			c->span[2 * c->nspan - 1] = next;
			continue;
		}
		if (c->nspan == cap) {
			cap = cap ? cap * 2 : 8;
			c->span = tk_xrealloc(c->span, cap * 2 *
			    sizeof(*c->span));
		}
		c->span[2 * c->nspan] = first;
		c->span[2 * c->nspan + 1] = next;
		c->nspan++;
	}
	tk_stmt_reset(st);
}

struct tk_calendar *
tk_calendar_load(struct tk_db *db)
{
	struct tk_calendar *c = tk_xmalloc(sizeof(*c));
	struct tk_stmt *st = tk_db_stmt(db, sql_days);
	size_t cap = 0;

	memset(c, 0, sizeof(*c));
	while (tk_stmt_step(st) == TK_ROW)
		add_day(c, st, &cap);
	tk_stmt_reset(st);
	index_days(c);
	load_years(c, db);
	return c;
}

void
tk_calendar_free(struct tk_calendar *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->ndays; i++)
		free(c->days[i].name);
	free(c->days);
	free(c->ex);
	free(c->pre);
	free(c->span);
	free(c);
}
