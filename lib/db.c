/*
 * db.c: the store.  The only file that calls sqlite3.
 *
 * Opening a database sets WAL, a busy timeout (concurrent writers wait
 * rather than fail), foreign keys, and brings the schema up to date, one
 * migration per transaction, forward only.  Statements are prepared once
 * and cached by their SQL text, in a hash table that grows as needed, so
 * SQL built at run time is as safe to pass as a literal.  A word of the
 * vocabularies (event kinds, order statuses) is written @word in SQL and
 * spelt out at prepare: queries name them as the writers' enums do, from
 * one table, and a misspelt one stops the first run.  Any error other than a constraint
 * failure is fatal: exit 4 for what a retry may cure (busy past the
 * timeout, a full disk, an I/O error), exit 3 for the rest (corruption, a
 * schema newer than the tool, a file that is not a database).  A fatal exit
 * leaves the open transaction uncommitted, so SQLite rolls it back.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "sql.h"

/*
 * The write-ahead log, in pages of 4 KB: checkpointed at WAL_PAGES
 * (WAL_BULK_PAGES for intake, tk_db_open_bulk), and cut back to WAL_KEEP
 * bytes when a checkpoint has emptied it.
 */
#define WAL_PAGES	"4000"
#define WAL_BULK_PAGES	20000
#define WAL_KEEP	"16777216"

struct tk_stmt {
	struct tk_db	*db;
	uint64_t	 hash;		/* of the SQL text */
	char		*sql;		/* as asked for, before spell_words */
	sqlite3_stmt	*st;
};

struct tk_db {
	sqlite3		*h;
	char		*path;
	int		 in_tx;
	int		 savepoints;
	struct tk_stmt	**slot;		/* open addressing, NULL for free */
	size_t		 nslot, nstmt;	/* nslot a power of two */
	int		 last_constraint;
	const struct tk_migration *schema;
	int		 lockfd;	/* a new file's, until migrated; 0: none */
	struct tk_ckpt	*ckpt;		/* intake's checkpoints, or NULL */
};

/* Whether the next open is intake's (tk_db_open_bulk). */
static int open_bulk;

static int
temporary(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
	case SQLITE_FULL:
	case SQLITE_IOERR:
	case SQLITE_NOMEM:
		return 1;
	}
	return 0;
}

static void __attribute__((noreturn))
fail(struct tk_db *db, int rc, const char *what)
{
	tk_errx(temporary(rc) ? TK_EXIT_TEMP : TK_EXIT_DATA, "%s: %s%s%s",
	    db->path, what ? what : "", what ? ": " : "",
	    db->h ? sqlite3_errmsg(db->h) : sqlite3_errstr(rc));
}

static void
exec(struct tk_db *db, const char *sql)
{
	char *msg = NULL;
	int rc;

	if ((rc = sqlite3_exec(db->h, sql, NULL, NULL, &msg)) != SQLITE_OK) {
		tk_errx(temporary(rc) ? TK_EXIT_TEMP : TK_EXIT_DATA, "%s: %s",
		    db->path, msg ? msg : sqlite3_errstr(rc));
	}
}

/* Transaction control through cached statements: it runs per record. */
static void
run(struct tk_db *db, const char *sql)
{
	struct tk_stmt *st = tk_db_stmt(db, sql);

	if (tk_stmt_step(st) == -1)
		fail(db, SQLITE_CONSTRAINT, sql);
	sqlite3_reset(st->st);
}

static int
user_version(struct tk_db *db)
{
	struct tk_stmt *st = tk_db_stmt(db, "PRAGMA user_version");
	int v = 0;

	if (tk_stmt_step(st) == TK_ROW)
		v = (int)tk_stmt_col_int(st, 0);
	tk_stmt_reset(st);
	return v;
}

static int
count_migrations(const struct tk_migration *m)
{
	int n = 0;

	while (m[n].sql != NULL)
		n++;
	return n;
}

/* A second process may migrate at the same moment: look again inside. */
static void
migrate(struct tk_db *db)
{
	const struct tk_migration *m = db->schema;
	int have, want = count_migrations(m);
	char sql[64];

	if ((have = user_version(db)) > want)
		tk_errx(TK_EXIT_DATA, "%s: schema version %d is newer than "
		    "this tool (%d)", db->path, have, want);
	while (have < want) {
		tk_db_begin(db);
		if ((have = user_version(db)) < want) {
			exec(db, m[have].sql);
			if (m[have].after != NULL)
				m[have].after(db);
			snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
			    have + 1);
			exec(db, sql);
		}
		tk_db_commit(db);
		have = user_version(db);
	}
}

/*
 * A database still in rollback mode answers "busy" at once, without the
 * busy handler, when waiting could deadlock (a second process creating
 * the same new database): retry for as long as the busy timeout.
 */
static void
wal(struct tk_db *db)
{
	long waited = 0, limit = tk_conf_long("busy_timeout") * 1000;
	char *msg = NULL;
	int rc;

	while ((rc = sqlite3_exec(db->h, "PRAGMA journal_mode = WAL", NULL,
	    NULL, &msg)) != SQLITE_OK && (rc & 0xff) == SQLITE_BUSY &&
	    waited < limit) {
		sqlite3_free(msg);
		msg = NULL;
		waited += sqlite3_sleep(10);
	}
	if (rc != SQLITE_OK)
		tk_errx(temporary(rc) ? TK_EXIT_TEMP : TK_EXIT_DATA, "%s: %s",
		    db->path, msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
}

/*
 * The databases hold every caller's name, phone and ID number.  A new
 * one is made 0600, whatever the caller's umask (its -wal and -shm take
 * their mode from it); one that others may read is named at open.
 */
static int
open_private(const char *path, sqlite3 **h)
{
	mode_t old = umask(077);
	struct stat sb;
	int rc;

	rc = sqlite3_open_v2(path, h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, open_bulk ?
	    tk_db_vfs_gather() : NULL);
	umask(old);
	if (rc == SQLITE_OK && stat(path, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (sb.st_mode & 077) != 0)
		tk_warnx("%s: others may read it (mode %03o): chmod 600 it",
		    path, (unsigned)(sb.st_mode & 0777));
	return rc;
}

/* The search tokenizer, before anything reads the schema. */
static void
fts5(struct tk_db *db)
{
	if (tk_db_fts5_init(db->h) == -1)
		tk_errx(TK_EXIT_DATA, "%s: this SQLite has no FTS5", db->path);
}

/* SQLite's names for a database of no file. */
static int
in_memory(const char *path)
{
	return *path == '\0' || strcmp(path, ":memory:") == 0 ||
	    strncmp(path, "file:", 5) == 0;
}

/*
 * A new database file appears already locked: made under a temporary
 * name, locked (flock, which SQLite's own fcntl locks do not touch),
 * then linked into place, so no process ever sees it unlocked.  Its
 * maker holds the lock until the migrations have committed.  Returns
 * the locked file's descriptor, or 0 when the file was there or cannot
 * be made here (SQLite then says why).
 */
static int
create_locked(const char *path)
{
	char *tmp;
	int fd, made;

	tk_xasprintf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkostemp(tmp, O_CLOEXEC)) == -1) {
		free(tmp);
		return 0;
	}
	if (fd == 0 && (fd = fcntl(0, F_DUPFD_CLOEXEC, 3)) != -1)
		close(0);
	made = fd != -1 && flock(fd, LOCK_EX) == 0 && link(tmp, path) == 0;
	unlink(tmp);
	free(tmp);
	if (!made && fd != -1)
		close(fd);
	return made ? fd : 0;
}

/*
 * Whether the file is there and empty once the command making it (if
 * it is one of ours, it holds the lock) is done with it.
 */
static int
is_empty(const char *path)
{
	struct stat sb;
	int fd, empty;

	if (stat(path, &sb) == -1 || !S_ISREG(sb.st_mode) || sb.st_size > 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return 0;
	while (flock(fd, LOCK_SH) == -1 && errno == EINTR)
		continue;
	empty = fstat(fd, &sb) == 0 && sb.st_size == 0;
	close(fd);
	return empty;
}

/*
 * An empty file where a database should be is refused: made new, it
 * would number tickets again from the first of the day, numbers the
 * archive already holds.  Another program making it (sqlite3) holds
 * SQLite's write lock until its first commit: wait for that too, then
 * look again.
 */
static void
refuse_empty(struct tk_db *db)
{
	struct stat sb;
	int empty;

	tk_db_begin(db);
	empty = stat(db->path, &sb) == 0 && sb.st_size == 0;
	tk_db_rollback(db);
	if (empty)
		tk_errx(TK_EXIT_DATA, "%s: empty database file", db->path);
}

/* SQLite's cheap check of every page, when the quick_check setting
 * asks for it at each open: a damaged file stops the command first. */
static void
quick_check(struct tk_db *db)
{
	struct tk_stmt *st;

	if (tk_conf_long("quick_check") == 0)
		return;
	st = tk_db_stmt(db, "PRAGMA quick_check(1)");
	if (tk_stmt_step(st) == TK_ROW &&
	    strcmp(tk_stmt_col_text(st, 0), "ok") != 0)
		tk_errx(TK_EXIT_DATA, "%s: damaged: %s", db->path,
		    tk_stmt_col_text(st, 0));
	tk_stmt_reset(st);
}

/*
 * A connection for intake, which writes a million records at a stretch
 * and nothing reads beside it: rarer checkpoints write each hot index
 * page fewer times, and its WAL is written in large writes
 * (db-vfs.c), which needs the synchronous=FULL every connection has.
 * What intake deletes is the search index's segments that a merge has
 * copied into a new one: zeroing their freed pages (Debian's SQLite
 * does, secure_delete being on) wiped nothing that is not still in the
 * database, and was 9% of what intake wrote to disk at a million
 * records.  FAST still clears what is deleted inside a page.
 */
struct tk_db *
tk_db_open_bulk(const char *path)
{
	struct tk_db *db;

	open_bulk = 1;
	db = tk_db_open(path);
	open_bulk = 0;
	if (in_memory(path) ||
	    (db->ckpt = tk_db_ckpt_start(db->h, path, WAL_BULK_PAGES)) == NULL)
		sqlite3_wal_autocheckpoint(db->h, WAL_BULK_PAGES);
	exec(db, "PRAGMA secure_delete = FAST");
	return db;
}

struct tk_db *
tk_db_open(const char *path)
{
	return tk_db_open_schema(path, tk_migrations);
}

/* A database of another schema: the archive has its own migrations. */
struct tk_db *
tk_db_open_schema(const char *path, const struct tk_migration *schema)
{
	static int configured;
	struct tk_db *db = tk_xmalloc(sizeof(*db));
	int rc, empty = 0;

	memset(db, 0, sizeof(*db));
	db->path = tk_xstrdup(path);
	db->schema = schema;
	/* Nothing reads SQLite's memory statistics: skip their mutex, a
	 * lock for every allocation.  Only before SQLite starts: nothing
	 * may call it first (not even to find a VFS). */
	if (!configured++)
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (!in_memory(path) && (db->lockfd = create_locked(path)) == 0)
		empty = is_empty(path);
	if ((rc = open_private(path, &db->h)) != SQLITE_OK)
		fail(db, rc, NULL);
	fts5(db);
	sqlite3_extended_result_codes(db->h, 1);
	sqlite3_busy_timeout(db->h, (int)tk_conf_long("busy_timeout") * 1000);
	if (empty)
		refuse_empty(db);
	quick_check(db);
	wal(db);
	/* FULL: a printed ticket survives a power cut, not only a crash;
	 * batches make the sync per commit cheap.  Intake's VFS relies on
	 * it (db-vfs.c). */
	exec(db, "PRAGMA synchronous = FULL");
	/* Bulk intake touches index pages all over: a bigger cache
	 * writes each hot page fewer times. */
	exec(db, "PRAGMA cache_size = -8192");
	/* A checkpoint every WAL_PAGES pages keeps the log of a long pipe
	 * (ticket-ls | ticket-route auto) small, and a log a bulk writer
	 * grew is cut back once checkpointed (ticket.5, FILES). */
	exec(db, "PRAGMA wal_autocheckpoint = " WAL_PAGES);
	exec(db, "PRAGMA journal_size_limit = " WAL_KEEP);
	exec(db, "PRAGMA foreign_keys = ON");
	migrate(db);
	/* A record's savepoint journal stays in memory, not in a file.
	 * Not a migration's: one that drops a large table journals every
	 * page it frees, gigabytes on a city's database. */
	exec(db, "PRAGMA temp_store = MEMORY");
	/* Unlocked, not closed: a close would drop SQLite's fcntl locks. */
	if (db->lockfd != 0)
		flock(db->lockfd, LOCK_UN);
	return db;
}

void
tk_db_close(struct tk_db *db)
{
	size_t i;

	if (db == NULL)
		return;
	if (db->in_tx)
		tk_db_rollback(db);
	tk_db_ckpt_stop(db->h, db->ckpt);
	for (i = 0; i < db->nslot; i++)
		if (db->slot[i] != NULL) {
			sqlite3_finalize(db->slot[i]->st);
			free(db->slot[i]->sql);
			free(db->slot[i]);
		}
	free(db->slot);
	if (sqlite3_close(db->h) != SQLITE_OK)
		fail(db, sqlite3_errcode(db->h), "close");
	if (db->lockfd != 0)
		close(db->lockfd);
	free(db->path);
	free(db);
}

const char *
tk_db_path(const struct tk_db *db)
{
	return db->path;
}

/* IMMEDIATE: take the write lock now, waiting in the busy handler. */
void
tk_db_begin(struct tk_db *db)
{
	run(db, "BEGIN IMMEDIATE");
	db->in_tx = 1;
}

void
tk_db_commit(struct tk_db *db)
{
	run(db, "COMMIT");
	db->in_tx = 0;
}

/* The log of a connection in WAL mode, NULL before it is opened. */
static sqlite3_file *
wal_file(struct tk_db *db)
{
	sqlite3_file *f = NULL;

	if (sqlite3_file_control(db->h, "main", SQLITE_FCNTL_JOURNAL_POINTER,
	    &f) != SQLITE_OK)
		return NULL;
	return f;
}

/*
 * Where the last commit stands among the log's syncs, which intake's
 * connection runs behind its back (db-vfs.c); 0 when that commit was on
 * disk before it returned.
 */
unsigned long
tk_db_sync_mark(struct tk_db *db)
{
	return tk_db_vfs_mark(wal_file(db));
}

/* Returns once the commits up to mark are on disk, or with the errno
 * of the sync that failed them. */
int
tk_db_settled(struct tk_db *db, unsigned long mark)
{
	return mark == 0 ? 0 : tk_db_vfs_settle(wal_file(db), mark);
}

void
tk_db_settle(struct tk_db *db, unsigned long mark)
{
	int error;

	if ((error = tk_db_settled(db, mark)) != 0)
		tk_errx(TK_EXIT_TEMP, "%s: cannot sync the log: %s", db->path,
		    strerror(error));
}

void
tk_db_rollback(struct tk_db *db)
{
	run(db, "ROLLBACK");
	db->in_tx = 0;
}

int
tk_db_in_tx(const struct tk_db *db)
{
	return db->in_tx;
}

/* One savepoint a record: a refused record leaves its batch untouched. */
void
tk_db_savepoint(struct tk_db *db)
{
	run(db, "SAVEPOINT rec");
}

void
tk_db_release(struct tk_db *db)
{
	run(db, "RELEASE rec");
}

void
tk_db_rollback_to(struct tk_db *db)
{
	run(db, "ROLLBACK TO rec");
	run(db, "RELEASE rec");
}

/*
 * Eight bytes a step: a statement is looked up by its text on every
 * use, intake's several a record, and their texts run to hundreds of
 * bytes.  The statements are few and their texts distinct.
 */
static uint64_t
sql_hash(const char *sql)
{
	size_t n = strlen(sql), i;
	uint64_t h = n, w;

	for (i = 0; i + 8 <= n; i += 8) {
		memcpy(&w, sql + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
		h ^= h >> 29;
	}
	w = 0;
	memcpy(&w, sql + i, n - i);
	h = (h ^ w) * 0x9e3779b97f4a7c15ULL;
	return h ^ (h >> 32);
}

/* The slot holding sql, or the free slot where it belongs. */
static struct tk_stmt **
slot_for(struct tk_db *db, const char *sql, uint64_t h)
{
	size_t i = (size_t)h & (db->nslot - 1);
	struct tk_stmt *s;

	while ((s = db->slot[i]) != NULL && (s->hash != h ||
	    strcmp(s->sql, sql) != 0))
		i = (i + 1) & (db->nslot - 1);
	return &db->slot[i];
}

/* Doubles the table, keeping it at most half full. */
static void
grow(struct tk_db *db)
{
	struct tk_stmt **old = db->slot;
	size_t i, n = db->nslot;

	db->nslot = n ? 2 * n : 64;
	db->slot = tk_xmalloc(db->nslot * sizeof(*db->slot));
	memset(db->slot, 0, db->nslot * sizeof(*db->slot));
	for (i = 0; i < n; i++)
		if (old[i] != NULL)
			*slot_for(db, old[i]->sql, old[i]->hash) = old[i];
	free(old);
}

static void
bound(struct tk_stmt *s, int rc)
{
	if (rc != SQLITE_OK)
		fail(s->db, rc, "bind");
}

/*
 * The SQL with each @word spelt out as the literal 'word', once the
 * vocabularies say it is one.  A literal, not a bound value, so that the
 * planner can match partial indexes whose WHERE names statuses.
 */
static char *
spell_words(const char *sql)
{
	static const struct tk_enum *const vocab[] = { tk_event_kinds,
	    tk_order_statuses, NULL };
	char *out = tk_xmalloc(2 * strlen(sql) + 1), *o = out, word[64];
	size_t n;
	int k;

	while (*sql != '\0') {
		if (*sql != '@') {
			*o++ = *sql++;
			continue;
		}
		n = strspn(++sql, "abcdefghijklmnopqrstuvwxyz_");
		if (n == 0 || n >= sizeof(word))
			tk_errx(TK_EXIT_DATA, "internal: bad @word in SQL");
		memcpy(word, sql, n);
		word[n] = '\0';
		for (k = 0; vocab[k] != NULL; k++)
			if (tk_enum_find(vocab[k], word) != -1)
				break;
		if (vocab[k] == NULL)
			tk_errx(TK_EXIT_DATA, "internal: no word @%s", word);
		o += sprintf(o, "'%s'", word);
		sql += n;
	}
	*o = '\0';
	return out;
}

struct tk_stmt *
tk_db_stmt(struct tk_db *db, const char *sql)
{
	struct tk_stmt **p, *s;
	uint64_t h = sql_hash(sql);
	int rc;

	if (2 * (db->nstmt + 1) > db->nslot)
		grow(db);
	if (*(p = slot_for(db, sql, h)) != NULL)
		return *p;
	s = tk_xmalloc(sizeof(*s));
	s->sql = spell_words(sql);
	rc = sqlite3_prepare_v3(db->h, s->sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &s->st, NULL);
	if (rc != SQLITE_OK)
		fail(db, rc, "prepare");
	strcpy(s->sql, sql);	/* the key: never longer than its spelling */
	s->db = db;
	s->hash = h;
	db->nstmt++;
	return *p = s;
}

void
tk_stmt_text(struct tk_stmt *s, int i, const char *v)
{
	if (v == NULL)
		bound(s, sqlite3_bind_null(s->st, i));
	else
		bound(s, sqlite3_bind_text(s->st, i, v, -1, SQLITE_TRANSIENT));
}

/* The text must stay put until the statement is reset. */
void
tk_stmt_text_static(struct tk_stmt *s, int i, const char *v, size_t len)
{
	bound(s, sqlite3_bind_text64(s->st, i, v, len, SQLITE_STATIC,
	    SQLITE_UTF8));
}

void
tk_stmt_int(struct tk_stmt *s, int i, int64_t v)
{
	bound(s, sqlite3_bind_int64(s->st, i, v));
}

void
tk_stmt_null(struct tk_stmt *s, int i)
{
	bound(s, sqlite3_bind_null(s->st, i));
}

/*
 * Returns TK_ROW, TK_DONE, or -1 for a constraint failure (the statement
 * is reset; tk_db_errmsg says which).  Anything else is fatal.
 */
int
tk_stmt_step(struct tk_stmt *s)
{
	int rc = sqlite3_step(s->st);

	if (rc == SQLITE_ROW)
		return TK_ROW;
	if (rc == SQLITE_DONE)
		return TK_DONE;
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		sqlite3_reset(s->st);
		return -1;
	}
	fail(s->db, rc, NULL);
}

/* Rows the last statement changed. */
int
tk_db_changes(const struct tk_db *db)
{
	return sqlite3_changes(db->h);
}

/* The rowid the last INSERT gave, the triggers it fired aside. */
int64_t
tk_db_last_rowid(const struct tk_db *db)
{
	return sqlite3_last_insert_rowid(db->h);
}

/* Whether the statement gives a row, then resets it: "is there any". */
int
tk_stmt_any(struct tk_stmt *s)
{
	int any = tk_stmt_step(s) == TK_ROW;

	tk_stmt_reset(s);
	return any;
}

/* Steps a statement that returns no rows and resets it. */
int
tk_stmt_exec(struct tk_stmt *s)
{
	int rc = tk_stmt_step(s);

	tk_stmt_reset(s);
	return rc == -1 ? -1 : 0;
}

const char *
tk_stmt_col_text(struct tk_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s->st, i);
}

int64_t
tk_stmt_col_int(struct tk_stmt *s, int i)
{
	return sqlite3_column_int64(s->st, i);
}

int
tk_stmt_col_isnull(struct tk_stmt *s, int i)
{
	return sqlite3_column_type(s->st, i) == SQLITE_NULL;
}

/* A column as JSON; NULL gives NULL, which jansson's setters skip. */
static json_t *
column_json(sqlite3_stmt *st, int i)
{
	switch (sqlite3_column_type(st, i)) {
	case SQLITE_INTEGER:
		return json_integer(sqlite3_column_int64(st, i));
	case SQLITE_FLOAT:
		return json_real(sqlite3_column_double(st, i));
	case SQLITE_NULL:
		return NULL;
	}
	return json_stringn((const char *)sqlite3_column_text(st, i),
	    (size_t)sqlite3_column_bytes(st, i));
}

void
tk_stmt_reset(struct tk_stmt *s)
{
	sqlite3_reset(s->st);
	sqlite3_clear_bindings(s->st);
}

/*
 * Every row the statement gives for one text parameter, each an object
 * of its columns by name; NULL columns are left out.  For copying rows
 * whole, as the archive's dossiers do, without naming every column.
 */
json_t *
tk_db_rows(struct tk_db *db, const char *sql, const char *param)
{
	struct tk_stmt *s = tk_db_stmt(db, sql);
	json_t *rows = json_array(), *row;
	int i, n;

	tk_stmt_text(s, 1, param);
	while (tk_stmt_step(s) == TK_ROW) {
		row = json_object();
		n = sqlite3_column_count(s->st);
		for (i = 0; i < n; i++)
			tk_jset(row, sqlite3_column_name(s->st, i),
			    column_json(s->st, i));
		tk_jpush(rows, row);
	}
	tk_stmt_reset(s);
	return rows;
}

const char *
tk_db_errmsg(const struct tk_db *db)
{
	return sqlite3_errmsg(db->h);
}

/*
 * For ticket-admin(1): a database that must exist, opened to be read
 * only, with no migration and no change of journal mode, so that
 * checking or restoring from a file leaves it as it was.  The
 * connection is read-write where it may be, only so that closing it
 * checkpoints and removes the -wal and -shm files that reading a WAL
 * database makes; query_only keeps it from writing anything else.  A
 * schema newer than the tool is refused.
 */
struct tk_db *
tk_db_open_ro(const char *path, const struct tk_migration *schema)
{
	struct tk_db *db = tk_xmalloc(sizeof(*db));
	int rc, have;

	memset(db, 0, sizeof(*db));
	db->path = tk_xstrdup(path);
	db->schema = schema;
	if ((rc = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL)) != SQLITE_OK) {
		sqlite3_close(db->h);
		rc = sqlite3_open_v2(path, &db->h, SQLITE_OPEN_READONLY |
		    SQLITE_OPEN_NOMUTEX, NULL);
	}
	if (rc != SQLITE_OK)
		fail(db, rc, NULL);
	fts5(db);
	sqlite3_extended_result_codes(db->h, 1);
	exec(db, "PRAGMA query_only = ON");
	sqlite3_busy_timeout(db->h, (int)tk_conf_long("busy_timeout") * 1000);
	if ((have = user_version(db)) > count_migrations(schema))
		tk_errx(TK_EXIT_DATA, "%s: schema version %d is newer than "
		    "this tool (%d)", path, have, count_migrations(schema));
	return db;
}

/* A new database in memory at the given version of the schema, to hold
 * a file's triggers and tables against what the migrations made. */
struct tk_db *
tk_db_reference(const struct tk_migration *schema, int version)
{
	struct tk_db *db = tk_xmalloc(sizeof(*db));
	int rc, i;

	memset(db, 0, sizeof(*db));
	db->path = tk_xstrdup(":memory:");
	db->schema = schema;
	if ((rc = sqlite3_open_v2(":memory:", &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL)) != SQLITE_OK)
		fail(db, rc, NULL);
	fts5(db);
	for (i = 0; i < version && schema[i].sql != NULL; i++) {
		tk_db_begin(db);
		exec(db, schema[i].sql);
		if (schema[i].after != NULL)
			schema[i].after(db);
		tk_db_commit(db);
	}
	return db;
}

int
tk_db_version(struct tk_db *db)
{
	return user_version(db);
}

/* A read transaction begun now: what the connection reads from here on
 * is the database as it is at this moment, whatever others commit. */
void
tk_db_snapshot(struct tk_db *db)
{
	struct tk_stmt *st;

	run(db, "BEGIN DEFERRED");
	db->in_tx = 1;
	st = tk_db_stmt(db, "SELECT count(*) FROM sqlite_schema");
	tk_stmt_step(st);
	tk_stmt_reset(st);
}

/* Copies every page, as often as others' locks make it start again,
 * until the busy timeout. */
static int
copy_pages(sqlite3 *to, sqlite3 *from)
{
	long waited = 0, limit = tk_conf_long("busy_timeout") * 1000;
	sqlite3_backup *b;
	int rc;

	if ((b = sqlite3_backup_init(to, "main", from, "main")) == NULL)
		return sqlite3_errcode(to);
	while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_BUSY ||
	    rc == SQLITE_LOCKED) {
		if (waited >= limit)
			break;
		waited += sqlite3_sleep(50);
	}
	sqlite3_backup_finish(b);
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/*
 * The database, as this connection reads it (its snapshot, when one is
 * open), into a new file through SQLite's online backup API.  The copy
 * is left in rollback-journal mode: one self-contained file, which can
 * be hashed and opened read-only where it lies.
 */
void
tk_db_backup_to(struct tk_db *db, const char *dest)
{
	struct tk_db to;
	int rc;

	memset(&to, 0, sizeof(to));
	to.path = (char *)dest;
	rc = open_private(dest, &to.h);
	if (rc == SQLITE_OK)
		rc = copy_pages(to.h, db->h);
	if (rc != SQLITE_OK)
		fail(&to, rc, "backup");
	exec(&to, "PRAGMA journal_mode = DELETE");
	if ((rc = sqlite3_close(to.h)) != SQLITE_OK) {
		to.h = NULL;
		fail(&to, rc, "close");
	}
}

/*
 * The file's pages into the database at dest, created if need be,
 * through the backup API: other connections see the restored database
 * at their next transaction, and a restore that fails leaves it as it
 * was.  dest is opened bare, without pragmas or migrations, so that a
 * database too damaged to open can still be written over.
 */
void
tk_db_restore(const char *dest, const char *src)
{
	struct tk_db to, from;
	int rc;

	memset(&to, 0, sizeof(to));
	memset(&from, 0, sizeof(from));
	to.path = (char *)dest;
	from.path = (char *)src;
	if ((rc = sqlite3_open_v2(src, &from.h, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_NOMUTEX, NULL)) != SQLITE_OK)
		fail(&from, rc, NULL);
	if ((rc = open_private(dest, &to.h)) != SQLITE_OK)
		fail(&to, rc, NULL);
	sqlite3_extended_result_codes(to.h, 1);
	sqlite3_busy_timeout(to.h, (int)tk_conf_long("busy_timeout") * 1000);
	if ((rc = copy_pages(to.h, from.h)) != SQLITE_OK)
		fail(&to, rc, "restore");
	sqlite3_close(from.h);
	exec(&to, "PRAGMA journal_mode = WAL");
	if ((rc = sqlite3_close(to.h)) != SQLITE_OK) {
		to.h = NULL;
		fail(&to, rc, "close");
	}
}

/* The longest text or blob a row may hold: a line of an archive export
 * may be as long. */
size_t
tk_db_max_length(struct tk_db *db)
{
	return (size_t)sqlite3_limit(db->h, SQLITE_LIMIT_LENGTH, -1);
}

/* The file as an immutable URI: '%', '?' and '#' in its name escaped. */
static char *
immutable_uri(const char *path)
{
	char *u = tk_xmalloc(3 * strlen(path) + sizeof("file:?immutable=1")),
	    *q = u + sprintf(u, "file:");

	for (; *path != '\0'; path++)
		if (strchr("%?#", *path) != NULL)
			q += sprintf(q, "%%%02X", (unsigned char)*path);
		else
			*q++ = *path;
	strcpy(q, "?immutable=1");
	return u;
}

/* The file's pages into the memory database to; a WAL file that cannot
 * be read without writing its -shm beside it (a folder the command may
 * not write) is read as a file nothing changes. */
static int
read_into(sqlite3 *to, const char *path, int immutable)
{
	char *uri = immutable ? immutable_uri(path) : NULL;
	sqlite3 *from;
	int rc;

	rc = sqlite3_open_v2(immutable ? uri : path, &from,
	    SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, NULL);
	free(uri);
	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(from,
		    (int)tk_conf_long("busy_timeout") * 1000);
		rc = copy_pages(to, from);
	}
	sqlite3_close(from);
	if (!immutable && (rc & 0xff) == SQLITE_READONLY)
		return read_into(to, path, 1);
	return rc;
}

/*
 * A dry run's database: the file read, read-only (so one the command may
 * not write serves too), into memory and migrated there; whatever the
 * run then writes is lost with the copy, never put in the file.
 */
struct tk_db *
tk_db_open_copy(const char *path)
{
	struct tk_db *db = tk_xmalloc(sizeof(*db));
	int rc;

	memset(db, 0, sizeof(*db));
	db->path = tk_xstrdup(path);
	db->schema = tk_migrations;
	if (is_empty(path))
		tk_errx(TK_EXIT_DATA, "%s: empty database file", path);
	if ((rc = sqlite3_open_v2(":memory:", &db->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL)) != SQLITE_OK)
		fail(db, rc, NULL);
	if ((rc = read_into(db->h, path, 0)) != SQLITE_OK)
		tk_errx(temporary(rc) ? TK_EXIT_TEMP : TK_EXIT_DATA, "%s: %s",
		    path, sqlite3_errstr(rc));
	sqlite3_extended_result_codes(db->h, 1);
	exec(db, "PRAGMA foreign_keys = ON");
	migrate(db);
	return db;
}
