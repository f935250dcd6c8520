/*
 * digest.c: SHA-256 from OpenSSL's libcrypto, never our own.
 *
 * A digest is shown as 64 lowercase hex digits.  Parts are hashed one
 * after the other, as if concatenated: the archive's chain hashes the
 * previous record's digest, the dossier and its personal part's digest
 * without building one long string.  A whole file (a backup set's, for
 * its manifest) is read in blocks.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "ticket.h"

static EVP_MD_CTX *
start(void)
{
	EVP_MD_CTX *ctx;

	if ((ctx = EVP_MD_CTX_new()) == NULL)
		tk_errx(TK_EXIT_TEMP, "SHA-256: out of memory");
	if (!EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		tk_errx(TK_EXIT_DATA, "SHA-256: libcrypto failed");
	return ctx;
}

static void
add(EVP_MD_CTX *ctx, const void *p, size_t n)
{
	if (!EVP_DigestUpdate(ctx, p, n))
		tk_errx(TK_EXIT_DATA, "SHA-256: libcrypto failed");
}

/* The digest in hex; the context is freed. */
static char *
finish(EVP_MD_CTX *ctx, char out[TK_SHA256_LEN])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int i, len = 0;
	int ok = EVP_DigestFinal_ex(ctx, md, &len);

	EVP_MD_CTX_free(ctx);
	if (!ok || len != (TK_SHA256_LEN - 1) / 2)
		tk_errx(TK_EXIT_DATA, "SHA-256: libcrypto failed");
	for (i = 0; i < len; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 0xf];
	}
	out[2 * len] = '\0';
	return out;
}

/* The digest of the n strings, NULL ones skipped. */
char *
tk_sha256(const char *const *parts, size_t n, char out[TK_SHA256_LEN])
{
	EVP_MD_CTX *ctx = start();
	size_t i;

	for (i = 0; i < n; i++)
		if (parts[i] != NULL)
			add(ctx, parts[i], strlen(parts[i]));
	return finish(ctx, out);
}

/* Reads fd to its end into ctx; -1 with errno on a read error. */
static int
feed(EVP_MD_CTX *ctx, int fd, int64_t *size)
{
	static unsigned char buf[65536];
	ssize_t n;

	*size = 0;
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		add(ctx, buf, (size_t)n);
		*size += n;
	}
	return 0;
}

/* The file's digest and size; NULL with errno when it cannot be read. */
char *
tk_sha256_file(const char *path, char out[TK_SHA256_LEN], int64_t *size)
{
	EVP_MD_CTX *ctx;
	int fd, rc, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	ctx = start();
	rc = feed(ctx, fd, size);
	saved = errno;
	close(fd);
	if (rc == -1) {
		EVP_MD_CTX_free(ctx);
		errno = saved;
		return NULL;
	}
	return finish(ctx, out);
}

/* A digest taken as the data goes by: a file copied and hashed at once. */
struct tk_hash *
tk_hash_start(void)
{
	return (struct tk_hash *)start();
}

void
tk_hash_add(struct tk_hash *h, const void *p, size_t n)
{
	add((EVP_MD_CTX *)h, p, n);
}

char *
tk_hash_end(struct tk_hash *h, char out[TK_SHA256_LEN])
{
	return finish((EVP_MD_CTX *)h, out);
}
