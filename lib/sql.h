/*
 * sql.h: the private header of libticket, for the files that hold SQL:
 * prepared statements (db.c), the schemas, and the records intake
 * prepares on its second core.  Commands include ticket.h alone, so a
 * statement in cmd/ does not compile.
 */
#ifndef TICKET_SQL_H
#define TICKET_SQL_H

#include "ticket.h"

/* db.c: statements, cached by their SQL text; @word spells a word of
 * the vocabularies (event kinds, order statuses) */
struct tk_stmt;
struct sqlite3_file;

enum { TK_ROW = 1, TK_DONE = 0 };

struct tk_migration;
struct tk_db *tk_db_open_schema(const char *, const struct tk_migration *);
void	 tk_db_savepoint(struct tk_db *);
void	 tk_db_release(struct tk_db *);
void	 tk_db_rollback_to(struct tk_db *);
int	 tk_db_in_tx(const struct tk_db *);
struct tk_stmt *tk_db_stmt(struct tk_db *, const char *);
void	 tk_stmt_text(struct tk_stmt *, int, const char *);
void	 tk_stmt_text_static(struct tk_stmt *, int, const char *, size_t);
void	 tk_stmt_int(struct tk_stmt *, int, int64_t);
void	 tk_stmt_null(struct tk_stmt *, int);
int	 tk_stmt_step(struct tk_stmt *);
int	 tk_stmt_exec(struct tk_stmt *);
int	 tk_stmt_any(struct tk_stmt *);
int	 tk_db_changes(const struct tk_db *);
int64_t	 tk_db_last_rowid(const struct tk_db *);
const char *tk_db_vfs_gather(void);
unsigned long tk_db_vfs_mark(struct sqlite3_file *);
int	 tk_db_vfs_settle(struct sqlite3_file *, unsigned long);
const char *tk_stmt_col_text(struct tk_stmt *, int);
int64_t	 tk_stmt_col_int(struct tk_stmt *, int);
int	 tk_stmt_col_isnull(struct tk_stmt *, int);
void	 tk_stmt_reset(struct tk_stmt *);
json_t	*tk_db_rows(struct tk_db *, const char *, const char *);
const char *tk_db_errmsg(const struct tk_db *);

/* search.c and db-fts5.c: the search index (ticket-ls --text) */
#define TK_SEARCH_TOKENIZER	"tk_bigram"
typedef int (*tk_token_cb)(void *, const char *, int, int, int);
int	 tk_search_tokens(const char *, int, tk_token_cb, void *);
void	 tk_search_add(struct tk_db *, const char *);
char	*tk_search_body(json_t *);
void	 tk_search_defer(struct tk_db *, int64_t, const char *);
void	 tk_search_flush(struct tk_db *);
char	*tk_search_text(struct tk_db *, const char *);
void	 tk_search_forget(struct tk_db *, const char *);
void	 tk_search_fill(struct tk_db *);
struct sqlite3;
int	 tk_db_fts5_init(struct sqlite3 *);

/* db-ckpt.c: intake's checkpoints on a thread (tk_db_open_bulk) */
struct tk_ckpt;
struct tk_ckpt *tk_db_ckpt_start(struct sqlite3 *, const char *, int);
void	 tk_db_ckpt_stop(struct sqlite3 *, struct tk_ckpt *);

/* db-rank.c: the rank of a match, an FTS5 function (ticket-ls(1)) */
#define TK_SEARCH_RANK	"tk_rank"
struct fts5_api;
int	 tk_db_rank_init(struct fts5_api *);

/*
 * queue.c: when an order's next step is due, as the index of the work
 * queue keys it: the contact while one is owed, else the deadline; an
 * order with neither sorts last.
 */
#define TK_QUEUE_KEY \
	"(CASE WHEN status = 'signed' AND contacted_at IS NULL" \
	" AND contact_due_at IS NOT NULL THEN contact_due_at" \
	" ELSE coalesce(due_at, 9223372036854775807) END)"

/*
 * store.c: what the caller index keys a ticket by after its phone, so
 * that repeat detection reads only the rows of the same area and topic:
 * a fingerprint of the two (the topic's length and last character, the
 * area's first), equal whenever they are, in four bytes.  Built-in
 * functions only, so that the sqlite3 shell can still write the table.
 */
#define TK_CALLER_CASE(area, topic) \
	"(length(coalesce(" topic ", '')) % 64 * 16777216" \
	" + coalesce(unicode(substr(" topic ", -1)), 0) % 65536 * 256" \
	" + coalesce(unicode(" area "), 0) % 256)"

/* store.c: a ticket's columns as a row shows it, t the table's prefix */
#define TK_TICKET_ROW(t) \
	t "id, " t "doc, " t "status, " t "mode, " t "duplicate_of, " \
	t "updated_at, " t "unrouted, " t "major, " t "extra, " \
	t "received_at, " t "merged_into"
char	*tk_store_row_line(struct tk_stmt *, int, const char *, const char *);
/* store.c: JSON text written as it goes, s always NUL-terminated */
struct tk_buf {
	char	*s;
	size_t	 n, cap;
};
void	 tk_buf_put(struct tk_buf *, const char *, size_t);
void	 tk_buf_member(struct tk_buf *, const char *, const char *);
void	 tk_buf_json(struct tk_buf *, const char *, const char *);
void	 tk_buf_value(struct tk_buf *, json_t *);
void	 tk_buf_string(struct tk_buf *, const char *);

/* schema.c */
struct tk_migration {
	const char	*sql;
	void		(*after)(struct tk_db *);
};
extern const struct tk_migration tk_migrations[];

/* archive-schema.c */
extern const struct tk_migration tk_archive_migrations[];

/* archive.c, archive-verify.c: a record of the archive's chain as
 * stored, exported and imported */
struct tk_link {
	int64_t		 seq;
	const char	*kind;		/* a mark's; NULL for a dossier */
	const char	*ticket;
	const char	*public;	/* a mark's body */
	const char	*personal, *personal_hash, *prev, *hash;
	tk_time		 closed_at, archived_at, erased_at;	/* 0: none */
};
#define TK_CHAIN \
	"SELECT seq, NULL, ticket, public, personal, personal_hash, prev," \
	" hash, closed_at, archived_at, erased_at FROM dossier UNION ALL" \
	" SELECT seq, kind, ticket, body, NULL, NULL, prev, hash, at, at," \
	" NULL FROM mark"
void	 tk_link_from_row(struct tk_stmt *, struct tk_link *);
int	 tk_archive_check(const struct tk_link *, int64_t, const char *,
	    char *);
int	 tk_archive_fields(const struct tk_link *, json_t *, char *);
int	 tk_archive_state(struct tk_db *, char *);
void	 tk_archive_mark_erased(struct tk_db *);

/* intake.c: a record checked and made ready to store */
enum { TK_PREP_FLUSH = TK_READ_BAD + 1 };
struct tk_prepared {
	int			 kind;	/* TK_READ_* or TK_PREP_FLUSH */
	const char		*source;
	long			 line;
	char			 why[TK_ERRLEN];
	struct tk_row		 row;
	char			*body;		/* for the search index, as
						 * a JSON string */
	struct tk_history	 history;	/* the caller's earlier calls */
	int			 screened;
	struct tk_screen_hit	 hit;
	json_t			*reject, *suspect;	/* in row.doc */
	char			 missing[TK_ERRLEN];	/* soft facts, or "" */
	struct tk_blob		*blobs;		/* its attachments, taken */
	size_t			 nblobs;
};
int	 tk_intake_prepare(const struct tk_intake *, json_t *,
	    struct tk_prepared *);
int	 tk_intake_store(const struct tk_intake *, struct tk_prepared *,
	    char **, char[TK_ERRLEN]);
void	 tk_intake_clear(struct tk_prepared *);

/* intake-repeat.c: a repeat complaint flags the earlier ticket's unit */
void	 tk_intake_repeat(const struct tk_intake *,
	    const struct tk_prepared *);

/* feed.c: records read and prepared on a second core */
struct tk_feed;
struct tk_feed *tk_feed_start(struct tk_reader *, const struct tk_intake *);
struct tk_prepared *tk_feed_next(struct tk_feed *);
void	 tk_feed_done(struct tk_feed *, struct tk_prepared *);
void	 tk_feed_stop(struct tk_feed *);

/* db.c: read-only opening, snapshots and the online backup API, for
 * ticket-admin(1) */
struct tk_db *tk_db_open_ro(const char *, const struct tk_migration *);
size_t	 tk_db_max_length(struct tk_db *);
struct tk_db *tk_db_reference(const struct tk_migration *, int);
int	 tk_db_version(struct tk_db *);
void	 tk_db_snapshot(struct tk_db *);
void	 tk_db_backup_to(struct tk_db *, const char *);
void	 tk_db_restore(const char *, const char *);

#endif /* TICKET_SQL_H */
