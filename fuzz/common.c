/*
 * common.c: the harnesses' shared parts: the wrapped endings, the input
 * as a file or a string, and the database every harness starts from.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

jmp_buf fz_jump;
static const char *const *expected;

void	 __wrap_tk_errx(int, const char *, ...)
	    __attribute__((noreturn, format(printf, 2, 3)));
void	 __wrap_tk_err(int, const char *, ...)
	    __attribute__((noreturn, format(printf, 2, 3)));
void	 __wrap_exit(int) __attribute__((noreturn));
void	 __real_exit(int) __attribute__((noreturn));

const char fz_units[] =
    "code,name,level,parent,kind,phone,active\n"
    "platform,测试市12345热线,1,,platform,12345,1\n"
    "A,甲区人民政府,2,platform,district,0001,1\n"
    "A-1,甲区一街道,3,A,street,0011,1\n"
    "B,乙区人民政府,2,platform,district,0002,1\n"
    "D,市住建局,2,platform,department,0003,1\n"
    "W,市水务集团,2,platform,company,0004,1\n"
    "X,已撤销单位,2,platform,department,0005,0\n";

void
fz_arm(const char *const *words)
{
	expected = words;
}

void
fz_disarm(void)
{
	expected = NULL;
}

/* An ending the harness expects goes back to it; any other is a bug. */
static void __attribute__((noreturn))
ending(const char *msg)
{
	size_t i;

	for (i = 0; expected != NULL && expected[i] != NULL; i++)
		if (strstr(msg, expected[i]) != NULL) {
			expected = NULL;
			longjmp(fz_jump, 1);
		}
	fprintf(stderr, "fuzz: unexpected end: %s\n", msg);
	abort();
}

void
__wrap_tk_errx(int status, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	(void)status;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ending(msg);
}

void
__wrap_tk_err(int status, const char *fmt, ...)
{
	char msg[1024];
	int saved = errno;
	size_t n;
	va_list ap;

	(void)status;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	n = strlen(msg);
	snprintf(msg + n, sizeof(msg) - n, ": %s", strerror(saved));
	ending(msg);
}

/* libFuzzer's own exits pass; the library's, while armed, are endings. */
void
__wrap_exit(int status)
{
	char msg[32];

	if (expected == NULL)
		__real_exit(status);
	snprintf(msg, sizeof(msg), "exit %d", status);
	ending(msg);
}

const char *
fz_path(const uint8_t *data, size_t size)
{
	static char path[64];
	static int fd = -1;
	ssize_t n;
	size_t off;

	/* Short lines: a buffer of 1 MiB an input is slow to fuzz with,
	 * and an overlong line is met sooner. */
	tk_lines_set_limit(16384);
	if (fd == -1) {
		if ((fd = memfd_create("fuzz-input", 0)) == -1) {
			perror("memfd_create");
			abort();
		}
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) == -1)
		abort();
	for (off = 0; off < size; off += (size_t)n)
		if ((n = pwrite(fd, data + off, size - off, (off_t)off)) <= 0)
			abort();
	return path;
}

struct tk_lines *
fz_lines(const uint8_t *data, size_t size)
{
	struct tk_lines *l;

	if ((l = tk_lines_open(fz_path(data, size))) == NULL)
		abort();
	return l;
}

char *
fz_string(const uint8_t *data, size_t size)
{
	static char *s;

	free(s);
	s = tk_xmalloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

struct tk_db *
fz_db(void)
{
	static struct tk_db *db;
	struct tk_lines *l;
	json_t *changes;

	if (db != NULL)
		return db;
	db = tk_db_open(":memory:");
	tk_db_begin(db);
	l = tk_lines_open_mem("fz_units", fz_units, strlen(fz_units));
	if ((changes = tk_unit_import(db, l, FZ_NOW)) == NULL)
		abort();
	json_decref(changes);
	tk_lines_close(l);
	tk_db_commit(db);
	return db;
}
