/*
 * admin-check.c: the main database and the archive checked as an
 * administrator would by hand (ticket-admin(1) check).
 *
 * Each check gives one record, {"check", "file", "ok"} and a "problem"
 * when it failed: the files' modes, SQLite's integrity and foreign-key
 * checks, the triggers (the event log's append-only guards among them)
 * held to what the schema's migrations make, the archive's hash chain,
 * and the archive held to the last head published in archive.heads.
 * The files are opened read-only and nothing is migrated, so a check
 * changes nothing; a file that is missing stops the checks of that file.
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

struct run {
	tk_ticket_cb	 cb;
	void		*arg;
	int		 failed;
	char		*dir;		/* the folder checked last */
};

/* Reports one check; problem NULL for a pass.  Steals extra. */
static void
report(struct run *r, const char *check, const char *file,
    const char *problem, json_t *extra)
{
	json_t *o = json_pack("{s:s, s:s, s:b}", "check", check, "file", file,
	    "ok", problem == NULL);

	if (o == NULL)
		tk_errx(TK_EXIT_DATA, "%s: not UTF-8", file);
	if (extra != NULL)
		tk_jmerge(o, extra);
	json_decref(extra);
	if (problem != NULL) {
		tk_jset(o, "problem", json_string(problem));
		r->failed++;
	}
	r->cb(o, r->arg);
	json_decref(o);
}

/*
 * The database files hold citizens' personal data: no one but their
 * owner and group reads them, and only the owner writes them or the
 * folder they are in (the folder's other bits let the service's group
 * find them).
 */
static void
check_mode(struct run *r, const char *file, int dir)
{
	const char *what = NULL;
	char mode[8], *why = NULL;
	struct stat sb;

	if (stat(file, &sb) == -1)
		return;		/* a -wal or -shm that is not there */
	if (sb.st_mode & S_IWOTH)
		what = "writable by others";
	else if (!dir && (sb.st_mode & (S_IROTH | S_IXOTH)))
		what = "readable by others";
	else if (sb.st_mode & S_IWGRP)
		what = "writable by its group";
	snprintf(mode, sizeof(mode), "%04o", (unsigned)(sb.st_mode & 07777));
	if (what != NULL)
		tk_xasprintf(&why, "%s (mode %s)", what, mode);
	report(r, "mode", file, why, json_pack("{s:s}", "mode", mode));
	free(why);
}

static void
check_modes(struct run *r, const char *path)
{
	char *dir = tk_xstrdup(path), *slash, *side;
	const char *suffix[] = { "", "-wal", "-shm" };
	size_t i;

	if ((slash = strrchr(dir, '/')) == NULL)
		strcpy(dir, ".");
	else
		slash[slash == dir] = '\0';
	if (r->dir == NULL || strcmp(r->dir, dir) != 0)
		check_mode(r, dir, 1);	/* once, when both files share it */
	for (i = 0; i < 3; i++) {
		tk_xasprintf(&side, "%s%s", path, suffix[i]);
		check_mode(r, side, 0);
		free(side);
	}
	free(r->dir);
	r->dir = dir;
}

/* The first rows of a pragma that says "ok", or lists what is wrong. */
static void
check_integrity(struct run *r, struct tk_db *db)
{
	struct tk_stmt *st = tk_db_stmt(db, "PRAGMA integrity_check(10)");
	char *why = NULL, *more;

	while (tk_stmt_step(st) == TK_ROW) {
		if (strcmp(tk_stmt_col_text(st, 0), "ok") == 0)
			break;
		tk_xasprintf(&more, "%s%s%s", why ? why : "", why ? "; " : "",
		    tk_stmt_col_text(st, 0));
		free(why);
		why = more;
	}
	tk_stmt_reset(st);
	report(r, "integrity", tk_db_path(db), why, NULL);
	free(why);
}

static void
check_foreign_keys(struct run *r, struct tk_db *db)
{
	struct tk_stmt *st = tk_db_stmt(db, "PRAGMA foreign_key_check");
	char *why = NULL;
	long n = 0;

	while (tk_stmt_step(st) == TK_ROW)
		if (n++ == 0)
			tk_xasprintf(&why, "row %lld of %s refers to a missing "
			    "row of %s", (long long)tk_stmt_col_int(st, 1),
			    tk_stmt_col_text(st, 0), tk_stmt_col_text(st, 2));
	tk_stmt_reset(st);
	report(r, "foreign_keys", tk_db_path(db), why,
	    json_pack("{s:i}", "rows", (int)n));
	free(why);
}

#define TRIGGERS \
	"SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'" \
	" ORDER BY name"

/* The first of the reference's triggers that db lacks or altered, and
 * the first of db's that the reference does not have. */
static char *
compare_triggers(struct tk_db *db, struct tk_db *ref, long *n)
{
	struct tk_stmt *rs = tk_db_stmt(ref, TRIGGERS),
	    *ls = tk_db_stmt(db, "SELECT sql FROM sqlite_schema"
	    " WHERE type = 'trigger' AND name = ?1"),
	    *extra = tk_db_stmt(db, TRIGGERS);
	char *why = NULL;

	for (*n = 0; why == NULL && tk_stmt_step(rs) == TK_ROW; (*n)++) {
		tk_stmt_text(ls, 1, tk_stmt_col_text(rs, 0));
		if (tk_stmt_step(ls) != TK_ROW)
			tk_xasprintf(&why, "trigger %s is missing",
			    tk_stmt_col_text(rs, 0));
		else if (strcmp(tk_stmt_col_text(ls, 0),
		    tk_stmt_col_text(rs, 1)) != 0)
			tk_xasprintf(&why, "trigger %s was altered",
			    tk_stmt_col_text(rs, 0));
		tk_stmt_reset(ls);
	}
	tk_stmt_reset(rs);
	rs = tk_db_stmt(ref, "SELECT 1 FROM sqlite_schema"
	    " WHERE type = 'trigger' AND name = ?1");
	while (why == NULL && tk_stmt_step(extra) == TK_ROW) {
		tk_stmt_text(rs, 1, tk_stmt_col_text(extra, 0));
		if (!tk_stmt_any(rs))
			tk_xasprintf(&why, "trigger %s is not the schema's",
			    tk_stmt_col_text(extra, 0));
	}
	tk_stmt_reset(extra);
	return why;
}

static void
check_triggers(struct run *r, struct tk_db *db,
    const struct tk_migration *schema)
{
	struct tk_db *ref = tk_db_reference(schema, tk_db_version(db));
	char *why;
	long n;

	why = compare_triggers(db, ref, &n);
	tk_db_close(ref);
	report(r, "triggers", tk_db_path(db), why, json_pack("{s:i}",
	    "triggers", (int)n));
	free(why);
}

static int
exists(struct run *r, const char *path, int required)
{
	struct stat sb;

	if (stat(path, &sb) == 0 && sb.st_size == 0 && S_ISREG(sb.st_mode)) {
		report(r, "exists", path, "empty database file", NULL);
		return 0;
	}
	if (stat(path, &sb) == 0)
		return 1;
	if (errno != ENOENT)
		tk_err(TK_EXIT_DATA, "%s", path);
	report(r, "exists", path, required ? "no such file" : NULL,
	    required ? NULL : json_pack("{s:b}", "absent", 1));
	return 0;
}

static struct tk_db *
check_file(struct run *r, const char *path,
    const struct tk_migration *schema)
{
	struct tk_db *db;

	check_modes(r, path);
	db = tk_db_open_ro(path, schema);
	check_integrity(r, db);
	check_foreign_keys(r, db);
	check_triggers(r, db, schema);
	return db;
}

/*
 * The last head published, {"records", "head"}, from the log of heads
 * that the nightly job appends to: NULL when there is none yet.
 */
json_t *
tk_heads_last(const char *path)
{
	struct tk_lines *in;
	json_t *last = NULL;
	char *line;
	size_t len;
	int rc;

	if (path == NULL || *path == '\0')
		return NULL;
	if ((in = tk_lines_open(path)) == NULL) {
		if (errno == ENOENT)
			return NULL;
		tk_err(TK_EXIT_DATA, "%s", path);
	}
	while ((rc = tk_lines_next(in, &line, &len)) == TK_LINE_OK) {
		json_decref(last);
		last = json_loadb(line, len, 0, NULL);
		if (!json_is_object(last) || tk_json_str(last, "head") == NULL ||
		    !json_is_integer(json_object_get(last, "records")))
			tk_errx(TK_EXIT_DATA, "%s:%ld: not a head of the "
			    "archive", path, tk_lines_lineno(in));
	}
	if (rc != TK_LINE_EOF)
		tk_errx(TK_EXIT_DATA, "%s:%ld: cannot read the line", path,
		    tk_lines_lineno(in));
	tk_lines_close(in);
	return last;
}

/*
 * Whether the archive holds the published head: its record of that
 * number has that hash.  NULL, or what is wrong, as "has 3 records,
 * fewer than the 4 of the head published", to follow a name.
 */
char *
tk_heads_held(struct tk_db *a, json_t *head)
{
	struct tk_stmt *st = tk_db_stmt(a, "SELECT seq, hash FROM dossier"
	    " WHERE seq = ?1 UNION ALL SELECT seq, hash FROM mark"
	    " WHERE seq = ?1");
	json_int_t n = json_integer_value(json_object_get(head, "records"));
	char *why = NULL;

	if (n == 0)
		return NULL;
	tk_stmt_int(st, 1, n);
	if (tk_stmt_step(st) != TK_ROW)
		tk_xasprintf(&why, "has fewer records than the %lld of the "
		    "head published", (long long)n);
	else if (strcmp(tk_stmt_col_text(st, 1), tk_json_str(head, "head")))
		tk_xasprintf(&why, "has a record %lld that is not the head "
		    "published: the chain was replaced", (long long)n);
	tk_stmt_reset(st);
	return why;
}

static void
check_chain(struct run *r, struct tk_db *a)
{
	json_t *sum, *head = tk_heads_last(tk_conf_get("archive.heads"));
	char err[TK_ERRLEN], *why;

	if ((sum = tk_archive_verify(a, NULL, err)) == NULL)
		report(r, "chain", tk_db_path(a), err, NULL);
	else
		report(r, "chain", tk_db_path(a), NULL, sum);
	if (head == NULL)
		return;
	why = tk_heads_held(a, head);
	report(r, "published_head", tk_db_path(a), why, head);
	free(why);
}

/* Every check of both files; returns how many failed. */
int
tk_check_all(const char *db, const char *arch, tk_ticket_cb cb, void *arg)
{
	struct run r = { cb, arg, 0, NULL };
	json_t *head;

	if (exists(&r, db, 1))
		tk_db_close(check_file(&r, db, tk_migrations));
	if (exists(&r, arch, 0)) {
		struct tk_db *a = check_file(&r, arch, tk_archive_migrations);

		check_chain(&r, a);
		tk_db_close(a);
	} else if ((head = tk_heads_last(tk_conf_get("archive.heads"))) !=
	    NULL) {
		report(&r, "published_head", arch, json_integer_value(
		    json_object_get(head, "records")) > 0 ? "is missing, but a "
		    "head was published" : NULL, head);
	}
	free(r.dir);
	return r.failed;
}
