#!/bin/sh -e
# ticket-route reassign, withdraw and add (改派, 撤回, 增派): an order
# withdrawn with its sub-orders, no penalty unless the platform says so,
# no card once withdrawn; the new order's clock from its own dispatch;
# co-units and copies added after dispatch; a replied or withdrawn
# order refused, nothing written.
. "$(dirname "$0")/lib.sh"
plan 18

network
full='--text 已处理 --handler 王强 --phone 025-84561234 --approver 李明 --contact phone'
# Monday 2026-03-02 10:00: consultations due Wednesday 2026-03-04.
tickets A consultation t1 t2 t3
t4=$(mk t4 consultation)
ticket-route dispatch "$t4" --lead A >/dev/null
ticket-route --actor A sign "$t1" "$t2" "$t3" >/dev/null
ticket-route --actor A subdispatch "$t3" --to A-1 >/dev/null
ticket-reply --actor A "$t2" $full >/dev/null

export TICKET_NOW=2026-03-04T10:00:00+08:00
run ticket-route reassign "$t1" --unit A --to W --reason 属供水管网
is "$rc:$(cat err)" "0:" "reassigned"
is "$(jq -c '[.status, [.assignments[] | [.unit, .role, .status, .dispatched_at, .due_at]]]' out)" \
    '["in_progress",[["A","lead","withdrawn","2026-03-02T10:00:00+08:00","2026-03-04T23:59:59+08:00"],["W","lead","dispatched","2026-03-04T10:00:00+08:00","2026-03-06T23:59:59+08:00"]]]' \
    "A's order withdrawn; W's due two working days from its own dispatch"
is "$(ev "$t1" '[.events[-2:][] | [.kind, .unit, .before, .after, .data]]')" \
    '[["withdraw","A","signed","withdrawn",{"reason":"属供水管网","penalty":false,"to":"W"}],["redispatch","W",null,"dispatched",{"from":"A","role":"lead","reason":"属供水管网"}]]' \
    "two events: the withdrawal and the reassignment"
run ticket-route reassign "$t3" --unit A --to B --reason 属乙区 --penalty
is "$(jq -c '[.assignments[] | .unit + ":" + .status]' out)" \
    '["A:withdrawn","A-1:withdrawn","B:dispatched"]' "the sub-order goes with its order"
is "$(q "select unit || ':' || kind from flag where ticket = '$t3'")" \
    "A:withdrawn" "--penalty: the unit is flagged"
is "$(q "select count(*) from flag where ticket = '$t1'")" 0 "no penalty unless said"

# The sweep after Wednesday: no card for what was withdrawn.
ticket-sla --now 2026-03-05T00:00:00+08:00 sweep >/dev/null
is "$(q "select ticket || ':' || unit || ':' || color from card order by ticket" | paste -sd' ')" \
    "$t4:A:red" "a withdrawn order gets no card; a live one, not signed, does"

# Co-units and copies after dispatch; one withdrawn.
run ticket-route add "$t1" --co B --cc D,A-2
is "$(jq -c '[.assignments[] | [.unit, .role, .status, .due_at]]' out)" \
    '[["A","lead","withdrawn","2026-03-04T23:59:59+08:00"],["W","lead","dispatched","2026-03-06T23:59:59+08:00"],["B","co","dispatched","2026-03-06T23:59:59+08:00"],["D","cc","copied",null],["A-2","cc","copied",null]]' \
    "a co-unit due from now, copies"
is "$(ev "$t1" '.events[-1] | [.kind, .data]')" '["add",{"co":["B"],"cc":["D","A-2"]}]' \
    "the add event"
run ticket-route withdraw "$t1" --unit D --reason 无需抄送
is "$(jq -r '.assignments[3].status' out)" withdrawn "a copy withdrawn"
run ticket-route withdraw "$t1" --unit B --reason 无需协办
is "$(jq -r '.assignments[2].status' out)" withdrawn "a co-unit withdrawn"

# Refused: one line each, nothing written.
before=$(q "select count(*) from event; select group_concat(status) from assignment" | md5sum)
run ticket-route reassign "$t2" --unit A --to B --reason x
is "$rc:$(cat err)" \
    "1:ticket-route: $t2: the order of \"A\" is replied, not dispatched or signed or returning or copied" \
    "a replied order"
run ticket-route reassign "$t1" --unit A --to B --reason x
is "$(cat err)" \
    "ticket-route: $t1: the order of \"A\" is withdrawn, not dispatched or signed or returning or copied" \
    "an order already withdrawn"
run ticket-route withdraw "$t1" --unit W --reason x
is "$(cat err)" \
    "ticket-route: $t1: the lead's order is not withdrawn alone: reassign it to another unit" \
    "the lead is reassigned, not left without one"
run ticket-route reassign "$t1" --unit W --to A-2 --reason x
is "$(cat err)" "ticket-route: $t1: unit \"A-2\" already holds a cc order" \
    "not to a unit holding one"
run ticket-route add "$t1"
is "$rc:$(cat err)" "2:ticket-route: add: needs --co or --cc" "add names a unit"
run ticket-route --actor A withdraw "$t1" --unit W --reason x
is "$(cat err)" "ticket-route: $t1: only the platform may withdraw an order" \
    "a unit does not withdraw"
is "$(q "select count(*) from event; select group_concat(status) from assignment" | md5sum)" \
    "$before" "nothing written by any of them"
