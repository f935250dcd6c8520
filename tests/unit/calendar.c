/*
 * tests/unit/calendar.c -- TAP tests for lib/calendar.c and lib/sla.c.
 *
 * The library answers in O(log n) with prefix sums; the reference here
 * is the slow, obviously correct way: a table of every day from 2019 to
 * 2029 built from the shipped calendar text by its own little parser,
 * and walks over it one day at a time.  The two are compared on every
 * start day of 2020-2026 for small limits and on thousands of random
 * questions (fixed seed) for large ones.  The plan is printed last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ticket.h"

#define FIRST	tk_days_from_civil(2019, 1, 1)
#define LAST	tk_days_from_civil(2030, 1, 1)	/* exclusive */

static int ntest;
static char work[20000];	/* work[d - FIRST]: is day d a working day */

static void
ok(int cond, const char *desc)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++ntest, desc);
}

static int
is_work(int32_t d)
{
	return work[d - FIRST];
}

/* Weekdays, then each "YYYY-MM-DD,W,name" line of the shipped text. */
static void
build_reference(void)
{
	const char *s = tk_calendar_shipped;
	int32_t d;
	int y, m, day, w, wd;

	for (d = FIRST; d < LAST; d++) {
		wd = tk_weekday(d);
		work[d - FIRST] = wd >= 1 && wd <= 5;
	}
	while ((s = strchr(s, '\n')) != NULL) {
		s++;
		if (sscanf(s, "%4d-%2d-%2d,%d,", &y, &m, &day, &w) == 4)
			work[tk_days_from_civil(y, m, day) - FIRST] = (char)w;
	}
}

/* The nth working day after d (n > 0) or before it (n < 0), walking. */
static int32_t
walk(int32_t d, int n)
{
	int step = n > 0 ? 1 : -1;

	while (n != 0) {
		d += step;
		if (is_work(d))
			n -= step;
	}
	return d;
}

static long
walk_count(int32_t from, int32_t to)
{
	long n = 0;
	int32_t d;

	for (d = from; d < to; d++)
		n += is_work(d);
	return n;
}

static void
report(const char *what, int32_t d, int n, long want, long got)
{
	char buf[TK_DATE_LEN];

	printf("# %s %s %d: want %ld, got %ld\n", what, tk_date_format(d, buf),
	    n, want, got);
}

static void
test_is_workday(struct tk_calendar *cal)
{
	int32_t d;
	int bad = 0;

	for (d = tk_days_from_civil(2020, 1, 1);
	    d < tk_days_from_civil(2027, 1, 1); d++)
		if (tk_calendar_is_workday(cal, d) != is_work(d) && bad++ < 5)
			report("is_workday", d, 0, is_work(d),
			    tk_calendar_is_workday(cal, d));
	ok(bad == 0, "is_workday agrees on every day of 2020-2026");
}

static void
test_add_small(struct tk_calendar *cal)
{
	int32_t d, got;
	int n, bad = 0;

	/* Twenty working days either way stay inside 2020-2026. */
	for (d = tk_days_from_civil(2020, 3, 1);
	    d < tk_days_from_civil(2026, 12, 1); d++)
		for (n = -20; n <= 20; n++) {
			if (n == 0)
				continue;
			got = tk_calendar_add(cal, d, n);
			if (got != walk(d, n) && bad++ < 5)
				report("add", d, n, walk(d, n), got);
		}
	ok(bad == 0, "add(d, n) for every start in 2020-2026, n in -20..20");
	ok(tk_calendar_add(cal, tk_days_from_civil(2026, 2, 15), 0) ==
	    tk_days_from_civil(2026, 2, 15), "add(d, 0) is d, even a holiday");
}

static void
test_random(struct tk_calendar *cal)
{
	/* 250 working days from the start of 2025 is still 2025. */
	int32_t span = tk_days_from_civil(2025, 1, 1) -
	    tk_days_from_civil(2020, 1, 1), d, e;
	int i, n, bad_add = 0, bad_count = 0;
	long got;

	srand(20260302);
	for (i = 0; i < 20000; i++) {
		d = tk_days_from_civil(2020, 1, 1) + rand() % span;
		n = 1 + rand() % 250;
		if (tk_calendar_add(cal, d, n) != walk(d, n) && bad_add++ < 5)
			report("add", d, n, walk(d, n),
			    tk_calendar_add(cal, d, n));
		e = tk_days_from_civil(2020, 1, 1) + rand() % span;
		got = tk_calendar_count(cal, d, e);
		if (got != (d <= e ? walk_count(d, e) : -walk_count(e, d)) &&
		    bad_count++ < 5)
			report("count to", e, 0, walk_count(d, e), got);
	}
	ok(bad_add == 0, "add: 20000 random starts, n up to 250");
	ok(bad_count == 0, "count: 20000 random pairs, either order");
}

/* Days named by the State Council notices, checked by hand. */
static void
test_known(struct tk_calendar *cal)
{
	static const struct { int y, m, d, work; const char *why; } k[] = {
		{ 2020, 1, 31, 0, "2020 Spring Festival extended (COVID)" },
		{ 2020, 2, 1, 0, "its make-up Saturday cancelled" },
		{ 2024, 2, 4, 1, "2024 make-up Sunday" },
		{ 2024, 2, 9, 1, "2024-02-09 New Year's Eve: not listed" },
		{ 2025, 1, 28, 0, "2025 New Year's Eve off" },
		{ 2025, 10, 8, 0, "2025 National Day, 8th day" },
		{ 2025, 10, 11, 1, "2025 make-up Saturday" },
		{ 2026, 1, 4, 1, "2026 make-up Sunday" },
		{ 2026, 2, 23, 0, "2026 Spring Festival, 9th day" },
	};
	size_t i;
	int good = 1;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++)
		if (tk_calendar_is_workday(cal, tk_days_from_civil(k[i].y,
		    k[i].m, k[i].d)) != k[i].work) {
			printf("# %s\n", k[i].why);
			good = 0;
		}
	ok(good, "days from the notices");
}

/* 23:59:59 local time, the start date never counted. */
static void
test_deadline(struct tk_calendar *cal)
{
	static const struct { const char *start, *due; int n; } k[] = {
		{ "2026-03-06T14:00:00+08:00", "2026-03-10T23:59:59+08:00", 2 },
		{ "2026-01-04T09:00:00+08:00", "2026-01-05T23:59:59+08:00", 1 },
		{ "2026-09-30T23:59:59+08:00", "2026-10-09T23:59:59+08:00", 2 },
		{ "2026-09-30T16:00:00Z", "2026-10-08T23:59:59+08:00", 1 },
		{ "2026-02-13T00:00:00+08:00", "2026-02-14T23:59:59+08:00", 1 },
		{ "2026-02-15T08:00:00+08:00", "2026-02-15T23:59:59+08:00", 0 },
	};
	char buf[TK_TIME_LEN];
	tk_time t;
	size_t i;
	int good = 1;

	for (i = 0; i < sizeof(k) / sizeof(k[0]); i++) {
		if (tk_time_parse(k[i].start, &t) == -1)
			good = 0;
		tk_time_format(tk_sla_deadline(cal, t, k[i].n), buf);
		if (strcmp(buf, k[i].due) != 0) {
			printf("# %s + %d: want %s, got %s\n", k[i].start,
			    k[i].n, k[i].due, buf);
			good = 0;
		}
	}
	ok(good, "deadlines end at 23:59:59 local of the nth working day");
}

static void
test_sla(struct tk_calendar *cal)
{
	struct tk_sla sla;
	tk_time t, due;
	char buf[TK_TIME_LEN];

	tk_sla_init(&sla, cal);
	ok(tk_sla_limit(&sla, "consultation") == 2 &&
	    tk_sla_limit(&sla, "help") == 5 &&
	    tk_sla_limit(&sla, "suggestion") == 5 &&
	    tk_sla_limit(&sla, "complaint") == 15 &&
	    tk_sla_limit(&sla, "report") == 15 && sla.contact == 1 &&
	    tk_sla_limit(&sla, "praise") == -1, "limits: ticket-sla(1) defaults");
	tk_time_parse("2026-04-30T18:00:00+08:00", &t);
	ok(tk_sla_due(&sla, t, "complaint", 0, &due) == 0 &&
	    strcmp(tk_time_format(due, buf), "2026-05-25T23:59:59+08:00") == 0,
	    "complaint over the May Day holiday and its make-up Saturday");
	ok(tk_sla_due(&sla, t, "praise", 0, &due) == -1,
	    "unknown category refused");
}

/* Past the data: weekdays only, one warning for each year, once. */
static void
test_no_data(struct tk_calendar *cal, const char *errpath)
{
	char got[256];
	FILE *fp;
	size_t n;
	int32_t d = tk_days_from_civil(2026, 12, 25);

	ok(tk_calendar_add(cal, d, 10) == tk_days_from_civil(2027, 1, 8) &&
	    tk_calendar_add(cal, d, 20) == tk_days_from_civil(2027, 1, 22) &&
	    tk_calendar_is_workday(cal, tk_days_from_civil(2027, 1, 1)) &&
	    tk_calendar_count(cal, tk_days_from_civil(2028, 1, 1),
	    tk_days_from_civil(2029, 1, 1)) == 260 &&
	    tk_calendar_covered(cal, d, d) &&
	    !tk_calendar_covered(cal, d, d + 7),
	    "2027 and 2028 count weekdays only");
	fflush(stderr);
	fp = fopen(errpath, "r");
	n = fp ? fread(got, 1, sizeof(got) - 1, fp) : 0;
	got[n] = '\0';
	if (fp)
		fclose(fp);
	ok(strcmp(got, "calendar: warning: no calendar for 2027: counting "
	    "weekdays only\ncalendar: warning: no calendar for 2028: "
	    "counting weekdays only\n") == 0, "each year warned once");
}

static void
cleanup(const char *dir)
{
	static const char *const files[] = { "t.db", "t.db-wal", "t.db-shm",
	    "err" };
	char path[64];
	size_t i;

	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, files[i]);
		unlink(path);
	}
	rmdir(dir);
}

int
main(void)
{
	char dir[] = "/tmp/calendar-unit.XXXXXX", db[64], errpath[64];
	struct tk_db *h;
	struct tk_calendar *cal;

	tk_setprogname("calendar");
	if (mkdtemp(dir) == NULL)
		return 1;
	snprintf(db, sizeof(db), "%s/t.db", dir);
	snprintf(errpath, sizeof(errpath), "%s/err", dir);
	h = tk_db_open(db);
	cal = tk_calendar_load(h);
	build_reference();
	test_is_workday(cal);
	test_add_small(cal);
	test_random(cal);
	test_known(cal);
	test_deadline(cal);
	test_sla(cal);
	if (freopen(errpath, "w", stderr) == NULL)
		return 1;
	test_no_data(cal, errpath);
	tk_calendar_free(cal);
	tk_db_close(h);
	cleanup(dir);
	printf("1..%d\n", ntest);
	return 0;
}
