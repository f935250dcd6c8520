/*
 * db-ckpt.c: intake's checkpoints, on a thread of their own
 * (tk_db_open_bulk).
 *
 * A checkpoint copies the pages of the WAL into the database.  Run at
 * a commit, as SQLite runs it, the copy of a million records' log held
 * the storing core for nearly a tenth of its time.  WAL lets one connection
 * checkpoint while another writes, so a connection of this thread's
 * own copies the log while intake goes on storing.
 *
 * The log starts again from its beginning only when a write
 * transaction begins with every frame of it copied, and intake writes
 * all along.  So the thread, once its copy is done, copies again what
 * was written meanwhile, until what is left is less than a batch's
 * frames; the writer then copies that rest itself, in its commit's
 * hook, and its next transaction restarts the log.  A checkpoint that
 * fails leaves its frames in the log, which the writer's own copy
 * takes up: nothing is lost, and the log is still kept short.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "sql.h"

/* The frames left for the writer: about one batch's. */
#define REST	2000

struct tk_ckpt {
	sqlite3		*h;		/* the thread's own connection */
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	int		 pages;		/* a log this long is copied */
	int		 asked;		/* a copy is under way */
	int		 done;		/* ... and has ended */
	int		 quit;
};

/* Runs of the thread's copy before it leaves the rest to the writer. */
#define RUNS	8

/*
 * Copies the log until less than REST frames of it are left, or a run
 * copies nothing (a reader holds the rest), or RUNS runs could not
 * catch up with the writer.
 */
static void
copy_log(sqlite3 *h)
{
	int log, copied, before = -1, runs = 0;

	while (sqlite3_wal_checkpoint_v2(h, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    &log, &copied) == SQLITE_OK && log - copied >= REST &&
	    copied != before && ++runs < RUNS)
		before = copied;
}

static void *
checkpointing(void *arg)
{
	struct tk_ckpt *c = arg;

	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (!c->quit && (!c->asked || c->done))
			pthread_cond_wait(&c->cv, &c->mu);
		if (c->quit)
			break;
		pthread_mutex_unlock(&c->mu);
		copy_log(c->h);
		pthread_mutex_lock(&c->mu);
		c->done = 1;
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
}

/*
 * After each commit, on the writer's thread: a long log is handed to
 * the thread; once the thread is through, the writer copies the rest.
 */
static int
committed(void *arg, sqlite3 *h, const char *name, int frames)
{
	struct tk_ckpt *c = arg;
	int rest = 0;

	pthread_mutex_lock(&c->mu);
	if (c->done) {
		c->asked = c->done = 0;
		rest = 1;
	} else if (!c->asked && frames >= c->pages) {
		c->asked = 1;
		pthread_cond_signal(&c->cv);
	}
	pthread_mutex_unlock(&c->mu);
	if (rest)
		sqlite3_wal_checkpoint_v2(h, name, SQLITE_CHECKPOINT_PASSIVE,
		    NULL, NULL);
	return SQLITE_OK;
}

static void
ckpt_free(struct tk_ckpt *c)
{
	pthread_mutex_destroy(&c->mu);
	pthread_cond_destroy(&c->cv);
	sqlite3_close(c->h);
	free(c);
}

/*
 * The checkpoints of the writer's database at path, at pages frames,
 * on a thread; NULL if it cannot have one (the writer then keeps
 * SQLite's own).
 */
struct tk_ckpt *
tk_db_ckpt_start(sqlite3 *writer, const char *path, int pages)
{
	struct tk_ckpt *c = tk_xmalloc(sizeof(*c));

	memset(c, 0, sizeof(*c));
	c->pages = pages;
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->cv, NULL);
	if (sqlite3_open_v2(path, &c->h, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_exec(c->h, "PRAGMA synchronous = FULL", NULL, NULL,
	    NULL) != SQLITE_OK ||
	    pthread_create(&c->thread, NULL, checkpointing, c) != 0) {
		ckpt_free(c);
		return NULL;
	}
	sqlite3_wal_hook(writer, committed, c);
	return c;
}

/* Before the writer closes: its close copies what is left. */
void
tk_db_ckpt_stop(sqlite3 *writer, struct tk_ckpt *c)
{
	if (c == NULL)
		return;
	sqlite3_wal_hook(writer, NULL, NULL);
	pthread_mutex_lock(&c->mu);
	c->quit = 1;
	pthread_cond_signal(&c->cv);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	ckpt_free(c);
}
