/*
 * format.c: tickets for people (aligned tables), spreadsheets (CSV) and
 * other systems (Open311 GeoReport v2).
 *
 * Tables stream: columns have fixed widths, counted in display columns so
 * that Chinese text lines up, and a long cell is cut at a character
 * boundary with an ellipsis.  CSV uses the intake's dotted field names.  The Open311 view carries no personal
 * data: no caller, and the request text masked.
 */
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

/* Pads or cuts s to exactly width display columns. */
static void
cell(FILE *fp, const char *s, size_t width, int last)
{
	size_t w = tk_utf8_width(s), n, used;

	if (w > width) {
		n = tk_utf8_fit(s, width - 1, &used);
		fwrite(s, 1, n, fp);
		fputs("\xe2\x80\xa6", fp);
		w = used + 1;
	} else
		fputs(s, fp);
	if (!last)
		for (; w < width + 2; w++)
			fputc(' ', fp);
}

void
tk_table_row(FILE *fp, const char *const *cells, const size_t *widths,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		cell(fp, cells[i] ? cells[i] : "", widths[i], i + 1 == n);
	fputc('\n', fp);
}

static const char *
path_text(json_t *t, const char *path)
{
	return json_string_value(tk_json_path(t, path));
}

/* "2026-03-02 09:15": enough for a person, and short. */
static void
short_time(const char *rfc3339, char buf[17])
{
	snprintf(buf, 17, "%.10s %.5s", rfc3339 ? rfc3339 : "",
	    rfc3339 && strlen(rfc3339) > 11 ? rfc3339 + 11 : "");
}

void
tk_ticket_table(FILE *fp, json_t *t)
{
	static const char *const head[] = { "工单号", "受理时间", "渠道",
	    "类别", "状态", "区域", "事由" };
	size_t widths[] = { 14, 16, 12, 4, 8, 14, 40 };
	const char *cells[7];
	char when[17];

	widths[0] += strlen(tk_conf_get("id_prefix"));
	if (t == NULL) {
		tk_table_row(fp, head, widths, 7);
		return;
	}
	short_time(tk_json_str(t, "received_at"), when);
	cells[0] = tk_json_str(t, "id");
	cells[1] = when;
	cells[2] = tk_enum_label(tk_channels, tk_json_str(t, "channel"));
	cells[3] = tk_enum_label(tk_categories, tk_json_str(t, "category"));
	cells[4] = tk_enum_label(tk_statuses, tk_json_str(t, "status"));
	cells[5] = tk_json_str(t, "area");
	cells[6] = path_text(t, "facts.what");
	tk_table_row(fp, cells, widths, 7);
}

static const char *const csv_fields[] = {
	"id", "source_id", "received_at", "channel", "category", "status",
	"urgent", "topic", "area", "caller.name", "caller.phone",
	"caller.anonymous", "caller.public", "facts.when", "facts.where",
	"facts.who", "facts.what", "facts.process", "facts.result",
	"reject.reason", "redirect.number", "duplicate_of", "updated_at",
	NULL
};

/* One CSV row of a ticket, or the header when t is NULL. */
void
tk_ticket_csv(FILE *fp, json_t *t)
{
	const char *cells[32];
	json_t *v;
	size_t i;

	for (i = 0; csv_fields[i] != NULL; i++) {
		if (t == NULL) {
			cells[i] = csv_fields[i];
			continue;
		}
		v = tk_json_path(t, csv_fields[i]);
		cells[i] = json_is_boolean(v) ? (json_is_true(v) ? "true" :
		    "false") : json_string_value(v);
	}
	tk_csv_write_row(fp, cells, i);
}

static void
put(json_t *o, const char *key, const char *v)
{
	if (v != NULL)
		tk_jset(o, key, json_string(v));
}

/* The request text with the caller's name, numbers and the like hidden. */
static void
put_masked(json_t *o, const char *key, json_t *t, const char *path)
{
	const char *names[2] = { path_text(t, "caller.name"), NULL };
	const char *text = path_text(t, path);
	char *masked;

	if (text == NULL)
		return;
	if ((masked = tk_mask_text(text, names, NULL)) == NULL)
		tk_err(TK_EXIT_TEMP, "mask");
	put(o, key, masked);
	free(masked);
}

/*
 * One Open311 GeoReport v2 service request.  Open until the platform
 * closes the matter; lead is the unit responsible once there is one,
 * due (or -1) its deadline.
 */
json_t *
tk_open311(json_t *t, const char *lead, tk_time due)
{
	static const char *const closed[] = { "answered", "rejected",
	    "redirected", "closed", "archived", NULL };
	const char *status = tk_json_str(t, "status"), *topic;
	json_t *o = json_object();
	char buf[TK_TIME_LEN];
	int i, is_closed = 0;

	for (i = 0; closed[i] != NULL; i++)
		is_closed |= status != NULL && strcmp(status, closed[i]) == 0;
	put(o, "service_request_id", tk_json_str(t, "id"));
	put(o, "status", is_closed ? "closed" : "open");
	put(o, "status_notes", tk_enum_label(tk_statuses, status));
	topic = tk_json_str(t, "topic");
	put(o, "service_name", topic != NULL ? topic :
	    tk_enum_label(tk_categories, tk_json_str(t, "category")));
	put(o, "service_code", tk_json_str(t, "category"));
	/* A request refused as private (R3) is not described at all. */
	if (!tk_json_str(json_object_get(t, "reject"), "reason") ||
	    strcmp(tk_json_str(json_object_get(t, "reject"), "reason"), "R3"))
		put_masked(o, "description", t, "facts.what");
	put(o, "agency_responsible", lead);
	put(o, "requested_datetime", tk_json_str(t, "received_at"));
	put(o, "updated_datetime", tk_json_str(t, "updated_at"));
	if (due != -1)
		put(o, "expected_datetime", tk_time_format(due, buf));
	put(o, "address", tk_json_str(t, "area"));
	return o;
}
