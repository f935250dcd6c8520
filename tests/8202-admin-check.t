#!/bin/sh -e
# ticket-admin check: both files whole, their triggers the schema's, the
# archive's chain true and holding its published head, the files
# private; each failure a record and a line on stderr, exit 3.
. "$(dirname "$0")/lib.sh"
plan 13

published_set
cp tickets.db good.db
cp tickets-archive.db good-archive.db
fresh() {
	rm -f tickets.db-wal tickets.db-shm tickets-archive.db-wal \
	    tickets-archive.db-shm
	cp good.db tickets.db
	cp good-archive.db tickets-archive.db
}

run ticket-admin check
is "$rc:$(cat err)" "0:" "a sound pair: exit 0, nothing on stderr"
is "$(jq -r '.check' out | sort -u | paste -sd' ')" \
    "chain foreign_keys integrity mode published_head triggers" \
    "a sound pair: every kind of check"
is "$(jq -c 'select(.check == "triggers" or .check == "chain") | [.file, .ok]' out | paste -sd' ')" \
    "[\"$tmp/tickets.db\",true] [\"$tmp/tickets-archive.db\",true] [\"$tmp/tickets-archive.db\",true]" \
    "a sound pair: triggers and the chain"

q 'DROP TRIGGER event_no_update'
run ticket-admin check
is "$rc:$(cat err)" "3:ticket-admin: $tmp/tickets.db: trigger event_no_update is missing" \
    "a dropped trigger: exit 3, named"
is "$(jq -c 'select(.ok == false) | [.check, .problem]' out)" \
    '["triggers","trigger event_no_update is missing"]' \
    "a dropped trigger: its record"

fresh
q "DROP TRIGGER event_no_delete;
CREATE TRIGGER event_no_delete BEFORE DELETE ON event WHEN 0 BEGIN
  SELECT RAISE(ABORT, 'the event log is append-only'); END"
run ticket-admin check
is "$rc:$(cat err)" "3:ticket-admin: $tmp/tickets.db: trigger event_no_delete was altered" \
    "a trigger altered to do nothing: exit 3"

fresh
q "CREATE TRIGGER tidy AFTER INSERT ON event BEGIN DELETE FROM flag; END"
run ticket-admin check
is "$rc:$(cat err)" "3:ticket-admin: $tmp/tickets.db: trigger tidy is not the schema's" \
    "a trigger added by hand: exit 3"

fresh
chmod 644 tickets.db
run ticket-admin check
is "$rc:$(cat err)" "3:ticket-admin: $tmp/tickets.db: readable by others (mode 0644)" \
    "a world-readable database: exit 3"
chmod 600 tickets.db
chmod 770 .
run ticket-admin check
is "$rc:$(cat err)" "3:ticket-admin: $tmp: writable by its group (mode 0770)" \
    "a folder its group may write: exit 3"
chmod 700 .

fresh
sqlite3 tickets-archive.db "UPDATE dossier SET public = replace(public, '噪声', '噪音') WHERE seq = 2"
run ticket-admin check
like "$(cat err)" "^ticket-admin: $tmp/tickets-archive.db: record 2 \(ticket [0-9]+\) was changed" \
    "a dossier changed by hand: named"
is "$rc" 3 "a dossier changed by hand: exit 3"

fresh
sqlite3 tickets-archive.db "DELETE FROM redaction WHERE ticket =
    (SELECT ticket FROM dossier WHERE seq = 3); DELETE FROM dossier WHERE seq = 3"
run ticket-admin check
is "$rc:$(cat err)" "3:ticket-admin: $tmp/tickets-archive.db: has fewer records than the 3 of the head published" \
    "the last record removed: the chain alone cannot see it, the published head does"

rm tickets.db
run ticket-admin check
is "$rc:$(head -n 1 err)" "3:ticket-admin: $tmp/tickets.db: no such file" \
    "no database: exit 3"
