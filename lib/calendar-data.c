/*
 * calendar-data.c: the official calendar the project ships, built in.
 *
 * data/calendar-cn.csv becomes the NUL-terminated string
 * tk_calendar_shipped, so a new database gets the calendar without the
 * file being installed and without a second copy of the data in the
 * sources.  The path is relative to the top of the tree, where make
 * runs; the Makefile rebuilds this object when the file changes.  .incbin
 * is understood by the GNU and LLVM assemblers on ELF systems.
 */
__asm__(
	"	.section .rodata\n"
	"	.global tk_calendar_shipped\n"
	"	.type tk_calendar_shipped, %object\n"
	"tk_calendar_shipped:\n"
	"	.incbin \"data/calendar-cn.csv\"\n"
	"	.byte 0\n"
	"	.size tk_calendar_shipped, . - tk_calendar_shipped\n"
	"	.previous\n");
