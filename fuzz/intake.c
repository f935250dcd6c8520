/*
 * intake.c: records as ticket-new(1) takes them, read, checked, screened
 * and stored, in a transaction rolled back after each input.  Built as
 * intake-json (JSON lines) and, with FZ_CSV, intake-csv.  The input's
 * first line is the --map pairs, "from=to" separated by tabs (--map
 * renames JSON keys too), and the rest the file.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sql.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define MAXMAPS	16
#ifndef FZ_CSV
#define FZ_CSV	0
#endif

static const struct tk_pair sets[] = { { "channel", "phone" } };

static const struct tk_intake *
intake(void)
{
	static struct tk_intake in;

	if (in.db == NULL) {
		/* Short lines, so that an overlong one is met too. */
		tk_conf_set("max_record", "4096");
		in.db = fz_db();
		in.screen = tk_screen_load(tk_conf_get("screening"));
#if FZ_CSV
		in.timefmt = "%Y/%m/%d %H:%M:%S";
#endif
		in.actor = "platform";
		in.now = FZ_NOW;
	}
	return &in;
}

/* The --map pairs of the first line, cut in place. */
static size_t
maps_of(char *line, struct tk_pair *maps)
{
	char *p, *eq;
	size_t n = 0;

	for (p = strtok(line, "\t"); p != NULL && n < MAXMAPS;
	    p = strtok(NULL, "\t"))
		if ((eq = strchr(p, '=')) != NULL) {
			*eq = '\0';
			maps[n].key = p;
			maps[n++].value = eq + 1;
		}
	return n;
}

static void
store(const struct tk_intake *in, struct tk_reader *rd, json_t *rec)
{
	struct tk_prepared p;
	char err[TK_ERRLEN], *out;

	memset(&p, 0, sizeof(p));
	p.kind = TK_READ_REC;
	p.source = tk_reader_source(rd);
	p.line = tk_reader_line(rd);
	if (tk_intake_prepare(in, rec, &p) == -1)
		return;
	/* ticket-new: a checked record the database refuses is a bug. */
	if (tk_intake_store(in, &p, &out, err) == -1) {
		fprintf(stderr, "intake: stored record refused: %s\n", err);
		abort();
	}
	free(out);
	tk_intake_clear(&p);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct tk_intake *in = intake();
	struct tk_pair maps[MAXMAPS];
	struct tk_reader *rd;
	char *files[1], *s = fz_string(data, size), *nl;
	size_t nmaps;
	json_t *rec;
	int rc;

	if ((nl = memchr(data, '\n', size)) == NULL)
		return 0;
	s[nl - (const char *)data] = '\0';
	nmaps = maps_of(s, maps);
	size -= nl + 1 - (const char *)data;
	data = (const uint8_t *)nl + 1;
	files[0] = (char *)fz_path(data, size);
	rd = tk_reader_open(files, 1, FZ_CSV);
	tk_reader_map(rd, maps, nmaps);
	tk_reader_set(rd, sets, 1);
	tk_db_begin(in->db);
	while ((rc = tk_reader_read(rd, &rec)) != TK_READ_END)
		if (rc == TK_READ_REC) {
			store(in, rd, rec);
			json_decref(rec);
		}
	tk_db_rollback(in->db);
	tk_reader_close(rd);
	return 0;
}
