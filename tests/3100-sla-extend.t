#!/bin/sh -e
# ticket-sla extend, approve and deny (ticket-sla(1)): the window to the second,
# the total an order may be extended by, one request at a time, and the
# due date that approval moves.
. "$(dirname "$0")/lib.sh"
plan 30

network
# ext NOW ID [DAYS]: unit A asks at NOW
ext() {
	run ticket-sla --actor A --now "$1" extend "$2" --days "${3:-1}" \
	    --reason 需现场核查 --approver 王区长 --explained 已电话告知诉求人
}
due() {
	jq -r '.assignments[0].due_at' out
}

# Consultations dispatched Monday 2026-03-02 10:00: due Wednesday
# 2026-03-04; the window closes at the end of Tuesday.
tickets A consultation c1 c2 c3

ext 2026-03-04T00:00:00+08:00 "$c1"
is "$rc:$(cat out)" "1:" "one second after the window: refused, nothing printed"
is "$(cat err)" "ticket-sla: $c1: too late to ask for an extension: the window closed at 2026-03-03T23:59:59+08:00" \
    "the window named"
is "$(q "SELECT count(*) FROM extension")" 0 "a refusal writes nothing"
ext 2026-03-03T23:59:59+08:00 "$c1"
is "$rc:$(due)" "0:2026-03-04T23:59:59+08:00" \
    "at the window's last second: asked; the due date stays until approval"
is "$(ticket-ls "$c1" | jq -c '.events[-1] | [.actor, .kind, .unit, .before, .after, .data]')" \
    '["A","extension_asked","A",null,"pending",{"days":1,"reason":"需现场核查","approver":"王区长","explained":"已电话告知诉求人","due_at":"2026-03-04T23:59:59+08:00"}]' \
    "the request's event: reason, approver, what the citizen was told"
ext 2026-03-03T12:00:00+08:00 "$c1"
is "$(cat err)" "ticket-sla: $c1: an extension of this order awaits a decision" \
    "one request at a time"

export TICKET_NOW=2026-03-04T09:00:00+08:00
run ticket-sla --actor A approve "$c1"
is "$rc:$(cat err)" "1:ticket-sla: $c1: only the platform may decide on an extension" \
    "a unit does not approve its own request"
run ticket-sla approve "$c1"
is "$rc:$(due)" "0:2026-03-05T23:59:59+08:00" \
    "approved: the due date moves one working day on"
is "$(ticket-ls "$c1" | jq -c '.events[-1] | [.actor, .kind, .unit, .before, .after, .data]')" \
    '["platform","extension_approved","A","pending","approved",{"days":1,"old_due":"2026-03-04T23:59:59+08:00","new_due":"2026-03-05T23:59:59+08:00"}]' \
    "the approval's event, old and new due dates"
run ticket-sla approve "$c1"
is "$rc:$(cat out):$(cat err)" "1::ticket-sla: $c1: no extension awaits a decision" \
    "approving twice: refused"
is "$(q "SELECT status, days, old_due, new_due, decider FROM extension")" \
    "approved|1|1772639999|1772726399|platform" "the request as stored"

# The total: the extensions of an order may add up to its limit (2).
ext 2026-03-04T12:00:00+08:00 "$c1" 2
is "$(cat err)" "ticket-sla: $c1: 2 working days asked: extensions may total the limit of 2, and 1 are granted" \
    "past the total: refused"
ext 2026-03-04T12:00:00+08:00 "$c1" 1
run ticket-sla approve "$c1"
is "$(due)" "2026-03-06T23:59:59+08:00" "up to the total: granted"
ext 2026-03-05T12:00:00+08:00 "$c1" 1
like "$(cat err)" "1 working days asked: extensions may total the limit of 2, and 2 are granted" \
    "nothing beyond it"
ext 2026-03-03T12:00:00+08:00 "$c2" 3
is "$(cat err)" "ticket-sla: $c2: 3 working days asked: extensions may total the limit of 2, and 0 are granted" \
    "one request longer than the limit"

# Denied: the due date stays.
ext 2026-03-03T12:00:00+08:00 "$c2" 2
run ticket-sla deny "$c2" --reason 理由不充分
is "$rc:$(due)" "0:2026-03-04T23:59:59+08:00" "denied: the due date stays"
is "$(ticket-ls "$c2" | jq -c '.events[-1] | [.kind, .before, .after, .data]')" \
    '["extension_denied","pending","denied",{"days":2,"reason":"理由不充分"}]' \
    "the denial's event"
run ticket-sla deny "$c2" --reason 再次
is "$(cat err)" "ticket-sla: $c2: no extension awaits a decision" \
    "a decided request is not decided again"

# The window over a weekend: due Monday, closed at the end of Friday.
t4=$(mk c4 consultation)
ticket-route --now 2026-03-05T10:00:00+08:00 dispatch "$t4" --lead A >/dev/null
ext 2026-03-07T09:00:00+08:00 "$t4"
is "$(cat err)" "ticket-sla: $t4: too late to ask for an extension: the window closed at 2026-03-06T23:59:59+08:00" \
    "due Monday: the window closed with Friday"

# Urgent orders, sub-orders, other units' orders.
t5=$(mk c5 complaint --urgent)
ticket-route --now 2026-03-02T08:00:00+08:00 dispatch "$t5" --lead A >/dev/null
ext 2026-03-02T09:00:00+08:00 "$t5"
is "$(cat err)" "ticket-sla: $t5: an urgent order cannot be extended" "urgent"
run ticket-sla --actor B --now 2026-03-03T09:00:00+08:00 extend "$c3" --days 1 \
    --reason x --approver y --explained z --unit A
is "$(cat err)" "ticket-sla: $c3: unit \"B\" may not act on the order of \"A\"" \
    "another unit's order"

# A complaint with a co-unit and a sub-order: dispatched 2026-03-02,
# due 2026-03-23; the sub-order due with it moves with it.
t6=$(mk c6 complaint)
ticket-route --now 2026-03-02T10:00:00+08:00 dispatch "$t6" --lead A --co B >/dev/null
ticket-route --actor A --now 2026-03-02T11:00:00+08:00 subdispatch "$t6" --to A-1 >/dev/null
run ticket-sla --actor A --now 2026-03-10T09:00:00+08:00 extend "$t6" \
    --unit A-1 --days 5 --reason x --approver y --explained z
is "$(cat err)" "ticket-sla: $t6: a sub-order is due when its level-2 unit says: it is not extended" \
    "a sub-order is not extended"
ext 2026-03-10T09:00:00+08:00 "$t6" 5
run ticket-sla --actor B --now 2026-03-10T09:00:00+08:00 extend "$t6" \
    --days 3 --reason x --approver y --explained z
run ticket-sla --now 2026-03-11T09:00:00+08:00 approve "$t6"
is "$(cat err)" "ticket-sla: $t6: extensions of several units await a decision: name one with --unit" \
    "two requests on one ticket: which one?"
echo "{\"id\":\"$t6\"}" | run ticket-sla --now 2026-03-11T09:00:00+08:00 approve --unit A
is "$(jq -c '[.assignments[] | .unit + " " + .due_at]' out)" \
    '["A 2026-03-30T23:59:59+08:00","B 2026-03-23T23:59:59+08:00","A-1 2026-03-30T23:59:59+08:00"]' \
    "from stdin, --unit A: A and its sub-order move five working days"
is "$(ticket-ls "$t6" | jq -c '.events[-1] | [.kind, .unit, .data]')" \
    '["due_moved","A-1",{"with":"A","old_due":"2026-03-23T23:59:59+08:00","new_due":"2026-03-30T23:59:59+08:00"}]' \
    "the sub-order's own event"
run ticket-sla --now 2026-03-11T09:00:00+08:00 deny "$t6" --reason 不予延期
is "$rc:$(jq -r '.assignments[1].due_at' out)" "0:2026-03-23T23:59:59+08:00" \
    "the remaining request, denied"

# Usage.
run ticket-sla --actor A extend "$c3" --days 1 --reason x --approver y
is "$rc:$(cat err)" "2:ticket-sla: extend: needs --explained" \
    "what the citizen was told is required"
run ticket-sla --actor A extend "$c3" --days 0 --reason x --approver y --explained z
is "$rc:$(cat err)" '2:ticket-sla: --days: not a number of working days from 1 to 1000: "0"' \
    "--days 0"
run ticket-sla deny "$c3" --reason ''
is "$rc:$(cat err)" "2:ticket-sla: deny: needs --reason" "an empty reason"
run ticket-sla approve "$c3" --days 1
is "$rc" 2 "an option approve does not take"
