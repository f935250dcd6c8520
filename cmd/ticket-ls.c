/*
 * ticket-ls: the tickets a filter passes, or the tickets named, as JSON
 * lines (the default), an aligned table, CSV or an Open311 array.  The
 * supervision filters (cards, flags, overdue orders, the supervision
 * list) are judged at --now, as the sweep judges them.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

enum format { JSON, TABLE, CSV, OPEN311 };

struct ls {
	struct tk_opts	 o;
	struct tk_db	*db;
	struct tk_filter f;
	enum format	 format;
	long		 shown;
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ticket-ls [-d db] [-s status[,status...]] [-u unit] "
	    "[-c category]\n"
	    "                 [-S since] [-U until] [-C yellow|red] [-F kind] "
	    "[-O] [-w]\n"
	    "                 [-N now] [-f json|table|csv|open311]\n"
	    "       ticket-ls [-d db] [-f format] id ... | -\n");
	exit(status);
}

static const struct option longopts[] = {
	TK_COMMON_LONGOPTS,
	{ "card",	required_argument,	NULL,	'C' },
	{ "category",	required_argument,	NULL,	'c' },
	{ "flag",	required_argument,	NULL,	'F' },
	{ "format",	required_argument,	NULL,	'f' },
	{ "overdue",	no_argument,		NULL,	'O' },
	{ "since",	required_argument,	NULL,	'S' },
	{ "status",	required_argument,	NULL,	's' },
	{ "supervision", no_argument,		NULL,	'w' },
	{ "unit",	required_argument,	NULL,	'u' },
	{ "until",	required_argument,	NULL,	'U' },
	{ NULL,		0,			NULL,	0 }
};

static enum format
parse_format(const char *s)
{
	static const char *const names[] = { "json", "table", "csv",
	    "open311", NULL };
	int i;

	for (i = 0; names[i] != NULL; i++)
		if (strcmp(s, names[i]) == 0)
			return (enum format)i;
	tk_errx(TK_EXIT_USAGE, "--format: expected json, table, csv or "
	    "open311, not \"%s\"", s);
}

/* A time, or a date meaning its first second (the day after, for until). */
static tk_time
parse_bound(const char *s, const char *opt, int end)
{
	tk_time t;
	int32_t day;

	if (tk_time_parse(s, &t) == 0)
		return t;
	if (tk_date_parse(s, &day) == 0)
		return tk_time_from_local(day + end, 0);
	tk_errx(TK_EXIT_USAGE, "%s: not a date or RFC 3339 time: \"%s\"", opt,
	    s);
}

/* "new,dispatched" as the JSON array the store wants, each word checked. */
static char *
parse_statuses(const char *s)
{
	json_t *list = json_array();
	char *copy = tk_xstrdup(s), *p = copy, *w, *out;

	while ((w = strsep(&p, ",")) != NULL) {
		if (tk_enum_find(tk_statuses, w) == -1)
			tk_errx(TK_EXIT_USAGE, "--status: unknown status "
			    "\"%s\"", w);
		tk_jpush(list, json_string(w));
	}
	out = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	free(copy);
	return out;
}

static void
parse(struct ls *ls, int argc, char *argv[])
{
	int ch;

	ls->f.since = INT64_MIN;
	ls->f.until = INT64_MAX;
	while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS
	    "C:c:F:f:OS:s:u:U:w", longopts, NULL)) != -1) {
		if (tk_opts_common(&ls->o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'C':
			if (strcmp(optarg, "yellow") != 0 &&
			    strcmp(optarg, "red") != 0)
				tk_errx(TK_EXIT_USAGE, "--card: yellow or red, "
				    "not \"%s\"", optarg);
			ls->f.card = optarg;
			break;
		case 'c':
			if (tk_enum_find(tk_categories, optarg) == -1)
				tk_errx(TK_EXIT_USAGE, "--category: unknown "
				    "category \"%s\"", optarg);
			ls->f.category = optarg;
			break;
		case 'F': ls->f.flag = optarg; break;
		case 'f': ls->format = parse_format(optarg); break;
		case 'O': ls->f.overdue = 1; break;
		case 'S': ls->f.since = parse_bound(optarg, "--since", 0); break;
		case 's': ls->f.statuses = parse_statuses(optarg); break;
		case 'u': ls->f.unit = optarg; break;
		case 'U': ls->f.until = parse_bound(optarg, "--until", 1); break;
		case 'w': ls->f.supervision = 1; break;
		default: usage(TK_EXIT_USAGE);
		}
	}
}

/* The moment the supervision filters judge by, and its yellow horizon. */
static void
judge_at(struct ls *ls)
{
	struct tk_calendar *cal;

	ls->f.now = ls->o.now;
	if (!ls->f.supervision)
		return;
	cal = tk_calendar_load(ls->db);
	ls->f.near = tk_sweep_near(cal, ls->o.now, tk_sweep_yellow_days());
	tk_calendar_free(cal);
}

static int
show(json_t *t, void *arg)
{
	struct ls *ls = arg;
	char *lead = NULL;
	tk_time due = -1;
	json_t *o;

	switch (ls->format) {
	case JSON:
		tk_out_json(t);
		break;
	case TABLE:
		tk_ticket_table(stdout, t);
		break;
	case CSV:
		tk_ticket_csv(stdout, t);
		break;
	case OPEN311:
		tk_store_lead(ls->db, tk_json_str(t, "id"), &lead, &due);
		o = tk_open311(t, lead, due);
		tk_out_text(ls->shown > 0 ? "," : "");
		tk_out_json(o);
		json_decref(o);
		free(lead);
		break;
	}
	ls->shown++;
	return 0;
}

static void
start(struct ls *ls)
{
	if (ls->format == TABLE)
		tk_ticket_table(stdout, NULL);
	else if (ls->format == CSV)
		tk_ticket_csv(stdout, NULL);
	else if (ls->format == OPEN311)
		tk_out_text("[\n");
}

/* A named ticket, whole: assignments and history too. */
static int
show_one(struct ls *ls, const char *id, const char *source, long line)
{
	json_t *t;

	if ((t = tk_store_load(ls->db, id, TK_LOAD_ALL)) == NULL) {
		if (line > 0)
			tk_recerr(source, line, "%s: no such ticket", id);
		else
			fprintf(stderr, "%s: %s: no such ticket\n",
			    tk_progname(), id);
		return -1;
	}
	show(t, ls);
	json_decref(t);
	return 0;
}

/* "-": the tickets of JSON lines on stdin, by their "id". */
static int
show_stdin(struct ls *ls)
{
	char *stdin_only[] = { "-" }, id[128];
	struct tk_reader *rd = tk_reader_open(stdin_only, 1, 0);
	int missing = 0;

	while (tk_reader_next_id(rd, id, sizeof(id)) != NULL)
		missing += show_one(ls, id, tk_reader_source(rd),
		    tk_reader_line(rd)) == -1;
	missing += tk_reader_refused(rd);
	tk_reader_close(rd);
	return missing;
}

static int
show_named(struct ls *ls, char **ids, int n)
{
	int i, missing = 0;

	for (i = 0; i < n; i++)
		missing += strcmp(ids[i], "-") == 0 ? show_stdin(ls) :
		    show_one(ls, ids[i], NULL, 0) == -1;
	return missing;
}

int
main(int argc, char *argv[])
{
	struct ls ls;
	int missing = 0;

	memset(&ls, 0, sizeof(ls));
	tk_opts_init(&ls.o, "ticket-ls");
	parse(&ls, argc, argv);
	ls.db = tk_db_open(ls.o.db);
	judge_at(&ls);
	start(&ls);
	if (optind < argc)
		missing = show_named(&ls, argv + optind, argc - optind);
	else
		tk_store_each(ls.db, &ls.f, show, &ls);
	if (ls.format == OPEN311)
		tk_out_text("]\n");
	tk_db_close(ls.db);
	free((char *)ls.f.statuses);
	return tk_shut(missing ? TK_EXIT_PARTIAL : TK_EXIT_OK);
}
