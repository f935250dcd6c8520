/*
 * digest-file.c: the SHA-256 of a whole file, read in blocks, for the
 * manifest of a backup set; libcrypto does the hashing, as in digest.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

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
		if (!EVP_DigestUpdate(ctx, buf, (size_t)n))
			tk_errx(TK_EXIT_TEMP, "SHA-256: digest failed");
		*size += n;
	}
	return 0;
}

/* The file's digest and size; NULL with errno when it cannot be read. */
char *
tk_sha256_file(const char *path, char out[TK_SHA256_LEN], int64_t *size)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	EVP_MD_CTX *ctx;
	int fd, rc, saved;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	if ((ctx = EVP_MD_CTX_new()) == NULL)
		tk_errx(TK_EXIT_TEMP, "SHA-256: out of memory");
	if (!EVP_DigestInit_ex(ctx, EVP_sha256(), NULL))
		tk_errx(TK_EXIT_TEMP, "SHA-256: digest failed");
	rc = feed(ctx, fd, size);
	saved = errno;
	close(fd);
	if (rc == 0 && !EVP_DigestFinal_ex(ctx, md, &len))
		tk_errx(TK_EXIT_TEMP, "SHA-256: digest failed");
	EVP_MD_CTX_free(ctx);
	if (rc == -1) {
		errno = saved;
		return NULL;
	}
	hex(md, len, out);
	return out;
}
