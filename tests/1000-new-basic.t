#!/bin/sh -e
# ticket-new: one record in, the stored ticket out; the store holds the
# ticket and its intake event; a second run with the same source_id
# changes nothing and prints the ticket already stored.
. "$(dirname "$0")/lib.sh"
plan 11

cat >in.jsonl <<'X'
{"source_id":"CC-1","received_at":"2026-03-02T09:15:00+08:00","channel":"phone","caller":{"name":"张伟","phone":"13812348000","public":true},"category":"complaint","topic":"城乡建设/物业管理","area":"江北区","facts":{"when":"3月1日晚","where":"长江路88号","who":"物业公司","what":"停止清运垃圾一周","process":"多次反映无果","result":"要求恢复清运"},"crm_ref":"A-77"}
X
cat >want <<'X'
{"id":"20260302000001","source_id":"CC-1","received_at":"2026-03-02T09:15:00+08:00","channel":"phone","caller":{"name":"张伟","phone":"13812348000","anonymous":false,"public":true},"category":"complaint","topic":"城乡建设/物业管理","area":"江北区","facts":{"when":"3月1日晚","where":"长江路88号","who":"物业公司","what":"停止清运垃圾一周","process":"多次反映无果","result":"要求恢复清运"},"urgent":false,"crm_ref":"A-77","status":"new","updated_at":"2026-03-02T10:00:00+08:00"}
X
run ticket-new in.jsonl
is "$rc" 0 "exit 0"
is_file out want "the stored ticket, fields in order, unknown keys kept"
is "$(cat err)" "" "nothing on stderr"
is "$(q 'select id, status, received_at from ticket')" \
    "20260302000001|new|1772414100" "one row, receipt time in seconds"
is "$(q 'select ticket, actor, kind, before, after from event')" \
    "20260302000001|platform|intake||new" "the intake event"

run ticket-new in.jsonl
is "$rc" 0 "again: exit 0"
is_file out want "again: the ticket already stored"
is "$(q 'select count(*) from ticket; select count(*) from event')" \
    "1
1" "again: nothing new stored"

# The time is shown in the platform's zone whatever zone it came in.
sed 's/CC-1/CC-2/; s/2026-03-02T09:15:00+08:00/2026-03-02T01:15:00Z/' \
    in.jsonl >utc.jsonl
run ticket-new utc.jsonl
is "$(jq -r '.id + " " + .received_at' out)" \
    "20260302000002 2026-03-02T09:15:00+08:00" "UTC input, local output"

# The event log is append-only.
set +e
q "update event set actor = 'x'" 2>err
set -e
is "$(cat err)" "Error: stepping, the event log is append-only (19)" \
    "events cannot be updated"
set +e
q "delete from event" 2>err
set -e
is "$(cat err)" "Error: stepping, the event log is append-only (19)" \
    "events cannot be deleted while their ticket is not archived"
