#!/bin/sh -e
# ticket-new: a repeat complaint (重复投诉) after a reply.  A new ticket
# from the same phone about the same area and topic within
# callback.repeat_days of an earlier ticket's approved reply raises the
# accountability flag repeat_complaint on that ticket's lead unit, once.
. "$(dirname "$0")/lib.sh"
plan 9

network
full='--text 已处理 --handler 王强 --phone 025-84561234 --approver 李明 --contact phone'
call() {
	printf '{"source_id":"%s","received_at":"%s","channel":"phone","category":"complaint","topic":"%s","area":"甲区","caller":{"phone":"%s"},"facts":{"what":"噪声扰民","when":"夜间","where":"某路","who":"某工地","process":"无","result":"停工"}}\n' \
	    "$1" "$2" "${3:-环保}" "${4:-13812348000}" >call.jsonl
	run ticket-new call.jsonl
}

call s1 2026-02-01T09:00:00+08:00
t1=$(jq -r .id out)
ticket-route dispatch "$t1" --lead A >/dev/null
ticket-route --actor A sign "$t1" >/dev/null
ticket-reply --actor A "$t1" $full >/dev/null
TICKET_NOW=2026-02-10T09:00:00+08:00 ticket-reply review "$t1" --approve >/dev/null

call s2 2026-03-02T09:00:00+08:00 其他
is "$rc:$(cat err)" "0:" "another topic: no repeat"
call s3 2026-03-02T09:00:00+08:00 环保 13900000000
is "$rc:$(cat err)" "0:" "another phone: no repeat"

call s4 2026-03-02T09:00:00+08:00
t4=$(jq -r .id out)
is "$rc:$(cat err)" \
    "0:ticket-new: warning: call.jsonl:1: repeat complaint after the reply to $t1: accountability flag for \"A\"" \
    "within 30 days of the reply: a warning"
is "$(q "select ticket, unit, kind, data from flag")" \
    "$t1|A|repeat_complaint|{\"kind\":\"repeat_complaint\",\"ticket\":\"$t4\"}" \
    "the flag on the replying unit's order"
is "$(ticket-ls "$t1" | jq -c '.events[-1] | [.kind, .unit, .data.kind]')" \
    '["flag","A","repeat_complaint"]' "its event on the earlier ticket"
is "$(jq -r .duplicate_of out)" "$t1" "the replied ticket is still open: also a duplicate"

call s5 2026-03-03T09:00:00+08:00
is "$rc:$(cat err):$(q "select count(*) from flag")" "0::1" "raised once"

# Closed tickets count; the window is configuration.
ticket-callback record "$t1" --result unsatisfied --resolved no --method phone >/dev/null
echo 'callback.repeat_days = 10' >ticket.conf
q "delete from flag"
call s6 2026-02-21T09:00:00+08:00
is "$rc:$(q "select count(*) from flag")" "0:0" \
    "callback.repeat_days = 10: eleven days later is no repeat"
call s7 2026-02-20T09:00:00+08:00
is "$(q "select count(*) from flag")" 1 "ten days later, after a closed ticket's reply, is"
