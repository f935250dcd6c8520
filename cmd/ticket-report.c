/*
 * ticket-report: assessment per unit (units), volumes (summary), hot
 * spots (hot) and the monthly briefing (brief), over a period of whole
 * days.  Every figure is read from the event log as of the period's end,
 * so a report on a past period is the same whenever it is run.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

enum verb { UNITS, SUMMARY, HOT, BRIEF };

struct rep {
	struct tk_opts	 o;
	struct tk_report r;
	enum verb	 verb;
	int		 format;	/* TK_REPORT_*, or BRIEF_* for brief */
	const char	*from, *to, *month;
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ticket-report units [-d db] [-F date] [-T date] [-m month] "
	    "[-l level]\n"
	    "                     [-u unit] [-f json|table|csv]\n"
	    "       ticket-report summary [-d db] [-F date] [-T date] "
	    "[-m month] [-f format]\n"
	    "       ticket-report hot [-d db] [-F date] [-T date] [-m month] "
	    "[-n limit] [-f format]\n"
	    "       ticket-report brief -m month [-d db] [-f html|md]\n");
	exit(status);
}

static const struct option longopts[] = {
	TK_COMMON_LONGOPTS,
	{ "format",	required_argument,	NULL,	'f' },
	{ "from",	required_argument,	NULL,	'F' },
	{ "level",	required_argument,	NULL,	'l' },
	{ "limit",	required_argument,	NULL,	'n' },
	{ "month",	required_argument,	NULL,	'm' },
	{ "to",		required_argument,	NULL,	'T' },
	{ "unit",	required_argument,	NULL,	'u' },
	{ NULL,		0,			NULL,	0 }
};

static long
number(const char *s, const char *opt, long lo, long hi)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < lo || n > hi)
		tk_errx(TK_EXIT_USAGE, "%s: expected a number from %ld to %ld, "
		    "not \"%s\"", opt, lo, hi, s);
	return n;
}

static int
parse_format(const char *s, enum verb v)
{
	static const char *const names[] = { "json", "table", "csv", NULL };
	static const char *const brief[] = { "html", "md", NULL };
	const char *const *list = v == BRIEF ? brief : names;
	int i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return i;
	tk_errx(TK_EXIT_USAGE, "--format: expected %s, not \"%s\"",
	    v == BRIEF ? "html or md" : "json, table or csv", s);
}

static enum verb
parse_verb(const char *s)
{
	static const char *const verbs[] = { "units", "summary", "hot",
	    "brief", NULL };
	int i;

	for (i = 0; verbs[i] != NULL; i++)
		if (strcmp(s, verbs[i]) == 0)
			return (enum verb)i;
	tk_errx(TK_EXIT_USAGE, "unknown verb \"%s\"", s);
}

static int32_t
day_of(const char *s, const char *opt)
{
	int32_t day;

	if (tk_date_parse(s, &day) == -1)
		tk_errx(TK_EXIT_USAGE, "%s: not a date (YYYY-MM-DD): \"%s\"",
		    opt, s);
	return day;
}

/* The period: whole days, from 00:00:00 of the first to the day after. */
static void
period(struct rep *p)
{
	int32_t from, to, today = tk_time_localdate(p->o.now);
	int y, m, d;
	char first[TK_DATE_LEN + 3];

	if (p->month != NULL) {
		snprintf(first, sizeof(first), "%s-01", p->month);
		if (strlen(p->month) != 7 || tk_date_parse(first, &from) == -1)
			tk_errx(TK_EXIT_USAGE, "--month: not YYYY-MM: \"%s\"",
			    p->month);
		tk_civil_from_days(from, &y, &m, &d);
		to = tk_days_from_civil(m == 12 ? y + 1 : y, m % 12 + 1, 1) - 1;
	} else {
		tk_civil_from_days(today, &y, &m, &d);
		from = tk_days_from_civil(y, m, 1);
		to = today;
	}
	if (p->from != NULL)
		from = day_of(p->from, "--from");
	if (p->to != NULL)
		to = day_of(p->to, "--to");
	if (to < from)
		tk_errx(TK_EXIT_USAGE, "--to is before --from");
	p->r.from = tk_time_from_local(from, 0);
	p->r.to = tk_time_from_local(to + 1, 0);
}

static void
parse(struct rep *p, int argc, char *argv[])
{
	const char *format = NULL;
	int ch;

	if (argc < 2 || argv[1][0] == '-') {
		while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS, longopts,
		    NULL)) != -1)
			tk_opts_common(&p->o, ch, optarg, usage);
		usage(TK_EXIT_USAGE);
	}
	p->verb = parse_verb(argv[1]);
	argc--, argv++;
	while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS
	    "F:f:l:m:n:T:u:", longopts, NULL)) != -1) {
		if (tk_opts_common(&p->o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'F': p->from = optarg; break;
		case 'f': format = optarg; break;
		case 'l': p->r.level = (int)number(optarg, "--level", 2, 3); break;
		case 'm': p->month = optarg; break;
		case 'n': p->r.limit = (size_t)number(optarg, "--limit", 0,
		    1000000); break;
		case 'T': p->to = optarg; break;
		case 'u': p->r.unit = optarg; break;
		default: usage(TK_EXIT_USAGE);
		}
	}
	if (optind < argc)
		usage(TK_EXIT_USAGE);
	if (p->verb == BRIEF && p->month == NULL)
		tk_errx(TK_EXIT_USAGE, "brief: --month is required");
	p->format = format != NULL ? parse_format(format, p->verb) : 0;
	period(p);
}

int
main(int argc, char *argv[])
{
	struct rep p;
	struct tk_db *db;
	struct tk_unit u;
	json_t *rows = NULL;

	memset(&p, 0, sizeof(p));
	p.r.limit = 20;
	tk_opts_init(&p.o, "ticket-report");
	parse(&p, argc, argv);
	p.r.db = db = tk_db_open(p.o.db);
	p.r.cal = tk_calendar_load(db);
	if (p.r.unit != NULL) {
		if (tk_unit_get(db, p.r.unit, &u) == -1)
			tk_errx(TK_EXIT_USAGE, "--unit: no such unit \"%s\"",
			    p.r.unit);
		tk_unit_clear(&u);
	}
	switch (p.verb) {
	case UNITS:
		rows = tk_report_units(&p.r);
		tk_report_print(stdout, p.format, tk_report_unit_cols, rows);
		break;
	case SUMMARY:
		rows = tk_report_summary(&p.r);
		tk_report_print(stdout, p.format, tk_report_summary_cols, rows);
		break;
	case HOT:
		rows = tk_report_hot(&p.r);
		tk_report_print(stdout, p.format, tk_report_hot_cols, rows);
		break;
	case BRIEF:
		tk_brief(&p.r, p.format == 0, stdout);
		break;
	}
	json_decref(rows);
	tk_calendar_free(p.r.cal);
	tk_db_close(db);
	return tk_shut(TK_EXIT_OK);
}
