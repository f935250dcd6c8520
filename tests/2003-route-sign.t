#!/bin/sh -e
# ticket-route sign and subdispatch: who may act on an order, the
# contact limit of help requests, sub-orders inside one's own tree.
. "$(dirname "$0")/lib.sh"
plan 21

network
t1=$(mk s1 help)
ticket-route dispatch "$t1" --lead A --co B >/dev/null

run ticket-route --actor B sign "$t1"
is "$(jq -c '[.status, [.assignments[] | .unit + ":" + .status]]' out)" \
    '["dispatched",["A:dispatched","B:signed"]]' \
    "a co-unit signs: the ticket waits for its lead"
TICKET_NOW=2026-03-02T16:30:00+08:00 run ticket-route --actor A sign "$t1"
is "$(jq -c '[.status, .assignments[0].status, .assignments[0].signed_at, .assignments[0].contact_due_at]' out)" \
    '["in_progress","signed","2026-03-02T16:30:00+08:00","2026-03-03T23:59:59+08:00"]' \
    "the lead signs: in progress; help: contact within 1 working day"
is "$(ticket-ls "$t1" | jq -c '.events[-1] | [.kind, .unit, .before, .after, .data]')" \
    '["sign","A","dispatched","signed",{"contact_due_at":"2026-03-03T23:59:59+08:00","ticket":{"before":"dispatched","after":"in_progress"}}]' \
    "the sign event, with the ticket's change"
run ticket-route --actor A sign "$t1"
is "$(cat err)" "ticket-route: $t1: the order of \"A\" is signed, not dispatched" \
    "signing twice is refused"
run ticket-route --actor D sign "$t1"
is "$(cat err)" "ticket-route: $t1: no order for unit \"D\"" \
    "a unit with no order"
run ticket-route --actor B sign "$t1" --unit A
is "$(cat err)" "ticket-route: $t1: unit \"B\" may not act on the order of \"A\"" \
    "a unit acting on another unit's order"
run ticket-route sign "$t1" --unit A
is "$rc" 1 "the platform does not sign for a unit"

# Sub-dispatch: a level-2 unit to one of its own level-3 units.
t2=$(mk s2 complaint)
ticket-route dispatch "$t2" --lead A >/dev/null
run ticket-route --actor A subdispatch "$t2" --to B-1
is "$(cat err)" "ticket-route: $t2: unit \"B-1\" is not one of \"A\"'s own" \
    "outside one's own tree"
run ticket-route --actor A subdispatch "$t2" --to A-1 --due 2026-03-30T00:00:00+08:00
is "$(cat err)" "ticket-route: $t2: a sub-order cannot be due after its order (2026-03-23T23:59:59+08:00)" \
    "not due after the order"
run ticket-route --actor A subdispatch "$t2" --to A-1
is "$(jq -c '[.assignments[] | [.unit, .parent // "-", .status, .due_at]]' out)" \
    '[["A","-","dispatched","2026-03-23T23:59:59+08:00"],["A-1","A","dispatched","2026-03-23T23:59:59+08:00"]]' \
    "the sub-order is due with its order"
run ticket-route --actor A subdispatch "$t2" --to A-2 --due 2026-03-10T18:00:00+08:00
is "$(jq -r '.assignments[2].due_at' out)" "2026-03-10T18:00:00+08:00" \
    "or earlier, when the unit says so"
run ticket-route --actor A-1 subdispatch "$t2" --to A-2
is "$(cat err)" "ticket-route: $t2: unit \"A-2\" is not one of \"A-1\"'s own" \
    "a level-3 unit has no units of its own"

# The level-2 unit signs for its level-3 unit; a stranger may not.
run ticket-route --actor A sign "$t2" --unit A-1
is "$(jq -r '.assignments[1].status' out)" "signed" \
    "the parent signs for its level-3 unit"
run ticket-route --actor B sign "$t2" --unit A-2
is "$(cat err)" "ticket-route: $t2: unit \"B\" may not act on the order of \"A-2\"" \
    "another level-2 unit may not"
run ticket-route --actor A-2 sign "$t2"
is "$(jq -c '[.status, .assignments[2].status]' out)" '["dispatched","signed"]' \
    "a sub-order's signature leaves the ticket waiting for the lead"
run ticket-route --actor A sign "$t2"
is "$(jq -r .status out)" "in_progress" "the lead's own signature"
is "$(q "select count(*) from event where ticket = '$t2'")" 7 \
    "every action an event: intake, dispatch, 2 subdispatch, 3 signs"

# The platform does not act on units' orders; one unit, one live order.
t3=$(mk s3 complaint)
ticket-route dispatch "$t3" --lead A >/dev/null
run ticket-route sign "$t3" --unit A
is "$(cat err)" "ticket-route: $t3: unit \"platform\" may not act on the order of \"A\"" \
    "the platform does not sign for a unit"
run ticket-route dispatch "$(mk s4 complaint)" --lead A --co A
like "$(cat err)" 'unit "A" named twice$' "a unit named twice"
ticket-route --actor A subdispatch "$t3" --to A-1 >/dev/null
run ticket-route --actor A subdispatch "$t3" --to A-1
like "$(cat err)" 'unit "A-1" already holds a lead order$' "no second sub-order to one unit"
run ticket-route --actor A subdispatch "$t3" --to A-2 --due 2026-03-01T00:00:00+08:00
like "$(cat err)" 'cannot be due in the past$' "a sub-order due in the past"
