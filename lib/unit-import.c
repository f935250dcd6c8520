/*
 * unit-import.c: the administrator's units file into the database.
 *
 * The file is the whole network.  It is checked whole before anything
 * is written, every bad row named: first each row alone (code, name,
 * level, parent given or not, kind, active), then the rows together (no
 * code twice, every parent in the file, no cycle, each unit one level
 * below its parent, no active unit under an inactive one, one active
 * level-1 unit).  A row that fails alone is not judged again with the
 * others, and neither is what hangs on it, so one mistake is named once.
 *
 * A good file is then written inside the caller's transaction: its units
 * inserted or updated in place, parents before children; a unit of the
 * database that the file leaves out is deleted, children first, unless
 * it has work (an assignment names it), accounts, a routing rule names
 * it, or it keeps such a child: then it stays, inactive, under its old
 * parent, which must still be one level above it.
 */
#include <stdlib.h>
#include <string.h>

#include "sql.h"

enum { C_CODE, C_NAME, C_LEVEL, C_PARENT, C_KIND, C_PHONE, C_ACTIVE, NCOLS };

static const struct tk_column columns[] = {
	{ "code", 1 }, { "name", 1 }, { "level", 1 }, { "parent", 1 },
	{ "kind", 1 }, { "phone", 0 }, { "active", 0 }, { NULL, 0 }
};

struct row {
	char		*cell[NCOLS];
	long		 line;
	int		 level;		/* 0 when not 1, 2 or 3 */
	int		 active;	/* -1 when not 1 or 0 */
	int		 bad;		/* named on its own */
	char		*why;		/* wrong among the others */
	const struct old *was;		/* in the database before */
	int		 dirty;		/* to be written */
};

struct old {
	struct tk_unit	 u;
	int		 absent;	/* from the file */
	int		 keep;		/* absent, but may not go */
};

/* rows and olds stay NULL while empty: the loops over them test that
 * first, since NULL + 0 is undefined (found by fuzz/units.c). */
struct import {
	const char	*source;
	struct row	*rows;		/* in file order */
	size_t		 nrows, cap;
	struct row	**bycode;	/* by code, then line */
	struct old	*olds;		/* by code */
	size_t		 nolds, ocap;
};

static int
level_of(const char *s)
{
	return s[0] >= '1' && s[0] <= '3' && s[1] == '\0' ? s[0] - '0' : 0;
}

static int
active_of(const char *s)
{
	if (*s == '\0' || strcmp(s, "1") == 0)
		return 1;
	return strcmp(s, "0") == 0 ? 0 : -1;
}

/* "a, b or c": the kinds that fit a level, or all with level 0. */
static void
kind_words(int level, char *buf, size_t len)
{
	const struct tk_unit_kind *k;
	size_t n = 0, i = 0, m = 0;

	for (k = tk_unit_kinds; k->word != NULL; k++)
		m += level == 0 || (k->levels & 1 << level);
	buf[0] = '\0';
	for (k = tk_unit_kinds; k->word != NULL && n < len; k++) {
		if (level != 0 && (k->levels & 1 << level) == 0)
			continue;
		n += snprintf(buf + n, len - n, "%s%s", i == 0 ? "" :
		    i + 1 == m ? " or " : ", ", k->word);
		i++;
	}
}

/* What is wrong with a row on its own, in why; -1 when anything is. */
static int
check_alone(const struct row *r, char why[TK_ERRLEN])
{
	char *const *c = r->cell;
	const struct tk_unit_kind *k = tk_unit_kind(c[C_KIND]);
	char words[128];

	kind_words(k == NULL ? 0 : r->level, words, sizeof(words));
	if (!tk_unit_code_ok(c[C_CODE]))
		snprintf(why, TK_ERRLEN, "code: not 1 to %d letters, digits, "
		    "'-' or '_': \"%s\"", TK_CODE_MAX, c[C_CODE]);
	else if (*c[C_NAME] == '\0')
		snprintf(why, TK_ERRLEN, "name: empty");
	else if (r->level == 0)
		snprintf(why, TK_ERRLEN, "level: 1, 2 or 3, not \"%s\"",
		    c[C_LEVEL]);
	else if (r->level == 1 && *c[C_PARENT] != '\0')
		snprintf(why, TK_ERRLEN, "parent: a level-1 unit has none");
	else if (r->level > 1 && *c[C_PARENT] == '\0')
		snprintf(why, TK_ERRLEN, "parent: empty, but a level-%d unit "
		    "has one", r->level);
	else if (k == NULL)
		snprintf(why, TK_ERRLEN, "kind: unknown \"%s\" (expected %s)",
		    c[C_KIND], words);
	else if ((k->levels & 1 << r->level) == 0)
		snprintf(why, TK_ERRLEN, "kind: \"%s\" is not for level %d "
		    "(expected %s)", c[C_KIND], r->level, words);
	else if (r->active == -1)
		snprintf(why, TK_ERRLEN, "active: 1 or 0, not \"%s\"",
		    c[C_ACTIVE]);
	else
		return 0;
	return -1;
}

/* Rows are kept even when bad, so that what hangs on them is known. */
static int
add_row(const struct tk_admin_row *ar, void *arg)
{
	struct import *im = arg;
	char why[TK_ERRLEN];
	struct row *r;
	int k;

	if (im->nrows == im->cap) {
		im->cap = im->cap ? im->cap * 2 : 64;
		im->rows = tk_xrealloc(im->rows, im->cap * sizeof(*im->rows));
	}
	r = &im->rows[im->nrows++];
	memset(r, 0, sizeof(*r));
	for (k = 0; k < NCOLS; k++)
		r->cell[k] = tk_xstrdup(ar->cells[k]);
	r->line = ar->line;
	r->level = level_of(r->cell[C_LEVEL]);
	if ((r->active = active_of(r->cell[C_ACTIVE])) != -1) {
		free(r->cell[C_ACTIVE]);	/* "" means 1: say so */
		r->cell[C_ACTIVE] = tk_xstrdup(r->active ? "1" : "0");
	}
	if (check_alone(r, why) == 0)
		return 0;
	tk_recerr(im->source, r->line, "%s", why);
	r->bad = 1;
	return -1;
}

static int
row_order(const void *a, const void *b)
{
	const struct row *x = *(struct row *const *)a;
	const struct row *y = *(struct row *const *)b;
	int c = strcmp(x->cell[C_CODE], y->cell[C_CODE]);

	return c != 0 ? c : (x->line > y->line) - (x->line < y->line);
}

static int
row_code(const void *key, const void *elem)
{
	return strcmp(key, (*(struct row *const *)elem)->cell[C_CODE]);
}

/* The first row with the code, or NULL. */
static struct row *
find(const struct import *im, const char *code)
{
	struct row **p = bsearch(code, im->bycode, im->nrows,
	    sizeof(*im->bycode), row_code);

	if (p == NULL)
		return NULL;
	while (p > im->bycode && strcmp(p[-1]->cell[C_CODE], code) == 0)
		p--;
	return *p;
}

/* "A -> B -> A" when the parents of r lead back to r; else NULL. */
static char *
cycle(const struct import *im, const struct row *r)
{
	const struct row *p = r;
	char *path = tk_xstrdup(r->cell[C_CODE]), *longer;
	size_t steps;

	for (steps = 0; steps < im->nrows; steps++) {
		if ((p = find(im, p->cell[C_PARENT])) == NULL || p->bad ||
		    p->level == 1)
			break;
		tk_xasprintf(&longer, "%s -> %s", path, p->cell[C_CODE]);
		free(path);
		path = longer;
		if (p == r)
			return path;
	}
	free(path);
	return NULL;
}

/* What is wrong with a good row among the others, in r->why. */
static void
check_together(const struct import *im, struct row *r)
{
	const char *parent = r->cell[C_PARENT];
	const struct row *first = find(im, r->cell[C_CODE]), *p;
	char *loop;

	if (first != r)
		tk_xasprintf(&r->why, "code \"%s\" is also on line %ld",
		    first->cell[C_CODE], first->line);
	else if (r->level == 1)
		return;
	else if ((p = find(im, parent)) == NULL)
		tk_xasprintf(&r->why, "parent \"%s\" is not in the file",
		    parent);
	else if ((loop = cycle(im, r)) != NULL) {
		tk_xasprintf(&r->why, "parents form a cycle: %s", loop);
		free(loop);
	} else if (p->bad)
		return;
	else if (p->level != r->level - 1)
		tk_xasprintf(&r->why, "level %d, but parent \"%s\" is level "
		    "%d, not %d", r->level, parent, p->level, r->level - 1);
	else if (r->active && !p->active)
		tk_xasprintf(&r->why, "active, but parent \"%s\" is not",
		    parent);
}

/*
 * One active level-1 unit.  When a row that may have been meant for it
 * is wrong on its own, its absence is no news.
 */
static long
check_platform(struct import *im)
{
	struct row *r, *first = NULL;
	size_t i;
	int meant = 0;

	for (i = 0; i < im->nrows; i++) {
		r = &im->rows[i];
		meant |= r->level == 1 && r->active != 0;
		if (r->bad || r->why != NULL || r->level != 1 || !r->active)
			continue;
		if (first == NULL)
			first = r;
		else
			tk_xasprintf(&r->why, "a second active level-1 unit "
			    "(\"%s\" is on line %ld)", first->cell[C_CODE],
			    first->line);
	}
	if (meant)
		return 0;
	tk_complain(im->source, 0, "no active level-1 unit");
	return 1;
}

static int
old_order(const void *a, const void *b)
{
	return strcmp(((const struct old *)a)->u.code,
	    ((const struct old *)b)->u.code);
}

static int
old_code(const void *key, const void *elem)
{
	return strcmp(key, ((const struct old *)elem)->u.code);
}

static struct old *
find_old(const struct import *im, const char *code)
{
	if (im->nolds == 0)
		return NULL;
	return bsearch(code, im->olds, im->nolds, sizeof(*im->olds),
	    old_code);
}

static int
add_old(const struct tk_unit *u, void *arg)
{
	struct import *im = arg;
	struct old *o;

	if (im->nolds == im->ocap) {
		im->ocap = im->ocap ? im->ocap * 2 : 64;
		im->olds = tk_xrealloc(im->olds, im->ocap * sizeof(*o));
	}
	o = &im->olds[im->nolds++];
	memset(o, 0, sizeof(*o));
	o->u = *u;
	o->u.name = tk_xstrdup(u->name);
	o->u.kind = tk_xstrdup(u->kind);
	o->u.phone = u->phone != NULL ? tk_xstrdup(u->phone) : NULL;
	return 0;
}

/* Work names it (an assignment), or people work for it (an account). */
static int
has_work(struct tk_db *db, const char *code)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT 1 FROM assignment WHERE unit = ?1"
	    " UNION ALL SELECT 1 FROM account WHERE unit = ?1 LIMIT 1");
	int found;

	tk_stmt_text(st, 1, code);
	found = tk_stmt_step(st) == TK_ROW;
	tk_stmt_reset(st);
	return found;
}

/* Whether a routing rule names the unit, as lead or co; warn says so. */
static int
in_rules(struct tk_db *db, const char *code, int warn)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT source, line FROM route_rule WHERE lead = ?1"
	    " OR instr('|' || co || '|', '|' || ?1 || '|') > 0"
	    " ORDER BY seq LIMIT 1");
	int found;

	tk_stmt_text(st, 1, code);
	if ((found = tk_stmt_step(st) == TK_ROW) && warn)
		tk_warnx("\"%s\" is now inactive, but routing rule %s:%lld "
		    "names it", code, tk_stmt_col_text(st, 0),
		    (long long)tk_stmt_col_int(st, 1));
	tk_stmt_reset(st);
	return found;
}

/*
 * The units of the database, each tied to its row; those the file leaves
 * out that must stay marked so, children first, for their parents.
 */
static void
load_olds(struct tk_db *db, struct import *im)
{
	static const struct tk_unit_filter all = { 0, NULL, 1 };
	struct old *o, *p;
	struct row *r;
	int level;

	tk_unit_each(db, &all, add_old, im);
	if (im->nolds > 0)	/* no array to sort before the first import */
		qsort(im->olds, im->nolds, sizeof(*im->olds), old_order);
	for (r = im->rows; r != NULL && r < im->rows + im->nrows; r++)
		r->was = find_old(im, r->cell[C_CODE]);
	for (o = im->olds; o != NULL && o < im->olds + im->nolds; o++)
		o->absent = find(im, o->u.code) == NULL;
	for (level = 3; level >= 1; level--)
		for (o = im->olds; o != NULL && o < im->olds + im->nolds; o++) {
			if (!o->absent || o->u.level != level)
				continue;
			o->keep = o->keep || has_work(db, o->u.code) ||
			    in_rules(db, o->u.code, 0);
			if (o->keep && (p = find_old(im, o->u.parent)) != NULL)
				p->keep = 1;
		}
}

/* A unit that stays without a row must still fit under its parent's. */
static void
check_kept(struct import *im)
{
	const struct old *o;
	struct row *r;

	for (o = im->olds; o != NULL && o < im->olds + im->nolds; o++) {
		if (!o->absent || !o->keep ||
		    (r = find(im, o->u.parent)) == NULL || r->bad ||
		    r->why != NULL || r->level == o->u.level - 1)
			continue;
		tk_xasprintf(&r->why, "level %d, but \"%s\", kept for its "
		    "work though not in the file, is level %d under it",
		    r->level, o->u.code, o->u.level);
	}
}

/* {"unit": code, "change": what}, with the fields that changed. */
static void
note(json_t *changes, const char *code, const char *what, json_t *fields)
{
	tk_jpush(changes, json_pack("{s:s, s:s, s:o*}", "unit", code,
	    "change", what, "fields", fields));
}

/* The columns whose cell differs from what the database holds. */
static json_t *
differences(const struct row *r)
{
	const struct tk_unit *u = &r->was->u;
	char level[2] = { '0' + u->level, '\0' };
	char active[2] = { '0' + u->active, '\0' };
	const char *before[NCOLS] = { u->code, u->name, level, u->parent,
	    u->kind, u->phone != NULL ? u->phone : "", active };
	json_t *a = json_array();
	int k;

	for (k = C_NAME; k < NCOLS; k++)
		if (strcmp(r->cell[k], before[k]) != 0)
			tk_jpush(a, json_string(columns[k].name));
	return a;
}

/* Marks the rows to write, noting each change in file order. */
static void
note_rows(struct tk_db *db, struct import *im, json_t *changes)
{
	struct row *r;
	json_t *diff;

	for (r = im->rows; r != NULL && r < im->rows + im->nrows; r++) {
		if (r->was == NULL) {
			note(changes, r->cell[C_CODE], "added", NULL);
			r->dirty = 1;
			continue;
		}
		if (json_array_size(diff = differences(r)) == 0) {
			json_decref(diff);
			continue;
		}
		note(changes, r->cell[C_CODE], "changed", diff);
		r->dirty = 1;
		if (r->was->u.active && !r->active)
			in_rules(db, r->cell[C_CODE], 1);
	}
}

static const char *
or_null(const char *s)
{
	return *s != '\0' ? s : NULL;
}

static void
put_row(struct tk_db *db, const struct row *r, tk_time now)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "INSERT INTO unit(code, name, level, parent, kind, phone, active,"
	    " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"
	    " ON CONFLICT(code) DO UPDATE SET name = ?2, level = ?3,"
	    " parent = ?4, kind = ?5, phone = ?6, active = ?7,"
	    " updated_at = ?8");

	tk_stmt_text(st, 1, r->cell[C_CODE]);
	tk_stmt_text(st, 2, r->cell[C_NAME]);
	tk_stmt_int(st, 3, r->level);
	tk_stmt_text(st, 4, or_null(r->cell[C_PARENT]));
	tk_stmt_text(st, 5, r->cell[C_KIND]);
	tk_stmt_text(st, 6, or_null(r->cell[C_PHONE]));
	tk_stmt_int(st, 7, r->active);
	tk_stmt_int(st, 8, now);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: unit %s: %s", tk_db_path(db),
		    r->cell[C_CODE], tk_db_errmsg(db));
}

/* A unit the file leaves out: deleted, or kept and made inactive. */
static void
retire(struct tk_db *db, const struct old *o, tk_time now, json_t *changes)
{
	struct tk_stmt *st;

	if (o->keep && !o->u.active)
		return;
	if (o->keep) {
		st = tk_db_stmt(db, "UPDATE unit SET active = 0,"
		    " updated_at = ?2 WHERE code = ?1");
		tk_stmt_int(st, 2, now);
		in_rules(db, o->u.code, 1);
	} else
		st = tk_db_stmt(db, "DELETE FROM unit WHERE code = ?1");
	tk_stmt_text(st, 1, o->u.code);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: unit %s: %s", tk_db_path(db),
		    o->u.code, tk_db_errmsg(db));
	note(changes, o->u.code, o->keep ? "deactivated" : "deleted", NULL);
}

/* Parents are written before their children and removed after them. */
static json_t *
write_all(struct tk_db *db, struct import *im, tk_time now)
{
	json_t *changes = json_array();
	const struct old *o;
	const struct row *r;
	int level;

	note_rows(db, im, changes);
	for (level = 1; level <= 3; level++)
		for (r = im->rows; r != NULL && r < im->rows + im->nrows; r++)
			if (r->dirty && r->level == level)
				put_row(db, r, now);
	for (level = 3; level >= 1; level--)
		for (o = im->olds; o != NULL && o < im->olds + im->nolds; o++)
			if (o->absent && o->u.level == level)
				retire(db, o, now, changes);
	return changes;
}

/* Every row judged with the others; returns how many are wrong. */
static long
check_network(struct tk_db *db, struct import *im)
{
	struct row *r;
	size_t i;
	long bad;

	im->bycode = tk_xmalloc(im->nrows * sizeof(*im->bycode));
	for (i = 0; i < im->nrows; i++)
		im->bycode[i] = &im->rows[i];
	qsort(im->bycode, im->nrows, sizeof(*im->bycode), row_order);
	for (r = im->rows; r != NULL && r < im->rows + im->nrows; r++)
		if (!r->bad)
			check_together(im, r);
	load_olds(db, im);
	check_kept(im);
	bad = check_platform(im);
	for (r = im->rows; r != NULL && r < im->rows + im->nrows; r++)
		if (r->why != NULL) {
			tk_recerr(im->source, r->line, "%s", r->why);
			bad++;
		}
	return bad;
}

static void
free_import(struct import *im)
{
	size_t i;
	int k;

	for (i = 0; i < im->nrows; i++) {
		for (k = 0; k < NCOLS; k++)
			free(im->rows[i].cell[k]);
		free(im->rows[i].why);
	}
	for (i = 0; i < im->nolds; i++)
		tk_unit_clear(&im->olds[i].u);
	free(im->rows);
	free(im->bycode);
	free(im->olds);
}

/*
 * Reads a units file and, when every row is good, makes the database's
 * network the file's, inside the caller's transaction.  Returns the
 * changes, one object each, or NULL after naming every bad row.
 */
json_t *
tk_unit_import(struct tk_db *db, struct tk_lines *l, tk_time now)
{
	struct import im;
	json_t *changes = NULL;
	long bad, alone = 0;
	size_t i;

	memset(&im, 0, sizeof(im));
	im.source = tk_lines_source(l);
	bad = tk_admin_read(l, columns, add_row, &im);
	for (i = 0; i < im.nrows; i++)
		alone += im.rows[i].bad;
	/* A row the reader could not split hides what hangs on it. */
	if (bad == alone)
		bad += check_network(db, &im);
	if (bad == 0)
		changes = write_all(db, &im, now);
	free_import(&im);
	return changes;
}
