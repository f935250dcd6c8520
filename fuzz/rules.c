/*
 * rules.c: the routing rules of ticket-route(1) imported over the units
 * stored, and a subject routed by them; rolled back after each input.
 */
#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct tk_subject subject = { TK_CAT_COMPLAINT,
	    "城乡建设/物业管理", "甲区", "楼下噪音扰民", 0 };
	struct tk_db *db = fz_db();
	struct tk_lines *l = fz_lines(data, size);
	struct tk_rules *rs;

	tk_db_begin(db);
	if ((rs = tk_rules_import(db, l)) != NULL) {
		json_decref(tk_route_test(rs, &subject));
		tk_rules_free(rs);
	}
	tk_db_rollback(db);
	tk_lines_close(l);
	return 0;
}
