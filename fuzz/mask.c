/*
 * mask.c: the masker (tk_mask_text) on any text, with a mobile number
 * put in it.  The first ten bytes choose the number; the text is the
 * rest, the number standing where its first byte 0x01 is (else at its
 * end).  What the masker promises (lib/mask.c): the output no longer
 * than the input, valid UTF-8 kept valid, hits sorted and apart, and a
 * mobile number that stands alone never printed whole.  The masker
 * must also come back on any text: no crash, leak or undefined
 * behaviour.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define SEED	10

/*
 * A digit or a separator that would join the number to a longer run, or
 * a character of a word it would be part of (an e-mail address, a URL):
 * there the number is not asserted on, though the masker may still
 * find it (TEL13812348000).
 */
static int
joins(const char *p, size_t n)
{
	static const char *const wide[] = { "\xe3\x80\x80", "\xef\xbc\x8d",
	    NULL };
	size_t i;

	if (n == 0)
		return 0;
	if (strchr("0123456789 -._%+@/:=", p[0]) != NULL ||
	    (p[0] >= 'A' && p[0] <= 'Z') || (p[0] >= 'a' && p[0] <= 'z'))
		return 1;
	/* U+FF10..U+FF19, full-width digits */
	if (n >= 3 && memcmp(p, "\xef\xbc", 2) == 0 &&
	    (unsigned char)p[2] >= 0x90 && (unsigned char)p[2] <= 0x99)
		return 1;
	for (i = 0; wide[i] != NULL; i++)
		if (n >= 3 && memcmp(p, wide[i], 3) == 0)
			return 1;
	return 0;
}

/* The character that ends at p + n, or "" at the start. */
static size_t
last_char(const char *s, size_t n)
{
	size_t k = n;

	while (k > 0 && ((unsigned char)s[k - 1] & 0xc0) == 0x80)
		k--;
	return k > 0 ? k - 1 : n;
}

static void
check_hits(const struct tk_mask_report *r, size_t len)
{
	size_t i, end = 0;

	for (i = 0; i < r->nhits; i++) {
		if (r->hits[i].offset < end || r->hits[i].length == 0 ||
		    r->hits[i].offset + r->hits[i].length > len)
			abort();
		end = r->hits[i].offset + r->hits[i].length;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const names[] = { "张伟", "欧阳娜娜", "王 平",
	    NULL };
	struct tk_mask_report r;
	char phone[12], *text, *out, *at;
	size_t i, left, bad, len;
	int alone, valid;

	if (size < SEED)
		return 0;
	phone[0] = '1';
	phone[1] = (char)('3' + data[0] % 7);
	for (i = 2; i < 11; i++)
		phone[i] = (char)('0' + data[i - 1] % 10);
	phone[11] = '\0';
	data += SEED;
	size -= SEED;
	at = memchr(data, 1, size);
	left = at != NULL ? (size_t)(at - (const char *)data) : size;
	len = size + 11 - (at != NULL);
	text = tk_xmalloc(len + 1);
	memcpy(text, data, left);
	memcpy(text + left, phone, 11);
	memcpy(text + left + 11, data + left + (at != NULL),
	    size - left - (at != NULL));
	text[len] = '\0';
	len = strlen(text);	/* a NUL in the input ends the text */

	out = tk_mask_text(text, names, &r);
	if (out == NULL || strlen(out) > len)
		abort();
	check_hits(&r, len);
	/* Intake lets in only valid UTF-8 (lib/reader.c): the rest need
	 * only come back safely. */
	valid = tk_utf8_check(text, len, &bad) == 0;
	if (valid && tk_utf8_check(out, strlen(out), &bad) == -1)
		abort();
	alone = valid && left + 11 <= len && memcmp(text + left, phone, 11) == 0 &&
	    (left == 0 || !joins(text + last_char(text, left),
	    left - last_char(text, left))) &&
	    !joins(text + left + 11, len - left - 11);
	if (alone && strstr(out, phone) != NULL) {
		fprintf(stderr, "mask: %s kept in \"%s\"\n", phone, out);
		abort();
	}
	tk_mask_report_free(&r);
	free(out);
	free(text);
	return 0;
}
