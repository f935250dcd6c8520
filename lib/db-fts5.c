/*
 * db-fts5.c: the search tokenizer (search.c) as FTS5 sees it, registered
 * on every connection before its schema is read: a database whose
 * ticket_text names the tokenizer cannot be written without it.  The
 * sqlite3 shell does not have it, so it may read the tickets but not
 * search or write them.
 */
#include <sqlite3.h>

#include "sql.h"

/* FTS5 hands a tokenizer an object of its own: the tokenizer has no
 * state, so one static byte serves every table. */
static char one;

static int
create(void *arg, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)arg;
	(void)argv;
	if (argc > 0)
		return SQLITE_ERROR;
	*out = (Fts5Tokenizer *)&one;
	return SQLITE_OK;
}

static void
destroy(Fts5Tokenizer *t)
{
	(void)t;
}

struct relay {
	void	*ctx;
	int	(*token)(void *, int, const char *, int, int, int);
};

static int
relay(void *arg, const char *tok, int len, int start, int end)
{
	struct relay *r = arg;

	return r->token(r->ctx, 0, tok, len, start, end);
}

static int
tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int n,
    int (*token)(void *, int, const char *, int, int, int))
{
	struct relay r = { ctx, token };

	(void)t;
	(void)flags;
	return tk_search_tokens(text, n, relay, &r);
}

static fts5_api *
api(sqlite3 *h)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st;

	if (sqlite3_prepare_v2(h, "SELECT fts5(?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		return NULL;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	return api;
}

/* -1 when this SQLite has no FTS5. */
int
tk_db_fts5_init(struct sqlite3 *h)
{
	static fts5_tokenizer tok = { create, destroy, tokenize };
	fts5_api *a = api(h);

	if (a == NULL || a->iVersion < 2 || tk_db_rank_init(a) == -1)
		return -1;
	return a->xCreateTokenizer(a, TK_SEARCH_TOKENIZER, NULL, &tok,
	    NULL) == SQLITE_OK ? 0 : -1;
}
