#!/bin/sh -e
# ticket-report units: a scripted March whose every figure is known by
# hand (man/ticket-report.1 writes the formulas out), with the edges: a
# reply one second late and one on the last second, a signature on the
# last second of its window, a return approved and re-dispatched, a late
# return, a reopened ticket, a sub-order, a level-3 roll-up, an extension
# and an approval at midnight on the period's boundary.  The same report
# is run again after April's events and must not change.  The rules are
# the plain reading (returns, uncallable callers and replies' contacts
# count as anything else); 6003 changes them one by one.
. "$(dirname "$0")/lib.sh"
plan 19

network
plain='report.contact_categories = consultation help suggestion complaint report
report.count_returns = yes
report.count_uncallable = yes
report.reply_contact = no'
echo "$plain" >ticket.conf
at() {
	t=$1
	shift
	TICKET_NOW=2026-$t+08:00 "$@" >/dev/null
}
mk() {	# source-id category day
	TICKET_NOW=2026-$3T09:00:00+08:00 ticket-new --source-id "$1" \
	    --channel phone --category "$2" --what 某事 --when 昨天 \
	    --where 某路 --who 某人 --process 无 --result 处理 \
	    --topic 城乡建设/物业管理 --area 甲区 2>/dev/null | jq -r .id
}
full='--text 已处理 --handler 王强 --phone 13812348000 --approver 李明 --contact phone'
cb() {	# day ticket result resolved [reopen]
	at "$1" ticket-callback record "$2" -R "$3" -v "$4" -m phone $5
}
# answer UNIT TICKET AT APPROVED-AT: a full reply at AT, approved by the
# platform at APPROVED-AT
answer() {
	at "$3" ticket-reply --actor "$1" "$2" $full
	at "$4" ticket-reply review "$2" --approve
}

# t1: A, consultation (2 working days: due 03-04 23:59:59), replied one
# second late.
t1=$(mk s1 consultation 03-02)
at 03-02T10:00:00 ticket-route dispatch "$t1" --lead A
at 03-02T11:00:00 ticket-route --actor A sign "$t1"
at 03-02T12:00:00 ticket-reply --actor A contact "$t1" --method phone
answer A "$t1" 03-05T00:00:00 03-05T09:00:00
cb 03-06T10:00:00 "$t1" satisfied yes

# t2: A, signed on the last second of its window, replied on the last
# second of its limit.
t2=$(mk s2 consultation 03-02)
at 03-02T10:00:00 ticket-route dispatch "$t2" --lead A
at 03-03T23:59:59 ticket-route --actor A sign "$t2"
answer A "$t2" 03-04T23:59:59 03-05T09:00:00
cb 03-06T10:00:00 "$t2" basic partly

# t3: B returns, the platform re-dispatches to D; reopened after an
# unsatisfied callback, replied again, then satisfied.
t3=$(mk s3 complaint 03-02)
at 03-02T10:00:00 ticket-route dispatch "$t3" --lead B
at 03-03T09:00:00 ticket-route --actor B return "$t3" --reason 不属本区 \
    --basis 职责规定 --approver 赵
at 03-03T10:00:00 ticket-route review-return "$t3" --approve --to D
at 03-04T09:00:00 ticket-route --actor D sign "$t3"
at 03-05T09:00:00 ticket-reply --actor D contact "$t3" --method phone
answer D "$t3" 03-10T09:00:00 03-10T10:00:00
cb 03-11T10:00:00 "$t3" unsatisfied no -O
answer D "$t3" 03-13T09:00:00 03-13T10:00:00
cb 03-16T10:00:00 "$t3" satisfied yes

# t4: A passes a help request down to A-1, which contacts and replies.
t4=$(mk s4 help 03-09)
at 03-09T10:00:00 ticket-route dispatch "$t4" --lead A
at 03-09T10:30:00 ticket-route --actor A sign "$t4"
at 03-09T11:00:00 ticket-route --actor A subdispatch "$t4" --to A-1
at 03-10T09:00:00 ticket-route --actor A-1 sign "$t4"
at 03-10T10:00:00 ticket-reply --actor A-1 contact "$t4" --method phone
at 03-12T09:00:00 ticket-reply --actor A-1 "$t4" $full
at 03-12T10:00:00 ticket-reply --actor A review "$t4" --approve
answer A "$t4" 03-13T09:00:00 03-13T10:00:00
cb 03-16T11:00:00 "$t4" satisfied yes

# t5: straight to the level-3 unit A-2, signed across a weekend,
# extended, replied on 03-31 and approved at midnight: April's.
t5=$(mk s5 suggestion 03-20)
at 03-20T10:00:00 ticket-route dispatch "$t5" --lead A-2
at 03-23T10:00:00 ticket-route --actor A-2 sign "$t5"
at 03-25T09:00:00 ticket-sla --actor A-2 extend "$t5" -D 3 -r 需现场勘查 \
    -a 钱 -e 已告知
at 03-25T10:00:00 ticket-sla approve "$t5"
at 03-31T23:59:59 ticket-reply --actor A-2 "$t5" $full

# t6: B signs late, tries to return after its window (refused, flagged),
# then gets a yellow and a red card.
t6=$(mk s6 complaint 03-02)
at 03-02T10:00:00 ticket-route dispatch "$t6" --lead B
TICKET_NOW=2026-03-05T09:00:00+08:00 ticket-route --actor B return "$t6" \
    --reason 不属本区 --basis 职责规定 --approver 赵 >/dev/null 2>&1 || :
at 03-05T10:00:00 ticket-route --actor B sign "$t6"
at 03-23T09:00:00 ticket-sla sweep
at 03-24T10:00:00 ticket-sla sweep

# t7: D leads, W co-handles; D's reply is bounced twice (a flag), then
# approved on time; W contacts and replies, D approves.
t7=$(mk s7 consultation 03-16)
at 03-16T10:00:00 ticket-route dispatch "$t7" --lead D --co W
at 03-16T11:00:00 ticket-route --actor D sign "$t7"
at 03-16T12:00:00 ticket-route --actor W sign "$t7"
at 03-17T09:00:00 ticket-reply --actor W contact "$t7" --method phone
at 03-17T09:00:00 ticket-reply --actor D "$t7" --text 已处理 --handler 王强 \
    --approver 李明 --contact phone 2>/dev/null || :
at 03-17T10:00:00 ticket-reply --actor D "$t7" $full
at 03-17T11:00:00 ticket-reply review "$t7" --bounce 答复不完整 2>/dev/null
at 03-17T12:00:00 ticket-reply --actor W "$t7" $full
at 03-17T13:00:00 ticket-reply --actor D review "$t7" --approve
answer D "$t7" 03-18T09:00:00 03-18T10:00:00

march='--from 2026-03-01 --to 2026-03-31'
fig='[.unit, .dispatched, .signed_in_time, .responded, .returned,
    .returned_late, .replied, .replied_on_time, .overdue, .extended,
    .bounced, .reopened, .callbacks, .answered, .satisfied, .resolved,
    .yellow, .red, .flags] | map(tostring) | join(" ")'

ticket-report units $march >march-before.jsonl
run ticket-report units $march
is "$rc:$(cat err)" "0:" "units runs clean"
is "$(jq -r "$fig" out)" "$(cat <<'END'
A 3 3 1 0 0 3 2 1 0 0 0 3 3 3 2 0 0 0
A-1 1 1 1 0 0 1 1 0 0 0 0 0 0 0 0 0 0 0
A-2 1 1 0 0 0 0 0 0 1 0 0 0 0 0 0 0 0 0
B 2 0 0 1 1 0 0 1 0 0 0 0 0 0 0 1 1 2
B-1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
D 2 2 1 0 0 2 2 0 0 2 1 1 1 1 1 0 0 1
W 1 1 1 0 0 1 1 0 0 0 0 0 0 0 0 0 0 0
END
)" "every count of every unit, each known by hand"
is "$(jq -c 'select(.unit == "A") | [.sign_rate, .response_rate,
    .ontime_rate, .callback_rate, .satisfaction_rate, .resolution_rate,
    .score]' out)" '[1,0.3333,0.6667,1,1,0.6667,78.3]' \
    "A's rates and its weighted score"
is "$(jq -c 'select(.unit == "D") | [.callback_rate, .score]' out)" \
    '[0.5,90]' "D: a reopened ticket is one callback ticket, one reply"
is "$(jq -c 'select(.unit == "B-1") | [.sign_rate, .score]' out)" \
    '[null,null]' "no denominator, no rate, no score"
is "$(jq -c 'select(.unit == "A-2") | .score' out)" '50' \
    "the score weighs only the rates a unit has"

# The level-2 roll-up: A-2's direct order joins A, A-1's sub-order does
# not count twice.
run ticket-report units $march --level 2
is "$(jq -r "$fig" out)" "$(cat <<'END'
A 4 4 1 0 0 3 2 1 1 0 0 3 3 3 2 0 0 0
B 2 0 0 1 1 0 0 1 0 0 0 0 0 0 0 1 1 2
D 2 2 1 0 0 2 2 0 0 2 1 1 1 1 1 0 0 1
W 1 1 1 0 0 1 1 0 0 0 0 0 0 0 0 0 0 0
END
)" "level 2 rolls level-3 units into their parent, once"
is "$(jq -c 'select(.unit == "A") | .score' out)" '77.5' "A's rolled-up score"
run ticket-report units $march --level 3
is "$(jq -r .unit out | tr '\n' ' ')" "A-1 A-2 B-1 " "level 3 alone"
run ticket-report units $march --unit D
is "$(jq -r .unit out)" "D" "one unit"

# Weights are settings.
printf 'report.weight.ontime = 100\nreport.weight.sign = 0\nreport.weight.response = 0\nreport.weight.callback = 0\nreport.weight.satisfaction = 0\nreport.weight.resolution = 0\n' >ticket.conf
run ticket-report units $march --unit A
is "$(jq -c .score out)" '66.7' "the weights come from the settings"
echo "$plain" >ticket.conf

# April: the approval at midnight, a new dispatch at midnight, and more.
at 04-01T00:00:00 ticket-reply review "$t5" --approve
t8=$(mk s8 consultation 03-31)
at 04-01T00:00:00 ticket-route dispatch "$t8" --lead W
at 04-02T10:00:00 ticket-sla sweep
cb 04-02T10:00:00 "$t7" unsatisfied no -O
run ticket-report units --from 2026-04-01 --to 2026-04-30 --unit A-2
is "$(jq -c '[.replied, .replied_on_time, .extended]' out)" '[1,1,0]' \
    "approved at 00:00:00 on April 1: April's, on time by the extended date"
run ticket-report units --from 2026-04-01 --to 2026-04-30 --unit W
is "$(jq -c '.dispatched' out)" '1' "dispatched at midnight: April's"
run ticket-report units --from 2026-04-01 --to 2026-04-30 --unit D
is "$(jq -c '[.reopened, .replied]' out)" '[1,0]' \
    "April's reopening counts in April, and no second reply"
ticket-report units $march >march-after.jsonl
is_file march-after.jsonl march-before.jsonl \
    "March's report is the same after April's events"

# Tables and CSV carry the same figures.
run ticket-report units $march --level 2 --format table
is "$(sed -n '1s/\(签收率\).*/\1/p' out)" \
    "单位  名称          派单  签收率" \
    "a table with Chinese headers aligned by display width"
is "$(sed -n 2p out | tr -s ' ' | cut -d ' ' -f 1-4)" "A 甲区人民政府 4 100.0%" \
    "a table row"
run ticket-report units $march --level 2 --format csv
is "$(sed -n 1p out | cut -d, -f1-6)" "unit,name,dispatched,sign_base,signed_in_time,sign_rate" \
    "CSV header: the JSON keys"
is "$(grep '^A,' out | cut -d, -f1-9)" "A,甲区人民政府,4,4,4,1.0000,4,1,0.2500" \
    "CSV row: shares to four places"
