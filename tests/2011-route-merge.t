#!/bin/sh -e
# ticket-route merge and split (并单, 拆分): a duplicate's live orders and
# copies withdrawn without penalty and given no card, its link to the
# master; each merged caller answered by the master's reply and called
# back on their own; merges into itself, a closed or merged ticket, or
# in a cycle refused, nothing written.
. "$(dirname "$0")/lib.sh"
plan 24

network
full='--text 已处理 --handler 王强 --phone 025-84561234 --approver 李明 --contact phone'
# call SOURCE-ID PHONE: a consultation phoned in; its id
call() {
	mk "$1" consultation --phone "$2"
}
m=$(call m 13800000001)
d1=$(call d1 13800000002)
d2=$(call d2 13800000003)
signed "$m" A
ticket-route dispatch "$d1" --lead B --co D --cc W >/dev/null
ticket-route --actor B sign "$d1" >/dev/null

run ticket-route merge "$d1" --into "$m" --reason 同一爆管
is "$rc:$(cat err)" "0:" "merged"
is "$(jq -c '[.status, .merged_into, [.assignments[] | .unit + ":" + .status]]' out)" \
    "[\"merged\",\"$m\",[\"B:withdrawn\",\"D:withdrawn\",\"W:withdrawn\"]]" \
    "the duplicate merged, linked, its orders and copy withdrawn"
is "$(ev "$d1" '.events[-1] | [.kind, .before, .after, .data]')" \
    "[\"merge\",\"in_progress\",\"merged\",{\"reason\":\"同一爆管\",\"into\":\"$m\",\"withdrawn\":[\"B\",\"D\",\"W\"]}]" \
    "one merge event naming the master and what was withdrawn"
is "$(q "select count(*) from flag")" 0 "no penalty to the units"
run ticket-route merge "$d2" --into "$m" --reason 同一爆管
is "$(jq -r .status out)" merged "a new ticket merges too"

# The sweep past the consultations' due date: the master's order only.
ticket-sla --now 2026-03-05T00:00:00+08:00 sweep >/dev/null
is "$(q "select ticket || ':' || unit || ':' || color from card")" \
    "$m:A:red" "a withdrawn order gets no card"

# merged: the month's 并单 figure
merged() {
	ticket-report summary --month 2026-03 | jq -r 'select(.key == "merged") | .count'
}
is "$(merged)" 2 "both count as merged"

# Split while it waits for its master: new again, to be routed.
run ticket-route split "$d2" --reason 并非同一事项
is "$(merged)" 1 "a split ticket no longer counts as merged"
is "$(jq -c '[.status, .merged_into]' out)" '["new",null]' "split: new, unlinked"
is "$(ev "$d2" '.events[-1] | [.kind, .before, .after, .data]')" \
    "[\"split\",\"merged\",\"new\",{\"reason\":\"并非同一事项\",\"from\":\"$m\"}]" \
    "the split event"
ticket-route merge "$d2" --into "$m" --reason 同一爆管 >/dev/null

# Bad merges: one line each, nothing written.
c=$(call c 13800000009)
handled "$c" A
ticket-callback record "$c" --result satisfied --resolved yes --method phone >/dev/null
n=$(call n 13800000010)
before=$(q "select count(*) from event; select group_concat(status) from ticket" | md5sum)
run ticket-route merge "$n" --into "$n" --reason x
is "$rc:$(cat err)" "1:ticket-route: $n: cannot merge a ticket into itself" "into itself"
run ticket-route merge "$n" --into "$c" --reason x
is "$(cat err)" "ticket-route: $n: cannot merge into \"$c\": it is closed (已办结)" \
    "into a closed ticket"
run ticket-route merge "$n" --into "$d1" --reason x
is "$(cat err)" "ticket-route: $n: cannot merge into \"$d1\": it is merged into \"$m\"" \
    "into a merged ticket"
run ticket-route merge "$m" --into "$d1" --reason x
is "$(cat err)" "ticket-route: $m: merging into \"$d1\" would make a cycle: it is merged into this ticket" \
    "in a cycle"
run ticket-route merge "$n" --into 20260399000001 --reason x
is "$(cat err)" "ticket-route: $n: no such ticket \"20260399000001\"" "into no ticket"
run ticket-route split "$n" --reason x
is "$(cat err)" "ticket-route: $n: ticket is new (待处理), not merged" \
    "only a merged ticket splits"
is "$(q "select count(*) from event; select group_concat(status) from ticket" | md5sum)" \
    "$before" "nothing written by any of them"

# The master's reply answers every merged caller; each is called back.
export TICKET_NOW=2026-03-05T10:00:00+08:00
approved "$m" A
is "$(q "select id || ':' || status from ticket where id in ('$m', '$d1', '$d2') order by id" | paste -sd' ')" \
    "$m:replied $d1:replied $d2:replied" "the master replied, and its duplicates"
is "$(merged)" 2 "answered with their master, both still count as merged"
is "$(ev "$d1" '.events[-1] | [.kind, .after, .data.master, .data.unit]')" \
    "[\"replied\",\"replied\",\"$m\",\"A\"]" "by the master's reply"
is "$(ticket-callback due | jq -r '.id + ":" + .caller.phone' | paste -sd' ')" \
    "$m:13800000001 $d1:13800000002 $d2:13800000003" "each caller due for a callback"
is "$(ticket-callback sms-out | jq -r .phone | paste -sd' ')" \
    "13800000001 13800000002 13800000003" "each caller gets an SMS survey"
d3=$(call d3 13800000004)
run ticket-route merge "$d3" --into "$m" --reason 同一爆管
is "$(jq -r .status out) $(ticket-ls "$d3" | jq -r '[.events[-2:][] | .kind + ":" + .after + ":" + (.data.master // "-")] | join(" ")')" \
    "replied merge:merged:- replied:replied:$m" \
    "merged into a replied master: replied at once"
ticket-callback record "$d1" --result satisfied --resolved yes --method phone >/dev/null
is "$(q "select id || ':' || status from ticket where id in ('$m', '$d1') order by id" | paste -sd' ')" \
    "$m:replied $d1:closed" "a duplicate's own callback closes it alone"
