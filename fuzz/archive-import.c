/*
 * archive-import.c: an archive export imported into an empty archive
 * (ticket-archive(1) import), which then verifies.  A bad line ends the
 * program by design (exit 3), as do one too long to read and an export
 * with no record.
 */
#include <stdlib.h>

#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const refused[] = { "exit 3",
	    "cannot read the line", "no records", "longer than the", NULL };
	struct tk_db *a = tk_archive_open(":memory:");
	struct tk_lines *l = fz_lines(data, size);
	char err[TK_ERRLEN];
	json_t *head;

	fz_arm(refused);
	if (setjmp(fz_jump) == 0) {
		tk_archive_import(a, l);
		fz_disarm();
		/* What import took, verify passes: they check alike. */
		if ((head = tk_archive_verify(a, NULL, err)) == NULL) {
			fprintf(stderr, "archive-import: verify: %s\n", err);
			abort();
		}
		json_decref(head);
	}
	tk_lines_close(l);
	tk_db_close(a);
	return 0;
}
