#!/bin/sh -e
# ticket-archive verify: the chain recomputed; a record changed by hand,
# removed, or two swapped is named, exit 3.
. "$(dirname "$0")/lib.sh"
plan 9

. "$data/archive-set.sh"
TICKET_NOW=$later ticket-archive run >/dev/null
a() {
	sqlite3 tickets-archive.db "$1"
}
cp tickets-archive.db good.db
fresh() {
	cp good.db tickets-archive.db
	rm -f tickets-archive.db-wal tickets-archive.db-shm
}
head=$(a 'select hash from dossier where seq = 3')

run ticket-archive verify
is "$rc:$(cat out)" "0:{\"records\":3,\"head\":\"$head\"}" \
    "an intact chain: its length and head"

a "update dossier set public = replace(public, '噪声', '噪音') where seq = 2"
run ticket-archive verify
is "$rc:$(cat out err)" "3:ticket-archive: $tmp/tickets-archive.db: record 2 (ticket $t2) was changed: its contents do not match its hash" \
    "a dossier edited by hand is named"

fresh
a "update dossier set personal = replace(personal, '张伟', '李四') where seq = 1"
run ticket-archive verify
is "$rc:$(cat err)" "3:ticket-archive: $tmp/tickets-archive.db: record 1 (ticket $t1) was changed: its personal part does not match its digest" \
    "an edited personal part is named"

fresh
a "update dossier set hash = '$head' where seq = 1"
run ticket-archive verify
is "$rc:$(cat err)" "3:ticket-archive: $tmp/tickets-archive.db: record 1 (ticket $t1) was changed: its contents do not match its hash" \
    "a forged hash is named"

fresh
a 'delete from dossier where seq = 2'
run ticket-archive verify
is "$rc:$(cat err)" "3:ticket-archive: $tmp/tickets-archive.db: record 2 is missing (removed)" \
    "a record deleted"

fresh
a 'delete from dossier where seq = 2; update dossier set seq = 2 where seq = 3'
run ticket-archive verify
is "$rc:$(cat err)" "3:ticket-archive: $tmp/tickets-archive.db: record 2 (ticket $t3) is out of place: a record before it was removed, or records were reordered" \
    "a record deleted and the rest renumbered"

fresh
a 'update dossier set seq = -2 where seq = 2; update dossier set seq = 2 where seq = 3; update dossier set seq = 3 where seq = -2'
run ticket-archive verify
is "$rc:$(cat err)" "3:ticket-archive: $tmp/tickets-archive.db: record 2 (ticket $t3) is out of place: a record before it was removed, or records were reordered" \
    "two records swapped"

fresh
a 'delete from dossier where seq = 1'
run ticket-archive verify
is "$rc:$(cat err)" "3:ticket-archive: $tmp/tickets-archive.db: record 1 is missing (removed)" \
    "the first record deleted"

run ticket-archive verify --archive "$tmp/good.db"
is "$rc:$(cat out)" "0:{\"records\":3,\"head\":\"$head\"}" "--archive names the file"
