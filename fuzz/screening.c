/*
 * screening.c: the emergency screening file of ticket-new(1) loaded and
 * a record screened by it.  A file with a bad row ends the program by
 * design (exit 3).
 */
#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const refused[] = { "bad screening rules", NULL };
	struct tk_screen_hit hit;
	struct tk_screen *s;
	json_t *doc;

	fz_arm(refused);
	if (setjmp(fz_jump) == 0) {
		s = tk_screen_load(fz_path(data, size));
		fz_disarm();
		doc = json_pack("{s:{s:s, s:s}}", "facts", "what",
		    "楼道里着火了，冒烟", "process", "有人晕倒");
		tk_screen_match(s, doc, &hit);
		json_decref(doc);
		tk_screen_free(s);
	}
	return 0;
}
