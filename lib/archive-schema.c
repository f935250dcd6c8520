/*
 * archive-schema.c: the archive database's own schema, as migrations.
 *
 * The archive is a second SQLite file beside the main one (ticket(7)).  A
 * dossier is one row of a hash chain: seq counts from 1 without gaps,
 * prev is the hash of the row before (64 zeros for the first), and hash
 * is SHA-256(prev, public, personal_hash).  The chain covers the digest
 * of the personal part, not the part itself, so erasing it after the
 * retention period (personal set to NULL) leaves every hash true.
 * Only personal and erased_at are ever updated.  Migrations are
 * appended, never edited, as in schema.c.
 *
 * What else the archive holds is chained too: an erasure and each change
 * of a withholding are marks, rows of their own table that share the
 * dossiers' numbering, prev and hash (SHA-256(prev, body)); the chain
 * is both tables in seq order.  A signature is of the head at seq, by
 * the platform's key, and outside the chain.  printed is the last
 * dossier whose stub a run is known to have printed.
 */
#include <stddef.h>

#include "sql.h"

const struct tk_migration tk_archive_migrations[] = {
	/* 1: dossiers, withholding requests, the redaction log */
	{ "CREATE TABLE dossier ("
	"  seq INTEGER PRIMARY KEY,"
	"  ticket TEXT NOT NULL UNIQUE,"
	"  closed_at INTEGER NOT NULL,"
	"  archived_at INTEGER NOT NULL,"
	"  public TEXT NOT NULL,"		/* canonical JSON, masked */
	"  personal TEXT,"			/* canonical JSON; NULL: erased */
	"  personal_hash TEXT NOT NULL,"
	"  prev TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  erased_at INTEGER"
	");"
	"CREATE INDEX dossier_closed ON dossier(closed_at);"
	/* A unit asks not to publish (屏蔽申请); the platform decides. */
	"CREATE TABLE withhold ("
	"  ticket TEXT PRIMARY KEY,"
	"  reason TEXT NOT NULL,"
	"  asked_by TEXT NOT NULL,"
	"  asked_at INTEGER NOT NULL,"
	"  status TEXT NOT NULL"
	"    CHECK (status IN ('asked', 'granted', 'denied')),"
	"  decided_by TEXT,"
	"  decided_at INTEGER"
	");"
	/* What masking hid, and where: kind and place, never the text. */
	"CREATE TABLE redaction ("
	"  id INTEGER PRIMARY KEY,"
	"  ticket TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  path TEXT NOT NULL,"			/* JSON pointer in the dossier */
	"  kind TEXT NOT NULL,"
	"  offset INTEGER NOT NULL,"		/* bytes, in the original */
	"  length INTEGER NOT NULL"
	");"
	"CREATE INDEX redaction_ticket ON redaction(ticket);", NULL },
	/* 2: marks (erasures, withholdings), signed heads, printed stubs */
	{ "CREATE TABLE mark ("
	"  seq INTEGER PRIMARY KEY,"
	"  kind TEXT NOT NULL CHECK (kind IN ('erase', 'withhold')),"
	"  ticket TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  body TEXT NOT NULL,"			/* canonical JSON */
	"  prev TEXT NOT NULL,"
	"  hash TEXT NOT NULL"
	");"
	"CREATE INDEX mark_ticket ON mark(ticket);"
	"CREATE VIEW chain AS"
	"  SELECT seq, ticket, prev, hash FROM dossier"
	"  UNION ALL SELECT seq, ticket, prev, hash FROM mark;"
	"CREATE TABLE signature ("
	"  seq INTEGER PRIMARY KEY,"
	"  signature TEXT NOT NULL"		/* Ed25519, hex */
	");"
	"CREATE TABLE progress (printed INTEGER NOT NULL);"
	"INSERT INTO progress SELECT coalesce(max(seq), 0) FROM dossier;",
	    tk_archive_mark_erased },
	{ NULL, NULL }
};
