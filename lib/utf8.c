/*
 * utf8.c: UTF-8 validity, display width, trimming, and text made safe
 * to show on a terminal.
 *
 * The width table is ours rather than wcwidth(3)'s so that a table lines
 * up the same under cron's C locale as at a terminal: East Asian wide and
 * full-width characters take two columns, combining marks none.
 */
#include <stdio.h>
#include <string.h>

#include "ticket.h"

/*
 * Returns 0 when the n bytes are well-formed UTF-8 (no overlongs, no
 * surrogates, nothing past U+10FFFF); otherwise -1 and the offset of the
 * first bad byte.
 */
int
tk_utf8_check(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len, k;
	unsigned cp, min;

	while (i < n) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		if ((p[i] & 0xe0) == 0xc0)
			len = 2, cp = p[i] & 0x1f, min = 0x80;
		else if ((p[i] & 0xf0) == 0xe0)
			len = 3, cp = p[i] & 0x0f, min = 0x800;
		else if ((p[i] & 0xf8) == 0xf0)
			len = 4, cp = p[i] & 0x07, min = 0x10000;
		else
			goto bad;
		if (n - i < len)
			goto bad;
		for (k = 1; k < len; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			goto bad;
		i += len;
	}
	return 0;
bad:
	if (bad != NULL)
		*bad = i;
	return -1;
}

/* Decodes one character of valid UTF-8; returns its length in bytes. */
static size_t
decode(const unsigned char *p, unsigned *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xe0) == 0xc0) {
		*cp = (p[0] & 0x1f) << 6 | (p[1] & 0x3f);
		return 2;
	}
	if ((p[0] & 0xf0) == 0xe0) {
		*cp = (p[0] & 0x0f) << 12 | (p[1] & 0x3f) << 6 | (p[2] & 0x3f);
		return 3;
	}
	*cp = (p[0] & 0x07) << 18 | (p[1] & 0x3f) << 12 |
	    (p[2] & 0x3f) << 6 | (p[3] & 0x3f);
	return 4;
}

/*
 * One character of the n bytes at p, for text that may end mid-way
 * (the tokenizer's): a sequence cut short is one byte of U+FFFD.
 */
size_t
tk_utf8_decode(const char *p, size_t n, unsigned *cp)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t need = u[0] < 0x80 ? 1 : (u[0] & 0xe0) == 0xc0 ? 2 :
	    (u[0] & 0xf0) == 0xe0 ? 3 : 4;

	if (need > n) {
		*cp = 0xfffd;
		return 1;
	}
	return decode(u, cp);
}

static int
charwidth(unsigned cp)
{
	static const unsigned wide[][2] = {
		{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
		{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
		{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
		{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
		{ 0x1f900, 0x1f9ff }, { 0x20000, 0x3fffd },
	};
	size_t i;

	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if ((cp >= 0x300 && cp <= 0x36f) || cp == 0x200b ||
	    (cp >= 0xfe00 && cp <= 0xfe0f))
		return 0;
	/* Below the first wide range: most of what tables hold (digits,
	 * letters, punctuation) answers here, without the search. */
	if (cp < wide[0][0])
		return 1;
	for (i = 0; i < sizeof(wide) / sizeof(wide[0]); i++)
		if (cp >= wide[i][0] && cp <= wide[i][1])
			return 2;
	return 1;
}

size_t
tk_utf8_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;
	unsigned cp;

	while (*p != '\0') {
		p += decode(p, &cp);
		w += charwidth(cp);
	}
	return w;
}

/*
 * Returns how many bytes of s fit in max columns without splitting a
 * character, and their width in *width.
 */
size_t
tk_utf8_fit(const char *s, size_t max, size_t *width)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0, n;
	unsigned cp;
	int cw;

	while (*p != '\0') {
		n = decode(p, &cp);
		cw = charwidth(cp);
		if (w + cw > max)
			break;
		w += cw;
		p += n;
	}
	if (width != NULL)
		*width = w;
	return (size_t)(p - (const unsigned char *)s);
}

/* ASCII white space and the ideographic space U+3000 that IMEs type. */
static size_t
space_at(const char *s)
{
	if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r' ||
	    *s == '\v' || *s == '\f')
		return 1;
	if (s[0] == '\xe3' && s[1] == '\x80' && s[2] == '\x80')
		return 3;
	return 0;
}

static size_t
space_before(const char *s, const char *end)
{
	if (end > s && space_at(end - 1) == 1)
		return 1;
	if (end - s >= 3 && memcmp(end - 3, "\xe3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

/* Whether the n bytes of s have white space at neither end. */
int
tk_trimmed(const char *s, size_t n)
{
	return n > 0 && space_at(s) == 0 && space_before(s, s + n) == 0;
}

/* Trims white space in place at both ends; returns s moved past the lead. */
char *
tk_trim(char *s)
{
	size_t n;
	char *end;

	while ((n = space_at(s)) > 0)
		s += n;
	end = s + strlen(s);
	while ((n = space_before(s, end)) > 0)
		end -= n;
	*end = '\0';
	return s;
}

/* C0 controls, DEL and the C1 controls (U+0080 to U+009F, which some
 * terminals take for ESC [): what a terminal obeys rather than shows. */
static int
control(const unsigned char *p, size_t *len)
{
	*len = p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f ? 2 : 1;
	return p[0] < 0x20 || p[0] == 0x7f || *len == 2;
}

/*
 * The text to show people, on a terminal or in a mail: controls and
 * escape sequences written as \n, \t, \r, \xHH or \u00HH, so a citizen's
 * text cannot move the cursor, recolour or retitle a terminal, or forge
 * a line.  Returns s itself when it has none, else a buffer reused by
 * the next call.
 */
const char *
tk_utf8_shown(const char *s)
{
	static char *buf;
	static size_t cap;
	const unsigned char *p;
	size_t len, n = 0;

	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if (control(p, &len))
			break;
	if (*p == '\0')
		return s;
	if (cap < 6 * strlen(s) + 1)
		buf = tk_xrealloc(buf, cap = 6 * strlen(s) + 1);
	for (p = (const unsigned char *)s; *p != '\0'; p += len)
		if (!control(p, &len))
			buf[n++] = (char)*p;
		else if (len == 2)
			n += sprintf(buf + n, "\\u%04x", p[1]);
		else if (*p == '\n' || *p == '\t' || *p == '\r')
			n += sprintf(buf + n, "\\%c", *p == '\n' ? 'n' :
			    *p == '\t' ? 't' : 'r');
		else
			n += sprintf(buf + n, "\\x%02x", *p);
	buf[n] = '\0';
	return buf;
}
