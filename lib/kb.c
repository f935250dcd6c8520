/*
 * kb.c: the knowledge base (知识库), ready answers the platform gives a
 * caller at once (直接答复), each with the policy it rests on.
 *
 * Import: the administrator's file (ticket(5)) is read and checked whole
 * into a list before anything is written; a good list is then merged
 * into the kb table by id, in the caller's transaction, and with
 * "replace" the entries the file lacks are removed.  An entry whose every
 * field is unchanged is not written at all, so updated_at says when its
 * text last changed.
 *
 * Invariants of a stored entry: the id is 1 to 64 letters, digits, '-'
 * or '_'; title and answer are not empty; keywords are trimmed, not
 * empty, each listed once, joined by '|'; valid_until NULL means no end,
 * otherwise the entry is valid through that local day, inclusive.
 *
 * Search scores every unexpired entry against the query text.  Chinese
 * is not segmented into words: a keyword counts when it occurs in the
 * query, and the title counts by the pairs of adjacent characters
 * (bigrams) it shares with the query.  Both sides are first folded:
 * ASCII letters to lower case, each run of spaces and punctuation to one
 * space, which no bigram crosses.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

#define MAXID		64
#define EXACT_SCORE	1000	/* the query is the title */
#define KEYWORD_SCORE	10	/* per character of a keyword in the query */
#define BIGRAM_SCORE	3	/* per distinct query bigram in the title */

#define COLUMNS	"id, title, keywords, answer, source, valid_until"

static const char select_one[] =
    "SELECT " COLUMNS " FROM kb WHERE id = ?1";
static const char select_valid[] =
    "SELECT " COLUMNS " FROM kb WHERE valid_until IS NULL OR "
    "valid_until >= ?1";
/* An upsert, not INSERT OR REPLACE: update triggers (a search index
 * added later) see a change as one. */
static const char upsert[] =
    "INSERT INTO kb (" COLUMNS ", updated_at) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (id) DO UPDATE SET "
    "title = excluded.title, keywords = excluded.keywords, "
    "answer = excluded.answer, source = excluded.source, "
    "valid_until = excluded.valid_until, updated_at = excluded.updated_at";
static const char select_ids[] = "SELECT id FROM kb ORDER BY id";
static const char delete_one[] = "DELETE FROM kb WHERE id = ?1";

/* The file's columns, in the order of the cells a row hands over. */
enum { ID, TITLE, KEYWORDS, ANSWER, SOURCE, VALID_UNTIL };
static const struct tk_column columns[] = {
	{ "id", 1 }, { "title", 1 }, { "keywords", 1 }, { "answer", 1 },
	{ "source", 0 }, { "valid_until", 0 }, { NULL, 0 }
};

void
tk_kb_clear(struct tk_kb_entry *e)
{
	free(e->id);
	free(e->title);
	tk_free_words(e->keywords);
	free(e->answer);
	free(e->source);
	memset(e, 0, sizeof(*e));
}

void
tk_kb_list_free(struct tk_kb_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		tk_kb_clear(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static void
append(struct tk_kb_list *l, const struct tk_kb_entry *e)
{
	l->v = tk_xrealloc(l->v, (l->n + 1) * sizeof(*l->v));
	l->v[l->n++] = *e;
}

/* Control characters; a line break or tab only where breaks is set. */
static int
has_control(const char *s, int breaks)
{
	for (; *s != '\0'; s++)
		if (((unsigned char)*s < 0x20 || *s == 0x7f) &&
		    !(breaks && (*s == '\n' || *s == '\t')))
			return 1;
	return 0;
}

static int
good_id(const char *s)
{
	size_t n = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789-_");

	return n > 0 && n <= MAXID && s[n] == '\0';
}

/* The first field of a row that breaks a rule, named; NULL when none. */
static const char *
bad_field(const char **cell, char *why, size_t len)
{
	int32_t day;
	int i;

	if (!good_id(cell[ID]))
		snprintf(why, len, "id: not 1 to %d letters, digits, '-' or "
		    "'_': \"%s\"", MAXID, cell[ID]);
	else if (*cell[TITLE] == '\0' || *cell[ANSWER] == '\0')
		snprintf(why, len, "%s: empty", *cell[TITLE] == '\0' ?
		    "title" : "answer");
	else if (*cell[VALID_UNTIL] != '\0' &&
	    tk_date_parse(cell[VALID_UNTIL], &day) == -1)
		snprintf(why, len, "valid_until: not a date (YYYY-MM-DD): "
		    "\"%s\"", cell[VALID_UNTIL]);
	else {
		for (i = ID; i < VALID_UNTIL; i++)
			if (has_control(cell[i], i == ANSWER)) {
				snprintf(why, len, "%s: a control character",
				    columns[i].name);
				return why;
			}
		return NULL;
	}
	return why;
}

/* The keywords of a cell, trimmed, each once, in their order. */
static char **
keywords_of(const char *cell)
{
	char **w = tk_split_words(cell);
	size_t i, k, n = 0;

	for (i = 0; w[i] != NULL; i++) {
		for (k = 0; k < n && strcmp(w[k], w[i]) != 0; k++)
			continue;
		if (k < n)
			free(w[i]);
		else
			w[n++] = w[i];
	}
	w[n] = NULL;
	return w;
}

/*
 * A knowledge base holds thousands of entries at most: looking back
 * through those read costs milliseconds and names rows in line order.
 */
static int
add_row(const struct tk_admin_row *r, void *arg)
{
	struct tk_kb_list *l = arg;
	const char **cell = r->cells;
	struct tk_kb_entry e;
	char why[TK_ERRLEN];
	size_t i;

	if (bad_field(cell, why, sizeof(why)) != NULL) {
		tk_recerr(r->source, r->line, "%s", why);
		return -1;
	}
	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].id, cell[ID]) == 0) {
			tk_recerr(r->source, r->line, "id \"%s\" is listed "
			    "twice (first on line %ld)", cell[ID],
			    l->v[i].line);
			return -1;
		}
	memset(&e, 0, sizeof(e));
	e.id = tk_xstrdup(cell[ID]);
	e.title = tk_xstrdup(cell[TITLE]);
	e.keywords = keywords_of(cell[KEYWORDS]);
	e.answer = tk_xstrdup(cell[ANSWER]);
	e.source = *cell[SOURCE] != '\0' ? tk_xstrdup(cell[SOURCE]) : NULL;
	e.valid_until = TK_KB_NO_END;
	if (*cell[VALID_UNTIL] != '\0')
		tk_date_parse(cell[VALID_UNTIL], &e.valid_until);
	e.line = r->line;
	append(l, &e);
	return 0;
}

/*
 * Reads a knowledge-base file into l.  Returns the number of bad rows,
 * each named; a file without entries counts as one.
 */
long
tk_kb_read(struct tk_lines *lines, struct tk_kb_list *l)
{
	long bad;

	memset(l, 0, sizeof(*l));
	bad = tk_admin_read(lines, columns, add_row, l);
	if (bad == 0 && l->n == 0) {
		tk_complain(tk_lines_source(lines), 0, "no entries");
		bad = 1;
	}
	return bad;
}

/* An entry from a row of COLUMNS. */
static void
fill(struct tk_stmt *st, struct tk_kb_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->id = tk_xstrdup(tk_stmt_col_text(st, 0));
	e->title = tk_xstrdup(tk_stmt_col_text(st, 1));
	e->keywords = tk_split_words(tk_stmt_col_text(st, 2));
	e->answer = tk_xstrdup(tk_stmt_col_text(st, 3));
	if (!tk_stmt_col_isnull(st, 4))
		e->source = tk_xstrdup(tk_stmt_col_text(st, 4));
	e->valid_until = tk_stmt_col_isnull(st, 5) ? TK_KB_NO_END :
	    (int32_t)tk_stmt_col_int(st, 5);
}

/*
 * The entry with this id, for an answer given on a given day.  Returns 0
 * when it is valid that day, -2 when it has expired (e is filled all the
 * same, so its date can be shown), -1 when there is none.  Clear e after.
 */
int
tk_kb_get(struct tk_db *db, const char *id, int32_t today,
    struct tk_kb_entry *e)
{
	struct tk_stmt *st = tk_db_stmt(db, select_one);
	int rc = -1;

	memset(e, 0, sizeof(*e));
	tk_stmt_text(st, 1, id);
	if (tk_stmt_step(st) == TK_ROW) {
		fill(st, e);
		rc = e->valid_until < today ? -2 : 0;
	}
	tk_stmt_reset(st);
	return rc;
}

/* "a|b|c": the stored form of a keyword list. */
static char *
join(char **words)
{
	size_t i, len = 1;
	char *s;

	for (i = 0; words[i] != NULL; i++)
		len += strlen(words[i]) + 1;
	s = tk_xmalloc(len);
	*s = '\0';
	for (i = 0; words[i] != NULL; i++) {
		if (i > 0)
			strcat(s, "|");
		strcat(s, words[i]);
	}
	return s;
}

static int
same_text(const char *a, const char *b)
{
	return a == NULL || b == NULL ? a == b : strcmp(a, b) == 0;
}

static int
same_entry(const struct tk_kb_entry *a, const struct tk_kb_entry *b)
{
	char *ka = join(a->keywords), *kb = join(b->keywords);
	int same = strcmp(a->title, b->title) == 0 &&
	    strcmp(ka, kb) == 0 && strcmp(a->answer, b->answer) == 0 &&
	    same_text(a->source, b->source) &&
	    a->valid_until == b->valid_until;

	free(ka);
	free(kb);
	return same;
}

static void
write_entry(struct tk_db *db, const struct tk_kb_entry *e, tk_time now)
{
	struct tk_stmt *st = tk_db_stmt(db, upsert);
	char *kw = join(e->keywords);

	tk_stmt_text(st, 1, e->id);
	tk_stmt_text(st, 2, e->title);
	tk_stmt_text(st, 3, kw);
	tk_stmt_text(st, 4, e->answer);
	tk_stmt_text(st, 5, e->source);
	if (e->valid_until == TK_KB_NO_END)
		tk_stmt_null(st, 6);
	else
		tk_stmt_int(st, 6, e->valid_until);
	tk_stmt_int(st, 7, now);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: %s", e->id, tk_db_errmsg(db));
	free(kw);
}

static void
note(json_t *changes, const char *id, const char *change)
{
	tk_jpush(changes, json_pack("{s:s, s:s}", "kb", id, "change",
	    change));
}

static int
by_id(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Removes, and notes, every stored entry whose id the list lacks. */
static void
remove_absent(struct tk_db *db, const struct tk_kb_list *l, json_t *changes,
    size_t first)
{
	struct tk_stmt *st = tk_db_stmt(db, select_ids);
	char **ids = tk_xmalloc((l->n + 1) * sizeof(*ids));
	const char *id;
	size_t i;

	for (i = 0; i < l->n; i++)
		ids[i] = l->v[i].id;
	qsort(ids, l->n, sizeof(*ids), by_id);
	while (tk_stmt_step(st) == TK_ROW) {
		id = tk_stmt_col_text(st, 0);
		if (bsearch(&id, ids, l->n, sizeof(*ids), by_id) == NULL)
			note(changes, id, "removed");
	}
	tk_stmt_reset(st);
	free(ids);
	/* Deleted after the scan, which must not see its own deletions. */
	st = tk_db_stmt(db, delete_one);
	for (i = first; i < json_array_size(changes); i++) {
		tk_stmt_text(st, 1, tk_json_str(json_array_get(changes, i),
		    "kb"));
		tk_stmt_exec(st);
	}
}

/*
 * Merges a checked list into the knowledge base, inside the caller's
 * transaction; with replace, the list becomes the whole of it.  Returns
 * the changes, one {"kb":id,"change":"added|changed|removed"} each: the
 * list's in its order, then the removals by id.
 */
json_t *
tk_kb_store(struct tk_db *db, const struct tk_kb_list *l, int replace,
    tk_time now)
{
	json_t *changes = json_array();
	struct tk_kb_entry old;
	size_t i;
	int rc;

	if (changes == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	for (i = 0; i < l->n; i++) {
		rc = tk_kb_get(db, l->v[i].id, INT32_MIN, &old);
		if (rc == -1 || !same_entry(&old, &l->v[i])) {
			write_entry(db, &l->v[i], now);
			note(changes, l->v[i].id, rc == -1 ? "added" :
			    "changed");
		}
		tk_kb_clear(&old);
	}
	if (replace)
		remove_absent(db, l, changes, json_array_size(changes));
	return changes;
}

/* An entry as a JSON object; "score" only when it has one. */
json_t *
tk_kb_json(const struct tk_kb_entry *e)
{
	json_t *o, *kw;
	char date[TK_DATE_LEN];
	size_t i;

	if ((kw = json_array()) == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	for (i = 0; e->keywords[i] != NULL; i++)
		tk_jpush(kw, json_string(e->keywords[i]));
	o = json_pack("{s:s, s:s, s:o, s:s, s:s?, s:s?}", "id", e->id,
	    "title", e->title, "keywords", kw, "answer", e->answer,
	    "source", e->source, "valid_until",
	    e->valid_until == TK_KB_NO_END ? NULL :
	    tk_date_format(e->valid_until, date));
	if (o == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	if (e->score > 0)
		tk_jset(o, "score", json_integer(e->score));
	return o;
}

/* Bytes in the UTF-8 character that starts with byte c. */
static size_t
charlen(unsigned char c)
{
	return c < 0x80 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
}

/*
 * Bytes of the space or punctuation character at s, or 0 when it may be
 * part of a word: ASCII other than letters and digits, general
 * punctuation U+2000-206F (“” …), CJK punctuation U+3000-303F (、。《》)
 * and the full-width forms of ASCII punctuation (，！（）：？).
 */
static size_t
separator(const unsigned char *s)
{
	if (*s < 0x80)
		return isalnum(*s) ? 0 : 1;
	if ((s[0] == 0xe2 && (s[1] == 0x80 || s[1] == 0x81)) ||
	    (s[0] == 0xe3 && s[1] == 0x80))
		return 3;
	if (s[0] == 0xef && s[1] == 0xbc && (s[2] < 0x90 ||
	    (s[2] >= 0x9a && s[2] <= 0xa0) || s[2] >= 0xbb))
		return 3;
	if (s[0] == 0xef && s[1] == 0xbd && (s[2] == 0x80 ||
	    (s[2] >= 0x9b && s[2] <= 0xa5)))
		return 3;
	return 0;
}

/* s for matching: ASCII in lower case, separators one space, trimmed. */
static char *
fold(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out = tk_xmalloc(strlen(s) + 1), *o = out;
	size_t n;
	int gap = 0;

	while (*p != '\0') {
		if ((n = separator(p)) > 0) {
			gap = o > out;
			p += n;
			continue;
		}
		if (gap)
			*o++ = ' ';
		gap = 0;
		for (n = charlen(*p); n > 0 && *p != '\0'; n--)
			*o++ = (char)tolower(*p++);
	}
	*o = '\0';
	return out;
}

/* Characters in folded text, the spaces apart. */
static long
nchars(const char *s)
{
	long n = 0;

	for (; *s != '\0'; s++)
		n += *s != ' ' && ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

struct query {
	char	 *text;			/* folded */
	char	(*bigrams)[9];		/* distinct, two characters each */
	size_t	  nbigrams;
};

static void
query_init(struct query *q, const char *text)
{
	const char *p, *next;
	size_t a, b, i;

	memset(q, 0, sizeof(*q));
	q->text = fold(text);
	for (p = q->text; *p != '\0'; p = next) {
		next = p + (a = charlen(*p));
		if (*p == ' ' || *next == '\0' || *next == ' ')
			continue;
		b = charlen(*next);
		q->bigrams = tk_xrealloc(q->bigrams, (q->nbigrams + 1) *
		    sizeof(*q->bigrams));
		memcpy(q->bigrams[q->nbigrams], p, a + b);
		q->bigrams[q->nbigrams][a + b] = '\0';
		for (i = 0; strcmp(q->bigrams[i], q->bigrams[q->nbigrams]);
		    i++)
			continue;
		q->nbigrams += i == q->nbigrams;
	}
}

/*
 * The ranking documented in ticket-kb(1): a query that is the title,
 * each keyword found in the query by its length, each query bigram found
 * in the title.
 */
static long
score(const struct query *q, const struct tk_kb_entry *e)
{
	char *title = fold(e->title), *kw;
	long s = 0;
	size_t i;

	if (*q->text != '\0' && strcmp(title, q->text) == 0)
		s += EXACT_SCORE;
	for (i = 0; e->keywords[i] != NULL; i++) {
		kw = fold(e->keywords[i]);
		if (*kw != '\0' && strstr(q->text, kw) != NULL)
			s += KEYWORD_SCORE * nchars(kw);
		free(kw);
	}
	for (i = 0; i < q->nbigrams; i++)
		if (strstr(title, q->bigrams[i]) != NULL)
			s += BIGRAM_SCORE;
	free(title);
	return s;
}

static int
by_score(const void *a, const void *b)
{
	const struct tk_kb_entry *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(x->id, y->id);
}

/*
 * The entries valid on day today that text (valid UTF-8) matches, best
 * first, ties by id, at most limit of them, into out.  The knowledge
 * base is small: every valid entry is scored.
 */
void
tk_kb_search(struct tk_db *db, const char *text, int32_t today,
    size_t limit, struct tk_kb_list *out)
{
	struct tk_stmt *st = tk_db_stmt(db, select_valid);
	struct tk_kb_entry e;
	struct query q;

	memset(out, 0, sizeof(*out));
	query_init(&q, text);
	tk_stmt_int(st, 1, today);
	while (tk_stmt_step(st) == TK_ROW) {
		fill(st, &e);
		if ((e.score = score(&q, &e)) > 0)
			append(out, &e);
		else
			tk_kb_clear(&e);
	}
	tk_stmt_reset(st);
	free(q.text);
	free(q.bigrams);
	if (out->n > 1)
		qsort(out->v, out->n, sizeof(*out->v), by_score);
	while (out->n > limit)
		tk_kb_clear(&out->v[--out->n]);
}
