/*
 * screen.c: emergency screening at intake.
 *
 * The administrator's file (CSV "number,keywords[,near][,cancel]", words
 * separated by '|', ticket(5)) says which words point to 110, 119, 120
 * or 122.  A word anywhere is not an emergency: citizens write about the
 * fire last year, the crossing where accidents happen, the police who
 * came late.  So screening reads what is happening now.  The keyword
 * must stand in 事由 (what) or 经过 (process), never only in 结果, which
 * is what the caller asks for; the clause that holds it (up to the next
 * comma or stop) must not hold a cancelling word (建议, 去年, 隐患 ...);
 * and when the rule names near words, one of them must stand in the same
 * sentence (up to the next stop), or, for a keyword in 事由, in a
 * sentence of 经过 whose clause has no cancelling word: the agent writes
 * the matter as 事由 and how it stands now as 经过.  Rules are tried in
 * file order; the first that matches decides.  Matching is by substring:
 * UTF-8 is self-synchronizing, so a Chinese word never matches half a
 * character.  A file with any bad row is refused whole (exit 3).
 */
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

struct rule {
	char	*number;
	char	**keywords;	/* NULL-terminated, as the rest */
	char	**near;		/* empty: the keyword says "now" itself */
	char	**cancel;
	long	 line;
};

struct tk_screen {
	char		*source;
	struct rule	*rules;
	size_t		 nrules;
};

struct span {
	const char	*p, *end;
};

static const char *const numbers[] = { "110", "119", "120", "122", NULL };

/* Where a sentence ends, and where a clause does. */
static const char *const stops[] = {
	"。", "！", "？", "；", "!", "?", ";", "\n", NULL
};
static const char *const clauses[] = {
	"。", "！", "？", "；", "!", "?", ";", "\n",
	"，", "、", "：", ",", ":", NULL
};

/*
 * What screening reads of each field: an emergency is said first and
 * short, and a piece of text is looked at once for each keyword in it,
 * so a long message must not cost the square of its length.
 */
#define READ_MAX	4096

int
tk_screen_number_ok(const char *s)
{
	int i;

	for (i = 0; numbers[i] != NULL; i++)
		if (strcmp(numbers[i], s) == 0)
			return 1;
	return 0;
}

/*
 * Whether a person can be put through to the number on this channel: on
 * the phone the agent transfers, in the hall the agent walks them over.
 * A message (web, app, wechat, email, letter) or a case passed on by
 * the province or a leader has nobody on the line.
 */
int
tk_screen_transferable(const char *channel)
{
	return channel != NULL && (strcmp(channel, "phone") == 0 ||
	    strcmp(channel, "visit") == 0);
}

static const struct tk_column columns[] = {
	{ "number", 1 }, { "keywords", 1 }, { "near", 0 }, { "cancel", 0 },
	{ NULL, 0 }
};

static int
add_rule(const struct tk_admin_row *row, void *arg)
{
	struct tk_screen *s = arg;
	struct rule r;

	if (!tk_screen_number_ok(row->cells[0])) {
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
	r.near = tk_split_words(row->cells[2]);
	r.cancel = tk_split_words(row->cells[3]);
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
		tk_free_words(s->rules[i].near);
		tk_free_words(s->rules[i].cancel);
		free(s->rules[i].number);
	}
	free(s->rules);
	free(s->source);
	free(s);
}

/* The first of the words inside the span, or NULL. */
static const char *
find_word(struct span in, char *const *words)
{
	size_t k;

	for (k = 0; words[k] != NULL; k++)
		if (memmem(in.p, in.end - in.p, words[k],
		    strlen(words[k])) != NULL)
			return words[k];
	return NULL;
}

/* Whether a separator starts at q. */
static int
sep_at(const char *q, const char *end, const char *const *seps)
{
	size_t k, n;

	for (k = 0; seps[k] != NULL; k++)
		if ((n = strlen(seps[k])) <= (size_t)(end - q) &&
		    memcmp(q, seps[k], n) == 0)
			return 1;
	return 0;
}

/*
 * Where the first separator at or after p starts, or end: a step at a
 * time, so that finding a piece costs its own length, not the text's.
 */
static const char *
sep_after(const char *p, const char *end, const char *const *seps)
{
	while (p < end && !sep_at(p, end, seps))
		p++;
	return p;
}

/* Where the piece that holds at starts: just after a separator, or p. */
static const char *
sep_before(const char *p, const char *at, const char *const *seps)
{
	const char *q;
	size_t k, n;

	for (q = at; q > p; q--)
		for (k = 0; seps[k] != NULL; k++)
			if ((n = strlen(seps[k])) <= (size_t)(q - p) &&
			    memcmp(q - n, seps[k], n) == 0)
				return q;
	return p;
}

/* The piece of all that holds at, cut at any of the separators. */
static struct span
piece(struct span all, const char *at, const char *const *seps)
{
	struct span s;

	s.p = sep_before(all.p, at, seps);
	s.end = sep_after(at, all.end, seps);
	return s;
}

/*
 * A date, such as 2023年, 3月 or 5日: people in an emergency say what
 * happens, not when; a message dates what it reports.
 */
static int
dated(struct span in)
{
	static const char *const units[] = { "年", "月", "日", NULL };
	const char *p;
	size_t k, n;

	for (p = in.p; p + 1 < in.end; p++)
		for (k = 0; *p >= '0' && *p <= '9' && units[k] != NULL; k++)
			if ((n = strlen(units[k])) <= (size_t)(in.end - p) - 1
			    && memcmp(p + 1, units[k], n) == 0)
				return 1;
	return 0;
}

/* Whether the clause that holds at cancels nothing of the rule. */
static int
clean(const struct rule *r, struct span all, const char *at)
{
	struct span clause = piece(all, at, clauses);

	return find_word(clause, r->cancel) == NULL && !dated(clause);
}

/* The first of the words standing in a clean clause of all, or NULL. */
static const char *
clean_word(const struct rule *r, struct span all, char *const *words)
{
	const char *at;
	size_t k;

	for (k = 0; words[k] != NULL; k++)
		for (at = all.p; (at = memmem(at, all.end - at, words[k],
		    strlen(words[k]))) != NULL; at++)
			if (clean(r, all, at))
				return words[k];
	return NULL;
}

/*
 * Whether a keyword of the rule in 事由 is the matter of now.  When 经过
 * names the rule's keywords only where something cancels them, it tells
 * of then, and 事由 was its title; else a near word in the keyword's
 * sentence or in a clean clause of 经过 says now.
 */
static int
now_in_what(const struct rule *r, const struct span text[2], struct span sent,
    const char **near)
{
	const struct span *how = text[1].p != NULL ? &text[1] : NULL;

	if (how != NULL && find_word(*how, r->keywords) != NULL &&
	    clean_word(r, *how, r->keywords) == NULL)
		return 0;
	if (r->near[0] == NULL)
		return 1;
	if ((*near = clean_word(r, sent, r->near)) != NULL)
		return 1;
	return how != NULL && (*near = clean_word(r, *how, r->near)) != NULL;
}

/*
 * Whether the keyword found at at in field (0 事由, 1 经过) is live:
 * nothing cancels it in its clause, and it is now.  *near gets the word
 * that said so (NULL when the rule needs none).
 */
static int
live(const struct rule *r, const struct span text[2], int field,
    const char *at, const char **near)
{
	struct span sent = piece(text[field], at, stops);

	*near = NULL;
	if (!clean(r, text[field], at))
		return 0;
	if (field == 0)
		return now_in_what(r, text, sent, near);
	return r->near[0] == NULL ||
	    (*near = clean_word(r, sent, r->near)) != NULL;
}

/* Where to look for a keyword again: past the clause, past at at least. */
static const char *
clause_end(struct span all, const char *at)
{
	const char *end = piece(all, at, clauses).end;

	return end > at ? end : at + 1;
}

/* The rule's first live keyword in the field. */
static int
rule_match(const struct rule *r, const struct span text[2], int f,
    struct tk_screen_hit *hit)
{
	const char *at, *kw;
	size_t k;

	/* A keyword twice in a clause is live twice or not at all. */
	for (k = 0; (kw = r->keywords[k]) != NULL; k++)
		for (at = text[f].p; (at = memmem(at, text[f].end - at, kw,
		    strlen(kw))) != NULL; at = clause_end(text[f], at)) {
			if (live(r, text, f, at, &hit->near)) {
				hit->keyword = kw;
				return 1;
			}
		}
	return 0;
}

/* Returns 1 and fills hit when a rule matches the ticket's facts. */
int
tk_screen_match(const struct tk_screen *s, json_t *doc,
    struct tk_screen_hit *hit)
{
	static const char *const fields[] = { "what", "process" };
	json_t *facts = json_object_get(doc, "facts");
	struct span text[2];
	const char *t;
	size_t i;
	int f;

	for (f = 0; f < 2; f++) {
		t = tk_json_str(facts, fields[f]);
		text[f].p = t != NULL && *t != '\0' ? t : NULL;
		text[f].end = t != NULL ? t + strnlen(t, READ_MAX) : NULL;
	}
	/* 事由 first: the matter decides which number, 经过 only when
	 * 事由 names none. */
	for (f = 0; f < 2; f++)
		for (i = 0; text[f].p != NULL && i < s->nrules; i++)
			if (rule_match(&s->rules[i], text, f, hit)) {
				hit->number = s->rules[i].number;
				hit->source = s->source;
				hit->line = s->rules[i].line;
				return 1;
			}
	return 0;
}
