/*
 * opts.c: the options every command shares (ticket(7)).
 *
 * Environment first, then the command line over it: $TICKET_DB,
 * $TICKET_NOW and $TICKET_ACTOR give defaults that --db, --now and --actor
 * override.  "Now" is fixed once per run so that every event of one run
 * carries the same moment, and tests and replays can pin it.
 */
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "ticket.h"

static void
set_now(struct tk_opts *o, const char *s, const char *what)
{
	o->now = tk_flag_time(what, s, NULL);
	o->now_given = 1;
}

void
tk_opts_init(struct tk_opts *o, const char *progname)
{
	const char *s;

	tk_setprogname(progname);
	/* A reader that goes away is a write error (exit 4), not a kill. */
	signal(SIGPIPE, SIG_IGN);
	tk_conf_load(NULL, 0);
	o->db = tk_conf_get("db");	/* $TICKET_DB over the file */
	o->actor = (s = getenv("TICKET_ACTOR")) != NULL && *s != '\0' ?
	    s : "platform";
	o->now = time(NULL);
	o->now_given = 0;
	if ((s = getenv("TICKET_NOW")) != NULL && *s != '\0')
		set_now(o, s, "TICKET_NOW");
}

/* Returns 1 when ch was a common option, 0 when it is the command's own. */
int
tk_opts_common(struct tk_opts *o, int ch, const char *arg,
    void (*usage)(int))
{
	switch (ch) {
	case 'A':
		if (*arg == '\0')
			tk_errx(TK_EXIT_USAGE, "--actor: empty");
		o->actor = arg;
		return 1;
	case 'd':
		o->db = arg;
		tk_conf_set("db", arg);	/* ticket-admin config says whence */
		return 1;
	case 'h':
		usage(TK_EXIT_OK);
		return 1;
	case 'N':
		set_now(o, arg, "--now");
		return 1;
	case 'V':
		printf("%s %s\n", tk_progname(), TK_VERSION);
		exit(tk_shut(TK_EXIT_OK));
	case '?':
		usage(TK_EXIT_USAGE);
		return 1;
	}
	return 0;
}
