/*
 * ticket-admin: the administrator's verbs: the settings in force and
 * where each came from; a consistent backup of the main database and the
 * archive, its restore, and the rotation of backups; a check of both
 * files (ticket-admin(1)).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

static const char usage[] =
    "usage: ticket-admin backup [-t dir] [-a archive] [-d db] [-N now]\n"
    "       ticket-admin check [-a archive] [-d db]\n"
    "       ticket-admin config [-a archive] [-d db]\n"
    "       ticket-admin prune [-k keep] [-t dir]\n"
    "       ticket-admin reindex [-d db]\n"
    "       ticket-admin restore -F dir [-f] [-a archive] [-d db]\n";

/* The short options, as ticket-admin(1) lists them. */
static const char letters[] = "a archive, F from, f force, k keep, t to";

/* The archive's path: --archive (a setting too, so config can say so),
 * else the settings' or beside the database. */
static char *
archive_of(const struct tk_args *g)
{
	if (g->archive != NULL)
		tk_conf_set("archive", g->archive);
	return tk_archive_path(NULL, g->o.db);
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
backup_dir(const struct tk_args *g)
{
	const char *dir = g->to_dir != NULL ? g->to_dir :
	    tk_conf_get("backup.dir");

	if (*dir == '\0')
		tk_errx(TK_EXIT_USAGE, "no folder for backups: give --to, or "
		    "set backup.dir in the settings file");
	return dir;
}

static void
fill(const struct tk_args *g, struct tk_backup *b, const char *dir,
    char *archive)
{
	memset(b, 0, sizeof(*b));
	b->db = g->o.db;
	b->archive = archive;
	b->dir = dir;
	b->now = g->o.now;
	b->force = g->force;
}

/* A backup or a restore, its manifest printed. */
static int
backup_or_restore(struct tk_args *g, const char *dir,
    json_t *(*make)(const struct tk_backup *))
{
	char *archive = archive_of(g);
	struct tk_backup b;
	json_t *m;

	fill(g, &b, dir, archive);
	m = make(&b);
	tk_out_json(m);
	json_decref(m);
	free(archive);
	return TK_EXIT_OK;
}

static int
backup(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	(void)db;
	(void)a;
	return backup_or_restore(g, backup_dir(g), tk_backup_make);
}

static int
restore(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	(void)db;
	(void)a;
	return backup_or_restore(g, g->from_dir, tk_backup_restore);
}

static int
prune(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	long keep = g->keep ? g->keep : tk_conf_long("backup.keep");

	(void)db;
	(void)a;
	if (keep < 1)
		tk_errx(TK_EXIT_USAGE, "backup.keep: at least 1");
	tk_backup_prune(backup_dir(g), keep, print, NULL);
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
check(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	char *archive = archive_of(g);
	int bad = tk_check_all(g->o.db, archive, print_check, NULL);

	(void)db;
	(void)a;
	free(archive);
	return bad ? TK_EXIT_DATA : TK_EXIT_OK;
}

static int
config(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	json_t *all, *o;
	size_t i;

	(void)db;
	(void)a;
	free(archive_of(g));
	all = tk_conf_list();
	json_array_foreach(all, i, o)
		tk_out_json(o);
	json_decref(all);
	return TK_EXIT_OK;
}

/* The search index made again from the tickets (ticket-ls --text). */
static int
reindex(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	(void)a;
	(void)g;
	tk_db_begin(db);
	tk_search_rebuild(db);
	tk_db_commit(db);
	return TK_EXIT_OK;
}

/* Every verb opens what it needs itself, but reindex. */
#define OWN	TK_VERB_NODB

static const struct tk_verb verbs[] = {
	{ "backup", backup, .takes = "archive to/dir", .flags = OWN },
	{ "check", check, .takes = "archive", .flags = OWN },
	{ "config", config, .takes = "archive", .flags = OWN },
	{ "prune", prune, .takes = "keep to/dir", .flags = OWN },
	{ "reindex", reindex, .takes = "" },
	{ "restore", restore, .takes = "archive force from/dir",
	    .needs = "from/dir", .flags = OWN },
	{ NULL }
};

TK_VERB_MAIN("ticket-admin", usage, letters, verbs)
