/*
 * db-rank.c: the order of ticket-ls --text's results (ticket-ls(1)),
 * FTS5's auxiliary function TK_SEARCH_RANK, registered with the
 * tokenizer (db-fts5.c).
 *
 * It weighs as BM25 does, without BM25's normalization by length: each
 * word of the query counts by how often the ticket says it, with less
 * and less for each more time (K1), times its rarity in the index (its
 * inverse document frequency).  FTS5's bm25() reads every match's
 * length from the index's docsize table, one lookup a match; on a
 * million tickets those lookups were nine tenths of a search's time,
 * while the counts come with the match.  Tickets differ less in length
 * than web pages do: length is the lesser part of the rank to give up.
 *
 * Lower ranks first, as FTS5 orders by rank.  The rank is an integer:
 * the weight to three decimals above, the ticket's rowid below, so
 * equal weights fall to the later ticket first and no two ticket
 * ranks tie: FTS5 then returns the same order every time.
 */
#include <math.h>
#include <sqlite3.h>
#include <stdint.h>

#include "sql.h"

#define K1	1.2	/* how soon more of a word stops counting */
#define SCALE	1000.0	/* the weight's precision kept in the rank */
#define LOW	32	/* bits of the rank that hold the rowid */

struct idf {
	int	 n;		/* phrases */
	double	 w[];		/* each phrase's weight */
};

static int
count(const Fts5ExtensionApi *x, Fts5Context *c, void *arg)
{
	(void)x;
	(void)c;
	++*(sqlite3_int64 *)arg;
	return SQLITE_OK;
}

/*
 * Each phrase's rarity, once a query, as Lucene's BM25 has it: never
 * nothing, so that how often a ticket says even a word that most
 * tickets hold still counts (bm25() gives such a word none at all).
 */
static struct idf *
rarity(const Fts5ExtensionApi *x, Fts5Context *c)
{
	int n = x->xPhraseCount(c), i;
	struct idf *d = sqlite3_malloc64(sizeof(*d) + (size_t)n *
	    sizeof(d->w[0]));
	sqlite3_int64 rows = 0, hits;

	if (d == NULL || x->xRowCount(c, &rows) != SQLITE_OK) {
		sqlite3_free(d);
		return NULL;
	}
	d->n = n;
	for (i = 0; i < n; i++) {
		hits = 0;
		if (x->xQueryPhrase(c, i, &hits, count) != SQLITE_OK) {
			sqlite3_free(d);
			return NULL;
		}
		d->w[i] = log(1 + (rows - hits + 0.5) / (hits + 0.5));
	}
	return d;
}

/* How often the row says phrase i. */
static int
times(const Fts5ExtensionApi *x, Fts5Context *c, int i)
{
	Fts5PhraseIter it;
	int col, off, n = 0;

	if (x->xPhraseFirst(c, i, &it, &col, &off) != SQLITE_OK)
		return 0;
	for (; col >= 0; x->xPhraseNext(c, &it, &col, &off))
		n++;
	return n;
}

static void
rank(const Fts5ExtensionApi *x, Fts5Context *c, sqlite3_context *out,
    int argc, sqlite3_value **argv)
{
	struct idf *d = x->xGetAuxdata(c, 0);
	double w = 0;
	int64_t q;
	int i, f;

	(void)argv;
	if (argc != 0) {
		sqlite3_result_error(out, TK_SEARCH_RANK "() takes no "
		    "arguments", -1);
		return;
	}
	if (d == NULL && ((d = rarity(x, c)) == NULL ||
	    x->xSetAuxdata(c, d, sqlite3_free) != SQLITE_OK)) {
		sqlite3_result_error_nomem(out);
		return;
	}
	for (i = 0; i < d->n; i++) {
		f = times(x, c, i);
		w += d->w[i] * f * (K1 + 1) / (f + K1);
	}
	q = (int64_t)fmin(w * SCALE + 0.5, (double)(INT32_MAX));
	sqlite3_result_int64(out, -(q << LOW |
	    (x->xRowid(c) & ((INT64_C(1) << LOW) - 1))));
}

int
tk_db_rank_init(struct fts5_api *a)
{
	return a->xCreateFunction(a, TK_SEARCH_RANK, NULL, rank, NULL) ==
	    SQLITE_OK ? 0 : -1;
}
