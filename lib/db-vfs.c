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
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sql.h"

/* The unix VFS writes at most 128 KiB in one go. */
#define GATHER	(64 * 1024)

struct gathered {
	sqlite3_file	 base;
	sqlite3_file	*real;
	char		*buf;
	sqlite3_int64	 at;	/* the file offset of buf[0] */
	int		 n;
};

static sqlite3_vfs *inner;

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
	int rc = drain(g), rc2 = g->real->pMethods->xClose(g->real);

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

	return rc != SQLITE_OK ? rc : g->real->pMethods->xTruncate(g->real,
	    size);
}

static int
g_sync(sqlite3_file *f, int flags)
{
	struct gathered *g = (struct gathered *)f;
	int rc = drain(g);

	return rc != SQLITE_OK ? rc : g->real->pMethods->xSync(g->real, flags);
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
	g->base.pMethods = &gathering;
	return SQLITE_OK;
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
