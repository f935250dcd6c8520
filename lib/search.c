/*
 * search.c: full-text search over the tickets (ticket-ls --text).
 *
 * The index is the FTS5 table ticket_text, one row per ticket under the
 * ticket's own rowid, whose body is the ticket's topic, its facts and
 * its replies' texts: never the caller's name, phone or ID.  BODY below
 * is the one place that says so; every write of the index goes through
 * it, in the writer's transaction, so a ticket and its index row commit
 * together.  Rowids of the ticket table are stable while nothing runs
 * VACUUM; after one, ticket-admin reindex builds the index again.
 *
 * The index keeps no copy of the text (content ''), so it cannot find
 * by itself which words to take out: a ticket's words leave it, as
 * BODY gives them, before anything they come from changes
 * (tk_search_forget), and come back after (tk_search_add).  Words taken
 * out that were never put in would corrupt it, so intake's body
 * (tk_search_body) is BODY's text to the byte.
 *
 * Chinese has no spaces, so the tokenizer cuts a run of CJK characters
 * into overlapping pairs (电梯坏了: 电梯 梯坏 坏了), as Lucene's CJK analyzer
 * does, and a query's words into the same pairs as a phrase: every word
 * of two characters or more is found wherever it stands, whatever a
 * dictionary knows.  A lone character is a token of its own.  A run of
 * letters and digits (ASCII, or their full-width forms) is one word,
 * lowercased: 12345, wifi, 3 and 号楼 for 3号楼.  Everything else parts
 * tokens.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

#define MAXWORD	64	/* bytes of a word token kept */

enum class { OTHER, WORD, CJK };

/* Full-width letters and digits as their ASCII forms; the class of c. */
static enum class
classify(unsigned *c)
{
	if (*c >= 0xff10 && *c <= 0xff5a && (*c <= 0xff19 || *c >= 0xff21) &&
	    (*c <= 0xff3a || *c >= 0xff41))
		*c -= 0xfee0;
	if ((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z'))
		return WORD;
	if (*c >= 'A' && *c <= 'Z') {
		*c += 'a' - 'A';
		return WORD;
	}
	if ((*c >= 0x3400 && *c <= 0x4dbf) || (*c >= 0x4e00 && *c <= 0x9fff) ||
	    (*c >= 0xf900 && *c <= 0xfaff) || (*c >= 0x20000 && *c <= 0x2ffff))
		return CJK;
	return OTHER;
}

struct cut {
	const char	*text;
	tk_token_cb	 cb;
	void		*arg;
	char		 word[MAXWORD];
	size_t		 wlen;
	int		 wstart;	/* the word's first byte, or -1 */
	int		 prev;		/* the last CJK character's, or -1 */
	int		 pairs;		/* pairs given from this run */
};

static int
end_word(struct cut *c, int at)
{
	int rc = 0;

	if (c->wstart != -1)
		rc = c->cb(c->arg, c->word, c->wlen, c->wstart, at);
	c->wstart = -1;
	c->wlen = 0;
	return rc;
}

/* A lone character is its own token: a run of one gave no pair. */
static int
end_run(struct cut *c, int at)
{
	int rc = 0;

	if (c->prev != -1 && c->pairs == 0)
		rc = c->cb(c->arg, c->text + c->prev, at - c->prev, c->prev, at);
	c->prev = -1;
	c->pairs = 0;
	return rc;
}

static int
step(struct cut *c, enum class k, unsigned ch, int at, int next)
{
	int rc;

	if (k != WORD && (rc = end_word(c, at)) != 0)
		return rc;
	if (k != CJK && (rc = end_run(c, at)) != 0)
		return rc;
	if (k == WORD) {
		if (c->wstart == -1)
			c->wstart = at;
		if (c->wlen < MAXWORD)
			c->word[c->wlen++] = (char)ch;
	} else if (k == CJK) {
		if (c->prev != -1) {
			c->pairs++;
			if ((rc = c->cb(c->arg, c->text + c->prev,
			    next - c->prev, c->prev, next)) != 0)
				return rc;
		}
		c->prev = at;
	}
	return 0;
}

/*
 * Calls cb with each token of the n bytes of text: its bytes (a pair
 * of CJK characters as written, a word lowercased), and where in text
 * it starts and ends.  Stops at cb's first non-zero, and returns it.
 */
int
tk_search_tokens(const char *text, int n, tk_token_cb cb, void *arg)
{
	struct cut c = { text, cb, arg, { 0 }, 0, -1, -1, 0 };
	unsigned ch;
	int at = 0, len, rc;
	enum class k;

	while (at < n) {
		len = (int)tk_utf8_decode(text + at, (size_t)(n - at), &ch);
		k = classify(&ch);
		if ((rc = step(&c, k, ch, at, at + len)) != 0)
			return rc;
		at += len;
	}
	if ((rc = end_word(&c, n)) != 0)
		return rc;
	return end_run(&c, n);
}

/*
 * The text a ticket is found by, for the ticket row in scope: topic,
 * facts, replies and notes (备注), one a line so no pair spans two.
 * Replies and notes are found by ticket (reply_ticket, event_ticket;
 * "+kind" keeps the planner off event_kind_at): a scan of every reply
 * or note for each ticket made intake into a full database crawl.
 */
#define BODY \
	"coalesce(topic, '') || char(10) ||" \
	" coalesce((SELECT group_concat(value, char(10))" \
	"  FROM json_each(ticket.doc, '$.facts')), '') || char(10) ||" \
	" coalesce((SELECT group_concat(text, char(10)) FROM reply" \
	"  WHERE reply.ticket = ticket.id), '') || char(10) ||" \
	" coalesce((SELECT group_concat(json_extract(data, '$.text')," \
	"  char(10)) FROM event WHERE event.ticket = ticket.id" \
	"  AND +kind = 'note'), '')"

static void
must(struct tk_db *db, struct tk_stmt *st)
{
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: cannot write the search index: %s",
		    tk_db_path(db), tk_db_errmsg(db));
}

/* A ticket's words into the index, inside the writer's transaction. */
void
tk_search_add(struct tk_db *db, const char *id)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "INSERT INTO ticket_text(rowid, body) SELECT rowid, " BODY
	    " FROM ticket WHERE id = ?1");

	tk_stmt_text(st, 1, id);
	must(db, st);
}

/*
 * BODY's text for a record at intake, which has no replies or notes
 * yet: made from the record itself on the reading core (ticket-new),
 * so the storing one need not take the document apart again.  The facts
 * come in the document's order, as json_each gives them.
 */
char *
tk_search_body(json_t *doc)
{
	struct tk_buf b = { NULL, 0, 0 };
	const char *topic = tk_json_str(doc, "topic"), *key;
	json_t *v;
	int first = 1;

	tk_buf_put(&b, topic != NULL ? topic : "", topic != NULL ?
	    strlen(topic) : 0);
	tk_buf_put(&b, "\n", 1);
	json_object_foreach(json_object_get(doc, "facts"), key, v) {
		if (!json_is_string(v))
			continue;
		if (!first)
			tk_buf_put(&b, "\n", 1);
		tk_buf_put(&b, json_string_value(v), json_string_length(v));
		first = 0;
	}
	tk_buf_put(&b, "\n\n", 2);
	return b.s;
}

/*
 * Bodies of tickets new to the index, by rowid, each a JSON string made
 * on the reading core, written together before their batch commits
 * (tk_batch_flush).  FTS5 writes out what it holds whenever a statement
 * of the transaction opens a statement journal (a savepoint, a trigger,
 * a write of many rows): one statement a batch keeps the index a
 * segment a batch, not a segment a ticket, whatever else intake runs.
 */
static struct {
	struct tk_db	*db;
	struct tk_buf	 rows;	/* a JSON object: rowid -> body */
} pending;

void
tk_search_defer(struct tk_db *db, int64_t rowid, const char *quoted)
{
	char key[24];

	if (pending.rows.n == 0)
		tk_buf_put(&pending.rows, "{", 1);
	pending.db = db;
	snprintf(key, sizeof(key), "%lld", (long long)rowid);
	tk_buf_json(&pending.rows, key, quoted);
}

void
tk_search_flush(struct tk_db *db)
{
	struct tk_stmt *st;

	if (pending.db != db || pending.rows.n == 0)
		return;
	st = tk_db_stmt(db, "INSERT INTO ticket_text(rowid, body)"
	    " SELECT CAST(key AS INTEGER), value FROM json_each(?1)");
	tk_buf_put(&pending.rows, "}", 1);
	tk_stmt_text_static(st, 1, pending.rows.s, pending.rows.n);
	must(db, st);
	pending.rows.n = 0;
}

/* The text the index holds for a ticket as it stands; NULL if none. */
char *
tk_search_text(struct tk_db *db, const char *id)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT " BODY " FROM ticket WHERE id = ?1");
	char *text = NULL;

	tk_stmt_text(st, 1, id);
	if (tk_stmt_step(st) == TK_ROW)
		text = tk_xstrdup(tk_stmt_col_text(st, 0));
	tk_stmt_reset(st);
	return text;
}

/*
 * A ticket's words out of the index, before its topic, facts, replies
 * or notes change; tk_search_add puts them back once they have.
 */
void
tk_search_forget(struct tk_db *db, const char *id)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "INSERT INTO ticket_text(ticket_text, rowid, body)"
	    " SELECT 'delete', rowid, ?2 FROM ticket WHERE id = ?1");
	char *text = tk_search_text(db, id);

	tk_stmt_text(st, 1, id);
	tk_stmt_text(st, 2, text);
	must(db, st);
	free(text);
}

/*
 * Every ticket into an empty index (a migration's, or reindex's), a
 * statement each: one INSERT ... SELECT of them all kept a statement
 * journal in memory of every page it reused, gigabytes on a large
 * database, where a row's own INSERT needs none.
 */
void
tk_search_fill(struct tk_db *db)
{
	struct tk_stmt *rows = tk_db_stmt(db,
	    "SELECT rowid, " BODY " FROM ticket");
	struct tk_stmt *put = tk_db_stmt(db,
	    "INSERT INTO ticket_text(rowid, body) VALUES (?1, ?2)");

	while (tk_stmt_step(rows) == TK_ROW) {
		tk_stmt_int(put, 1, tk_stmt_col_int(rows, 0));
		tk_stmt_text(put, 2, tk_stmt_col_text(rows, 1));
		must(db, put);
	}
	tk_stmt_reset(rows);
	must(db, tk_db_stmt(db, "INSERT INTO ticket_text(ticket_text)"
	    " VALUES ('optimize')"));
}

/* The whole index made again, inside ticket-admin reindex's transaction. */
void
tk_search_rebuild(struct tk_db *db)
{
	must(db, tk_db_stmt(db, "INSERT INTO ticket_text(ticket_text)"
	    " VALUES ('delete-all')"));
	tk_search_fill(db);
}

/*
 * The FTS5 query for what a person typed: each word of it a quoted
 * string, so nothing in it is query syntax, all of them to match.  A
 * word the tokenizer cuts into pairs matches them as a phrase.  NULL
 * when nothing is left to look for.
 */
char *
tk_search_query(const char *words)
{
	size_t n = strlen(words), i, o = 0;
	char *q = tk_xmalloc(3 * n + 3);
	int open = 0;

	for (i = 0; i <= n; i++) {
		if (words[i] == ' ' || words[i] == '\t' || words[i] == '\0') {
			if (open)
				q[o++] = '"';
			open = 0;
			continue;
		}
		if (!open) {
			if (o > 0)
				q[o++] = ' ';
			q[o++] = '"';
			open = 1;
		}
		if (words[i] == '"')
			q[o++] = '"';
		q[o++] = words[i];
	}
	q[o] = '\0';
	if (o == 0) {
		free(q);
		return NULL;
	}
	return q;
}
