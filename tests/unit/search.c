/*
 * tests/unit/search.c -- TAP tests for lib/search.c's tokenizer and
 * query quoting: what the index keeps of a text is exactly the tokens
 * below, with the offsets of the bytes they came from.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	printf("1..%d\n", ntest);
	return 0;
}
