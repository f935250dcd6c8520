/*
 * admin.c: the administrator's CSV files (ticket(5)): units, routing rules,
 * the knowledge base, the calendar, emergency screening.
 *
 * Every such file has a header row naming its columns, in any order;
 * a column the file kind does not know is an error, and so is a required
 * one that is missing.  Rows reach the caller trimmed, their cells in the
 * kind's own column order (an optional column absent from the file reads
 * as empty), with the line each starts on.  Every bad row is named; the
 * caller decides, after the whole file, whether anything is stored.
 */
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

#define MAXCOLS	16

struct admin {
	const struct tk_column	*cols;
	size_t			 ncols;
	int			 where[MAXCOLS];	/* file column of each */
	size_t			 nfile;
	const char		*source;
	long			 bad;
};

static int
header(struct admin *a, char **cells, size_t n, long line)
{
	size_t i, k;
	long before = a->bad;

	for (k = 0; k < a->ncols; k++)
		a->where[k] = -1;
	for (i = 0; i < n; i++) {
		for (k = 0; k < a->ncols; k++)
			if (strcmp(tk_trim(cells[i]), a->cols[k].name) == 0)
				break;
		if (k == a->ncols)
			tk_recerr(a->source, line, "unknown column \"%s\"",
			    cells[i]);
		else if (a->where[k] != -1)
			tk_recerr(a->source, line, "column \"%s\" twice",
			    cells[i]);
		else {
			a->where[k] = (int)i;
			continue;
		}
		a->bad++;
	}
	for (k = 0; k < a->ncols; k++)
		if (a->where[k] == -1 && a->cols[k].required) {
			tk_recerr(a->source, line, "no column \"%s\"",
			    a->cols[k].name);
			a->bad++;
		}
	a->nfile = n;
	return a->bad == before ? 0 : -1;
}

static void
row(struct admin *a, char **cells, size_t n, long line, tk_admin_cb cb,
    void *arg)
{
	const char *ordered[MAXCOLS];
	struct tk_admin_row r;
	size_t k;

	if (n != a->nfile) {
		tk_recerr(a->source, line, "%zu fields, the header has %zu",
		    n, a->nfile);
		a->bad++;
		return;
	}
	for (k = 0; k < a->ncols; k++)
		ordered[k] = a->where[k] == -1 ? "" :
		    tk_trim(cells[a->where[k]]);
	r.cells = ordered;
	r.source = a->source;
	r.line = line;
	if (cb(&r, arg) == -1)
		a->bad++;
}

/*
 * Reads the file through cb, one call a row.  Returns the number of bad
 * rows (each already named), or -1 when the file cannot be read at all.
 */
long
tk_admin_read(struct tk_lines *l, const struct tk_column *cols,
    tk_admin_cb cb, void *arg)
{
	struct admin a;
	struct tk_csv *csv = tk_csv_open(l);
	char **cells;
	const char *why = NULL;
	size_t n;
	long line;
	int rc, seen_header = 0;

	memset(&a, 0, sizeof(a));
	a.cols = cols;
	while (cols[a.ncols].name != NULL && a.ncols < MAXCOLS)
		a.ncols++;
	a.source = tk_lines_source(l);
	while ((rc = tk_csv_next(csv, &cells, &n, &line, &why)) != 0) {
		if (rc == -2)
			tk_err(TK_EXIT_TEMP, "%s", a.source);
		if (rc == -1) {
			tk_recerr(a.source, line, "%s", why);
			a.bad++;
		} else if (!seen_header++) {
			if (header(&a, cells, n, line) == -1)
				break;
		} else
			row(&a, cells, n, line, cb, arg);
	}
	if (!seen_header) {
		tk_recerr(a.source, 1, "no header row");
		a.bad++;
	}
	tk_csv_close(csv);
	return a.bad;
}

/* "a|b|c" as its trimmed, non-empty words, in a NULL-terminated array. */
char **
tk_split_words(const char *list)
{
	char *copy = tk_xstrdup(list), *p = copy, *w;
	char **words = tk_xmalloc(sizeof(*words));
	size_t n = 0;

	while ((w = strsep(&p, "|")) != NULL) {
		w = tk_trim(w);
		if (*w == '\0')
			continue;
		words = tk_xrealloc(words, (n + 2) * sizeof(*words));
		words[n++] = tk_xstrdup(w);
	}
	words[n] = NULL;
	free(copy);
	return words;
}

void
tk_free_words(char **words)
{
	size_t i;

	if (words == NULL)
		return;
	for (i = 0; words[i] != NULL; i++)
		free(words[i]);
	free(words);
}
