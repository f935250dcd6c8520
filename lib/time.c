/*
 * time.c: RFC 3339 times and civil dates in the platform's zone.
 *
 * The platform keeps one fixed UTC offset (China Standard Time, +08:00, has
 * no daylight saving), so local dates are plain arithmetic: no TZ
 * environment, no localtime(3), the same answer in every process.  Dates
 * are counted as days since 1970-01-01 with the proleptic Gregorian
 * calendar; floor division keeps times before 1970 correct.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ticket.h"

static int zone_offset = 8 * 3600;

/* Division rounding down, so days and weeks before 1970 come out right. */
int64_t
tk_floordiv(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

int32_t
tk_days_from_civil(int y, int m, int d)
{
	int era, yoe, doy, doe;

	y -= m <= 2;
	era = (int)tk_floordiv(y, 400);
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
tk_civil_from_days(int32_t z, int *y, int *m, int *d)
{
	int era, doe, yoe, doy, mp;

	z += 719468;
	era = (int)tk_floordiv(z, 146097);
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
tk_weekday(int32_t days)
{
	int r = (int)(((int64_t)days + 4) % 7);

	return r < 0 ? r + 7 : r;
}

static int
valid_date(int y, int m, int d)
{
	int yy, mm, dd;

	if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	tk_civil_from_days(tk_days_from_civil(y, m, d), &yy, &mm, &dd);
	return yy == y && mm == m && dd == d;
}

/* Reads exactly n digits. */
static int
digits(const char **sp, int n, int *out)
{
	const char *s = *sp;
	int v = 0;

	while (n-- > 0) {
		if (!isdigit((unsigned char)*s))
			return -1;
		v = v * 10 + (*s++ - '0');
	}
	*sp = s;
	*out = v;
	return 0;
}

static int
parse_offset(const char **sp, int *off)
{
	const char *s = *sp;
	int sign, hh, mm;

	if (*s == 'Z' || *s == 'z') {
		*off = 0;
		*sp = s + 1;
		return 0;
	}
	if (*s != '+' && *s != '-')
		return -1;
	sign = *s++ == '-' ? -1 : 1;
	if (digits(&s, 2, &hh) == -1 || *s++ != ':' ||
	    digits(&s, 2, &mm) == -1 || hh > 23 || mm > 59)
		return -1;
	*off = sign * (hh * 3600 + mm * 60);
	*sp = s;
	return 0;
}

static int
parse_date(const char **sp, int *y, int *m, int *d)
{
	const char *s = *sp;

	if (digits(&s, 4, y) == -1 || *s++ != '-' || digits(&s, 2, m) == -1 ||
	    *s++ != '-' || digits(&s, 2, d) == -1 || !valid_date(*y, *m, *d))
		return -1;
	*sp = s;
	return 0;
}

/*
 * A time is printed in the platform's zone with a four-digit year: one
 * whose local year is not 1 to 9999 (9999-12-31T23:00:00-05:00 is
 * 10000 in +08:00) would print as another, so it is refused.
 */
static int
printable(tk_time t)
{
	int y, m, d;

	tk_civil_from_days(tk_time_localdate(t), &y, &m, &d);
	return y >= 1 && y <= 9999 ? 0 : -1;
}

/* RFC 3339: 2026-03-02T09:15:00+08:00, fractions of a second dropped. */
int
tk_time_parse(const char *s, tk_time *t)
{
	int y, mo, d, h, mi, sec, off;

	if (parse_date(&s, &y, &mo, &d) == -1)
		return -1;
	if (*s != 'T' && *s != 't' && *s != ' ')
		return -1;
	s++;
	if (digits(&s, 2, &h) == -1 || *s++ != ':' ||
	    digits(&s, 2, &mi) == -1 || *s++ != ':' ||
	    digits(&s, 2, &sec) == -1 || h > 23 || mi > 59 || sec > 59)
		return -1;
	if (*s == '.' && isdigit((unsigned char)s[1]))
		for (s++; isdigit((unsigned char)*s); s++)
			;
	if (parse_offset(&s, &off) == -1 || *s != '\0')
		return -1;
	*t = (tk_time)tk_days_from_civil(y, mo, d) * 86400 +
	    h * 3600 + mi * 60 + sec - off;
	return printable(*t);
}

/* A local time in a strptime(3) format, read in the platform's zone. */
int
tk_time_parse_local(const char *s, const char *fmt, tk_time *t)
{
	struct tm tm;
	const char *end;

	memset(&tm, 0, sizeof(tm));
	tm.tm_mday = 1;
	if ((end = strptime(s, fmt, &tm)) == NULL)
		return -1;
	while (isspace((unsigned char)*end))
		end++;
	if (*end != '\0' || tm.tm_sec > 59 ||
	    !valid_date(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday))
		return -1;
	*t = tk_time_from_local(tk_days_from_civil(tm.tm_year + 1900,
	    tm.tm_mon + 1, tm.tm_mday),
	    tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec);
	return printable(*t);
}

int
tk_date_parse(const char *s, int32_t *days)
{
	int y, m, d;

	if (parse_date(&s, &y, &m, &d) == -1 || *s != '\0')
		return -1;
	*days = tk_days_from_civil(y, m, d);
	return 0;
}

/* "+08:00", "-05:30" or "Z". */
int
tk_zone_parse(const char *s, int *off)
{
	if (parse_offset(&s, off) == -1 || *s != '\0')
		return -1;
	return 0;
}

void
tk_zone_set(int off)
{
	zone_offset = off;
}

int
tk_zone_get(void)
{
	return zone_offset;
}

int32_t
tk_time_localdate(tk_time t)
{
	return (int32_t)tk_floordiv(t + zone_offset, 86400);
}

tk_time
tk_time_from_local(int32_t days, int secs)
{
	return (tk_time)days * 86400 + secs - zone_offset;
}

/* Two digits of v at p. */
static char *
digits2(char *p, unsigned v)
{
	p[0] = (char)('0' + v / 10 % 10);
	p[1] = (char)('0' + v % 10);
	return p + 2;
}

/* Written digit by digit: listings print a time or two a line, and
 * snprintf's parsing of its format was a good part of their cost. */
char *
tk_time_format(tk_time t, char buf[TK_TIME_LEN])
{
	int64_t local = t + zone_offset;
	int32_t days = (int32_t)tk_floordiv(local, 86400);
	unsigned sod = (unsigned)(local - (int64_t)days * 86400);
	unsigned off = (unsigned)(zone_offset < 0 ? -zone_offset : zone_offset);
	int y, m, d;
	char *p = buf;

	if (printable(t) == -1)
		tk_errx(TK_EXIT_DATA, "a time past the year 9999 (or before "
		    "the year 1): %lld", (long long)t);
	tk_civil_from_days(days, &y, &m, &d);
	p = digits2(p, (unsigned)y / 100);
	p = digits2(p, (unsigned)y);
	*p++ = '-';
	p = digits2(p, (unsigned)m);
	*p++ = '-';
	p = digits2(p, (unsigned)d);
	*p++ = 'T';
	p = digits2(p, sod / 3600);
	*p++ = ':';
	p = digits2(p, sod / 60 % 60);
	*p++ = ':';
	p = digits2(p, sod % 60);
	*p++ = zone_offset < 0 ? '-' : '+';
	p = digits2(p, off / 3600);
	*p++ = ':';
	p = digits2(p, off / 60 % 60);
	*p = '\0';
	return buf;
}

char *
tk_date_format(int32_t days, char buf[TK_DATE_LEN])
{
	int y, m, d;

	tk_civil_from_days(days, &y, &m, &d);
	snprintf(buf, TK_DATE_LEN, "%04u-%02u-%02u", (unsigned)y % 10000,
	    (unsigned)m % 100, (unsigned)d % 100);
	return buf;
}
