#!/bin/sh -e
# ticket-archive import: a line of any size imports; an empty file, a
# blank line, a seq that is not a number and a ticket number that is not
# one are each named, and nothing is imported.
. "$(dirname "$0")/lib.sh"
plan 8

. "$data/archive-set.sh"
# A dossier over 1 MiB: a call of 1.5 MB, refused at intake.
echo 'max_record = 4000000' >ticket.conf
awk 'BEGIN { printf "{\"source_id\":\"s4\",\"channel\":\"phone\",\"category\":\"consultation\",\"received_at\":\"2026-03-02T09:00:00+08:00\",\"facts\":{\"what\":\""
	for (i = 0; i < 100000; i++) printf "情况说明第%06d段。", i
	printf "\"},\"caller\":{\"name\":\"张伟\",\"phone\":\"13812348000\"},\"reject\":\"R7\"}\n" }' |
    ticket-new >/dev/null
: >ticket.conf	# the import reads any size, whatever max_record says
TICKET_NOW=$later ticket-archive run >/dev/null
ticket-archive export >all.jsonl
run ticket-archive import --archive new.db all.jsonl
is "$rc:$(cat err):$(awk 'length > 1048576' all.jsonl | wc -l)" "0::1" \
    "an export with a line over 1 MiB imports again"
is "$(ticket-archive verify --archive new.db --db none.db | jq .records)" 4 \
    "and verifies"

bad() {
	rm -f e.db
	run ticket-archive import --archive e.db "$1"
	is "$rc:$(cat err):$(sqlite3 e.db 'select count(*) from dossier')" \
	    "3:ticket-archive: $2:0" "$3"
}
: >empty.jsonl
bad empty.jsonl "empty.jsonl: no records: an export has one or more" \
    "an empty file"
{ head -2 all.jsonl; echo; } >blank.jsonl
bad blank.jsonl "blank.jsonl:3: a blank line" "a blank line at the end"
sed '2s/"seq":2/"seq":"2"/' all.jsonl >seq.jsonl
bad seq.jsonl "seq.jsonl:2: seq: not a whole number" "a seq that is a string"
sed '1s/"ticket":"[0-9]*"/"ticket":"..\/x"/' all.jsonl >id.jsonl
bad id.jsonl "id.jsonl:1: ticket: not a ticket number" \
    "a ticket number that names a path"
sed '1s/"ticket":"[0-9]*"/"ticket":"20260302000099"/' all.jsonl >rn.jsonl
bad rn.jsonl "rn.jsonl:1: record 1 (ticket 20260302000099) was renamed: its contents are of ticket $t1" \
    "a line renamed"
{ cat all.jsonl; printf '{"seq":5}\n'; } >short.jsonl
bad short.jsonl "short.jsonl:5: not a record of an archive export" \
    "a line that is not a record"
