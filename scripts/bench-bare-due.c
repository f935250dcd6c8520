/*
 * bench-bare-due.c: the floor scripts/bench-sla measures ticket-sla
 * against.  Each JSON line of stdin is parsed, given one more field and
 * printed compact, with the same jansson calls ticket-sla makes and no
 * calendar at all: what the JSON around a deadline costs by itself.
 */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

int
main(void)
{
	char *line = NULL, *out = NULL;
	size_t cap = 0, outcap = 0, n;
	ssize_t len;
	json_t *rec;

	while ((len = getline(&line, &cap, stdin)) != -1) {
		if ((rec = json_loadb(line, len, JSON_REJECT_DUPLICATES,
		    NULL)) == NULL)
			continue;
		json_object_set_new(rec, "due_at",
		    json_string("2026-03-10T23:59:59+08:00"));
		while ((n = json_dumpb(rec, out, outcap, JSON_COMPACT)) >=
		    outcap) {
			outcap = n + 1024;
			if ((out = realloc(out, outcap)) == NULL)
				return 1;
		}
		out[n++] = '\n';
		fwrite(out, 1, n, stdout);
		json_decref(rec);
	}
	free(line);
	free(out);
	return ferror(stdout) || fclose(stdout) ? 1 : 0;
}
