/*
 * ticket-archive: finished tickets into the archive database as a hash
 * chain of dossiers; the chain verified, shown, exported and imported;
 * personal data erased after the retention period; withholding; and
 * publication as JSON lines or a static website (ticket(7)).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

/* The archive database, beside the main one unless --archive says. */
struct arch {
	char		*path;
	struct tk_db	*db;
};

static const char usage[] =
    "usage: ticket-archive run [-o days] [-a archive] [-A actor] "
    "[-d db] [-N now]\n"
    "       ticket-archive verify [-k pub] [-H head] [-a archive] [-d db]\n"
    "       ticket-archive head | show id | import [file] [-a archive]\n"
    "       ticket-archive key\n"
    "       ticket-archive export [-y year | -F date -T date] "
    "[-a archive]\n"
    "       ticket-archive erase -b date [-a archive] [-N now]\n"
    "       ticket-archive withhold id (-r reason | -g | -D) "
    "[-a archive] [-A actor] [-d db]\n"
    "       ticket-archive publish [-S since] [-f json|html -O dir] "
    "[-a archive]\n";

/* The short options, as ticket-*(1) lists them. */
static const char letters[] =
    "a archive, b before, D deny, F from, f format, g grant, H head, "
    "k key, O out, o older-than, r reason, S since, T to, y year";

enum { JSON, HTML };	/* publish --format */

static int
print(json_t *rec, void *arg)
{
	(void)arg;
	tk_out_json(rec);
	return 0;
}

static struct tk_db *
open_archive(struct arch *ar, const struct tk_args *g)
{
	ar->path = tk_archive_path(g->archive, g->o.db);
	return ar->db = tk_archive_open(ar->path);
}

static int
close_archive(struct arch *ar, int rval)
{
	tk_db_close(ar->db);
	free(ar->path);
	return rval;
}

/*
 * The audit log is the main database's: an erasure or an import of the
 * archive is written there once the archive has committed it.
 */
static void
audit(const struct tk_args *g, enum tk_event_kind kind, const char *file,
    json_t *what)
{
	struct tk_db *db = tk_db_open(g->o.db);

	tk_db_begin(db);
	tk_store_audit_import(db, g, kind, file, what);
	tk_db_commit(db);
	tk_db_close(db);
}

/* The first second of a day; of the day after it, for an end. */
static tk_time
day_start(int32_t day, tk_time none)
{
	return day == TK_NO_DAY ? none : tk_time_from_local(day, 0);
}

static int
run(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct tk_mover mv = { db, NULL, g->o.actor, g->o.now, 0 };
	struct arch ar;

	(void)a;
	mv.arch = open_archive(&ar, g);
	tk_archive_run(&mv, g->older_days != -1 ? g->older_days :
	    tk_conf_long("archive.days"), print, NULL);
	return close_archive(&ar, TK_EXIT_OK);
}

/* The chain, the archive's other tables, the main database's stubs;
 * the signatures with --key; a head published earlier with --head. */
static int
verify(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	char err[TK_ERRLEN];
	struct arch ar;
	json_t *sum;

	(void)db;
	(void)a;
	if ((sum = tk_archive_verify(open_archive(&ar, g), g->o.db,
	    err)) == NULL ||
	    (g->key != NULL && tk_archive_signed(ar.db, g->key, err)) ||
	    (g->head != NULL && tk_archive_head_held(ar.db, g->head, g->key,
	    err)))
		tk_errx(TK_EXIT_DATA, "%s: %s", ar.path, err);
	tk_out_json(sum);
	json_decref(sum);
	return close_archive(&ar, TK_EXIT_OK);
}

/* The head, signed, for a log kept elsewhere. */
static int
head(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct arch ar;
	json_t *h;

	(void)db;
	(void)a;
	h = tk_archive_head_line(open_archive(&ar, g));
	tk_out_json(h);
	json_decref(h);
	return close_archive(&ar, TK_EXIT_OK);
}

/* A key pair: the private key into the file archive.key names. */
static int
key(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	const char *path = tk_conf_get("archive.key");

	(void)db;
	(void)a;
	(void)g;
	if (path == NULL || *path == '\0')
		tk_errx(TK_EXIT_USAGE, "key: the archive.key setting names no "
		    "file");
	tk_archive_keygen(path);
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
show(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct arch ar;

	(void)db;
	(void)a;
	if (tk_archive_each(open_archive(&ar, g), g->argv[0], INT64_MIN,
	    INT64_MAX, print_whole, NULL) != 0)
		return close_archive(&ar, TK_EXIT_OK);
	fprintf(stderr, "%s: %s: not in the archive\n", tk_progname(),
	    g->argv[0]);
	return close_archive(&ar, TK_EXIT_PARTIAL);
}

static void
check_export(struct tk_args *g)
{
	if (g->year != 0 && (g->from_day != TK_NO_DAY ||
	    g->to_day != TK_NO_DAY))
		tk_verb_usage(TK_EXIT_USAGE);
	if (g->year != 0) {
		g->from_day = tk_days_from_civil((int)g->year, 1, 1);
		g->to_day = tk_days_from_civil((int)g->year + 1, 1, 1) - 1;
	}
}

static int
export(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct arch ar;

	(void)db;
	(void)a;
	tk_archive_each(open_archive(&ar, g), NULL, day_start(g->from_day,
	    INT64_MIN), g->to_day == TK_NO_DAY ? INT64_MAX :
	    day_start(g->to_day + 1, 0), print, NULL);
	return close_archive(&ar, TK_EXIT_OK);
}

static int
import(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	const char *file = g->argc > 0 ? g->argv[0] : "-";
	struct tk_lines *in;
	struct arch ar;
	json_t *n;

	(void)db;
	(void)a;
	if ((in = tk_lines_open(file)) == NULL)
		tk_err(TK_EXIT_DATA, "%s", file);
	n = json_integer(tk_archive_import(open_archive(&ar, g), in));
	tk_lines_close(in);
	audit(g, TK_EV_ARCHIVE_IMPORT, file, n);
	json_decref(n);
	return close_archive(&ar, TK_EXIT_OK);
}

/* Personal data is kept archive.personal_years after closing, at least. */
static int
erase(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	long years = tk_conf_long("archive.personal_years");
	tk_time before = day_start(g->before_day, 0);
	struct arch ar;
	json_t *done, *v;
	int y, m, d;
	size_t i;

	(void)db;
	(void)a;
	tk_civil_from_days(tk_time_localdate(g->o.now), &y, &m, &d);
	if (before > tk_time_from_local(tk_days_from_civil(y - (int)years,
	    m, d), 0))
		tk_errx(TK_EXIT_USAGE, "--before: within the retention period "
		    "(archive.personal_years = %ld)", years);
	done = tk_archive_erase(open_archive(&ar, g), before, g->o.now);
	audit(g, TK_EV_ERASE, ar.path, done);
	json_array_foreach(done, i, v)
		tk_out_json(v);
	json_decref(done);
	return close_archive(&ar, TK_EXIT_OK);
}

/* A reason asks; --grant or --deny decides: one of the three. */
static void
check_withhold(struct tk_args *g)
{
	if ((g->reason != NULL) + g->grant + g->refuse != 1)
		tk_verb_usage(TK_EXIT_USAGE);
}

static int
withhold(struct tk_db *db, struct tk_act *none, struct tk_args *g)
{
	const char *id = g->argv[0];
	struct tk_act a;
	struct arch ar;
	json_t *w;
	int rc;

	/* Not TK_VERB_ACT: an unknown actor refuses the ticket, exit 1. */
	(void)none;
	open_archive(&ar, g);
	tk_db_begin(ar.db);
	if ((rc = tk_act_init(&a, db, g->o.actor, g->o.now)) == 0)
		rc = tk_withhold(&a, ar.db, id, g->reason, g->grant ?
		    "granted" : g->refuse ? "denied" : NULL);
	if (rc == 0) {
		tk_archive_withheld(ar.db, id, g->o.now);
		tk_archive_sign_head(ar.db);
		tk_db_commit(ar.db);
	} else
		tk_db_rollback(ar.db);
	if (rc == 0) {
		w = tk_withhold_get(ar.db, id);
		tk_out_json(w);
		json_decref(w);
	} else
		tk_complain(id, 0, a.err);
	tk_act_free(&a);
	return close_archive(&ar, rc == 0 ? TK_EXIT_OK : TK_EXIT_PARTIAL);
}

static int
keep(json_t *rec, void *arg)
{
	tk_jpush_share(arg, rec);
	return 0;
}

/* HTML is a website, and goes to a folder. */
static void
check_publish(struct tk_args *g)
{
	if ((g->format == HTML) != (g->out != NULL))
		tk_verb_usage(TK_EXIT_USAGE);
}

static int
publish(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	tk_time since = day_start(g->since_day, INT64_MIN);
	struct arch ar;
	json_t *all;
	int refused;

	(void)db;
	(void)a;
	open_archive(&ar, g);
	if (g->format == JSON) {
		refused = tk_publish_each(ar.db, since, print, NULL);
		return close_archive(&ar, refused ? TK_EXIT_PARTIAL :
		    TK_EXIT_OK);
	}
	all = json_array();
	refused = tk_publish_each(ar.db, since, keep, all);
	tk_site_write(g->out, all);
	json_decref(all);
	return close_archive(&ar, refused ? TK_EXIT_PARTIAL : TK_EXIT_OK);
}

#define NODB	TK_VERB_NODB	/* the archive only: its path from --db */

static const struct tk_verb verbs[] = {
	{ "erase", erase, .takes = "before archive", .needs = "before",
	    .flags = NODB },
	{ "export", export, .takes = "year from/day to/day archive",
	    .flags = NODB, .check = check_export },
	{ "head", head, .takes = "archive", .flags = NODB },
	{ "import", import, .takes = "archive", .maxargs = 1,
	    .flags = NODB | TK_VERB_FILES },
	{ "key", key, .flags = NODB },
	{ "publish", publish, .takes = "since/day format out archive",
	    .flags = NODB, .formats = "json html", .check = check_publish },
	{ "run", run, .takes = "older-than/days archive" },
	{ "show", show, .takes = "archive", .minargs = 1, .maxargs = 1,
	    .flags = NODB },
	{ "verify", verify, .takes = "key head archive", .flags = NODB },
	{ "withhold", withhold, .takes = "reason grant deny/withhold archive",
	    .minargs = 1, .maxargs = 1, .check = check_withhold },
	{ NULL }
};

TK_VERB_MAIN("ticket-archive", usage, letters, verbs)
