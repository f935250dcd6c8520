/*
 * screen-data.c: the emergency screening rules the project ships, built
 * in, so that a build tree screens calls with nothing installed.
 *
 * etc/screening.csv becomes the NUL-terminated string
 * tk_screening_shipped, as calendar-data.c does for the calendar.  The
 * built-in rules stand in only for the default file, and only while it
 * is absent: an installed file overrides them, and a file the
 * administrator named (setting, $TICKET_SCREENING, -S) must exist.
 */
#include <errno.h>
#include <string.h>

#include "ticket.h"

__asm__(
	"	.section .rodata\n"
	"	.global tk_screening_shipped\n"
	"	.type tk_screening_shipped, %object\n"
	"tk_screening_shipped:\n"
	"	.incbin \"etc/screening.csv\"\n"
	"	.byte 0\n"
	"	.size tk_screening_shipped, . - tk_screening_shipped\n"
	"	.previous\n");

#define SHIPPED_NAME	"screening.csv (built in)"

/*
 * The built-in rules in place of path, which could not be opened, when
 * path is the default file and it does not exist; else NULL, errno kept.
 */
struct tk_lines *
tk_screen_shipped(const char *path)
{
	int saved = errno;

	if (saved != ENOENT || tk_conf_from("screening") != TK_CONF_DEFAULT ||
	    strcmp(path, tk_conf_get("screening")) != 0) {
		errno = saved;
		return NULL;
	}
	return tk_lines_open_mem(SHIPPED_NAME, tk_screening_shipped,
	    strlen(tk_screening_shipped));
}
