/*
 * kb.c: the knowledge-base file of ticket-kb(1) read, stored and
 * searched; rolled back after each input.
 */
#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tk_db *db = fz_db();
	struct tk_lines *l = fz_lines(data, size);
	struct tk_kb_list list = { NULL, 0 }, found = { NULL, 0 };
	long bad = tk_kb_read(l, &list);

	tk_lines_close(l);
	if (bad == 0) {
		tk_db_begin(db);
		json_decref(tk_kb_store(db, &list, 1, FZ_NOW));
		tk_kb_search(db, "公积金 租房", tk_time_localdate(FZ_NOW), 5,
		    &found);
		tk_kb_list_free(&found);
		tk_db_rollback(db);
	}
	tk_kb_list_free(&list);
	return 0;
}
