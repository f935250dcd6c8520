/*
 * batch.c: many records, few transactions, no phantoms.
 *
 * Records are written in batches: one transaction holds up to BATCH
 * records, each inside its own savepoint so a refused record leaves the
 * rest of its batch untouched.  A caller whose records are checked
 * whole before their first write, and so cannot fail half-way, may do
 * without the savepoints (tk_batch_whole): they copy every page a record
 * touches, and intake, which writes a million records, feels it.  What a record prints is held until its
 * batch commits, so the next stage of a pipe never sees a ticket that a
 * crash could still take back.  A dry run is one transaction, rolled
 * back at the end, so what it shows is what one real run would store.
 */
#include <stdlib.h>

#include "sql.h"

#define BATCH	1000

struct tk_batch {
	struct tk_db	*db;
	int		 dry_run;
	int		 savepoints;
	char		*held[BATCH];
	size_t		 nheld;
};

struct tk_batch *
tk_batch_new(struct tk_db *db, int dry_run)
{
	struct tk_batch *b = tk_xmalloc(sizeof(*b));

	b->db = db;
	b->dry_run = dry_run;
	b->savepoints = 1;
	b->nheld = 0;
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

/* The record is done; line (stolen, may be NULL) prints after commit. */
void
tk_batch_keep_line(struct tk_batch *b, char *line)
{
	if (b->savepoints)
		tk_db_release(b->db);
	if (line != NULL)
		b->held[b->nheld++] = line;
	if (b->nheld == BATCH)
		tk_batch_flush(b);
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

/* Commits (or, dry, rolls back) and prints what the batch held. */
void
tk_batch_flush(struct tk_batch *b)
{
	size_t i;

	if (tk_db_in_tx(b->db))
		tk_search_flush(b->db);
	if (tk_db_in_tx(b->db) && !b->dry_run)
		tk_db_commit(b->db);
	for (i = 0; i < b->nheld; i++) {
		tk_out_text(b->held[i]);
		tk_out_text("\n");
		free(b->held[i]);
	}
	b->nheld = 0;
	tk_out_flush();
}

void
tk_batch_free(struct tk_batch *b)
{
	tk_batch_flush(b);
	if (b->dry_run && tk_db_in_tx(b->db))
		tk_db_rollback(b->db);
	free(b);
}
