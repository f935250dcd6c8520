/*
 * each.c: one action over many tickets, the way every stage takes them
 * (ticket(7)): ticket numbers given as arguments, else JSON lines on
 * standard input, each line's "id" used.
 *
 * Tickets are acted on in batches (batch.c), each in its own savepoint:
 * a refused ticket is named on standard error with the action's reason
 * and leaves nothing behind, and each changed ticket is printed, with its
 * assignments, only once its batch has committed.  An action may refuse
 * and still keep what it recorded (TK_ACT_KEPT: a bounced reply, a flag
 * for a return too late): named like a refusal, counted, not printed.  Output is flushed
 * whenever standard input has nothing more to read at the moment, so a
 * program feeding one number at a time through a pipe gets its answer.
 */
#include <stdio.h>

#include "ticket.h"

/* One ticket through the action; -1 when refused. */
static int
each_one(struct tk_act *a, struct tk_batch *b, tk_each_fn fn,
    struct tk_args *args, const char *id, const struct tk_reader *rd)
{
	char msg[TK_ERRLEN + 80];
	int rc;

	tk_batch_record(b);
	if ((rc = fn(a, id, args)) == TK_ACT_DONE) {
		tk_batch_keep_line(b, tk_store_load_line(a->db, id,
		    TK_LOAD_ASSIGNMENTS));
		return 0;
	}
	if (rc == TK_ACT_KEPT)
		tk_batch_keep_line(b, NULL);
	else
		tk_batch_drop(b);
	if (rd == NULL)
		tk_complain(id, 0, a->err);
	else {
		snprintf(msg, sizeof(msg), "%s: %s", id, a->err);
		tk_complain(tk_reader_source(rd), tk_reader_line(rd), msg);
	}
	return -1;
}

/* Returns the number of tickets refused, bad input lines included. */
long
tk_each_ticket(struct tk_act *a, char **ids, int n, tk_each_fn fn,
    struct tk_args *args)
{
	struct tk_batch *b = tk_batch_new(a->db, 0);
	char *stdin_only[] = { "-" }, id[128];
	struct tk_reader *rd;
	long refused = 0;
	int i;

	for (i = 0; i < n; i++)
		refused += each_one(a, b, fn, args, ids[i], NULL) == -1;
	if (n == 0) {
		rd = tk_reader_open(stdin_only, 1, 0);
		while (tk_reader_next_id(rd, id, sizeof(id)) != NULL) {
			refused += each_one(a, b, fn, args, id, rd) == -1;
			if (tk_reader_would_block(rd))
				tk_batch_flush(b);
		}
		refused += tk_reader_refused(rd);
		tk_reader_close(rd);
	}
	tk_batch_free(b);
	return refused;
}
