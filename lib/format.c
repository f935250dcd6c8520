/*
 * format.c: tickets for people (aligned tables), spreadsheets (CSV) and
 * other systems (Open311 GeoReport v2).
 *
 * Tables stream: columns have fixed widths, counted in display columns so
 * that Chinese text lines up, and a long cell is cut at a character
 * boundary with an ellipsis.  A ticket's history, for people, is its six
 * elements and one line per event, labelled from the vocabularies' own
 * tables.  CSV uses the intake's dotted field names.  The Open311 view
 * carries no personal data: only what may be published (public.c), the
 * texts masked; of any other ticket only the service, status and dates.
 */
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

/*
 * Pads or cuts s to exactly width display columns.  Only what fits is
 * measured: a long subject is cut at its column, not read to its end.
 */
static void
cell(FILE *fp, const char *s, size_t width, int last)
{
	static const char blanks[] = "                ";
	size_t w, pad, n = tk_utf8_fit(s, width, &w);

	if (s[n] != '\0') {
		n = tk_utf8_fit(s, width - 1, &w);
		fwrite(s, 1, n, fp);
		fputs("\xe2\x80\xa6", fp);
		w++;
	} else
		fwrite(s, 1, n, fp);
	for (; !last && w < width + 2; w += pad) {
		pad = width + 2 - w < sizeof(blanks) - 1 ? width + 2 - w :
		    sizeof(blanks) - 1;
		fwrite(blanks, 1, pad, fp);
	}
}

void
tk_table_row(FILE *fp, const char *const *cells, const size_t *widths,
    size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		cell(fp, cells[i] ? tk_utf8_shown(cells[i]) : "", widths[i],
		    i + 1 == n);
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

/* A label, padded to the width of the widest, and its value. */
static void
field(FILE *fp, const char *label, const char *value)
{
	cell(fp, label, 8, 0);
	fprintf(fp, "%s\n", value != NULL ? value : "");
}

/* "投诉 (complaint)": the label for people, the word for the record. */
static void
labelled(FILE *fp, const char *label, const struct tk_enum *e,
    const char *word)
{
	char buf[128];

	snprintf(buf, sizeof(buf), "%s (%s)", tk_enum_label(e, word),
	    word != NULL ? word : "");
	field(fp, label, word != NULL ? buf : NULL);
}

/*
 * The details worth a person's reading, in this order, from an event's
 * data; ids, phone numbers and the routing rule are left out.  A
 * vocabulary, where the value is one of its words, gives its label.
 */
static const struct {
	const char	*key;
	const char	*label;
	const struct tk_enum *words;
} details[] = {
	{ "lead", "主办", NULL }, { "co", "协办", NULL },
	{ "cc", "抄送", NULL }, { "to", "改派至", NULL },
	{ "from", "原单位", NULL }, { "parent", "上级单位", NULL },
	{ "with", "随", NULL }, { "color", "颜色", tk_card_colors },
	{ "kind", "类型", NULL }, { "result", "结果", tk_callback_results },
	{ "resolved", "解决", tk_callback_resolved },
	{ "method", "方式", NULL }, { "days", "工作日", NULL },
	{ "due_at", "期限", NULL }, { "due", "期限", NULL },
	{ "old_due", "原期限", NULL }, { "new_due", "新期限", NULL },
	{ "window", "签收时限", NULL }, { "reason", "理由", NULL },
	{ "basis", "依据", NULL }, { "opinion", "意见", NULL },
	{ "leader", "领导", NULL }, { "text", "内容", NULL },
	{ "handler", "经办人", NULL }, { "approver", "审批人", NULL },
	{ "explained", "说明", NULL },
	{ "into", "并入", NULL }, { "master", "主单", NULL },
	{ "withdrawn", "撤回", NULL }, { "fields", "更正", NULL },
	{ "attachment", "附件", NULL }, { "type", "格式", NULL }
};

/* An RFC 3339 time, as the store writes them. */
static int
is_time(const char *s)
{
	return strlen(s) >= 20 && s[4] == '-' && s[10] == 'T';
}

/* The fields a correction names, as people call them. */
static const struct {
	const char	*field;
	const char	*label;
	const struct tk_enum *words;
} corrected[] = {
	{ "category", "类别", tk_categories }, { "topic", "主题", NULL },
	{ "area", "区域", NULL }, { "urgent", "紧急", NULL },
	{ "facts.when", "时间", NULL }, { "facts.where", "地点", NULL },
	{ "facts.who", "人物", NULL }, { "facts.what", "事由", NULL },
	{ "facts.process", "经过", NULL }, { "facts.result", "结果", NULL },
	{ "caller.name", "姓名", NULL }, { "caller.phone", "电话", NULL },
	{ "caller.anonymous", "匿名", NULL },
	{ "caller.public", "同意公开", NULL }
};

/* A corrected field's value: its label or text, 是 or 否, or nothing. */
static const char *
scalar_text(json_t *v, const struct tk_enum *words)
{
	if (json_is_boolean(v))
		return json_is_true(v) ? "是" : "否";
	if (!json_is_string(v))
		return "";
	return words != NULL ? tk_enum_label(words, json_string_value(v)) :
	    json_string_value(v);
}

/* "类别：咨询→投诉、地点：某路→滨江路": a correction's fields. */
static void
changes_text(json_t *v, char *buf, size_t size)
{
	const char *key, *label;
	const struct tk_enum *words;
	json_t *c;
	size_t i, len = 0;

	json_object_foreach(v, key, c) {
		label = key;
		words = NULL;
		for (i = 0; i < sizeof(corrected) / sizeof(corrected[0]); i++)
			if (strcmp(corrected[i].field, key) == 0) {
				label = corrected[i].label;
				words = corrected[i].words;
			}
		if (len < size)
			len += snprintf(buf + len, size - len, "%s%s %s→%s",
			    len > 0 ? "、" : "", label,
			    scalar_text(json_object_get(c, "before"), words),
			    scalar_text(json_object_get(c, "after"), words));
	}
}

/* One value as text: a word's label, a short time, a list with 、. */
static void
value_text(json_t *v, const struct tk_enum *words, char *buf, size_t size)
{
	const char *s;
	json_t *w;
	size_t i, len = 0;
	char when[17];

	*buf = '\0';
	if (json_is_object(v))
		changes_text(v, buf, size);
	else if (json_is_integer(v))
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
	else if ((s = json_string_value(v)) != NULL && is_time(s)) {
		short_time(s, when);
		snprintf(buf, size, "%s", when);
	} else if (s != NULL)
		snprintf(buf, size, "%s", words != NULL ?
		    tk_enum_label(words, s) : s);
	else
		json_array_foreach(v, i, w)
			if ((s = json_string_value(w)) != NULL && len < size)
				len += snprintf(buf + len, size - len, "%s%s",
				    len > 0 ? "、" : "", s);
}

/* "理由：不属于本单位职责；依据：…" from the event's data. */
static void
event_details(json_t *data, char *buf, size_t size)
{
	char value[256];
	size_t i, len = 0;

	*buf = '\0';
	for (i = 0; i < sizeof(details) / sizeof(details[0]); i++) {
		value_text(json_object_get(data, details[i].key),
		    details[i].words, value, sizeof(value));
		if (value[0] != '\0' && len < size)
			len += snprintf(buf + len, size - len, "%s%s：%s",
			    len > 0 ? "；" : "", details[i].label, value);
	}
}

/*
 * "待签收→办理中": an order's statuses when the event names a unit, the
 * ticket's when not; nothing when a word is of neither (an extension's
 * "pending", a card's color), which the details say instead.
 */
static void
event_change(json_t *e, char *buf, size_t size)
{
	const struct tk_enum *words = tk_json_str(e, "unit") != NULL ?
	    tk_order_statuses : tk_statuses;
	const char *before = tk_json_str(e, "before");
	const char *after = tk_json_str(e, "after");

	*buf = '\0';
	if (after == NULL || tk_enum_find(words, after) == -1 ||
	    (before != NULL && tk_enum_find(words, before) == -1))
		return;
	snprintf(buf, size, "%s→%s", before != NULL ?
	    tk_enum_label(words, before) : "", tk_enum_label(words, after));
}

static void
timeline(FILE *fp, json_t *events)
{
	static const char *const head[] = { "时间", "操作人", "事项", "单位",
	    "状态", "详情" };
	static const size_t widths[] = { 16, 12, 12, 8, 18, 80 };
	const char *cells[6];
	char when[17], change[128], more[1024];
	json_t *e;
	size_t i, n;

	tk_table_row(fp, head, widths, 6);
	json_array_foreach(events, i, e) {
		short_time(tk_json_str(e, "at"), when);
		event_change(e, change, sizeof(change));
		event_details(json_object_get(e, "data"), more, sizeof(more));
		cells[0] = when;
		cells[1] = tk_json_str(e, "actor");
		cells[2] = tk_enum_label(tk_event_kinds, tk_json_str(e, "kind"));
		cells[3] = tk_json_str(e, "unit");
		cells[4] = change;
		cells[5] = more;
		/* Empty cells at the end would leave blanks there. */
		for (n = 6; n > 1 && (cells[n - 1] == NULL ||
		    *cells[n - 1] == '\0'); n--)
			continue;
		tk_table_row(fp, cells, widths, n);
	}
}

/*
 * A ticket named, for people: its number, state and six elements (六要
 *素), then its history one event a line.  It prints what it is given,
 * so a unit's view, stripped of the caller, stays stripped.
 */
void
tk_ticket_history(FILE *fp, json_t *t)
{
	json_t *facts = json_object_get(t, "facts");
	char when[17];
	int i;

	short_time(tk_json_str(t, "received_at"), when);
	field(fp, "工单号", tk_json_str(t, "id"));
	field(fp, "受理时间", when);
	labelled(fp, "类别", tk_categories, tk_json_str(t, "category"));
	labelled(fp, "状态", tk_statuses, tk_json_str(t, "status"));
	for (i = 0; tk_facts[i].word != NULL; i++)
		field(fp, tk_facts[i].label, tk_json_str(facts,
		    tk_facts[i].word));
	fputc('\n', fp);
	timeline(fp, json_object_get(t, "events"));
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

/* A text of the ticket as it may be published (ticket(7)). */
static void
put_public(json_t *o, const char *key, char *const *names, const char *text)
{
	char *masked = tk_public_text(names, text);

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
	    "redirected", "closed", "archived", "merged", NULL };
	const char *status = tk_json_str(t, "status"), *topic;
	json_t *o = json_object();
	char buf[TK_TIME_LEN], **names = NULL;
	int i, is_closed = 0, may = tk_public_may(t, status);

	for (i = 0; closed[i] != NULL; i++)
		is_closed |= status != NULL && strcmp(status, closed[i]) == 0;
	put(o, "service_request_id", tk_json_str(t, "id"));
	put(o, "status", is_closed ? "closed" : "open");
	/* What may not be published keeps only what GeoReport v2 needs:
	 * the service, the status and the dates. */
	if (may) {
		names = tk_public_names(t);
		put(o, "status_notes", tk_enum_label(tk_statuses, status));
	}
	topic = may ? tk_json_str(t, "topic") : NULL;
	put_public(o, "service_name", names, topic != NULL ? topic :
	    tk_enum_label(tk_categories, tk_json_str(t, "category")));
	put(o, "service_code", tk_json_str(t, "category"));
	if (may) {
		put_public(o, "description", names, path_text(t, "facts.what"));
		put(o, "agency_responsible", lead);
	}
	put(o, "requested_datetime", tk_json_str(t, "received_at"));
	put(o, "updated_datetime", tk_json_str(t, "updated_at"));
	if (may && due != -1)
		put(o, "expected_datetime", tk_time_format(due, buf));
	if (may)
		put_public(o, "address", names, tk_json_str(t, "area"));
	tk_public_names_free(names);
	return o;
}

/* An order of a unit's queue for people: what, by when, then the ticket. */
void
tk_queue_table(FILE *fp, const struct tk_queue_row *t)
{
	static const char *const head[] = { "期限", "待办", "单位", "工单号",
	    "类别", "区域", "事由" };
	size_t widths[] = { 16, 8, 10, 14, 4, 14, 40 };
	const char *cells[7];
	char when[TK_TIME_LEN], due[17];

	widths[3] += strlen(tk_conf_get("id_prefix"));
	if (t == NULL) {
		tk_table_row(fp, head, widths, 7);
		return;
	}
	short_time(t->due != -1 ? tk_time_format(t->due, when) : NULL, due);
	cells[0] = t->due != -1 ? due : "无";
	cells[1] = tk_queue_steps[t->step].label;
	cells[2] = t->unit;
	cells[3] = t->ticket;
	cells[4] = tk_enum_label(tk_categories, t->category);
	cells[5] = t->area;
	cells[6] = t->what;
	tk_table_row(fp, cells, widths, 7);
}
