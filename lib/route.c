/*
 * route.c: routing rules (派单规则): which unit a new ticket goes to.
 *
 * A rule matches on category, topic, area and keywords; an empty column
 * matches anything.  Topic and area are patterns: a plain word matches
 * itself and, for topics, everything under it ("城乡建设" matches
 * "城乡建设/物业管理"); a word with * ? or [ is an fnmatch(3) glob.  A
 * keyword matches when it occurs in the request (事由) or the topic.
 * Rules are tried by priority, lowest first, then in file order; the
 * first that matches decides.  The rule set is replaced whole by an
 * import, which changes nothing when any row is wrong.
 *
 * In memory each rule keeps its category as an index, so the common
 * mismatch costs one integer comparison, and the substring searches run
 * only for rules whose cheaper conditions held.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

struct tk_rules {
	struct tk_rule	*rule;
	size_t		 n;
};

static const struct tk_column columns[] = {
	{ "priority", 1 }, { "category", 1 }, { "topic", 1 }, { "area", 1 },
	{ "keywords", 1 }, { "lead", 1 }, { "co", 1 }, { "mode", 1 },
	{ NULL, 0 }
};
enum { PRIORITY, CATEGORY, TOPIC, AREA, KEYWORDS, LEAD, CO, MODE };

static const char *const modes[] = { "transfer", "direct", "escalate",
    NULL };

/* The mode a rule names; empty means transfer, NULL an unknown word. */
static const char *
mode_of(const char *word)
{
	int i;

	if (*word == '\0')
		return modes[0];
	for (i = 0; modes[i] != NULL; i++)
		if (strcmp(modes[i], word) == 0)
			return modes[i];
	return NULL;
}

static int
is_glob(const char *p)
{
	return strpbrk(p, "*?[") != NULL;
}

/* A glob whose brackets do not close would never match: refuse it. */
static int
bad_pattern(const char *p)
{
	const char *open;

	while ((open = strchr(p, '[')) != NULL) {
		if ((p = strchr(open + 1, ']')) == NULL)
			return 1;
		p++;
	}
	return 0;
}

static int
pattern_matches(const char *pattern, const char *value, int hierarchy)
{
	size_t n;

	if (*pattern == '\0')
		return 1;
	if (value == NULL)
		return 0;
	if (is_glob(pattern))
		return fnmatch(pattern, value, 0) == 0;
	n = strlen(pattern);
	return strncmp(pattern, value, n) == 0 &&
	    (value[n] == '\0' || (hierarchy && value[n] == '/'));
}

/* A list "a|b" may not hold an empty word ("a||b", "a|"). */
static int
bad_list(const char *list)
{
	char **words = tk_split_words(list);
	size_t n = 0, bars = 0;
	const char *p;

	while (words[n] != NULL)
		n++;
	for (p = list; *p != '\0'; p++)
		bars += *p == '|';
	tk_free_words(words);
	return *list != '\0' && n != bars + 1;
}

struct import {
	struct tk_db	*db;
	struct tk_rule	*rule;
	size_t		 n;
};

static int
row_error(const struct tk_admin_row *r, const char *what, const char *v)
{
	char msg[TK_ERRLEN];

	snprintf(msg, sizeof(msg), what, v);
	tk_recerr(r->source, r->line, "%s", msg);
	return -1;
}

/* Why a rule may not name a unit (unknown, inactive, the platform). */
static const char *
bad_unit(struct tk_db *db, const char *code)
{
	const char *why = NULL;
	struct tk_unit u;

	if (tk_unit_get(db, code, &u) == -1)
		return "no such unit";
	if (!u.active)
		why = "inactive unit";
	else if (u.level == 1)
		why = "the platform handles no orders:";
	tk_unit_clear(&u);
	return why;
}

static int
unit_error(const struct tk_admin_row *r, const char *column,
    const char *why, const char *code)
{
	tk_recerr(r->source, r->line, "%s: %s \"%s\"", column, why, code);
	return -1;
}

static int
check_row(struct import *im, const struct tk_admin_row *r)
{
	const char *const *c = r->cells;
	char **co, *end;
	const char *why = NULL;
	long pri;
	int i;

	errno = 0;
	pri = strtol(c[PRIORITY], &end, 10);
	if (*c[PRIORITY] == '\0' || *end != '\0' || errno != 0 || pri < 0 ||
	    pri > 1000000)
		return row_error(r, "priority: not a number from 0 to 1000000: "
		    "\"%s\"", c[PRIORITY]);
	if (*c[CATEGORY] && tk_enum_find(tk_categories, c[CATEGORY]) == -1)
		return row_error(r, "category: unknown \"%s\"", c[CATEGORY]);
	if (bad_pattern(c[TOPIC]) || bad_pattern(c[AREA]))
		return row_error(r, "bad pattern: \"%s\"",
		    bad_pattern(c[TOPIC]) ? c[TOPIC] : c[AREA]);
	if (bad_list(c[KEYWORDS]))
		return row_error(r, "keywords: an empty keyword in \"%s\"",
		    c[KEYWORDS]);
	if (bad_list(c[CO]))
		return row_error(r, "co: an empty code in \"%s\"", c[CO]);
	if (mode_of(c[MODE]) == NULL)
		return row_error(r, "mode: not transfer, direct or escalate: "
		    "\"%s\"", c[MODE]);
	if ((why = bad_unit(im->db, c[LEAD])) != NULL)
		return unit_error(r, "lead", why, c[LEAD]);
	co = tk_split_words(c[CO]);
	for (i = 0; co[i] != NULL && why == NULL; i++)
		if ((why = bad_unit(im->db, co[i])) != NULL)
			unit_error(r, "co", why, co[i]);
	tk_free_words(co);
	return why != NULL ? -1 : 0;
}

static void
keep(struct import *im, const struct tk_admin_row *r)
{
	const char *const *c = r->cells;
	struct tk_rule *ru;

	im->rule = tk_xrealloc(im->rule, (im->n + 1) * sizeof(*im->rule));
	ru = &im->rule[im->n++];
	memset(ru, 0, sizeof(*ru));
	ru->priority = (int)strtol(c[PRIORITY], NULL, 10);
	ru->category = *c[CATEGORY] ? tk_enum_find(tk_categories,
	    c[CATEGORY]) : -1;
	ru->topic = tk_xstrdup(c[TOPIC]);
	ru->area = tk_xstrdup(c[AREA]);
	ru->keywords = tk_split_words(c[KEYWORDS]);
	ru->lead = tk_xstrdup(c[LEAD]);
	ru->co = tk_split_words(c[CO]);
	ru->mode = mode_of(c[MODE]);
	ru->source = tk_xstrdup(r->source);
	ru->line = r->line;
}

static int
import_row(const struct tk_admin_row *r, void *arg)
{
	struct import *im = arg;

	if (check_row(im, r) == -1)
		return -1;
	keep(im, r);
	return 0;
}

static void
free_rule(struct tk_rule *ru)
{
	free(ru->topic);
	free(ru->area);
	tk_free_words(ru->keywords);
	free(ru->lead);
	tk_free_words(ru->co);
	free(ru->source);
}

void
tk_rules_free(struct tk_rules *rs)
{
	size_t i;

	if (rs == NULL)
		return;
	for (i = 0; i < rs->n; i++)
		free_rule(&rs->rule[i]);
	free(rs->rule);
	free(rs);
}

/* "a|b|c" from a word list, for storing and showing. */
static char *
join_words(char **words)
{
	size_t len = 1, i;
	char *s;

	for (i = 0; words[i] != NULL; i++)
		len += strlen(words[i]) + 1;
	s = tk_xmalloc(len);
	s[0] = '\0';
	for (i = 0; words[i] != NULL; i++) {
		if (i > 0)
			strcat(s, "|");
		strcat(s, words[i]);
	}
	return s;
}

static void
store_rule(struct tk_db *db, const struct tk_rule *ru, long seq)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "INSERT INTO route_rule(seq, priority, category, topic, area,"
	    " keywords, lead, co, mode, line, source)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
	char *kw = join_words(ru->keywords), *co = join_words(ru->co);

	tk_stmt_int(st, 1, seq);
	tk_stmt_int(st, 2, ru->priority);
	tk_stmt_text(st, 3, ru->category == -1 ? NULL :
	    tk_categories[ru->category].word);
	tk_stmt_text(st, 4, *ru->topic ? ru->topic : NULL);
	tk_stmt_text(st, 5, *ru->area ? ru->area : NULL);
	tk_stmt_text(st, 6, *kw ? kw : NULL);
	tk_stmt_text(st, 7, ru->lead);
	tk_stmt_text(st, 8, *co ? co : NULL);
	tk_stmt_text(st, 9, ru->mode);
	tk_stmt_int(st, 10, ru->line);
	tk_stmt_text(st, 11, ru->source);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "cannot store a rule: %s",
		    tk_db_errmsg(db));
	free(kw);
	free(co);
}

/*
 * Replaces the rule set with the file's, in the caller's transaction.
 * Returns the rules stored, or NULL after naming every bad row.
 */
struct tk_rules *
tk_rules_import(struct tk_db *db, struct tk_lines *l)
{
	struct import im = { db, NULL, 0 };
	struct tk_rules *rs;
	size_t i;

	if (tk_admin_read(l, columns, import_row, &im) != 0) {
		for (i = 0; i < im.n; i++)
			free_rule(&im.rule[i]);
		free(im.rule);
		return NULL;
	}
	tk_stmt_exec(tk_db_stmt(db, "DELETE FROM route_rule"));
	for (i = 0; i < im.n; i++)
		store_rule(db, &im.rule[i], (long)i + 1);
	rs = tk_xmalloc(sizeof(*rs));
	rs->rule = im.rule;
	rs->n = im.n;
	return rs;
}

static void
load_row(struct tk_rule *ru, struct tk_stmt *st)
{
	const char *v;

	memset(ru, 0, sizeof(*ru));
	ru->priority = (int)tk_stmt_col_int(st, 0);
	v = tk_stmt_col_text(st, 1);
	ru->category = v ? tk_enum_find(tk_categories, v) : -1;
	ru->topic = tk_xstrdup((v = tk_stmt_col_text(st, 2)) ? v : "");
	ru->area = tk_xstrdup((v = tk_stmt_col_text(st, 3)) ? v : "");
	ru->keywords = tk_split_words((v = tk_stmt_col_text(st, 4)) ? v : "");
	ru->lead = tk_xstrdup(tk_stmt_col_text(st, 5));
	ru->co = tk_split_words((v = tk_stmt_col_text(st, 6)) ? v : "");
	ru->mode = mode_of(tk_stmt_col_text(st, 7));
	ru->line = tk_stmt_col_int(st, 8);
	ru->source = tk_xstrdup(tk_stmt_col_text(st, 9));
}

/* The rules in the order they are tried. */
struct tk_rules *
tk_rules_load(struct tk_db *db)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT priority, category, topic, area, keywords, lead, co,"
	    " mode, line, source FROM route_rule ORDER BY priority, seq");
	struct tk_rules *rs = tk_xmalloc(sizeof(*rs));
	size_t cap = 0;

	rs->rule = NULL;
	rs->n = 0;
	while (tk_stmt_step(st) == TK_ROW) {
		if (rs->n == cap) {
			cap = cap ? cap * 2 : 64;
			rs->rule = tk_xrealloc(rs->rule, cap * sizeof(*rs->rule));
		}
		load_row(&rs->rule[rs->n++], st);
	}
	tk_stmt_reset(st);
	return rs;
}

size_t
tk_rules_count(const struct tk_rules *rs)
{
	return rs->n;
}

const struct tk_rule *
tk_rules_at(const struct tk_rules *rs, size_t i)
{
	return i < rs->n ? &rs->rule[i] : NULL;
}

/* The first keyword of the rule found in the request or the topic. */
static const char *
keyword_hit(const struct tk_rule *ru, const struct tk_subject *s,
    const char **where)
{
	size_t k;

	for (k = 0; ru->keywords[k] != NULL; k++) {
		if (s->what != NULL && strstr(s->what, ru->keywords[k])) {
			*where = "facts.what";
			return ru->keywords[k];
		}
		if (s->topic != NULL && strstr(s->topic, ru->keywords[k])) {
			*where = "topic";
			return ru->keywords[k];
		}
	}
	return NULL;
}

static int
rule_matches(const struct tk_rule *ru, const struct tk_subject *s,
    const char **kw, const char **where)
{
	*kw = NULL;
	if (ru->category != -1 && ru->category != s->category)
		return 0;
	if (!pattern_matches(ru->area, s->area, 0) ||
	    !pattern_matches(ru->topic, s->topic, 1))
		return 0;
	if (ru->keywords[0] == NULL)
		return 1;
	return (*kw = keyword_hit(ru, s, where)) != NULL;
}

static json_t *
explain(const struct tk_rule *ru, const struct tk_subject *s, const char *kw,
    const char *where)
{
	json_t *why = json_object();

	tk_jset(why, "category", json_string(ru->category == -1 ?
	    "any" : s->category >= 0 ? tk_categories[s->category].word : ""));
	tk_jset(why, "topic", json_string(*ru->topic ?
	    ru->topic : "any"));
	tk_jset(why, "area", json_string(*ru->area ? ru->area :
	    "any"));
	if (kw != NULL)
		tk_jset(why, "keyword", json_pack("{s:s, s:s}",
		    "word", kw, "in", where));
	else
		tk_jset(why, "keyword", json_string("any"));
	return why;
}

/*
 * The first rule that matches, or NULL.  why, when given, gets an
 * object saying which conditions held (for `rules test`).
 */
static const struct tk_rule *
rules_match(const struct tk_rules *rs, const struct tk_subject *s,
    json_t **why)
{
	const char *kw, *where;
	size_t i;

	for (i = 0; i < rs->n; i++)
		if (rule_matches(&rs->rule[i], s, &kw, &where))
			break;
	if (i == rs->n)
		return NULL;
	if (why != NULL)
		*why = explain(&rs->rule[i], s, kw, where);
	return &rs->rule[i];
}

/* A rule as shown by `rules ls` and in routing output. */
json_t *
tk_rule_json(const struct tk_rule *ru)
{
	json_t *r = json_object(), *kw = json_array(), *co = json_array();
	char *where;
	size_t i;

	tk_xasprintf(&where, "%s:%ld", ru->source, ru->line);
	tk_jset(r, "rule", json_string(where));
	tk_jset(r, "priority", json_integer(ru->priority));
	if (ru->category != -1)
		tk_jset(r, "category",
		    json_string(tk_categories[ru->category].word));
	if (*ru->topic)
		tk_jset(r, "topic", json_string(ru->topic));
	if (*ru->area)
		tk_jset(r, "area", json_string(ru->area));
	for (i = 0; ru->keywords[i] != NULL; i++)
		tk_jpush(kw, json_string(ru->keywords[i]));
	tk_jset(r, "keywords", kw);
	tk_jset(r, "lead", json_string(ru->lead));
	for (i = 0; ru->co[i] != NULL; i++)
		tk_jpush(co, json_string(ru->co[i]));
	tk_jset(r, "co", co);
	tk_jset(r, "mode", json_string(ru->mode));
	free(where);
	return r;
}

static char *
dup_or_null(const char *v)
{
	return v != NULL ? tk_xstrdup(v) : NULL;
}

/* The fields of a ticket that rules look at; -1 when not found (or new
 * is wanted and the ticket is not). */
static int
subject(struct tk_act *a, const char *id, int only_new,
    struct tk_subject *s)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT status, category, topic, area,"
	    " json_extract(doc, '$.facts.what'), mode FROM ticket"
	    " WHERE id = ?1");
	int rc = -1;

	memset(s, 0, sizeof(*s));
	tk_stmt_text(st, 1, id);
	if (tk_stmt_step(st) != TK_ROW)
		snprintf(a->err, sizeof(a->err), "no such ticket");
	else if (only_new && strcmp(tk_stmt_col_text(st, 0), "new") != 0)
		snprintf(a->err, sizeof(a->err), "ticket is %s, not new",
		    tk_stmt_col_text(st, 0));
	else {
		s->category = tk_enum_find(tk_categories,
		    tk_stmt_col_text(st, 1));
		s->topic = dup_or_null(tk_stmt_col_text(st, 2));
		s->area = dup_or_null(tk_stmt_col_text(st, 3));
		s->what = dup_or_null(tk_stmt_col_text(st, 4));
		s->proposed = !tk_stmt_col_isnull(st, 5);
		rc = 0;
	}
	tk_stmt_reset(st);
	return rc;
}

static void
subject_free(struct tk_subject *s)
{
	free((char *)s->topic);
	free((char *)s->area);
	free((char *)s->what);
}

/* Flags the ticket for a person, once, with an event the first time. */
static void
mark_unrouted(struct tk_act *a, const char *id)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE ticket SET unrouted = 1 WHERE id = ?1 AND unrouted = 0"
	    " RETURNING id");
	struct tk_event e = { id, a->now, a->actor, TK_EV_UNROUTED, NULL, "new",
	    "new", NULL };
	int flagged;

	tk_stmt_text(st, 1, id);
	flagged = tk_stmt_step(st) == TK_ROW;
	tk_stmt_reset(st);
	if (flagged && tk_store_event(a->db, &e) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot append an event: %s", id,
		    tk_db_errmsg(a->db));
}

/*
 * Routes a new ticket by the first rule that matches: transfer
 * dispatches to the rule's units, escalate escalates with the rule's
 * proposal as the opinion, direct leaves the ticket new for the
 * platform's three-way call.  A ticket no rule matches stays new,
 * flagged unrouted, for a person to dispatch; it is tried again on the
 * next run, since the rules may have changed.  Returns -1 (act->err
 * says why) when the ticket cannot be routed.
 */
/* The action a rule names, with the rule in its event. */
static int
follow(struct tk_act *a, const char *id, const struct tk_rule *ru)
{
	struct tk_args v;
	char *opinion = NULL;
	int rc;

	memset(&v, 0, sizeof(v));
	v.due = -1;
	v.by = tk_rule_json(ru);
	v.lead = v.unit = ru->lead;
	v.co = ru->co;
	if (strcmp(ru->mode, "transfer") == 0)
		rc = tk_act_on(a, id, &v, &tk_act_dispatch);
	else if (strcmp(ru->mode, "escalate") == 0) {
		tk_xasprintf(&opinion, "按派单规则 %s:%ld 呈办，拟由 %s 主办",
		    ru->source, ru->line, ru->lead);
		v.opinion = opinion;
		rc = tk_act_on(a, id, &v, &tk_act_escalate);
	} else
		rc = tk_act_on(a, id, &v, &tk_act_propose_direct);
	free(opinion);
	json_decref(v.by);
	return rc;
}

static int
route(struct tk_act *a, struct tk_tick *t, struct tk_args *v)
{
	const char *id = t->id;
	const struct tk_rule *ru;
	struct tk_subject s;
	int rc = 0;

	if (t->suspect[0] != '\0')
		return 0;	/* an agent's first (screen-act.c) */
	if (subject(a, id, 1, &s) == -1)
		return -1;
	if (v->rules == NULL)		/* once a run, for the first ticket */
		v->rules = tk_rules_load(a->db);
	if (s.proposed)
		;	/* decided already: it waits for the platform's call */
	else if ((ru = rules_match(v->rules, &s, NULL)) == NULL)
		mark_unrouted(a, id);
	else
		rc = follow(a, id, ru);
	subject_free(&s);
	return rc;
}

const struct tk_action tk_route_ticket = { "route", NULL, NULL, NULL, route };

/* What routing would do with a subject, and why: for `rules test`. */
json_t *
tk_route_test(const struct tk_rules *rs, const struct tk_subject *s)
{
	const struct tk_rule *ru;
	json_t *why = NULL, *out = json_object();

	if ((ru = rules_match(rs, s, &why)) == NULL) {
		tk_jset(out, "rule", json_null());
		tk_jset(out, "why", json_string("no rule matches: "
		    "the ticket would stay new, flagged unrouted"));
	} else {
		tk_jset(out, "rule", tk_rule_json(ru));
		tk_jset(out, "why", why);
	}
	return out;
}

/* The same for a stored ticket, whatever its status. */
json_t *
tk_route_test_ticket(struct tk_act *a, const struct tk_rules *rs,
    const char *id)
{
	struct tk_subject s;
	json_t *out;

	if (subject(a, id, 0, &s) == -1)
		return NULL;
	out = tk_route_test(rs, &s);
	tk_jset(out, "id", json_string(id));
	subject_free(&s);
	return out;
}
