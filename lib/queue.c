/*
 * queue.c: work queues (ticket-ls --todo and --queue, ticket-ls(1)).
 *
 * A unit's queue is its orders that wait on it, dispatched or signed,
 * and for a unit with level-3 units theirs too, nearest deadline first:
 * each with what it owes next (sign, contact the citizen, reply, reply
 * again after a bounce, handle again after a reopening) and by when
 * (TK_QUEUE_KEY: the contact limit while a contact is owed, else the
 * deadline).  Orders returning, replied, withdrawn or done wait on
 * someone else and are in the platform's queues or none.
 *
 * Each unit's orders come in key order from the index assignment_todo,
 * a page at a time, each page one statement and so one short read
 * transaction: a long pipe never holds a snapshot that keeps the WAL
 * from its checkpoint.  A page starts after the key of the last order
 * its unit read, and carries its tickets' lines.  The units' pages are
 * merged as they go: the order shown next is the least of the units'
 * next ones, and a unit whose page ran out reads its next before that.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

#define PAGE	256	/* orders of one unit read in one statement */
#define MAXUNITS 256	/* a unit and its level-3 units */

const struct tk_enum tk_queues[] = {
	[TK_Q_REVIEW] =		{ "review", "答复待审" },
	[TK_Q_RETURNS] =	{ "returns", "退回待审" },
	[TK_Q_EXTENSIONS] =	{ "extensions", "延期待批" },
	[TK_Q_ESCALATED] =	{ "escalated", "呈办" },
	[TK_Q_UNROUTED] =	{ "unrouted", "待人工派单" },
	[TK_Q_CALLBACKS] =	{ "callbacks", "待回访" },
	[TK_Q_DUPLICATES] =	{ "duplicates", "疑似重复" },
	[TK_Q_SUSPECT] =	{ "suspect", "疑似紧急" },
	[TK_NQUEUES] =		{ NULL, NULL }
};

const struct tk_enum tk_queue_steps[] = {
	[TK_STEP_SIGN] =	{ "sign", "签收" },
	[TK_STEP_CONTACT] =	{ "contact", "联系" },
	[TK_STEP_REPLY] =	{ "reply", "答复" },
	[TK_STEP_BOUNCED] =	{ "bounced", "退回重答" },
	[TK_STEP_REOPENED] =	{ "reopened", "重办" },
	[TK_NSTEPS] =		{ NULL, NULL }
};

struct cursor {			/* a unit's orders, a page at a time */
	const char	*unit;
	struct tk_queue_row	 v[PAGE];
	int64_t		 keys[PAGE], orders[PAGE];
	int		 n, next;	/* read, and the next to show */
	int64_t		 key, order;	/* the last read */
	int		 more;		/* its last page was full */
};

struct merge {
	struct cursor	*c;
	size_t		 nc;
	int		 reverse;
	int		 lines;		/* each with its ticket's line */
};

/* The step an order owes, from its columns. */
static enum tk_queue_step
step_of(const char *status, int contact, int bounces, int reopens)
{
	if (strcmp(status, "dispatched") == 0)
		return TK_STEP_SIGN;
	if (contact)
		return TK_STEP_CONTACT;
	if (reopens > 0)
		return TK_STEP_REOPENED;
	return bounces > 0 ? TK_STEP_BOUNCED : TK_STEP_REPLY;
}

/*
 * One unit's next page after (?2, ?3), in either direction: the orders
 * by the index alone, then their tickets, with cols of each: its line's
 * columns, or a table row's.  The key's bound is spelt apart from the
 * tie on the id, so that the index seeks to it.
 */
#define UNIT_PAGE(cols, cmp, dir) \
	"SELECT a.id, a.unit, a.status, a.k, a.owes, a.bounces," \
	" a.reopens, " cols " FROM (SELECT id, ticket, unit, status," \
	" " TK_QUEUE_KEY " AS k," \
	" contacted_at IS NULL AND contact_due_at IS NOT NULL AS owes," \
	" bounces, reopens FROM assignment" \
	" WHERE unit = ?1 AND status IN ('dispatched', 'signed')" \
	" AND " TK_QUEUE_KEY " " cmp "= ?2" \
	" AND (" TK_QUEUE_KEY " " cmp " ?2 OR id " cmp " ?3)" \
	" ORDER BY " TK_QUEUE_KEY " " dir ", id " dir " LIMIT ?4) a" \
	" JOIN ticket t ON t.id = a.ticket ORDER BY a.k " dir ", a.id " dir
#define TICKET_AT	7	/* the ticket's number, and its columns */
/* A line wants the ticket's stored document; a row only its subject
 * from it, which a line need not have SQLite find. */
#define LINE_COLS	TK_TICKET_ROW("t.")
#define ROW_COLS \
	"t.id, t.category, t.area, json_extract(t.doc, '$.facts.what')"
static const char *const page_sql[2][2] = {	/* [lines][reverse] */
	{ UNIT_PAGE(ROW_COLS, ">", "ASC"), UNIT_PAGE(ROW_COLS, "<", "DESC") },
	{ UNIT_PAGE(LINE_COLS, ">", "ASC"), UNIT_PAGE(LINE_COLS, "<", "DESC") }
};

static char *
dup_or_null(struct tk_stmt *st, int col)
{
	return tk_stmt_col_isnull(st, col) ? NULL :
	    tk_xstrdup(tk_stmt_col_text(st, col));
}

/* The order's place in the queue, as its ticket's line shows it. */
static char *
todo_object(const struct tk_queue_row *t)
{
	struct tk_buf b = { NULL, 0, 0 };
	char when[TK_TIME_LEN];

	tk_buf_put(&b, "{", 1);
	tk_buf_member(&b, "unit", t->unit);
	tk_buf_member(&b, "step", tk_queue_steps[t->step].word);
	if (t->due != -1)
		tk_buf_member(&b, "due_at", tk_time_format(t->due, when));
	tk_buf_put(&b, "}", 1);
	return b.s;
}

static void
keep(struct cursor *c, struct tk_stmt *st, int lines)
{
	struct tk_queue_row *t = &c->v[c->n];
	char *todo;

	c->orders[c->n] = c->order = tk_stmt_col_int(st, 0);
	c->keys[c->n] = c->key = tk_stmt_col_int(st, 3);
	t->ticket = tk_xstrdup(tk_stmt_col_text(st, TICKET_AT));
	t->unit = tk_xstrdup(tk_stmt_col_text(st, 1));
	t->step = step_of(tk_stmt_col_text(st, 2),
	    (int)tk_stmt_col_int(st, 4), (int)tk_stmt_col_int(st, 5),
	    (int)tk_stmt_col_int(st, 6));
	t->due = c->key == INT64_MAX ? -1 : c->key;
	if (lines) {
		todo = todo_object(t);
		t->line = tk_store_row_line(st, TICKET_AT, "todo", todo);
		free(todo);
	} else {
		t->category = dup_or_null(st, TICKET_AT + 1);
		t->area = dup_or_null(st, TICKET_AT + 2);
		t->what = dup_or_null(st, TICKET_AT + 3);
	}
	c->n++;
}

static void
drop(struct cursor *c)
{
	int i;

	for (i = 0; i < c->n; i++) {
		free((char *)c->v[i].ticket);
		free((char *)c->v[i].unit);
		free((char *)c->v[i].category);
		free((char *)c->v[i].area);
		free((char *)c->v[i].what);
		free((char *)c->v[i].line);
	}
	c->n = c->next = 0;
}

/* The unit's next page, once it has shown all of the last. */
static void
refill(struct tk_db *db, struct merge *m, struct cursor *c, long want)
{
	struct tk_stmt *st = tk_db_stmt(db, page_sql[m->lines][m->reverse]);

	drop(c);
	tk_stmt_text(st, 1, c->unit);
	tk_stmt_int(st, 2, c->key);
	tk_stmt_int(st, 3, c->order);
	tk_stmt_int(st, 4, want);
	while (tk_stmt_step(st) == TK_ROW)
		keep(c, st, m->lines);
	tk_stmt_reset(st);
	c->more = c->n == want;
}

static int
before(const struct cursor *a, const struct cursor *b, int reverse)
{
	int64_t ka = a->keys[a->next], kb = b->keys[b->next];
	int64_t oa = a->orders[a->next], ob = b->orders[b->next];

	if (reverse)
		return ka != kb ? ka > kb : oa > ob;
	return ka != kb ? ka < kb : oa < ob;
}

/* The unit whose next order comes first, or NULL when all are done. */
static struct cursor *
least(struct tk_db *db, struct merge *m, long want)
{
	struct cursor *best = NULL, *c;
	size_t i;

	for (i = 0; i < m->nc; i++) {
		c = &m->c[i];
		if (c->next == c->n && c->more)
			refill(db, m, c, want);
		if (c->next < c->n && (best == NULL ||
		    before(c, best, m->reverse)))
			best = c;
	}
	return best;
}

/* The unit and its level-3 units, each a cursor before its first. */
static void
units_of(struct tk_db *db, struct merge *m, const char *unit)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT code FROM unit WHERE parent = ?1 ORDER BY code");
	size_t cap = 8;

	m->c = tk_xmalloc(cap * sizeof(*m->c));
	m->nc = 0;
	tk_stmt_text(st, 1, unit);
	do {
		if (m->nc == cap)
			m->c = tk_xrealloc(m->c, (cap *= 2) * sizeof(*m->c));
		memset(&m->c[m->nc], 0, sizeof(m->c[0]));
		m->c[m->nc].unit = tk_xstrdup(m->nc == 0 ? unit :
		    tk_stmt_col_text(st, 0));
		m->c[m->nc].key = m->c[m->nc].order = m->reverse ?
		    INT64_MAX : INT64_MIN;
		m->c[m->nc++].more = 1;
	} while (tk_stmt_step(st) == TK_ROW);
	tk_stmt_reset(st);
}

/*
 * Calls cb with each order in the unit's queue, nearest due first (last
 * with reverse), at most limit of them (0: all), with its ticket's JSON
 * line when lines is set; stops when cb returns non-zero.
 */
void
tk_queue_unit(struct tk_db *db, const char *unit, long limit, int reverse,
    int lines, tk_queue_cb cb, void *arg)
{
	struct merge m = { NULL, 0, reverse, lines };
	struct cursor *c;
	long shown = 0, want = limit > 0 && limit < PAGE ? limit : PAGE;
	size_t i;

	units_of(db, &m, unit);
	while ((limit <= 0 || shown < limit) &&
	    (c = least(db, &m, want)) != NULL) {
		if (cb(&c->v[c->next++], arg) != 0)
			break;
		shown++;
	}
	for (i = 0; i < m.nc; i++) {
		drop(&m.c[i]);
		free((char *)m.c[i].unit);
	}
	free(m.c);
}
