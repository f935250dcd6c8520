#!/bin/sh -e
# ticket-route auto: the first matching rule routes each new ticket; what
# no rule matches stays new, flagged unrouted.
. "$(dirname "$0")/lib.sh"
plan 12

network rules

# mk SOURCE CATEGORY TOPIC AREA WHAT
mk() {
	printf '{"source_id":"%s","channel":"phone","category":"%s","topic":"%s","area":"%s","facts":{"when":"昨天","where":"某路","who":"某人","what":"%s","process":"无","result":"处理"}}\n' "$@"
}
{
	mk s1 complaint 生态环境/噪声污染 乙区 工地夜间噪音
	mk s2 help 公用事业/供水 甲区 整栋楼停水
	mk s3 consultation 交通运输/出租车 甲区 出租车上遗失钱包
	mk s4 complaint 城乡建设/物业管理 丙区 组织集体上访
	mk s5 consultation 教育/入学政策 丙区 咨询入学
	mk s6 suggestion 城乡建设/市政设施 甲区 建议修路
} >a.jsonl
ticket-new a.jsonl >new.jsonl 2>/dev/null
run sh -c 'ticket-route auto <new.jsonl'
is "$rc" 0 "auto: exit 0"
is "$(jq -r '[.source_id, .status, ([.assignments[] | .unit + "/" + .role] | join(","))] | join(" ")' out | tr '\n' ';')" \
    "s1 dispatched B/lead,D/co;s2 dispatched W/lead,A/co,B/co;s3 new ;s4 escalated ;s5 new ;s6 dispatched D/lead;" \
    "transfer with co-units, direct proposed, escalated, unrouted, priority over area"
is "$(jq -c 'select(.source_id == "s3") | [.mode, .proposal]' out)" \
    '["direct",{"mode":"direct","unit":"A"}]' "direct: proposed for a three-way call"
is "$(jq -c 'select(.source_id == "s4") | [.major, .opinion.text]' out)" \
    '[true,"按派单规则 '"$data"'/route-rules.csv:6 呈办，拟由 D 主办"]' \
    "escalate: major, with the rule's proposal as the opinion"
is "$(jq -c 'select(.source_id == "s5") | .unrouted' out)" "true" "unrouted flagged"

# The deadline: complaint 15 working days from 2026-03-02 10:00 (Monday).
is "$(jq -r 'select(.source_id == "s1") | .assignments[0].due_at' out)" \
    "2026-03-23T23:59:59+08:00" "due at the end of the 15th working day"
is "$(jq -r 'select(.source_id == "s2") | .assignments[0].due_at' out)" \
    "2026-03-09T23:59:59+08:00" "help: 5 working days"

# The rule is in the event.
id=$(jq -r 'select(.source_id == "s1") | .id' out)
is "$(ticket-ls "$id" | jq -r '.events[1] | .kind + " " + .data.by.rule' | sed 's|.*/||')" \
    "route-rules.csv:4" "the dispatch event names the rule" 

# A second run: nothing is new any more but the unrouted one.
run sh -c 'ticket-route auto <new.jsonl'
is "$rc" 1 "again: the routed ones are refused"
is "$(grep -c 'ticket is' err)" 4 "each named: not new; the proposed one waits quietly"
run sh -c 'ticket-route --actor A auto <new.jsonl'
is "$(head -n 1 err | sed 's/.*: //')" "only the platform may route" \
    "only the platform routes"
run ticket-route --actor A rules import "$data/route-rules.csv"
is "$rc $(cat err)" "2 ticket-route: only the platform may import rules" \
    "only the platform imports rules"
