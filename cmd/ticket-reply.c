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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

static const char usage[] =
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
    "[--unit unit]\n";

/* The short options, as ticket-*(1) lists them. */
static const char letters[] =
    "B bounce, b basis, c contact, H handler, m method, n note, "
    "o outcome, P phone, p approver, T told, t text, u unit, y approve";

/* A command line with nothing of a reply is not one. */
static void
check_submit(struct tk_args *g)
{
	if (g->text == NULL && g->handler == NULL && g->phone == NULL &&
	    g->approver == NULL && g->contact == NULL && g->basis == NULL &&
	    g->outcome == NULL && g->told == NULL)
		tk_verb_usage(TK_EXIT_USAGE);
}

static void
check_review(struct tk_args *g)
{
	if (g->approve ? g->bounce != NULL : g->bounce == NULL ||
	    *g->bounce == '\0')
		tk_errx(TK_EXIT_USAGE, "review: needs --approve or --bounce "
		    "reason");
}

static const struct tk_verb verbs[] = {
	{ "contact", .each = &tk_reply_contact, .takes = "method note unit",
	    .needs = "method", .maxargs = -1 },
	{ "reply", .each = &tk_reply_submit, .takes = "text handler phone approver "
	    "contact basis outcome told unit", .maxargs = -1,
	    .flags = TK_VERB_DEFAULT, .check = check_submit },
	{ "review", .each = &tk_reply_review, .takes = "approve bounce unit",
	    .maxargs = -1, .check = check_review },
	{ NULL }
};

TK_VERB_MAIN("ticket-reply", usage, letters, verbs)
