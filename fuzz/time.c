/*
 * time.c: times, dates and zones as settings, options and records give
 * them.  What parses must print back as itself.
 */
#include <stdlib.h>

#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void
round_trip(const char *s)
{
	char buf[TK_TIME_LEN], day[TK_DATE_LEN];
	tk_time t, again;
	int32_t d, dagain;

	if (tk_time_parse(s, &t) == 0 &&
	    (tk_time_parse(tk_time_format(t, buf), &again) != 0 || again != t))
		abort();
	if (tk_date_parse(s, &d) == 0 &&
	    (tk_date_parse(tk_date_format(d, day), &dagain) != 0 ||
	    dagain != d))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* --time-format as tests/1002-new-csv.t gives it: 311's clock. */
	static const char *const formats[] = { "%Y-%m-%d %H:%M",
	    "%m/%d/%Y %I:%M:%S %p", "%Y年%m月%d日 %H时%M分" };
	const char *s = fz_string(data, size);
	tk_time t;
	size_t i;
	int off;

	round_trip(s);
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (tk_time_parse_local(s, formats[i], &t) == 0)
			round_trip(tk_time_format(t, (char[TK_TIME_LEN]){ 0 }));
	if (tk_zone_parse(s, &off) == 0) {
		tk_zone_set(off);
		round_trip("9999-12-31T23:59:59+08:00");
		round_trip("0001-01-01T00:00:00-08:00");
		tk_zone_set(8 * 3600);
	}
	return 0;
}
