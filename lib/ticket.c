/*
 * ticket.c: the ticket model: its words, its labels and the rules of
 * intake (ticket-new(1)).  Pure: no I/O, no database.
 *
 * Normalizing turns what a caller system sent into the ticket's stored
 * document: known fields checked, typed, trimmed and put in one order,
 * unknown keys kept after them untouched.  Sources without types (CSV
 * cells, --set values) may give booleans as words and numbers as text;
 * everything else must have the type the field has.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

const struct tk_enum tk_categories[] = {
	{ "consultation", "咨询" }, { "help", "求助" },
	{ "suggestion", "建议" }, { "complaint", "投诉" },
	{ "report", "举报" }, { NULL, NULL }
};

const struct tk_enum tk_channels[] = {
	{ "phone", "电话" }, { "web", "网站" }, { "app", "移动客户端" },
	{ "wechat", "微信" }, { "email", "电子邮件" }, { "letter", "来信" },
	{ "visit", "来访" }, { "province", "省级平台交办" },
	{ "leader", "领导批示" }, { NULL, NULL }
};

/* Open statuses first: tk_status_is_open relies on the order. */
const struct tk_enum tk_statuses[] = {
	{ "new", "待处理" }, { "escalated", "呈办" },
	{ "dispatched", "已转办" }, { "in_progress", "办理中" },
	{ "reopened", "重办" }, { "replied", "已反馈" },
	{ "answered", "直接答复" }, { "rejected", "不予受理" },
	{ "redirected", "紧急转接" }, { "closed", "已办结" },
	{ "archived", "已归档" }, { "merged", "已并单" }, { NULL, NULL }
};
#define NOPEN	6

const struct tk_enum tk_reject_reasons[] = {
	{ "R1", "无实质内容或诉求不清" },
	{ "R2", "人大、政协、纪检监察、法院、检察院、军队事项" },
	{ "R3", "涉及国家秘密、工作秘密、商业秘密或个人隐私" },
	{ "R4", "诉讼、仲裁、行政复议或信访渠道事项" },
	{ "R5", "紧急事项（110/119/120/122）" },
	{ "R6", "纯属个人事务，与政府职能无关" },
	{ "R7", "其他不予受理事项" },
	{ NULL, NULL }
};

const struct tk_enum tk_facts[] = {
	{ "when", "时间" }, { "where", "地点" }, { "who", "人物" },
	{ "what", "事由" }, { "process", "经过" }, { "result", "结果" },
	{ NULL, NULL }
};

/* The same facts by their dotted names, for messages. */
static const char *const fact_paths[] = {
	"facts.when", "facts.where", "facts.who", "facts.what",
	"facts.process", "facts.result"
};

/* Keys the platform sets; a source that sends them is confused. */
static const char *const reserved[] = {
	"id", "status", "mode", "assignments", "events", "duplicate_of",
	"redirect", "callback", "updated_at", "unrouted", "major", "answer",
	"direct", "opinion", "instruction", "proposal", "archive",
	"merged_into", "suspect", "cleared", NULL
};

/*
 * A ticket number as store.c makes them: the id_prefix setting (at most
 * 16 letters, digits, '-' or '_') and 14 digits, date and sequence.
 * Whatever comes from outside (stdin, an archive's lines) is checked
 * here before it names a file or goes into a page.
 */
int
tk_ticket_id_valid(const char *id)
{
	size_t n, ok;

	if (id == NULL || (n = strlen(id)) < 14 || n > 16 + 14)
		return 0;
	ok = strspn(id, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	    "0123456789-_");
	return ok == n && strspn(id + n - 14, "0123456789") == 14;
}

int
tk_enum_find(const struct tk_enum *e, const char *word)
{
	int i;

	for (i = 0; e[i].word != NULL; i++)
		if (strcmp(e[i].word, word) == 0)
			return i;
	return -1;
}

const char *
tk_enum_label(const struct tk_enum *e, const char *word)
{
	int i = word != NULL ? tk_enum_find(e, word) : -1;

	return i == -1 ? word : e[i].label;
}

int
tk_status_is_open(const char *status)
{
	int i = tk_enum_find(tk_statuses, status);

	return i >= 0 && i < NOPEN;
}

/* ",new,escalated,...,": the open statuses, for a query to look in. */
const char *
tk_open_statuses(void)
{
	static char list[128];
	size_t n = 1;
	int i;

	if (list[0] == '\0') {
		list[0] = ',';
		for (i = 0; i < NOPEN; i++)
			n += snprintf(list + n, sizeof(list) - n, "%s,",
			    tk_statuses[i].word);
	}
	return list;
}

/* "a (甲), b (乙) or c (丙)": what an enum accepts, for messages. */
static void
enum_words(const struct tk_enum *e, char *buf, size_t len)
{
	size_t n = 0;
	int i;

	buf[0] = '\0';
	for (i = 0; e[i].word != NULL && n < len; i++)
		n += snprintf(buf + n, len - n, "%s%s (%s)",
		    i == 0 ? "" : e[i + 1].word == NULL ? " or " : ", ",
		    e[i].word, e[i].label);
}

/* The word of s, given as the word or as its Chinese label; -1: neither. */
static int
enum_take(const struct tk_enum *e, const char *s)
{
	int i;

	if ((i = tk_enum_find(e, s)) != -1)
		return i;
	for (i = 0; e[i].word != NULL; i++)
		if (strcmp(e[i].label, s) == 0)
			return i;
	return -1;
}

struct norm {
	const char	*timefmt;
	tk_time		 now;
	char		*err;
};

static int
bad(struct norm *n, const char *fmt, const char *a, const char *b)
{
	snprintf(n->err, TK_ERRLEN, fmt, a, b);
	return -1;
}

/* Moves key from src to dst as a trimmed string; empty means absent. */
static int
take_string(struct norm *n, json_t *src, json_t *dst, const char *key,
    const char *name, int numbers)
{
	json_t *v = json_object_get(src, key);
	char num[32], *copy;
	const char *s;

	if (v == NULL)
		return 0;
	/* Most values need no trimming: the record's own string moves. */
	if (json_is_string(v) && tk_trimmed(json_string_value(v),
	    json_string_length(v))) {
		tk_jset(dst, key, json_incref(v));
		json_object_del(src, key);
		return 0;
	}
	if (json_is_string(v))
		s = json_string_value(v);
	else if (numbers && json_is_integer(v)) {
		snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		s = num;
	} else if (json_is_null(v))
		s = "";
	else
		return bad(n, "\"%s\": expected a string", name, NULL);
	copy = tk_xstrdup(s);
	s = tk_trim(copy);
	if (*s != '\0')
		tk_jset(dst, key, json_string(s));
	free(copy);
	json_object_del(src, key);
	return 0;
}

static int
word_is(const char *s, const char *const *words)
{
	for (; *words != NULL; words++)
		if (strcasecmp(s, *words) == 0)
			return 1;
	return 0;
}

/* The Chinese words of a boolean field, beside 是 and 否. */
static const struct bool_words {
	const char	*field, *yes, *no;
} bool_words[] = {
	{ "urgent", "紧急", "一般" },
	{ "caller.anonymous", "匿名", "实名" },
	{ "caller.public", "公开", "不公开" },
	{ NULL, NULL, NULL }
};

/* 1 or 0 for a word meaning true or false in the field, -1 for neither. */
static int
bool_word(const char *field, const char *s)
{
	static const char *const yes[] = { "true", "1", "yes", "y", "是", NULL };
	static const char *const no[] = { "false", "0", "no", "n", "否", "", NULL };
	const struct bool_words *b;

	if (word_is(s, yes))
		return 1;
	if (word_is(s, no))
		return 0;
	for (b = bool_words; b->field != NULL; b++)
		if (strcmp(b->field, field) == 0)
			return strcmp(s, b->yes) == 0 ? 1 :
			    strcmp(s, b->no) == 0 ? 0 : -1;
	return -1;
}

/* Booleans: JSON true/false, 0/1, or a word from a typeless source. */
static int
take_bool(struct norm *n, json_t *src, json_t *dst, const char *key,
    const char *name)
{
	json_t *v = json_object_get(src, key);
	char *copy;
	int b;

	if (v == NULL || json_is_null(v))
		b = 0;
	else if (json_is_boolean(v))
		b = json_is_true(v);
	else if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) <= 1)
		b = json_integer_value(v) == 1;
	else if (json_is_string(v)) {
		copy = tk_xstrdup(json_string_value(v));
		b = bool_word(name, tk_trim(copy));
		free(copy);
		if (b == -1)
			return bad(n, "\"%s\": expected true or false, not "
			    "\"%s\"", name, json_string_value(v));
	} else
		return bad(n, "\"%s\": expected true or false", name, NULL);
	tk_jset(dst, key, json_boolean(b));
	json_object_del(src, key);
	return 0;
}

static int
take_enum(struct norm *n, json_t *src, json_t *dst, const char *key,
    const struct tk_enum *e)
{
	char words[400];
	const char *s;
	int i;

	if (take_string(n, src, dst, key, key, 0) == -1)
		return -1;
	if ((s = tk_json_str(dst, key)) == NULL)
		return bad(n, "missing \"%s\"", key, NULL);
	if ((i = enum_take(e, s)) == -1) {
		enum_words(e, words, sizeof(words));
		snprintf(n->err, TK_ERRLEN, "\"%s\": unknown value \"%.64s\" "
		    "(expected %s)", key, s, words);
		return -1;
	}
	tk_jset(dst, key, json_string(e[i].word));
	return 0;
}

static int
take_time(struct norm *n, json_t *src, json_t *dst, tk_time *t)
{
	char buf[TK_TIME_LEN];
	const char *s;
	int ok;

	if (take_string(n, src, dst, "received_at", "received_at", 0) == -1)
		return -1;
	if ((s = tk_json_str(dst, "received_at")) == NULL) {
		*t = n->now;
	} else {
		ok = n->timefmt != NULL &&
		    tk_time_parse_local(s, n->timefmt, t) == 0;
		if (!ok && tk_time_parse(s, t) == -1)
			return bad(n, "\"received_at\": not a time%s: \"%s\"",
			    n->timefmt ? " in the --time-format" : "", s);
	}
	tk_jset(dst, "received_at",
	    json_string(tk_time_format(*t, buf)));
	return 0;
}

/* Takes the object at key, or an empty one, to normalize in place. */
static json_t *
take_object(struct norm *n, json_t *src, const char *key)
{
	json_t *v = json_object_get(src, key);

	if (v == NULL || json_is_null(v))
		return json_object();
	if (!json_is_object(v)) {
		bad(n, "\"%s\": expected an object", key, NULL);
		return NULL;
	}
	return json_incref(v);
}

static int
put_object(json_t *src, json_t *dst, const char *key, json_t *obj, int rc)
{
	if (rc == 0 && json_object_size(obj) > 0)
		tk_jshare(dst, key, obj);
	json_decref(obj);
	json_object_del(src, key);
	return rc;
}

static int
take_caller(struct norm *n, json_t *src, json_t *dst)
{
	json_t *in, *out;
	int rc;

	if ((in = take_object(n, src, "caller")) == NULL)
		return -1;
	out = json_object();
	rc = take_string(n, in, out, "name", "caller.name", 0) == -1 ||
	    take_string(n, in, out, "phone", "caller.phone", 1) == -1 ||
	    take_bool(n, in, out, "anonymous", "caller.anonymous") == -1 ||
	    take_bool(n, in, out, "public", "caller.public") == -1 ? -1 : 0;
	tk_jmerge(out, in);
	json_decref(in);
	return put_object(src, dst, "caller", out, rc);
}

static int
take_facts(struct norm *n, json_t *src, json_t *dst)
{
	json_t *in, *out;
	int i, rc = 0;

	if ((in = take_object(n, src, "facts")) == NULL)
		return -1;
	out = json_object();
	for (i = 0; tk_facts[i].word != NULL && rc == 0; i++)
		rc = take_string(n, in, out, tk_facts[i].word, fact_paths[i],
		    0);
	tk_jmerge(out, in);
	json_decref(in);
	return put_object(src, dst, "facts", out, rc);
}

/* "reject": "R4" with "reject_note", or our own {"reason", "note"}. */
static int
take_reject(struct norm *n, json_t *src, json_t *dst)
{
	json_t *v = json_object_get(src, "reject"), *out = json_object();
	const char *code;
	int rc;

	if (json_is_object(v)) {
		rc = take_string(n, v, out, "reason", "reject.reason", 0) |
		    take_string(n, v, out, "note", "reject.note", 0);
	} else {
		rc = take_string(n, src, out, "reject", "reject", 0) |
		    take_string(n, src, out, "reject_note", "reject_note", 0);
		if ((code = tk_json_str(out, "reject")) != NULL) {
			tk_jset(out, "reason", json_string(code));
			json_object_del(out, "reject");
		}
		if ((v = json_object_get(out, "reject_note")) != NULL) {
			tk_jshare(out, "note", v);
			json_object_del(out, "reject_note");
		}
	}
	code = tk_json_str(out, "reason");
	if (rc == 0 && code != NULL && tk_enum_find(tk_reject_reasons, code) == -1)
		rc = bad(n, "\"reject\": unknown reason \"%s\" (expected R1 "
		    "to R7)", code, NULL);
	else if (rc == 0 && code == NULL && json_object_size(out) > 0)
		rc = bad(n, "\"reject\": a note without a reason code", NULL,
		    NULL);
	return put_object(src, dst, "reject", out, rc);
}

/* Is key one the platform sets, such as a redirected ticket's "redirect"? */
int
tk_ticket_reserved(const char *key)
{
	int i;

	for (i = 0; reserved[i] != NULL; i++)
		if (strcmp(reserved[i], key) == 0)
			return 1;
	return 0;
}

static int
check_reserved(struct norm *n, json_t *in)
{
	int i;

	for (i = 0; reserved[i] != NULL; i++)
		if (json_object_get(in, reserved[i]) != NULL)
			return bad(n, "\"%s\" is set by the platform, not at "
			    "intake%s", reserved[i], strcmp(reserved[i], "id") ?
			    "" : " (the caller system's id goes in "
			    "\"source_id\")");
	return 0;
}

/* what always; when, where and who for help, complaint and report. */
static int
check_facts(struct norm *n, json_t *t)
{
	static const char *const strict[] = { "help", "complaint", "report",
	    NULL };
	json_t *facts = json_object_get(t, "facts");
	const char *cat = tk_json_str(t, "category");
	int i, need_all;

	need_all = json_object_get(t, "reject") == NULL &&
	    word_is(cat, strict);
	for (i = 0; i < 4; i++) {
		if (i < 3 && !need_all)
			continue;
		if (tk_json_str(facts, tk_facts[i].word) == NULL)
			return bad(n, "missing \"%s\" (%s)",
			    tk_facts[i].word, tk_facts[i].label);
	}
	return 0;
}

/*
 * Normalizes an intake record into *doc (a new object) and its receipt
 * time.  in is consumed in the process.  Returns -1 with the reason in
 * err when the record must be refused.
 */
int
tk_ticket_normalize(json_t *in, const char *timefmt, tk_time now,
    json_t **doc, tk_time *received, char err[TK_ERRLEN])
{
	struct norm n = { timefmt, now, err };
	json_t *t = json_object();
	int rc;

	rc = check_reserved(&n, in) == -1 ||
	    take_string(&n, in, t, "source_id", "source_id", 1) == -1 ||
	    take_time(&n, in, t, received) == -1 ||
	    take_enum(&n, in, t, "channel", tk_channels) == -1 ||
	    take_caller(&n, in, t) == -1 ||
	    take_enum(&n, in, t, "category", tk_categories) == -1 ||
	    take_string(&n, in, t, "topic", "topic", 0) == -1 ||
	    take_string(&n, in, t, "area", "area", 0) == -1 ||
	    take_facts(&n, in, t) == -1 ||
	    take_bool(&n, in, t, "urgent", "urgent") == -1 ||
	    take_reject(&n, in, t) == -1 ||
	    check_facts(&n, t) == -1 ? -1 : 0;
	if (rc == -1) {
		json_decref(t);
		return -1;
	}
	tk_jmerge(t, in);
	*doc = t;
	return 0;
}

/* Names the facts a ticket lacks that are wanted but not required. */
int
tk_ticket_soft_missing(json_t *doc, char buf[TK_ERRLEN])
{
	json_t *facts = json_object_get(doc, "facts");
	size_t len = 0;
	int i;

	buf[0] = '\0';
	for (i = 4; tk_facts[i].word != NULL; i++)
		if (tk_json_str(facts, tk_facts[i].word) == NULL)
			len += snprintf(buf + len, TK_ERRLEN - len,
			    "%s\"%s\" (%s)", len ? ", " : "",
			    tk_facts[i].word, tk_facts[i].label);
	return len > 0;
}

/*
 * --map-value: the fields whose values an export may code its own way,
 * and the vocabulary each value must come to (NULL: any text).
 */
static const struct {
	const char		*field;
	const struct tk_enum	*words;
	int			 boolean;
} mappable[] = {
	{ "channel", tk_channels, 0 }, { "category", tk_categories, 0 },
	{ "urgent", NULL, 1 }, { "caller.anonymous", NULL, 1 },
	{ "caller.public", NULL, 1 }, { "reject", tk_reject_reasons, 0 },
	{ "topic", NULL, 0 }, { "area", NULL, 0 }
};
#define NMAPPABLE	(sizeof(mappable) / sizeof(mappable[0]))

/* Whether to is a value the field accepts; err says why not. */
static int
map_target_ok(size_t f, const char *to, char err[TK_ERRLEN])
{
	char words[400];

	if (mappable[f].boolean && bool_word(mappable[f].field, to) == -1)
		snprintf(err, TK_ERRLEN, "\"%s\" is not a value of %s "
		    "(expected true or false)", to, mappable[f].field);
	else if (mappable[f].words != NULL &&
	    enum_take(mappable[f].words, to) == -1) {
		enum_words(mappable[f].words, words, sizeof(words));
		snprintf(err, TK_ERRLEN, "\"%.64s\" is not a value of %s "
		    "(expected %s)", to, mappable[f].field, words);
	} else if (*to == '\0')
		snprintf(err, TK_ERRLEN, "an empty value for %s",
		    mappable[f].field);
	else
		return 0;
	return -1;
}

/* FIELD:FROM=TO into m (copies, freed by tk_value_map_free), checked. */
int
tk_value_map_parse(const char *arg, struct tk_value_map *m,
    char err[TK_ERRLEN])
{
	const char *colon = strchr(arg, ':'), *eq;
	size_t f, len;

	memset(m, 0, sizeof(*m));
	if (colon == NULL || (eq = strchr(colon, '=')) == NULL ||
	    eq == colon + 1) {
		snprintf(err, TK_ERRLEN, "expected FIELD:FROM=TO, not \"%s\"",
		    arg);
		return -1;
	}
	len = colon - arg;
	for (f = 0; f < NMAPPABLE; f++)
		if (strlen(mappable[f].field) == len &&
		    strncmp(mappable[f].field, arg, len) == 0)
			break;
	if (f == NMAPPABLE) {
		snprintf(err, TK_ERRLEN, "\"%.*s\" is not a field whose values "
		    "map (channel, category, urgent, caller.anonymous, "
		    "caller.public, reject, topic or area)", (int)len, arg);
		return -1;
	}
	if (map_target_ok(f, eq + 1, err) == -1)
		return -1;
	m->field = mappable[f].field;
	m->from = tk_xstrndup(colon + 1, eq - colon - 1);
	m->to = tk_xstrdup(eq + 1);
	return 0;
}

void
tk_value_map_free(struct tk_value_map *m)
{
	free(m->from);
	free(m->to);
	m->from = m->to = NULL;
}

/* A value as the text an export's code is compared with, or NULL. */
static const char *
map_key(json_t *v, char num[32])
{
	if (json_is_integer(v)) {
		snprintf(num, 32, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		return num;
	}
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/*
 * Each field's value replaced by the first map from it, before the
 * record is checked: a value mapped once is not mapped again.
 */
void
tk_value_map_apply(json_t *rec, const struct tk_value_map *m, size_t n)
{
	char num[32], *copy;
	const char *s, *key;
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < i && strcmp(m[j].field, m[i].field) != 0; j++)
			continue;
		if (j < i || (s = map_key(tk_json_path(rec, m[i].field),
		    num)) == NULL)
			continue;
		key = tk_trim(copy = tk_xstrdup(s));
		for (j = i; j < n; j++)
			if (strcmp(m[j].field, m[i].field) == 0 &&
			    strcmp(m[j].from, key) == 0) {
				tk_json_set_path(rec, m[j].field,
				    json_string(m[j].to));
				break;
			}
		free(copy);
	}
}

/* Appends name to the list in buf, once. */
static void
note_field(char *buf, size_t *len, const char *name)
{
	if (*len < TK_ERRLEN)
		*len += snprintf(buf + *len, TK_ERRLEN - *len, "%s%s",
		    *len ? ", " : "", name);
}

/* The keys of a or b whose values differ, under prefix ("" or "caller."). */
static void
differ_keys(json_t *a, json_t *b, const char *prefix, char *buf, size_t *len)
{
	json_t *objs[2] = { a, b }, *va, *vb;
	const char *key;
	char name[128];
	int i;

	for (i = 0; i < 2; i++)
		json_object_foreach(objs[i], key, va) {
			if (*prefix == '\0' && (word_is(key, reserved) ||
			    strcmp(key, "received_at") == 0 ||
			    strcmp(key, "source_id") == 0))
				continue;
			va = json_object_get(a, key);
			vb = json_object_get(b, key);
			if (i == 1 && va != NULL)
				continue;	/* seen from a */
			if (*prefix == '\0' && json_is_object(va) &&
			    json_is_object(vb)) {
				snprintf(name, sizeof(name), "%s.", key);
				differ_keys(va, vb, name, buf, len);
			} else if (!json_equal(va, vb)) {
				snprintf(name, sizeof(name), "%s%s", prefix,
				    key);
				note_field(buf, len, name);
			}
		}
}

/*
 * Names the fields an intake record would set otherwise than the stored
 * ticket has them: 1 and the names in buf, or 0.  The receipt time is
 * left out: a record without one takes the moment of its intake.
 */
int
tk_ticket_differs(json_t *stored, json_t *doc, char buf[TK_ERRLEN])
{
	size_t len = 0;

	buf[0] = '\0';
	differ_keys(stored, doc, "", buf, &len);
	return len > 0;
}
