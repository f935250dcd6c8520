#!/bin/sh -e
# What a unit sees (ticket(7), the trust model): only the tickets on
# which it or one of its level-3 units holds or held an order, and the
# caller's name and phone only while one of those orders is live.
. "$(dirname "$0")/lib.sh"

plan 13

full='--text 已处理 --handler 王五 --phone 0001 --approver 赵六 --contact phone'
network
t1=$(mk v1 complaint --name 张伟 --phone 13812348000)
t2=$(mk v2 complaint --name 李娜 --phone 13912345678)
t3=$(mk v3 complaint --name 王平 --phone 13712345678)
signed "$t1" A
signed "$t2" B
signed "$t3" A
ticket-route --actor A subdispatch "$t3" --to A-1 >/dev/null

ids() {
	ticket-ls --actor "$1" | jq -r .id | paste -sd' '
}
is "$(ids A)" "$t1 $t3" "A lists its own tickets, none of B's"
is "$(ids B)" "$t2" "B lists only its own"
is "$(ids A-1)" "$t3" "a level-3 unit lists what was passed down to it"
is "$(ids platform)" "$t1 $t2 $t3" "the platform lists every ticket"

run ticket-ls --actor A "$t2"
is "$rc:$(cat err)" "1:ticket-ls: $t2: not a ticket of this unit" \
    "a ticket of another unit, named, is refused"
is "$(cat out)" "" "and nothing of it is shown"

caller() {
	ticket-ls --actor "$1" "$2" | jq -c .caller
}
is "$(caller A "$t1")" '{"name":"张伟","phone":"13812348000","anonymous":false,"public":false}' \
    "while its order is live, the unit sees the caller"
approved "$t1" A
is "$(caller A "$t1")" '{"anonymous":false,"public":false}' \
    "once its order is done, the caller's name and phone are gone"
is "$(ticket-ls --actor A | jq -c 'select(.id == "'"$t1"'") | .caller')" \
    '{"anonymous":false,"public":false}' "in listings too"
is "$(caller platform "$t1" | jq -r .phone)" 13812348000 \
    "the platform still sees them"

run ticket-report --actor A units --month 2026-03
is "$rc:$(jq -r .unit out | paste -sd' ')" "0:A" "a unit's report shows its own figures"
run ticket-report --actor A units --unit B --month 2026-03
is "$rc:$(cat err)" "2:ticket-report: --unit: unit \"A\" sees its own figures, not \"B\"'s" \
    "and not another unit's"
run ticket-report --actor A summary
is "$rc:$(cat err)" "2:ticket-report: only the platform may see the city's figures" \
    "the city's figures are the platform's"
