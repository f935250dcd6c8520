#!/bin/sh -e
# The city's 考核办法 as settings: a scripted March worked out by hand
# under the default rules, then each setting changed alone must change
# exactly the figures it names (ticket-report rules lists them); and the
# --explain lines of every figure add up to it.
. "$(dirname "$0")/lib.sh"
plan 18

network
at() {
	t=$1
	shift
	TICKET_NOW=2026-$t+08:00 "$@" >/dev/null
}
# new SOURCE CATEGORY DAY [OPTION...]
new() {
	_s=$1 _c=$2 _d=$3
	shift 3
	TICKET_NOW=2026-${_d}T09:00:00+08:00 ticket-new --source-id "$_s" \
	    --channel phone --category "$_c" --what 某事 --when 昨天 \
	    --where 某路 --who 某人 --process 无 --result 处理 "$@" \
	    2>/dev/null | jq -r .id
}
full='--text 已处理 --handler 王强 --phone 13812348000 --approver 李明'

# t1: a complaint, the caller's phone given; A's reply declares the
# contact by phone (no contact recorded before); satisfied, solved.
t1=$(new s1 complaint 03-02 --phone 13900000001)
at 03-02T10:00:00 ticket-route dispatch "$t1" --lead A
at 03-02T11:00:00 ticket-route --actor A sign "$t1"
at 03-03T09:00:00 ticket-reply --actor A "$t1" $full --contact phone
at 03-03T10:00:00 ticket-reply review "$t1" --approve
at 03-04T10:00:00 ticket-callback record "$t1" -R satisfied -v yes -m phone
# t2: a help request with no phone: no one can call back; A's reply
# declares a visit, no contact recorded before.
t2=$(new s2 help 03-02)
at 03-02T10:00:00 ticket-route dispatch "$t2" --lead A
at 03-02T11:00:00 ticket-route --actor A sign "$t2"
at 03-03T09:00:00 ticket-reply --actor A "$t2" $full --contact visit
at 03-03T10:00:00 ticket-reply review "$t2" --approve
# t3: a suggestion A returns (approved, to B); B answers, and the SMS
# answer says nothing of whether it was solved.
t3=$(new s3 suggestion 03-02 --phone 13900000003)
at 03-02T10:00:00 ticket-route dispatch "$t3" --lead A
at 03-02T11:00:00 ticket-route --actor A return "$t3" --reason 不属本区 \
    --basis 职责规定 --approver 赵
at 03-02T12:00:00 ticket-route review-return "$t3" --approve --to B
at 03-02T13:00:00 ticket-route --actor B sign "$t3"
at 03-02T14:00:00 ticket-reply --actor B contact "$t3" --method phone
at 03-03T09:00:00 ticket-reply --actor B "$t3" $full --contact phone
at 03-03T10:00:00 ticket-reply review "$t3" --approve
at 03-04T10:00:00 ticket-callback record "$t3" -R satisfied -m sms
# t4: a consultation A leads and W co-handles; W contacts.
t4=$(new s4 consultation 03-09 --phone 13900000004)
at 03-09T10:00:00 ticket-route dispatch "$t4" --lead A --co W
at 03-09T11:00:00 ticket-route --actor A sign "$t4"
at 03-09T11:00:00 ticket-route --actor W sign "$t4"
at 03-09T12:00:00 ticket-reply --actor W contact "$t4" --method phone
at 03-10T09:00:00 ticket-reply --actor W "$t4" $full --contact phone
at 03-10T10:00:00 ticket-reply --actor A review "$t4" --approve
at 03-10T11:00:00 ticket-reply --actor A "$t4" $full --contact none
at 03-10T12:00:00 ticket-reply review "$t4" --approve
at 03-11T10:00:00 ticket-callback record "$t4" -R basic -v partly -m phone
# t5: a complaint A never signs: a yellow card, then a red one.
t5=$(new s5 complaint 03-02 --phone 13900000005)
at 03-02T10:00:00 ticket-route dispatch "$t5" --lead A
at 03-23T09:00:00 ticket-sla sweep
at 03-24T10:00:00 ticket-sla sweep
# t6: a suggestion B answers on time; the caller refuses the callback.
t6=$(new s6 suggestion 03-16 --phone 13900000006)
at 03-16T10:00:00 ticket-route dispatch "$t6" --lead B
at 03-16T11:00:00 ticket-route --actor B sign "$t6"
at 03-17T09:00:00 ticket-reply --actor B "$t6" $full --contact phone
at 03-17T10:00:00 ticket-reply review "$t6" --approve
at 03-18T10:00:00 ticket-callback close "$t6" --reason 诉求人拒绝回访 --refused

march='--month 2026-03'
keys='[.dispatched, .sign_base, .signed_in_time, .response_base,
    .responded, .returned, .replied, .ontime_base, .replied_on_time,
    .overdue, .callback_base, .callbacks, .answered, .satisfied,
    .resolution_base, .resolved, .yellow, .red, .flags]'
# A by hand: 5 orders; t3's approved return leaves 签收率 (4), t5 never
# signed (3 on time); 响应率 over the help request t2 alone, contacted
# by its reply's declared visit; t1, t2, t4 replied on time; t5 overdue
# by its red card (and flagged); 回访率 over t1 and t4 (t2 has no phone);
# both satisfied, t1 alone solved (t4 partly).  Score: 10 x 0.75 + 10 +
# 30 + 10 + 25 + 15 x 0.5 = 90.  B: t3 from the return; its SMS answer
# asked nothing of the solution, so 解决率 has no denominator; t6, on time,
# leaves 回访率 by its refusal.  W: the
# co-order and its reply its own; callbacks are the lead's.
ticket-report units $march >default
is "$(jq -r "select(.dispatched > 0) | [.unit] + ($keys | map(tostring)) | join(\" \")" default)" \
    "A 5 4 3 1 1 1 3 3 3 1 2 2 2 2 2 1 1 1 1
B 2 2 2 0 0 0 2 2 2 0 1 1 1 1 0 0 0 0 0
W 1 1 1 0 0 0 1 1 1 0 1 0 0 0 0 0 0 0 0" \
    "every count under the default rules, known by hand"
is "$(jq -c 'select(.unit == "A") | [.sign_rate, .response_rate, .ontime_rate, .callback_rate, .satisfaction_rate, .resolution_rate, .deduction, .score]' default)" \
    '[0.75,1,1,1,1,0.5,0,90]' "A's rates and score"

# changed SETTING: the keys of any unit's figures that differ from the
# default's once SETTING alone is in the settings file
changed() {
	echo "$1" >ticket.conf
	ticket-report units $march >got
	: >ticket.conf
	jq -n --slurpfile a default --slurpfile b got \
	    '[range($a | length) as $i | $a[$i] | to_entries[] |
	    select(.value != ($b[$i][.key])) | .key] | unique | join(" ")' -r
}
is "$(changed 'report.count_returns = yes')" \
    "score sign_base sign_rate" \
    "count_returns: A's returned order back in 签收率's denominator"
is "$(changed 'report.reply_contact = no')" \
    "responded response_rate score" \
    "reply_contact: t2's reply no longer counts as A's contact"
is "$(changed 'report.contact_categories = complaint help')" \
    "responded response_base response_rate score" \
    "contact_categories: A's complaints join 响应率, t1 contacted by its reply"
is "$(changed 'report.count_uncallable = yes')" \
    "callback_base callback_rate score" \
    "count_uncallable: t2 without a phone back in 回访率's denominator"
is "$(jq -c 'select(.unit == "A" or .unit == "B") | [.unit, .callback_base, .callback_rate]' got)" \
    '["A",3,0.6667]
["B",2,0.5]' "count_uncallable: t6's refusal back in B's too"
is "$(changed 'report.count_unresolved = yes')" \
    "resolution_base resolution_rate score" \
    "count_unresolved: B's SMS answer counts as not solved"
is "$(changed 'report.score_co = no')" \
    "callback_base callback_rate dispatched ontime_base ontime_rate replied replied_on_time score sign_base sign_rate signed_in_time" \
    "score_co: W's co-order counts nowhere"
is "$(changed 'report.deduct.yellow = 2
report.deduct.red = 5')" "deduction score" "deductions: cards off A's score"
is "$(jq -c 'select(.unit == "A") | [.deduction, .score]' got)" '[7,83]' \
    "A: 2 for the yellow card, 5 for the red"
is "$(changed 'report.scale = 150')" "score" "the scale changes the score alone"

# The explain lines add up to each figure of A, B and W.
for u in A B W; do
	ticket-report units $march --explain $u >explain.$u
done
is "$(for u in A B W; do jq -r --arg u $u 'select(.unit == $u) | to_entries[] | select(.value | type == "number") | select(.key | test("rate|score|deduction|level") | not) | "\(.key) \(.value)"' default | while read k n; do
	m=$(jq -r --arg k "$k" 'select(.figure == $k and .counts) | .ticket' explain.$u | wc -l)
	[ "$m" = "$n" ] || echo "$u $k: $n, explained $m"
done; done)" "" "every figure is the number of lines that count in it"
run ticket-report units $march --explain A --figure ontime_rate
is "$(jq -r '[.figure, .ticket, .counts] | map(tostring) | join(" ")' out)" \
    "ontime_base $t1 true
replied_on_time $t1 true
ontime_base $t2 true
replied_on_time $t2 true
ontime_base $t4 true
replied_on_time $t4 true" "--figure: one figure's numerator and denominator"
run ticket-report units $march --explain B --figure callback_base
is "$(jq -r '[.ticket, .counts, .event, .at, .why] | map(tostring) | join(" ")' out)" \
    "$t3 true approve 2026-03-03T10:00:00+08:00 已办结，应回访
$t6 false close 2026-03-18T10:00:00+08:00 诉求人拒绝回访" \
    "--explain: the refusal, when and why"
run ticket-callback close "$t1" --reason x --refused --result satisfied
is "$rc:$(cat err)" "2:ticket-callback: close does not take --result" \
    "close takes --refused, not a result"
run ticket-report units $march --explain A --figure nonesuch
is "$rc:$(cat err)" '2:ticket-report: --figure: no figure "nonesuch"' \
    "an unknown figure"
run ticket-report units $march --explain Q
is "$rc:$(cat err)" '2:ticket-report: --explain: no such unit "Q"' \
    "an unknown unit"
