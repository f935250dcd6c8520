/*
 * shellwords.c: a command line split into words the way a gate must,
 * for ticket-shell(1).
 *
 * The words are what sh(1) would make of a simple command with no
 * expansion at all: single quotes keep everything up to the next one;
 * double quotes keep everything but a backslash before $ ` " \ or a
 * newline; a backslash outside quotes keeps the next character.  What a
 * shell would treat as more than words (a list, a pipe, a redirection, a
 * substitution, a subshell) is refused, never taken literally, so that a
 * user who meant it learns it did not happen.  No shell ever sees the
 * line.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

/* Outside quotes these would make a shell do more than run one command. */
static const char refused[] = ";|&$<>`()\n";

struct split {
	char		**words;
	size_t		 n;
	char		*buf;		/* the word being built */
	size_t		 len;
	int		 inword;	/* a word is open, even an empty "" */
};

static void
put(struct split *s, char c)
{
	s->buf[s->len++] = c;
	s->inword = 1;
}

static void
end_word(struct split *s)
{
	if (!s->inword)
		return;
	s->words = tk_xrealloc(s->words, (s->n + 2) * sizeof(*s->words));
	s->words[s->n++] = tk_xstrndup(s->buf, s->len);
	s->words[s->n] = NULL;
	s->len = 0;
	s->inword = 0;
}

static const char *
name_of(char c, char tmp[8])
{
	if (c == '\n')
		return "a newline";
	if ((unsigned char)c < 0x20 || c == 0x7f)
		snprintf(tmp, 8, "\\x%02x", (unsigned char)c);
	else
		snprintf(tmp, 8, "\"%c\"", c);
	return tmp;
}

/* Inside "...": returns the position after the closing quote, or NULL. */
static const char *
dquoted(struct split *s, const char *p)
{
	for (; *p != '\0' && *p != '"'; p++) {
		if (*p == '\\' && p[1] != '\0' && strchr("$`\"\\\n", p[1])) {
			if (*++p != '\n')
				put(s, *p);
			continue;
		}
		put(s, *p);
	}
	return *p == '"' ? p + 1 : NULL;
}

static const char *
squoted(struct split *s, const char *p)
{
	for (; *p != '\0' && *p != '\''; p++)
		put(s, *p);
	return *p == '\'' ? p + 1 : NULL;
}

/* One step outside quotes; NULL with why filled when refused. */
static const char *
step(struct split *s, const char *p, char why[TK_ERRLEN])
{
	char tmp[8];

	if (*p == ' ' || *p == '\t') {
		end_word(s);
		return p + 1;
	}
	if (*p == '\'' || *p == '"') {
		s->inword = 1;
		if ((p = (*p == '\'' ? squoted : dquoted)(s, p + 1)) == NULL)
			snprintf(why, TK_ERRLEN, "a quote is not closed");
		return p;
	}
	if (*p == '\\') {
		if (p[1] == '\0') {
			snprintf(why, TK_ERRLEN, "a backslash at the end");
			return NULL;
		}
		if (p[1] != '\n')	/* a continued line joins */
			put(s, p[1]);
		return p + 2;
	}
	if (strchr(refused, *p) != NULL || (unsigned char)*p < 0x20 ||
	    *p == 0x7f) {
		snprintf(why, TK_ERRLEN, "%s outside quotes",
		    name_of(*p, tmp));
		return NULL;
	}
	put(s, *p);
	return p + 1;
}

/*
 * The words of line, NULL-terminated, for tk_free_words(); NULL with why
 * filled when the line is refused.  An empty line has no words.
 */
char **
tk_shellwords(const char *line, char why[TK_ERRLEN])
{
	struct split s;
	const char *p = line;

	memset(&s, 0, sizeof(s));
	s.buf = tk_xmalloc(strlen(line) + 1);
	s.words = tk_xmalloc(sizeof(*s.words));
	s.words[0] = NULL;
	while (p != NULL && *p != '\0')
		p = step(&s, p, why);
	if (p != NULL)
		end_word(&s);
	free(s.buf);
	if (p == NULL) {
		tk_free_words(s.words);
		return NULL;
	}
	return s.words;
}
