/*
 * err.c: diagnostics and checked allocation.
 *
 * Every message goes to stderr prefixed with the program's name, so a line
 * in a cron mail says which stage spoke.  A bad record is named by its
 * source and line; the run goes on.  Fatal errors exit with the status the
 * caller chose (ticket(7)): 3 for data or state, 4 for what a retry may cure.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

static const char *progname = "ticket";

void
tk_setprogname(const char *name)
{
	progname = name;
}

const char *
tk_progname(void)
{
	return progname;
}

/* A message with what came from outside in it, controls shown escaped
 * (tk_utf8_shown): a record's text cannot rewrite the terminal. */
static void
put(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) == -1) {
		fputs(fmt, stderr);
		return;
	}
	fputs(tk_utf8_shown(s), stderr);
	free(s);
}

static void
vsay(const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: %s", progname, prefix);
	put(fmt, ap);
	fputc('\n', stderr);
}

void
tk_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("warning: ", fmt, ap);
	va_end(ap);
}

/* "prog: [warning: ]source:line: message", for tk_recerr and tk_recwarn */
void
tk_record(const char *warning, const char *source, long line,
    const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: %s%s:%ld: ", progname, warning,
	    tk_utf8_shown(source), line);
	va_start(ap, fmt);
	put(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* A bad record, or with line 0 a whole source that could not be read. */
void
tk_complain(const char *source, long line, const char *why)
{
	if (line > 0) {
		tk_recerr(source, line, "%s", why);
		return;
	}
	fprintf(stderr, "%s: %s: ", progname, tk_utf8_shown(source));
	fprintf(stderr, "%s\n", tk_utf8_shown(why));
}

static void (*last_words)(void);

/* fn runs before a fatal error exits (NULL: nothing does), once: a
 * fatal error inside it exits at once. */
void
tk_on_fatal(void (*fn)(void))
{
	last_words = fn;
}

static void __attribute__((noreturn))
die(int status)
{
	void (*fn)(void) = last_words;

	last_words = NULL;
	if (fn != NULL)
		fn();
	exit(status);
}

void
tk_errx(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsay("", fmt, ap);
	va_end(ap);
	die(status);
}

void
tk_err(int status, const char *fmt, ...)
{
	va_list ap;
	int saved = errno;

	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	put(fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(saved));
	die(status);
}

void *
tk_xmalloc(size_t n)
{
	void *p;

	if ((p = malloc(n ? n : 1)) == NULL)
		tk_err(TK_EXIT_TEMP, "malloc");
	return p;
}

void *
tk_xrealloc(void *p, size_t n)
{
	if ((p = realloc(p, n ? n : 1)) == NULL)
		tk_err(TK_EXIT_TEMP, "realloc");
	return p;
}

char *
tk_xstrdup(const char *s)
{
	char *p;

	if ((p = strdup(s)) == NULL)
		tk_err(TK_EXIT_TEMP, "strdup");
	return p;
}

char *
tk_xstrndup(const char *s, size_t n)
{
	char *p;

	if ((p = strndup(s, n)) == NULL)
		tk_err(TK_EXIT_TEMP, "strndup");
	return p;
}

int
tk_xasprintf(char **ret, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vasprintf(ret, fmt, ap);
	va_end(ap);
	if (n == -1)
		tk_err(TK_EXIT_TEMP, "asprintf");
	return n;
}
