#!/bin/sh -e
# The databases hold callers' names, phones and ID numbers: the tools
# make them 0600 whatever the caller's umask, their -wal and -shm too,
# and name at open a database that others may read.
. "$(dirname "$0")/lib.sh"

plan 6

mode() {
	stat -c %a "$1"
}

umask 022
printf '%s\n' '{"source_id":"p1","channel":"phone","category":"consultation","facts":{"what":"问路"}}' >one.jsonl
run ticket-new one.jsonl
is "$rc" 0 "intake under umask 022"
is "$(mode tickets.db)" 600 "the new database is 0600"
is "$(stat -c %a tickets.db* | sort -u)" 600 "and every file beside it"
run ticket-new one.jsonl
is "$(cat err)" "" "a private database: no warning"
chmod 644 tickets.db
run ticket-ls --status new
is "$(cat err)" "ticket-ls: warning: $tmp/tickets.db: others may read it (mode 644): chmod 600 it" \
    "one others may read is named"
is "$rc" 0 "and the command still runs"
