/*
 * units.c: the units file of ticket-unit(1) imported over the network
 * already stored, in a transaction rolled back after each input.
 */
#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tk_db *db = fz_db();
	struct tk_lines *l = fz_lines(data, size);

	tk_db_begin(db);
	json_decref(tk_unit_import(db, l, FZ_NOW));
	tk_db_rollback(db);
	tk_lines_close(l);
	return 0;
}
