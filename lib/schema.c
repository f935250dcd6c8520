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
	/* a suspected emergency, while it awaits an agent (screen-act.c):
	 * the number screening saw; the agents' queue reads it first */
	{ "ALTER TABLE ticket ADD COLUMN suspect TEXT;"
	"CREATE INDEX ticket_suspect ON ticket(received_at)"
	"  WHERE suspect IS NOT NULL;",
	NULL },
	/* attachments (附件): a ticket's files, kept by their SHA-256 in the
	 * folder beside the database (attach.c) */
	{ "CREATE TABLE attachment ("
	"  ticket TEXT NOT NULL REFERENCES ticket(id),"
	"  n INTEGER NOT NULL,"
	"  sha256 TEXT NOT NULL,"
	"  size INTEGER NOT NULL,"
	"  type TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  public INTEGER NOT NULL DEFAULT 0,"
	"  added_at INTEGER NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  PRIMARY KEY (ticket, n)"
	");"
	"CREATE INDEX attachment_sha256 ON attachment(sha256);",
	NULL },
	/* 8: assessment facts (ticket-report(1)): what decides each figure,
	 * without personal data, written by triggers in the transaction of
	 * the row that decides it, so they stay when archiving takes the
	 * events and assignments away.  Event facts go through the view
	 * fact_feed, so a database made before them is filled by feeding
	 * its log through the same triggers, in order. */
	{ "CREATE TABLE fact_ticket ("
	"  ticket TEXT PRIMARY KEY,"
	"  received_at INTEGER NOT NULL,"
	"  category TEXT NOT NULL,"
	/* A caller one can call back: a phone given, not anonymous. */
	"  callable INTEGER NOT NULL,"
	/* Repeat calls without the number: the ticket that first came
	 * from it while that one was in the main database. */
	"  caller TEXT,"
	"  answered_at INTEGER,"		/* answered or handled at intake */
	"  replied_unit TEXT,"			/* whose reply made it replied */
	"  merged INTEGER NOT NULL DEFAULT 0"
	") WITHOUT ROWID;"
	"CREATE TABLE fact_order ("
	"  ticket TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  role TEXT NOT NULL DEFAULT 'lead',"
	"  sub INTEGER NOT NULL DEFAULT 0,"	/* 下派 under a level-2 order */
	"  void INTEGER NOT NULL DEFAULT 0,"	/* withdrawn, or merged away */
	"  dispatched_at INTEGER,"
	"  limit_days INTEGER,"
	"  given_seq INTEGER, given_at INTEGER,"
	"  sign_seq INTEGER, signed_at INTEGER,"
	"  contact_seq INTEGER, contact_at INTEGER,"
	"  told_seq INTEGER, told_at INTEGER,"	/* a reply declaring contact */
	"  return_seq INTEGER, returned_at INTEGER,"
	"  due TEXT,"				/* the deadline in force now */
	"  draft_seq INTEGER, draft_at INTEGER, draft_due TEXT,"
	"  reply_seq INTEGER, reply_at INTEGER, reply_due TEXT,"
	"  approve_seq INTEGER, approved_at INTEGER,"
	"  red_seq INTEGER, red_at INTEGER,"
	"  PRIMARY KEY (ticket, unit)"
	") WITHOUT ROWID;"
	"CREATE INDEX fact_order_given ON fact_order(given_at);"
	"CREATE INDEX fact_order_approved ON fact_order(approved_at);"
	/* Events that count as they come, and callbacks. */
	"CREATE TABLE fact_mark ("
	"  seq INTEGER PRIMARY KEY,"
	"  ticket TEXT NOT NULL,"
	"  unit TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  after TEXT,"
	"  what TEXT"
	");"
	"CREATE INDEX fact_mark_at ON fact_mark(at);"
	"CREATE TABLE fact_callback ("
	"  seq INTEGER PRIMARY KEY,"
	"  ticket TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  unit TEXT,"
	"  method TEXT,"
	"  result TEXT,"
	"  resolved TEXT"
	");"
	"CREATE INDEX fact_callback_at ON fact_callback(at);"
	"CREATE TRIGGER fact_ticket_new AFTER INSERT ON ticket BEGIN"
	"  INSERT INTO fact_ticket(ticket, received_at, category, callable,"
	"    caller) VALUES (NEW.id, NEW.received_at, NEW.category,"
	"    NEW.caller_phone IS NOT NULL AND NOT coalesce(json_extract(NEW.doc,"
	"    '$.caller.anonymous'), 0),"
	"    CASE WHEN NEW.caller_phone IS NOT NULL THEN coalesce((SELECT"
	"    f.caller FROM ticket t JOIN fact_ticket f ON f.ticket = t.id"
	"    WHERE t.caller_phone = NEW.caller_phone AND t.id != NEW.id"
	"    LIMIT 1), NEW.id) END);"
	"END;"
	"CREATE TRIGGER fact_ticket_merged AFTER UPDATE OF status ON ticket"
	"  WHEN NEW.status = 'merged' BEGIN"
	"  UPDATE fact_ticket SET merged = 1 WHERE ticket = NEW.id;"
	"  UPDATE fact_order SET void = 1 WHERE ticket = NEW.id;"
	"END;"
	"CREATE TRIGGER fact_order_new AFTER INSERT ON assignment"
	"  WHEN NEW.role != 'cc' BEGIN"
	"  INSERT INTO fact_order(ticket, unit, role, sub, dispatched_at,"
	"    limit_days) VALUES (NEW.ticket, NEW.unit, NEW.role,"
	"    NEW.parent IS NOT NULL, NEW.dispatched_at, NEW.limit_days)"
	"    ON CONFLICT DO UPDATE SET role = excluded.role,"
	"    sub = excluded.sub, dispatched_at = excluded.dispatched_at,"
	"    limit_days = excluded.limit_days;"
	"END;"
	"CREATE TRIGGER fact_order_withdrawn AFTER UPDATE OF status"
	"  ON assignment WHEN NEW.status = 'withdrawn' BEGIN"
	"  UPDATE fact_order SET void = 1 WHERE ticket = NEW.ticket"
	"    AND unit = NEW.unit;"
	"END;"
	"CREATE VIEW fact_feed AS SELECT seq, ticket, at, kind, unit, after,"
	"  data FROM event WHERE 0;"
	"CREATE TRIGGER fact_event AFTER INSERT ON event BEGIN"
	"  INSERT INTO fact_feed VALUES (NEW.seq, NEW.ticket, NEW.at,"
	"    NEW.kind, NEW.unit, NEW.after, NEW.data);"
	"END;"
	/* The orders a dispatch gives, or a redispatch or 下派. */
	"CREATE TRIGGER fact_given INSTEAD OF INSERT ON fact_feed"
	"  WHEN NEW.kind IN ('dispatch', 'redispatch', 'subdispatch') BEGIN"
	"  INSERT INTO fact_order(ticket, unit, role, sub, given_seq,"
	"    given_at, due)"
	"    SELECT NEW.ticket, j.value, 'lead', 0, NEW.seq, NEW.at, NULL"
	"    FROM json_each(NEW.data, '$.lead') j WHERE NEW.kind = 'dispatch'"
	"    UNION ALL SELECT NEW.ticket, j.value, 'co', 0, NEW.seq, NEW.at,"
	"    NULL FROM json_each(NEW.data, '$.co') j"
	"    WHERE NEW.kind = 'dispatch'"
	"    UNION ALL SELECT NEW.ticket, NEW.unit,"
	"    coalesce(json_extract(NEW.data, '$.role'), 'lead'),"
	"    NEW.kind = 'subdispatch', NEW.seq, NEW.at,"
	"    json_extract(NEW.data, '$.due_at') WHERE NEW.kind != 'dispatch'"
	"    AND coalesce(json_extract(NEW.data, '$.role'), '') != 'cc'"
	"    ON CONFLICT DO UPDATE SET"
	"    given_seq = coalesce(given_seq, excluded.given_seq),"
	"    given_at = coalesce(given_at, excluded.given_at),"
	"    due = coalesce(excluded.due, due);"
	"END;"
	"CREATE TRIGGER fact_order_event INSTEAD OF INSERT ON fact_feed"
	"  WHEN NEW.kind IN ('sign', 'contact', 'reply', 'approve',"
	"  'return_approved', 'extension_approved', 'due_moved', 'reopen',"
	"  'card') BEGIN"
	"  UPDATE fact_order SET"
	"    sign_seq = coalesce(sign_seq, iif(NEW.kind = 'sign', NEW.seq,"
	"    NULL)),"
	"    signed_at = coalesce(signed_at, iif(NEW.kind = 'sign', NEW.at,"
	"    NULL)),"
	"    contact_seq = coalesce(contact_seq, iif(NEW.kind = 'contact',"
	"    NEW.seq, NULL)),"
	"    contact_at = coalesce(contact_at, iif(NEW.kind = 'contact',"
	"    NEW.at, NULL)),"
	"    told_seq = coalesce(told_seq, iif(NEW.kind = 'reply' AND"
	"    json_extract(NEW.data, '$.contact') IN ('phone', 'sms', 'visit'),"
	"    NEW.seq, NULL)),"
	"    told_at = coalesce(told_at, iif(NEW.kind = 'reply' AND"
	"    json_extract(NEW.data, '$.contact') IN ('phone', 'sms', 'visit'),"
	"    NEW.at, NULL)),"
	"    return_seq = coalesce(return_seq, iif(NEW.kind ="
	"    'return_approved', NEW.seq, NULL)),"
	"    returned_at = coalesce(returned_at, iif(NEW.kind ="
	"    'return_approved', NEW.at, NULL)),"
	"    due = CASE WHEN NEW.kind IN ('extension_approved', 'due_moved')"
	"    THEN json_extract(NEW.data, '$.new_due')"
	"    WHEN NEW.kind IN ('sign', 'reopen') THEN"
	"    coalesce(json_extract(NEW.data, '$.due_at'), due) ELSE due END,"
	"    draft_seq = iif(NEW.kind = 'reply', NEW.seq, draft_seq),"
	"    draft_at = iif(NEW.kind = 'reply', NEW.at, draft_at),"
	"    draft_due = iif(NEW.kind = 'reply', due, draft_due),"
	/* The first approval judges the reply it approved. */
	"    reply_seq = iif(NEW.kind = 'approve' AND approve_seq IS NULL,"
	"    draft_seq, reply_seq),"
	"    reply_at = iif(NEW.kind = 'approve' AND approve_seq IS NULL,"
	"    draft_at, reply_at),"
	"    reply_due = iif(NEW.kind = 'approve' AND approve_seq IS NULL,"
	"    draft_due, reply_due),"
	"    approve_seq = coalesce(approve_seq, iif(NEW.kind = 'approve',"
	"    NEW.seq, NULL)),"
	"    approved_at = coalesce(approved_at, iif(NEW.kind = 'approve',"
	"    NEW.at, NULL)),"
	"    red_seq = coalesce(red_seq, iif(NEW.kind = 'card' AND"
	"    NEW.after = 'red', NEW.seq, NULL)),"
	"    red_at = coalesce(red_at, iif(NEW.kind = 'card' AND"
	"    NEW.after = 'red', NEW.at, NULL))"
	"    WHERE ticket = NEW.ticket AND unit = NEW.unit;"
	"END;"
	"CREATE TRIGGER fact_mark_event INSTEAD OF INSERT ON fact_feed"
	"  WHEN NEW.kind IN ('bounce', 'card', 'extension_approved', 'flag',"
	"  'reopen', 'return_approved') AND NEW.unit IS NOT NULL BEGIN"
	"  INSERT INTO fact_mark(seq, ticket, unit, at, kind, after, what)"
	"    VALUES (NEW.seq, NEW.ticket, NEW.unit, NEW.at, NEW.kind,"
	"    NEW.after, json_extract(NEW.data, '$.kind'));"
	"END;"
	"CREATE TRIGGER fact_ticket_event INSTEAD OF INSERT ON fact_feed"
	"  WHEN NEW.kind IN ('answer', 'direct', 'replied') BEGIN"
	"  UPDATE fact_ticket SET"
	"    answered_at = iif(NEW.kind = 'replied', answered_at,"
	"    coalesce(answered_at, NEW.at)),"
	"    replied_unit = iif(NEW.kind = 'replied',"
	"    json_extract(NEW.data, '$.unit'), replied_unit)"
	"    WHERE ticket = NEW.ticket;"
	"END;"
	"CREATE TRIGGER fact_callback_event INSTEAD OF INSERT ON fact_feed"
	"  WHEN NEW.kind = 'callback' BEGIN"
	"  INSERT INTO fact_callback(seq, ticket, at, unit, method, result,"
	"    resolved) VALUES (NEW.seq, NEW.ticket, NEW.at, (SELECT"
	"    replied_unit FROM fact_ticket WHERE ticket = NEW.ticket),"
	"    json_extract(NEW.data, '$.method'),"
	"    json_extract(NEW.data, '$.result'),"
	"    json_extract(NEW.data, '$.resolved'));"
	"END;"
	/* What the database held before: its tickets, orders and log. */
	"INSERT INTO fact_ticket(ticket, received_at, category, callable)"
	"  SELECT id, received_at, category, caller_phone IS NOT NULL AND"
	"  NOT coalesce(json_extract(doc, '$.caller.anonymous'), 0)"
	"  FROM ticket;"
	"UPDATE fact_ticket SET caller = (SELECT min(o.id) FROM ticket t"
	"  JOIN ticket o ON o.caller_phone = t.caller_phone"
	"  WHERE t.id = fact_ticket.ticket)"
	"  WHERE ticket IN (SELECT id FROM ticket"
	"  WHERE caller_phone IS NOT NULL);"
	"UPDATE fact_ticket SET merged = 1 WHERE ticket IN (SELECT id"
	"  FROM ticket WHERE status = 'merged');"
	"INSERT INTO fact_order(ticket, unit, role, sub, dispatched_at,"
	"  limit_days) SELECT ticket, unit, role, parent IS NOT NULL,"
	"  dispatched_at, limit_days FROM assignment WHERE role != 'cc'"
	"  ORDER BY id ON CONFLICT DO UPDATE SET role = excluded.role,"
	"  sub = excluded.sub, dispatched_at = excluded.dispatched_at,"
	"  limit_days = excluded.limit_days;"
	"INSERT INTO fact_feed SELECT seq, ticket, at, kind, unit, after, data"
	"  FROM event ORDER BY seq;"
	"UPDATE fact_order SET void = 1 WHERE (ticket, unit) IN (SELECT"
	"  ticket, unit FROM assignment WHERE status = 'withdrawn')"
	"  OR ticket IN (SELECT ticket FROM fact_ticket WHERE merged);",
	NULL },
	/* the work queues and full-text search (ticket-ls(1)) */
	{ "CREATE INDEX assignment_todo ON assignment(unit," TK_QUEUE_KEY ")"
	"  WHERE status IN ('dispatched', 'signed');"
	/* The body of the ticket of the same rowid: its topic, facts and
	 * replies, in the tokenizer of search.c.  Made again, and filled,
	 * by the last migration below. */
	"CREATE VIRTUAL TABLE ticket_text USING fts5(body,"
	"  tokenize = '" TK_SEARCH_TOKENIZER "');",
	NULL },
	/* A split ticket is no longer counted as merged (并单); one answered
	 * with its master stays so, its link kept. */
	{ "CREATE TRIGGER fact_ticket_split AFTER UPDATE OF merged_into"
	"  ON ticket WHEN NEW.merged_into IS NULL BEGIN"
	"  UPDATE fact_ticket SET merged = 0 WHERE ticket = NEW.id;"
	"END;"
	"UPDATE fact_ticket SET merged = 0 WHERE merged AND ticket IN"
	"  (SELECT id FROM ticket WHERE merged_into IS NULL);",
	NULL },
	/* One unit's facts of a period, for ticket-report --explain. */
	{ "CREATE INDEX fact_order_unit_given ON fact_order(unit, given_at);"
	"CREATE INDEX fact_order_unit_approved ON fact_order(unit,"
	"  approved_at);"
	"CREATE INDEX fact_mark_unit ON fact_mark(unit, at);"
	"CREATE INDEX fact_callback_unit ON fact_callback(unit, at);"
	/* A caller who refused to be called back (ticket-callback close
	 * --refused), from then on. */
	"ALTER TABLE fact_ticket ADD COLUMN refused_at INTEGER;"
	"CREATE TRIGGER fact_refused INSTEAD OF INSERT ON fact_feed"
	"  WHEN NEW.kind = 'close' AND json_extract(NEW.data, '$.refused')"
	"  BEGIN"
	"  UPDATE fact_ticket SET refused_at = coalesce(refused_at, NEW.at)"
	"    WHERE ticket = NEW.ticket;"
	"END;",
	NULL },
	/* No fact_feed trigger reads an intake event, and running them
	 * all for each one cost intake a fifth of its time: the event that
	 * every ticket has stops here (tests/0102-fact-kinds.t). */
	{ "DROP TRIGGER fact_event;"
	"CREATE TRIGGER fact_event AFTER INSERT ON event"
	"  WHEN NEW.kind != 'intake' BEGIN"
	"  INSERT INTO fact_feed VALUES (NEW.seq, NEW.ticket, NEW.at,"
	"    NEW.kind, NEW.unit, NEW.after, NEW.data);"
	"END;",
	NULL },
	/* The search index's body reads a ticket's replies (search.c). */
	{ "CREATE INDEX reply_ticket ON reply(ticket);", NULL },
	/*
	 * Intake's costs (ticket-new(1)).  A trigger on the ticket or
	 * event table gave every INSERT a statement journal of its own, a
	 * copy of each page it touched: the ticket's facts and the events'
	 * feed to fact_feed are written by store.c, the one writer of both
	 * tables, instead.  The search index keeps no copy of the text it
	 * was given (content '': a fifth of the database, and of what
	 * intake writes) nor its length, which the ranking does not read;
	 * search.c takes a ticket's words out before they change.  FTS5
	 * merges a level's segments once 16 wait there, not 4: the index
	 * is rewritten half as often, and a search still reads a handful
	 * of segments.
	 */
	{ "DROP TRIGGER fact_ticket_new;"
	"DROP TRIGGER fact_event;"
	"DROP TABLE ticket_text;"
	"CREATE VIRTUAL TABLE ticket_text USING fts5(body,"
	"  tokenize = '" TK_SEARCH_TOKENIZER "', content = '',"
	"  columnsize = 0);"
	"INSERT INTO ticket_text(ticket_text, rank) VALUES ('automerge', 16);",
	tk_search_fill },
	/* The caller index by phone alone: a phone has a handful of
	 * tickets, whose area and topic the rows give.  With them its
	 * entries were three times the size, and a quarter of what intake
	 * wrote to the WAL went to its pages, a phone being anywhere. */
	{ "DROP INDEX ticket_caller;"
	"CREATE INDEX ticket_caller ON ticket(caller_phone)"
	"  WHERE caller_phone IS NOT NULL;", NULL },
	/* ... and a fingerprint of its area and topic after it: a
	 * phone's tickets about other things are no longer read one row
	 * at a time (with the rows of the same, a sixth of the storing
	 * core's time at a million tickets), for five bytes an entry. */
	{ "DROP INDEX ticket_caller;"
	"CREATE INDEX ticket_caller ON ticket(caller_phone, "
	TK_CALLER_CASE("area", "topic") ") WHERE caller_phone IS NOT NULL;",
	NULL },
	{ NULL, NULL }
};
