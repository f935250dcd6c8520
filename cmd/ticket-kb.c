/*
 * ticket-kb: the knowledge base (知识库) of ready answers.
 *
 * import merges an administrator's file into the knowledge base by id,
 * or with --replace makes it the whole knowledge base; the file is
 * checked whole first and a bad one changes nothing.  Each change is
 * printed after the import has committed.  search prints the unexpired
 * entries that match a question, best first.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

/* Columns of --format table: 编号, 得分, 标题, 有效期至, 答复. */
static const size_t widths[] = { 10, 4, 30, 10, 40 };

static const char usage[] =
    "usage: ticket-kb import [-nr] [-d db] [-N now] file\n"
    "       ticket-kb search [-f json|table] [-l limit] [-d db] "
    "[-N now]\n"
    "                 -t text | word ...\n";

/* The short options, as ticket-*(1) lists them. */
static const char letters[] =
    "f format, l limit, n dry-run, r replace, t text";

enum { JSON, TABLE };	/* --format */

/* All or nothing: every row checked before the one transaction. */
static int
do_import(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct tk_kb_list l;
	struct tk_lines *lines;
	json_t *changes, *v;
	size_t i;
	long bad;

	(void)a;
	if ((lines = tk_lines_open(g->argv[0])) == NULL)
		tk_err(errno == EIO ? TK_EXIT_TEMP : TK_EXIT_DATA, "%s",
		    g->argv[0]);
	bad = tk_kb_read(lines, &l);
	tk_lines_close(lines);
	if (bad > 0) {
		tk_kb_list_free(&l);
		tk_errx(TK_EXIT_DATA, "bad knowledge base: nothing imported");
	}
	tk_db_begin(db);
	changes = tk_kb_store(db, &l, g->replace, g->o.now);
	tk_store_audit_import(db, g, TK_EV_KB_IMPORT, g->argv[0], changes);
	if (g->dry_run)
		tk_db_rollback(db);
	else
		tk_db_commit(db);
	json_array_foreach(changes, i, v)
		tk_out_json(v);
	json_decref(changes);
	tk_kb_list_free(&l);
	return TK_EXIT_OK;
}

/* The first line of an answer: a table row is one line. */
static void
table_row(const struct tk_kb_entry *e)
{
	char score[24], until[TK_DATE_LEN];
	char *answer = tk_xstrndup(e->answer, strcspn(e->answer, "\n\t"));
	const char *cells[5] = { e->id, score, e->title,
	    e->valid_until == TK_KB_NO_END ? "长期" :
	    tk_date_format(e->valid_until, until), answer };

	snprintf(score, sizeof(score), "%ld", e->score);
	tk_table_row(stdout, cells, widths, 5);
	free(answer);
}

/* The question: --text or the words, not both. */
static void
check_search(struct tk_args *g)
{
	if ((g->text != NULL) == (g->argc > 0))
		tk_verb_usage(TK_EXIT_USAGE);
}

/* The words of the command line, or --text: one question. */
static char *
question(const struct tk_args *g)
{
	char *q;
	size_t len = 1, bad;
	int k;

	if (g->text != NULL)
		q = tk_xstrdup(g->text);
	else {
		for (k = 0; k < g->argc; k++)
			len += strlen(g->argv[k]) + 1;
		q = tk_xmalloc(len);
		*q = '\0';
		for (k = 0; k < g->argc; k++)
			strcat(strcat(q, k > 0 ? " " : ""), g->argv[k]);
	}
	if (tk_utf8_check(q, strlen(q), &bad) == -1)
		tk_errx(TK_EXIT_USAGE, "the question: invalid UTF-8 at byte "
		    "%zu", bad + 1);
	return q;
}

static int
do_search(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	static const char *const head[] = { "编号", "得分", "标题",
	    "有效期至", "答复" };
	struct tk_kb_list l;
	char *q = question(g);
	json_t *o;
	size_t i;

	(void)a;
	tk_kb_search(db, q, tk_time_localdate(g->o.now), (size_t)g->limit,
	    &l);
	if (g->format == TABLE)
		tk_table_row(stdout, head, widths, 5);
	for (i = 0; i < l.n; i++) {
		if (g->format == TABLE)
			table_row(&l.v[i]);
		else {
			tk_out_json(o = tk_kb_json(&l.v[i]));
			json_decref(o);
		}
	}
	tk_kb_list_free(&l);
	free(q);
	return TK_EXIT_OK;
}

static const struct tk_verb verbs[] = {
	{ "import", do_import, .takes = "dry-run replace", .minargs = 1,
	    .flags = TK_VERB_FILES,
	    .maxargs = 1 },
	{ "search", do_search, .takes = "format limit text", .maxargs = -1,
	    .flags = TK_VERB_READS, .formats = "json table",
	    .check = check_search },
	{ NULL }
};

TK_VERB_MAIN("ticket-kb", usage, letters, verbs)
