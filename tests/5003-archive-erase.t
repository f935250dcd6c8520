#!/bin/sh -e
# ticket-archive erase: the personal part of old dossiers erased after
# the retention period; its digest stays, so verify still passes, and
# each erasure is a record of the chain.
. "$(dirname "$0")/lib.sh"
plan 8

. "$data/archive-set.sh"
TICKET_NOW=$later ticket-archive run >/dev/null
head=$(ticket-archive verify)

TICKET_NOW=2029-03-01T10:00:00+08:00 run ticket-archive erase --before 2026-03-03
is "$rc:$(cat err)" "2:ticket-archive: --before: within the retention period (archive.personal_years = 3)" \
    "refused within the retention period"
run ticket-archive erase
is "$rc" 2 "erase without --before: usage"

TICKET_NOW=2029-03-03T10:00:00+08:00 run ticket-archive erase --before 2026-03-03
is "$rc:$(cat err)" "0:" "erase after three years"
is "$(jq -c '[.ticket, .seq, .erased_at]' out | tr '\n' ' ')" \
    "[\"$t1\",1,\"2029-03-03T10:00:00+08:00\"] [\"$t2\",2,\"2029-03-03T10:00:00+08:00\"] [\"$t3\",3,\"2029-03-03T10:00:00+08:00\"] " \
    "each dossier erased is printed"
is "$(ticket-archive verify --head "$head" | jq .records)" 6 \
    "the chain verifies, each erasure a record after the three it held"
is "$(ticket-archive show "$t2" | jq -c '[(.personal_hash | length), .erased_at, .dossier.ticket.doc.caller.name, .dossier.reply[0].phone]')" \
    '[64,"2029-03-03T10:00:00+08:00","张*","137****1234"]' \
    "show: the digest stays, the masked text is all that is left"
is "$(sqlite3 tickets-archive.db 'select count(*) from dossier where personal is not null')/$(sqlite3 tickets-archive.db .dump | grep -c -e 张伟 -e 13812348000 -e 王强 -e 中山路 || :)" \
    "0/0" "no name, phone or address left in the archive file"
echo 'archive.personal_years = 0' >ticket.conf
TICKET_NOW=2029-03-03T10:00:00+08:00 run ticket-archive erase --before 2029-03-03
is "$rc:$(cat out)" "0:" "a second erase finds nothing more"
