/*
 * session.c: many commands over one standard input and output, so a
 * script keeps one SSH session open instead of paying for a new one per
 * action (ticket-shell(1), SESSIONS).
 *
 * A request is one line of command words, then the command's input lines,
 * then a line holding a single dot; an input line that begins with a dot
 * is sent with one more.  The answer is the command's output, its lines
 * that begin with a dot doubled the same way, then ". STATUS" on a line
 * of its own.  Diagnostics go to standard error as they come.
 *
 * Each request runs in a child of its own, fed and drained through pipes
 * by one poll loop: the input a request carries may be long, and its
 * output may come before all of it was read, so neither side may wait
 * on the other.  What is read past a request's last line stays in the
 * buffer for the next one.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ticket.h"

#define SESSION_BUF	65536	/* a request line may be no longer */

struct buf {
	char	*p;
	size_t	 len, cap;
};

struct session {
	int		 in, out;	/* the session's own */
	struct buf	 req;		/* read from in, not yet used */
	int		 req_eof;
	struct buf	 feed;		/* for the child's standard input */
	int		 fed;		/* the input's dot line was seen */
	int		 child_in, child_out;	/* -1 once closed */
	int		 out_bol;	/* the answer is at a line's start */
};

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n > b->cap) {
		b->cap = (b->len + n) * 2;
		b->p = tk_xrealloc(b->p, b->cap);
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
}

static void
buf_drop(struct buf *b, size_t n)
{
	memmove(b->p, b->p + n, b->len - n);
	b->len -= n;
}

/* Blocking: the client reads its answers, or the session waits for it. */
static void
put(struct session *s, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		if ((w = write(s->out, p, n)) == -1) {
			if (errno == EINTR)
				continue;
			/* The client is gone: nothing more can be said. */
			exit(TK_EXIT_TEMP);
		}
		p += w;
		n -= (size_t)w;
	}
}

/* The child's output, its lines that begin with a dot doubled. */
static void
put_stuffed(struct session *s, const char *p, size_t n)
{
	const char *nl;
	size_t k;

	while (n > 0) {
		if (s->out_bol && *p == '.')
			put(s, ".", 1);
		nl = memchr(p, '\n', n);
		k = nl != NULL ? (size_t)(nl - p) + 1 : n;
		put(s, p, k);
		s->out_bol = nl != NULL;
		p += k;
		n -= k;
	}
}

/* More of the session's input; 0 at its end. */
static int
fill(struct session *s)
{
	char chunk[8192];
	ssize_t r;

	do
		r = read(s->in, chunk, sizeof(chunk));
	while (r == -1 && errno == EINTR);
	if (r <= 0) {
		s->req_eof = 1;
		return 0;
	}
	buf_add(&s->req, chunk, (size_t)r);
	return 1;
}

/* The next whole line of the session's input, without its newline, or
 * NULL when none is buffered yet.  *used is what to drop after it. */
static char *
line_at(struct session *s, size_t *len, size_t *used)
{
	char *nl;

	if (s->req.len == 0 ||
	    (nl = memchr(s->req.p, '\n', s->req.len)) == NULL)
		return NULL;
	*len = (size_t)(nl - s->req.p);
	*used = *len + 1;
	return s->req.p;
}

/* Moves the request's input lines that are buffered into the feed. */
static void
take_input(struct session *s)
{
	size_t len, used;
	char *l;

	while (!s->fed && s->feed.len < SESSION_BUF &&
	    (l = line_at(s, &len, &used)) != NULL) {
		if (len == 1 && l[0] == '.')
			s->fed = 1;
		else if (s->child_in != -1)
			buf_add(&s->feed, l + (l[0] == '.'),
			    used - (l[0] == '.'));
		buf_drop(&s->req, used);
	}
	if (s->req_eof && !s->fed && line_at(s, &len, &used) == NULL)
		s->fed = 1;	/* the input ends the request's input */
	if (s->fed && s->feed.len == 0 && s->child_in != -1) {
		close(s->child_in);
		s->child_in = -1;
	}
}

static void
feed_child(struct session *s)
{
	ssize_t w = write(s->child_in, s->feed.p, s->feed.len);

	if (w > 0)
		buf_drop(&s->feed, (size_t)w);
	else if (w == -1 && errno != EAGAIN && errno != EINTR) {
		/* It stopped reading: the rest of its input goes nowhere. */
		close(s->child_in);
		s->child_in = -1;
		s->feed.len = 0;
	}
}

static void
drain_child(struct session *s)
{
	char chunk[8192];
	ssize_t r = read(s->child_out, chunk, sizeof(chunk));

	if (r > 0)
		put_stuffed(s, chunk, (size_t)r);
	else if (r == 0 || (errno != EAGAIN && errno != EINTR)) {
		close(s->child_out);
		s->child_out = -1;
	}
}

/* Until the child's output ends and the request's input was read. */
static void
pump(struct session *s)
{
	struct pollfd pfd[3];
	nfds_t n;

	for (;;) {
		take_input(s);
		if (s->child_out == -1 && s->fed && s->child_in == -1)
			return;
		n = 0;
		if (!s->fed && s->feed.len < SESSION_BUF && !s->req_eof)
			pfd[n++] = (struct pollfd){ s->in, POLLIN, 0 };
		if (s->child_in != -1 && s->feed.len > 0)
			pfd[n++] = (struct pollfd){ s->child_in, POLLOUT, 0 };
		if (s->child_out != -1)
			pfd[n++] = (struct pollfd){ s->child_out, POLLIN, 0 };
		if (poll(pfd, n, -1) == -1) {
			if (errno == EINTR)
				continue;
			tk_err(TK_EXIT_TEMP, "poll");
		}
		while (n-- > 0) {
			if (pfd[n].revents == 0)
				continue;
			if (pfd[n].fd == s->in)
				fill(s);
			else if (pfd[n].fd == s->child_in)
				feed_child(s);
			else
				drain_child(s);
		}
	}
}

static void
pipe_nonblock(int fd[2], int keep)
{
	if (fcntl(fd[keep], F_SETFL, O_NONBLOCK) == -1 ||
	    fcntl(fd[keep], F_SETFD, FD_CLOEXEC) == -1)
		tk_err(TK_EXIT_TEMP, "fcntl");
}

/* The session's own input and output are replaced in the child. */
static pid_t
start(struct session *s, char *line, tk_session_run run, void *ctx)
{
	int in[2], out[2];
	pid_t pid;

	if (pipe(in) == -1 || pipe(out) == -1)
		tk_err(TK_EXIT_TEMP, "pipe");
	pipe_nonblock(in, 1);
	pipe_nonblock(out, 0);
	if ((pid = fork()) == -1)
		tk_err(TK_EXIT_TEMP, "fork");
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		if (dup2(in[0], 0) == -1 || dup2(out[1], 1) == -1)
			_exit(TK_EXIT_TEMP);
		close(in[0]);
		close(out[1]);
		run(ctx, line);
		_exit(TK_EXIT_TEMP);	/* run does not return */
	}
	close(in[0]);
	close(out[1]);
	s->child_in = in[1];
	s->child_out = out[0];
	s->fed = 0;
	s->out_bol = 1;
	return pid;
}

static void
answer(struct session *s, pid_t pid)
{
	char status[32];
	int st, code;

	while (waitpid(pid, &st, 0) == -1)
		if (errno != EINTR)
			tk_err(TK_EXIT_TEMP, "waitpid");
	code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
	if (!s->out_bol)
		put(s, "\n", 1);
	put(s, status, (size_t)snprintf(status, sizeof(status), ". %d\n",
	    code));
}

/* The next request line, NUL-terminated in a copy; NULL at the end. */
static char *
next_request(struct session *s)
{
	size_t len, used;
	char *l, *line;

	while ((l = line_at(s, &len, &used)) == NULL) {
		if (s->req.len > SESSION_BUF)
			tk_errx(TK_EXIT_USAGE, "session: a request line "
			    "longer than %d bytes", SESSION_BUF);
		if (!fill(s))
			return NULL;
	}
	line = tk_xstrndup(l, len);
	buf_drop(&s->req, used);
	return line;
}

int
tk_session_serve(int in, int out, tk_session_check check,
    tk_session_run run, void *ctx)
{
	struct session s = { .in = in, .out = out };
	char *line;
	pid_t pid;

	signal(SIGPIPE, SIG_IGN);	/* a child that stops reading */
	while ((line = next_request(&s)) != NULL) {
		check(ctx);
		fflush(NULL);
		pid = start(&s, line, run, ctx);
		pump(&s);
		answer(&s, pid);
		free(line);
	}
	free(s.req.p);
	free(s.feed.p);
	return TK_EXIT_OK;
}
