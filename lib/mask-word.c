/*
 * mask-word.c: the words masking looks for, in short lists typed here
 * (the context: 丈夫, 先生, 说, QQ) and in the built-in lexicon from
 * friso-dict (mask-data.c: surnames, given-name characters, words).
 *
 * A lexicon table is records of one width, each followed by '\n',
 * sorted by bytes: tk_lex_has() is a binary search over them that never
 * reads past the NUL of the text it is given.
 */
#include <string.h>

#include "ticket.h"
#include "mask-int.h"

extern const char tk_lex_surname1[], tk_lex_surname1_end[],
	tk_lex_surname2[], tk_lex_surname2_end[], tk_lex_given[],
	tk_lex_given_end[], tk_lex_given1[], tk_lex_given1_end[],
	tk_lex_given2[], tk_lex_given2_end[], tk_lex_words2[],
	tk_lex_words2_end[], tk_lex_words3[], tk_lex_words3_end[];

#define LEX(sym, w)	{ sym, sym##_end, w }
const struct tk_lex tk_lex_surname1_t = LEX(tk_lex_surname1, 3);
const struct tk_lex tk_lex_surname2_t = LEX(tk_lex_surname2, 6);
const struct tk_lex tk_lex_given_t = LEX(tk_lex_given, 3);
const struct tk_lex tk_lex_given1_t = LEX(tk_lex_given1, 3);
const struct tk_lex tk_lex_given2_t = LEX(tk_lex_given2, 3);
const struct tk_lex tk_lex_words2_t = LEX(tk_lex_words2, 6);
const struct tk_lex tk_lex_words3_t = LEX(tk_lex_words3, 9);

int
tk_lex_has(const struct tk_lex *lex, const char *p)
{
	size_t lo = 0, hi, mid, stride = lex->width + 1;
	int c;

	if (strnlen(p, lex->width) < lex->width)
		return 0;
	hi = (size_t)(lex->end - lex->start) / stride;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = memcmp(p, lex->start + mid * stride, lex->width);
		if (c == 0)
			return 1;
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

/* Bytes of the longest word of the list that text starts with. */
size_t
tk_mask_word(const char *text, const char *const *words)
{
	const char *w;
	size_t n, best = 0;

	/* Called at every character: the first two bytes decide mostly.
	 * text[1] is read only after text[0], equal to w[0], was no NUL. */
	for (; (w = *words) != NULL; words++) {
		if (w[0] != text[0] || (w[1] != '\0' && w[1] != text[1]))
			continue;
		n = strlen(w);
		if (n > best && strncmp(text, w, n) == 0)
			best = n;
	}
	return best;
}

/* Bytes of the longest word of the list that ends at text[i]. */
size_t
tk_mask_word_before(const char *text, size_t i, const char *const *words)
{
	size_t n, best = 0;

	for (; *words != NULL; words++) {
		n = strlen(*words);
		if (n > best && n <= i && memcmp(text + i - n, *words, n) == 0)
			best = n;
	}
	return best;
}
