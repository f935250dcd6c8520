/*
 * archive-sign.c: the archive's heads signed with the platform's key
 * (Ed25519, OpenSSL's libcrypto), and heads published earlier held to
 * the chain (ticket-archive(1)).
 *
 * Whoever can write the archive can edit a record and compute every
 * hash after it again: the chain then verifies.  A signature cannot be
 * made again without the private key, which only the service user
 * reads (the archive.key setting names its file), so every command that
 * adds to the chain signs its new head, and verify --key checks each
 * signature with the public key and wants the head signed.  What is
 * signed is the text "ticket-archive head N HASH": the record's number
 * and hash, so a signature is of one place in one chain.  A head
 * printed by ticket-archive head and kept elsewhere catches a chain cut
 * short, which no signature in the chain itself can.
 */
#include <sys/stat.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/pem.h>

#include "sql.h"

#define SIGLEN	64

static void __attribute__((noreturn))
crypto_failed(void)
{
	tk_errx(TK_EXIT_DATA, "Ed25519: libcrypto failed");
}

static char *
message(int64_t seq, const char *hash)
{
	char *m;

	tk_xasprintf(&m, "ticket-archive head %lld %s", (long long)seq, hash);
	return m;
}

/* A PEM key file, private or public; exits 3 if it is not Ed25519's. */
static EVP_PKEY *
read_key(const char *path, int private)
{
	struct stat sb;
	EVP_PKEY *k;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL)
		tk_err(TK_EXIT_DATA, "%s", path);
	if (private && fstat(fileno(f), &sb) == 0 && (sb.st_mode & 077) != 0)
		tk_warnx("%s: others may read the platform's private key "
		    "(mode %03o): chmod 600 it", path,
		    (unsigned)(sb.st_mode & 0777));
	k = private ? PEM_read_PrivateKey(f, NULL, NULL, NULL) :
	    PEM_read_PUBKEY(f, NULL, NULL, NULL);
	fclose(f);
	if (k == NULL || EVP_PKEY_get_id(k) != EVP_PKEY_ED25519)
		tk_errx(TK_EXIT_DATA, "%s: not an Ed25519 %s key in PEM", path,
		    private ? "private" : "public");
	return k;
}

static void
sign(EVP_PKEY *k, int64_t seq, const char *hash, char out[TK_SIGNATURE_LEN])
{
	static const char digits[] = "0123456789abcdef";
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char sig[SIGLEN];
	size_t len = sizeof(sig), i;
	char *m = message(seq, hash);

	if (ctx == NULL || EVP_DigestSignInit(ctx, NULL, NULL, NULL, k) != 1 ||
	    EVP_DigestSign(ctx, sig, &len, (unsigned char *)m,
	    strlen(m)) != 1 || len != SIGLEN)
		crypto_failed();
	for (i = 0; i < len; i++) {
		out[2 * i] = digits[sig[i] >> 4];
		out[2 * i + 1] = digits[sig[i] & 0xf];
	}
	out[2 * len] = '\0';
	EVP_MD_CTX_free(ctx);
	free(m);
}

/* Whether hex is the key's signature of the head (seq, hash). */
static int
signature_ok(EVP_PKEY *k, int64_t seq, const char *hash, const char *hex)
{
	unsigned char sig[SIGLEN];
	EVP_MD_CTX *ctx;
	unsigned v;
	char *m;
	int i, ok;

	if (hash == NULL || hex == NULL || strlen(hex) != 2 * SIGLEN)
		return 0;
	for (i = 0; i < SIGLEN; i++) {
		if (sscanf(hex + 2 * i, "%2x", &v) != 1)
			return 0;
		sig[i] = (unsigned char)v;
	}
	if ((ctx = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, k) != 1)
		crypto_failed();
	m = message(seq, hash);
	ok = EVP_DigestVerify(ctx, sig, SIGLEN, (unsigned char *)m,
	    strlen(m)) == 1;
	EVP_MD_CTX_free(ctx);
	free(m);
	return ok;
}

/*
 * A new key pair: the private key into path, made here, 0600, refused
 * when path is there already (a key in use is never replaced by
 * mistake); the public key, to publish, on stdout.
 */
void
tk_archive_keygen(const char *path)
{
	EVP_PKEY_CTX *c = EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, NULL);
	EVP_PKEY *k = NULL;
	FILE *f;
	int fd;

	if (c == NULL || EVP_PKEY_keygen_init(c) != 1 ||
	    EVP_PKEY_keygen(c, &k) != 1)
		crypto_failed();
	EVP_PKEY_CTX_free(c);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, 0600)) == -1)
		tk_err(TK_EXIT_DATA, "%s", path);
	if ((f = fdopen(fd, "w")) == NULL)
		tk_err(TK_EXIT_TEMP, "%s", path);
	if (PEM_write_PrivateKey(f, k, NULL, NULL, 0, NULL, NULL) != 1 ||
	    fflush(f) == EOF || fsync(fd) == -1 || fclose(f) == EOF) {
		unlink(path);
		tk_err(TK_EXIT_TEMP, "%s", path);
	}
	if (PEM_write_PUBKEY(stdout, k) != 1)
		crypto_failed();
	EVP_PKEY_free(k);
}

static int
is_signed(struct tk_db *a, int64_t seq)
{
	struct tk_stmt *st = tk_db_stmt(a, "SELECT 1 FROM signature"
	    " WHERE seq = ?1");

	tk_stmt_int(st, 1, seq);
	return tk_stmt_any(st);
}

/* In the caller's transaction: the head signed, when a key is set and
 * it is not signed yet. */
void
tk_archive_sign_head(struct tk_db *a)
{
	const char *path = tk_conf_get("archive.key");
	struct tk_stmt *st;
	char hash[TK_SHA256_LEN], sig[TK_SIGNATURE_LEN];
	int64_t seq;
	EVP_PKEY *k;

	if (path == NULL || *path == '\0' ||
	    (seq = tk_archive_head(a, hash)) == 0 || is_signed(a, seq))
		return;
	k = read_key(path, 1);
	sign(k, seq, hash, sig);
	EVP_PKEY_free(k);
	st = tk_db_stmt(a, "INSERT INTO signature(seq, signature)"
	    " VALUES (?1, ?2)");
	tk_stmt_int(st, 1, seq);
	tk_stmt_text(st, 2, sig);
	tk_stmt_exec(st);
}

/*
 * Every signature checked with the public key in pub, and the head
 * signed; non-zero with err naming the first record that fails.
 */
int
tk_archive_signed(struct tk_db *a, const char *pub, char err[TK_ERRLEN])
{
	struct tk_stmt *st = tk_db_stmt(a, "SELECT s.seq, (SELECT hash FROM"
	    " dossier WHERE seq = s.seq UNION ALL SELECT hash FROM mark"
	    " WHERE seq = s.seq), s.signature FROM signature s ORDER BY s.seq");
	EVP_PKEY *k = read_key(pub, 0);
	char hash[TK_SHA256_LEN];
	int64_t head = tk_archive_head(a, hash);
	int bad = 0;

	while (!bad && tk_stmt_step(st) == TK_ROW)
		if (!signature_ok(k, tk_stmt_col_int(st, 0),
		    tk_stmt_col_text(st, 1), tk_stmt_col_text(st, 2)))
			bad = snprintf(err, TK_ERRLEN, "record %lld: its "
			    "signature does not verify with the key in %s: the "
			    "chain was changed", (long long)tk_stmt_col_int(st,
			    0), pub);
	tk_stmt_reset(st);
	if (!bad && head != 0 && !is_signed(a, head))
		bad = snprintf(err, TK_ERRLEN, "the head (record %lld) is not "
		    "signed", (long long)head);
	EVP_PKEY_free(k);
	return bad;
}

/* The head as a line for a log kept elsewhere: records, head and its
 * signature (null when it has none). */
json_t *
tk_archive_head_line(struct tk_db *a)
{
	struct tk_stmt *st = tk_db_stmt(a, "SELECT signature FROM signature"
	    " WHERE seq = ?1");
	char hash[TK_SHA256_LEN];
	int64_t n = tk_archive_head(a, hash);
	json_t *o = json_pack("{s:I, s:s, s:n}", "records", (json_int_t)n,
	    "head", hash, "signature");

	tk_stmt_int(st, 1, n);
	if (tk_stmt_step(st) == TK_ROW)
		tk_jset(o, "signature", json_string(tk_stmt_col_text(st, 0)));
	tk_stmt_reset(st);
	return o;
}

/*
 * A head published earlier (a line as ticket-archive head prints it) is
 * still a place in the chain: its record has that hash.  With pub, its
 * signature must verify too.  Non-zero with err when not.
 */
int
tk_archive_head_held(struct tk_db *a, const char *line, const char *pub,
    char err[TK_ERRLEN])
{
	json_t *h = json_loads(line, 0, NULL);
	json_t *n = json_object_get(h, "records");
	const char *hash = tk_json_str(h, "head");
	EVP_PKEY *k;
	char *why;
	int bad = 0;

	if (!json_is_integer(n) || hash == NULL)
		bad = snprintf(err, TK_ERRLEN, "--head: not a head of the "
		    "archive: %s", line);
	else if ((why = tk_heads_held(a, h)) != NULL) {
		bad = snprintf(err, TK_ERRLEN, "%s", why);
		free(why);
	} else if (pub != NULL && !json_is_null(json_object_get(h,
	    "signature"))) {
		k = read_key(pub, 0);
		if (!signature_ok(k, json_integer_value(n), hash,
		    tk_json_str(h, "signature")))
			bad = snprintf(err, TK_ERRLEN, "--head: its signature "
			    "does not verify with the key in %s", pub);
		EVP_PKEY_free(k);
	}
	json_decref(h);
	return bad;
}
