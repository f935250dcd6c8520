#!/bin/sh -e
# ticket-ls --todo: a unit's queue, each order with the step it owes and
# when, nearest first; a level-2 unit sees its level-3 units' orders.
. "$(dirname "$0")/lib.sh"
plan 14

network
full='--text 已处理 --handler 王强 --phone 13812348000 --approver 李明 --contact phone'
# One order at each step, dispatched on different days so the deadlines
# differ: the earlier dispatch is due first.
at() {
	TICKET_NOW=2026-03-0${1}T09:00:00+08:00
	export TICKET_NOW
}
at 2; S=$(mk S); ticket-route dispatch "$S" --lead A >/dev/null
at 3; H=$(mk H help); signed "$H" A
at 4; R=$(mk R); signed "$R" A
at 5; B=$(mk B); signed "$B" A
ticket-reply --actor A "$B" $full >/dev/null
ticket-reply review "$B" --bounce 未附现场照片 >/dev/null
at 6; O=$(mk O); handled "$O" A
ticket-callback record "$O" --result unsatisfied --resolved no \
    --method phone --reopen >/dev/null
# Not the unit's to do: awaiting review, or another unit's.
at 9; W=$(mk W); signed "$W" A
ticket-reply --actor A "$W" $full >/dev/null
N=$(mk N); ticket-route dispatch "$N" --lead B >/dev/null
# A sub-order to a level-3 unit of A.
at 9; U=$(mk U); signed "$U" A
ticket-route --actor A subdispatch "$U" --to A-1 --due 2026-03-12T18:00:00+08:00 >/dev/null
TICKET_NOW=2026-03-10T09:00:00+08:00
export TICKET_NOW

line() {
	jq -r '[.source_id, .todo.unit, .todo.step, .todo.due_at // "-"] | join(" ")'
}
run ticket-ls --actor A --todo
is "$rc:$(cat err)" "0:" "--todo: exit 0, nothing on stderr"
is "$(line <out | cut -d' ' -f1-3 | paste -sd,)" \
    "H A contact,U A-1 sign,S A sign,R A reply,B A bounced,O A reopened,U A reply" \
    "every step the unit owes, nearest due first, its level-3 unit's order among them"
is "$(line <out | awk '{print $4}' | sort -c && echo sorted)" "sorted" \
    "the due times never go back"
is "$(ticket-ls --actor A-1 --todo | line)" \
    "U A-1 sign 2026-03-12T18:00:00+08:00" "a level-3 unit sees its own order only"
is "$(ticket-ls --actor B --todo | line | cut -d' ' -f1-3)" "N B sign" \
    "another unit's queue"
is "$(ticket-ls --todo --unit A -n 2 | line | cut -d" " -f1 | paste -sd" ")" "H U" \
    "the platform names the unit; --limit"
is "$(ticket-ls --actor A --todo -r -n 3 | line | cut -d' ' -f1 | paste -sd' ')" \
    "U O B" "-r: the latest due first"
ticket-ls --actor A --todo -n 2 -f table >got
cat >want <<EOT
期限              待办      单位        工单号          类别  区域            事由
2026-03-04 23:59  联系      A           $H  求助                  某事
2026-03-12 18:00  签收      A-1         $U  投诉                  某事
EOT
is_file got want "--format table: the step in Chinese, the deadline, the unit"

usage() {
	want=$1
	shift
	run "$@"
	is "$rc:$(cat out):$(cat err)" "2::$want" "$*"
}
usage 'ticket-ls: --todo: the platform names the unit with --unit' \
    ticket-ls --todo
usage 'ticket-ls: --todo: the queue alone, in its own order: no other filter, no --sort, no ticket named' \
    ticket-ls --actor A --todo --status new
usage 'ticket-ls: --todo: the queue alone, in its own order: no other filter, no --sort, no ticket named' \
    ticket-ls --actor A --todo --sort due
usage 'ticket-ls: --todo: --format json or table' \
    ticket-ls --actor A --todo -f csv
usage "ticket-ls: --queue: the platform's queues; a unit's is --todo" \
    ticket-ls --actor A --queue review
usage 'ticket-ls: --queue: expected review, returns, extensions, escalated, unrouted, callbacks, duplicates or suspect, not "x"' \
    ticket-ls --queue x
