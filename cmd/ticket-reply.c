/*
 * ticket-reply: the handling unit's side of an order after signing.
 * It records that the unit reached the citizen, takes the unit's reply
 * (反馈件), and the review of a reply by the platform or by the unit the
 * reply goes to.  Each acts on ticket numbers given as arguments or on
 * JSON lines on stdin, and prints each ticket changed.
 *
 * A reply missing a required element is not refused like other bad
 * records: lib/reply.c stores it and bounces it at once, since bounces
 * count for accountability.  Such a ticket is printed, because it
 * changed, and named on stderr, and the exit status is 1.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

struct run {
	struct tk_opts	 o;
	struct tk_act	 act;
	struct tk_args	 r;
	int		 approve;
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ticket-reply [-A actor] [-d db] [-N now] [verb] ...\n"
	    "       ticket-reply contact [id ...] --method phone|sms|visit "
	    "[--note text]\n"
	    "                    [--unit unit]\n"
	    "       ticket-reply [reply] [id ...] --text text --handler name "
	    "--phone phone\n"
	    "                    --approver name --contact "
	    "phone|sms|visit|none\n"
	    "                    [--basis text] [--outcome "
	    "solved|explained|unsolvable]\n"
	    "                    [--told text] [--unit unit]\n"
	    "       ticket-reply review [id ...] (--approve | --bounce reason) "
	    "[--unit unit]\n");
	exit(status);
}

static const struct option longopts[] = {
	TK_COMMON_LONGOPTS,
	{ "approve",	no_argument,		NULL,	'y' },
	{ "approver",	required_argument,	NULL,	'p' },
	{ "basis",	required_argument,	NULL,	'b' },
	{ "bounce",	required_argument,	NULL,	'B' },
	{ "contact",	required_argument,	NULL,	'c' },
	{ "handler",	required_argument,	NULL,	'H' },
	{ "method",	required_argument,	NULL,	'm' },
	{ "note",	required_argument,	NULL,	'n' },
	{ "outcome",	required_argument,	NULL,	'o' },
	{ "phone",	required_argument,	NULL,	'P' },
	{ "text",	required_argument,	NULL,	't' },
	{ "told",	required_argument,	NULL,	'T' },
	{ "unit",	required_argument,	NULL,	'u' },
	{ NULL,		0,			NULL,	0 }
};

static void
parse(struct run *run, int argc, char *argv[])
{
	struct tk_args *r = &run->r;
	int ch;

	while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS
	    "B:b:c:H:m:n:o:P:p:T:t:u:y", longopts, NULL)) != -1) {
		if (tk_opts_common(&run->o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'B': r->bounce = optarg; break;
		case 'b': r->basis = optarg; break;
		case 'c': r->contact = optarg; break;
		case 'H': r->handler = optarg; break;
		case 'm': r->method = optarg; break;
		case 'n': r->note = optarg; break;
		case 'o': r->outcome = optarg; break;
		case 'P': r->phone = optarg; break;
		case 'p': r->approver = optarg; break;
		case 'T': r->told = optarg; break;
		case 't': r->text = optarg; break;
		case 'u': r->unit = optarg; break;
		case 'y': run->approve = 1; break;
		default: usage(TK_EXIT_USAGE);
		}
	}
}

static const struct verb {
	const char	*name;
	const struct tk_action *fn;
} verbs[] = {
	{ "contact", &tk_reply_contact },
	{ "reply", &tk_reply_submit },
	{ "review", &tk_reply_review },
	{ NULL, NULL }
};

/* The verb named, or the reply when the first word is no verb. */
static const struct verb *
find_verb(int argc, char *argv[])
{
	const struct verb *v;

	for (v = verbs; optind < argc && v->name != NULL; v++)
		if (strcmp(v->name, argv[optind]) == 0) {
			optind++;
			return v;
		}
	return &verbs[1];
}

/* Each verb's own options, checked before anything is opened. */
static void
check_args(const struct verb *v, struct run *run)
{
	const struct tk_args *r = &run->r;
	char err[TK_ERRLEN];

	if (tk_reply_check(r, err) == -1)
		tk_errx(TK_EXIT_USAGE, "%s", err);
	if (v->fn == &tk_reply_contact && r->method == NULL)
		tk_errx(TK_EXIT_USAGE, "contact: needs --method");
	if (v->fn == &tk_reply_review && (run->approve ? r->bounce != NULL :
	    r->bounce == NULL || *r->bounce == '\0'))
		tk_errx(TK_EXIT_USAGE, "review: needs --approve or --bounce "
		    "reason");
	/* A command line with nothing of a reply is not one. */
	if (v->fn == &tk_reply_submit && r->text == NULL && r->handler == NULL &&
	    r->phone == NULL && r->approver == NULL && r->contact == NULL &&
	    r->basis == NULL && r->outcome == NULL && r->told == NULL)
		usage(TK_EXIT_USAGE);
}

int
main(int argc, char *argv[])
{
	struct run run;
	const struct verb *v;
	struct tk_db *db;
	long refused;

	memset(&run, 0, sizeof(run));
	tk_opts_init(&run.o, "ticket-reply");
	parse(&run, argc, argv);
	v = find_verb(argc, argv);
	check_args(v, &run);
	db = tk_db_open(run.o.db);
	if (tk_act_init(&run.act, db, run.o.actor, run.o.now) == -1)
		tk_errx(TK_EXIT_USAGE, "%s", run.act.err);
	refused = tk_each_ticket(&run.act, argv + optind, argc - optind, v->fn,
	    &run.r);
	tk_act_free(&run.act);
	tk_db_close(db);
	return tk_shut(refused ? TK_EXIT_PARTIAL : TK_EXIT_OK);
}
