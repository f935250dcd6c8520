#!/bin/sh -e
# ticket-ls --queue: the platform's queues, each the tickets waiting on
# it for one thing, with the listing's order, limit and filters.
. "$(dirname "$0")/lib.sh"
plan 12

network rules
full='--text 已处理 --handler 王强 --phone 13812348000 --approver 李明 --contact phone'
# call SOURCE TOPIC: a complaint from one caller about 甲区
call() {
	printf '{"source_id":"%s","channel":"phone","category":"complaint","topic":"%s","area":"甲区","caller":{"phone":"13900001111"},"facts":{"what":"某事","when":"昨天","where":"某路","who":"某人","process":"无","result":"处理"}}\n' \
	    "$1" "$2" | ticket-new 2>/dev/null | jq -r .id
}
R=$(mk R); signed "$R" A
ticket-reply --actor A "$R" $full >/dev/null
T=$(mk T); ticket-route dispatch "$T" --lead A >/dev/null
ticket-route --actor A return "$T" --reason 不属本单位职责 --basis 三定方案 \
    --approver 王区长 >/dev/null
X=$(mk X); signed "$X" B
ticket-sla --actor B extend "$X" --days 5 --reason 需现场核查 \
    --approver 王区长 --explained 已告知 >/dev/null
E=$(mk E); ticket-route escalate "$E" --opinion 涉及多部门 >/dev/null
C=$(mk C); handled "$C" A
U=$(printf '{"source_id":"U","channel":"web","category":"consultation","topic":"教育/入学政策","area":"丙区","facts":{"what":"咨询入学"}}\n' |
    ticket-new 2>/dev/null | jq -r .id)
ticket-route auto "$U" >/dev/null
D1=$(call D1 环保)
D2=$(call D2 环保)
# A written message screening takes for an emergency, awaiting an agent.
S=$(printf '{"source_id":"S","channel":"web","category":"help","facts":{"what":"楼下着火了，火很大","when":"现在","where":"某路","who":"某人","process":"浓烟很大","result":"请派消防"}}\n' |
    ticket-new 2>/dev/null | jq -r .id)
# A withdrawn or approved return is in no queue: T2's return denied.
T2=$(mk T2); ticket-route dispatch "$T2" --lead B >/dev/null
ticket-route --actor B return "$T2" --reason 不属本单位职责 --basis 三定方案 \
    --approver 王区长 >/dev/null
ticket-route review-return "$T2" --deny 属于本单位职责 >/dev/null

queue() {
	ticket-ls "$@" | jq -r .source_id | paste -sd' '
}
is "$(queue --queue review)" "R" "review: the replies awaiting review"
is "$(queue --queue returns)" "T" "returns: the returns awaiting a decision, not the one decided"
is "$(queue --queue extensions)" "X" "extensions: the extensions asked"
is "$(queue --queue escalated)" "E" "escalated: awaiting a leader's instruction"
is "$(queue --queue unrouted)" "U" "unrouted: no rule matched"
is "$(queue --queue callbacks)" "C" "callbacks: replied, awaiting the callback"
is "$(queue --queue duplicates)" "D2" "duplicates: the repeat calls intake linked"
is "$(queue --duplicates)" "D2" "--duplicates is --queue duplicates"
is "$(queue --queue suspect)" "S" "suspect: the suspected emergencies"
is "$(queue -q review -c help)" "" "with the other filters"
is "$(queue -q escalated,review 2>&1)" \
    'ticket-ls: --queue: expected review, returns, extensions, escalated, unrouted, callbacks, duplicates or suspect, not "escalated,review"' \
    "one queue a time"
run ticket-ls --queue review --duplicates
is "$rc:$(cat err)" "2:ticket-ls: --duplicates is --queue duplicates: one queue at a time" \
    "--duplicates with --queue"
