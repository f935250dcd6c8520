/*
 * ticket-new: intake.  Records from JSON lines or CSV (or one from
 * flags) become tickets, each printed once its batch has committed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ticket.h"

#define MAXPAIRS	64

struct pairs {
	struct tk_pair	 p[MAXPAIRS];
	size_t		 n;
};

struct progress {
	int		 on;
	long		 records, refused;
	struct timespec	 start, last;
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ticket-new [-cnp] [-d db] [-m from=to] [-s field=value] "
	    "[-t format]\n"
	    "                  [-M field:from=to] [-S screening.csv] "
	    "[-A actor]\n"
	    "                  [-N now] [file ...]\n"
	    "       ticket-new [options] --what text --category c "
	    "--channel c [--when t]\n"
	    "                  [--where t] [--who t] [--process t] "
	    "[--result t] [--name n]\n"
	    "                  [--phone p] [--topic t] [--area a] "
	    "[--urgent] [--reject Rn]\n"
	    "                  [--source-id id]\n");
	exit(status);
}

static void
add_pair(struct pairs *ps, const char *arg, const char *opt)
{
	const char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg)
		tk_errx(TK_EXIT_USAGE, "%s: expected NAME=VALUE, not \"%s\"",
		    opt, arg);
	if (ps->n == MAXPAIRS)
		tk_errx(TK_EXIT_USAGE, "%s: more than %d", opt, MAXPAIRS);
	ps->p[ps->n].key = tk_xstrndup(arg, eq - arg);
	ps->p[ps->n++].value = eq + 1;
}

static void
add_field(struct pairs *ps, const char *field, const char *value)
{
	if (ps->n == MAXPAIRS)
		tk_errx(TK_EXIT_USAGE, "too many fields");
	ps->p[ps->n].key = field;
	ps->p[ps->n++].value = value;
}

/* A refused map is a usage error: no record would come out right. */
static void
add_value_map(struct tk_intake *in, struct tk_value_map *v, const char *arg)
{
	char err[TK_ERRLEN];

	if (in->nmaps == MAXPAIRS)
		tk_errx(TK_EXIT_USAGE, "--map-value: more than %d", MAXPAIRS);
	if (tk_value_map_parse(arg, &v[in->nmaps], err) == -1)
		tk_errx(TK_EXIT_USAGE, "--map-value: %s", err);
	in->maps = v;
	in->nmaps++;
}

/* Keys of --map and --set pairs are copies; flags' keys are static. */
static void
free_keys(struct pairs *ps)
{
	while (ps->n > 0)
		free((char *)ps->p[--ps->n].key);
}

static double
since(const struct timespec *a, const struct timespec *b)
{
	return (b->tv_sec - a->tv_sec) + (b->tv_nsec - a->tv_nsec) / 1e9;
}

/* Once a second at most, and once at the end. */
static void
report(struct progress *pg, int last)
{
	struct timespec now;
	double t;

	if (!pg->on || (!last && pg->records % 1024 != 0))
		return;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (!last && since(&pg->last, &now) < 1.0)
		return;
	pg->last = now;
	t = since(&pg->start, &now);
	fprintf(stderr, "%s: progress: %ld records, %.0f/s, %ld refused%s\n",
	    tk_progname(), pg->records, t > 0 ? pg->records / t : 0.0,
	    pg->refused, last ? ", done" : "");
}

/* Flags that make one ticket, each the field it fills. */
static const struct tk_pair field_flags[] = {
	{ "area", "area" }, { "category", "category" },
	{ "channel", "channel" }, { "name", "caller.name" },
	{ "phone", "caller.phone" }, { "process", "facts.process" },
	{ "reject", "reject" }, { "result", "facts.result" },
	{ "source-id", "source_id" }, { "topic", "topic" },
	{ "what", "facts.what" }, { "when", "facts.when" },
	{ "where", "facts.where" }, { "who", "facts.who" },
	{ NULL, NULL }
};

static const struct option longopts[] = {
	TK_COMMON_LONGOPTS,
	{ "csv",		no_argument,		NULL,	'c' },
	{ "dry-run",		no_argument,		NULL,	'n' },
	{ "map",		required_argument,	NULL,	'm' },
	{ "map-value",		required_argument,	NULL,	'M' },
	{ "progress",		no_argument,		NULL,	'p' },
	{ "screening",		required_argument,	NULL,	'S' },
	{ "set",		required_argument,	NULL,	's' },
	{ "time-format",	required_argument,	NULL,	't' },
	{ "urgent",		no_argument,		NULL,	'u' },
	{ "area",		required_argument,	NULL,	1000 },
	{ "category",		required_argument,	NULL,	1001 },
	{ "channel",		required_argument,	NULL,	1002 },
	{ "name",		required_argument,	NULL,	1003 },
	{ "phone",		required_argument,	NULL,	1004 },
	{ "process",		required_argument,	NULL,	1005 },
	{ "reject",		required_argument,	NULL,	1006 },
	{ "result",		required_argument,	NULL,	1007 },
	{ "source-id",		required_argument,	NULL,	1008 },
	{ "topic",		required_argument,	NULL,	1009 },
	{ "what",		required_argument,	NULL,	1010 },
	{ "when",		required_argument,	NULL,	1011 },
	{ "where",		required_argument,	NULL,	1012 },
	{ "who",		required_argument,	NULL,	1013 },
	{ NULL,			0,			NULL,	0 }
};

struct run {
	struct tk_opts	 o;
	struct tk_intake in;
	struct tk_batch	*batch;
	struct progress	 pg;
	struct pairs	 maps, sets, fields;
	struct tk_value_map values[MAXPAIRS];
	const char	*screening;
	int		 csv, dry_run;
};

static void
parse(struct run *r, int argc, char *argv[])
{
	int ch;

	while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS "cM:m:npS:s:t:u",
	    longopts, NULL)) != -1) {
		if (tk_opts_common(&r->o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'c': r->csv = 1; break;
		case 'm': add_pair(&r->maps, optarg, "--map"); break;
		case 'M': add_value_map(&r->in, r->values, optarg); break;
		case 'n': r->dry_run = 1; break;
		case 'p': r->pg.on = 1; break;
		case 'S': r->screening = optarg; break;
		case 's': add_pair(&r->sets, optarg, "--set"); break;
		case 't': r->in.timefmt = optarg; break;
		case 'u': add_pair(&r->sets, "urgent=true", "--urgent"); break;
		default:
			if (ch < 1000 || ch > 1013)
				usage(TK_EXIT_USAGE);
			add_field(&r->fields, field_flags[ch - 1000].value,
			    optarg);
		}
	}
}

/* Called once a record is stored or refused. */
static void
count(void *arg, int refused)
{
	struct progress *pg = arg;

	pg->records++;
	pg->refused += refused;
	report(pg, 0);
}

static void
from_input(struct run *r, char **files, int nfiles)
{
	struct tk_reader *rd = tk_reader_open(files, nfiles, r->csv);

	tk_reader_map(rd, r->maps.p, r->maps.n);
	tk_reader_set(rd, r->sets.p, r->sets.n);
	tk_intake_stream(&r->in, r->batch, rd, count, &r->pg);
	tk_reader_close(rd);
}

/* One record made of the field flags, with the --set values it lacks. */
static void
from_flags(struct run *r)
{
	json_t *rec;

	if ((rec = tk_json_from_pairs(r->fields.p, r->fields.n)) == NULL ||
	    tk_json_defaults(rec, r->sets.p, r->sets.n) != NULL)
		tk_errx(TK_EXIT_USAGE, "conflicting field flags");
	count(&r->pg, tk_intake_one(&r->in, r->batch, rec, "flags", 1) == -1);
	json_decref(rec);
}

int
main(int argc, char *argv[])
{
	struct run r;

	memset(&r, 0, sizeof(r));
	tk_opts_init(&r.o, "ticket-new");
	parse(&r, argc, argv);
	tk_files_allowed(argv + optind, argc - optind);
	if (r.screening != NULL)
		tk_files_allowed((char *const[]){ (char *)r.screening }, 1);
	if (r.fields.n > 0 && optind < argc)
		usage(TK_EXIT_USAGE);
	if (r.screening == NULL && ((r.screening = getenv("TICKET_SCREENING")) ==
	    NULL || *r.screening == '\0'))
		r.screening = tk_conf_get("screening");
	r.in.screen = tk_screen_load(r.screening);
	r.in.db = tk_db_open_bulk(r.o.db);
	r.in.actor = r.o.actor;
	r.in.now = r.o.now;
	r.in.dry_run = r.dry_run;
	r.batch = tk_batch_new(r.in.db, r.dry_run);
	tk_batch_whole(r.batch);
	clock_gettime(CLOCK_MONOTONIC, &r.pg.start);
	r.pg.last = r.pg.start;
	if (r.fields.n > 0)
		from_flags(&r);
	else
		from_input(&r, argv + optind, argc - optind);
	tk_batch_free(r.batch);
	report(&r.pg, 1);
	tk_db_close(r.in.db);
	tk_screen_free(r.in.screen);
	free_keys(&r.maps);
	free_keys(&r.sets);
	while (r.in.nmaps > 0)
		tk_value_map_free(&r.values[--r.in.nmaps]);
	return tk_shut(r.pg.refused > 0 ? TK_EXIT_PARTIAL : TK_EXIT_OK);
}
