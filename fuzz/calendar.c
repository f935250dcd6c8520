/*
 * calendar.c: calendar files of ticket-sla(1) imported, and the calendar
 * they make used; rolled back after each input.  Built as calendar (the
 * project's CSV) and, with FZ_HOLIDAY_CN, holiday-cn (its JSON): each
 * keeps to the inputs of its format, told by the first byte as the
 * importer tells them.
 */
#include "fuzz.h"

#ifndef FZ_HOLIDAY_CN
#define FZ_HOLIDAY_CN	0
#endif

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tk_db *db = fz_db();
	int32_t today = tk_time_localdate(FZ_NOW), later;
	struct tk_calendar *cal;
	json_t *years;

	if ((size > 0 && data[0] == '{') != FZ_HOLIDAY_CN)
		return 0;
	tk_db_begin(db);
	/* The buffer is not NUL-terminated: the importer must keep to len. */
	years = tk_calendar_import(db, "fuzz", (const char *)data, size,
	    FZ_NOW);
	if (years != NULL) {
		cal = tk_calendar_load(db);
		later = tk_calendar_add(cal, today, 15);
		tk_calendar_count(cal, today, later);
		tk_calendar_covered(cal, today, later);
		tk_calendar_free(cal);
		json_decref(years);
	}
	tk_db_rollback(db);
	return 0;
}
