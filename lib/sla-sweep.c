/*
 * sla-sweep.c: supervision (督办, ticket-sla(1)), the job cron runs every few
 * minutes.
 *
 * One pass, inside the caller's transaction, does three things:
 *  - cards: a live order gets its yellow card from 00:00:00 of the first
 *    of the last N working days of its limit (N the setting yellow_days,
 *    1 by default: the due date itself; 0: no yellow cards), and its red
 *    card from the first second after due_at; overdue with no extension
 *    approved, it is also flagged "overdue".  An order first seen after
 *    its deadline gets the red card alone: a warning after the fact warns
 *    no one.  Cards only rise, and an extension moves due_at, not the
 *    cards already issued.
 *  - acceptance: a dispatched order neither signed nor returned when its
 *    return window closed counts as accepted (accepted_at is the window's
 *    last second).  A late return is refused by ticket-route, so there is
 *    nothing of it to flag here.
 *  - contact: a signed help order whose contact limit passed without a
 *    contact, or with one recorded late, is flagged "contact_missed".
 * Flags for bounces and reopenings are raised where those happen.
 *
 * Invariants: a card is a row of card (one per order and color, by its
 * key) and a flag a row of flag (one per order and kind, by its key),
 * each with one event; an insert the key refuses issues nothing, so a
 * second sweep, or one that waited for another's lock, issues nothing
 * twice.  assignment.card holds the highest card, and a red order leaves
 * the assignment_watch index: the cards pass reads only orders due by
 * the yellow horizon, so its cost follows the orders due, not the size
 * of the database.  Candidates are read whole before anything is
 * written, since writing an index while walking it is undefined.
 *
 * Each new card, flag or acceptance becomes a notice for a notifier:
 * {"ticket","unit","kind","due","now"}.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

/* The colors of the cards, for --card and for people. */
const struct tk_enum tk_card_colors[] = {
	{ "yellow", "黄牌" }, { "red", "红牌" }, { NULL, NULL }
};

struct cand {				/* an order a pass looks at */
	int64_t	 id;
	char	 ticket[64], unit[64];
	tk_time	 due;			/* the deadline it is judged by */
	int	 yellow, extended;
};

struct cands {
	struct cand	*v;
	size_t		 n, cap;
};

/* The setting yellow_days, checked. */
int
tk_sweep_yellow_days(void)
{
	long n = tk_conf_long("yellow_days");

	if (n > TK_SLA_MAXDAYS)
		tk_errx(TK_EXIT_DATA, "yellow_days: %ld working days: more "
		    "than %d", n, TK_SLA_MAXDAYS);
	return (int)n;
}

/*
 * The latest due time whose yellow period has begun at now: the end of
 * the (n-1)th working day after today.  A due day d is in its last n
 * working days once the (n-1)th working day before it is today or
 * earlier, and that holds exactly for the days up to this one.  With no
 * yellow cards (n = 0), only what is overdue is near.
 */
tk_time
tk_sweep_near(struct tk_calendar *cal, tk_time now, int n)
{
	if (n == 0)
		return now - 1;
	return tk_time_from_local(tk_calendar_add(cal, tk_time_localdate(now),
	    n - 1), 86400 - 1);
}

static void
take(struct cands *c, struct tk_stmt *st)
{
	struct cand *k;

	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 256;
		c->v = tk_xrealloc(c->v, c->cap * sizeof(*c->v));
	}
	k = &c->v[c->n++];
	memset(k, 0, sizeof(*k));
	k->id = tk_stmt_col_int(st, 0);
	snprintf(k->ticket, sizeof(k->ticket), "%s", tk_stmt_col_text(st, 1));
	snprintf(k->unit, sizeof(k->unit), "%s", tk_stmt_col_text(st, 2));
	k->due = tk_stmt_col_int(st, 3);
}

/*
 * Every order the query finds, read whole before anything is written:
 * ?1 is bound to the open ticket statuses (a finished ticket's leftover
 * orders are no one's to press), ?2 and ?3 to the times given.
 */
static struct cands
candidates(struct tk_act *a, const char *sql, tk_time t2, tk_time t3)
{
	struct tk_stmt *st = tk_db_stmt(a->db, sql);
	struct cands c = { NULL, 0, 0 };
	size_t i;

	tk_stmt_text(st, 1, tk_open_statuses());
	tk_stmt_int(st, 2, t2);
	tk_stmt_int(st, 3, t3);
	for (i = 0; tk_stmt_step(st) == TK_ROW; i++) {
		take(&c, st);
		c.v[i].yellow = (int)tk_stmt_col_int(st, 4);
		c.v[i].extended = (int)tk_stmt_col_int(st, 5);
	}
	tk_stmt_reset(st);
	return c;
}

static void
notice(struct tk_act *a, json_t *out, const struct cand *k, const char *kind)
{
	char due[TK_TIME_LEN], now[TK_TIME_LEN];

	tk_jpush(out, json_pack("{s:s, s:s, s:s, s:s, s:s}",
	    "ticket", k->ticket, "unit", k->unit, "kind", kind, "due",
	    tk_time_format(k->due, due), "now", tk_time_format(a->now, now)));
}

/* Runs an insert the key may refuse: whether it inserted. */
static int
once(struct tk_act *a, struct tk_stmt *st)
{
	int rc = tk_stmt_step(st);

	tk_stmt_reset(st);
	if (rc == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot issue: %s", tk_db_path(a->db),
		    tk_db_errmsg(a->db));
	return rc == TK_ROW;
}

static void
card(struct tk_act *a, json_t *out, const struct cand *k, const char *color)
{
	struct tk_stmt *ins = tk_db_stmt(a->db,
	    "INSERT INTO card(assignment, color, ticket, unit, due, at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT DO NOTHING"
	    " RETURNING 1");
	char due[TK_TIME_LEN];
	json_t *data;

	tk_stmt_int(ins, 1, k->id);
	tk_stmt_text(ins, 2, color);
	tk_stmt_text(ins, 3, k->ticket);
	tk_stmt_text(ins, 4, k->unit);
	tk_stmt_int(ins, 5, k->due);
	tk_stmt_int(ins, 6, a->now);
	if (!once(a, ins))
		return;
	tk_order_card(a, k->id, color);
	data = json_pack("{s:s, s:s}", "color", color, "due",
	    tk_time_format(k->due, due));
	tk_act_event(a, k->ticket, TK_EV_CARD, k->unit, k->yellow ? "yellow" : NULL,
	    color, data);
	json_decref(data);
	notice(a, out, k, color);
}

static void
flag(struct tk_act *a, json_t *out, const struct cand *k, const char *kind)
{
	char due[TK_TIME_LEN];
	json_t *data = json_pack("{s:s, s:s}", "kind", kind, "due",
	    tk_time_format(k->due, due));

	if (tk_act_flag(a, k->id, k->ticket, k->unit, data))
		notice(a, out, k, kind);
	json_decref(data);
}

/* 00:00:00 of the first of the last n working days up to due. */
static tk_time
yellow_from(struct tk_calendar *cal, tk_time due, int n)
{
	return tk_time_from_local(tk_calendar_add(cal, tk_time_localdate(due),
	    -(n - 1)), 0);
}

/*
 * The live orders of the watch index due by the yellow horizon, less
 * those already yellow and not yet overdue.  The first three terms are
 * the index's own, so that SQLite may use it; it is named, since the
 * planner, without statistics, would rather walk every live order of
 * assignment_due, red ones too.
 */
static void
cards(struct tk_act *a, int n, json_t *out)
{
	struct cands c = candidates(a,
	    "SELECT id, ticket, unit, due_at, card IS NOT NULL, extended_days"
	    " FROM assignment INDEXED BY assignment_watch"
	    " WHERE " TK_ORDER_LIVE_SQL " AND card IS NOT 'red'"
	    " AND due_at IS NOT NULL"
	    " AND due_at <= ?2 AND (card IS NULL OR due_at < ?3)"
	    " AND instr(?1, ',' || (SELECT status FROM ticket"
	    "  WHERE ticket.id = assignment.ticket) || ',') > 0"
	    " ORDER BY due_at, id", tk_sweep_near(a->cal, a->now, n), a->now);
	struct cand *k;

	for (k = c.v; k < c.v + c.n; k++) {
		if (a->now > k->due) {
			card(a, out, k, "red");
			if (!k->extended)
				flag(a, out, k, "overdue");
		} else if (n > 0 && !k->yellow &&
		    a->now >= yellow_from(a->cal, k->due, n))
			card(a, out, k, "yellow");
	}
	free(c.v);
}

/*
 * A return window ends with the first working day after the dispatch
 * date, so it has closed before today exactly for orders dispatched
 * before the last working day before today: that bounds the query, and
 * the window itself is the test.
 */
static void
accept(struct tk_act *a, json_t *out)
{
	struct cands c = candidates(a,
	    "SELECT id, ticket, unit, dispatched_at, 0, 0 FROM assignment"
	    " WHERE status = @dispatched AND accepted_at IS NULL"
	    " AND parent IS NULL AND dispatched_at < ?2 AND ?3 = ?3"
	    " AND instr(?1, ',' || (SELECT status FROM ticket"
	    "  WHERE ticket.id = assignment.ticket) || ',') > 0"
	    " ORDER BY dispatched_at, id",
	    tk_time_from_local(tk_calendar_add(a->cal,
	    tk_time_localdate(a->now), -TK_SLA_WINDOW_DAYS), 0), 0);
	struct cand *k;
	json_t *data;
	char when[TK_TIME_LEN];

	for (k = c.v; k < c.v + c.n; k++) {
		/* From the dispatch to the end of its window. */
		if ((k->due = tk_sla_window_closes(a->cal, k->due)) >= a->now)
			continue;
		tk_order_accept(a, k->id, k->due);
		data = json_pack("{s:s}", "window", tk_time_format(k->due,
		    when));
		tk_act_event(a, k->ticket, TK_EV_ACCEPTED, k->unit, NULL, NULL,
		    data);
		json_decref(data);
		notice(a, out, k, "accepted");
	}
	free(c.v);
}

/* Help orders past their contact limit, not contacted in time. */
static void
contacts(struct tk_act *a, json_t *out)
{
	struct cands c = candidates(a,
	    "SELECT id, ticket, unit, contact_due_at, 0, 0 FROM assignment a"
	    " WHERE status = @signed AND contact_due_at IS NOT NULL"
	    " AND (contacted_at IS NULL OR contacted_at > contact_due_at)"
	    " AND contact_due_at < ?2 AND ?3 = ?3 AND NOT EXISTS"
	    " (SELECT 1 FROM flag f WHERE f.assignment = a.id"
	    " AND f.kind = 'contact_missed')"
	    " AND instr(?1, ',' || (SELECT status FROM ticket t"
	    "  WHERE t.id = a.ticket) || ',') > 0"
	    " ORDER BY contact_due_at, id", a->now, 0);
	struct cand *k;

	for (k = c.v; k < c.v + c.n; k++)
		flag(a, out, k, "contact_missed");
	free(c.v);
}

/* The notices of what this pass issued; the caller commits, then prints. */
json_t *
tk_sweep(struct tk_act *a)
{
	json_t *out = json_array();
	int n = tk_sweep_yellow_days();

	if (out == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	cards(a, n, out);
	accept(a, out);
	contacts(a, out);
	return out;
}
