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
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

/* Options of the verbs, as bits: each verb says which it takes. */
enum {
	O_OLDER = 1, O_RATE = 2, O_SEED = 4, O_PER_UNIT = 8, O_RESULT = 16,
	O_RESOLVED = 32, O_METHOD = 64, O_NOTE = 128, O_REOPEN = 256,
	O_REASON = 512
};

struct run {
	struct tk_opts	 o;
	struct tk_args	 c;
	tk_time		 older;
	double		 rate;
	uint64_t	 seed;
	int		 given;
};

struct verb {
	const char	*word;
	int		 opts, needs;
	int		 args;		/* takes ids or files */
	int		(*fn)(struct run *, struct tk_db *, char **, int);
	const char	*need;		/* the message when needs are not met */
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ticket-callback due [-o duration] [-d db] [-N now]\n"
	    "       ticket-callback sample -r rate [-S seed] [-u] "
	    "[-o duration] [-d db] [-N now]\n"
	    "       ticket-callback record [id ...] -R result [-v resolved] "
	    "-m method\n"
	    "                       [-n note] [-O] [-A actor] [-d db] "
	    "[-N now]\n"
	    "       ticket-callback close [id ...] -w reason [-A actor] "
	    "[-d db] [-N now]\n"
	    "       ticket-callback sms-out [-A actor] [-d db] [-N now]\n"
	    "       ticket-callback sms-in [-A actor] [-d db] [-N now] "
	    "[file ...]\n");
	exit(status);
}

static void
act_init(const struct run *r, struct tk_db *db, struct tk_act *a)
{
	if (tk_act_init(a, db, r->o.actor, r->o.now) == -1)
		tk_errx(TK_EXIT_USAGE, "%s", a->err);
	if (tk_act_platform_only(a, "call citizens back") == -1)
		tk_errx(TK_EXIT_USAGE, "%s", a->err);
}

static int
print(json_t *line, void *arg)
{
	(void)arg;
	tk_out_json(line);
	return 0;
}

static int
do_due(struct run *r, struct tk_db *db, char **args, int nargs)
{
	(void)args;
	(void)nargs;
	tk_callback_due(db, r->o.now - r->older, print, NULL);
	return TK_EXIT_OK;
}

/* Without --seed, the day of --now: a new sample each day, reproducible. */
static int
do_sample(struct run *r, struct tk_db *db, char **args, int nargs)
{
	json_t *lines, *v;
	size_t i;

	(void)args;
	(void)nargs;
	if (!(r->given & O_SEED))
		r->seed = (uint64_t)tk_time_localdate(r->o.now);
	lines = tk_callback_sample(db, r->o.now - r->older, r->rate, r->seed,
	    (r->given & O_PER_UNIT) != 0);
	json_array_foreach(lines, i, v)
		tk_out_json(v);
	json_decref(lines);
	return TK_EXIT_OK;
}

static int
do_record(struct run *r, struct tk_db *db, char **ids, int n)
{
	char err[TK_ERRLEN];
	struct tk_act a;
	long refused;

	if (tk_callback_check(&r->c, err) == -1)
		tk_errx(TK_EXIT_USAGE, "%s", err);
	act_init(r, db, &a);
	refused = tk_each_ticket(&a, ids, n, &tk_callback_record, &r->c);
	tk_act_free(&a);
	return refused > 0 ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

static int
do_close(struct run *r, struct tk_db *db, char **ids, int n)
{
	struct tk_act a;
	long refused;

	act_init(r, db, &a);
	refused = tk_each_ticket(&a, ids, n, &tk_callback_close, &r->c);
	tk_act_free(&a);
	return refused > 0 ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

static int
do_sms_out(struct run *r, struct tk_db *db, char **args, int nargs)
{
	struct tk_batch *b = tk_batch_new(db, 0);
	struct tk_act a;

	(void)args;
	(void)nargs;
	act_init(r, db, &a);
	tk_survey_out(&a, b);
	tk_batch_free(b);
	tk_act_free(&a);
	return TK_EXIT_OK;
}

/* One reply in its savepoint; its ticket prints once committed. */
static int
reply_one(struct tk_act *a, struct tk_batch *b, struct tk_reader *rd,
    json_t *rec)
{
	char ticket[64];

	tk_batch_record(b);
	if (tk_survey_in(a, rec, ticket) == -1) {
		tk_batch_drop(b);
		tk_recerr(tk_reader_source(rd), tk_reader_line(rd), "%s",
		    a->err);
		return -1;
	}
	tk_batch_keep_line(b, tk_store_load_line(a->db, ticket,
	    TK_LOAD_ASSIGNMENTS));
	return 0;
}

static int
do_sms_in(struct run *r, struct tk_db *db, char **files, int nfiles)
{
	struct tk_reader *rd = tk_reader_open(files, nfiles, 0);
	struct tk_batch *b = tk_batch_new(db, 0);
	struct tk_act a;
	json_t *rec;
	long refused = 0;
	int rc;

	act_init(r, db, &a);
	while ((rc = tk_reader_read(rd, &rec)) != TK_READ_END) {
		if (rc == TK_READ_BAD) {
			tk_reader_complain(rd);
			refused++;
			continue;
		}
		refused += reply_one(&a, b, rd, rec) == -1;
		json_decref(rec);
		if (tk_reader_would_block(rd))
			tk_batch_flush(b);
	}
	tk_batch_free(b);
	tk_reader_close(rd);
	tk_act_free(&a);
	return refused > 0 ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

static const struct verb verbs[] = {
	{ "due", O_OLDER, 0, 0, do_due, NULL },
	{ "sample", O_OLDER | O_RATE | O_SEED | O_PER_UNIT, O_RATE, 0,
	    do_sample, "sample: needs --rate" },
	{ "record", O_RESULT | O_RESOLVED | O_METHOD | O_NOTE | O_REOPEN,
	    O_RESULT | O_METHOD, 1, do_record, "record: needs --result and "
	    "--method" },
	{ "close", O_REASON, O_REASON, 1, do_close, "close: needs --reason" },
	{ "sms-out", 0, 0, 0, do_sms_out, NULL },
	{ "sms-in", 0, 0, 1, do_sms_in, NULL },
	{ NULL, 0, 0, 0, NULL, NULL }
};

static const struct option longopts[] = {
	TK_COMMON_LONGOPTS,
	{ "method",	required_argument,	NULL,	'm' },
	{ "note",	required_argument,	NULL,	'n' },
	{ "older-than",	required_argument,	NULL,	'o' },
	{ "per-unit",	no_argument,		NULL,	'u' },
	{ "rate",	required_argument,	NULL,	'r' },
	{ "reason",	required_argument,	NULL,	'w' },
	{ "reopen",	no_argument,		NULL,	'O' },
	{ "resolved",	required_argument,	NULL,	'v' },
	{ "result",	required_argument,	NULL,	'R' },
	{ "seed",	required_argument,	NULL,	'S' },
	{ NULL,		0,			NULL,	0 }
};

/* 90m, 36h, 2d: a duration in seconds. */
static tk_time
duration(const char *s)
{
	static const char units[] = "mhd";
	static const long secs[] = { 60, 3600, 86400 };
	const char *u;
	char *end;
	long n = strtol(s, &end, 10);

	if (end == s || n < 0 || n > 36500 || end[0] == '\0' || end[1] != '\0' ||
	    (u = strchr(units, end[0])) == NULL)
		tk_errx(TK_EXIT_USAGE, "--older-than: not a duration like 90m, "
		    "36h or 2d: \"%s\"", s);
	return (tk_time)n * secs[u - units];
}

static double
rate(const char *s)
{
	char *end;
	double r = strtod(s, &end);

	if (end == s || *end != '\0' || !(r > 0 && r <= 1))
		tk_errx(TK_EXIT_USAGE, "--rate: not a share above 0 and at most "
		    "1: \"%s\"", s);
	return r;
}

static uint64_t
seed(const char *s)
{
	char *end;
	unsigned long long n = strtoull(s, &end, 10);

	if (end == s || *end != '\0' || *s == '-')
		tk_errx(TK_EXIT_USAGE, "--seed: not a number: \"%s\"", s);
	return n;
}

/* A text option left empty counts as not given: it says nothing. */
static int
text(int bit)
{
	return *optarg != '\0' ? bit : 0;
}

static void
parse(struct run *r, int argc, char *argv[])
{
	int ch;

	while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS
	    "m:n:Oo:R:r:S:uv:w:", longopts, NULL)) != -1) {
		if (tk_opts_common(&r->o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'm': r->c.method = optarg; r->given |= O_METHOD; break;
		case 'n': r->c.note = optarg; r->given |= O_NOTE; break;
		case 'O': r->c.reopen = 1; r->given |= O_REOPEN; break;
		case 'o': r->older = duration(optarg); r->given |= O_OLDER; break;
		case 'R': r->c.result = optarg; r->given |= O_RESULT; break;
		case 'r': r->rate = rate(optarg); r->given |= O_RATE; break;
		case 'S': r->seed = seed(optarg); r->given |= O_SEED; break;
		case 'u': r->given |= O_PER_UNIT; break;
		case 'v': r->c.resolved = optarg; r->given |= O_RESOLVED; break;
		case 'w': r->c.reason = optarg; r->given |= text(O_REASON); break;
		default: usage(TK_EXIT_USAGE);
		}
	}
}

/* The verb named, and what it accepts; usage() otherwise. */
static const struct verb *
find_verb(const struct run *r, int argc, char *argv[])
{
	const struct verb *v;

	for (v = verbs; optind < argc && v->word != NULL; v++) {
		if (strcmp(v->word, argv[optind]) != 0)
			continue;
		if ((r->given & ~v->opts) != 0 || (!v->args &&
		    optind + 1 < argc))
			break;
		if ((r->given & v->needs) != v->needs)
			tk_errx(TK_EXIT_USAGE, "%s", v->need);
		optind++;
		return v;
	}
	usage(TK_EXIT_USAGE);
}

int
main(int argc, char *argv[])
{
	struct run r;
	const struct verb *v;
	struct tk_db *db;
	int rval;

	memset(&r, 0, sizeof(r));
	tk_opts_init(&r.o, "ticket-callback");
	parse(&r, argc, argv);
	v = find_verb(&r, argc, argv);
	db = tk_db_open(r.o.db);
	rval = v->fn(&r, db, argv + optind, argc - optind);
	tk_db_close(db);
	return tk_shut(rval);
}
