#!/bin/sh -e
# An archive run stopped midway: the crash between the archive's commit
# and the main database's (made by hand, as a test hook would be in the
# code), a ticket changed in that gap, and a real SIGKILL on a large run.
# Every ticket ends in exactly one place once a run has finished.
. "$(dirname "$0")/lib.sh"
plan 11

. "$data/archive-set.sh"
export TICKET_NOW=$later
# where: per finished ticket, "stub" when archived with its dossier,
# "whole" when only in the main database; anything else is wrong.
where() {
	sqlite3 tickets.db "ATTACH 'tickets-archive.db' AS a;
	    SELECT CASE WHEN t.status = 'archived' AND d.ticket IS NOT NULL
	      AND (SELECT count(*) FROM event e WHERE e.ticket = t.id) = 1
	      THEN 'stub' WHEN t.status != 'archived' AND d.ticket IS NULL
	      THEN 'whole' ELSE 'both' END, count(*)
	    FROM ticket t LEFT JOIN a.dossier d ON d.ticket = t.id
	    WHERE t.status IN ('archived', 'answered', 'closed', 'rejected')
	    GROUP BY 1" | paste -sd' '
}

# The archive committed, the main database not: its copy from before.
sqlite3 tickets.db ".backup before.db"
ticket-archive run >/dev/null
cp before.db tickets.db
rm -f tickets.db-wal tickets.db-shm
is "$(where)" "both|3" "the crash state: dossiers written, tickets whole"
run ticket-archive run
is "$rc:$(cat err)" "0:" "a re-run finishes the move"
is "$(where)/$(jq -r .id out | wc -l)" "stub|3/3" \
    "every ticket in one place, each stub printed"
is "$(ticket-archive verify | jq .records)" 3 "no second dossier for any"

# Killed after both commits, before the stubs were printed: the archive
# knows the last one printed, and the next run prints the rest first.
cp before.db tickets.db
rm -f tickets.db-wal tickets.db-shm tickets-archive.db*
ticket-archive run >/dev/null
sqlite3 tickets-archive.db 'update progress set printed = 1'
run ticket-archive run
is "$rc:$(jq -r .id out | paste -sd' ')" "0:$t2 $t3" \
    "stubs committed but not printed are printed by the next run"
run ticket-archive run
is "$rc:$(cat out)" "0:" "and only once"

# A ticket changed between the two commits is for a person to look at.
cp before.db tickets.db
rm -f tickets.db-wal tickets.db-shm
q "update ticket set topic = '改过' where id = '$t3'"
run ticket-archive run
is "$rc:$(cat err)" "3:ticket-archive: $tmp/tickets-archive.db: record 3 (ticket $t3) differs from the ticket in the main database, which changed after it was written" \
    "a dossier that no longer matches stops the run"

# SIGKILL during a large run; then a re-run.
rm -f tickets*.db*
awk 'BEGIN { for (i = 1; i <= 3000; i++)
	printf "{\"source_id\":\"K%d\",\"channel\":\"phone\",\"category\":\"consultation\",\"received_at\":\"2026-03-02T09:00:00+08:00\",\"facts\":{\"what\":\"某事\"},\"caller\":{\"name\":\"张伟\",\"phone\":\"13812348000\"},\"reject\":\"R7\"}\n", i }' >big.jsonl
ticket-new big.jsonl >/dev/null 2>&1
ticket-archive verify >/dev/null
ticket-archive run --older-than 0 >/dev/null 2>&1 &
pid=$!
i=0
while [ $i -lt 600 ]; do
	c=$(sqlite3 tickets-archive.db 'select count(*) from dossier' 2>/dev/null) || c=0
	[ "${c:-0}" -gt 0 ] && break
	sleep 0.1
	i=$((i + 1))
done
kill -9 $pid 2>/dev/null || :
wait $pid 2>/dev/null || :
like "$(where)" '^(both\|1 )?(stub\|[0-9]+ )?(whole\|[0-9]+)?$|^stub\|3000$' \
    "after the kill: at most the last ticket in both places"
run ticket-archive run --older-than 0
is "$rc:$(cat err)" "0:" "the re-run finishes"
is "$(where)" "stub|3000" "every ticket archived exactly once"
is "$(ticket-archive verify | jq .records)" 3000 "the chain holds"
