/*
 * attach.c: attachments (附件), the photos, recordings and documents of a
 * ticket (ticket(7)).
 *
 * A file is kept once, by the SHA-256 of its content, in the folder
 * beside the database (tickets.db: tickets-attachments/); the table
 * attachment numbers a ticket's files from 1 and says what each is.
 * Taking a file copies it into the folder under a temporary name while
 * hashing it, and asks libmagic what the content is: the name a caller
 * gave it says nothing.  Only once the ticket's write is sure is the
 * copy renamed to its digest, so a refused or dry run leaves nothing
 * behind.  The file is opened with O_NOFOLLOW: a link could point
 * anywhere the service may read.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <magic.h>

#include "sql.h"

#define BLOCK	65536

/* The folder beside a database: its name without ".db", "-attachments". */
char *
tk_attach_dir(const char *db)
{
	size_t n = strlen(db);
	char *p;

	if (n > 3 && strcmp(db + n - 3, ".db") == 0)
		n -= 3;
	tk_xasprintf(&p, "%.*s-attachments", (int)n, db);
	return p;
}

static int
refuse(char err[TK_ERRLEN], const char *path, const char *why)
{
	snprintf(err, TK_ERRLEN, "attachment \"%.200s\": %.280s", path, why);
	return -1;
}

/* The file to read, checked; -1 with err when it may not be taken. */
static int
open_file(const char *path, int64_t max, char err[TK_ERRLEN])
{
	const char *only = getenv("TICKET_STDIN_ONLY");
	char why[160];
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0)
		return STDIN_FILENO;
	if (only != NULL && *only != '\0')
		return refuse(err, path, "files on the server are the "
		    "service's: send it on stdin (ticket-route attach id -)");
	/* O_NONBLOCK: a FIFO must not hold the intake up. */
	if ((fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK |
	    O_CLOEXEC)) == -1)
		return refuse(err, path, errno == ELOOP ?
		    "a symbolic link: give the file itself" : strerror(errno));
	if (fstat(fd, &st) == -1) {
		close(fd);
		return refuse(err, path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return refuse(err, path, S_ISDIR(st.st_mode) ?
		    "a directory, not a file" : "not a regular file");
	}
	if (st.st_size > max) {
		close(fd);
		snprintf(why, sizeof(why), "%lld bytes, more than "
		    "attachment.max_bytes (%lld)", (long long)st.st_size,
		    (long long)max);
		return refuse(err, path, why);
	}
	return fd;
}

/* What the content is, as a MIME type, from libmagic's rules. */
static char *
content_type(const char *file)
{
	magic_t m = magic_open(MAGIC_MIME_TYPE | MAGIC_ERROR);
	const char *t;
	char *type;

	if (m == NULL || magic_load(m, NULL) == -1)
		tk_errx(TK_EXIT_DATA, "libmagic: cannot load its rules: %s",
		    m != NULL ? magic_error(m) : strerror(errno));
	if ((t = magic_file(m, file)) == NULL)
		tk_errx(TK_EXIT_DATA, "%s: libmagic: %s", file, magic_error(m));
	type = tk_xstrdup(t);
	magic_close(m);
	return type;
}

static int
write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(fd, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Copies in to out, hashing; -1 with err on an error or past the limit. */
static int
copy(struct tk_blob *b, int in, int out, const char *path, int64_t max,
    char err[TK_ERRLEN])
{
	struct tk_hash *h = tk_hash_start();
	char *buf = tk_xmalloc(BLOCK), why[160];
	ssize_t n;
	int rc = 0;

	b->size = 0;
	while (rc == 0 && (n = read(in, buf, BLOCK)) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 || write_all(out, buf, (size_t)n) == -1)
			rc = refuse(err, path, strerror(errno));
		else if ((b->size += n) > max) {
			snprintf(why, sizeof(why), "more than "
			    "attachment.max_bytes (%lld)", (long long)max);
			rc = refuse(err, path, why);
		} else
			tk_hash_add(h, buf, (size_t)n);
	}
	tk_hash_end(h, b->sha256);
	free(buf);
	if (rc == 0 && fsync(out) == -1)
		rc = refuse(err, path, strerror(errno));
	return rc;
}

static const char *
base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return strcmp(path, "-") == 0 ? "stdin" :
	    slash != NULL ? slash + 1 : path;
}

/*
 * The file at path ("-": stdin) copied into the folder dir under a
 * temporary name, with its digest, size and type.  Returns -1 with err
 * when the file is refused: missing, a link, a directory, more than max
 * bytes.
 */
int
tk_blob_take(const char *dir, const char *path, int64_t max,
    struct tk_blob *b, char err[TK_ERRLEN])
{
	int in, out, rc;

	memset(b, 0, sizeof(*b));
	if ((in = open_file(path, max, err)) == -1)
		return -1;
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		tk_err(TK_EXIT_DATA, "%s", dir);
	tk_xasprintf(&b->tmp, "%s/.tmp-XXXXXX", dir);
	if ((out = mkstemp(b->tmp)) == -1)
		tk_err(TK_EXIT_TEMP, "%s", b->tmp);
	rc = copy(b, in, out, path, max, err);
	if (in != STDIN_FILENO)
		close(in);
	if (close(out) == -1 && rc == 0)
		rc = refuse(err, path, strerror(errno));
	if (rc == -1) {
		tk_blob_clear(b);
		return -1;
	}
	b->type = content_type(b->tmp);
	b->name = tk_xstrdup(base_name(path));
	return 0;
}

/* The copy renamed to its digest: the one copy of that content. */
void
tk_blob_keep(struct tk_blob *b, const char *dir)
{
	char *path;

	tk_xasprintf(&path, "%s/%s", dir, b->sha256);
	if (rename(b->tmp, path) == -1)
		tk_err(TK_EXIT_DATA, "%s", path);
	free(path);
	free(b->tmp);
	b->tmp = NULL;
}

/* A copy still under its temporary name is removed. */
void
tk_blob_clear(struct tk_blob *b)
{
	if (b->tmp != NULL)
		unlink(b->tmp);
	free(b->tmp);
	free(b->type);
	free(b->name);
	memset(b, 0, sizeof(*b));
}

static json_t *
attachment_json(struct tk_stmt *st)
{
	char at[TK_TIME_LEN];

	return json_pack("{s:I, s:s, s:I, s:s, s:s, s:b, s:s, s:s}",
	    "n", (json_int_t)tk_stmt_col_int(st, 0),
	    "sha256", tk_stmt_col_text(st, 1),
	    "size", (json_int_t)tk_stmt_col_int(st, 2),
	    "type", tk_stmt_col_text(st, 3), "name", tk_stmt_col_text(st, 4),
	    "public", (int)tk_stmt_col_int(st, 5),
	    "added_at", tk_time_format(tk_stmt_col_int(st, 6), at),
	    "actor", tk_stmt_col_text(st, 7));
}

#define ATTACHMENT_COLS	"SELECT n, sha256, size, type, name, public," \
	" added_at, actor FROM attachment"

/*
 * A kept blob becomes the ticket's next attachment, with an attach
 * event; returns the attachment as listed.  Runs in the caller's
 * transaction.
 */
json_t *
tk_attach_add(struct tk_db *db, const char *ticket, const struct tk_blob *b,
    const char *actor, tk_time now)
{
	struct tk_stmt *st = tk_db_stmt(db, "INSERT INTO attachment(ticket,"
	    " n, sha256, size, type, name, public, added_at, actor)"
	    " SELECT ?1, coalesce(max(n), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8"
	    " FROM attachment WHERE ticket = ?1");
	struct tk_event e;
	json_t *a;

	tk_stmt_text(st, 1, ticket);
	tk_stmt_text(st, 2, b->sha256);
	tk_stmt_int(st, 3, b->size);
	tk_stmt_text(st, 4, b->type);
	tk_stmt_text(st, 5, b->name);
	tk_stmt_int(st, 6, b->public);
	tk_stmt_int(st, 7, now);
	tk_stmt_text(st, 8, actor);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot store an attachment: %s",
		    ticket, tk_db_errmsg(db));
	st = tk_db_stmt(db, ATTACHMENT_COLS " WHERE ticket = ?1"
	    " ORDER BY n DESC LIMIT 1");
	tk_stmt_text(st, 1, ticket);
	tk_stmt_step(st);
	a = attachment_json(st);
	tk_stmt_reset(st);
	memset(&e, 0, sizeof(e));
	e.ticket = ticket;
	e.at = now;
	e.actor = actor;
	e.kind = TK_EV_ATTACH;
	/* The event has its own time and actor; "n" is ambiguous there. */
	e.data = json_copy(a);
	tk_jshare(e.data, "attachment", json_object_get(a, "n"));
	json_object_del(e.data, "n");
	json_object_del(e.data, "added_at");
	json_object_del(e.data, "actor");
	if (tk_store_event(db, &e) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot append an event: %s", ticket,
		    tk_db_errmsg(db));
	json_decref(e.data);
	return a;
}

/* A ticket's attachments, in their order. */
json_t *
tk_attach_list(struct tk_db *db, const char *ticket)
{
	struct tk_stmt *st = tk_db_stmt(db, ATTACHMENT_COLS
	    " WHERE ticket = ?1 ORDER BY n");
	json_t *list = json_array();

	tk_stmt_text(st, 1, ticket);
	while (tk_stmt_step(st) == TK_ROW)
		tk_jpush(list, attachment_json(st));
	tk_stmt_reset(st);
	return list;
}

/* Attachment n of the ticket, its content to out; -1 with err. */
int
tk_attach_write(struct tk_db *db, const char *ticket, long n, FILE *out,
    char err[TK_ERRLEN])
{
	struct tk_stmt *st = tk_db_stmt(db, "SELECT sha256 FROM attachment"
	    " WHERE ticket = ?1 AND n = ?2");
	char *dir, *path = NULL, *buf;
	size_t got;
	FILE *in = NULL;

	tk_stmt_text(st, 1, ticket);
	tk_stmt_int(st, 2, n);
	if (tk_stmt_step(st) == TK_ROW) {
		dir = tk_attach_dir(tk_db_path(db));
		tk_xasprintf(&path, "%s/%s", dir, tk_stmt_col_text(st, 0));
		free(dir);
	}
	tk_stmt_reset(st);
	if (path == NULL) {
		snprintf(err, TK_ERRLEN, "%s: no attachment %ld", ticket, n);
		return -1;
	}
	if ((in = fopen(path, "rbe")) == NULL)
		tk_err(TK_EXIT_DATA, "%s", path);
	buf = tk_xmalloc(BLOCK);
	while ((got = fread(buf, 1, BLOCK, in)) > 0)
		fwrite(buf, 1, got, out);
	if (ferror(in))
		tk_err(TK_EXIT_DATA, "%s", path);
	fclose(in);
	free(buf);
	free(path);
	return 0;
}

/*
 * Who may add a file to a ticket: the platform, or a unit that has had
 * an order on it; only the platform lets one be published.  An archived
 * ticket's files went with its dossier.
 */
int
tk_attach_may(struct tk_act *a, const char *id, int public)
{
	struct tk_tick t;
	int rc = 0;

	if (public && tk_act_platform_only(a, "mark an attachment public") ==
	    -1)
		return -1;
	if (tk_act_load(a, id, &t) == -1)
		return -1;
	if (strcmp(t.status, "archived") == 0)
		rc = tk_act_refuse(a, "ticket is archived (已归档)");
	else if (!a->platform && tk_store_part(a->db, id, a->unit) == -1)
		rc = tk_act_refuse(a, "unit \"%s\" has had no order on it",
		    a->unit);
	tk_act_unload(&t);
	return rc;
}

/*
 * Archiving (ticket-archive(1)): the dossier's files copied into the
 * folder beside the archive, checked against their digests on the way,
 * then removed from the live folder unless a live ticket still has the
 * same content.  A copy already in the archive's folder is that content:
 * a run that stopped half way goes on from there.
 */
void
tk_attach_archive(struct tk_mover *mv, json_t *dossier)
{
	struct tk_stmt *st = tk_db_stmt(mv->main,
	    "SELECT 1 FROM attachment WHERE sha256 = ?1");
	char *from = tk_attach_dir(tk_db_path(mv->main)), *live, *kept,
	    err[TK_ERRLEN];
	char *to = tk_attach_dir(tk_db_path(mv->arch));
	struct tk_blob b;
	const char *sha;
	json_t *a;
	size_t i;

	json_array_foreach(json_object_get(dossier, "attachment"), i, a) {
		sha = tk_json_str(a, "sha256");
		tk_xasprintf(&live, "%s/%s", from, sha);
		tk_xasprintf(&kept, "%s/%s", to, sha);
		if (access(kept, F_OK) == -1) {
			if (tk_blob_take(to, live, INT64_MAX, &b, err) == -1)
				tk_errx(TK_EXIT_DATA, "%s", err);
			if (strcmp(b.sha256, sha) != 0)
				tk_errx(TK_EXIT_DATA, "%s: content does not "
				    "match its digest", live);
			tk_blob_keep(&b, to);
			tk_blob_clear(&b);
		}
		tk_stmt_text(st, 1, sha);
		if (!tk_stmt_any(st) && unlink(live) == -1 && errno != ENOENT)
			tk_err(TK_EXIT_DATA, "%s", live);
		free(live);
		free(kept);
	}
	free(from);
	free(to);
}

/*
 * Publication (ticket-archive(1)): the files the platform marked public,
 * by digest, type and size, into the published record o.  Their names
 * stay out: a file's name may name a person.
 */
void
tk_attach_published(json_t *o, json_t *dossier)
{
	json_t *list = json_array(), *a;
	size_t i;

	json_array_foreach(json_object_get(dossier, "attachment"), i, a)
		if (json_integer_value(json_object_get(a, "public")) == 1)
			tk_jpush(list, json_pack("{s:O, s:O, s:O}", "sha256",
			    json_object_get(a, "sha256"), "type",
			    json_object_get(a, "type"), "size",
			    json_object_get(a, "size")));
	if (json_array_size(list) > 0)
		tk_jset(o, "attachments", list);
	else
		json_decref(list);
}

/*
 * The platform lets attachment n of a ticket be published, with an
 * attach_public event.  -1 with a->err when there is no such attachment
 * or it is public already: nothing is written.
 */
int
tk_attach_set_public(struct tk_act *a, const char *id, long n)
{
	struct tk_stmt *st = tk_db_stmt(a->db, "UPDATE attachment"
	    " SET public = 1 WHERE ticket = ?1 AND n = ?2 AND public = 0");
	json_t *data;

	tk_stmt_text(st, 1, id);
	tk_stmt_int(st, 2, n);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: %s", id, tk_db_errmsg(a->db));
	if (tk_db_changes(a->db) == 0) {
		st = tk_db_stmt(a->db, "SELECT 1 FROM attachment"
		    " WHERE ticket = ?1 AND n = ?2");
		tk_stmt_text(st, 1, id);
		tk_stmt_int(st, 2, n);
		return tk_act_refuse(a, tk_stmt_any(st) ? "attachment %ld is "
		    "public already" : "no attachment %ld", n);
	}
	data = json_pack("{s:I}", "attachment", (json_int_t)n);
	tk_act_event(a, id, TK_EV_ATTACH_PUBLIC, NULL, NULL, NULL, data);
	json_decref(data);
	return 0;
}
