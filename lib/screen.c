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

struct span {
	const char	*p, *end;
};

/* A word of a rule, and its place in the screening's dictionary. */
struct word {
	char	*s;		/* NULL ends a list */
	size_t	 len, id;
};

struct rule {
	char		*number;
	struct word	*keywords;
	struct word	*near;	/* empty: the keyword says "now" itself */
	struct word	*cancel;
	long		 line;
};

/*
 * Every distinct word of the rules once, chained by its first two bytes
 * (one-byte words by their byte): a field is read once to learn which
 * words stand in it, and the rules then look only for those.  Without
 * it a record cost a memmem for each of a thousand words, most of the
 * time intake spent.
 */
#define HEADS	4096

struct entry {
	const char	*s;	/* the first rule's copy */
	size_t		 len;
	size_t		 next;	/* index + 1 in dict; 0 ends the chain */
};

struct tk_screen {
	char		*source;
	struct rule	*rules;
	size_t		 nrules;
	struct entry	*dict;
	size_t		 ndict;
	size_t		 head1[256], head2[HEADS];
};

/* What the words of one record's fields are looked for in. */
struct look {
	struct span	 text[2];	/* 事由, 经过 */
	unsigned char	*seen;		/* by word id: stands in a field */
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

/* The chain a word starting at p (with len bytes to its end) is in. */
static size_t *
head(struct tk_screen *s, const unsigned char *p, size_t len)
{
	if (len == 1)
		return &s->head1[p[0]];
	return &s->head2[((size_t)p[0] << 6 ^ p[1]) % HEADS];
}

/* The word's id in the dictionary, added when it is new. */
static size_t
word_id(struct tk_screen *s, const char *w, size_t len)
{
	size_t *h = head(s, (const unsigned char *)w, len), i;

	for (i = *h; i != 0; i = s->dict[i - 1].next)
		if (s->dict[i - 1].len == len &&
		    memcmp(s->dict[i - 1].s, w, len) == 0)
			return i - 1;
	s->dict = tk_xrealloc(s->dict, (s->ndict + 1) * sizeof(*s->dict));
	s->dict[s->ndict].s = w;
	s->dict[s->ndict].len = len;
	s->dict[s->ndict].next = *h;
	*h = ++s->ndict;
	return s->ndict - 1;
}

/* The '|'-separated words of a cell, each with its id. */
static struct word *
words(struct tk_screen *s, const char *cell)
{
	char **list = tk_split_words(cell);
	struct word *w;
	size_t n, i;

	for (n = 0; list[n] != NULL; n++)
		continue;
	w = tk_xmalloc((n + 1) * sizeof(*w));
	for (i = 0; i < n; i++) {
		w[i].s = list[i];
		w[i].len = strlen(list[i]);
		w[i].id = word_id(s, w[i].s, w[i].len);
	}
	w[n].s = NULL;
	free(list);
	return w;
}

static void
free_words(struct word *w)
{
	size_t i;

	for (i = 0; w != NULL && w[i].s != NULL; i++)
		free(w[i].s);
	free(w);
}

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
	r.keywords = words(s, row->cells[1]);
	if (r.keywords[0].s == NULL) {
		tk_recerr(row->source, row->line, "no keywords");
		free_words(r.keywords);
		return -1;
	}
	r.near = words(s, row->cells[2]);
	r.cancel = words(s, row->cells[3]);
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
		free_words(s->rules[i].keywords);
		free_words(s->rules[i].near);
		free_words(s->rules[i].cancel);
		free(s->rules[i].number);
	}
	free(s->rules);
	free(s->dict);
	free(s->source);
	free(s);
}

/* Marks in seen each word of the dictionary that stands in the span. */
static void
mark(const struct tk_screen *s, struct span in, unsigned char *seen)
{
	const unsigned char *p = (const unsigned char *)in.p;
	const unsigned char *end = (const unsigned char *)in.end;
	const struct entry *e;
	size_t i;

	for (; p < end; p++) {
		/* Words are distinct: one word at most has this one byte. */
		if ((i = s->head1[*p]) != 0)
			seen[i - 1] = 1;
		if (end - p < 2)
			continue;
		for (i = s->head2[((size_t)p[0] << 6 ^ p[1]) % HEADS]; i != 0;
		    i = e->next) {
			e = &s->dict[i - 1];
			if (e->len <= (size_t)(end - p) &&
			    memcmp(p, e->s, e->len) == 0)
				seen[i - 1] = 1;
		}
	}
}

/* Where the word first stands inside the span, or NULL. */
static const char *
word_at(const struct look *lk, struct span in, const struct word *w)
{
	if (!lk->seen[w->id] || in.p == NULL)
		return NULL;
	return memmem(in.p, in.end - in.p, w->s, w->len);
}

/* Where the word stands next in the span, at from or after. */
static const char *
after(struct span in, const char *from, const struct word *w)
{
	return memmem(from, in.end - from, w->s, w->len);
}

/* The first of the words inside the span, or NULL. */
static const char *
find_word(const struct look *lk, struct span in, const struct word *words)
{
	size_t k;

	for (k = 0; words[k].s != NULL; k++)
		if (word_at(lk, in, &words[k]) != NULL)
			return words[k].s;
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
clean(const struct look *lk, const struct rule *r, struct span all,
    const char *at)
{
	struct span clause = piece(all, at, clauses);

	return find_word(lk, clause, r->cancel) == NULL && !dated(clause);
}

/* The first of the words standing in a clean clause of all, or NULL. */
static const char *
clean_word(const struct look *lk, const struct rule *r, struct span all,
    const struct word *words)
{
	const char *at;
	size_t k;

	for (k = 0; words[k].s != NULL; k++)
		for (at = word_at(lk, all, &words[k]); at != NULL;
		    at = after(all, at + 1, &words[k]))
			if (clean(lk, r, all, at))
				return words[k].s;
	return NULL;
}

/*
 * Whether a keyword of the rule in 事由 is the matter of now.  When 经过
 * names the rule's keywords only where something cancels them, it tells
 * of then, and 事由 was its title; else a near word in the keyword's
 * sentence or in a clean clause of 经过 says now.
 */
static int
now_in_what(const struct look *lk, const struct rule *r, struct span sent,
    const char **near)
{
	const struct span *how = lk->text[1].p != NULL ? &lk->text[1] : NULL;

	if (how != NULL && find_word(lk, *how, r->keywords) != NULL &&
	    clean_word(lk, r, *how, r->keywords) == NULL)
		return 0;
	if (r->near[0].s == NULL)
		return 1;
	if ((*near = clean_word(lk, r, sent, r->near)) != NULL)
		return 1;
	return how != NULL &&
	    (*near = clean_word(lk, r, *how, r->near)) != NULL;
}

/*
 * Whether the keyword found at at in field (0 事由, 1 经过) is live:
 * nothing cancels it in its clause, and it is now.  *near gets the word
 * that said so (NULL when the rule needs none).
 */
static int
live(const struct look *lk, const struct rule *r, int field, const char *at,
    const char **near)
{
	struct span sent = piece(lk->text[field], at, stops);

	*near = NULL;
	if (!clean(lk, r, lk->text[field], at))
		return 0;
	if (field == 0)
		return now_in_what(lk, r, sent, near);
	return r->near[0].s == NULL ||
	    (*near = clean_word(lk, r, sent, r->near)) != NULL;
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
rule_match(const struct look *lk, const struct rule *r, int f,
    struct tk_screen_hit *hit)
{
	const struct span *in = &lk->text[f];
	const struct word *kw;
	const char *at;

	/* A keyword twice in a clause is live twice or not at all. */
	for (kw = r->keywords; kw->s != NULL; kw++)
		for (at = word_at(lk, *in, kw); at != NULL;
		    at = after(*in, clause_end(*in, at), kw))
			if (live(lk, r, f, at, &hit->near)) {
				hit->keyword = kw->s;
				return 1;
			}
	return 0;
}

/* The first rule that matches the fields, tried in file order. */
static const struct rule *
first_match(const struct tk_screen *s, const struct look *lk,
    struct tk_screen_hit *hit)
{
	size_t i;
	int f;

	/* 事由 first: the matter decides which number, 经过 only when
	 * 事由 names none. */
	for (f = 0; f < 2; f++)
		for (i = 0; lk->text[f].p != NULL && i < s->nrules; i++)
			if (rule_match(lk, &s->rules[i], f, hit))
				return &s->rules[i];
	return NULL;
}

/* Returns 1 and fills hit when a rule matches the ticket's facts. */
int
tk_screen_match(const struct tk_screen *s, json_t *doc,
    struct tk_screen_hit *hit)
{
	static const char *const fields[] = { "what", "process" };
	json_t *facts = json_object_get(doc, "facts");
	const struct rule *r;
	struct look lk;
	const char *t;
	int f;

	lk.seen = tk_xmalloc(s->ndict + 1);
	memset(lk.seen, 0, s->ndict + 1);
	for (f = 0; f < 2; f++) {
		t = tk_json_str(facts, fields[f]);
		lk.text[f].p = t != NULL && *t != '\0' ? t : NULL;
		lk.text[f].end = t != NULL ? t + strnlen(t, READ_MAX) : NULL;
		if (lk.text[f].p != NULL)
			mark(s, lk.text[f], lk.seen);
	}
	if ((r = first_match(s, &lk, hit)) != NULL) {
		hit->number = r->number;
		hit->source = s->source;
		hit->line = r->line;
	}
	free(lk.seen);
	return r != NULL;
}
