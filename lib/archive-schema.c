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
	{ NULL, NULL }
};
