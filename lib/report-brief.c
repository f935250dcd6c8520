/*
 * report-brief.c: the monthly briefing (简报) as one self-contained HTML page,
 * or as Markdown.
 *
 * The page carries everything inline: its CSS, and each chart as SVG
 * drawn here (daily volume, categories, the ranking of level-2 units by
 * score, their cards, satisfaction over six months), so it opens
 * offline, mails as one file and prints (an @media print rule keeps a
 * chart from breaking across pages).  No URL appears in it.  The
 * figures are those of ticket-report units --level 2 and summary for
 * the month: the briefing adds no formula of its own.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

struct series {
	const char	*label[64];
	double		 value[64];
	double		 value2[64];	/* a second bar, or unused */
	size_t		 n;
};

/* Text into HTML: the five characters that matter escaped. */
static void
esc(FILE *fp, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
		switch (*s) {
		case '&': fputs("&amp;", fp); break;
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '"': fputs("&quot;", fp); break;
		case '\'': fputs("&#39;", fp); break;
		default: fputc(*s, fp);
		}
}

/* Markdown table cells: a bar would end the cell. */
static void
md_cell(FILE *fp, const char *s)
{
	for (; s != NULL && *s != '\0'; s++)
	{
		if (*s == '|')
			fputc('\\', fp);
		fputc(*s == '\n' ? ' ' : *s, fp);
	}
}

static double
max_of(const struct series *s)
{
	double m = 0;
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (s->value[i] > m)
			m = s->value[i];
		if (s->value2[i] > m)
			m = s->value2[i];
	}
	return m > 0 ? m : 1;
}

/* Columns, one per label, the value above each: daily volume. */
static void
svg_columns(FILE *fp, const char *title, const struct series *s)
{
	double m = max_of(s), w = s->n ? 640.0 / s->n : 640, h;
	size_t i;

	fprintf(fp, "<figure><figcaption>");
	esc(fp, title);
	fprintf(fp, "</figcaption>\n<svg viewBox=\"0 0 680 240\" role=\"img\">\n");
	fprintf(fp, "<line x1=\"30\" y1=\"200\" x2=\"670\" y2=\"200\" "
	    "class=\"axis\"/>\n");
	for (i = 0; i < s->n; i++) {
		h = 170 * s->value[i] / m;
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
		    "height=\"%.1f\" class=\"bar\"/>", 30 + i * w + w * 0.15,
		    200 - h, w * 0.7, h);
		fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" class=\"num\">%.0f"
		    "</text>", 30 + i * w + w / 2, 196 - h, s->value[i]);
		fprintf(fp, "<text x=\"%.1f\" y=\"216\" class=\"lab\">",
		    30 + i * w + w / 2);
		esc(fp, s->label[i]);
		fprintf(fp, "</text>\n");
	}
	fprintf(fp, "</svg></figure>\n");
}

/* Rows of bars, the label on the left; a second series beside it. */
static void
svg_bars(FILE *fp, const char *title, const struct series *s, int two,
    const char *fmt)
{
	double m = max_of(s), y, len;
	size_t i;
	int k;

	fprintf(fp, "<figure><figcaption>");
	esc(fp, title);
	fprintf(fp, "</figcaption>\n<svg viewBox=\"0 0 680 %zu\" role=\"img\">\n", 10 + 26 * s->n);
	for (i = 0; i < s->n; i++) {
		y = 8 + 26.0 * i;
		fprintf(fp, "<text x=\"150\" y=\"%.1f\" class=\"name\">", y + 15);
		esc(fp, s->label[i]);
		fprintf(fp, "</text>");
		for (k = 0; k < 1 + two; k++) {
			double v = k ? s->value2[i] : s->value[i];

			len = 440 * v / m;
			fprintf(fp, "<rect x=\"160\" y=\"%.1f\" width=\"%.1f\" "
			    "height=\"%d\" class=\"%s\"/>", y + k * 10, len,
			    two ? 9 : 20, k ? "red" : two ? "yellow" : "bar");
			fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" class=\"val\">",
			    166 + len, y + (two ? 8 + k * 10 : 15));
			fprintf(fp, fmt, v);
			fprintf(fp, "</text>");
		}
		fputc('\n', fp);
	}
	fprintf(fp, "</svg></figure>\n");
}

/* A line through the points, a share each (0 to 1, or none: < 0). */
static void
svg_line(FILE *fp, const char *title, const struct series *s)
{
	double w = s->n > 1 ? 600.0 / (s->n - 1) : 0, x, y;
	size_t i;
	int pen = 0;

	fprintf(fp, "<figure><figcaption>");
	esc(fp, title);
	fprintf(fp, "</figcaption>\n<svg viewBox=\"0 0 680 220\" role=\"img\">\n"
	    "<line x1=\"40\" y1=\"180\" x2=\"660\" y2=\"180\" class=\"axis\"/>"
	    "\n<path class=\"line\" d=\"");
	for (i = 0; i < s->n; i++)
		if (s->value[i] >= 0) {
			fprintf(fp, "%c%.1f %.1f ", pen++ ? 'L' : 'M',
			    50 + i * w, 180 - 160 * s->value[i]);
		}
	fprintf(fp, "\"/>\n");
	for (i = 0; i < s->n; i++) {
		x = 50 + i * w;
		y = 180 - 160 * (s->value[i] >= 0 ? s->value[i] : 0);
		if (s->value[i] >= 0)
			fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" "
			    "class=\"dot\"/><text x=\"%.1f\" y=\"%.1f\" "
			    "class=\"num\">%.1f%%</text>", x, y, x, y - 8,
			    100 * s->value[i]);
		fprintf(fp, "<text x=\"%.1f\" y=\"200\" class=\"lab\">", x);
		esc(fp, s->label[i]);
		fprintf(fp, "</text>\n");
	}
	fprintf(fp, "</svg></figure>\n");
}

static const char style[] =
    "<style>\n"
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\","
    "\"Microsoft YaHei\",\"PingFang SC\",sans-serif;margin:2em auto;"
    "max-width:760px;color:#222;line-height:1.5}\n"
    "h1{font-size:1.6em;border-bottom:3px solid #b22;padding-bottom:.3em}\n"
    "h2{font-size:1.2em;color:#b22;margin-top:1.6em}\n"
    "table{border-collapse:collapse;width:100%;font-size:.9em}\n"
    "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right}\n"
    "th:first-child,td:first-child{text-align:left}\n"
    "th{background:#f3f3f3}\n"
    ".kpi{display:flex;flex-wrap:wrap;gap:.8em}\n"
    ".kpi div{border:1px solid #ddd;border-radius:4px;padding:.5em 1em;"
    "flex:1;min-width:8em}\n"
    ".kpi b{display:block;font-size:1.5em;color:#b22}\n"
    "figure{margin:1em 0}figcaption{font-weight:bold;margin-bottom:.3em}\n"
    "svg{width:100%;height:auto}\n"
    ".bar{fill:#4a78b5}.yellow{fill:#e8b912}.red{fill:#c8322f}\n"
    ".axis{stroke:#888;stroke-width:1}\n"
    ".line{fill:none;stroke:#c8322f;stroke-width:2}.dot{fill:#c8322f}\n"
    "text{font-size:11px;fill:#333}\n"
    ".num,.lab{text-anchor:middle}.name{text-anchor:end}\n"
    "@media print{body{margin:0;max-width:none}"
    "figure,table,.kpi{break-inside:avoid;page-break-inside:avoid}"
    "h2{break-after:avoid;page-break-after:avoid}}\n"
    "</style>\n";

struct brief {
	const struct tk_report *r;
	FILE		*fp;
	int		 html;
	int		 year, month;
	json_t		*units;		/* level 2, by score */
	json_t		*summary;
	json_t		*hot;
};

static long
sum_of(json_t *units, const char *key)
{
	json_t *u;
	size_t i;
	long n = 0;

	json_array_foreach(units, i, u)
		n += (long)json_integer_value(json_object_get(u, key));
	return n;
}

static void
pct(char *buf, size_t len, long num, long den)
{
	if (den == 0)
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.1f%%", 100.0 * num / den);
}

/* The summary rows of one dimension as a series. */
static void
dimension(const struct brief *b, const char *dim, struct series *s)
{
	json_t *row;
	size_t i;

	memset(s, 0, sizeof(*s));
	json_array_foreach(b->summary, i, row)
		if (s->n < 64 && strcmp(tk_json_str(row, "dimension"), dim) == 0) {
			s->label[s->n] = tk_json_str(row, strcmp(dim, "day") == 0 ?
			    "key" : "name");
			if (strcmp(dim, "day") == 0)
				s->label[s->n] += 8;	/* the day of the month */
			s->value[s->n++] = (double)json_integer_value(
			    json_object_get(row, "count"));
		}
}

static long
summary_count(const struct brief *b, const char *dim)
{
	json_t *row;
	size_t i;

	json_array_foreach(b->summary, i, row)
		if (strcmp(tk_json_str(row, "dimension"), dim) == 0)
			return (long)json_integer_value(json_object_get(row,
			    "count"));
	return 0;
}

static void
heading(const struct brief *b, const char *text)
{
	if (b->html) {
		fputs("<h2>", b->fp);
		esc(b->fp, text);
		fputs("</h2>\n", b->fp);
	} else
		fprintf(b->fp, "\n## %s\n\n", text);
}

/* The month's key figures over every level-2 unit. */
static void
key_figures(const struct brief *b)
{
	static const char *const names[] = { "受理总量", "直接答复",
	    "派单（单位件次）", "按时办结率", "满意率", "解决率" };
	char v[6][32];
	long total = summary_count(b, "total");
	size_t i;

	snprintf(v[0], sizeof(v[0]), "%ld", total);
	pct(v[1], sizeof(v[1]), summary_count(b, "answered"), total);
	snprintf(v[2], sizeof(v[2]), "%ld", sum_of(b->units, "dispatched"));
	pct(v[3], sizeof(v[3]), sum_of(b->units, "replied_on_time"),
	    sum_of(b->units, "ontime_base"));
	pct(v[4], sizeof(v[4]), sum_of(b->units, "satisfied"),
	    sum_of(b->units, "answered"));
	pct(v[5], sizeof(v[5]), sum_of(b->units, "resolved"),
	    sum_of(b->units, "resolution_base"));
	heading(b, "一、总体情况");
	if (b->html)
		fputs("<div class=\"kpi\">", b->fp);
	else
		fputs("| 指标 | 数值 |\n|---|---:|\n", b->fp);
	for (i = 0; i < 6; i++)
		fprintf(b->fp, b->html ? "<div>%s<b>%s</b></div>" :
		    "| %s | %s |\n", names[i], v[i]);
	if (b->html)
		fputs("</div>\n", b->fp);
	fprintf(b->fp, b->html ? "<p>%s</p>\n" : "\n%s\n", "派单按承办单位计："
	    "一件工单派给主办、协办两个单位，计派单两次。");
}

static void
chart_or_table(const struct brief *b, const char *title,
    const struct series *s, int columns)
{
	size_t i;

	if (b->html) {
		if (columns)
			svg_columns(b->fp, title, s);
		else
			svg_bars(b->fp, title, s, 0, "%.0f");
		return;
	}
	fprintf(b->fp, "**%s**\n\n| 项目 | 件数 |\n|---|---:|\n", title);
	for (i = 0; i < s->n; i++) {
		fputs("| ", b->fp);
		md_cell(b->fp, s->label[i]);
		fprintf(b->fp, " | %.0f |\n", s->value[i]);
	}
	fputc('\n', b->fp);
}

static void
volumes(const struct brief *b)
{
	struct series s;

	heading(b, "二、受理情况");
	dimension(b, "day", &s);
	chart_or_table(b, "每日受理量", &s, 1);
	dimension(b, "category", &s);
	chart_or_table(b, "诉求类别", &s, 0);
}

static const char *
unit_label(json_t *u)
{
	return tk_json_str(u, "name");
}

/* The ranking by score, the cards, and the table of figures. */
static const char *const unit_cols[] = { "dispatched", "replied",
    "ontime_rate", "satisfaction_rate", "resolution_rate", "yellow", "red",
    "score" };
static const char *const unit_labels[] = { "派单", "办结", "按时办结率",
    "满意率", "解决率", "黄牌", "红牌", "得分" };
#define NUNITCOLS	(sizeof(unit_cols) / sizeof(unit_cols[0]))

/* The units' scores, and their cards where they have any. */
static void
unit_series(const struct brief *b, struct series *s, struct series *c)
{
	json_t *u;
	size_t i;

	memset(s, 0, sizeof(*s));
	memset(c, 0, sizeof(*c));
	json_array_foreach(b->units, i, u) {
		if (s->n < 64 && json_is_number(json_object_get(u, "score"))) {
			s->label[s->n] = unit_label(u);
			s->value[s->n++] = json_number_value(json_object_get(u,
			    "score"));
		}
		if (c->n < 64 && json_integer_value(json_object_get(u, "yellow")) +
		    json_integer_value(json_object_get(u, "red")) > 0) {
			c->label[c->n] = unit_label(u);
			c->value[c->n] = (double)json_integer_value(
			    json_object_get(u, "yellow"));
			c->value2[c->n++] = (double)json_integer_value(
			    json_object_get(u, "red"));
		}
	}
}

static void
unit_head(const struct brief *b)
{
	size_t k;

	if (b->html) {
		fputs("<table><tr><th>单位</th>", b->fp);
		for (k = 0; k < NUNITCOLS; k++)
			fprintf(b->fp, "<th>%s</th>", unit_labels[k]);
		fputs("</tr>\n", b->fp);
		return;
	}
	fputs("| 单位 |", b->fp);
	for (k = 0; k < NUNITCOLS; k++)
		fprintf(b->fp, " %s |", unit_labels[k]);
	fputs("\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n", b->fp);
}

/* A figure as the briefing shows it: a count, a share, or the score. */
static void
unit_cell(const struct brief *b, json_t *v, int score)
{
	char text[32];

	if (json_is_integer(v))
		snprintf(text, sizeof(text), "%lld",
		    (long long)json_integer_value(v));
	else if (!json_is_number(v))
		snprintf(text, sizeof(text), "-");
	else if (score)
		snprintf(text, sizeof(text), "%.1f", json_number_value(v));
	else
		snprintf(text, sizeof(text), "%.1f%%",
		    100 * json_number_value(v));
	fprintf(b->fp, b->html ? "</td><td>%s" : " | %s", text);
}

static void
units(const struct brief *b)
{
	struct series s, c;
	json_t *u;
	size_t i, k;

	heading(b, "三、承办单位考核");
	unit_series(b, &s, &c);
	if (b->html) {
		svg_bars(b->fp, "单位综合得分排名", &s, 0, "%.1f");
		if (c.n > 0)
			svg_bars(b->fp, "督办黄牌、红牌", &c, 1, "%.0f");
	}
	unit_head(b);
	json_array_foreach(b->units, i, u) {
		fputs(b->html ? "<tr><td>" : "| ", b->fp);
		if (b->html)
			esc(b->fp, unit_label(u));
		else
			md_cell(b->fp, unit_label(u));
		for (k = 0; k < NUNITCOLS; k++)
			unit_cell(b, json_object_get(u, unit_cols[k]),
			    k == NUNITCOLS - 1);
		fputs(b->html ? "</td></tr>\n" : " |\n", b->fp);
	}
	if (b->html)
		fputs("</table>\n", b->fp);
}

/* Satisfaction of the six months to this one, over every level-2 unit. */
static void
trend(const struct brief *b)
{
	static char names[6][16];
	struct tk_report r = *b->r;
	struct series s;
	json_t *all;
	int i, y, m;
	long sat, ans;

	memset(&s, 0, sizeof(s));
	r.level = 2;
	r.unit = NULL;
	for (i = 0; i < 6; i++) {
		y = b->year;
		m = b->month - 5 + i;
		if (m < 1)
			m += 12, y--;
		r.from = tk_time_from_local(tk_days_from_civil(y, m, 1), 0);
		r.to = tk_time_from_local(tk_days_from_civil(m == 12 ? y + 1 : y,
		    m % 12 + 1, 1), 0);
		all = tk_report_units(&r);
		sat = sum_of(all, "satisfied");
		ans = sum_of(all, "answered");
		json_decref(all);
		snprintf(names[i], sizeof(names[i]), "%d月", m);
		s.label[i] = names[i];
		s.value[i] = ans ? (double)sat / ans : -1;
	}
	s.n = 6;
	heading(b, "四、满意率走势（近六个月）");
	if (b->html) {
		svg_line(b->fp, "满意率", &s);
		return;
	}
	fputs("| 月份 | 满意率 |\n|---|---:|\n", b->fp);
	for (i = 0; i < 6; i++)
		if (s.value[i] >= 0)
			fprintf(b->fp, "| %s | %.1f%% |\n", s.label[i],
			    100 * s.value[i]);
		else
			fprintf(b->fp, "| %s | - |\n", s.label[i]);
}

static void
hot_spots(const struct brief *b)
{
	json_t *h;
	char *topic, *area;
	size_t i;

	heading(b, "五、热点诉求");
	fputs(b->html ? "<table><tr><th>主题</th><th>区域</th><th>本月</th>"
	    "<th>上月</th><th>增减</th></tr>\n" :
	    "| 主题 | 区域 | 本月 | 上月 | 增减 |\n|---|---|---:|---:|---:|\n",
	    b->fp);
	json_array_foreach(b->hot, i, h) {
		/* Topics and areas are typed by people: a name can hide there. */
		topic = tk_public_text(NULL, tk_json_str(h, "topic"));
		area = tk_public_text(NULL, tk_json_str(h, "area"));
		fputs(b->html ? "<tr><td>" : "| ", b->fp);
		if (b->html) {
			esc(b->fp, topic);
			fputs("</td><td style=\"text-align:left\">", b->fp);
			esc(b->fp, area);
		} else {
			md_cell(b->fp, topic);
			fputs(" | ", b->fp);
			md_cell(b->fp, area);
		}
		free(topic);
		free(area);
		fprintf(b->fp, b->html ? "</td><td>%lld</td><td>%lld</td>"
		    "<td>%+lld</td></tr>\n" : " | %lld | %lld | %+lld |\n",
		    (long long)json_integer_value(json_object_get(h, "count")),
		    (long long)json_integer_value(json_object_get(h, "previous")),
		    (long long)json_integer_value(json_object_get(h, "change")));
	}
	if (b->html)
		fputs("</table>\n", b->fp);
}

static int
by_score(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	json_t *sa = json_object_get(a, "score"), *sb = json_object_get(b,
	    "score");
	double da = json_is_number(sa) ? json_number_value(sa) : -1;
	double db = json_is_number(sb) ? json_number_value(sb) : -1;

	if (da != db)
		return da > db ? -1 : 1;
	return strcmp(tk_json_str(a, "unit"), tk_json_str(b, "unit"));
}

/* The level-2 units' figures, best score first. */
static json_t *
ranked(const struct tk_report *r0)
{
	struct tk_report r = *r0;
	json_t *all, *out = json_array(), **v;
	size_t i, n;

	r.level = 2;
	r.unit = NULL;
	all = tk_report_units(&r);
	n = json_array_size(all);
	v = tk_xmalloc((n ? n : 1) * sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = json_array_get(all, i);
	qsort(v, n, sizeof(*v), by_score);
	for (i = 0; i < n; i++)
		tk_jpush_share(out, v[i]);
	free(v);
	json_decref(all);
	return out;
}

void
tk_brief(const struct tk_report *r, int html, FILE *fp)
{
	struct brief b;
	struct tk_report h = *r;
	int d;
	char title[128];

	memset(&b, 0, sizeof(b));
	b.r = r;
	b.fp = fp;
	b.html = html;
	tk_civil_from_days(tk_time_localdate(r->from), &b.year, &b.month, &d);
	h.limit = 10;
	b.units = ranked(r);
	b.summary = tk_report_summary(r);
	b.hot = tk_report_hot(&h);
	/* The city named, as the administrator set it (ticket(5)). */
	snprintf(title, sizeof(title), "%s12345热线%d年%d月工作简报",
	    tk_conf_get("city"), b.year, b.month);
	if (html) {
		fprintf(fp, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n"
		    "<meta charset=\"utf-8\">\n<title>%s</title>\n%s</head>\n"
		    "<body>\n<h1>%s</h1>\n", title, style, title);
	} else
		fprintf(fp, "# %s\n", title);
	key_figures(&b);
	volumes(&b);
	units(&b);
	trend(&b);
	hot_spots(&b);
	if (html)
		fputs("</body>\n</html>\n", fp);
	json_decref(b.units);
	json_decref(b.summary);
	json_decref(b.hot);
}
