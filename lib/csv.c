/*
 * csv.c: CSV rows through libcsv, and CSV output.
 *
 * Lines are fed to the parser one at a time so each row is known by the
 * line where it starts, even when a quoted cell holds line breaks.  The
 * parser is strict: a stray quote or a quote left open at the end of the
 * file refuses that row, and reading resumes on the next line.  A row
 * may not grow past the record limit, so one open quote cannot swallow a
 * whole file into memory.
 */
#include <stdlib.h>
#include <string.h>

#include <csv.h>

#include "ticket.h"

#define OPTIONS	(CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

struct tk_csv {
	struct tk_lines		*lines;
	struct csv_parser	 p;
	char			**cells;
	size_t			 ncells, cap;
	size_t			 rowbytes, limit;
	long			 start;
	int			 row_done;
	int			 at_end;
};

static void
cell_cb(void *s, size_t len, void *data)
{
	struct tk_csv *c = data;

	if (c->ncells == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 16;
		c->cells = tk_xrealloc(c->cells, c->cap * sizeof(*c->cells));
	}
	c->cells[c->ncells++] = tk_xstrndup(s ? s : "", s ? len : 0);
}

static void
row_cb(int term, void *data)
{
	struct tk_csv *c = data;

	(void)term;
	c->row_done = 1;
}

static void
clear_row(struct tk_csv *c)
{
	while (c->ncells > 0)
		free(c->cells[--c->ncells]);
	c->row_done = 0;
	c->rowbytes = 0;
}

static void
restart(struct tk_csv *c)
{
	csv_free(&c->p);
	if (csv_init(&c->p, OPTIONS) != 0)
		tk_errx(TK_EXIT_TEMP, "csv_init: out of memory");
	clear_row(c);
}

struct tk_csv *
tk_csv_open(struct tk_lines *lines)
{
	struct tk_csv *c = tk_xmalloc(sizeof(*c));

	memset(c, 0, sizeof(*c));
	c->lines = lines;
	c->limit = (size_t)tk_conf_long("max_record");
	if (csv_init(&c->p, OPTIONS) != 0)
		tk_errx(TK_EXIT_TEMP, "csv_init: out of memory");
	return c;
}

void
tk_csv_close(struct tk_csv *c)
{
	if (c == NULL)
		return;
	clear_row(c);
	csv_free(&c->p);
	free(c->cells);
	free(c);
}

/* Feeds one line; returns -1 with a reason for a bad row. */
static int
feed(struct tk_csv *c, char *line, size_t len, const char **why)
{
	size_t bad;

	if (c->p.pstate == 0 && c->ncells == 0)
		c->start = tk_lines_lineno(c->lines);
	if (tk_utf8_check(line, len, &bad) == -1) {
		*why = "invalid UTF-8";
		return -1;
	}
	/* libcsv keeps it, and a C string would end at it: a cell cut. */
	if (memchr(line, '\0', len) != NULL) {
		*why = "a NUL byte";
		return -1;
	}
	if ((c->rowbytes += len + 1) > c->limit) {
		*why = "row too long (an unclosed quote?)";
		return -1;
	}
	if (csv_parse(&c->p, line, len, cell_cb, row_cb, c) != len ||
	    csv_parse(&c->p, "\n", 1, cell_cb, row_cb, c) != 1) {
		*why = "malformed quoting";
		return -1;
	}
	return 0;
}

static int
finish(struct tk_csv *c, const char **why)
{
	c->at_end = 1;
	if (csv_fini(&c->p, cell_cb, row_cb, c) != 0) {
		*why = "quote not closed at the end of the file";
		return -1;
	}
	return c->row_done ? 1 : 0;
}

/*
 * The next row: 1 with its cells (valid until the next call), 0 at the
 * end, -1 for a bad row (why says what; *line where it starts), -2 on a
 * read error.
 */
int
tk_csv_next(struct tk_csv *c, char ***cells, size_t *ncells, long *line,
    const char **why)
{
	char *s;
	size_t len;
	int rc = 0;

	clear_row(c);
	while (!c->row_done && !c->at_end) {
		rc = tk_lines_next(c->lines, &s, &len);
		if (rc == TK_LINE_EOF)
			rc = finish(c, why);
		else if (rc == TK_LINE_LONG) {
			c->start = tk_lines_lineno(c->lines);
			*why = "line too long";
			rc = -1;
		} else if (rc == TK_LINE_ERROR)
			return -2;
		else
			rc = feed(c, s, len, why);
		if (rc == -1) {
			*line = c->start;
			restart(c);
			return -1;
		}
	}
	*cells = c->cells;
	*ncells = c->ncells;
	*line = c->start;
	return c->row_done ? 1 : 0;
}

static int
needs_quotes(const char *s)
{
	return *s == ' ' || strpbrk(s, ",\"\r\n") != NULL ||
	    (*s != '\0' && s[strlen(s) - 1] == ' ');
}

/* Writes one row, quoting only the cells that need it. */
/*
 * A cell a spreadsheet would take for a formula: =, +, -, @, a tab or
 * a carriage return first, and not a number (a number is never run).
 * Citizens write the texts that end up in cells, so such a cell is
 * written with a ' before it, which spreadsheets show as text.
 */
static int
formula(const char *s)
{
	char *end;

	if (*s == '\0' || strchr("=+-@\t\r", *s) == NULL)
		return 0;
	(void)strtod(s, &end);
	return end == s || (*end != '\0' && strcmp(end, "%") != 0);
}

void
tk_csv_write_row(FILE *fp, const char *const *cells, size_t n)
{
	const char *c;
	char *guarded;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			fputc(',', fp);
		if ((c = cells[i]) == NULL)
			continue;
		guarded = NULL;
		if (formula(c))
			tk_xasprintf(&guarded, "'%s", c);
		if (guarded != NULL)
			c = guarded;
		if (needs_quotes(c))
			csv_fwrite(fp, c, strlen(c));
		else
			fputs(c, fp);
		free(guarded);
	}
	fputc('\n', fp);
}
