/*
 * sla.c: deadlines in working days (ticket-sla(1)).
 *
 * A limit of N working days that starts at a moment ends at 23:59:59
 * local time of the Nth working day after the start's local date; the
 * start date itself never counts, working day or not.  N = 0 is the
 * urgent case: 23:59:59 of the start date.  The same rule serves the
 * contact limit (counted from signing) and extensions (counted on from
 * the old due time, whose date is the old due date).
 *
 * The limits are read from the settings once, at tk_sla_init, so a run
 * answering a million questions does not look them up a million times.
 */
#include <stdio.h>

#include "ticket.h"

static int
limit_setting(const char *key)
{
	long n = tk_conf_long(key);

	if (n > TK_SLA_MAXDAYS)
		tk_errx(TK_EXIT_DATA, "%s: %ld working days: more than %d",
		    key, n, TK_SLA_MAXDAYS);
	return (int)n;
}

void
tk_sla_init(struct tk_sla *s, struct tk_calendar *cal)
{
	char key[64];
	int i;

	s->cal = cal;
	for (i = 0; i < TK_NCATEGORIES; i++) {
		snprintf(key, sizeof(key), "limit.%s", tk_categories[i].word);
		s->limit[i] = limit_setting(key);
	}
	s->contact = limit_setting("limit.contact");
}

/* The limit of a category in working days, or -1 for no category. */
int
tk_sla_limit(const struct tk_sla *s, const char *category)
{
	int i = tk_enum_find(tk_categories, category);

	return i == -1 ? -1 : s->limit[i];
}

/* The end of the days-th working day after start's date. */
tk_time
tk_sla_deadline(struct tk_calendar *cal, tk_time start, int days)
{
	int32_t day = tk_time_localdate(start);

	return tk_time_from_local(tk_calendar_add(cal, day, days),
	    86400 - 1);
}

/* The due time of a ticket; -1 for an unknown category. */
int
tk_sla_due(const struct tk_sla *s, tk_time start, const char *category,
    int urgent, tk_time *due)
{
	int n = tk_sla_limit(s, category);

	if (n == -1)
		return -1;
	*due = tk_sla_deadline(s->cal, start, urgent ? 0 : n);
	return 0;
}

/*
 * The window to sign or return an order: to the end of the first
 * working day after the dispatch (签收 or 退回 within one working day).
 * The regulation fixes it; a city does not choose it.
 */
tk_time
tk_sla_window_closes(struct tk_calendar *cal, tk_time dispatched)
{
	return tk_sla_deadline(cal, dispatched, TK_SLA_WINDOW_DAYS);
}

/*
 * An extension is asked no later than the end of the working day before
 * the due date (延期申请 at least one working day ahead).
 */
tk_time
tk_sla_extension_closes(struct tk_calendar *cal, tk_time due)
{
	return tk_time_from_local(tk_calendar_add(cal, tk_time_localdate(due),
	    -TK_SLA_EXTEND_AHEAD), 86400 - 1);
}
