/*
 * ticket-unit: the network of units (网络单位) that tickets are
 * dispatched to.
 *
 * import makes the database's network the administrator's file, whole
 * or not at all, and prints each change after it has committed; ls lists
 * units in the order of the tree, as JSON lines, an aligned table, or
 * CSV that import reads back; show prints one unit with its place in the
 * tree and its work in hand.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

#define NCOLS	7

enum format { JSON, TABLE, CSV };


struct ls {
	struct tk_unit_filter	 f;
	int			 format;
	char			*(*table)[NCOLS];	/* kept for widths */
	size_t			 nrows;
};

static const char usage[] =
    "usage: ticket-unit import [-d db] [-N now] file\n"
    "       ticket-unit ls [-a] [-l level] [-p parent] "
    "[-f json|table|csv] [-d db]\n"
    "       ticket-unit show [-d db] code ...\n";

/* The short options, as ticket-*(1) lists them. */
static const char letters[] =
    "a all, f format, l level, p parent";

static void
no_such_unit(const char *code)
{
	fprintf(stderr, "%s: %s: no such unit\n", tk_progname(), code);
}

/* All or nothing: one transaction, the changes printed after it. */
static int
do_import(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct tk_lines *l;
	json_t *changes;

	(void)a;
	if ((l = tk_lines_open(g->argv[0])) == NULL)
		tk_err(errno == EIO ? TK_EXIT_TEMP : TK_EXIT_DATA, "%s",
		    g->argv[0]);
	tk_db_begin(db);
	changes = tk_unit_import(db, l, g->o.now);
	tk_lines_close(l);
	return tk_store_import_end(db, g, TK_EV_UNIT_IMPORT, changes,
	    "units file");
}

/* The cells of a unit in the columns of the units file. */
static void
cells_of(const struct tk_unit *u, char *cells[NCOLS])
{
	tk_xasprintf(&cells[0], "%s", u->code);
	tk_xasprintf(&cells[1], "%s", u->name);
	tk_xasprintf(&cells[2], "%d", u->level);
	tk_xasprintf(&cells[3], "%s", u->parent);
	tk_xasprintf(&cells[4], "%s", u->kind);
	tk_xasprintf(&cells[5], "%s", u->phone != NULL ? u->phone : "");
	tk_xasprintf(&cells[6], "%d", u->active);
}

static void
free_cells(char *cells[NCOLS])
{
	int k;

	for (k = 0; k < NCOLS; k++)
		free(cells[k]);
}

static int
ls_one(const struct tk_unit *u, void *arg)
{
	struct ls *r = arg;
	char *cells[NCOLS];
	json_t *o;

	if (r->format == JSON) {
		o = tk_unit_json(u);
		tk_out_json(o);
		json_decref(o);
		return 0;
	}
	cells_of(u, cells);
	if (r->format == CSV) {
		tk_csv_write_row(stdout, (const char *const *)cells, NCOLS);
		free_cells(cells);
		return 0;
	}
	/* A table's widths are known only at the end. */
	r->table = tk_xrealloc(r->table, (r->nrows + 1) * sizeof(*r->table));
	memcpy(r->table[r->nrows++], cells, sizeof(cells));
	return 0;
}

/* For people: Chinese words for the kind and the active flag. */
static void
table_words(char *cells[NCOLS])
{
	const struct tk_unit_kind *k = tk_unit_kind(cells[4]);
	int active = strcmp(cells[6], "1") == 0;

	if (k != NULL) {
		free(cells[4]);
		cells[4] = tk_xstrdup(k->label);
	}
	free(cells[6]);
	cells[6] = tk_xstrdup(active ? "在用" : "停用");
}

static void
print_table(struct ls *r)
{
	static const char *const head[NCOLS] = { "代码", "名称", "级别",
	    "上级", "类型", "值班电话", "状态" };
	size_t widths[NCOLS], i, w;
	int k;

	for (k = 0; k < NCOLS; k++)
		widths[k] = tk_utf8_width(head[k]);
	for (i = 0; i < r->nrows; i++) {
		table_words(r->table[i]);
		for (k = 0; k < NCOLS; k++)
			if ((w = tk_utf8_width(r->table[i][k])) > widths[k])
				widths[k] = w;
	}
	tk_table_row(stdout, head, widths, NCOLS);
	for (i = 0; i < r->nrows; i++) {
		tk_table_row(stdout, (const char *const *)r->table[i], widths,
		    NCOLS);
		free_cells(r->table[i]);
	}
	free(r->table);
}

static int
do_ls(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	static const char *const header[NCOLS] = { "code", "name", "level",
	    "parent", "kind", "phone", "active" };
	struct ls r = { { g->level != NULL ? *g->level - '0' : 0, g->parent,
	    g->all }, g->format, NULL, 0 };
	struct tk_unit u;

	(void)a;
	if (r.f.parent != NULL) {
		if (tk_unit_get(db, r.f.parent, &u) == -1) {
			no_such_unit(r.f.parent);
			return TK_EXIT_PARTIAL;
		}
		tk_unit_clear(&u);
	}
	if (r.format == CSV)
		tk_csv_write_row(stdout, header, NCOLS);
	tk_unit_each(db, &r.f, ls_one, &r);
	if (r.format == TABLE)
		print_table(&r);
	return TK_EXIT_OK;
}

/* The unit, its parent's name, its children and its work in hand. */
static int
show_one(struct tk_db *db, const char *code)
{
	struct tk_unit u, p;
	json_t *o;

	if (tk_unit_get(db, code, &u) == -1) {
		no_such_unit(code);
		return -1;
	}
	o = tk_unit_json(&u);
	if (*u.parent != '\0' && tk_unit_get(db, u.parent, &p) == 0) {
		tk_jset(o, "parent_name", json_string(p.name));
		tk_unit_clear(&p);
	}
	tk_jset(o, "children", tk_unit_children(db, u.code));
	tk_jset(o, "work", tk_unit_work(db, u.code));
	tk_out_json(o);
	json_decref(o);
	tk_unit_clear(&u);
	return 0;
}

static int
do_show(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	int i, missing = 0;

	(void)a;
	for (i = 0; i < g->argc; i++)
		missing += show_one(db, g->argv[i]) == -1;
	return missing ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

static const struct tk_verb verbs[] = {
	{ "import", do_import, .minargs = 1, .maxargs = 1,
	    .flags = TK_VERB_FILES },
	{ "ls", do_ls, .takes = "all format level parent",
	    .flags = TK_VERB_READS, .formats = "json table csv" },
	{ "show", do_show, .minargs = 1, .maxargs = -1,
	    .flags = TK_VERB_READS },
	{ NULL }
};

TK_VERB_MAIN("ticket-unit", usage, letters, verbs)
