#!/bin/sh -e
# ticket-route: the platform's actions (dispatch, answer, direct,
# escalate, instruct) and who may take them.
. "$(dirname "$0")/lib.sh"
plan 22

network
ticket-kb import "$data/kb-good.csv" >/dev/null
mk() {
	ticket-new --source-id "$1" --channel phone --category "$2" \
	    --what "$3" --when 昨天 --where 某路 --who 某人 --process 无 \
	    --result 处理 2>/dev/null | jq -r .id
}

t1=$(mk a1 complaint 路灯不亮)
run ticket-route dispatch "$t1" --lead A --co B,D --cc W
is "$rc" 0 "dispatch: exit 0"
is "$(jq -c '[.status, .mode, [.assignments[] | [.unit, .role, .status, (.due_at // "-")]]]' out)" \
    '["dispatched","transfer",[["A","lead","dispatched","2026-03-23T23:59:59+08:00"],["B","co","dispatched","2026-03-23T23:59:59+08:00"],["D","co","dispatched","2026-03-23T23:59:59+08:00"],["W","cc","copied","-"]]]' \
    "a lead and co-units with the deadline, a copy without"
is "$(ticket-ls "$t1" | jq -c '.events[1] | [.kind, .before, .after, .data]')" \
    '["dispatch","new","dispatched",{"lead":["A"],"co":["B","D"],"cc":["W"]}]' \
    "the dispatch event"

run ticket-route dispatch "$t1" --lead B
is "$(cat err)" "ticket-route: $t1: ticket is dispatched (已转办)" \
    "dispatching twice is refused"
t2=$(mk a2 complaint 噪音)
run ticket-route --actor A dispatch "$t2" --lead B
is "$(cat err)" "ticket-route: $t2: only the platform may dispatch" \
    "only the platform dispatches"
run ticket-route dispatch "$t2" --lead NOPE
is "$(cat err)" "ticket-route: $t2: no such unit \"NOPE\"" "an unknown unit"
run ticket-route dispatch "$t2" --lead X
is "$(cat err)" "ticket-route: $t2: unit \"X\" is inactive" "an inactive unit"
run ticket-route dispatch "$t2" --lead platform
is "$(cat err)" "ticket-route: $t2: the platform cannot be assigned work" \
    "the platform is not a handling unit"
is "$(q "select count(*) from assignment where ticket = '$t2'") $(q "select count(*) from event where ticket = '$t2'")" \
    "0 1" "refusals record nothing"
run ticket-route --actor NOPE dispatch "$t2" --lead A
is "$rc $(cat err)" '2 ticket-route: --actor: no such unit "NOPE"' \
    "an unknown actor: usage"
run ticket-route --actor platform/张三 dispatch "$t2" --lead A
is "$(jq -r .status out) $(q "select actor from event where kind = 'dispatch' and ticket = '$t2'")" \
    "dispatched platform/张三" "a person of the platform; the event names them"

# Answers, from the knowledge base or in words.
t3=$(mk a3 consultation 公积金怎么提取)
run ticket-route answer "$t3" --kb GJJ-01
is "$(jq -c '[.status, .mode, .answer.kb]' out)" '["answered","answer","GJJ-01"]' \
    "answer from the knowledge base"
t4=$(mk a4 consultation 问路)
run ticket-route answer "$t4" --kb GJJ-OLD
is "$(cat err)" "ticket-route: $t4: knowledge base entry \"GJJ-OLD\" has expired" \
    "an expired entry is refused"
run ticket-route answer "$t4" --text '请乘2路公交'
is "$(jq -c '[.status, .answer.text]' out)" '["answered","请乘2路公交"]' \
    "answer in the operator's words"
run ticket-route dispatch "$t4" --lead A
is "$(cat err)" "ticket-route: $t4: ticket is answered (直接答复)" \
    "an answered ticket is not dispatched"

# Direct (三方通话).
t5=$(mk a5 help 停水)
run ticket-route direct "$t5" --unit W --text '三方通话，水务集团称两小时内恢复供水'
is "$(jq -c '[.status, .mode, .direct.unit]' out)" '["answered","direct","W"]' \
    "direct: settled in the call"

# Escalate, instruct, then dispatch as a major matter.
t6=$(mk a6 complaint 群体性欠薪)
ticket-route escalate "$t6" --opinion '涉及人数多，建议呈市领导' >/dev/null
run ticket-route dispatch "$t6" --lead A
is "$(cat err)" "ticket-route: $t6: awaits a leader's instruction (instruct)" \
    "escalated: no dispatch before the instruction"
run ticket-route instruct "$t6" --leader 李市长 --text '请人社局牵头，三日内处理'
is "$(jq -c '[.status, .major, .instruction.leader, .opinion.text]' out)" \
    '["escalated",true,"李市长","涉及人数多，建议呈市领导"]' "the instruction recorded"
run ticket-route dispatch "$t6" --lead D
is "$(jq -c '[.status, .major, .instruction.text, .assignments[0].unit]' out)" \
    '["dispatched",true,"请人社局牵头，三日内处理","D"]' \
    "dispatched with the instruction attached, major"

# Options and ids from stdin.
run ticket-route dispatch "$t5"
is "$rc $(cat err)" "2 ticket-route: dispatch: needs --lead" "a missing option"
t7=$(mk a7 complaint 违建)
t8=$(mk a8 complaint 违建)
run sh -c "printf '{\"id\":\"%s\"}\n{\"id\":\"%s\"}\n{\"x\":1}\n' $t7 $t8 | ticket-route dispatch --lead A"
is "$(jq -r .id out | tr '\n' ' ')" "$t7 $t8 " "ids from JSON lines on stdin"
is "$(cat err)" 'ticket-route: stdin:3: no "id"' "a line without an id"
