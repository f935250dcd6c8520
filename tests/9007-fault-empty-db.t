#!/bin/sh -e
# A zero-byte database is refused, not made new (its ticket numbers
# would start again); a new one made by four commands at once is made
# once; quick_check at open stops at a damaged file; ticket-admin check
# names an empty file.
. "$(dirname "$0")/lib.sh"
plan 7

: >tickets.db
run ticket-new --source-id e1 --channel phone --category consultation \
    --name 张伟 --phone 13812348000 --what 社保 --process 问社保
is "$rc:$(cat out err)" "3:ticket-new: $tmp/tickets.db: empty database file" \
    "an empty database file is refused, exit 3"
is "$(stat -c %s tickets.db):$(ls tickets.db* | wc -l)" "0:1" "and left as it was"
run ticket-ls --db "$tmp/tickets.db"
is "$rc:$(cat err)" "3:ticket-ls: $tmp/tickets.db: empty database file" \
    "by a command that only reads too"
run ticket-admin check
is "$rc:$(jq -c 'select(.check == "exists" and .ok == false) | [.ok, .problem]' out)" \
    "3:[false,\"empty database file\"]" "ticket-admin check names it"

rm tickets.db
for p in 1 2 3 4; do
	ticket-ls >out$p 2>err$p &
	eval pid$p=\$!
done
st=
for p in 1 2 3 4; do
	r=0
	eval wait \$pid$p || r=$?
	st="$st $r"
done
is "$st:$(cat err1 err2 err3 err4):$(ls tickets.db.* 2>/dev/null | wc -l)" " 0 0 0 0::0" \
    "four commands making one new database: none sees it empty, no file left over"

ticket-unit import "$data/route-units.csv" >/dev/null
sqlite3 tickets.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
size=$(stat -c %s tickets.db)
page=$(sqlite3 tickets.db "select rootpage from sqlite_schema where name = 'unit'")
printf '\377\377\377\377\377\377\377\377\377\377\377\377' |
    dd of=tickets.db bs=1 seek=$(( (page - 1) * 4096 + 8 )) conv=notrunc 2>/dev/null
echo 'quick_check = 1' >ticket.conf
run ticket-ls
like "$rc:$(cat err)" "^3:ticket-ls: $tmp/tickets.db: damaged: " \
    "quick_check = 1: a damaged page stops the command at open"
: >ticket.conf
is "$(stat -c %s tickets.db)" "$size" "nothing written to it"
