#!/bin/sh -e
# ticket-sla sweep (ticket-sla(1)): yellow and red cards to the second, once
# per order; returns whose window passed accepted; contact limits
# missed; an extension approved in between; --dry-run; the yellow_days
# setting; each notice exactly.
. "$(dirname "$0")/lib.sh"
plan 26

network
sweep() {
	run ticket-sla --now "$1" sweep ${2:+"$2"}
}
# n TICKET UNIT KIND DUE NOW: one notice line
n() {
	printf '{"ticket":"%s","unit":"%s","kind":"%s","due":"%s","now":"%s"}\n' \
	    "$1" "$2" "$3" "$4" "$5"
}

# Dispatched Monday 2026-03-02 10:00: the consultations are due
# Wednesday 2026-03-04, the help requests Monday 2026-03-09; the return
# window and the contact limit close at the end of Tuesday.
tickets A consultation c1 c2
tickets B help h1 h2 h3
ticket-route --actor A sign "$c2" >/dev/null
ticket-route --actor B sign "$h1" "$h2" "$h3" >/dev/null
ticket-reply --actor B --now 2026-03-03T15:00:00+08:00 contact "$h2" \
    --method phone >/dev/null
ticket-sla --actor A --now 2026-03-03T16:00:00+08:00 extend "$c2" --days 1 \
    --reason 需现场核查 --approver 王区长 --explained 已告知 >/dev/null

sweep 2026-03-03T23:59:59+08:00
is "$rc:$(cat out):$(cat err)" "0::" \
    "the last second of the window and of the contact limit: nothing"

# One second later; h3's contact comes late, before any sweep saw it.
ticket-reply --actor B --now 2026-03-04T00:00:00+08:00 contact "$h3" \
    --method sms >/dev/null
now=2026-03-04T00:00:00+08:00
{
	n "$c1" A yellow 2026-03-04T23:59:59+08:00 $now
	n "$c2" A yellow 2026-03-04T23:59:59+08:00 $now
	n "$c1" A accepted 2026-03-03T23:59:59+08:00 $now
	n "$h1" B contact_missed 2026-03-03T23:59:59+08:00 $now
	n "$h3" B contact_missed 2026-03-03T23:59:59+08:00 $now
} >want
events=$(q "SELECT count(*) FROM event")
sweep $now --dry-run
is_file out want "--dry-run: what would be issued"
is "$(q "SELECT count(*) FROM event; SELECT count(*) FROM card;
    SELECT count(*) FROM flag" | paste -sd' ')" "$events 0 0" \
    "--dry-run: nothing stored"
sweep $now
is_file out want "00:00:00 of the due date: yellow; the window passed: accepted; contact limits missed, or met late"
is "$rc:$(cat err)" "0:" "exit 0, nothing on stderr"
sweep $now
is "$rc:$(cat out)" "0:" "a second sweep at the same moment: nothing"
is "$(ticket-ls "$c1" | jq -c '[.events[] | select(.actor == "platform" and (.kind == "card" or .kind == "accepted"))
    | [.kind, .unit, .before, .after, .data]]')" \
    '[["card","A",null,"yellow",{"color":"yellow","due":"2026-03-04T23:59:59+08:00"}],["accepted","A",null,null,{"window":"2026-03-03T23:59:59+08:00"}]]' \
    "the card's and the acceptance's events"
is "$(ticket-ls "$h1" | jq -c '.events[-1] | [.kind, .unit, .data]')" \
    '["flag","B",{"kind":"contact_missed","due":"2026-03-03T23:59:59+08:00"}]' \
    "the flag's event"
is "$(q "SELECT unit, accepted_at FROM assignment WHERE accepted_at IS NOT NULL")" \
    "A|1772553599" "accepted at the window's last second"
run ticket-route --actor A --now 2026-03-04T08:00:00+08:00 return "$c1" \
    --reason x --basis y --approver z
like "$(cat err)" "too late to return" "and no longer returnable"

# c2's extension is approved after its yellow card: due Thursday.
ticket-sla --now 2026-03-04T09:00:00+08:00 approve "$c2" >/dev/null
sweep 2026-03-04T23:59:59+08:00
is "$(cat out)" "" "the exact second of the deadline: not overdue"
now=2026-03-05T00:00:00+08:00
sweep $now
{
	n "$c1" A red 2026-03-04T23:59:59+08:00 $now
	n "$c1" A overdue 2026-03-04T23:59:59+08:00 $now
} >want
is_file out want "one second after: red, and overdue without extension; the extended order neither red nor yellow again"
sweep 2026-03-05T12:00:00+08:00
is "$(cat out)" "" "nothing new later that day"
now=2026-03-06T00:00:00+08:00
sweep $now
n "$c2" A red 2026-03-05T23:59:59+08:00 $now >want
is_file out want "past the extended deadline: red, and no overdue flag (extended)"
is "$(q "SELECT a.unit, a.card, group_concat(c.color, ' ')
    FROM assignment a JOIN card c ON c.assignment = a.id
    GROUP BY a.id ORDER BY a.id" | paste -sd' ')" \
    "A|red|red yellow A|red|red yellow" "cards only rise; both kept"
is "$(ticket-ls "$c2" | jq -c '[.events[] | select(.kind == "card") | [.before, .after, .data.due]]')" \
    '[[null,"yellow","2026-03-04T23:59:59+08:00"],["yellow","red","2026-03-05T23:59:59+08:00"]]' \
    "the yellow card for the old deadline stays in the log"
is "$(q "SELECT kind, count(*) FROM flag GROUP BY kind" | paste -sd' ')" \
    "contact_missed|2 late_return|1 overdue|1" "each flag once (the late return flagged by ticket-route)"

# The help requests' deadline: Monday 2026-03-09.
sweep 2026-03-09T00:00:00+08:00
is "$(jq -r '.ticket + " " + .kind' out | paste -sd' ')" \
    "$h1 yellow $h2 yellow $h3 yellow" "yellow on the due date itself"
sweep 2026-03-10T00:00:00+08:00
is "$(jq -r '.kind' out | sort | uniq -c | awk '{print $2 $1}' | paste -sd' ')" \
    "overdue3 red3" "red and overdue past it"

run ticket-sla --actor A sweep
is "$rc:$(cat err)" "2:ticket-sla: only the platform may sweep" "units do not sweep"
run ticket-sla sweep x
is "$rc" 2 "sweep takes no arguments"

# Two yellow days: from the first of the last two working days.  A
# complaint dispatched Monday 2026-03-02 is due Monday 2026-03-23.
export TICKET_DB=$tmp/two.db
printf 'yellow_days = 2\n' >ticket.conf
network
y1=$(mk y1 complaint)
ticket-route --now 2026-03-02T10:00:00+08:00 dispatch "$y1" --lead D >/dev/null
ticket-route --actor D --now 2026-03-02T11:00:00+08:00 sign "$y1" >/dev/null
y2=$(mk y2 complaint)
ticket-route --now 2026-03-03T10:00:00+08:00 dispatch "$y2" --lead W >/dev/null
ticket-route --actor W --now 2026-03-03T11:00:00+08:00 sign "$y2" >/dev/null
sweep 2026-03-19T23:59:59+08:00
is "$(cat out)" "" "the Thursday before: nothing"
sweep 2026-03-20T00:00:00+08:00
n "$y1" D yellow 2026-03-23T23:59:59+08:00 2026-03-20T00:00:00+08:00 >want
is_file out want "Friday 00:00:00, two working days before the end: yellow"
now=2026-03-25T00:00:00+08:00
sweep $now
{
	n "$y1" D red 2026-03-23T23:59:59+08:00 $now
	n "$y1" D overdue 2026-03-23T23:59:59+08:00 $now
	n "$y2" W red 2026-03-24T23:59:59+08:00 $now
	n "$y2" W overdue 2026-03-24T23:59:59+08:00 $now
} >want
is_file out want "an order first seen past its deadline gets the red card alone"
printf 'yellow_days = 5000\n' >ticket.conf
sweep $now
is "$rc:$(cat err)" "3:ticket-sla: yellow_days: 5000 working days: more than 1000" \
    "an absurd setting stops the sweep"
printf 'yellow_days = 0\n' >ticket.conf
y3=$(mk y3 consultation)
ticket-route --now 2026-03-25T10:00:00+08:00 dispatch "$y3" --lead D >/dev/null
ticket-route --actor D --now 2026-03-25T11:00:00+08:00 sign "$y3" >/dev/null
sweep 2026-03-27T12:00:00+08:00
is "$(cat out)" "" "yellow_days = 0: no yellow card on the due date"
