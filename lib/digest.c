/*
 * digest.c: SHA-256 from OpenSSL's libcrypto, never our own.
 *
 * A digest is shown as 64 lowercase hex digits.  Parts are hashed one
 * after the other, as if concatenated: the archive's chain hashes the
 * previous record's digest, the dossier and its personal part's digest
 * without building one long string.
 */
#include <string.h>

#include <openssl/evp.h>

#include "ticket.h"

static void
hex(const unsigned char *md, unsigned int len, char out[TK_SHA256_LEN])
{
	static const char digits[] = "0123456789abcdef";
	unsigned int i;

	for (i = 0; i < len; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 0xf];
	}
	out[2 * len] = '\0';
}

/* The digest of the n strings, NULL ones skipped. */
char *
tk_sha256(const char *const *parts, size_t n, char out[TK_SHA256_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	EVP_MD_CTX *ctx;
	size_t i;
	int ok;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		tk_errx(TK_EXIT_TEMP, "SHA-256: out of memory");
	ok = EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
	for (i = 0; ok && i < n; i++)
		if (parts[i] != NULL)
			ok = EVP_DigestUpdate(ctx, parts[i], strlen(parts[i]));
	ok = ok && EVP_DigestFinal_ex(ctx, md, &len);
	EVP_MD_CTX_free(ctx);
	if (!ok || len != (TK_SHA256_LEN - 1) / 2)
		tk_errx(TK_EXIT_DATA, "SHA-256: libcrypto failed");
	hex(md, len, out);
	return out;
}
