/*
 * ticket-callback: the callback (回访) and what ends a ticket.
 *
 * due lists the replied tickets awaiting a callback, with the caller's
 * phone, for the platform's own agents; sample draws a reproducible
 * share of them for spot checks (抽查).  record and close act on ticket
 * numbers given as arguments or on JSON lines on stdin, and print each
 * ticket changed.  sms-out writes one message a survey for an SMS
 * gateway; sms-in reads the gateway's replies and records each answer
 * as a callback, printing the ticket; a reply that matches no open
 * survey is named on stderr and changes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

static const char usage[] =
    "usage: ticket-callback due [-o duration] [-d db] [-N now]\n"
    "       ticket-callback sample -r rate [-S seed] [-u] "
    "[-o duration] [-d db] [-N now]\n"
    "       ticket-callback record [id ...] -R result [-v resolved] "
    "-m method\n"
    "                       [-n note] [-O] [-A actor] [-d db] "
    "[-N now]\n"
    "       ticket-callback close [id ...] -w reason [-x] "
    "[-A actor]\n"
    "                      [-d db] [-N now]\n"
    "       ticket-callback sms-out [-A actor] [-d db] [-N now]\n"
    "       ticket-callback sms-in [-A actor] [-d db] [-N now] "
    "[file ...]\n";

/* The short options, as ticket-*(1) lists them. */
static const char letters[] =
    "m method, n note, O reopen, o older-than, R result, r rate, "
    "S seed, u per-unit, v resolved, w reason, x refused";

static int
print(json_t *line, void *arg)
{
	(void)arg;
	tk_out_json(line);
	return 0;
}

static int
do_due(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	(void)a;
	tk_callback_due(db, g->o.now - g->older, print, NULL);
	return TK_EXIT_OK;
}

/* Without --seed, the day of --now: a new sample each day, reproducible. */
static int
do_sample(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	uint64_t seed = g->seed != -1 ? (uint64_t)g->seed :
	    (uint64_t)tk_time_localdate(g->o.now);
	json_t *lines, *v;
	size_t i;

	(void)a;
	lines = tk_callback_sample(db, g->o.now - g->older, g->rate, seed,
	    g->per_unit);
	json_array_foreach(lines, i, v)
		tk_out_json(v);
	json_decref(lines);
	return TK_EXIT_OK;
}

static int
do_sms_out(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct tk_batch *b = tk_batch_new(db, 0);

	(void)g;
	tk_survey_out(a, b);
	tk_batch_free(b);
	return TK_EXIT_OK;
}

/* One reply in its savepoint; its ticket prints once committed. */
static int
reply_one(struct tk_act *a, struct tk_batch *b, struct tk_reader *rd,
    json_t *rec)
{
	char ticket[64];
	json_t *agent = NULL;
	int rc;

	tk_batch_record(b);
	if ((rc = tk_survey_in(a, rec, ticket, &agent)) == -1) {
		tk_batch_drop(b);
		tk_recerr(tk_reader_source(rd), tk_reader_line(rd), "%s",
		    a->err);
		return -1;
	}
	if (rc == 1) {		/* unread: for an agent, not an error */
		tk_batch_keep(b, agent);
		json_decref(agent);
		return 0;
	}
	tk_batch_keep_line(b, tk_store_load_line(a->db, ticket,
	    TK_LOAD_ASSIGNMENTS));
	return 0;
}

static int
do_sms_in(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct tk_reader *rd = tk_reader_open(g->argv, g->argc, 0);
	struct tk_batch *b = tk_batch_new(db, 0);
	json_t *rec;
	long refused = 0;
	int rc;

	while ((rc = tk_reader_read(rd, &rec)) != TK_READ_END) {
		if (rc == TK_READ_BAD) {
			tk_reader_complain(rd);
			refused++;
			continue;
		}
		refused += reply_one(a, b, rd, rec) == -1;
		json_decref(rec);
		if (tk_reader_would_block(rd))
			tk_batch_flush(b);
	}
	tk_batch_free(b);
	tk_reader_close(rd);
	return refused > 0 ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

#define CALL	"call citizens back"	/* what only the platform may do */

static const struct tk_verb verbs[] = {
	{ "due", do_due, .takes = "older-than" },
	{ "sample", do_sample, .takes = "older-than rate seed per-unit",
	    .needs = "rate" },
	{ "record", .each = &tk_callback_record, .takes = "result resolved method note "
	    "reopen", .needs = "result method", .maxargs = -1,
	    .platform = CALL,
	    .need = "record: needs --result and --method" },
	{ "close", .each = &tk_callback_close, .takes = "reason refused",
	    .needs = "reason",
	    .maxargs = -1, .platform = CALL },
	{ "sms-out", do_sms_out, .flags = TK_VERB_ACT, .platform = CALL },
	{ "sms-in", do_sms_in, .maxargs = -1,
	    .flags = TK_VERB_ACT | TK_VERB_FILES,
	    .platform = CALL },
	{ NULL }
};

TK_VERB_MAIN("ticket-callback", usage, letters, verbs)
