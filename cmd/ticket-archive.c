/*
 * ticket-archive: finished tickets into the archive database as a hash
 * chain of dossiers; the chain verified, shown, exported and imported;
 * personal data erased after the retention period; withholding; and
 * publication as JSON lines or a static website (ticket(7)).
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

struct arch {
	struct tk_opts	 o;
	const char	*archive;	/* --archive, else $TICKET_ARCHIVE */
	const char	*reason, *decision, *format, *out;
	long		 days;
	tk_time		 from, until, before, since;
	int		 before_given;
	int		 year;
	char		*path;
	struct tk_db	*main, *db;	/* the main database, the archive */
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ticket-archive run [-o days] [-a archive] [-A actor] "
	    "[-d db] [-N now]\n"
	    "       ticket-archive verify | show id | import [file] "
	    "[-a archive]\n"
	    "       ticket-archive export [-y year | -F date -T date] "
	    "[-a archive]\n"
	    "       ticket-archive erase -b date [-a archive] [-N now]\n"
	    "       ticket-archive withhold id (-r reason | -g | -D) "
	    "[-a archive] [-A actor] [-d db]\n"
	    "       ticket-archive publish [-S since] [-f json|html -O dir] "
	    "[-a archive]\n");
	exit(status);
}

static const struct option longopts[] = {
	TK_COMMON_LONGOPTS,
	{ "archive",	required_argument,	NULL,	'a' },
	{ "before",	required_argument,	NULL,	'b' },
	{ "deny",	no_argument,		NULL,	'D' },
	{ "format",	required_argument,	NULL,	'f' },
	{ "from",	required_argument,	NULL,	'F' },
	{ "grant",	no_argument,		NULL,	'g' },
	{ "older-than",	required_argument,	NULL,	'o' },
	{ "out",	required_argument,	NULL,	'O' },
	{ "reason",	required_argument,	NULL,	'r' },
	{ "since",	required_argument,	NULL,	'S' },
	{ "to",		required_argument,	NULL,	'T' },
	{ "year",	required_argument,	NULL,	'y' },
	{ NULL,		0,			NULL,	0 }
};

/* The first second of a date, or of the day after it (end). */
static tk_time
date_flag(const char *s, const char *opt, int end)
{
	int32_t day;

	if (tk_date_parse(s, &day) == -1)
		tk_errx(TK_EXIT_USAGE, "%s: not a date: \"%s\"", opt, s);
	return tk_time_from_local(day + end, 0);
}

static long
number_flag(const char *s, const char *opt, long max)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 0 || n > max)
		tk_errx(TK_EXIT_USAGE, "%s: not a number up to %ld: \"%s\"",
		    opt, max, s);
	return n;
}

static void
parse(struct arch *ar, int argc, char *argv[])
{
	int ch;

	while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS
	    "a:b:Df:F:go:O:r:S:T:y:", longopts, NULL)) != -1) {
		if (tk_opts_common(&ar->o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'a': ar->archive = optarg; break;
		case 'b':
			ar->before = date_flag(optarg, "--before", 0);
			ar->before_given = 1;
			break;
		case 'D': ar->decision = "denied"; break;
		case 'f': ar->format = optarg; break;
		case 'F': ar->from = date_flag(optarg, "--from", 0); break;
		case 'g': ar->decision = "granted"; break;
		case 'o':
			ar->days = number_flag(optarg, "--older-than", 36500);
			break;
		case 'O': ar->out = optarg; break;
		case 'r': ar->reason = optarg; break;
		case 'S': ar->since = date_flag(optarg, "--since", 0); break;
		case 'T': ar->until = date_flag(optarg, "--to", 1); break;
		case 'y': ar->year = (int)number_flag(optarg, "--year", 9999);
			break;
		default: usage(TK_EXIT_USAGE);
		}
	}
}

static int
print(json_t *rec, void *arg)
{
	(void)arg;
	tk_out_json(rec);
	return 0;
}

static void
open_archive(struct arch *ar)
{
	ar->path = tk_archive_path(ar->archive, ar->o.db);
	ar->db = tk_archive_open(ar->path);
}

static int
run(struct arch *ar, char **args)
{
	struct tk_mover mv;

	(void)args;
	ar->main = tk_db_open(ar->o.db);
	open_archive(ar);
	mv.main = ar->main;
	mv.arch = ar->db;
	mv.actor = ar->o.actor;
	mv.now = ar->o.now;
	tk_archive_run(&mv, ar->days, print, NULL);
	return TK_EXIT_OK;
}

static int
verify(struct arch *ar, char **args)
{
	char err[TK_ERRLEN];
	json_t *sum;

	(void)args;
	open_archive(ar);
	if ((sum = tk_archive_verify(ar->db, err)) == NULL)
		tk_errx(TK_EXIT_DATA, "%s: %s", ar->path, err);
	tk_out_json(sum);
	json_decref(sum);
	return TK_EXIT_OK;
}

/* A record with its dossier whole again, personal part and all. */
static int
print_whole(json_t *line, void *arg)
{
	json_t *d = tk_archive_whole(line);

	(void)arg;
	json_object_del(line, "public");
	json_object_del(line, "personal");
	tk_jset(line, "dossier", d);
	tk_out_json(line);
	return 0;
}

static int
show(struct arch *ar, char **args)
{
	open_archive(ar);
	if (tk_archive_each(ar->db, args[0], INT64_MIN, INT64_MAX,
	    print_whole, NULL) == 0) {
		fprintf(stderr, "%s: %s: not in the archive\n", tk_progname(),
		    args[0]);
		return TK_EXIT_PARTIAL;
	}
	return TK_EXIT_OK;
}

static int
export(struct arch *ar, char **args)
{
	(void)args;
	if (ar->year != 0 && (ar->from != 0 || ar->until != 0))
		usage(TK_EXIT_USAGE);
	if (ar->year != 0) {
		ar->from = tk_time_from_local(tk_days_from_civil(ar->year, 1, 1),
		    0);
		ar->until = tk_time_from_local(tk_days_from_civil(ar->year + 1,
		    1, 1), 0);
	}
	open_archive(ar);
	tk_archive_each(ar->db, NULL, ar->from ? ar->from : INT64_MIN,
	    ar->until ? ar->until : INT64_MAX, print, NULL);
	return TK_EXIT_OK;
}

static int
import(struct arch *ar, char **args)
{
	const char *file = args[0] != NULL ? args[0] : "-";
	struct tk_lines *in;

	if ((in = tk_lines_open(file)) == NULL)
		tk_err(TK_EXIT_DATA, "%s", file);
	open_archive(ar);
	tk_archive_import(ar->db, in);
	tk_lines_close(in);
	return TK_EXIT_OK;
}

/* Personal data is kept archive.personal_years after closing, at least. */
static int
erase(struct arch *ar, char **args)
{
	long years = tk_conf_long("archive.personal_years");
	json_t *done, *v;
	int y, m, d;
	size_t i;

	(void)args;
	if (!ar->before_given)
		usage(TK_EXIT_USAGE);
	tk_civil_from_days(tk_time_localdate(ar->o.now), &y, &m, &d);
	if (ar->before > tk_time_from_local(tk_days_from_civil(y - (int)years,
	    m, d), 0))
		tk_errx(TK_EXIT_USAGE, "--before: within the retention period "
		    "(archive.personal_years = %ld)", years);
	open_archive(ar);
	done = tk_archive_erase(ar->db, ar->before, ar->o.now);
	json_array_foreach(done, i, v)
		tk_out_json(v);
	json_decref(done);
	return TK_EXIT_OK;
}

static int
withhold(struct arch *ar, char **args)
{
	struct tk_act a;
	json_t *w;
	int rc;

	if ((ar->reason != NULL) == (ar->decision != NULL))
		usage(TK_EXIT_USAGE);
	ar->main = tk_db_open(ar->o.db);
	open_archive(ar);
	if ((rc = tk_act_init(&a, ar->main, ar->o.actor, ar->o.now)) == 0)
		rc = tk_withhold(&a, ar->db, args[0], ar->reason, ar->decision);
	if (rc == 0) {
		w = tk_withhold_get(ar->db, args[0]);
		tk_out_json(w);
		json_decref(w);
	} else
		tk_complain(args[0], 0, a.err);
	tk_act_free(&a);
	return rc == 0 ? TK_EXIT_OK : TK_EXIT_PARTIAL;
}

static int
keep(json_t *rec, void *arg)
{
	tk_jpush_share(arg, rec);
	return 0;
}

static int
publish(struct arch *ar, char **args)
{
	int html = ar->format != NULL && strcmp(ar->format, "html") == 0;
	json_t *all;

	(void)args;
	if (ar->format != NULL && !html && strcmp(ar->format, "json") != 0)
		tk_errx(TK_EXIT_USAGE, "--format: json or html, not \"%s\"",
		    ar->format);
	if (html != (ar->out != NULL))
		usage(TK_EXIT_USAGE);
	open_archive(ar);
	if (!html) {
		tk_publish_each(ar->db, ar->since, print, NULL);
		return TK_EXIT_OK;
	}
	all = json_array();
	tk_publish_each(ar->db, ar->since, keep, all);
	tk_site_write(ar->out, all);
	json_decref(all);
	return TK_EXIT_OK;
}

/* The verbs, with the ticket number or file each takes. */
static const struct verb {
	const char	*name;
	int		 args, optional;
	int		(*fn)(struct arch *, char **);
} verbs[] = {
	{ "erase", 0, 0, erase }, { "export", 0, 0, export },
	{ "import", 0, 1, import }, { "publish", 0, 0, publish },
	{ "run", 0, 0, run }, { "show", 1, 0, show },
	{ "verify", 0, 0, verify }, { "withhold", 1, 0, withhold },
	{ NULL, 0, 0, NULL }
};

int
main(int argc, char *argv[])
{
	const struct verb *v;
	struct arch ar;
	int n, rc;

	memset(&ar, 0, sizeof(ar));
	tk_opts_init(&ar.o, "ticket-archive");
	ar.days = tk_conf_long("archive.days");
	ar.since = INT64_MIN;
	parse(&ar, argc, argv);
	if (optind == argc)
		usage(TK_EXIT_USAGE);
	for (v = verbs; v->name != NULL; v++)
		if (strcmp(v->name, argv[optind]) == 0)
			break;
	n = argc - optind - 1;
	if (v->name == NULL || n < v->args || n > v->args + v->optional)
		usage(TK_EXIT_USAGE);
	rc = v->fn(&ar, argv + optind + 1);
	tk_db_close(ar.db);
	tk_db_close(ar.main);
	free(ar.path);
	return tk_shut(rc);
}
