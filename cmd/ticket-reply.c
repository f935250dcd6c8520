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

typedef int (*reply_fn)(struct tk_act *, const char *, struct tk_reply *);

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

static struct tk_reply
reply_of(const struct tk_args *g)
{
	struct tk_reply r = {
		.unit = g->unit, .text = g->text, .handler = g->handler,
		.phone = g->phone, .approver = g->approver,
		.contact = g->contact, .basis = g->basis,
		.outcome = g->outcome, .told = g->told, .method = g->method,
		.note = g->note, .bounce = g->bounce
	};

	return r;
}

/* Runs the verb on one ticket, and says when it raised a flag. */
static int
act(struct tk_act *a, const char *id, struct tk_args *g, reply_fn fn)
{
	struct tk_reply r = reply_of(g);
	int rc = fn(a, id, &r);

	if (rc != TK_ACT_REFUSED && r.flagged[0] != '\0')
		tk_warnx("%s: accountability flag for \"%s\": two consecutive "
		    "bounces", id, r.flagged);
	return rc;
}

static int
contact(struct tk_act *a, const char *id, struct tk_args *g)
{
	return act(a, id, g, tk_reply_contact);
}

static int
submit(struct tk_act *a, const char *id, struct tk_args *g)
{
	return act(a, id, g, tk_reply_submit);
}

static int
review(struct tk_act *a, const char *id, struct tk_args *g)
{
	return act(a, id, g, tk_reply_review);
}

/* The words of the reply's fields, before anything is opened. */
static void
check_words(struct tk_args *g)
{
	struct tk_reply r = reply_of(g);
	char err[TK_ERRLEN];

	if (tk_reply_check(&r, err) == -1)
		tk_errx(TK_EXIT_USAGE, "%s", err);
}

/* A command line with nothing of a reply is not one. */
static void
check_submit(struct tk_args *g)
{
	check_words(g);
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
	{ "contact", .each = contact, .takes = "method note unit",
	    .needs = "method", .maxargs = -1, .check = check_words },
	{ "reply", .each = submit, .takes = "text handler phone approver "
	    "contact basis outcome told unit", .maxargs = -1,
	    .flags = TK_VERB_DEFAULT, .check = check_submit },
	{ "review", .each = review, .takes = "approve bounce unit",
	    .maxargs = -1, .check = check_review },
	{ NULL }
};

static const struct tk_cmd cmd = { "ticket-reply", usage, letters, verbs };

int
main(int argc, char *argv[])
{
	return tk_verb_main(&cmd, argc, argv);
}
