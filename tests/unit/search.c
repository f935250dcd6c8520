/*
 * tests/unit/search.c -- TAP tests for lib/search.c's tokenizer and
 * query quoting: what the index keeps of a text is exactly the tokens
 * below, with the offsets of the bytes they came from.  And intake's
 * body for the index is, byte for byte, the text the index is later
 * told to take out: the index keeps no copy to check it against.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sql.h"

static int ntest;

static void
ok(int cond, const char *desc)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++ntest, desc);
}

struct out {
	const char	*text;
	char		 buf[1024];
	size_t		 len;
	int		 offsets_ok;
};

/* Each token as "tok " after checking it is the text's own bytes, or
 * (a word) their lowercase. */
static int
put(void *arg, const char *tok, int len, int start, int end)
{
	struct out *o = arg;
	int i;

	if (len <= end - start)
		for (i = 0; i < len; i++)
			if (tok[i] != o->text[start + i] &&
			    tok[i] != (o->text[start + i] | 0x20) &&
			    (unsigned char)o->text[start + i] < 0x80)
				o->offsets_ok = 0;
	o->len += (size_t)snprintf(o->buf + o->len, sizeof(o->buf) - o->len,
	    "%.*s ", len, tok);
	return 0;
}

static void
tokens(const char *text, const char *want, const char *desc)
{
	struct out o = { text, { 0 }, 0, 1 };

	tk_search_tokens(text, (int)strlen(text), put, &o);
	ok(strcmp(o.buf, want) == 0 && o.offsets_ok, desc);
	if (strcmp(o.buf, want) != 0)
		printf("#   got:      %s\n#   expected: %s\n", o.buf, want);
}

static void
query(const char *words, const char *want, const char *desc)
{
	char *q = tk_search_query(words);

	ok(want == NULL ? q == NULL : q != NULL && strcmp(q, want) == 0,
	    desc);
	if (q != NULL && (want == NULL || strcmp(q, want) != 0))
		printf("#   got:      %s\n", q);
	free(q);
}

/* Stores the record as intake would and compares the two bodies. */
static void
same_body(struct tk_db *db, const char *record, const char *desc)
{
	json_t *rec = json_loads(record, 0, NULL);
	struct tk_buf text = { NULL, 0, 0 };
	struct tk_row r;
	char why[TK_ERRLEN], *body, *stored;

	memset(&r, 0, sizeof(r));
	if (rec == NULL || tk_ticket_normalize(rec, NULL, 0, &r.doc,
	    &r.received, why) == -1) {
		ok(0, desc);
		printf("#   refused: %s\n", rec == NULL ? "bad JSON" : why);
		json_decref(rec);
		return;
	}
	tk_row_columns(&r);
	tk_buf_value(&text, r.doc);
	r.text = text.s;
	r.len = text.n;
	r.status = "new";
	r.id = tk_store_new_id(db, r.received);
	body = tk_search_body(r.doc);
	stored = tk_store_insert(db, &r) == 0 ?
	    tk_search_text(db, r.id) : NULL;
	ok(stored != NULL && strcmp(body, stored) == 0, desc);
	if (stored == NULL || strcmp(body, stored) != 0)
		printf("#   intake: %s\n#   BODY:   %s\n", body,
		    stored ? stored : "(none)");
	free(stored);
	free(body);
	free(text.s);
	free((char *)r.id);
	json_decref(r.doc);
	json_decref(rec);
}

#define REC(extra) "{\"channel\":\"phone\",\"category\":\"help\"," \
	"\"received_at\":\"2026-03-02T10:00:00+08:00\"," extra "}"

static void
bodies(void)
{
	const char *tmp = getenv("TMPDIR");
	char dir[256], path[300];
	struct tk_db *db;

	snprintf(dir, sizeof(dir), "%s/search-unit.XXXXXX", tmp ? tmp :
	    "/tmp");
	if (mkdtemp(dir) == NULL)
		tk_err(1, "mkdtemp");
	snprintf(path, sizeof(path), "%s/t.db", dir);
	tk_conf_load("/dev/null", 1);
	db = tk_db_open(path);
	tk_db_begin(db);
	same_body(db, REC("\"topic\":\"城建/电梯\",\"facts\":{\"when\":"
	    "\"昨天\",\"where\":\"3号楼\",\"who\":\"住户\",\"what\":"
	    "\"电梯坏了\"}"), "topic and facts, in the document's order");
	same_body(db, REC("\"facts\":{\"result\":\"要求答复\",\"what\":"
	    "\"没有主题\",\"who\":\"我\",\"where\":\"某路\",\"when\":"
	    "\"今天\"}"), "no topic: an empty first line; facts as given");
	same_body(db, REC("\"topic\":\"  供水 \",\"facts\":{\"what\":"
	    "\" 停水\\t三天\\n无人管　\",\"where\":\"\\\"某\\\"路\\\\\","
	    "\"who\":\"\\u0001x\",\"when\":\"\\u2028\",\"process\":\"\"}"),
	    "trimmed values, controls, quotes, backslashes, an empty fact");
	same_body(db, REC("\"facts\":{\"what\":\"WiFi\",\"who\":\"a\","
	    "\"where\":\"b\",\"when\":\"c\"},\"caller\":{\"phone\":"
	    "\"13800000000\",\"name\":\"王强\"}"), "with a caller named: the same body");
	tk_db_rollback(db);
	tk_db_close(db);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	tokens("电梯坏了", "电梯 梯坏 坏了 ", "a CJK run: overlapping pairs");
	tokens("电梯", "电梯 ", "two characters: one pair");
	tokens("楼", "楼 ", "one character alone: itself");
	tokens("3号楼", "3 号楼 ", "digits part from CJK");
	tokens("WiFi密码", "wifi 密码 ", "letters lowercased, apart from CJK");
	tokens("拨打12345无人接听", "拨打 12345 无人 人接 接听 ",
	    "a number inside Chinese text");
	tokens("噪音，扰民", "噪音 扰民 ", "punctuation ends a run");
	tokens("ＡＢ１２", "ab12 ", "full-width letters and digits as ASCII");
	tokens("a\xe7\x94", "a ", "a character cut short is no token");
	tokens("", "", "nothing: no token");
	query("电梯 噪音", "\"电梯\" \"噪音\"", "each word a quoted string");
	query("  x\"y  ", "\"x\"\"y\"", "a quote doubled, spaces trimmed");
	query(" \t ", NULL, "no words: NULL");
	bodies();
	printf("1..%d\n", ntest);
	return 0;
}
