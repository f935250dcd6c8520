#!/bin/sh -e
# What leaves the tools safe to open and to show: CSV cells a spreadsheet
# would run are neutralised, controls in tables and diagnostics shown
# escaped; what comes in checked: a NUL in a CSV cell, a setting that is
# not UTF-8, a time past the year 9999; a dry run on a database the
# command may not write.
. "$(dirname "$0")/lib.sh"
plan 12

esc=$(printf '\033')
printf 'source_id,received_at,channel,category,caller.name,caller.phone,facts.what,facts.process,facts.result,topic\n' >a.csv
printf 'F-1,2026-03-02T09:00:00+08:00,web,consultation,张伟,13900000001,"=HYPERLINK(""http://x"")",@SUM(A1),-2+3,%s[2J%s]0;pwned\a\n' "$esc" "$esc" >>a.csv
printf 'F-2,2026-03-02T09:01:00+08:00,web,consultation,王五,13900000002,问\000社保,无,请答复,社保\n' >>a.csv
printf 'F-3,2026-03-02T09:02:00+08:00,web,consultation,赵六,13900000003,问%s[2J公积金%s]0;pwned\a,-5,+3.5,x\n' "$esc" "$esc" >>a.csv
run ticket-new --csv a.csv
is "$rc:$(cat err)" "1:ticket-new: a.csv:3: a NUL byte" \
    "a NUL in a CSV cell names its line"
is "$(jq -r .source_id out | paste -sd' ')" "F-1 F-3" "and the other rows go through"
f1=$(jq -r 'select(.source_id == "F-1") | .id' out)

ticket-ls --format csv >all.csv
is "$(grep F-1 all.csv | cut -d, -f17-19)" "\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),'-2+3" \
    "CSV: a cell starting with =, @ or - is written as text"
is "$(grep F-3 all.csv | cut -d, -f18-19)" "-5,+3.5" "a number stays a number"

run ticket-ls --format table
is "$(grep -c "$esc" out || :):$(grep -c '\\x1b\[2J公积金\\x1b\]0;pwned\\x07' out || :)" "0:1" \
    "a table shows a terminal escape written out"
run ticket-route dispatch "$(printf 'x\033[31m')" --lead A
is "$(cat err)" 'ticket-route: x\x1b[31m: no such ticket' \
    "a diagnostic too"

printf 'callback.sms_sign = 12345\347\203热线\n' >ticket.conf
run ticket-ls
is "$rc:$(cat err)" "3:ticket-ls: $tmp/ticket.conf:1: callback.sms_sign: not UTF-8 (byte 6 of its value)
ticket-ls: $tmp/ticket.conf: bad settings" \
    "a setting that is not UTF-8 is an error when the settings are read"
: >ticket.conf

run ticket-ls --now 9999-12-31T23:00:00-05:00
is "$rc:$(cat err)" '2:ticket-ls: --now: not an RFC 3339 time: "9999-12-31T23:00:00-05:00"' \
    "a time past the year 9999 here is refused"
printf '{"source_id":"T-1","channel":"phone","category":"consultation","received_at":"9999-12-31T20:00:00-08:00","facts":{"what":"x","process":"x","result":"x"},"caller":{"name":"张伟","phone":"13812348000"}}\n' >t.jsonl
run ticket-new t.jsonl
is "$rc:$(cat err)" '1:ticket-new: t.jsonl:1: "received_at": not a time: "9999-12-31T20:00:00-08:00"' \
    "and in a record"
is "$(ticket-ls --now 9999-12-31T23:59:59+08:00 --format csv | wc -l)" 3 \
    "the last second of 9999 is a time"

# A dry run reads the database into memory: one it may not write serves.
ticket-unit import "$data/route-units.csv" >/dev/null
ticket-route dispatch "$f1" --lead A >/dev/null
sqlite3 tickets.db 'PRAGMA wal_checkpoint(TRUNCATE)' >/dev/null
cp tickets.db ro.db
sum=$(cksum <ro.db)
if [ "$(id -u)" = 0 ]; then
	chmod 711 "$tmp"
	chmod 644 ro.db
	as="setpriv --reuid=65534 --regid=65534 --clear-groups"
else
	chmod 444 ro.db
	as=
fi
TICKET_CONF=/dev/null run $as ticket-sla sweep --dry-run --db "$tmp/ro.db" \
    --now 2026-03-20T10:00:00+08:00
is "$rc:$(jq -r '[.ticket, .kind] | join(" ")' out | paste -sd' '):$(grep -v 'others may read' err || :)" "0:$f1 red $f1 overdue $f1 accepted:" \
    "sweep --dry-run on a read-only database: the cards it would issue"
is "$(cksum <ro.db):$(ls ro.db* | wc -l)" "$sum:1" "and the file untouched"
