/*
 * ticket-admin: the administrator's verbs: the settings in force and
 * where each came from; a consistent backup of the main database and the
 * archive, its restore, and the rotation of backups; a check of both
 * files (ticket-admin(1)).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

/* The verbs' own options, as bits, so the table says which each takes. */
enum {
	O_ARCHIVE = 1 << 0, O_FORCE = 1 << 1, O_FROM = 1 << 2,
	O_KEEP = 1 << 3, O_TO = 1 << 4
};
static const char *const optnames[] = { "--archive", "--force", "--from",
	"--keep", "--to" };

struct admin {
	struct tk_opts	 o;
	const char	*from, *to;
	long		 keep;
	int		 force;
	int		 given;		/* O_* bits of the options given */
	char		*archive;
};

static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ticket-admin backup [-t dir] [-a archive] [-d db] "
	    "[-N now]\n"
	    "       ticket-admin check [-a archive] [-d db]\n"
	    "       ticket-admin config [-a archive] [-d db]\n"
	    "       ticket-admin prune [-k keep] [-t dir]\n"
	    "       ticket-admin restore -F dir [-f] [-a archive] [-d db]\n");
	exit(status);
}

static const struct option longopts[] = {
	TK_COMMON_LONGOPTS,
	{ "archive",	required_argument,	NULL,	'a' },
	{ "force",	no_argument,		NULL,	'f' },
	{ "from",	required_argument,	NULL,	'F' },
	{ "keep",	required_argument,	NULL,	'k' },
	{ "to",		required_argument,	NULL,	't' },
	{ NULL,		0,			NULL,	0 }
};

static long
number_flag(const char *s, const char *opt)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 1 || n > 10000)
		tk_errx(TK_EXIT_USAGE, "%s: not a number from 1 to 10000: "
		    "\"%s\"", opt, s);
	return n;
}

/* --db and --archive are settings too, so config can say so. */
static void
parse(struct admin *ad, int argc, char *argv[])
{
	int ch;

	while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS "a:fF:k:t:",
	    longopts, NULL)) != -1) {
		if (ch == 'd')
			tk_conf_set("db", optarg);
		if (tk_opts_common(&ad->o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'a':
			tk_conf_set("archive", optarg);
			ad->given |= O_ARCHIVE;
			break;
		case 'f': ad->force = 1; ad->given |= O_FORCE; break;
		case 'F': ad->from = optarg; ad->given |= O_FROM; break;
		case 'k':
			ad->keep = number_flag(optarg, "--keep");
			ad->given |= O_KEEP;
			break;
		case 't': ad->to = optarg; ad->given |= O_TO; break;
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

/* Where backup sets go: --to, else the backup.dir setting. */
static const char *
backup_dir(const struct admin *ad)
{
	const char *dir = ad->to != NULL ? ad->to : tk_conf_get("backup.dir");

	if (*dir == '\0')
		tk_errx(TK_EXIT_USAGE, "no folder for backups: give --to, or "
		    "set backup.dir in the settings file");
	return dir;
}

static void
fill(const struct admin *ad, struct tk_backup *b, const char *dir)
{
	memset(b, 0, sizeof(*b));
	b->db = ad->o.db;
	b->archive = ad->archive;
	b->dir = dir;
	b->now = ad->o.now;
	b->force = ad->force;
}

static int
backup(struct admin *ad)
{
	struct tk_backup b;
	json_t *m;

	fill(ad, &b, backup_dir(ad));
	m = tk_backup_make(&b);
	tk_out_json(m);
	json_decref(m);
	return TK_EXIT_OK;
}

static int
restore(struct admin *ad)
{
	struct tk_backup b;
	json_t *m;

	if (ad->from == NULL)
		usage(TK_EXIT_USAGE);
	fill(ad, &b, ad->from);
	m = tk_backup_restore(&b);
	tk_out_json(m);
	json_decref(m);
	return TK_EXIT_OK;
}

static int
prune(struct admin *ad)
{
	long keep = ad->keep ? ad->keep : tk_conf_long("backup.keep");

	if (keep < 1)
		tk_errx(TK_EXIT_USAGE, "backup.keep: at least 1");
	tk_backup_prune(backup_dir(ad), keep, print, NULL);
	return TK_EXIT_OK;
}

/* Each failed check is named on stderr as well as in its record. */
static int
print_check(json_t *rec, void *arg)
{
	const char *why = tk_json_str(rec, "problem");

	(void)arg;
	if (why != NULL)
		fprintf(stderr, "%s: %s: %s\n", tk_progname(),
		    tk_json_str(rec, "file"), why);
	tk_out_json(rec);
	return 0;
}

static int
check(struct admin *ad)
{
	return tk_check_all(ad->o.db, ad->archive, print_check, NULL) ?
	    TK_EXIT_DATA : TK_EXIT_OK;
}

static int
config(struct admin *ad)
{
	json_t *all = tk_conf_list(), *o;
	size_t i;

	(void)ad;
	json_array_foreach(all, i, o)
		tk_out_json(o);
	json_decref(all);
	return TK_EXIT_OK;
}

/* The verbs, with the options each takes beyond the common ones. */
static const struct verb {
	const char	*name;
	int		(*fn)(struct admin *);
	int		 takes;
} verbs[] = {
	{ "backup",	backup,		O_ARCHIVE | O_TO },
	{ "check",	check,		O_ARCHIVE },
	{ "config",	config,		O_ARCHIVE },
	{ "prune",	prune,		O_KEEP | O_TO },
	{ "restore",	restore,	O_ARCHIVE | O_FORCE | O_FROM },
	{ NULL,		NULL,		0 }
};

int
main(int argc, char *argv[])
{
	const struct verb *v;
	struct admin ad;
	int rc;

	memset(&ad, 0, sizeof(ad));
	tk_opts_init(&ad.o, "ticket-admin");
	parse(&ad, argc, argv);
	if (argc - optind != 1)
		usage(TK_EXIT_USAGE);
	for (v = verbs; v->name != NULL; v++)
		if (strcmp(v->name, argv[optind]) == 0)
			break;
	if (v->name == NULL)
		usage(TK_EXIT_USAGE);
	for (rc = 0; rc < 5; rc++)
		if (ad.given & ~v->takes & (1 << rc))
			tk_errx(TK_EXIT_USAGE, "%s: not an option of %s",
			    optnames[rc], v->name);
	ad.archive = tk_archive_path(NULL, ad.o.db);
	rc = v->fn(&ad);
	free(ad.archive);
	return tk_shut(rc);
}
