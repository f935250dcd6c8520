/*
 * jsonl.c: lines in, JSON lines out.
 *
 * Lines are read with read(2) into one buffer that grows with the
 * longest line up to the record limit, so a line of any length costs no
 * more memory than that: an overlong line is skipped to its end and
 * reported, and the next one is read.
 * The reader can also say whether the next read would wait, so a command
 * can commit its batch before it sits on a quiet pipe.
 *
 * Output goes through one reusable buffer to stdout; a write error
 * (a full disk, a closed pipe) ends the command with exit 4, never
 * silence.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ticket.h"

#define CHUNK	65536

struct tk_lines {
	const char	*source;
	int		 fd;
	char		*buf;
	size_t		 cap, start, end;
	long		 lineno;
	int		 eof;
	int		 regular;
};

static size_t line_limit = 1 << 20;

void
tk_lines_set_limit(size_t n)
{
	line_limit = n;
}

/* "-" is stdin; its source name in messages is "stdin". */
struct tk_lines *
tk_lines_open(const char *path)
{
	struct tk_lines *l;
	struct stat st;
	int fd;

	if (strcmp(path, "-") == 0)
		fd = STDIN_FILENO;
	else if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return NULL;
	l = tk_xmalloc(sizeof(*l));
	memset(l, 0, sizeof(*l));
	l->source = fd == STDIN_FILENO ? "stdin" : path;
	l->fd = fd;
	l->regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
	l->cap = 2 * CHUNK + 1;
	l->buf = tk_xmalloc(l->cap);
	return l;
}

/*
 * Lines from a buffer (data built into the program): a copy, read as a
 * file already at its end, so no read(2) ever happens.
 */
struct tk_lines *
tk_lines_open_mem(const char *name, const char *buf, size_t len)
{
	struct tk_lines *l = tk_xmalloc(sizeof(*l));

	memset(l, 0, sizeof(*l));
	l->source = name;
	l->fd = -1;
	l->regular = 1;
	l->eof = 1;
	l->cap = len + 1;
	l->buf = tk_xmalloc(l->cap);
	memcpy(l->buf, buf, len);
	l->end = len;
	return l;
}

void
tk_lines_close(struct tk_lines *l)
{
	if (l == NULL)
		return;
	if (l->fd != STDIN_FILENO && l->fd != -1)
		close(l->fd);
	free(l->buf);
	free(l);
}

/* Reads more; returns bytes read, 0 at end, -1 on error. */
static ssize_t
fill(struct tk_lines *l)
{
	ssize_t n;

	if (l->start > 0) {
		memmove(l->buf, l->buf + l->start, l->end - l->start);
		l->end -= l->start;
		l->start = 0;
	}
	if (l->cap - 1 - l->end < CHUNK && l->cap < line_limit + CHUNK + 1) {
		l->cap = l->cap - 1 > (line_limit + CHUNK) / 2 ?
		    line_limit + CHUNK + 1 : 2 * (l->cap - 1) + 1;
		l->buf = tk_xrealloc(l->buf, l->cap);
	}
	do
		n = read(l->fd, l->buf + l->end, l->cap - 1 - l->end);
	while (n == -1 && errno == EINTR);
	if (n > 0)
		l->end += n;
	else if (n == 0)
		l->eof = 1;
	return n;
}

/* Drops the rest of an overlong line, up to and including its newline. */
static int
skip_line(struct tk_lines *l)
{
	char *nl;

	for (;;) {
		nl = memchr(l->buf + l->start, '\n', l->end - l->start);
		if (nl != NULL) {
			l->start = nl - l->buf + 1;
			return TK_LINE_LONG;
		}
		l->start = l->end = 0;
		if (l->eof)
			return TK_LINE_LONG;
		if (fill(l) == -1)
			return TK_LINE_ERROR;
	}
}

static void
take(struct tk_lines *l, size_t stop, size_t next, char **line, size_t *len)
{
	char *s = l->buf + l->start;
	size_t n = stop - l->start;

	if (n > 0 && s[n - 1] == '\r')
		n--;
	s[n] = '\0';
	if (l->lineno == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	*line = s;
	*len = n;
	l->start = next;
}

/*
 * Returns TK_LINE_OK with the line (NUL-terminated, without its newline,
 * valid until the next call), TK_LINE_EOF, TK_LINE_LONG for a line past
 * the limit (skipped), or TK_LINE_ERROR with errno set.
 */
int
tk_lines_next(struct tk_lines *l, char **line, size_t *len)
{
	char *nl;

	for (;;) {
		nl = memchr(l->buf + l->start, '\n', l->end - l->start);
		if (nl != NULL) {
			l->lineno++;
			take(l, nl - l->buf, nl - l->buf + 1, line, len);
			return TK_LINE_OK;
		}
		if (l->end - l->start > line_limit) {
			l->lineno++;
			return skip_line(l);
		}
		if (l->eof) {
			if (l->start == l->end)
				return TK_LINE_EOF;
			l->lineno++;
			take(l, l->end, l->end, line, len);
			return TK_LINE_OK;
		}
		if (fill(l) == -1)
			return TK_LINE_ERROR;
	}
}

long
tk_lines_lineno(const struct tk_lines *l)
{
	return l->lineno;
}

const char *
tk_lines_source(const struct tk_lines *l)
{
	return l->source;
}

/* True when nothing is buffered and the next read(2) would wait. */
int
tk_lines_would_block(const struct tk_lines *l)
{
	struct pollfd pfd;

	if (l->start < l->end || l->eof || l->regular)
		return 0;
	pfd.fd = l->fd;
	pfd.events = POLLIN;
	return poll(&pfd, 1, 0) == 0;
}

static char *outbuf;
static size_t outcap;

static int reader;		/* the command only reads: see tk_out_reader */

/*
 * A command that only reads has done its job when its reader has gone
 * (`ticket-ls | head`): it ends quietly, 0.  One that writes has stored
 * what it printed, but stops before its next record and says so: 4.
 */
void
tk_out_reader(void)
{
	reader = 1;
}

static void
out_failed(void)
{
	if (reader && errno == EPIPE)
		exit(TK_EXIT_OK);
	tk_err(TK_EXIT_TEMP, "stdout");
}

/* Writes one compact JSON line. */
void
tk_out_json(json_t *obj)
{
	size_t n;

	for (;;) {
		n = json_dumpb(obj, outbuf, outcap, JSON_COMPACT);
		if (n == 0)
			tk_errx(TK_EXIT_TEMP, "cannot encode a record as JSON");
		if (n < outcap)
			break;
		outcap = n + 1024;
		outbuf = tk_xrealloc(outbuf, outcap);
	}
	outbuf[n++] = '\n';
	if (fwrite(outbuf, 1, n, stdout) != n)
		out_failed();
}

void
tk_out_text(const char *s)
{
	if (fputs(s, stdout) == EOF)
		out_failed();
}

void
tk_out_flush(void)
{
	if (fflush(stdout) == EOF)
		out_failed();
}

/* The last word of every command: a failed write to stdout is exit 4. */
int
tk_shut(int status)
{
	int failed;

	free(outbuf);
	outbuf = NULL;
	errno = 0;
	failed = fflush(stdout) == EOF || ferror(stdout);
	failed |= fclose(stdout) == EOF;
	if (failed && reader && errno == EPIPE)
		return status;
	if (failed) {
		fprintf(stderr, "%s: stdout: %s\n", tk_progname(),
		    strerror(errno ? errno : EIO));
		return TK_EXIT_TEMP;
	}
	return status;
}
