/*
 * ticket-ls: the tickets a filter passes, or the tickets named, as JSON
 * lines (the default), an aligned table, CSV or an Open311 array.  The
 * supervision filters (cards, flags, overdue orders, the supervision
 * list) are judged at --now, as the sweep judges them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

enum format { JSON, TABLE, CSV, OPEN311, HISTORY };


struct ls {
	struct tk_db	*db;
	struct tk_filter f;
	enum format	 format;
	long		 shown;
};

static const char usage[] =
    "usage: ticket-ls [-d db] [-s status[,status...]] [-u unit] "
    "[-c category]\n"
    "                 [-S since] [-U until] [-C yellow|red] [-F kind] "
    "[-Orw]\n"
    "                 [-q queue | -D] [-t words] [-p phone]\n"
    "                 [-N now] [-n limit] [-o received|updated|due]\n"
    "                 [-f json|table|csv|open311]\n"
    "       ticket-ls -T [-r] [-u unit] [-n limit] [-f json|table]\n"
    "       ticket-ls [-d db] [-f format] id ... | -\n"
    "       ticket-ls [-d db] id --attachment n\n";

/* The short options, as ticket-*(1) lists them. */
static const char letters[] =
    "a attachment, C card, c category, D duplicates, F flag, f format, "
    "n limit, O overdue, o sort, p phone, q queue, r reverse, S since, "
    "s status, T todo, t text, U until, u unit, w supervision";

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

	while ((w = strsep(&p, ",")) != NULL)
		tk_jpush(list, json_string(tk_statuses[tk_flag_word("--status",
		    w, tk_statuses, TK_SAY_UNKNOWN)].word));
	out = json_dumps(list, JSON_COMPACT);
	json_decref(list);
	free(copy);
	return out;
}

/*
 * The statuses a queue's tickets stand in, so the status index leads:
 * those awaiting a decision on an order are open.
 */
static char *
queue_statuses(const char *queue)
{
	switch (tk_enum_find(tk_queues, queue)) {
	case TK_Q_ESCALATED:
		return tk_xstrdup("[\"escalated\"]");
	case TK_Q_UNROUTED:
	case TK_Q_DUPLICATES:
	case TK_Q_SUSPECT:
		return tk_xstrdup("[\"new\"]");
	case TK_Q_CALLBACKS:
		return tk_xstrdup("[\"replied\"]");
	default:
		return parse_statuses("escalated,dispatched,in_progress,"
		    "reopened,replied");
	}
}

/* The filter the options make, judged at --now. */
static void
filter(struct ls *ls, const struct tk_args *g)
{
	struct tk_calendar *cal;

	ls->f.statuses = g->status != NULL ? parse_statuses(g->status) : NULL;
	ls->f.category = g->category;
	ls->f.unit = g->unit;
	ls->f.since = g->since != NULL ? parse_bound(g->since, "--since", 0) :
	    INT64_MIN;
	ls->f.until = g->until != NULL ? parse_bound(g->until, "--until", 1) :
	    INT64_MAX;
	ls->f.card = g->card;
	ls->f.flag = g->flag;
	ls->f.overdue = g->overdue;
	ls->f.supervision = g->supervision;
	ls->f.now = g->o.now;
	ls->f.sort = g->sort != NULL ? tk_enum_find(tk_sorts, g->sort) :
	    TK_SORT_RECEIVED;
	ls->f.reverse = g->reverse;
	ls->f.limit = g->limit;
	ls->f.queue = g->duplicates ? tk_queues[TK_Q_DUPLICATES].word :
	    g->queue;
	if (ls->f.statuses == NULL && ls->f.queue != NULL)
		ls->f.statuses = queue_statuses(ls->f.queue);
	if (g->text != NULL && (ls->f.text = tk_search_query(g->text)) == NULL)
		tk_errx(TK_EXIT_USAGE, "--text: no words to look for");
	ls->f.ranked = g->sort == NULL;
	ls->f.phone = g->phone;
	if (!ls->f.supervision)
		return;
	cal = tk_calendar_load(ls->db);
	ls->f.near = tk_sweep_near(cal, g->o.now, tk_sweep_yellow_days());
	tk_calendar_free(cal);
}

static int
show(json_t *t, void *arg)
{
	struct ls *ls = arg;
	char *lead = NULL;
	tk_time due = -1;
	json_t *o;

	if (ls->f.viewer != NULL)
		tk_store_view(ls->db, t, ls->f.viewer);
	switch (ls->format) {
	case JSON:
		tk_out_json(t);
		break;
	case TABLE:
		tk_ticket_table(stdout, t);
		break;
	case HISTORY:
		if (ls->shown > 0)
			putchar('\n');
		tk_ticket_history(stdout, t);
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

/* A ticket's files are listed with it when it has any. */
static void
with_attachments(struct tk_db *db, json_t *t)
{
	json_t *list = tk_attach_list(db, tk_json_str(t, "id"));

	if (json_array_size(list) > 0)
		tk_jset(t, "attachments", list);
	else
		json_decref(list);
}

/* --attachment: one file of one ticket, as it was given, to stdout. */
static int
attachment(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	char err[TK_ERRLEN];
	json_t *t;

	if (g->argc != 1)
		tk_errx(TK_EXIT_USAGE, "--attachment: name one ticket");
	if ((t = tk_store_load(db, g->argv[0], 0)) == NULL ||
	    (!a->platform && tk_store_view(db, t, a->unit) == -1)) {
		json_decref(t);
		tk_errx(TK_EXIT_DATA, "%s: %s", g->argv[0], t == NULL ?
		    "no such ticket" : "not a ticket of this unit");
	}
	json_decref(t);
	if (tk_attach_write(db, g->argv[0], g->attachment, stdout, err) == -1)
		tk_errx(TK_EXIT_DATA, "%s", err);
	return TK_EXIT_OK;
}

/* A named ticket, whole: assignments and history too. */
static int
show_one(struct ls *ls, const char *id, const char *source, long line)
{
	json_t *t;

	const char *why = "no such ticket";

	if ((t = tk_store_load(ls->db, id, TK_LOAD_ALL)) != NULL &&
	    ls->f.viewer != NULL && tk_store_view(ls->db, t, ls->f.viewer) == -1) {
		json_decref(t);
		t = NULL;
		why = "not a ticket of this unit";
	}
	if (t != NULL)
		with_attachments(ls->db, t);
	if (t == NULL) {
		if (line > 0)
			tk_recerr(source, line, "%s: %s", id, why);
		else
			fprintf(stderr, "%s: %s: %s\n", tk_progname(), id, why);
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

/* An order of the queue: the ticket's line and its step, or a row. */
static int
show_todo(const struct tk_queue_row *t, void *arg)
{
	struct ls *ls = arg;

	if (ls->format == TABLE) {
		tk_queue_table(stdout, t);
		return 0;
	}
	tk_out_text(t->line);
	tk_out_text("\n");
	return 0;
}

/*
 * The queue of the acting unit, or for the platform of the unit it
 * names: the queue alone, its own order.
 */
static int
todo(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct ls ls = { db, { 0 }, g->format, 0 };
	const char *unit = a->platform ? g->unit : a->unit;

	if (g->status != NULL || g->category != NULL || g->since != NULL ||
	    g->until != NULL || g->card != NULL || g->flag != NULL ||
	    g->overdue || g->supervision || g->queue != NULL ||
	    g->duplicates || g->text != NULL || g->phone != NULL ||
	    g->sort != NULL || g->argc > 0)
		tk_errx(TK_EXIT_USAGE, "--todo: the queue alone, in its own "
		    "order: no other filter, no --sort, no ticket named");
	if (unit == NULL)
		tk_errx(TK_EXIT_USAGE, "--todo: the platform names the unit "
		    "with --unit");
	if (ls.format != JSON && ls.format != TABLE)
		tk_errx(TK_EXIT_USAGE, "--todo: --format json or table");
	if (ls.format == TABLE)
		tk_queue_table(stdout, NULL);
	tk_queue_unit(db, unit, g->limit, g->reverse, ls.format == JSON,
	    show_todo, &ls);
	return TK_EXIT_OK;
}

/* What only the platform may look for: its queues, a caller's calls. */
static void
platform_only(const struct tk_act *a, const struct tk_args *g)
{
	if (a->platform)
		return;
	if (g->queue != NULL || g->duplicates)
		tk_errx(TK_EXIT_USAGE, "--queue: the platform's queues; a "
		    "unit's is --todo");
	if (g->phone != NULL)
		tk_errx(TK_EXIT_USAGE, "--phone: only the platform looks up "
		    "a caller");
}

static int
list(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct ls ls = { db, { 0 }, g->format, 0 };
	int missing = 0;

	if (g->attachment > 0)
		return attachment(db, a, g);
	if (g->todo)
		return todo(db, a, g);
	platform_only(a, g);
	if (g->queue != NULL && g->duplicates)
		tk_errx(TK_EXIT_USAGE, "--duplicates is --queue duplicates: "
		    "one queue at a time");
	filter(&ls, g);
	/* A unit sees what its orders gave it, no more (ticket(7)). */
	ls.f.viewer = a->platform ? NULL : a->unit;
	/* Named, a ticket's table is its history, for people to read. */
	if (g->argc > 0 && ls.format == TABLE)
		ls.format = HISTORY;
	start(&ls);
	if (g->argc > 0)
		missing = show_named(&ls, g->argv, g->argc);
	else
		tk_store_each(db, &ls.f, show, &ls);
	if (ls.format == OPEN311)
		tk_out_text("]\n");
	free((char *)ls.f.statuses);
	free((char *)ls.f.text);
	return missing ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

static const struct tk_verb verbs[] = {
	{ NULL, list, .takes = "attachment card category duplicates flag "
	    "format limit/ls overdue phone queue reverse since sort status "
	    "supervision text todo unit until", .maxargs = -1,
	    .flags = TK_VERB_DEFAULT | TK_VERB_ACT | TK_VERB_READS,
	    .formats = "json table csv open311" },
	{ NULL }
};

TK_VERB_MAIN("ticket-ls", usage, letters, verbs)
