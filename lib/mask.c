/*
 * mask.c -- hide personal data in free UTF-8 text before it is published.
 *
 * Pure: no I/O, no global state, no locale.  The input is scanned once
 * from left to right for digit chains, e-mail addresses and licence
 * plates; mask-name.c adds what it finds from the context (names of
 * third parties, QQ and WeChat ids, the numbers of an address) and every
 * given name, wherever it is.  All of that yields candidates; sorted by start and, on equal start, longest
 * first, they are taken greedily so that the earliest-starting longest
 * match wins and no two hits overlap.  The output is then rendered in a
 * single pass.
 *
 * Invariants:
 *  - hits refer to byte offsets of the ORIGINAL text, are sorted and
 *    never overlap;
 *  - masking replaces whole characters by one ASCII '*' each, so valid
 *    UTF-8 stays valid and the output is never longer than the input;
 *  - work is linear in the text length for the scanner (every byte is
 *    looked at a bounded number of times) plus one strstr per name.
 *
 * Digit chains.  A group is a maximal run of digits: ASCII, full-width
 * (U+FF10..U+FF19) or Chinese numerals said digit by digit (一三八, 幺);
 * groups joined by exactly one separator (space, '-', '.', ')', their
 * full-width forms or U+3000) form a chain.  A group is never split, which is what
 * keeps a mobile number inside a longer run from being taken for one.
 * From the first group of a chain we try the longest run of at most
 * MAXGROUPS groups first and shorten it until something fits; if nothing
 * does, the first group is skipped and the rest is tried again.  In a
 * chain of more than one group every group but the last must have at
 * least three digits ("+86" excepted), which keeps "3 13812348000 4"
 * and dates from gluing onto a phone number; only a mobile number may be
 * made of shorter groups (1 3 8 1 2 3 4 8 0 0 0), when the whole is one.  A trailing X/x ends a
 * chain and only counts for an ID card.  Letters right before or after
 * digits do not stop a hit (TEL13812348000): now and then starring an
 * order number is the cheaper mistake.  By total digits, in this order:
 *  - 18 (or 17 and a final X/x) with a plausible birth date
 *    (18xx/19xx/20xx, month 01-12, day 01-31): ID card, keep 4 + 4;
 *  - 11 starting 1[3-9]: mobile, keep 3 + 4; a country code in front
 *    (86 or 0086, glued on or as its own group) is kept too;
 *  - 15 with a plausible birth date (YYMMDD): the old ID card, 4 + 4;
 *  - 16-19, either one group or groups of 4 with a shorter last group:
 *    bank card, keep 4 + 4 (an 18-digit card without a birth date ends
 *    up here, masked the same way);
 *  - landline, keep area code + last 4: "0AA(A) local" as two groups,
 *    or one group of 10-12 digits starting with 0, the area code being
 *    3 digits after 01/02 and 4 otherwise; the local part has 7 or 8
 *    digits and does not start with 0 or 1.  A bare 7-8 digit group is
 *    a landline ONLY if one of the words in phonewords[] ends within
 *    KWWINDOW characters before it: bare numbers of that length are
 *    mostly ticket, order or amount numbers.
 * Separators inside a hit are kept as they are; only digits are starred.
 *
 * Names.  Every occurrence of each given name is masked wherever it is,
 * even inside a longer word (王平 hides the start of 王平安): leaking a
 * name costs more than a starred character too many; a space or a
 * middle dot between its characters does not hide it (mask-name.c).
 * Names of fewer than two characters are not looked for, they would
 * match everywhere.
 *
 * E-mail: [A-Za-z0-9._%+-]+, then '@', a full-width '＠' or the word
 * spelled out (" at ", "(at)", 艾特), then labels of [A-Za-z0-9-]
 * joined by dots, at least one dot; only the local part is masked, its
 * first character kept.  Plates: a province character, a letter of
 * either case, an optional separator (a dot too), then exactly 5 or 6
 * ASCII letters and digits not followed by another; province, letter
 * and the last two are kept (苏A12345 becomes 苏A***45).
 */

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"
#include "mask-int.h"

#define MAXGROUPS	12	/* groups of a digit chain looked at */
#define MAXDIGITS	19	/* the longest thing we classify: a bank card */
#define KWWINDOW	8	/* characters searched back for phonewords[] */

struct group {
	size_t	off;
	size_t	end;		/* after the digits */
	size_t	xend;		/* after a trailing X, == end without one */
	size_t	nd;		/* digits, X not counted */
	char	d[MAXDIGITS];	/* their ASCII values, if nd <= MAXDIGITS */
};

struct chain {
	struct group g[MAXGROUPS];
	int	n;
	int	plus;		/* '+' right before the first group */
};

static const char provinces[] =
    "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";
_Static_assert((sizeof(provinces) - 1) % 3 == 0,
    "province characters are all 3 bytes long in UTF-8");

static const char *const phonewords[] = {
	"电话", "座机", "固话", "手机", "号码", "联系方式", "致电", "拨打",
	"打给", "传真", "tel", "Tel", "TEL", "phone", "Phone", NULL
};

static const char *const kindnames[TK_MASK_NKINDS] = {
	"mobile", "landline", "idcard", "bankcard", "email", "plate", "name",
	"address", "account"
};

static int
isalnum_ascii(int c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') ||
	    (c >= 'a' && c <= 'z');
}

/* Length of the character at p; a malformed byte counts as one. */
size_t
tk_mask_u8len(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t n, k;

	if (u[0] < 0x80)
		return 1;
	if ((u[0] & 0xe0) == 0xc0)
		n = 2;
	else if ((u[0] & 0xf0) == 0xe0)
		n = 3;
	else if ((u[0] & 0xf8) == 0xf0)
		n = 4;
	else
		return 1;
	/* Stops at the NUL, which is no continuation byte. */
	for (k = 1; k < n; k++)
		if ((u[k] & 0xc0) != 0x80)
			return 1;
	return n;
}

/* Chinese numerals as said digit by digit (幺 is a one on the phone). */
static const char numerals[] = "〇零一二三四五六七八九幺";
static const char numeralval[] = "00123456789" "1";
_Static_assert((sizeof(numerals) - 1) / 3 == sizeof(numeralval) - 1,
    "a value for each numeral");

/* Byte length of a digit at p (ASCII, full-width or a Chinese numeral),
 * 0 if none; its value as an ASCII digit in *val. */
size_t
tk_mask_digitlen(const char *p, char *val)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t k;

	if (u[0] >= '0' && u[0] <= '9') {
		*val = (char)u[0];
		return 1;
	}
	if (u[0] == 0xef && u[1] == 0xbc && u[2] >= 0x90 && u[2] <= 0x99) {
		*val = (char)('0' + (u[2] - 0x90));
		return 3;
	}
	/* Whole characters only: memcmp must not pass the NUL. */
	if (u[0] < 0xe3 || u[0] > 0xe9 || tk_mask_u8len(p) != 3)
		return 0;
	for (k = 0; k + 3 < sizeof(numerals); k += 3)
		if ((unsigned char)numerals[k] == u[0] &&
		    (unsigned char)numerals[k + 1] == u[1] &&
		    (unsigned char)numerals[k + 2] == u[2]) {
			*val = numeralval[k / 3];
			return 3;
		}
	return 0;
}

static int
isdigitat(const char *p)
{
	char c;

	return tk_mask_digitlen(p, &c) != 0;
}

/* Separator allowed between the groups of a digit chain: space, '-',
 * '.', ')' and their full-width forms, U+3000. */
static size_t
digitseplen(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (u[0] == ' ' || u[0] == '-' || u[0] == '.' || u[0] == ')')
		return 1;
	if (u[0] == 0xe3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	if (u[0] == 0xef && u[1] == 0xbc && (u[2] == 0x8d || u[2] == 0x8e ||
	    u[2] == 0x89))
		return 3;
	return 0;
}

/* Any separator kept verbatim inside a hit: the above or U+00B7. */
static size_t
seplen(const char *p)
{
	const unsigned char *u = (const unsigned char *)p;

	if (u[0] == 0xc2 && u[1] == 0xb7)
		return 2;
	return digitseplen(p);
}

static int
push(struct candv *cv, const struct cand *c)
{
	struct cand *v;
	size_t cap;

	if (cv->n == cv->cap) {
		if (cv->cap > SIZE_MAX / 2 / sizeof(*v)) {
			errno = ENOMEM;
			return -1;
		}
		cap = cv->cap == 0 ? 16 : cv->cap * 2;
		if ((v = realloc(cv->v, cap * sizeof(*v))) == NULL)
			return -1;
		cv->v = v;
		cv->cap = cap;
	}
	cv->v[cv->n++] = *c;
	return 0;
}

static void
setcand(struct cand *c, enum tk_mask_kind kind, size_t off, size_t len,
    size_t head, size_t tail)
{
	c->kind = kind;
	c->off = off;
	c->len = len;
	c->mlen = len;
	c->head = head;
	c->tail = tail;
	c->keepsep = kind != TK_MASK_NAME && kind != TK_MASK_EMAIL &&
	    kind != TK_MASK_ACCOUNT;
}

int
tk_mask_push(struct candv *cv, enum tk_mask_kind kind, size_t off,
    size_t len, size_t head, size_t tail)
{
	struct cand c;

	setcand(&c, kind, off, len, head, tail);
	return push(cv, &c);
}

/* Bytes the character at p may take without leaving [p, p + left). */
static size_t
charat(const char *p, size_t left)
{
	size_t n;

	n = tk_mask_u8len(p);
	return n > left ? left : n;
}

static int
issepat(const char *p, size_t k, int keepsep)
{
	return keepsep && seplen(p) == k;
}

static size_t
countable(const char *src, size_t len, int keepsep)
{
	size_t i, k, n;

	for (i = n = 0; i < len; i += k) {
		k = charat(src + i, len - i);
		if (!issepat(src + i, k, keepsep))
			n++;
	}
	return n;
}

/*
 * Copy src to dst, keeping the first head and last tail countable
 * characters and turning every other one into a single '*'.  Returns
 * the bytes written, never more than len.
 */
static size_t
maskrun(char *dst, const char *src, size_t len, size_t head, size_t tail,
    int keepsep)
{
	size_t i, k, n, idx, o;
	int keep;

	n = countable(src, len, keepsep);
	for (i = idx = o = 0; i < len; i += k) {
		k = charat(src + i, len - i);
		if (issepat(src + i, k, keepsep))
			keep = 1;
		else {
			keep = idx < head || idx + tail >= n;
			idx++;
		}
		if (keep) {
			memcpy(dst + o, src + i, k);
			o += k;
		} else
			dst[o++] = '*';
	}
	return o;
}

static int
islocal(int c)
{
	return isalnum_ascii(c) || c == '.' || c == '_' || c == '%' ||
	    c == '+' || c == '-';
}

static int
islabel(int c)
{
	return isalnum_ascii(c) || c == '-';
}

/*
 * End of the domain starting at text[j], 0 unless it has a dot.  Its
 * last label, the top-level domain, is letters: what is glued on after
 * them (a@qq.com13812348000) is not the address's, and is scanned.
 */
static size_t
domainend(const char *text, size_t j)
{
	size_t end, prev, start, last;
	int dots;

	for (end = prev = last = 0, dots = 0;; dots++, j++) {
		for (start = j; islabel((unsigned char)text[j]); j++)
			continue;
		if (j == start)
			break;
		prev = end;
		end = j;
		last = start;
		/* A final dot ends the sentence, not the address. */
		if (text[j] != '.' || !islabel((unsigned char)text[j + 1]))
			break;
	}
	for (j = last; isalnum_ascii((unsigned char)text[j]) &&
	    (text[j] < '0' || text[j] > '9'); j++)
		continue;
	if (j > last)
		return dots > 0 ? j : 0;
	return dots > 1 ? prev : 0;
}

/* The '@' of an address, full-width or spelled out. */
static const char *const ats[] = {
	"@", "＠", " @ ", " ＠ ", " at ", " AT ", "(at)", "[at]", " (at) ",
	" [at] ", "艾特", " 艾特 ", NULL
};

static int
scanemail(const char *text, size_t i, struct cand *c)
{
	size_t at, end, n;

	/*
	 * Only where a local part can begin: the bytes of a local part
	 * are then read once, not once per position inside it.
	 */
	if (i > 0 && islocal((unsigned char)text[i - 1]))
		return 0;
	for (at = i; islocal((unsigned char)text[at]); at++)
		continue;
	if (at == i || (n = tk_mask_word(text + at, ats)) == 0 ||
	    (end = domainend(text, at + n)) == 0)
		return 0;
	setcand(c, TK_MASK_EMAIL, i, end - i, 1, 0);
	c->mlen = at - i;
	return 1;
}

static int
isprovince(const char *p)
{
	size_t k;

	if (tk_mask_u8len(p) != 3)
		return 0;
	for (k = 0; k + 3 < sizeof(provinces); k += 3)
		if (memcmp(p, provinces + k, 3) == 0)
			return 1;
	return 0;
}

static int
isletter(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

/* Letters of either case and ASCII digits: 苏a12345 is a plate too. */
static size_t
platecharlen(const char *p)
{
	return isalnum_ascii((unsigned char)*p) ? 1 : 0;
}

static int
scanplate(const char *text, size_t i, struct cand *c)
{
	size_t j, k;
	int n;

	/* isprovince() saw three non-NUL bytes, so text[i + 3] exists. */
	if (!isprovince(text + i) || !isletter((unsigned char)text[i + 3]))
		return 0;
	j = i + 4;
	j += text[j] == '.' ? 1 : seplen(text + j);
	for (n = 0; n < 7 && (k = platecharlen(text + j)) > 0; n++)
		j += k;
	if (n < 5 || n > 6 || isalnum_ascii((unsigned char)text[j]))
		return 0;
	setcand(c, TK_MASK_PLATE, i, j - i, 2, 2);
	return 1;
}

static void
lexgroup(const char *text, size_t i, struct group *g)
{
	size_t k;
	char c;

	g->off = i;
	g->nd = 0;
	while ((k = tk_mask_digitlen(text + i, &c)) > 0) {
		if (g->nd < MAXDIGITS)
			g->d[g->nd] = c;
		g->nd++;
		i += k;
	}
	g->end = g->xend = i;
	/* An ID card may end in X; "Xi" or "x2" is something else. */
	if ((text[i] == 'X' || text[i] == 'x') &&
	    !isalnum_ascii((unsigned char)text[i + 1]))
		g->xend = i + 1;
}

static void
lexchain(const char *text, size_t i, struct chain *ch)
{
	struct group *g;
	size_t s;

	ch->plus = (i > 0 && text[i - 1] == '+') ||
	    (i >= 3 && memcmp(text + i - 3, "\xef\xbc\x8b", 3) == 0);
	for (ch->n = 0; ch->n < MAXGROUPS; i = g->end + s) {
		g = &ch->g[ch->n++];
		lexgroup(text, i, g);
		if (g->xend != g->end)
			break;
		s = digitseplen(text + g->end);
		if (s == 0 || !isdigitat(text + g->end + s))
			break;
	}
}

static int
is86(const struct chain *ch)
{
	const struct group *g = &ch->g[0];

	return ch->plus && g->nd >= 2 && g->d[0] == '8' && g->d[1] == '6';
}

/*
 * Glue the digits of groups 0..h into d; 0 if that cannot be a hit.
 * *split is set when a group but the last is shorter than three digits:
 * then only a mobile number may be made of them (1 3 8 1 2 3 4 ...).
 */
static size_t
gather(const struct chain *ch, int h, char *d, int *split)
{
	const struct group *g;
	size_t total;
	int k;

	*split = 0;
	for (total = 0, k = 0; k <= h; k++) {
		g = &ch->g[k];
		if (g->nd > MAXDIGITS - total)
			return 0;
		if (k < h && g->nd < 3 && !(k == 0 && g->nd == 2 && is86(ch)))
			*split = 1;
		memcpy(d + total, g->d, g->nd);
		total += g->nd;
	}
	return total;
}

static int
ismobile(const char *d)
{
	return d[0] == '1' && d[1] >= '3' && d[1] <= '9';
}

/* Digits of a country code before a mobile number: 86, 0086; -1 if
 * this is no mobile number. */
static int
mobile_prefix(const char *d, size_t total)
{
	if (total == 11 && ismobile(d))
		return 0;
	if (total == 13 && d[0] == '8' && d[1] == '6' && ismobile(d + 2))
		return 2;
	if (total == 15 && memcmp(d, "0086", 4) == 0 && ismobile(d + 4))
		return 4;
	return -1;
}

/* The 15-digit card issued before 1999: region, YYMMDD, sequence. */
static int
isoldid(const char *d)
{
	int month, day;

	month = (d[8] - '0') * 10 + (d[9] - '0');
	day = (d[10] - '0') * 10 + (d[11] - '0');
	return d[0] >= '1' && d[0] <= '9' && month >= 1 && month <= 12 &&
	    day >= 1 && day <= 31;
}

/* At least 17 digits; checks region and birth date only, no checksum. */
static int
isidcard(const char *d)
{
	int month, day;

	if (d[0] < '1' || d[0] > '9')
		return 0;
	if (!(d[6] == '1' && (d[7] == '8' || d[7] == '9')) &&
	    !(d[6] == '2' && d[7] == '0'))
		return 0;
	month = (d[10] - '0') * 10 + (d[11] - '0');
	day = (d[12] - '0') * 10 + (d[13] - '0');
	return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

static int
isbankgroups(const struct chain *ch, int h)
{
	int k;

	for (k = 0; k < h; k++)
		if (ch->g[k].nd != 4)
			return 0;
	return ch->g[h].nd <= 4 || h == 0;
}

static int
iscontbyte(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

/* Does a phone word end within KWWINDOW characters before text[i]? */
static int
phoneword(const char *text, size_t i)
{
	size_t w, k, n, klen;
	int c;

	/* Bounded in bytes too, against long runs of stray bytes. */
	for (w = i, c = 0; c < KWWINDOW && w > 0; c++) {
		w--;
		while (w > 0 && i - w < 4 * KWWINDOW && iscontbyte(text[w]))
			w--;
	}
	for (k = 0; phonewords[k] != NULL; k++) {
		klen = strlen(phonewords[k]);
		for (n = w; n + klen <= i; n++)
			if (memcmp(text + n, phonewords[k], klen) == 0)
				return 1;
	}
	return 0;
}

static int
islocalno(const char *d, size_t n)
{
	return n >= 7 && n <= 8 && d[0] >= '2' && d[0] <= '9';
}

/* Digits kept in front of a landline number, -1 if it is none. */
static int
landline(const char *text, const struct chain *ch, int h, const char *d,
    size_t total)
{
	size_t area;

	if (h == 1 && d[0] == '0' && ch->g[0].nd >= 3 && ch->g[0].nd <= 4 &&
	    islocalno(d + ch->g[0].nd, ch->g[1].nd))
		return (int)ch->g[0].nd;
	if (h != 0)
		return -1;
	if (d[0] == '0' && total >= 10) {
		area = d[1] == '1' || d[1] == '2' ? 3 : 4;
		return islocalno(d + area, total - area) ? (int)area : -1;
	}
	if (islocalno(d, total) && phoneword(text, ch->g[0].off))
		return 0;
	return -1;
}

/* Is groups 0..h of the chain something to mask?  Fills c if so. */
static int
classify(const char *text, const struct chain *ch, int h, struct cand *c)
{
	const struct group *last = &ch->g[h];
	char d[MAXDIGITS];
	size_t off, total;
	int area, split, cc;

	if ((total = gather(ch, h, d, &split)) == 0)
		return 0;
	off = ch->g[0].off;
	if ((cc = mobile_prefix(d, total)) >= 0)
		setcand(c, TK_MASK_MOBILE, off, last->end - off,
		    (size_t)cc + 3, 4);
	else if (split)
		return 0;
	else if (total == 17 && last->xend != last->end && isidcard(d))
		setcand(c, TK_MASK_IDCARD, off, last->xend - off, 4, 4);
	else if (total == 18 && isidcard(d))
		setcand(c, TK_MASK_IDCARD, off, last->end - off, 4, 4);
	else if (total == 15 && isoldid(d))
		setcand(c, TK_MASK_IDCARD, off, last->end - off, 4, 4);
	else if (total >= 16 && isbankgroups(ch, h))
		setcand(c, TK_MASK_BANKCARD, off, last->end - off, 4, 4);
	else if ((area = landline(text, ch, h, d, total)) >= 0)
		setcand(c, TK_MASK_LANDLINE, off, last->end - off,
		    (size_t)area, 4);
	else
		return 0;
	return 1;
}

/*
 * The digit chain at text[i]: longest fitting prefix first.  *next is
 * where scanning goes on; never inside a group.
 */
static int
scandigits(const char *text, size_t i, struct cand *c, size_t *next)
{
	struct chain ch;
	int h;

	lexchain(text, i, &ch);
	for (h = ch.n - 1; h >= 0; h--)
		if (classify(text, &ch, h, c)) {
			*next = c->off + c->len;
			return 1;
		}
	*next = ch.g[0].xend;
	return 0;
}

static int
scantext(const char *text, struct candv *cv)
{
	struct cand c;
	size_t i, next;
	int found;

	for (i = 0; text[i] != '\0'; i = next) {
		if (scanemail(text, i, &c) || scanplate(text, i, &c)) {
			found = 1;
			next = c.off + c.len;
		} else if (isdigitat(text + i))
			found = scandigits(text, i, &c, &next);
		else {
			found = 0;
			next = i + tk_mask_u8len(text + i);
		}
		if (found && push(cv, &c) == -1)
			return -1;
	}
	return 0;
}

/* Earliest start first, then longest; kind only to be deterministic. */
static int
candcmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	if (x->len != y->len)
		return x->len > y->len ? -1 : 1;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return 0;
}

/* Keep the earliest-starting longest candidates that do not overlap. */
static void
pickhits(struct candv *cv)
{
	size_t i, n, end;

	if (cv->n == 0)
		return;
	qsort(cv->v, cv->n, sizeof(cv->v[0]), candcmp);
	for (i = n = end = 0; i < cv->n; i++) {
		if (cv->v[i].off < end)
			continue;
		cv->v[n++] = cv->v[i];
		end = cv->v[i].off + cv->v[i].len;
	}
	cv->n = n;
}

static void
render(char *out, const char *text, size_t len, const struct candv *cv)
{
	const struct cand *c;
	size_t i, k, o;

	for (i = o = k = 0; k < cv->n; k++) {
		c = &cv->v[k];
		memcpy(out + o, text + i, c->off - i);
		o += c->off - i;
		o += maskrun(out + o, text + c->off, c->mlen, c->head, c->tail,
		    c->keepsep);
		memcpy(out + o, text + c->off + c->mlen, c->len - c->mlen);
		o += c->len - c->mlen;
		i = c->off + c->len;
	}
	memcpy(out + o, text + i, len - i);
	out[o + len - i] = '\0';
}

static int
fillreport(struct tk_mask_report *r, const struct candv *cv)
{
	size_t k;

	if (cv->n == 0)
		return 0;
	if ((r->hits = calloc(cv->n, sizeof(*r->hits))) == NULL)
		return -1;
	for (k = 0; k < cv->n; k++) {
		r->hits[k].kind = cv->v[k].kind;
		r->hits[k].offset = cv->v[k].off;
		r->hits[k].length = cv->v[k].len;
		r->counts[cv->v[k].kind]++;
	}
	r->nhits = cv->n;
	return 0;
}

char *
tk_mask_text(const char *text, const char *const *names,
    struct tk_mask_report *report)
{
	struct candv cv;
	char *out;
	size_t len;

	if (report != NULL)
		memset(report, 0, sizeof(*report));
	if (text == NULL) {
		errno = EINVAL;
		return NULL;
	}
	memset(&cv, 0, sizeof(cv));
	out = NULL;
	len = strlen(text);
	if (scantext(text, &cv) == -1 ||
	    tk_mask_scan_context(text, &cv) == -1 ||
	    tk_mask_scan_names(text, names, &cv) == -1)
		goto fail;
	pickhits(&cv);
	if ((out = malloc(len + 1)) == NULL)
		goto fail;
	render(out, text, len, &cv);
	if (report != NULL && fillreport(report, &cv) == -1)
		goto fail;
	free(cv.v);
	return out;
fail:
	free(out);
	free(cv.v);
	errno = ENOMEM;
	return NULL;
}

void
tk_mask_report_free(struct tk_mask_report *r)
{
	if (r == NULL)
		return;
	free(r->hits);
	memset(r, 0, sizeof(*r));
}

const char *
tk_mask_kind_name(enum tk_mask_kind kind)
{
	if ((unsigned int)kind >= TK_MASK_NKINDS)
		return "unknown";
	return kindnames[kind];
}

char *
tk_mask_name(const char *name)
{
	char *out;
	size_t len, o;

	if (name == NULL) {
		errno = EINVAL;
		return NULL;
	}
	len = strlen(name);
	if ((out = malloc(len + 1)) == NULL)
		return NULL;
	o = maskrun(out, name, len, 1, 0, 0);
	out[o] = '\0';
	return out;
}
