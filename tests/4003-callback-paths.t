#!/bin/sh -e
# Every path from intake to the end, as ticket-ls ID shows it: answered
# at once (needs no callback), dispatched and satisfied, reopened then
# satisfied, unreachable until the last attempt, closed without one.
. "$(dirname "$0")/lib.sh"
plan 10

network
full='--text 已处理 --handler 王强 --phone 025-84561234 --approver 李明 --contact phone'
# replied SOURCE-ID: a complaint handled by D, its callback due; prints its id
replied() {
	id=$(phoned "$1")
	handled "$id" D
	echo "$id"
}
sat='--result satisfied --resolved yes --method phone'
path() {
	ticket-ls "$1" | jq -c '[.status, [.events[] | .kind + ":" + (.after // "")]]'
}

# Answered at once: already finished (ticket(7): answered is closed).
t1=$(phoned s1)
ticket-route answer "$t1" --text 已告知报修电话 >/dev/null
is "$(path "$t1")" '["answered",["intake:new","answer:answered"]]' \
    "answered at once: no callback is due"
run ticket-callback record "$t1" $sat
is "$rc:$(cat err)" "1:ticket-callback: $t1: ticket is answered (直接答复)" \
    "and none is taken"

t2=$(replied s2)
ticket-callback record "$t2" $sat >/dev/null
is "$(path "$t2")" \
    '["closed",["intake:new","dispatch:dispatched","sign:signed","reply:replied","approve:approved","replied:replied","callback:closed"]]' \
    "dispatched and satisfied"

t3=$(replied s3)
ticket-callback record "$t3" --result unsatisfied --resolved no --method phone \
    --reopen >/dev/null
approved "$t3" D
ticket-callback record "$t3" $sat >/dev/null
is "$(path "$t3")" \
    '["closed",["intake:new","dispatch:dispatched","sign:signed","reply:replied","approve:approved","replied:replied","callback:reopened","reopen:signed","reply:replied","approve:approved","replied:replied","callback:closed"]]' \
    "reopened, then satisfied"

t4=$(replied s4)
for n in 1 2; do
	run ticket-callback record "$t4" --result unreachable --method phone
	is "$(jq -c '[.status, .callback.attempts]' out)" "[\"replied\",$n]" \
	    "unreachable, attempt $n: still due"
done
run ticket-callback record "$t4" --result unreachable --method phone
is "$(jq -c '[.status, .callback.result, .callback.attempts]' out)" \
    '["closed","unreachable",3]' "the third attempt closes it as unreachable"
is "$(path "$t4" | jq -c '.[1][-3:]')" \
    '["callback:replied","callback:replied","callback:closed"]' "each attempt an event"

# The maximum is configuration.
echo 'callback.attempts = 1' >ticket.conf
t5=$(replied s5)
run ticket-callback record "$t5" --result unreachable --method phone
is "$(jq -r .status out)" closed "callback.attempts = 1: the first closes"
: >ticket.conf

t6=$(replied s6)
ticket-callback close "$t6" --reason 匿名来电 >/dev/null
is "$(path "$t6" | jq -c '.[0], .[1][-1]' | tr '\n' ' ')" '"closed" "close:closed" ' \
    "closed by the platform without a callback"
