#!/bin/sh -e
# ticket-sla sweep: a finished ticket's leftover orders get no cards.
. "$(dirname "$0")/lib.sh"
plan 3

network
id=$(ticket-new --channel phone --category consultation --what 问路 \
    --process 无 --result 答复 --phone 13900000001 | jq -r .id)
ticket-route dispatch "$id" --lead A --co B >/dev/null
ticket-route --actor A sign "$id" >/dev/null
ticket-reply --actor A "$id" --text 已答复 --handler 张三 --phone 12345 \
    --approver 李四 --contact phone >/dev/null
ticket-reply review "$id" --approve >/dev/null
ticket-callback record "$id" --result satisfied --resolved yes \
    --method phone >/dev/null
is "$(ticket-ls "$id" | jq -r '.status + " " + .assignments[1].status')" \
    "closed dispatched" "closed, with the co-unit's order left dispatched"
run ticket-sla --now 2026-03-20T00:00:00+08:00 sweep
is "$(cat out)" "" "no card, flag or acceptance for it"
is "$(q "select count(*) from card; select count(*) from flag")" "0
0" "nothing issued"
