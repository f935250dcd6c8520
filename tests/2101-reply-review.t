#!/bin/sh -e
# ticket-reply review: who reviews whose reply, approval makes the ticket
# replied, bounces go back to be signed, two in a row raise a flag once.
. "$(dirname "$0")/lib.sh"
plan 26

network
full='--text 已处理 --handler 王强 --phone 13812348000 --approver 李明 --contact phone'

# A lead and a co-unit: the co-unit replies to the lead.
t1=$(mk s1)
ticket-route dispatch "$t1" --lead A --co B >/dev/null
ticket-route --actor A sign "$t1" >/dev/null
ticket-route --actor B sign "$t1" >/dev/null
ticket-reply --actor B "$t1" $full >/dev/null
run ticket-reply --actor A review "$t1" --approve
is "$rc:$(cat err)" "0:" "the lead reviews the co-unit's reply"
is "$(jq -c '[.status, [.assignments[] | .unit + ":" + .status]]' out)" \
    '["in_progress",["A:signed","B:approved"]]' \
    "a co-unit's approval leaves the ticket in progress"
is "$(ev "$t1" '.events[-1] | [.actor, .kind, .unit, .before, .after, .data]')" \
    '["A","approve","B","replied","approved",{"reply":1}]' "the approve event"
run ticket-reply --actor A review "$t1" --unit B --approve
is "$rc:$(cat err)" "1:ticket-reply: $t1: the order of \"B\" is approved, not replied" \
    "approving twice is refused"
run ticket-reply review "$t1" --approve
is "$(cat err)" "ticket-reply: $t1: no reply awaits review by \"platform\"" \
    "nothing to review"

ticket-reply --actor A "$t1" $full >/dev/null
run ticket-reply --actor B review "$t1" --unit A --approve
is "$(cat err)" "ticket-reply: $t1: unit \"B\" may not review the reply of \"A\"" \
    "a co-unit does not review the lead"
run ticket-reply --actor A review "$t1" --unit A --approve
is "$(cat err)" "ticket-reply: $t1: unit \"A\" may not review the reply of \"A\"" \
    "nor does the lead review its own reply"
TICKET_NOW=2026-03-06T09:00:00+08:00 run ticket-reply review "$t1" --approve
is "$rc:$(jq -c '[.status, .updated_at, .assignments[0].status]' out)" \
    '0:["replied","2026-03-06T09:00:00+08:00","approved"]' \
    "the platform approves the lead's reply: the ticket is replied"
is "$(ev "$t1" '[.events[-2:][] | [.kind, .unit, .before, .after, .data]]')" \
    '[["approve","A","replied","approved",{"reply":2}],["replied",null,"in_progress","replied",{"reply":2,"unit":"A"}]]' \
    "two events: the order's and the ticket's, naming the reply"
is "$(q "select status, reviewer from reply where id = 2")" "approved|platform" \
    "the reply approved by the platform"
run ticket-reply review "$t1" --unit A --approve
is "$(cat err)" "ticket-reply: $t1: ticket is replied (已反馈)" \
    "no review once the ticket is replied"

# A level-3 reply goes to its level-2 unit.
t2=$(mk s2)
ticket-route dispatch "$t2" --lead A >/dev/null
ticket-route --actor A subdispatch "$t2" --to A-1 >/dev/null
ticket-route --actor A-1 sign "$t2" >/dev/null
ticket-reply --actor A-1 "$t2" $full >/dev/null
run ticket-reply review "$t2" --unit A-1 --approve
is "$(cat err)" "ticket-reply: $t2: unit \"platform\" may not review the reply of \"A-1\"" \
    "the platform does not review a level-3 reply"
run ticket-reply --actor B review "$t2" --unit A-1 --approve
is "$(cat err)" "ticket-reply: $t2: unit \"B\" may not review the reply of \"A-1\"" \
    "nor another level-2 unit"
run ticket-reply --actor A/张科长 review "$t2" --bounce 未附现场照片
is "$rc:$(jq -c '[.status, .assignments[1].status, .assignments[1].bounces]' out)" \
    '0:["dispatched","signed",1]' "its level-2 unit bounces it"
is "$(ev "$t2" '.events[-1] | [.actor, .kind, .unit, .data]')" \
    '["A/张科长","bounce","A-1",{"reply":3,"reason":"未附现场照片"}]' \
    "the bounce event with its reason"
ticket-reply --actor A-1 "$t2" $full >/dev/null
run ticket-reply --actor A review "$t2" --approve
is "$(jq -c '[.status, .assignments[1].status]' out)" '["dispatched","approved"]' \
    "then approves it; the ticket waits for the lead's own reply"

# Two bounces in a row: an accountability flag, once.
t3=$(mk s3)
ticket-route dispatch "$t3" --lead D >/dev/null
ticket-route --actor D sign "$t3" >/dev/null
ticket-reply --actor D "$t3" $full >/dev/null
run ticket-reply review "$t3" --bounce 答复内容过于简单
is "$rc:$(cat err)" "0:" "one bounce: no flag"
ticket-reply --actor D "$t3" $full >/dev/null
TICKET_NOW=2026-03-03T10:00:00+08:00 run ticket-reply review "$t3" \
    --bounce 仍未说明处理结果
is "$rc:$(cat err)" \
    "0:ticket-reply: warning: $t3: accountability flag for \"D\": two consecutive bounces" \
    "the second in a row raises a flag, with a warning"
is "$(q "select unit, kind, datetime(at, 'unixepoch'), data from flag where ticket = '$t3'")" \
    'D|bounced_twice|2026-03-03 02:00:00|{"kind":"bounced_twice","replies":[5,6]}' \
    "the flag row"
is "$(ev "$t3" '.events[-1] | [.kind, .unit, .before, .after, .data]')" \
    '["flag","D",null,null,{"kind":"bounced_twice","replies":[5,6]}]' \
    "and its event"
ticket-reply --actor D "$t3" $full >/dev/null
run ticket-reply review "$t3" --bounce 第三次
is "$rc:$(cat err):$(jq -r '.assignments[0].bounces' out)" "0::3" \
    "a third bounce counts, but flags no more"
is "$(q "select count(*) from flag")" 1 "one flag"

# An automatic bounce counts toward the flag too.
t4=$(mk s4)
ticket-route dispatch "$t4" --lead W >/dev/null
ticket-route --actor W sign "$t4" >/dev/null
ticket-reply --actor W "$t4" $full --handler '' 2>/dev/null >/dev/null || :
ticket-reply --actor W "$t4" $full >/dev/null
run ticket-reply review "$t4" --bounce 请补充整改时限
is "$(cat err)" "ticket-reply: warning: $t4: accountability flag for \"W\": two consecutive bounces" \
    "an automatic bounce, then a reviewer's"

# Several replies awaiting the platform: name one.
t5=$(mk s5)
ticket-route dispatch "$t5" --lead A --co B >/dev/null
for u in A B; do
	ticket-route --actor $u sign "$t5" >/dev/null
	ticket-reply --actor $u "$t5" $full >/dev/null
done
run ticket-reply review "$t5" --approve
is "$rc:$(cat err)" \
    "1:ticket-reply: $t5: 2 replies await review by \"platform\": name one with --unit" \
    "two replies await the platform"
run ticket-reply review "$t5" --approve --unit B
is "$(jq -c '[.status, .assignments[1].status]' out)" '["in_progress","approved"]' \
    "the platform may review a co-unit's reply"
run ticket-reply --actor A review "$t5" --approve
is "$(cat err)" "ticket-reply: $t5: no reply awaits review by \"A\"" \
    "the lead has nothing left to review"
