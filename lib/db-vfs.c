/*
 * db-vfs.c: the WAL written in large writes, for bulk intake
 * (tk_db_open_bulk).
 *
 * SQLite appends a frame to the WAL as two writes, its 24-byte header
 * and its page, each a system call: two thirds of intake's calls to
 * the kernel.  This VFS wraps the default one and gathers a WAL file's
 * appends in a buffer, written out before any other operation on the
 * file, before an append elsewhere, and at the latest when the file is
 * synced.  That is safe because the connection runs synchronous=FULL
 * (db.c): SQLite syncs the WAL at each commit before it tells any reader
 * of the new frames, so no reader, in this process or another, can read
 * a frame still in the buffer, and a crash loses only frames no commit
 * had claimed.  Other files pass straight through.
 *
 * A commit's sync of the WAL is not waited for: a thread of the file's
 * own runs it while the next batch is stored, and intake prints a
 * batch's tickets only once that sync is done (tk_db_settle).  Readers
 * may see a batch a sync's time before it is on disk, as they would
 * under synchronous=NORMAL; what was printed is on disk.  A sync with
 * nothing written since the last one asked (a checkpoint's, before it
 * copies frames into the database) waits for the syncs in flight, so
 * the database never holds a page whose frame could still be lost, and
 * syncs run one at a time, in order, so the log on disk is always a
 * prefix of the commits.  Most checkpoints run on a connection of their
 * own (db-ckpt.c), which opens the log with the default VFS: its sync
 * of the log, a plain fdatasync, covers every frame written before it.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "sql.h"

/* The unix VFS writes at most 128 KiB in one go. */
#define GATHER	(64 * 1024)

struct syncer {
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 asked_cv, done_cv;
	unsigned long	 asked, done;	/* syncs asked for, and run */
	int		 fd;		/* its own, on the same file */
	int		 error;		/* a failed sync's errno: final */
	int		 quit;
};

struct gathered {
	sqlite3_file	 base;
	sqlite3_file	*real;
	char		*buf;
	sqlite3_int64	 at;	/* the file offset of buf[0] */
	int		 n;
	struct syncer	*sync;	/* NULL: each sync runs in place */
	int		 synced;	/* once, in place: a new log's first
					 * sync also syncs its directory */
	int		 dirty;	/* written since the last sync asked */
};

static sqlite3_vfs	*inner;
static const sqlite3_io_methods gathering;

static void *
syncing(void *arg)
{
	struct syncer *s = arg;
	unsigned long upto;
	int error;

	pthread_mutex_lock(&s->mu);
	for (;;) {
		while (s->done == s->asked && !s->quit)
			pthread_cond_wait(&s->asked_cv, &s->mu);
		if (s->done == s->asked)
			break;
		upto = s->asked;
		pthread_mutex_unlock(&s->mu);
		error = fdatasync(s->fd) == -1 ? errno : 0;
		pthread_mutex_lock(&s->mu);
		if (s->error == 0)
			s->error = error;
		s->done = upto;
		pthread_cond_broadcast(&s->done_cv);
	}
	pthread_mutex_unlock(&s->mu);
	return NULL;
}

static void
syncer_free(struct syncer *s)
{
	pthread_mutex_destroy(&s->mu);
	pthread_cond_destroy(&s->asked_cv);
	pthread_cond_destroy(&s->done_cv);
	close(s->fd);
	free(s);
}

/* A syncer for the log at path; NULL if it cannot have one. */
static struct syncer *
syncer_start(const char *path)
{
	struct syncer *s = tk_xmalloc(sizeof(*s));

	memset(s, 0, sizeof(*s));
	if ((s->fd = open(path, O_RDWR | O_CLOEXEC)) == -1) {
		free(s);
		return NULL;
	}
	pthread_mutex_init(&s->mu, NULL);
	pthread_cond_init(&s->asked_cv, NULL);
	pthread_cond_init(&s->done_cv, NULL);
	if (pthread_create(&s->thread, NULL, syncing, s) != 0) {
		syncer_free(s);
		return NULL;
	}
	return s;
}

static int
sync_ask(struct syncer *s)
{
	int error;

	pthread_mutex_lock(&s->mu);
	if ((error = s->error) == 0) {
		s->asked++;
		pthread_cond_signal(&s->asked_cv);
	}
	pthread_mutex_unlock(&s->mu);
	return error;
}

/* Waits for the syncs up to mark; returns the errno of a failed one. */
static int
sync_wait(struct syncer *s, unsigned long mark)
{
	int error;

	pthread_mutex_lock(&s->mu);
	while (s->done < mark)
		pthread_cond_wait(&s->done_cv, &s->mu);
	error = s->error;
	pthread_mutex_unlock(&s->mu);
	return error;
}

static int
syncer_stop(struct syncer *s)
{
	int error = sync_wait(s, s->asked);

	pthread_mutex_lock(&s->mu);
	s->quit = 1;
	pthread_cond_signal(&s->asked_cv);
	pthread_mutex_unlock(&s->mu);
	pthread_join(s->thread, NULL);
	syncer_free(s);
	return error;
}

static int
drain(struct gathered *g)
{
	int rc = SQLITE_OK;

	if (g->n > 0)
		rc = g->real->pMethods->xWrite(g->real, g->buf, g->n, g->at);
	g->n = 0;
	return rc;
}

static int
g_close(sqlite3_file *f)
{
	struct gathered *g = (struct gathered *)f;
	int rc = drain(g), rc2;

	if (g->sync != NULL && syncer_stop(g->sync) != 0 && rc == SQLITE_OK)
		rc = SQLITE_IOERR_FSYNC;
	rc2 = g->real->pMethods->xClose(g->real);
	free(g->buf);
	return rc != SQLITE_OK ? rc : rc2;
}

static int
g_read(sqlite3_file *f, void *p, int n, sqlite3_int64 off)
{
	struct gathered *g = (struct gathered *)f;
	int rc = drain(g);

	return rc != SQLITE_OK ? rc : g->real->pMethods->xRead(g->real, p, n,
	    off);
}

static int
g_write(sqlite3_file *f, const void *p, int n, sqlite3_int64 off)
{
	struct gathered *g = (struct gathered *)f;
	int rc;

	g->dirty = 1;
	if (g->n > 0 && (off != g->at + g->n || g->n + n > GATHER) &&
	    (rc = drain(g)) != SQLITE_OK)
		return rc;
	if (n > GATHER)
		return g->real->pMethods->xWrite(g->real, p, n, off);
	if (g->n == 0)
		g->at = off;
	memcpy(g->buf + g->n, p, (size_t)n);
	g->n += n;
	return SQLITE_OK;
}

static int
g_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	struct gathered *g = (struct gathered *)f;
	int rc = drain(g);

	g->dirty = 1;
	return rc != SQLITE_OK ? rc : g->real->pMethods->xTruncate(g->real,
	    size);
}

static int
g_sync(sqlite3_file *f, int flags)
{
	struct gathered *g = (struct gathered *)f;
	int rc = drain(g), dirty = g->dirty;

	if (rc != SQLITE_OK)
		return rc;
	g->dirty = 0;
	if (g->sync == NULL || !g->synced) {
		g->synced = 1;
		return g->real->pMethods->xSync(g->real, flags);
	}
	if ((dirty ? sync_ask(g->sync) : sync_wait(g->sync,
	    g->sync->asked)) != 0)
		return SQLITE_IOERR_FSYNC;
	return SQLITE_OK;
}

static int
g_size(sqlite3_file *f, sqlite3_int64 *size)
{
	struct gathered *g = (struct gathered *)f;
	int rc = drain(g);

	return rc != SQLITE_OK ? rc : g->real->pMethods->xFileSize(g->real,
	    size);
}

static int
g_lock(sqlite3_file *f, int lock)
{
	struct gathered *g = (struct gathered *)f;

	return g->real->pMethods->xLock(g->real, lock);
}

static int
g_unlock(sqlite3_file *f, int lock)
{
	struct gathered *g = (struct gathered *)f;

	return g->real->pMethods->xUnlock(g->real, lock);
}

static int
g_reserved(sqlite3_file *f, int *out)
{
	struct gathered *g = (struct gathered *)f;

	return g->real->pMethods->xCheckReservedLock(g->real, out);
}

static int
g_control(sqlite3_file *f, int op, void *arg)
{
	struct gathered *g = (struct gathered *)f;
	int rc = drain(g);

	return rc != SQLITE_OK ? rc : g->real->pMethods->xFileControl(g->real,
	    op, arg);
}

static int
g_sector(sqlite3_file *f)
{
	struct gathered *g = (struct gathered *)f;

	return g->real->pMethods->xSectorSize(g->real);
}

static int
g_device(sqlite3_file *f)
{
	struct gathered *g = (struct gathered *)f;

	return g->real->pMethods->xDeviceCharacteristics(g->real);
}

static const sqlite3_io_methods gathering = {
	1, g_close, g_read, g_write, g_truncate, g_sync, g_size, g_lock,
	g_unlock, g_reserved, g_control, g_sector, g_device,
	NULL, NULL, NULL, NULL, NULL, NULL
};

static int
g_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *out)
{
	struct gathered *g = (struct gathered *)f;
	int rc;

	(void)vfs;
	if (!(flags & SQLITE_OPEN_WAL))
		return inner->xOpen(inner, name, f, flags, out);
	memset(g, 0, sizeof(*g));
	g->real = (sqlite3_file *)(g + 1);
	if ((rc = inner->xOpen(inner, name, g->real, flags, out)) != SQLITE_OK)
		return rc;
	g->buf = tk_xmalloc(GATHER);
	g->sync = syncer_start(name);
	g->base.pMethods = &gathering;
	return SQLITE_OK;
}

/* What a commit waits on: 0 when its sync ran before it returned. */
unsigned long
tk_db_vfs_mark(sqlite3_file *wal)
{
	struct gathered *g = (struct gathered *)wal;

	if (wal == NULL || wal->pMethods != &gathering || g->sync == NULL)
		return 0;
	return g->sync->asked;
}

/* Waits for the syncs up to mark; returns the errno of a failed one. */
int
tk_db_vfs_settle(sqlite3_file *wal, unsigned long mark)
{
	struct gathered *g = (struct gathered *)wal;

	if (mark == 0 || wal == NULL || wal->pMethods != &gathering ||
	    g->sync == NULL)
		return 0;
	return sync_wait(g->sync, mark);
}

/*
 * The VFS's name, registered on first use; NULL if it cannot be.  The
 * default VFS's other methods serve as they are, with its own data.
 */
const char *
tk_db_vfs_gather(void)
{
	static sqlite3_vfs vfs;
	static int registered;

	if (!registered) {
		if ((inner = sqlite3_vfs_find(NULL)) == NULL)
			return NULL;
		vfs = *inner;
		vfs.zName = "tk-gather";
		vfs.szOsFile = (int)sizeof(struct gathered) + inner->szOsFile;
		vfs.xOpen = g_open;
		if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK)
			return NULL;
		registered = 1;
	}
	return vfs.zName;
}
