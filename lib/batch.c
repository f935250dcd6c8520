/*
 * batch.c: many records, few transactions, no phantoms.
 *
 * Records are written in batches: one transaction holds up to BATCH
 * records, each inside its own savepoint so a refused record leaves the
 * rest of its batch untouched.  A caller whose records are checked
 * whole before their first write, and so cannot fail half-way, may do
 * without the savepoints (tk_batch_whole): they copy every page a record
 * touches, and intake, which writes a million records, feels it.  What a
 * record prints is held until its batch commits and is on disk, so the
 * next stage of a pipe never sees a ticket that a crash or a power cut
 * could still take back.  Where the connection syncs the log behind the
 * writer's back (intake's, db-vfs.c), a full batch's lines wait in the
 * batch while the next one is stored, and are printed at the next
 * commit, when their sync is long done.  A dry run is one transaction,
 * rolled back at the end, so what it shows is what one real run would
 * store.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

#define BATCH	1000

struct tk_batch {
	struct tk_db	*db;
	int		 dry_run;
	int		 savepoints;
	char		*held[2 * BATCH];	/* the lines of the committed
						 * batch, then of the open */
	size_t		 nheld, ncommitted;
	unsigned long	 mark;		/* the committed one's sync */
	int		 printing;	/* stdout failing now fails for good */
};

/* Prints the first n lines held. */
static void
print(struct tk_batch *b, size_t n)
{
	size_t i;

	b->printing = 1;
	for (i = 0; i < n; i++) {
		tk_out_text(b->held[i]);
		tk_out_text("\n");
		free(b->held[i]);
	}
	b->nheld -= n;
	memmove(b->held, b->held + n, b->nheld * sizeof(*b->held));
	tk_out_flush();
	b->printing = 0;
}

/* The batch whose committed lines a fatal error still prints. */
static struct tk_batch *live;

/* What a fatal error leaves: the open batch rolls back, and the one
 * committed before it is printed once on disk, so what was printed is
 * what was kept. */
static void
print_committed(void)
{
	if (live != NULL && !live->printing && live->ncommitted > 0 &&
	    tk_db_settled(live->db, live->mark) == 0)
		print(live, live->ncommitted);
}

struct tk_batch *
tk_batch_new(struct tk_db *db, int dry_run)
{
	struct tk_batch *b = tk_xmalloc(sizeof(*b));

	b->db = db;
	b->dry_run = dry_run;
	b->savepoints = 1;
	b->printing = 0;
	b->nheld = b->ncommitted = 0;
	b->mark = 0;
	live = b;
	tk_on_fatal(print_committed);
	return b;
}

/* Records written only after every check: no savepoint, no drop. */
void
tk_batch_whole(struct tk_batch *b)
{
	b->savepoints = 0;
}

void
tk_batch_record(struct tk_batch *b)
{
	if (!tk_db_in_tx(b->db))
		tk_db_begin(b->db);
	if (b->savepoints)
		tk_db_savepoint(b->db);
}

/* The open batch into the database; the mark of its sync. */
static unsigned long
commit(struct tk_batch *b)
{
	if (!tk_db_in_tx(b->db))
		return 0;
	tk_search_flush(b->db);
	if (b->dry_run)
		return 0;
	tk_db_commit(b->db);
	return tk_db_sync_mark(b->db);
}

/* A full batch commits; the one before it is printed. */
static void
rotate(struct tk_batch *b)
{
	unsigned long mark = commit(b);

	if (mark == 0) {
		print(b, b->nheld);
	} else {
		tk_db_settle(b->db, b->mark);
		print(b, b->ncommitted);
		b->mark = mark;
	}
	b->ncommitted = b->nheld;
}

/* The record is done; line (stolen, may be NULL) prints after commit. */
void
tk_batch_keep_line(struct tk_batch *b, char *line)
{
	if (b->savepoints)
		tk_db_release(b->db);
	if (line != NULL)
		b->held[b->nheld++] = line;
	if (b->nheld - b->ncommitted == BATCH)
		rotate(b);
}

void
tk_batch_keep(struct tk_batch *b, json_t *out)
{
	char *line = NULL;

	if (out != NULL && (line = json_dumps(out, JSON_COMPACT)) == NULL)
		tk_errx(TK_EXIT_TEMP, "cannot encode a record as JSON");
	tk_batch_keep_line(b, line);
}

void
tk_batch_drop(struct tk_batch *b)
{
	tk_db_rollback_to(b->db);
}

/* Commits (or, dry, rolls back) and prints all the batch held. */
void
tk_batch_flush(struct tk_batch *b)
{
	unsigned long mark = commit(b);

	tk_db_settle(b->db, mark != 0 ? mark : b->mark);
	print(b, b->nheld);
	b->ncommitted = 0;
	b->mark = 0;
}

void
tk_batch_free(struct tk_batch *b)
{
	tk_batch_flush(b);
	if (b->dry_run && tk_db_in_tx(b->db))
		tk_db_rollback(b->db);
	if (live == b) {
		live = NULL;
		tk_on_fatal(NULL);
	}
	free(b);
}
