#!/bin/sh -e
# Readers beside a bulk import (db.c, db-vfs.c): intake gathers its
# WAL writes in a buffer and writes them out by each commit at the
# latest, so a reader in another process, through SQLite's own VFS,
# sees whole batches only, each ticket with its event, never a page
# that was not yet written.
. "$(dirname "$0")/lib.sh"

plan 4

n=50000
records $n RD in.jsonl
run ticket-new </dev/null
is "$rc" 0 "a new database"

ticket-new in.jsonl >/dev/null 2>err &
pid=$!
# Each look: tickets, events, and SQLite's own check of every page.
: >looks
while kill -0 $pid 2>/dev/null; do
	q "SELECT count(*) || ' ' || (SELECT count(*) FROM event)
	    FROM ticket; PRAGMA quick_check(1);" >>looks 2>&1 || true
	sleep 0.05
done
wait $pid
is "$?:$(cat err)" "0:" "the import ran to the end"
# Timing decides only how many looks land midway, never the verdict.
echo "# $(awk 'NR % 2 == 1 && $1 > 0 && $1 < '$n looks | wc -l) looks" \
    "while the import ran"
is "$(awk 'NR % 2 == 1 && ($1 % 1000 != 0 || $1 != $2)' looks;
    awk 'NR % 2 == 0 && $0 != "ok"' looks)" "" \
    "every look: whole batches, each ticket with its event, pages sound"
is "$(stored)" "ok $n|$n 0" "all stored"
exit $((tap_failed > 0))
