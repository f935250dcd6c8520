/*
 * schema.c: the database schema as a list of migrations.
 *
 * Migration N takes a database from user_version N to N + 1 and runs in
 * one transaction: its SQL, then its C step when it has one (to load
 * data the project ships, say).  Migrations are never edited once released, only
 * appended: a database made by any earlier release must come up to date.
 *
 * Times are stored as integer seconds since the epoch, so comparisons
 * are exact and cheap; the zone is applied when they are shown.
 * The event log is append-only by triggers: no row is ever updated, and
 * a row may leave only with its ticket's dossier, when the ticket has
 * been marked archived in the same transaction.
 */
#include <stddef.h>

#include "sql.h"

const struct tk_migration tk_migrations[] = {
	/* 1: tickets, the event log, assignments, number allocation */
	{ "CREATE TABLE ticket ("
	"  id TEXT PRIMARY KEY,"
	"  source_id TEXT,"
	"  received_at INTEGER NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  category TEXT NOT NULL,"
	"  topic TEXT,"
	"  area TEXT,"
	"  caller_phone TEXT,"
	"  urgent INTEGER NOT NULL DEFAULT 0,"
	"  status TEXT NOT NULL,"
	"  mode TEXT,"
	"  duplicate_of TEXT REFERENCES ticket(id),"
	"  updated_at INTEGER NOT NULL,"
	"  doc TEXT NOT NULL"
	");"
	"CREATE UNIQUE INDEX ticket_source ON ticket(source_id)"
	"  WHERE source_id IS NOT NULL;"
	"CREATE INDEX ticket_status ON ticket(status, received_at);"
	"CREATE INDEX ticket_received ON ticket(received_at);"
	"CREATE INDEX ticket_caller ON ticket(caller_phone, area, topic)"
	"  WHERE caller_phone IS NOT NULL;"
	"CREATE TABLE id_seq ("
	"  day INTEGER PRIMARY KEY,"
	"  last INTEGER NOT NULL"
	");"
	"CREATE TABLE assignment ("
	"  id INTEGER PRIMARY KEY,"
	"  ticket TEXT NOT NULL REFERENCES ticket(id),"
	"  unit TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('lead', 'co', 'cc')),"
	"  parent INTEGER REFERENCES assignment(id),"
	"  status TEXT NOT NULL,"
	"  dispatched_at INTEGER,"
	"  signed_at INTEGER,"
	"  due_at INTEGER,"
	"  contact_due_at INTEGER,"
	"  replied_at INTEGER"
	");"
	"CREATE INDEX assignment_ticket ON assignment(ticket);"
	"CREATE INDEX assignment_unit ON assignment(unit, status);"
	"CREATE TABLE event ("
	"  seq INTEGER PRIMARY KEY,"
	"  ticket TEXT NOT NULL REFERENCES ticket(id),"
	"  at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  unit TEXT,"
	"  before TEXT,"
	"  after TEXT,"
	"  data TEXT"
	");"
	"CREATE INDEX event_ticket ON event(ticket);"
	"CREATE TRIGGER event_no_update BEFORE UPDATE ON event BEGIN"
	"  SELECT RAISE(ABORT, 'the event log is append-only');"
	"END;"
	"CREATE TRIGGER event_no_delete BEFORE DELETE ON event"
	"  WHEN (SELECT status FROM ticket WHERE id = OLD.ticket)"
	"    IS NOT 'archived' BEGIN"
	"  SELECT RAISE(ABORT, 'the event log is append-only');"
	"END;", NULL },
	/* 2: the working-day calendar, loaded with the one the project ships */
	{ "CREATE TABLE calendar_year ("
	"  year INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  imported_at INTEGER NOT NULL"
	");"
	"CREATE TABLE calendar_day ("
	"  day INTEGER NOT NULL,"		/* days since 1970-01-01 */
	"  year INTEGER NOT NULL REFERENCES calendar_year(year),"
	"  workday INTEGER NOT NULL CHECK (workday IN (0, 1)),"
	"  name TEXT NOT NULL,"
	"  PRIMARY KEY (day, year)"
	") WITHOUT ROWID;"
	"CREATE INDEX calendar_day_year ON calendar_day(year);",
	tk_calendar_ship },
	/* 3: the network of units, the knowledge base, routing rules */
	{ "CREATE TABLE unit ("
	"  code TEXT PRIMARY KEY,"
	"  name TEXT NOT NULL,"
	"  level INTEGER NOT NULL CHECK (level BETWEEN 1 AND 3),"
	"  parent TEXT REFERENCES unit(code),"
	"  kind TEXT NOT NULL,"
	"  phone TEXT,"
	"  active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),"
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE INDEX unit_parent ON unit(parent);"
	"CREATE TABLE kb ("
	"  id TEXT PRIMARY KEY,"
	"  title TEXT NOT NULL,"
	"  keywords TEXT NOT NULL,"		/* '|' between words */
	"  answer TEXT NOT NULL,"
	"  source TEXT,"
	"  valid_until INTEGER,"		/* a day; NULL: no end */
	"  updated_at INTEGER NOT NULL"
	");"
	"CREATE TABLE route_rule ("
	"  seq INTEGER PRIMARY KEY,"		/* order within the file */
	"  priority INTEGER NOT NULL,"
	"  category TEXT,"
	"  topic TEXT,"
	"  area TEXT,"
	"  keywords TEXT,"			/* '|' between words */
	"  lead TEXT NOT NULL REFERENCES unit(code),"
	"  co TEXT,"				/* '|' between codes */
	"  mode TEXT NOT NULL"
	"    CHECK (mode IN ('transfer', 'direct', 'escalate')),"
	"  line INTEGER NOT NULL,"		/* where it stood in its file */
	"  source TEXT NOT NULL"
	");"
	"ALTER TABLE ticket ADD COLUMN unrouted INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE ticket ADD COLUMN major INTEGER NOT NULL DEFAULT 0;"
	/* What the handling added: answer, opinion, instruction (JSON). */
	"ALTER TABLE ticket ADD COLUMN extra TEXT;"
	"ALTER TABLE assignment ADD COLUMN limit_days INTEGER;"
	"CREATE INDEX assignment_due ON assignment(status, due_at);",
	NULL },
	/* 4: replies and their review, extensions, supervision */
	{ "CREATE TABLE reply ("
	"  id INTEGER PRIMARY KEY,"
	"  assignment INTEGER NOT NULL REFERENCES assignment(id),"
	"  ticket TEXT NOT NULL REFERENCES ticket(id),"
	"  unit TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  text TEXT,"
	"  handler TEXT,"
	"  phone TEXT,"
	"  approver TEXT,"
	"  contact TEXT,"			/* phone, sms, visit, none */
	"  basis TEXT,"
	"  outcome TEXT,"			/* solved, explained, unsolvable */
	"  told TEXT,"				/* what an unsolvable reply said */
	"  status TEXT NOT NULL"
	"    CHECK (status IN ('submitted', 'approved', 'bounced')),"
	"  reviewed_at INTEGER,"
	"  reviewer TEXT,"
	"  note TEXT"				/* why it was bounced */
	");"
	"CREATE INDEX reply_assignment ON reply(assignment);"
	"CREATE TABLE extension ("
	"  id INTEGER PRIMARY KEY,"
	"  assignment INTEGER NOT NULL REFERENCES assignment(id),"
	"  ticket TEXT NOT NULL REFERENCES ticket(id),"
	"  unit TEXT NOT NULL,"
	"  days INTEGER NOT NULL CHECK (days > 0),"
	"  reason TEXT NOT NULL,"
	"  approver TEXT NOT NULL,"
	"  explained TEXT,"			/* what the citizen was told */
	"  asked_at INTEGER NOT NULL,"
	"  status TEXT NOT NULL"
	"    CHECK (status IN ('pending', 'approved', 'denied')),"
	"  decided_at INTEGER,"
	"  decider TEXT,"
	"  note TEXT,"
	"  old_due INTEGER NOT NULL,"
	"  new_due INTEGER"
	");"
	"CREATE INDEX extension_assignment ON extension(assignment);"
	/* A card or a flag is issued once per order: the key says so. */
	"CREATE TABLE card ("
	"  assignment INTEGER NOT NULL REFERENCES assignment(id),"
	"  color TEXT NOT NULL CHECK (color IN ('yellow', 'red')),"
	"  ticket TEXT NOT NULL REFERENCES ticket(id),"
	"  unit TEXT NOT NULL,"
	"  due INTEGER NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  PRIMARY KEY (assignment, color)"
	") WITHOUT ROWID;"
	"CREATE INDEX card_ticket ON card(ticket);"
	"CREATE TABLE flag ("
	"  id INTEGER PRIMARY KEY,"
	"  assignment INTEGER REFERENCES assignment(id),"
	"  ticket TEXT NOT NULL REFERENCES ticket(id),"
	"  unit TEXT,"
	"  kind TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  data TEXT,"
	"  UNIQUE (assignment, kind)"
	");"
	"CREATE INDEX flag_ticket ON flag(ticket);"
	"ALTER TABLE assignment ADD COLUMN contacted_at INTEGER;"
	"ALTER TABLE assignment ADD COLUMN bounces INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE assignment ADD COLUMN extended_days INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE assignment ADD COLUMN card TEXT;"	/* the highest issued */
	"ALTER TABLE assignment ADD COLUMN accepted_at INTEGER;"
	/* The orders supervision watches: live, with a deadline, not yet
	 * red.  The sweep reads only these, so its cost follows them. */
	"CREATE INDEX assignment_watch ON assignment(due_at)"
	"  WHERE status IN ('dispatched', 'signed', 'returning')"
	"  AND card IS NOT 'red' AND due_at IS NOT NULL;",
	NULL },
	/* 5: callbacks (回访), SMS surveys, rework (重办) */
	{ "CREATE TABLE callback ("
	"  id INTEGER PRIMARY KEY,"
	"  ticket TEXT NOT NULL REFERENCES ticket(id),"
	"  at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  method TEXT NOT NULL CHECK (method IN ('phone', 'sms', 'self')),"
	"  result TEXT NOT NULL CHECK (result IN"
	"    ('satisfied', 'basic', 'unsatisfied', 'unreachable')),"
	"  resolved TEXT CHECK (resolved IN ('yes', 'partly', 'no')),"
	"  note TEXT,"
	"  reopen INTEGER NOT NULL DEFAULT 0 CHECK (reopen IN (0, 1)),"
	"  attempt INTEGER NOT NULL"		/* unreachable ones this round */
	");"
	"CREATE INDEX callback_ticket ON callback(ticket);"
	"CREATE TABLE survey ("
	"  id INTEGER PRIMARY KEY,"
	"  ticket TEXT NOT NULL REFERENCES ticket(id),"
	"  phone TEXT NOT NULL,"
	"  code TEXT NOT NULL,"
	"  sent_at INTEGER NOT NULL,"
	"  status TEXT NOT NULL"
	"    CHECK (status IN ('sent', 'answered', 'expired')),"
	"  answered_at INTEGER"
	");"
	/* A reply names its survey by phone and code: one open at a time. */
	"CREATE UNIQUE INDEX survey_open ON survey(phone, code)"
	"  WHERE status = 'sent';"
	"CREATE INDEX survey_phone ON survey(phone, code);"
	"CREATE INDEX survey_ticket ON survey(ticket);"
	/* When the ticket last became replied: the callback queue's order
	 * and the repeat-complaint window both count from it.  A trigger
	 * sets it, so every way to replied does, and the index holds only
	 * the tickets awaiting a callback. */
	"ALTER TABLE ticket ADD COLUMN replied_at INTEGER;"
	"UPDATE ticket SET replied_at = (SELECT max(at) FROM event"
	"  WHERE event.ticket = ticket.id AND kind = 'replied')"
	"  WHERE status IN ('replied', 'closed');"
	"CREATE TRIGGER ticket_replied AFTER UPDATE OF status ON ticket"
	"  WHEN NEW.status = 'replied' AND OLD.status IS NOT 'replied' BEGIN"
	"  UPDATE ticket SET replied_at = NEW.updated_at WHERE id = NEW.id;"
	"END;"
	"CREATE INDEX ticket_awaiting ON ticket(replied_at)"
	"  WHERE status = 'replied';"
	"ALTER TABLE assignment ADD COLUMN reopens INTEGER NOT NULL"
	"  DEFAULT 0;",
	NULL },
	/* 6: assessment reads the log by kind over a period */
	{ "CREATE INDEX event_kind_at ON event(kind, at);", NULL },
	/* 7: accounts, their keys, and who wrote each event (ticket-account(1)) */
	{ "CREATE TABLE account ("
	"  login TEXT PRIMARY KEY,"
	"  unit TEXT NOT NULL REFERENCES unit(code),"
	/* The word alone: the unit's level tells a unit's reader apart. */
	"  role TEXT NOT NULL CHECK (role IN"
	"    ('admin', 'agent', 'supervisor', 'reader', 'clerk')),"
	"  name TEXT,"
	"  created_at INTEGER NOT NULL,"
	"  revoked_at INTEGER"
	");"
	"CREATE INDEX account_unit ON account(unit);"
	/* A key names one account: sshd takes the first line that fits. */
	"CREATE TABLE account_key ("
	"  fp TEXT PRIMARY KEY,"		/* SHA256:..., as ssh-keygen -l */
	"  login TEXT NOT NULL REFERENCES account(login),"
	"  key TEXT NOT NULL,"			/* type, base64, comment */
	"  added_at INTEGER NOT NULL"
	");"
	"CREATE INDEX account_key_login ON account_key(login);"
	/* The authenticated account, and the real time of the write. */
	"ALTER TABLE event ADD COLUMN login TEXT;"
	"ALTER TABLE event ADD COLUMN key_fp TEXT;"
	"ALTER TABLE event ADD COLUMN written_at INTEGER;"
	/* What the administrators did to the platform itself: imports,
	 * erasures, accounts.  Append-only, as the event log, and it never
	 * leaves: no archive moves it. */
	"CREATE TABLE audit ("
	"  seq INTEGER PRIMARY KEY,"
	"  at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  data TEXT,"
	"  login TEXT,"
	"  key_fp TEXT,"
	"  written_at INTEGER NOT NULL"
	");"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit log is append-only');"
	"END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN"
	"  SELECT RAISE(ABORT, 'the audit log is append-only');"
	"END;",
	NULL },
	/* 并单: a duplicate's link to the ticket it was merged into; split
	 * clears it.  Intake's duplicate_of stays what intake saw. */
	{ "ALTER TABLE ticket ADD COLUMN merged_into TEXT REFERENCES ticket(id);"
	"CREATE INDEX ticket_merged ON ticket(merged_into)"
	"  WHERE merged_into IS NOT NULL;"
	/* Sub-orders by their order: a correction or an extension moves
	 * them along, a withdrawal takes them back, one order at a time. */
	"CREATE INDEX assignment_parent ON assignment(parent)"
	"  WHERE parent IS NOT NULL;",
	NULL },
	{ NULL, NULL }
};
