#!/bin/sh -e
# ticket-sla sweep killed outright midway (SIGKILL), then run again:
# nothing lost, nothing twice; and two sweeps started at once, of which
# only one issues (ticket-sla(1)).
. "$(dirname "$0")/lib.sh"
plan 9

n=20000
network
records $n SK calls.jsonl
ticket-new calls.jsonl | ticket-route dispatch --lead A >/dev/null
sqlite3 "$TICKET_DB" ".backup $tmp/twin.db"

# Each consultation is overdue and its return window closed: a red
# card, an overdue flag and an acceptance each, 3n notices in all.
export TICKET_NOW=2026-03-05T00:00:00+08:00
issued() {
	q "PRAGMA integrity_check;
	    SELECT count(*) FROM card; SELECT count(*) FROM flag;
	    SELECT count(*) FROM assignment WHERE accepted_at IS NOT NULL;
	    SELECT count(*) FROM event WHERE kind IN ('card', 'flag', 'accepted')" |
	    paste -sd' '
}

# The sweep takes most of a second here: a kill after 0.3 s lands inside
# its one transaction.  Timing decides only where it lands, never the
# verdict: finished first, everything below holds the same.
ticket-sla sweep >first 2>err &
pid=$!
sleep 0.3
killed $pid "the sweep"
got=$(issued)
like "$got" "^ok (0 0 0 0|$n $n $n $((3 * n)))$" \
    "after the kill: all of the sweep or none of it ($got)"

# Notices print only after the commit: what the kill took before it is
# printed by the second run, whole; what it took after, stays in the log.
run ticket-sla sweep
is "$rc:$(cat err)" "0:" "the second run: exit 0"
case $got in
"ok 0 0 0 0")	want=$((3 * n)) ;;
*)		want=0 ;;
esac
is "$(wc -l <out | tr -d ' ')" $want "the second run prints what the first did not commit"
cat first out >all
is "$(sort -u all | wc -l | tr -d ' ')" "$(wc -l <all | tr -d ' ')" \
    "no notice printed twice"
is "$(issued)" "ok $n $n $n $((3 * n))" \
    "stored: each card, flag and acceptance once, each with its event"

# Two sweeps at once: the second waits for the first's lock, then finds
# everything issued.
export TICKET_DB=$tmp/twin.db
ticket-sla sweep >one 2>err1 &
p1=$!
ticket-sla sweep >two 2>err2 &
p2=$!
r1=0 r2=0
wait $p1 || r1=$?
wait $p2 || r2=$?
is "$r1 $r2 $(cat err1 err2)" "0 0 " "two at once: both exit 0"
is "$(wc -l <one | tr -d ' ') $(wc -l <two | tr -d ' ')" \
    "$(if [ -s one ]; then echo "$((3 * n)) 0"; else echo "0 $((3 * n))"; fi)" \
    "one issued everything, the other nothing"
is "$(issued)" "ok $n $n $n $((3 * n))" "stored once"
