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
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

#define MAXLIMIT	10000

/* Columns of --format table: 编号, 得分, 标题, 有效期至, 答复. */
static const size_t widths[] = { 10, 4, 30, 10, 40 };

/* Options of the verbs, as bits: each verb says which it takes. */
enum {
	O_DRY_RUN = 1, O_FORMAT = 2, O_LIMIT = 4, O_REPLACE = 8, O_TEXT = 16
};

struct run {
	struct tk_opts	 o;
	const char	*text;
	long		 limit;
	int		 table, dry_run, replace;
	int		 given;
};

static void __attribute__((noreturn))
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ticket-kb import [-nr] [-d db] [-N now] file\n"
	    "       ticket-kb search [-f json|table] [-l limit] [-d db] "
	    "[-N now]\n"
	    "                 -t text | word ...\n");
	exit(status);
}

/* All or nothing: every row checked before the one transaction. */
static int
do_import(struct run *r, struct tk_db *db, char **args, int nargs)
{
	struct tk_kb_list l;
	struct tk_lines *lines;
	json_t *changes, *v;
	size_t i;
	long bad;

	if (nargs != 1)
		usage(TK_EXIT_USAGE);
	if ((lines = tk_lines_open(args[0])) == NULL)
		tk_err(errno == EIO ? TK_EXIT_TEMP : TK_EXIT_DATA, "%s",
		    args[0]);
	bad = tk_kb_read(lines, &l);
	tk_lines_close(lines);
	if (bad > 0) {
		tk_kb_list_free(&l);
		tk_errx(TK_EXIT_DATA, "bad knowledge base: nothing imported");
	}
	tk_db_begin(db);
	changes = tk_kb_store(db, &l, r->replace, r->o.now);
	if (r->dry_run)
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

/* The words of the command line, or --text: one question. */
static char *
question(const struct run *r, char **args, int nargs)
{
	char *q;
	size_t len = 1, bad;
	int k;

	if ((r->text != NULL) == (nargs > 0))
		usage(TK_EXIT_USAGE);
	if (r->text != NULL)
		q = tk_xstrdup(r->text);
	else {
		for (k = 0; k < nargs; k++)
			len += strlen(args[k]) + 1;
		q = tk_xmalloc(len);
		*q = '\0';
		for (k = 0; k < nargs; k++)
			strcat(strcat(q, k > 0 ? " " : ""), args[k]);
	}
	if (tk_utf8_check(q, strlen(q), &bad) == -1)
		tk_errx(TK_EXIT_USAGE, "the question: invalid UTF-8 at byte "
		    "%zu", bad + 1);
	return q;
}

static int
do_search(struct run *r, struct tk_db *db, char **args, int nargs)
{
	static const char *const head[] = { "编号", "得分", "标题",
	    "有效期至", "答复" };
	struct tk_kb_list l;
	char *q = question(r, args, nargs);
	json_t *o;
	size_t i;

	tk_kb_search(db, q, tk_time_localdate(r->o.now), (size_t)r->limit,
	    &l);
	if (r->table)
		tk_table_row(stdout, head, widths, 5);
	for (i = 0; i < l.n; i++) {
		if (r->table)
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

static long
limit_flag(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	if (*s == '\0' || *end != '\0' || n < 1 || n > MAXLIMIT)
		tk_errx(TK_EXIT_USAGE, "--limit: not a number from 1 to %d: "
		    "\"%s\"", MAXLIMIT, s);
	return n;
}

static int
format_flag(const char *s)
{
	if (strcmp(s, "json") != 0 && strcmp(s, "table") != 0)
		tk_errx(TK_EXIT_USAGE, "--format: json or table, not \"%s\"",
		    s);
	return strcmp(s, "table") == 0;
}

static const struct option longopts[] = {
	TK_COMMON_LONGOPTS,
	{ "dry-run",	no_argument,		NULL,	'n' },
	{ "format",	required_argument,	NULL,	'f' },
	{ "limit",	required_argument,	NULL,	'l' },
	{ "replace",	no_argument,		NULL,	'r' },
	{ "text",	required_argument,	NULL,	't' },
	{ NULL,		0,			NULL,	0 }
};

static void
parse(struct run *r, int argc, char *argv[])
{
	int ch;

	r->limit = 5;
	while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS "f:l:nrt:",
	    longopts, NULL)) != -1) {
		if (tk_opts_common(&r->o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'f': r->table = format_flag(optarg); r->given |= O_FORMAT;
			break;
		case 'l': r->limit = limit_flag(optarg); r->given |= O_LIMIT;
			break;
		case 'n': r->dry_run = 1; r->given |= O_DRY_RUN; break;
		case 'r': r->replace = 1; r->given |= O_REPLACE; break;
		case 't': r->text = optarg; r->given |= O_TEXT; break;
		default: usage(TK_EXIT_USAGE);
		}
	}
}

int
main(int argc, char *argv[])
{
	static const struct {
		const char	*word;
		int		 opts;
		int		(*fn)(struct run *, struct tk_db *, char **,
				    int);
	} verbs[] = {
		{ "import", O_DRY_RUN | O_REPLACE, do_import },
		{ "search", O_FORMAT | O_LIMIT | O_TEXT, do_search },
	};
	struct run r;
	struct tk_db *db;
	size_t v;
	int rval;

	memset(&r, 0, sizeof(r));
	tk_opts_init(&r.o, "ticket-kb");
	parse(&r, argc, argv);
	for (v = 0; optind < argc && v < 2; v++)
		if (strcmp(argv[optind], verbs[v].word) == 0)
			break;
	if (optind == argc || v == 2 || (r.given & ~verbs[v].opts) != 0)
		usage(TK_EXIT_USAGE);
	db = tk_db_open(r.o.db);
	rval = verbs[v].fn(&r, db, argv + optind + 1, argc - optind - 1);
	tk_db_close(db);
	return tk_shut(rval);
}
