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
	char	**keywords;	/* NULL-terminated */
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

static const struct tk_column columns[] = {
	{ "number", 1 }, { "keywords", 1 }, { NULL, 0 }
};

static int
add_rule(const struct tk_admin_row *row, void *arg)
{
	struct tk_screen *s = arg;
	struct rule r;

	if (!known_number(row->cells[0])) {
		tk_recerr(row->source, row->line, "number \"%s\" is not 110, "
		    "119, 120 or 122", row->cells[0]);
		return -1;
	}
	r.keywords = tk_split_words(row->cells[1]);
	if (r.keywords[0] == NULL) {
		tk_recerr(row->source, row->line, "no keywords");
		tk_free_words(r.keywords);
		return -1;
	}
	r.number = tk_xstrdup(row->cells[0]);
	r.line = row->line;
	s->rules = tk_xrealloc(s->rules, (s->nrules + 1) * sizeof(r));
	s->rules[s->nrules++] = r;
	return 0;
}

/* Loads the rules; exits 3 when the file is missing or has a bad row. */
struct tk_screen *
tk_screen_load(const char *path)
{
	struct tk_screen *s = tk_xmalloc(sizeof(*s));
	struct tk_lines *l;
	long bad;

	memset(s, 0, sizeof(*s));
	if ((l = tk_lines_open(path)) == NULL &&
	    (l = tk_screen_shipped(path)) == NULL)
		tk_err(TK_EXIT_DATA, "screening file %s", path);
	s->source = tk_xstrdup(tk_lines_source(l));
	bad = tk_admin_read(l, columns, add_rule, s);
	tk_lines_close(l);
	if (bad) {
		/* Freed, so that a caller that goes on leaks nothing. */
		tk_screen_free(s);
		tk_errx(TK_EXIT_DATA, "%s: bad screening rules", path);
	}
	return s;
}

void
tk_screen_free(struct tk_screen *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nrules; i++) {
		tk_free_words(s->rules[i].keywords);
		free(s->rules[i].number);
	}
	free(s->rules);
	free(s->source);
	free(s);
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
		for (k = 0; s->rules[i].keywords[k] != NULL; k++)
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
