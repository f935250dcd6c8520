/*
 * tests/unit/line.c -- TAP tests for the JSON text lib/store.c writes a
 * ticket's line with: every string member reads exactly as jansson
 * writes it, quotes, backslashes, controls and Chinese alike, so a line
 * is the same bytes whichever way it was made.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

static int ntest;

static void
ok(int cond, const char *desc)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++ntest, desc);
}

static const char *const values[] = {
	"U01", "", "甲区人民政府", "say \"hi\"", "back\\slash", "a/b",
	"\b\t\n\v\f\r", "\x01\x1f\x7f", "tab\tend", "12345 WiFi 3号楼"
};

int
main(void)
{
	struct tk_buf b = { NULL, 0, 0 };
	json_t *o;
	char *want, desc[64];
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(values[0]); i++) {
		b.n = 0;
		tk_buf_put(&b, "{", 1);
		tk_buf_member(&b, "k", values[i]);
		tk_buf_member(&b, "none", NULL);
		tk_buf_member(&b, "和", values[i]);
		tk_buf_put(&b, "}", 1);
		o = json_pack("{s:s, s:s}", "k", values[i], "和", values[i]);
		want = json_dumps(o, JSON_COMPACT);
		snprintf(desc, sizeof(desc), "value %zu as jansson writes it",
		    i);
		ok(strcmp(b.s, want) == 0, desc);
		if (strcmp(b.s, want) != 0)
			printf("# got %s\n# want %s\n", b.s, want);
		free(want);
		json_decref(o);
	}
	free(b.s);
	printf("1..%d\n", ntest);
	return 0;
}
