/*
 * ticket-report: assessment per unit (units), volumes (summary), hot
 * spots (hot) and the monthly briefing (brief), over a period of whole
 * days.  Every figure is read from the event log as of the period's end,
 * so a report on a past period is the same whenever it is run.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

static const char usage[] =
    "usage: ticket-report units [-d db] [-F date] [-T date] [-m month] "
    "[-l level]\n"
    "                     [-u unit] [-f json|table|csv|wide] "
    "[-c columns]\n"
    "       ticket-report units -e unit [-g figure] [-d db] [-F date] "
    "[-T date]\n"
    "                     [-m month] [-l level] [-f json|table|csv]\n"
    "       ticket-report rules [-d db] [-f json|table|csv]\n"
    "       ticket-report summary [-d db] [-F date] [-T date] "
    "[-m month] [-f format]\n"
    "       ticket-report hot [-d db] [-F date] [-T date] [-m month] "
    "[-n limit] [-f format]\n"
    "       ticket-report brief -m month [-d db] [-f html|md]\n";

/* The short options, as ticket-*(1) lists them. */
static const char letters[] =
    "c columns, e explain, F from, f format, g figure, l level, m month, "
    "n limit, T to, u unit";

#define TABLES	"json table csv"	/* in the order of TK_REPORT_* */
#define WIDE	3			/* units: a table of every column */

/* The period: whole days, from 00:00:00 of the first to the day after. */
static void
period(struct tk_report *r, const struct tk_args *g)
{
	int32_t from, to, today = tk_time_localdate(g->o.now);
	int y, m, d;
	char first[TK_DATE_LEN + 3];

	if (g->month != NULL) {
		snprintf(first, sizeof(first), "%s-01", g->month);
		if (strlen(g->month) != 7 || tk_date_parse(first, &from) == -1)
			tk_errx(TK_EXIT_USAGE, "--month: not YYYY-MM: \"%s\"",
			    g->month);
		tk_civil_from_days(from, &y, &m, &d);
		to = tk_days_from_civil(m == 12 ? y + 1 : y, m % 12 + 1, 1) - 1;
	} else {
		tk_civil_from_days(today, &y, &m, &d);
		from = tk_days_from_civil(y, m, 1);
		to = today;
	}
	if (g->from_day != TK_NO_DAY)
		from = g->from_day;
	if (g->to_day != TK_NO_DAY)
		to = g->to_day;
	if (to < from)
		tk_errx(TK_EXIT_USAGE, "--to is before --from");
	r->from = tk_time_from_local(from, 0);
	r->to = tk_time_from_local(to + 1, 0);
}

/* The report the options ask for, the calendar loaded; --unit checked. */
static void
report_init(struct tk_report *r, struct tk_db *db, const struct tk_args *g)
{
	struct tk_unit u;

	memset(r, 0, sizeof(*r));
	period(r, g);
	r->db = db;
	r->level = g->level != NULL ? *g->level - '0' : 0;
	r->limit = (size_t)g->limit;
	r->figure = g->figure;
	if ((r->unit = g->unit) != NULL) {
		if (tk_unit_get(db, r->unit, &u) == -1)
			tk_errx(TK_EXIT_USAGE, "--%s: no such unit \"%s\"",
			    g->explain != NULL ? "explain" : "unit", r->unit);
		tk_unit_clear(&u);
	}
	r->cal = tk_calendar_load(db);
}

/* The columns asked for: --columns, else every one, but a table of
 * units has the few a supervisor reads first. */
static struct tk_report_col *
columns(struct tk_args *g, const struct tk_report_col *cols, int units)
{
	const char *names = g->columns;
	struct tk_report_col *got;
	char err[TK_ERRLEN];

	if (names == NULL)
		names = units && g->format == TK_REPORT_TABLE ?
		    tk_report_unit_default : "all";
	if (g->format == WIDE)
		g->format = TK_REPORT_TABLE;
	if ((got = tk_report_pick(cols, names, err)) == NULL)
		tk_errx(TK_EXIT_USAGE, "%s", err);
	return got;
}

static int
print_rows(struct tk_db *db, struct tk_args *g,
    json_t *(*rows)(const struct tk_report *), const struct tk_report_col *cols)
{
	struct tk_report_col *picked = columns(g, cols,
	    cols == tk_report_unit_cols);
	struct tk_report r;
	json_t *got;

	report_init(&r, db, g);
	got = rows(&r);
	tk_report_print(stdout, g->format, picked, got);
	json_decref(got);
	tk_calendar_free(r.cal);
	free(picked);
	return TK_EXIT_OK;
}

/* --explain: the orders behind one unit's figures, or one figure's,
 * printed as they are judged (a table's columns of fixed width). */
static int
explain(struct tk_db *db, struct tk_args *g)
{
	struct tk_report_col *picked;
	struct tk_report_out out;
	struct tk_report r;

	if (g->format == WIDE)
		tk_errx(TK_EXIT_USAGE, "--explain: json, table or csv");
	if (g->figure != NULL && tk_report_figure(g->figure) == -1)
		tk_errx(TK_EXIT_USAGE, "--figure: no figure \"%s\"", g->figure);
	g->unit = g->explain;
	picked = columns(g, tk_explain_cols, 0);
	report_init(&r, db, g);
	tk_report_start(&out, stdout, g->format, picked, NULL);
	tk_report_explain(&r, &out);
	tk_calendar_free(r.cal);
	free(picked);
	return TK_EXIT_OK;
}

/*
 * A unit sees its own figures (ticket(7), the trust model): its own, or
 * one of its level-3 units' with --unit or --explain.
 */
static int
units(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	const char **which = g->explain != NULL ? &g->explain : &g->unit;

	if (g->figure != NULL && g->explain == NULL)
		tk_errx(TK_EXIT_USAGE, "--figure goes with --explain");
	if (!a->platform && *which == NULL)
		*which = a->unit;
	else if (!a->platform && strcmp(*which, a->unit) != 0 &&
	    !tk_act_is_child(a, *which))
		tk_errx(TK_EXIT_USAGE, "--unit: unit \"%s\" sees its own "
		    "figures, not \"%s\"'s", a->unit, *which);
	if (g->explain != NULL)
		return explain(db, g);
	return print_rows(db, g, tk_report_units, tk_report_unit_cols);
}

/* The city's 考核办法 in force: the settings report.* (ticket(5)). */
static int
rules(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	json_t *got = tk_assess_rules();

	(void)db;
	(void)a;
	tk_report_print(stdout, g->format, tk_assess_cols, got);
	json_decref(got);
	return TK_EXIT_OK;
}

static int
summary(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	(void)a;
	return print_rows(db, g, tk_report_summary, tk_report_summary_cols);
}

static int
hot(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	(void)a;
	return print_rows(db, g, tk_report_hot, tk_report_hot_cols);
}

static int
brief(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct tk_report r;

	(void)a;
	report_init(&r, db, g);
	tk_brief(&r, g->format == 0, stdout);	/* html */
	tk_calendar_free(r.cal);
	return TK_EXIT_OK;
}

#define PERIOD	"from/day to/day month "
#define CITY	"see the city's figures"
#define READS	(TK_VERB_ACT | TK_VERB_READS)	/* as someone; nothing changed */

static const struct tk_verb verbs[] = {
	{ "units", units, .takes = PERIOD "level/report unit format columns "
	    "explain figure", .flags = READS, .formats = TABLES " wide" },
	{ "rules", rules, .takes = "format", .flags = READS,
	    .formats = TABLES },
	{ "summary", summary, .takes = PERIOD "format", .flags = READS,
	    .platform = CITY, .formats = TABLES },
	{ "hot", hot, .takes = PERIOD "limit/report format",
	    .flags = READS, .platform = CITY, .formats = TABLES },
	{ "brief", brief, .takes = "month format", .needs = "month",
	    .flags = READS, .platform = CITY, .formats = "html md",
	    .need = "brief: --month is required" },
	{ NULL }
};

TK_VERB_MAIN("ticket-report", usage, letters, verbs)
