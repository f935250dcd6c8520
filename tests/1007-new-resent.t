#!/bin/sh -e
# ticket-new: a record sent again under a stored source_id.  The same
# content is the stored ticket, in silence; other content is kept as
# stored too, but with a warning naming the fields and the correction.
. "$(dirname "$0")/lib.sh"
plan 6

rec() {
	printf '{"source_id":"s1","channel":"web","category":"%s","topic":"路灯","caller":{"phone":"13812348000"},"facts":{"what":"%s","when":"夜间","where":"某路","who":"无","process":"无","result":"无"}%s}\n' \
	    "$1" "$2" "${3:-}" >r.jsonl
}

rec complaint 路灯不亮
run ticket-new r.jsonl
id=$(jq -r .id out)
cp out first
run ticket-new r.jsonl
is "$rc:$(cat err)" "0:" "the same record again: the stored ticket, no warning"

rec help 路灯不亮
run ticket-new r.jsonl
is "$rc:$(cat err)" "0:ticket-new: warning: r.jsonl:1: source_id \"s1\" is ticket $id, stored with other values of category: kept as stored; correct it with ticket-route correct $id" \
    "another category: a warning naming the field and the correction"
is_file out first "the ticket printed as stored"

rec help 路灯倒了 ',"来源":"热线"'
run ticket-new r.jsonl
like "$(cat err)" "other values of category, facts.what, 来源: kept" \
    "every field that differs named, unknown keys too"

rec complaint 路灯不亮 ',"received_at":"2026-03-01T08:00:00+08:00"'
run ticket-new r.jsonl
is "$(cat err)" "" "a receipt time is not a difference: one absent is the intake's"
is "$(q 'select count(*) from ticket; select count(*) from event')" "1
1" "one ticket, one event: nothing written by a record sent again"
