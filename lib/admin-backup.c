/*
 * admin-backup.c: both databases copied together through SQLite's online
 * backup API, restored only after every check, and old copies rotated
 * (ticket-admin(1)).
 *
 * A backup set is a folder named for its moment, 20260302T100000 (with
 * -02, -03 ... after it when one of that name exists), holding main.db,
 * archive.db when there is an archive, and manifest.json.  It is written
 * under a dot name and renamed once whole and synced, so a set that has
 * its name is complete.  The copies are single files in rollback mode,
 * hashed as they lie.
 *
 * The two copies agree with each other.  Archiving commits a dossier to
 * the archive, under the archive's write lock, before the ticket's stub
 * in the main database (archive.c).  The backup takes the archive's
 * write lock, then begins a read snapshot of each file, then lets go:
 * every stub in the main database's snapshot has its dossier in the
 * archive's, and at most the one move that was between its two commits
 * has its dossier without its stub, which is the state the next
 * archiving run finishes after a crash.  The archive's lock is the one
 * to take because only the nightly job writes there; the main
 * database's, which intake holds batch after batch, could keep a
 * backup waiting for as long as intake runs.  Readers of WAL databases
 * block no one, so the copy itself holds up no writer.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sql.h"

#define FORMAT		"ticket-backup 1"
#define MAIN_COPY	"main.db"
#define ARCH_COPY	"archive.db"
#define MANIFEST	"manifest.json"

static int
exists(const char *path)
{
	struct stat sb;

	if (stat(path, &sb) == 0)
		return 1;
	if (errno != ENOENT)
		tk_err(TK_EXIT_DATA, "%s", path);
	return 0;
}

static int64_t
count(struct tk_db *db, const char *sql)
{
	struct tk_stmt *st = tk_db_stmt(db, sql);
	int64_t n = 0;

	if (tk_stmt_step(st) == TK_ROW)
		n = tk_stmt_col_int(st, 0);
	tk_stmt_reset(st);
	return n;
}

/* What the manifest says of the main database, read in its snapshot. */
static json_t *
describe_main(struct tk_db *db)
{
	return json_pack("{s:i, s:I, s:I}", "schema", tk_db_version(db),
	    "tickets", (json_int_t)count(db, "SELECT count(*) FROM ticket"),
	    "events", (json_int_t)count(db, "SELECT count(*) FROM event"));
}

/* The archive: its records, the hash of the last (the chain's head)
 * and its signature, null when the head is not signed. */
static json_t *
describe_archive(struct tk_db *a)
{
	json_t *h = tk_archive_head_line(a), *o;

	o = json_pack("{s:i, s:O, s:O, s:O}", "schema", tk_db_version(a),
	    "records", json_object_get(h, "records"), "head",
	    json_integer_value(json_object_get(h, "records")) == 0 ?
	    json_null() : json_object_get(h, "head"), "signature",
	    json_object_get(h, "signature"));
	json_decref(h);
	return o;
}

/* The copy's name, size and digest, and where it was copied from. */
static void
describe_copy(json_t *o, const char *dir, const char *name, const char *from)
{
	char sum[TK_SHA256_LEN], *path;
	int64_t size;

	tk_xasprintf(&path, "%s/%s", dir, name);
	if (chmod(path, 0600) == -1 || tk_sha256_file(path, sum, &size) ==
	    NULL)
		tk_err(TK_EXIT_TEMP, "%s", path);
	tk_jset(o, "file", json_string(name));
	tk_jset(o, "from", json_string(from));
	tk_jset(o, "size", json_integer(size));
	tk_jset(o, "sha256", json_string(sum));
	free(path);
}

static void
sync_path(const char *path)
{
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1 ||
	    fsync(fd) == -1)
		tk_err(TK_EXIT_TEMP, "%s", path);
	close(fd);
}

static void
write_manifest(const char *dir, json_t *m)
{
	char *path;
	FILE *fp;
	int fd;

	tk_xasprintf(&path, "%s/%s", dir, MANIFEST);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
	    0600)) == -1 || (fp = fdopen(fd, "w")) == NULL)
		tk_err(TK_EXIT_TEMP, "%s", path);
	if (json_dumpf(m, fp, JSON_INDENT(2)) == -1 || fputc('\n', fp) == EOF ||
	    fflush(fp) == EOF || fsync(fd) == -1)
		tk_err(TK_EXIT_TEMP, "%s", path);
	fclose(fp);
	free(path);
}

/* The set's name: the local time of now, as 20260302T100000. */
static void
set_name(tk_time now, char name[16])
{
	char when[TK_TIME_LEN], *o = name;
	const char *s;

	tk_time_format(now, when);
	for (s = when; s < when + 19; s++)
		if (*s != '-' && *s != ':')
			*o++ = *s;
	*o = '\0';
}

/* The partial set renamed to the first free name of its moment. */
static char *
finish_set(const char *parent, const char *tmp, tk_time now)
{
	char name[16], *path;
	int n;

	set_name(now, name);
	for (n = 1; n < 100; n++) {
		if (n == 1)
			tk_xasprintf(&path, "%s/%s", parent, name);
		else
			tk_xasprintf(&path, "%s/%s-%02d", parent, name, n);
		if (!exists(path) && rename(tmp, path) == 0) {
			sync_path(parent);
			return path;
		}
		if (errno != 0 && errno != EEXIST && errno != ENOTEMPTY &&
		    errno != ENOENT)
			tk_err(TK_EXIT_TEMP, "%s", path);
		free(path);
	}
	tk_errx(TK_EXIT_DATA, "%s: 99 backup sets of %s already", parent,
	    name);
}

struct snap {
	struct tk_db	*main, *arch;	/* arch NULL: no archive yet */
};

/* Both snapshots begun under the archive's write lock. */
static void
take_snapshots(const struct tk_backup *b, struct snap *s)
{
	struct tk_db *lock = NULL;

	if (!exists(b->db))
		tk_errx(TK_EXIT_DATA, "%s: no such database", b->db);
	s->main = tk_db_open(b->db);
	s->arch = NULL;
	if (exists(b->archive)) {
		lock = tk_archive_open(b->archive);
		s->arch = tk_archive_open(b->archive);
		tk_db_begin(lock);
	}
	tk_db_snapshot(s->main);
	if (s->arch != NULL) {
		tk_db_snapshot(s->arch);
		tk_db_rollback(lock);
		tk_db_close(lock);
	} else if (exists(b->archive))
		tk_errx(TK_EXIT_TEMP, "%s: the archive began during the "
		    "backup; run it again", b->archive);
}

static char *
make_partial(const char *parent)
{
	char *tmp;

	if (mkdir(parent, 0700) == -1 && errno != EEXIST)
		tk_err(TK_EXIT_DATA, "%s", parent);
	tk_xasprintf(&tmp, "%s/.partial-%ld", parent, (long)getpid());
	if (mkdir(tmp, 0700) == -1)
		tk_err(errno == EEXIST ? TK_EXIT_DATA : TK_EXIT_TEMP, "%s",
		    tmp);
	return tmp;
}

/* Copies one snapshot into the set and describes it; ends the snapshot. */
static json_t *
copy_one(struct tk_db *db, json_t *(*describe)(struct tk_db *),
    const char *dir, const char *name)
{
	json_t *o = describe(db);
	char *path;

	tk_xasprintf(&path, "%s/%s", dir, name);
	tk_db_backup_to(db, path);
	tk_db_rollback(db);
	describe_copy(o, dir, name, tk_db_path(db));
	free(path);
	return o;
}

/* A new backup set in b->dir; returns its manifest, with "dir". */
json_t *
tk_backup_make(const struct tk_backup *b)
{
	char when[TK_TIME_LEN], *tmp, *done;
	struct snap s;
	json_t *m;

	take_snapshots(b, &s);
	tmp = make_partial(b->dir);
	m = json_pack("{s:s, s:s, s:s, s:s}", "format", FORMAT,
	    "created_at", tk_time_format(b->now, when), "tool", TK_VERSION,
	    "city", tk_conf_get("city"));
	tk_jset(m, "main", copy_one(s.main, describe_main, tmp, MAIN_COPY));
	tk_jset(m, "archive", s.arch == NULL ? json_null() :
	    copy_one(s.arch, describe_archive, tmp, ARCH_COPY));
	write_manifest(tmp, m);
	sync_path(tmp);
	done = finish_set(b->dir, tmp, b->now);
	tk_jset(m, "dir", json_string(done));
	tk_db_close(s.main);
	tk_db_close(s.arch);
	free(done);
	free(tmp);
	return m;
}

static json_t *
read_manifest(const char *dir)
{
	json_error_t jerr;
	json_t *m;
	char *path;

	tk_xasprintf(&path, "%s/%s", dir, MANIFEST);
	if ((m = json_load_file(path, 0, &jerr)) == NULL)
		tk_errx(TK_EXIT_DATA, "%s: %s", path, jerr.text);
	if (!json_is_object(m) || tk_json_str(m, "format") == NULL ||
	    strcmp(tk_json_str(m, "format"), FORMAT) != 0 ||
	    !json_is_object(json_object_get(m, "main")))
		tk_errx(TK_EXIT_DATA, "%s: not a manifest of a ticket backup",
		    path);
	free(path);
	return m;
}

/* The copy is the file the manifest describes, byte for byte. */
static char *
check_digest(const char *dir, json_t *part, const char *name)
{
	char sum[TK_SHA256_LEN], *path;
	const char *want = tk_json_str(part, "sha256");
	int64_t size;

	if (tk_json_str(part, "file") == NULL ||
	    strcmp(tk_json_str(part, "file"), name) != 0 || want == NULL)
		tk_errx(TK_EXIT_DATA, "%s/%s: not described by the manifest",
		    dir, name);
	tk_xasprintf(&path, "%s/%s", dir, name);
	if (tk_sha256_file(path, sum, &size) == NULL)
		tk_err(TK_EXIT_DATA, "%s", path);
	if (size != json_integer_value(json_object_get(part, "size")) ||
	    strcmp(sum, want) != 0)
		tk_errx(TK_EXIT_DATA, "%s: does not match the manifest (its "
		    "size or SHA-256 differs): the backup was changed or "
		    "damaged", path);
	return path;
}

/* One number the manifest gives and the copy must agree with. */
static void
agree(const char *path, json_t *part, json_t *have, const char *key)
{
	json_t *want = json_object_get(part, key), *got = json_object_get(have,
	    key);

	if (!json_equal(want, got))
		tk_errx(TK_EXIT_DATA, "%s: %s differs from the manifest",
		    path, key);
}

static void
check_integrity(struct tk_db *db)
{
	struct tk_stmt *st = tk_db_stmt(db, "PRAGMA quick_check");

	if (tk_stmt_step(st) != TK_ROW ||
	    strcmp(tk_stmt_col_text(st, 0), "ok") != 0)
		tk_errx(TK_EXIT_DATA, "%s: damaged: %s", tk_db_path(db),
		    tk_stmt_col_text(st, 0));
	tk_stmt_reset(st);
}

static void
check_main(const char *dir, json_t *part)
{
	char *path = check_digest(dir, part, MAIN_COPY);
	struct tk_db *db = tk_db_open_ro(path, tk_migrations);
	json_t *have;

	check_integrity(db);
	have = describe_main(db);
	agree(path, part, have, "schema");
	agree(path, part, have, "tickets");
	agree(path, part, have, "events");
	json_decref(have);
	tk_db_close(db);
	free(path);
}

/*
 * The archive's copy: whole, its chain true to its head, and holding
 * the head last published, unless forced.  Returns the copy open.
 */
static struct tk_db *
check_archive(const char *dir, json_t *part)
{
	char *path = check_digest(dir, part, ARCH_COPY), err[TK_ERRLEN];
	struct tk_db *a = tk_db_open_ro(path, tk_archive_migrations);
	json_t *have, *sum;

	check_integrity(a);
	if ((sum = tk_archive_verify(a, NULL, err)) == NULL)
		tk_errx(TK_EXIT_DATA, "%s: %s", path, err);
	have = describe_archive(a);
	agree(path, part, have, "schema");
	agree(path, part, have, "records");
	agree(path, part, have, "head");
	json_decref(have);
	json_decref(sum);
	free(path);
	return a;
}

/* A backup older than the head published, or off its chain, would
 * take back what was published: refused unless forced. */
static void
check_published(struct tk_db *a, const char *dir, int force)
{
	json_t *head = tk_heads_last(tk_conf_get("archive.heads"));
	char *why = NULL;

	if (head == NULL)
		return;
	if (a != NULL)
		why = tk_heads_held(a, head);
	else if (json_integer_value(json_object_get(head, "records")) > 0)
		why = tk_xstrdup("is missing");
	json_decref(head);
	if (why == NULL)
		return;
	if (!force)
		tk_errx(TK_EXIT_DATA, "%s: the backup's archive %s (in %s): "
		    "the backup is older than the archive; --force restores "
		    "it all the same", dir, why, tk_conf_get("archive.heads"));
	tk_warnx("%s: the backup's archive %s; restored as forced", dir, why);
	free(why);
}

/*
 * Restores the set b->dir over b->db and b->archive, after every check
 * of the set has passed: the archive first, then the main database.
 */
json_t *
tk_backup_restore(const struct tk_backup *b)
{
	json_t *m = read_manifest(b->dir), *arch;
	struct tk_db *a = NULL;
	char *path;

	check_main(b->dir, json_object_get(m, "main"));
	if (json_is_object(arch = json_object_get(m, "archive")))
		a = check_archive(b->dir, arch);
	else if (!b->force && exists(b->archive))
		tk_errx(TK_EXIT_DATA, "%s: the backup has no archive; --force "
		    "restores the main database alone", b->archive);
	check_published(a, b->dir, b->force);
	tk_db_close(a);
	if (json_is_object(arch)) {
		tk_xasprintf(&path, "%s/%s", b->dir, ARCH_COPY);
		tk_db_restore(b->archive, path);
		free(path);
	}
	tk_xasprintf(&path, "%s/%s", b->dir, MAIN_COPY);
	tk_db_restore(b->db, path);
	free(path);
	tk_jset(m, "restored", json_pack("{s:s, s:s?}", "main", b->db,
	    "archive", json_is_object(arch) ? b->archive : NULL));
	return m;
}

/* A backup set's name: 20260302T100000, or that and -02 .. -99. */
static int
is_set(const struct dirent *d)
{
	const char *s = d->d_name;
	size_t n = strlen(s);

	return (n == 15 || (n == 18 && s[15] == '-' &&
	    strspn(s + 16, "0123456789") == 2)) &&
	    strspn(s, "0123456789") == 8 && s[8] == 'T' &&
	    strspn(s + 9, "0123456789") == 6;
}

/* Removes the files a set holds, then the set; a set holding anything
 * else is left, with a warning. */
static int
remove_set(const char *path)
{
	static const char *const files[] = { MANIFEST, MAIN_COPY, ARCH_COPY,
	    NULL };
	char *f;
	int i;

	for (i = 0; files[i] != NULL; i++) {
		tk_xasprintf(&f, "%s/%s", path, files[i]);
		if (unlink(f) == -1 && errno != ENOENT)
			tk_err(TK_EXIT_TEMP, "%s", f);
		free(f);
	}
	if (rmdir(path) == 0)
		return 0;
	tk_warnx("%s: %s; left in place", path, strerror(errno));
	return -1;
}

/* The oldest sets in dir removed, all but the keep newest; cb gets each
 * removed.  Returns how many. */
long
tk_backup_prune(const char *dir, long keep, tk_ticket_cb cb, void *arg)
{
	struct dirent **sets;
	long i, n, removed = 0;
	json_t *o;
	char *path;

	if ((n = scandir(dir, &sets, is_set, alphasort)) == -1)
		tk_err(TK_EXIT_DATA, "%s", dir);
	for (i = 0; i < n; i++) {
		if (i < n - keep) {
			tk_xasprintf(&path, "%s/%s", dir, sets[i]->d_name);
			if (remove_set(path) == 0) {
				o = json_pack("{s:s}", "removed", path);
				cb(o, arg);
				json_decref(o);
				removed++;
			}
			free(path);
		}
		free(sets[i]);
	}
	free(sets);
	return removed;
}
