/*
 * queue.c: work queues (ticket-ls --todo and --queue, ticket-ls(1)).
 *
 * A unit's queue is its orders that wait on it, dispatched or signed,
 * and for a unit with level-3 units theirs too, nearest deadline first:
 * each with what it owes next (sign, contact the citizen, reply, reply
 * again after a bounce, handle again after a reopening) and by when
 * (TK_TODO_KEY: the contact limit while a contact is owed, else the
 * deadline).  Orders returning, replied, withdrawn or done wait on
 * someone else and are in the platform's queues or none.
 *
 * The queue is read in pages, each its own short read transaction, so a
 * long pipe never holds a snapshot that keeps the WAL from its
 * checkpoint; a page starts after the key of the last order shown.
 * Each unit's orders come in key order from the index assignment_todo,
 * and the units' pages are merged: a page shows only what no unit's
 * next page could come before.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

#define PAGE	256	/* orders of one unit read in one transaction */
#define MAXUNITS 256	/* a unit and its level-3 units */

const struct tk_enum tk_queues[] = {
	[TK_Q_REVIEW] =		{ "review", "答复待审" },
	[TK_Q_RETURNS] =	{ "returns", "退回待审" },
	[TK_Q_EXTENSIONS] =	{ "extensions", "延期待批" },
	[TK_Q_ESCALATED] =	{ "escalated", "呈办" },
	[TK_Q_UNROUTED] =	{ "unrouted", "待人工派单" },
	[TK_Q_CALLBACKS] =	{ "callbacks", "待回访" },
	[TK_Q_DUPLICATES] =	{ "duplicates", "疑似重复" },
	[TK_NQUEUES] =		{ NULL, NULL }
};

const struct tk_enum tk_todo_steps[] = {
	[TK_TODO_SIGN] =	{ "sign", "签收" },
	[TK_TODO_CONTACT] =	{ "contact", "联系" },
	[TK_TODO_REPLY] =	{ "reply", "答复" },
	[TK_TODO_BOUNCED] =	{ "bounced", "退回重答" },
	[TK_TODO_REOPENED] =	{ "reopened", "重办" },
	[TK_NTODO] =		{ NULL, NULL }
};

struct row {
	struct tk_todo	 t;
	int64_t		 key, order;
};

struct merge {
	struct row	*v;
	size_t		 n, cap;
	int64_t		 key, order;	/* the last shown */
	int		 reverse;
	int		 lines;		/* each with its ticket's line */
};

/* The step an order owes, from its columns. */
static enum tk_todo_step
step_of(const char *status, int contact, int bounces, int reopens)
{
	if (strcmp(status, "dispatched") == 0)
		return TK_TODO_SIGN;
	if (contact)
		return TK_TODO_CONTACT;
	if (reopens > 0)
		return TK_TODO_REOPENED;
	return bounces > 0 ? TK_TODO_BOUNCED : TK_TODO_REPLY;
}

/*
 * One unit's next page after (?2, ?3), in either direction: the orders
 * by the index alone, then their tickets.  The key's bound is spelt
 * apart from the tie on the id, so that the index seeks to it.
 */
#define TODO_PAGE(cmp, dir) \
	"SELECT a.id, a.ticket, a.unit, a.status, a.k, a.owes, a.bounces," \
	" a.reopens, t.category, t.area, json_extract(t.doc, '$.facts.what')," \
	" t.received_at FROM (SELECT id, ticket, unit, status," \
	" " TK_TODO_KEY " AS k," \
	" contacted_at IS NULL AND contact_due_at IS NOT NULL AS owes," \
	" bounces, reopens FROM assignment" \
	" WHERE unit = ?1 AND status IN ('dispatched', 'signed')" \
	" AND " TK_TODO_KEY " " cmp "= ?2" \
	" AND (" TK_TODO_KEY " " cmp " ?2 OR id " cmp " ?3)" \
	" ORDER BY " TK_TODO_KEY " " dir ", id " dir " LIMIT ?4) a" \
	" JOIN ticket t ON t.id = a.ticket ORDER BY a.k " dir ", a.id " dir
static const char *const page_sql[2] = {
	TODO_PAGE(">", "ASC"), TODO_PAGE("<", "DESC")
};

static void
keep(struct merge *m, struct tk_stmt *st)
{
	struct row *r;

	if (m->n == m->cap) {
		m->cap = m->cap ? 2 * m->cap : PAGE;
		m->v = tk_xrealloc(m->v, m->cap * sizeof(*m->v));
	}
	r = &m->v[m->n++];
	r->order = tk_stmt_col_int(st, 0);
	r->key = tk_stmt_col_int(st, 4);
	r->t.ticket = tk_xstrdup(tk_stmt_col_text(st, 1));
	r->t.unit = tk_xstrdup(tk_stmt_col_text(st, 2));
	r->t.step = step_of(tk_stmt_col_text(st, 3),
	    (int)tk_stmt_col_int(st, 5), (int)tk_stmt_col_int(st, 6),
	    (int)tk_stmt_col_int(st, 7));
	r->t.due = r->key == INT64_MAX ? -1 : r->key;
	r->t.category = tk_xstrdup(tk_stmt_col_text(st, 8));
	r->t.area = tk_stmt_col_isnull(st, 9) ? NULL :
	    tk_xstrdup(tk_stmt_col_text(st, 9));
	r->t.what = tk_stmt_col_isnull(st, 10) ? NULL :
	    tk_xstrdup(tk_stmt_col_text(st, 10));
	r->t.received = tk_stmt_col_int(st, 11);
	r->t.line = NULL;
}

/*
 * One unit's next page into m; returns whether the unit may have more,
 * with the key of its last row in *last.
 */
static int
read_unit(struct tk_db *db, struct merge *m, const char *unit, long want,
    struct row *last)
{
	struct tk_stmt *st = tk_db_stmt(db, page_sql[m->reverse]);
	long n = 0;
	size_t i;

	tk_stmt_text(st, 1, unit);
	tk_stmt_int(st, 2, m->key);
	tk_stmt_int(st, 3, m->order);
	tk_stmt_int(st, 4, want);
	while (tk_stmt_step(st) == TK_ROW) {
		keep(m, st);
		n++;
	}
	tk_stmt_reset(st);
	for (i = m->n - (size_t)n; m->lines && i < m->n; i++)
		m->v[i].t.line = tk_store_load_line(db, m->v[i].t.ticket, 0);
	if (n == want)
		*last = m->v[m->n - 1];
	return n == want;
}

static int
before(const struct row *a, const struct row *b, int reverse)
{
	if (reverse) {
		const struct row *t = a;

		a = b;
		b = t;
	}
	return a->key != b->key ? a->key < b->key : a->order < b->order;
}

static int
cmp_up(const void *x, const void *y)
{
	return before(x, y, 0) ? -1 : 1;
}

static int
cmp_down(const void *x, const void *y)
{
	return before(x, y, 1) ? -1 : 1;
}

static void
drop(struct merge *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		free((char *)m->v[i].t.ticket);
		free((char *)m->v[i].t.unit);
		free((char *)m->v[i].t.category);
		free((char *)m->v[i].t.area);
		free((char *)m->v[i].t.what);
		free((char *)m->v[i].t.line);
	}
	m->n = 0;
}

/* The codes of the unit and its level-3 units. */
static char **
units_of(struct tk_db *db, const char *unit, size_t *n)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT code FROM unit WHERE parent = ?1 ORDER BY code");
	char **v = tk_xmalloc(MAXUNITS * sizeof(*v));

	v[0] = tk_xstrdup(unit);
	*n = 1;
	tk_stmt_text(st, 1, unit);
	while (*n < MAXUNITS && tk_stmt_step(st) == TK_ROW)
		v[(*n)++] = tk_xstrdup(tk_stmt_col_text(st, 0));
	tk_stmt_reset(st);
	return v;
}

/*
 * One page: every unit's next rows, merged, read in one read
 * transaction that ends before any is shown; what may be shown ends at
 * the first "last" of a unit with more.  Returns the rows shown, or -1
 * when cb stopped the run.
 */
static long
page(struct tk_db *db, struct merge *m, char **units, size_t nunits,
    long want, tk_todo_cb cb, void *arg)
{
	struct row bound = { 0 }, last;
	size_t i, shown = 0;
	int more = 0, rc = 0;

	tk_db_snapshot(db);
	for (i = 0; i < nunits; i++)
		if (read_unit(db, m, units[i], want, &last) &&
		    (!more++ || before(&last, &bound, m->reverse)))
			bound = last;
	tk_db_commit(db);
	qsort(m->v, m->n, sizeof(*m->v), m->reverse ? cmp_down : cmp_up);
	for (i = 0; i < m->n && (long)shown < want && rc == 0; i++) {
		if (more && before(&bound, &m->v[i], m->reverse))
			break;
		rc = cb(&m->v[i].t, arg);
		m->key = m->v[i].key;
		m->order = m->v[i].order;
		shown++;
	}
	drop(m);
	return rc != 0 ? -1 : (long)shown;
}

/*
 * Calls cb with each order in the unit's queue, nearest due first (last
 * with reverse), at most limit of them (0: all), with its ticket's JSON
 * line when lines is set; stops when cb returns non-zero.
 */
void
tk_queue_todo(struct tk_db *db, const char *unit, long limit, int reverse,
    int lines, tk_todo_cb cb, void *arg)
{
	struct merge m = { NULL, 0, 0, reverse ? INT64_MAX : INT64_MIN,
	    reverse ? INT64_MAX : INT64_MIN, reverse, lines };
	size_t nunits, i;
	char **units = units_of(db, unit, &nunits);
	long left = limit > 0 ? limit : -1, n;

	do {
		n = page(db, &m, units, nunits, left > 0 && left < PAGE ?
		    left : PAGE, cb, arg);
		if (left > 0)
			left -= n;
	} while (n > 0 && left != 0);
	for (i = 0; i < nunits; i++)
		free(units[i]);
	free(units);
	free(m.v);
}
