/*
 * report-volume.c: what came in and what is open (ticket-report summary and
 * hot).
 *
 * Volumes count tickets by received_at in [from, to): a ticket's channel,
 * category, topic, area and caller are fixed at intake, so these counts
 * never change for a past period.  They read the ticket's columns, which
 * its archived stub keeps, and the assessment facts (report.c) for what
 * archiving takes away: whether it was answered at intake before the
 * period's end, and which tickets came from one caller.  Open orders are
 * the one exception: they are the database's present state (the rows say
 * so: 当前在办), aged at the period's end.  Rows are long, one figure each, so that every format
 * carries them alike: {dimension, label, key, name, count, share}.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

const struct tk_report_col tk_report_summary_cols[] = {
	{ "label", "维度", 10, 0 },
	{ "name", "项目", 24, 0 },
	{ "count", "件数", 8, 0 },
	{ "share", "占比", 7, 1 },
	{ NULL, NULL, 0, 0 }
};

const struct tk_report_col tk_report_hot_cols[] = {
	{ "topic", "主题", 24, 0 },
	{ "area", "区域", 10, 0 },
	{ "count", "本期", 6, 0 },
	{ "previous", "上期", 6, 0 },
	{ "change", "增减", 6, 0 },
	{ NULL, NULL, 0, 0 }
};

/*
 * The dimensions a ticket's own columns give, with their labels.  Each
 * query is a constant: statements are kept by their text's address.
 */
#define BY(col) "SELECT " col " AS k, count(*) AS n FROM ticket" \
	" WHERE received_at >= ?1 AND received_at < ?2" \
	" GROUP BY k ORDER BY n DESC, k"
static const struct {
	const char		*dimension;
	const char		*label;
	const char		*sql;
	const struct tk_enum	*names;
} columns[] = {
	{ "channel", "渠道", BY("channel"), tk_channels },
	{ "category", "类别", BY("category"), tk_categories },
	{ "topic", "主题", BY("coalesce(topic, '')"), NULL },
	{ "area", "区域", BY("coalesce(area, '')"), NULL },
};

struct sum {
	const struct tk_report *r;
	json_t	*rows;
	long	 total;
};

static void
row(struct sum *s, const char *dimension, const char *label, const char *key,
    const char *name, long count)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I}", "dimension",
	    dimension, "label", label, "key", key, "name",
	    name != NULL && *name != '\0' ? name : key[0] ? key : "(未填)",
	    "count", (json_int_t)count);

	tk_jset(o, "share", s->total == 0 ? json_null() :
	    json_real(round(10000.0 * count / s->total) / 10000.0));
	tk_jpush(s->rows, o);
}

static struct tk_stmt *
period_stmt(struct sum *s, const char *sql)
{
	struct tk_stmt *st = tk_db_stmt(s->r->db, sql);

	tk_stmt_int(st, 1, s->r->from);
	tk_stmt_int(st, 2, s->r->to);
	return st;
}

static long
one_number(struct sum *s, const char *sql)
{
	struct tk_stmt *st = period_stmt(s, sql);
	long n = 0;

	if (tk_stmt_step(st) == TK_ROW)
		n = (long)tk_stmt_col_int(st, 0);
	tk_stmt_reset(st);
	return n;
}

static void
by_day(struct sum *s)
{
	struct tk_stmt *st = period_stmt(s,
	    "SELECT (received_at + ?3) / 86400 AS d, count(*) FROM ticket"
	    " WHERE received_at >= ?1 AND received_at < ?2"
	    " GROUP BY d ORDER BY d");
	char date[TK_DATE_LEN];

	tk_stmt_int(st, 3, tk_zone_get());
	while (tk_stmt_step(st) == TK_ROW) {
		tk_date_format((int32_t)tk_stmt_col_int(st, 0), date);
		row(s, "day", "日期", date, NULL, (long)tk_stmt_col_int(st, 1));
	}
	tk_stmt_reset(st);
}

static void
by_column(struct sum *s, size_t i)
{
	struct tk_stmt *st = period_stmt(s, columns[i].sql);
	const char *key;

	while (tk_stmt_step(st) == TK_ROW) {
		key = tk_stmt_col_text(st, 0);
		row(s, columns[i].dimension, columns[i].label, key,
		    columns[i].names ? tk_enum_label(columns[i].names, key) :
		    NULL, (long)tk_stmt_col_int(st, 1));
	}
	tk_stmt_reset(st);
}

/* Callers with more than one ticket in the period, and those tickets. */
static void
repeats(struct sum *s)
{
	struct tk_stmt *st = period_stmt(s,
	    "SELECT count(*), coalesce(sum(n), 0) FROM (SELECT count(*) AS n"
	    " FROM ticket t JOIN fact_ticket f ON f.ticket = t.id"
	    " WHERE t.received_at >= ?1 AND t.received_at < ?2"
	    " AND f.caller IS NOT NULL GROUP BY f.caller HAVING n > 1)");

	if (tk_stmt_step(st) == TK_ROW) {
		row(s, "repeat", "重复来电", "callers", "来电人数",
		    (long)tk_stmt_col_int(st, 0));
		row(s, "repeat", "重复来电", "tickets", "工单数",
		    (long)tk_stmt_col_int(st, 1));
	}
	tk_stmt_reset(st);
	row(s, "repeat", "重复来电", "duplicates", "重复件",
	    one_number(s, "SELECT count(*) FROM ticket WHERE received_at >= ?1"
	    " AND received_at < ?2 AND duplicate_of IS NOT NULL"));
	row(s, "repeat", "重复来电", "merged", "并单",
	    one_number(s, "SELECT count(*) FROM ticket t JOIN fact_ticket f"
	    " ON f.ticket = t.id WHERE t.received_at >= ?1"
	    " AND t.received_at < ?2 AND f.merged"));
}

/* Live orders (lead and co) by whole days since dispatch, at the end. */
static void
open_orders(struct sum *s)
{
	static const struct { const char *key, *name; int below; } ages[] = {
		{ "0-1", "1天以内", 2 }, { "2-5", "2至5天", 6 },
		{ "6-15", "6至15天", 16 }, { "16-30", "16至30天", 31 },
		{ "31-", "30天以上", 0 }
	};
	struct tk_stmt *st = period_stmt(s,
	    "SELECT (?2 - dispatched_at) / 86400 AS age, count(*)"
	    " FROM assignment WHERE status IN (@dispatched, @signed,"
	    " @returning, @replied) AND role != 'cc'"
	    " AND dispatched_at < ?2 AND ?1 = ?1 GROUP BY age");
	long n[5] = { 0 }, age;
	size_t i;

	while (tk_stmt_step(st) == TK_ROW) {
		age = (long)tk_stmt_col_int(st, 0);
		for (i = 0; i < 4 && age >= ages[i].below; i++)
			;
		n[i] += (long)tk_stmt_col_int(st, 1);
	}
	tk_stmt_reset(st);
	for (i = 0; i < 5; i++)
		row(s, "open", "当前在办", ages[i].key, ages[i].name, n[i]);
}

json_t *
tk_report_summary(const struct tk_report *r)
{
	struct sum s = { r, json_array(), 0 };
	size_t i;

	s.total = one_number(&s, "SELECT count(*) FROM ticket"
	    " WHERE received_at >= ?1 AND received_at < ?2");
	row(&s, "total", "合计", "all", "受理总量", s.total);
	row(&s, "answered", "直接答复", "answered", "直接答复件",
	    one_number(&s, "SELECT count(*) FROM ticket t JOIN fact_ticket f"
	    " ON f.ticket = t.id WHERE t.received_at >= ?1"
	    " AND t.received_at < ?2 AND f.answered_at < ?2"));
	by_day(&s);
	for (i = 0; i < sizeof(columns) / sizeof(columns[0]); i++)
		by_column(&s, i);
	repeats(&s);
	open_orders(&s);
	return s.rows;
}

/*
 * 热点: topic and area pairs, this period against the one as long just
 * before it, the largest rise first.
 */
json_t *
tk_report_hot(const struct tk_report *r)
{
	struct tk_stmt *st = tk_db_stmt(r->db,
	    "SELECT topic, area, cur, prev, cur - prev AS d FROM ("
	    " SELECT coalesce(topic, '') AS topic, coalesce(area, '') AS area,"
	    " sum(received_at >= ?1) AS cur, sum(received_at < ?1) AS prev"
	    " FROM ticket WHERE received_at >= ?3 AND received_at < ?2"
	    " GROUP BY 1, 2)"
	    " ORDER BY d DESC, cur DESC, topic, area LIMIT ?4");
	json_t *rows = json_array();

	tk_stmt_int(st, 1, r->from);
	tk_stmt_int(st, 2, r->to);
	tk_stmt_int(st, 3, r->from - (r->to - r->from));
	tk_stmt_int(st, 4, r->limit ? (int64_t)r->limit : -1);
	while (tk_stmt_step(st) == TK_ROW)
		tk_jpush(rows, json_pack("{s:s, s:s, s:I, s:I, s:I}",
		    "topic", tk_stmt_col_text(st, 0), "area",
		    tk_stmt_col_text(st, 1), "count",
		    (json_int_t)tk_stmt_col_int(st, 2), "previous",
		    (json_int_t)tk_stmt_col_int(st, 3), "change",
		    (json_int_t)tk_stmt_col_int(st, 4)));
	tk_stmt_reset(st);
	return rows;
}
