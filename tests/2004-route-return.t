#!/bin/sh -e
# ticket-route return and review-return: the one-working-day window to
# the second, the platform's review, re-dispatch (改派).
. "$(dirname "$0")/lib.sh"
plan 18

network
# Dispatched Friday 2026-03-06 at 17:00: the window runs to the end of
# the next working day, Monday 2026-03-09.
export TICKET_NOW=2026-03-06T17:00:00+08:00
t1=$(mk r1)
t2=$(mk r2)
t3=$(mk r3)
ticket-route dispatch "$t1" "$t2" "$t3" --lead A >/dev/null

ret() {
	run ticket-route --actor A --now "$1" return "$2" --reason 不属本单位职责 \
	    --basis 《临江市城市管理条例》第十条 --approver 王区长
}
ret 2026-03-10T00:00:00+08:00 "$t1"
is "$rc" 1 "one second late: refused"
is "$(cat err)" "ticket-route: $t1: too late to return: the window closed at 2026-03-09T23:59:59+08:00" \
    "the window named"
is "$(q "select kind, unit from flag where ticket = '$t1'") $(q "select status from assignment where ticket = '$t1'")" \
    "late_return|A dispatched" "the late return is flagged (追责); the order is unchanged"
ret 2026-03-09T23:59:59+08:00 "$t1"
is "$(jq -r '.assignments[0].status' out)" "returning" \
    "at the last second: the return awaits review"
is "$(ticket-ls "$t1" | jq -c '.events[-1] | [.kind, .unit, .before, .after, .data.basis, .data.approver]')" \
    '["return","A","dispatched","returning","《临江市城市管理条例》第十条","王区长"]' \
    "the return event carries reason, basis and approver"
run ticket-route --actor A return "$t2" --reason 不属本单位职责
is "$rc $(cat err)" "2 ticket-route: return: needs --basis" "basis and approver required"

# Review: approve and re-dispatch to another unit.
export TICKET_NOW=2026-03-10T09:00:00+08:00
run ticket-route --actor A review-return "$t1" --approve --to B
is "$(cat err)" "ticket-route: $t1: only the platform may review a return" \
    "only the platform reviews"
run ticket-route review-return "$t1" --approve --to A
is "$(cat err)" "ticket-route: $t1: re-dispatch to another unit than \"A\"" \
    "not back to the same unit"
run ticket-route review-return "$t1" --approve --to B
is "$(jq -c '[.status, [.assignments[] | [.unit, .status, (.due_at // "-")]]]' out)" \
    '["dispatched",[["A","returned","2026-03-27T23:59:59+08:00"],["B","dispatched","2026-03-31T23:59:59+08:00"]]]' \
    "approved: returned, and re-dispatched with a fresh deadline"
is "$(ticket-ls "$t1" | jq -r '[.events[-2:][] | .kind + ":" + .unit] | join(" ")')" \
    "return_approved:A redispatch:B" "two events: the approval and the re-dispatch"
run ticket-route review-return "$t1" --deny 不同意
is "$(cat err)" "ticket-route: $t1: no return awaits review" "nothing left to review"

# Denied: back to the unit, which must sign.
ret 2026-03-09T10:00:00+08:00 "$t2"
run ticket-route review-return "$t2" --deny 属于属地管理职责
is "$(jq -r '.assignments[0].status' out)" "dispatched" "denied: back to the unit"
run ticket-route --actor A --now 2026-03-10T10:00:00+08:00 return "$t2" \
    --reason 再次退回 --basis 无 --approver 王区长
like "$(cat err)" "too late to return" "no second return after the window"
run ticket-route --actor A sign "$t2"
is "$(jq -r .status out)" "in_progress" "the unit signs"

# A signed order cannot be returned, nor can a unit return another's.
ticket-route --actor A sign "$t3" >/dev/null
ret 2026-03-09T10:00:00+08:00 "$t3"
is "$(cat err)" "ticket-route: $t3: the order of \"A\" is signed: only a dispatched order from the platform can be returned" \
    "a signed order is accepted"
run ticket-route --actor B --now 2026-03-09T10:00:00+08:00 return "$t3" \
    --reason x --basis y --approver z --unit A
is "$(cat err)" "ticket-route: $t3: unit \"B\" may not act on the order of \"A\"" \
    "another unit's order"
run ticket-route review-return "$t3" --approve
is "$rc" 2 "--approve needs --to"

# After a denial the order must be signed, even inside the window.
t4=$(mk r4)
ticket-route --now 2026-03-09T09:00:00+08:00 dispatch "$t4" --lead A >/dev/null
ret 2026-03-09T10:00:00+08:00 "$t4"
ticket-route --now 2026-03-09T11:00:00+08:00 review-return "$t4" --deny 属地职责 >/dev/null
ret 2026-03-09T12:00:00+08:00 "$t4"
is "$(cat err)" "ticket-route: $t4: the platform denied a return of this order: it must be signed" \
    "no second return after a denial"
