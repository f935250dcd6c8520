#!/bin/sh -e
# scripts/notify-example: the sweep's notices become one message file a
# card or flag in a spool folder, named by ticket, unit and kind.
. "$(dirname "$0")/lib.sh"
plan 4

network
t=$(ticket-new --source-id n1 --channel phone --category consultation \
    --what 某事 --process 无 --result 处理 2>/dev/null | jq -r .id)
ticket-route dispatch "$t" --lead A >/dev/null
mkdir spool
ticket-sla --now 2026-03-04T00:00:00+08:00 sweep >notices
ticket-sla --now 2026-03-05T00:00:00+08:00 sweep >>notices
"$top/scripts/notify-example" spool <notices
is "$(ls -A spool | paste -sd' ')" \
    "$t-A-overdue.msg $t-A-red.msg $t-A-yellow.msg" \
    "one file a card or flag, none for the acceptance, no temporary left"
printf 'To: 0001 甲区人民政府\n\n【12345督办】工单%s（甲区人民政府）将于2026-03-04 23:59到期，请抓紧办理。\n' \
    "$t" >want
is_file "spool/$t-A-yellow.msg" want "the yellow card's message"
printf 'To: 0001 甲区人民政府\n\n【12345督办】工单%s（甲区人民政府）已超期，请立即办理。\n' \
    "$t" >want
is_file "spool/$t-A-red.msg" want "the red card's message"
run "$top/scripts/notify-example" nowhere <notices
is "$rc:$(cat err)" "2:usage: notify-example spool-directory <notices" \
    "no spool folder: usage"
