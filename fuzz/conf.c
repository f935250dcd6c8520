/*
 * conf.c: the settings file, ticket.conf(5).  A file with a bad line
 * ends the program by design (exit 3).  Settings stay from one input to
 * the next, as they would in a process that loaded two files.
 */
#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const refused[] = { "bad settings", NULL };

	fz_arm(refused);
	if (setjmp(fz_jump) == 0) {
		tk_conf_load(fz_path(data, size), 1);
		fz_disarm();
		tk_conf_long("max_record");
		tk_conf_get("callback.sms_sign");
	}
	return 0;
}
