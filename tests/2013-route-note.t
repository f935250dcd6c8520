#!/bin/sh -e
# ticket-route note (备注): by the platform and by a unit with a part in
# the ticket, in its history, changing nothing else; refused to a unit
# without one.
. "$(dirname "$0")/lib.sh"
plan 8

network
t=$(mk n1)
ticket-route dispatch "$t" --lead A --cc D >/dev/null
ticket-route --actor A subdispatch "$t" --to A-1 >/dev/null
updated=$(ev "$t" .updated_at)

export TICKET_NOW=2026-03-03T09:30:00+08:00
run ticket-route note "$t" --text 市民再次来电催办
is "$rc:$(cat err)" "0:" "the platform notes"
run ticket-route --actor A-1/张三 note "$t" --text 已约定周四上门
is "$rc:$(cat err)" "0:" "a level-3 unit with a sub-order notes"
ticket-route --actor D note "$t" --text 已阅 >/dev/null
is "$(ev "$t" '[.events[] | select(.kind == "note") | [.actor, .data.text]]')" \
    '[["platform","市民再次来电催办"],["A-1/张三","已约定周四上门"],["D","已阅"]]' \
    "each note an event, with who wrote it"
is "$(ev "$t" .updated_at)" "$updated" "a note changes nothing of the ticket"
is "$(ticket-ls "$t" --format table | grep 备注 | sed 's/  */ /g')" \
    "2026-03-03 09:30 platform 备注 内容：市民再次来电催办
2026-03-03 09:30 A-1/张三 备注 内容：已约定周四上门
2026-03-03 09:30 D 备注 内容：已阅" "in the history as people read it"
is "$(ticket-ls --actor A "$t" | jq -c '[.events[] | select(.kind == "note") | .data.text]')" \
    '["市民再次来电催办","已约定周四上门","已阅"]' "the unit reads the notes"

run ticket-route --actor B note "$t" --text 看看
is "$rc:$(cat err)" "1:ticket-route: $t: not a ticket of this unit" \
    "a unit without a part in it may not"
run ticket-route note "$t" --text ''
is "$rc:$(cat err)" "2:ticket-route: note: needs --text" "an empty note"
