/*
 * account-key.c: accounts' SSH public keys, their fingerprints, and the
 * service user's authorized_keys file made from them (ticket-account(1)).
 *
 * A key is kept as one line, "type base64 [comment]", and known by its
 * fingerprint, which is what ssh-keygen -l prints: "SHA256:" and the
 * unpadded base64 of the SHA-256 of the decoded key.  One key opens one
 * account, since sshd takes the first line that fits and the line names
 * the account.  The authorized_keys file is the accounts' active keys
 * and nothing else: written whole to a file beside it, synced, renamed
 * over it, so sshd never reads half a file.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "sql.h"

static const char *const key_types[] = {
	"ssh-ed25519", "ssh-rsa", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
	"ecdsa-sha2-nistp521", "sk-ssh-ed25519@openssh.com",
	"sk-ecdsa-sha2-nistp256@openssh.com", NULL
};

static int
known_type(const char *s, size_t n)
{
	size_t i;

	for (i = 0; key_types[i] != NULL; i++)
		if (strlen(key_types[i]) == n && memcmp(key_types[i], s, n) == 0)
			return 1;
	return 0;
}

/* The decoded key, or NULL; *len its bytes. */
static unsigned char *
decode(const char *b64, size_t n, size_t *len)
{
	unsigned char *out;
	int got;

	if (n == 0 || n % 4 != 0 || n > 16384)
		return NULL;
	out = tk_xmalloc(n / 4 * 3 + 1);
	if ((got = EVP_DecodeBlock(out, (const unsigned char *)b64,
	    (int)n)) < 0) {
		free(out);
		return NULL;
	}
	/* EVP_DecodeBlock counts the padding as zero bytes. */
	*len = (size_t)got - (b64[n - 1] == '=') - (b64[n - 2] == '=');
	return out;
}

/* The key names its own type first: a string, its length before it. */
static int
blob_ok(const unsigned char *blob, size_t len, const char *type, size_t n)
{
	uint32_t l;

	if (len < 4)
		return 0;
	l = (uint32_t)blob[0] << 24 | (uint32_t)blob[1] << 16 |
	    (uint32_t)blob[2] << 8 | blob[3];
	return l == n && len - 4 > n && memcmp(blob + 4, type, n) == 0;
}

static void
fingerprint(const unsigned char *blob, size_t len, char fp[TK_FP_LEN])
{
	unsigned char md[EVP_MAX_MD_SIZE], b64[64];
	unsigned int mdlen = 0;
	int n;

	if (!EVP_Digest(blob, len, md, &mdlen, EVP_sha256(), NULL) ||
	    mdlen != 32)
		tk_errx(TK_EXIT_DATA, "SHA-256: libcrypto failed");
	n = EVP_EncodeBlock(b64, md, (int)mdlen);
	while (n > 0 && b64[n - 1] == '=')
		n--;
	snprintf(fp, TK_FP_LEN, "SHA256:%.*s", n, b64);
}

/* A comment is for people: printable, one line. */
static int
comment_ok(const char *s)
{
	for (; *s != '\0'; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 0;
	return 1;
}

/*
 * One OpenSSH public key line, without options: *norm gets it as kept
 * (type, key, comment, single spaces between), fp its fingerprint.
 */
int
tk_key_parse(const char *line, char **norm, char fp[TK_FP_LEN],
    char why[TK_ERRLEN])
{
	const char *p = line + strspn(line, " \t"), *k, *c;
	size_t tn, kn, len;
	unsigned char *blob;

	tn = strcspn(p, " \t");
	k = p + tn + strspn(p + tn, " \t");
	kn = strcspn(k, " \t");
	c = k + kn + strspn(k + kn, " \t");
	if (!known_type(p, tn)) {
		snprintf(why, TK_ERRLEN, "not an OpenSSH public key: \"%.*s\"",
		    (int)(tn > 40 ? 40 : tn), p);
		return -1;
	}
	if ((blob = decode(k, kn, &len)) == NULL || !blob_ok(blob, len, p,
	    tn)) {
		free(blob);
		snprintf(why, TK_ERRLEN, "a %.*s key that does not decode",
		    (int)tn, p);
		return -1;
	}
	fingerprint(blob, len, fp);
	free(blob);
	if (!comment_ok(c)) {
		snprintf(why, TK_ERRLEN, "a control character in the comment");
		return -1;
	}
	tk_xasprintf(norm, "%.*s %.*s%s%.*s", (int)tn, p, (int)kn, k,
	    *c ? " " : "", (int)strcspn(c, "\r\n"), c);
	tk_trim(*norm);
	return 0;
}

int
tk_key_add(struct tk_db *db, const char *login, const char *line,
    tk_time now, char why[TK_ERRLEN])
{
	struct tk_stmt *st;
	char fp[TK_FP_LEN], *norm;
	int rc;

	if (tk_key_parse(line, &norm, fp, why) == -1)
		return -1;
	st = tk_db_stmt(db, "SELECT login FROM account_key WHERE fp = ?1");
	tk_stmt_text(st, 1, fp);
	if ((rc = tk_stmt_step(st) == TK_ROW ? -1 : 0) == -1)
		snprintf(why, TK_ERRLEN, "key %s is already account \"%s\"'s",
		    fp, tk_stmt_col_text(st, 0));
	tk_stmt_reset(st);
	if (rc == 0) {
		st = tk_db_stmt(db, "INSERT INTO account_key(fp, login, key,"
		    " added_at) VALUES (?1, ?2, ?3, ?4)");
		tk_stmt_text(st, 1, fp);
		tk_stmt_text(st, 2, login);
		tk_stmt_text(st, 3, norm);
		tk_stmt_int(st, 4, now);
		if ((rc = tk_stmt_exec(st)) == -1)
			snprintf(why, TK_ERRLEN, "no such account \"%s\"", login);
	}
	free(norm);
	return rc;
}

int
tk_key_rm(struct tk_db *db, const char *login, const char *fp,
    char why[TK_ERRLEN])
{
	struct tk_stmt *st = tk_db_stmt(db, "DELETE FROM account_key"
	    " WHERE login = ?1 AND fp = ?2");

	tk_stmt_text(st, 1, login);
	tk_stmt_text(st, 2, fp);
	tk_stmt_exec(st);
	if (tk_db_changes(db) == 1)
		return 0;
	snprintf(why, TK_ERRLEN, "account \"%s\" has no key %s", login, fp);
	return -1;
}

/* Whether fp is one of the login's keys. */
int
tk_key_of(struct tk_db *db, const char *login, const char *fp)
{
	struct tk_stmt *st = tk_db_stmt(db, "SELECT 1 FROM account_key"
	    " WHERE login = ?1 AND fp = ?2");

	tk_stmt_text(st, 1, login);
	tk_stmt_text(st, 2, fp);
	return tk_stmt_any(st);
}

/* The login's keys as [{fp, key, added_at}], oldest first. */
json_t *
tk_key_list(struct tk_db *db, const char *login)
{
	struct tk_stmt *st = tk_db_stmt(db, "SELECT fp, key, added_at"
	    " FROM account_key WHERE login = ?1 ORDER BY added_at, rowid");
	char when[TK_TIME_LEN];
	json_t *a = json_array(), *o;

	if (a == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	tk_stmt_text(st, 1, login);
	while (tk_stmt_step(st) == TK_ROW) {
		if ((o = json_object()) == NULL)
			tk_errx(TK_EXIT_TEMP, "out of memory");
		tk_jset(o, "fp", json_string(tk_stmt_col_text(st, 0)));
		tk_jset(o, "key", json_string(tk_stmt_col_text(st, 1)));
		tk_jset(o, "added_at", json_string(tk_time_format(
		    tk_stmt_col_int(st, 2), when)));
		tk_jpush(a, o);
	}
	tk_stmt_reset(st);
	return a;
}

/*
 * sshd hands the forced command to the user's shell: the paths in it
 * must mean themselves there, and need no quoting inside command="".
 */
static int
path_ok(const char *s)
{
	return *s == '/' && strspn(s, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._+,:@%-") == strlen(s);
}

static int
write_lines(struct tk_db *db, FILE *fp, const char *shell,
    const char *dbpath)
{
	struct tk_stmt *st = tk_db_stmt(db, "SELECT k.login, k.key"
	    " FROM account_key k JOIN account a ON a.login = k.login"
	    " WHERE a.revoked_at IS NULL ORDER BY k.login, k.added_at, k.rowid");

	fprintf(fp, "# Written by ticket-account(1) from the accounts in %s;"
	    " edits here are lost.\n", dbpath);
	while (tk_stmt_step(st) == TK_ROW)
		fprintf(fp, "command=\"%s -d %s %s\",restrict %s\n", shell,
		    dbpath, tk_stmt_col_text(st, 0), tk_stmt_col_text(st, 1));
	tk_stmt_reset(st);
	return fflush(fp) == EOF || ferror(fp) || fsync(fileno(fp)) == -1 ?
	    -1 : 0;
}

/* The directory's entry must reach the disk too, or a crash undoes it. */
static void
sync_dir(const char *path)
{
	char *copy = tk_xstrdup(path);
	int fd;

	if ((fd = open(dirname(copy), O_RDONLY | O_DIRECTORY)) != -1) {
		fsync(fd);
		close(fd);
	}
	free(copy);
}

/*
 * Writes path from the active accounts' keys, each line forcing
 * "shell -d dbpath login".  Returns -1 with why filled (errno kept) when
 * the file could not be written; the old one is then left as it was.
 */
int
tk_key_write_authorized(struct tk_db *db, const char *path,
    const char *shell, const char *dbpath, char why[TK_ERRLEN])
{
	char *tmp;
	FILE *fp;
	int fd, rc, e;

	if (!path_ok(shell) || !path_ok(dbpath)) {
		snprintf(why, TK_ERRLEN, "%s: a path a forced command cannot "
		    "name as it is", path_ok(shell) ? dbpath : shell);
		errno = EINVAL;
		return -1;
	}
	tk_xasprintf(&tmp, "%s.XXXXXX", path);
	if ((fd = mkstemp(tmp)) == -1 || fchmod(fd, 0600) == -1 ||
	    (fp = fdopen(fd, "w")) == NULL) {
		e = errno;
		snprintf(why, TK_ERRLEN, "%s: %s", path, strerror(e));
		if (fd != -1) {
			close(fd);
			unlink(tmp);
		}
		free(tmp);
		errno = e;
		return -1;
	}
	rc = write_lines(db, fp, shell, dbpath);
	e = errno;
	if (fclose(fp) == EOF && rc == 0) {
		rc = -1;
		e = errno;
	}
	if (rc == 0 && rename(tmp, path) == -1) {
		rc = -1;
		e = errno;
	}
	if (rc == -1) {
		snprintf(why, TK_ERRLEN, "%s: %s", path, strerror(e));
		unlink(tmp);
	} else
		sync_dir(path);
	free(tmp);
	errno = e;
	return rc;
}
