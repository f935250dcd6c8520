/*
 * reader.c: intake records from JSON lines or CSV, from files or stdin.
 *
 * Each record comes out as one JSON object, with the --map renames and
 * the --set defaults applied, and knows the source and line it came from
 * (for CSV, the line where the row starts).  A bad record comes out as
 * its reason, for the caller to name in order with its own messages, and
 * reading goes on with the next; so does a file that cannot be opened.
 * Only a failing read of an open file is fatal.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

struct tk_reader {
	char			**files;
	int			 nfiles, next;
	int			 csv;
	const struct tk_pair	*maps, *sets;
	size_t			 nmaps, nsets;
	struct tk_lines		*lines;
	struct tk_csv		*rows;
	char			**header;
	size_t			 nheader;
	const char		*source;
	long			 line;
	int			 bad;
	char			 why[TK_ERRLEN];
	long			 refused;
};

struct tk_reader *
tk_reader_open(char **files, int nfiles, int csv)
{
	struct tk_reader *rd = tk_xmalloc(sizeof(*rd));
	static char *stdin_only[] = { "-" };

	memset(rd, 0, sizeof(*rd));
	tk_lines_set_limit((size_t)tk_conf_long("max_record"));
	rd->files = nfiles > 0 ? files : stdin_only;
	rd->nfiles = nfiles > 0 ? nfiles : 1;
	rd->csv = csv;
	return rd;
}

void
tk_reader_map(struct tk_reader *rd, const struct tk_pair *maps, size_t n)
{
	rd->maps = maps;
	rd->nmaps = n;
}

void
tk_reader_set(struct tk_reader *rd, const struct tk_pair *sets, size_t n)
{
	rd->sets = sets;
	rd->nsets = n;
}

static void
free_header(struct tk_reader *rd)
{
	while (rd->nheader > 0)
		free(rd->header[--rd->nheader]);
	free(rd->header);
	rd->header = NULL;
}

static void
close_file(struct tk_reader *rd)
{
	tk_csv_close(rd->rows);
	rd->rows = NULL;
	tk_lines_close(rd->lines);
	rd->lines = NULL;
	free_header(rd);
}

void
tk_reader_close(struct tk_reader *rd)
{
	close_file(rd);
	free(rd);
}

const char *
tk_reader_source(const struct tk_reader *rd)
{
	return rd->source;
}

long
tk_reader_line(const struct tk_reader *rd)
{
	return rd->line;
}

/* Why the last record was bad. */
const char *
tk_reader_why(const struct tk_reader *rd)
{
	return rd->why;
}

int
tk_reader_would_block(const struct tk_reader *rd)
{
	return rd->lines != NULL && tk_lines_would_block(rd->lines);
}

/* Marks the record at hand bad, with the reason. */
static void
refuse(struct tk_reader *rd, const char *fmt, const char *arg)
{
	snprintf(rd->why, sizeof(rd->why), fmt, arg);
	rd->bad = 1;
}

static const char *
mapped(const struct tk_reader *rd, const char *name)
{
	size_t i;

	for (i = 0; i < rd->nmaps; i++)
		if (strcmp(rd->maps[i].key, name) == 0)
			return rd->maps[i].value;
	return name;
}

/* Renames the mapped keys of a JSON record; -1 when a target clashes. */
static int
apply_maps(struct tk_reader *rd, json_t *rec)
{
	json_t *v;
	size_t i;

	for (i = 0; i < rd->nmaps; i++) {
		if ((v = json_object_get(rec, rd->maps[i].key)) == NULL)
			continue;
		json_incref(v);
		json_object_del(rec, rd->maps[i].key);
		if (tk_json_set_path(rec, rd->maps[i].value, v) == -1) {
			refuse(rd, "--map: cannot put a value at \"%s\"",
			    rd->maps[i].value);
			return -1;
		}
	}
	return 0;
}

/* --set: a value for each field the record lacks. */
static int
apply_sets(struct tk_reader *rd, json_t *rec)
{
	const char *bad = tk_json_defaults(rec, rd->sets, rd->nsets);

	if (bad != NULL) {
		refuse(rd, "--set: cannot put a value at \"%s\"", bad);
		return -1;
	}
	return 0;
}

static json_t *
parse_json(struct tk_reader *rd, const char *s, size_t len)
{
	json_error_t e;
	json_t *rec;
	size_t bad;
	char msg[TK_ERRLEN];

	if (tk_utf8_check(s, len, &bad) == -1) {
		snprintf(msg, sizeof(msg), "invalid UTF-8 at byte %zu",
		    bad + 1);
		refuse(rd, "%s", msg);
		return NULL;
	}
	if ((rec = json_loadb(s, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &e)) == NULL) {
		snprintf(msg, sizeof(msg), "malformed JSON at column %d: %s",
		    e.column, e.text);
		refuse(rd, "%s", msg);
		return NULL;
	}
	if (!json_is_object(rec)) {
		refuse(rd, "expected a JSON object, not %s",
		    json_is_array(rec) ? "an array" : "a scalar");
		json_decref(rec);
		return NULL;
	}
	return rec;
}

static int
blank(const char *s)
{
	return s[strspn(s, " \t\r\f\v")] == '\0';
}

static json_t *
next_json(struct tk_reader *rd, int *rc)
{
	char *s;
	size_t len;

	*rc = tk_lines_next(rd->lines, &s, &len);
	rd->line = tk_lines_lineno(rd->lines);
	if (*rc == TK_LINE_LONG) {
		refuse(rd, "line longer than %s bytes", tk_conf_get("max_record"));
		return NULL;
	}
	if (*rc != TK_LINE_OK || blank(s))
		return NULL;
	return parse_json(rd, s, len);
}

/* The first row of a CSV file names its columns, after --map. */
static int
read_header(struct tk_reader *rd)
{
	char **cells, *name;
	size_t n, i, j;
	const char *why = NULL;
	int rc;

	rc = tk_csv_next(rd->rows, &cells, &n, &rd->line, &why);
	if (rc == -2)
		tk_err(TK_EXIT_TEMP, "%s", tk_reader_source(rd));
	if (rc <= 0) {
		if (rc == -1)
			refuse(rd, "header: %s", why);
		return -1;
	}
	rd->header = tk_xmalloc(n * sizeof(*rd->header));
	for (i = 0; i < n; i++) {
		name = tk_trim(cells[i]);
		rd->header[rd->nheader++] = tk_xstrdup(mapped(rd, name));
		for (j = 0; j < i; j++)
			if (strcmp(rd->header[j], rd->header[i]) == 0) {
				refuse(rd, "header: column \"%s\" twice",
				    rd->header[i]);
				return -1;
			}
	}
	return 0;
}

static json_t *
row_object(struct tk_reader *rd, char **cells, size_t n)
{
	json_t *rec;
	const char *v;
	char msg[TK_ERRLEN];
	size_t i;

	if (n != rd->nheader) {
		snprintf(msg, sizeof(msg), "%zu fields, the header has %zu",
		    n, rd->nheader);
		refuse(rd, "%s", msg);
		return NULL;
	}
	rec = json_object();
	for (i = 0; i < n; i++) {
		if (*(v = tk_trim(cells[i])) == '\0')
			continue;
		if (tk_json_set_path(rec, rd->header[i], json_string(v)) == -1) {
			refuse(rd, "column \"%s\" clashes with another",
			    rd->header[i]);
			json_decref(rec);
			return NULL;
		}
	}
	return rec;
}

static json_t *
next_csv(struct tk_reader *rd, int *rc)
{
	char **cells;
	size_t n;
	const char *why = NULL;

	if (rd->header == NULL && read_header(rd) == -1) {
		*rc = TK_LINE_EOF;
		return NULL;
	}
	*rc = tk_csv_next(rd->rows, &cells, &n, &rd->line, &why);
	if (*rc == -2)
		*rc = TK_LINE_ERROR;
	else if (*rc == -1) {
		refuse(rd, "%s", why);
		*rc = TK_LINE_OK;
	} else if (*rc == 1) {
		*rc = TK_LINE_OK;
		return row_object(rd, cells, n);
	} else
		*rc = TK_LINE_EOF;
	return NULL;
}

/* Opens the next file that can be opened; 0 when there is none left. */
static int
open_next(struct tk_reader *rd)
{
	const char *path;

	close_file(rd);
	while (rd->next < rd->nfiles) {
		path = rd->files[rd->next++];
		rd->line = 0;
		if ((rd->lines = tk_lines_open(path)) != NULL) {
			rd->source = tk_lines_source(rd->lines);
			if (rd->csv)
				rd->rows = tk_csv_open(rd->lines);
			return 1;
		}
		rd->source = path;
		refuse(rd, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * TK_READ_REC and the next record in *rec, TK_READ_BAD for a bad one
 * (tk_reader_why says why; a line of 0 means the whole source), or
 * TK_READ_END when the input is done.
 */
int
tk_reader_read(struct tk_reader *rd, json_t **rec)
{
	int rc;

	for (;;) {
		rd->bad = 0;
		if (rd->lines == NULL && (rc = open_next(rd)) != 1)
			return rc == 0 ? TK_READ_END : TK_READ_BAD;
		*rec = rd->csv ? next_csv(rd, &rc) : next_json(rd, &rc);
		if (rc == TK_LINE_ERROR)
			tk_err(TK_EXIT_TEMP, "%s", tk_reader_source(rd));
		if (rc == TK_LINE_EOF) {
			close_file(rd);
			if (!rd->bad)
				continue;
		}
		if (*rec != NULL && (rd->csv || apply_maps(rd, *rec) == 0) &&
		    apply_sets(rd, *rec) == 0)
			return TK_READ_REC;
		json_decref(*rec);
		*rec = NULL;
		if (rd->bad)
			return TK_READ_BAD;
	}
}

long
tk_reader_refused(const struct tk_reader *rd)
{
	return rd->refused;
}

/*
 * Our own tools print a ticket's number first, and a ticket line is
 * long: for a line that starts {"id":"NUMBER", the number is read
 * without decoding the rest.  NULL for any other line.
 */
static const char *
leading_id(char *s, char *out, size_t size)
{
	static const char head[] = "{\"id\":\"";
	size_t n;

	if (strncmp(s, head, sizeof(head) - 1) != 0)
		return NULL;
	s += sizeof(head) - 1;
	n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_");
	if (n == 0 || n >= size || s[n] != '"' || (s[n + 1] != ',' &&
	    s[n + 1] != '}'))
		return NULL;
	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

/*
 * The "id" of the next JSON line (ticket numbers fed to a command), or
 * NULL at the end; lines without one, or whose id is no ticket number
 * (tk_ticket_id_valid), are named and counted.
 */
#define NOT_TICKET	"\"id\" is no ticket number"
const char *
tk_reader_next_id(struct tk_reader *rd, char *out, size_t size)
{
	const char *id;
	json_t *rec;
	char *s;
	size_t len;
	int rc;

	for (;;) {
		rd->bad = 0;
		if (rd->lines == NULL && (rc = open_next(rd)) != 1) {
			if (rc == 0)
				return NULL;
			goto bad;
		}
		rc = tk_lines_next(rd->lines, &s, &len);
		rd->line = tk_lines_lineno(rd->lines);
		if (rc == TK_LINE_EOF) {
			close_file(rd);
			continue;
		}
		if (rc == TK_LINE_ERROR)
			tk_err(TK_EXIT_TEMP, "%s", rd->source);
		if (rc == TK_LINE_LONG)
			refuse(rd, "line longer than %s bytes",
			    tk_conf_get("max_record"));
		else if (blank(s))
			continue;
		else if (leading_id(s, out, size) != NULL) {
			if (tk_ticket_id_valid(out))
				return out;
			refuse(rd, "%s", NOT_TICKET);
		} else if ((rec = parse_json(rd, s, len)) != NULL) {
			id = tk_json_str(rec, "id");
			if (id == NULL)
				refuse(rd, "%s", "no \"id\"");
			else if (!tk_ticket_id_valid(id) || strlen(id) >= size)
				refuse(rd, "%s", NOT_TICKET);
			else
				snprintf(out, size, "%s", id);
			json_decref(rec);
			if (!rd->bad)
				return out;
		}
bad:
		tk_reader_complain(rd);
		rd->refused++;
	}
}

/* Names a bad record as the house style wants it. */
void
tk_reader_complain(const struct tk_reader *rd)
{
	tk_complain(rd->source, rd->line, rd->why);
}
