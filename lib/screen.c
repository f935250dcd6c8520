/*
 * screen.c: emergency screening at intake.
 *
 * The administrator's file (CSV "number,keywords", keywords separated by
 * '|') says which words send a record to 110, 119, 120 or 122.  Rules are
 * tried in file order, and the first keyword found in what the caller
 * said (事由, 经过, 结果) decides.  Matching is by substring: UTF-8 is
 * self-synchronizing, so a Chinese keyword never matches half a
 * character.  A file with any bad row is refused whole (exit 3).
 */
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

struct rule {
	char	*number;
	char	**keywords;
	size_t	 nkeywords;
	long	 line;
};

struct tk_screen {
	char		*source;
	struct rule	*rules;
	size_t		 nrules;
};

static const char *const numbers[] = { "110", "119", "120", "122", NULL };

static int
known_number(const char *s)
{
	int i;

	for (i = 0; numbers[i] != NULL; i++)
		if (strcmp(numbers[i], s) == 0)
			return 1;
	return 0;
}

/* Splits "a|b|c" into trimmed, non-empty words; returns their count. */
static size_t
split_keywords(const char *list, char ***out)
{
	char *copy = tk_xstrdup(list), *p = copy, *w;
	char **words = NULL;
	size_t n = 0;

	while ((w = strsep(&p, "|")) != NULL) {
		w = tk_trim(w);
		if (*w == '\0')
			continue;
		words = tk_xrealloc(words, (n + 1) * sizeof(*words));
		words[n++] = tk_xstrdup(w);
	}
	free(copy);
	*out = words;
	return n;
}

static int
add_rule(struct tk_screen *s, char **cells, size_t n, long line)
{
	struct rule r;

	if (n != 2) {
		tk_recerr(s->source, line, "expected 2 fields, not %zu", n);
		return -1;
	}
	if (!known_number(tk_trim(cells[0]))) {
		tk_recerr(s->source, line, "number \"%s\" is not 110, 119, "
		    "120 or 122", cells[0]);
		return -1;
	}
	r.number = tk_xstrdup(tk_trim(cells[0]));
	r.line = line;
	if ((r.nkeywords = split_keywords(cells[1], &r.keywords)) == 0) {
		tk_recerr(s->source, line, "no keywords");
		free(r.number);
		return -1;
	}
	s->rules = tk_xrealloc(s->rules, (s->nrules + 1) * sizeof(r));
	s->rules[s->nrules++] = r;
	return 0;
}

static int
check_header(struct tk_screen *s, char **cells, size_t n, long line)
{
	if (n == 2 && strcmp(tk_trim(cells[0]), "number") == 0 &&
	    strcmp(tk_trim(cells[1]), "keywords") == 0)
		return 0;
	tk_recerr(s->source, line, "the header must be \"number,keywords\"");
	return -1;
}

/* Loads the rules; exits 3 when the file is missing or has a bad row. */
struct tk_screen *
tk_screen_load(const char *path)
{
	struct tk_screen *s = tk_xmalloc(sizeof(*s));
	struct tk_lines *l;
	struct tk_csv *c;
	char **cells;
	const char *why;
	size_t n;
	long line, row = 0;
	int rc, bad = 0;

	memset(s, 0, sizeof(*s));
	s->source = tk_xstrdup(path);
	if ((l = tk_lines_open(path)) == NULL)
		tk_err(TK_EXIT_DATA, "screening file %s", path);
	c = tk_csv_open(l);
	while ((rc = tk_csv_next(c, &cells, &n, &line, &why)) != 0) {
		if (rc == -2)
			tk_err(TK_EXIT_TEMP, "%s", path);
		if (rc == -1) {
			tk_recerr(path, line, "%s", why);
			bad = 1;
		} else if (row++ == 0)
			bad |= check_header(s, cells, n, line) == -1;
		else
			bad |= add_rule(s, cells, n, line) == -1;
	}
	tk_csv_close(c);
	tk_lines_close(l);
	if (bad)
		tk_errx(TK_EXIT_DATA, "%s: bad screening rules", path);
	return s;
}

void
tk_screen_free(struct tk_screen *s)
{
	size_t i, k;

	if (s == NULL)
		return;
	for (i = 0; i < s->nrules; i++) {
		for (k = 0; k < s->rules[i].nkeywords; k++)
			free(s->rules[i].keywords[k]);
		free(s->rules[i].keywords);
		free(s->rules[i].number);
	}
	free(s->rules);
	free(s->source);
	free(s);
}

size_t
tk_screen_count(const struct tk_screen *s)
{
	return s->nrules;
}

/* Returns 1 and fills hit when a rule matches the ticket's facts. */
int
tk_screen_match(const struct tk_screen *s, json_t *doc,
    struct tk_screen_hit *hit)
{
	static const char *const fields[] = { "what", "process", "result" };
	json_t *facts = json_object_get(doc, "facts");
	const char *text[3];
	size_t i, k, f;

	for (f = 0; f < 3; f++)
		text[f] = tk_json_str(facts, fields[f]);
	for (i = 0; i < s->nrules; i++)
		for (k = 0; k < s->rules[i].nkeywords; k++)
			for (f = 0; f < 3; f++) {
				if (text[f] == NULL ||
				    strstr(text[f], s->rules[i].keywords[k]) ==
				    NULL)
					continue;
				hit->number = s->rules[i].number;
				hit->keyword = s->rules[i].keywords[k];
				hit->source = s->source;
				hit->line = s->rules[i].line;
				return 1;
			}
	return 0;
}
