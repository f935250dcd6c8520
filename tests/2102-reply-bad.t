#!/bin/sh -e
# ticket-reply: bad input and refusals.  A refused action writes nothing;
# usage errors exit 2 before the database is touched.
. "$(dirname "$0")/lib.sh"
plan 28

network
full='--text 已处理 --handler 王强 --phone 13812348000 --approver 李明 --contact phone'
# counts: the rows every action could write
counts() {
	q "select (select count(*) from event) || ' ' ||
	    (select count(*) from reply) || ' ' ||
	    (select count(*) from flag) || ' ' ||
	    (select group_concat(status || coalesce(contacted_at, '') ||
	    bounces, ',') from assignment) || ' ' ||
	    (select group_concat(status, ',') from ticket)"
}
# refused EXPECTED-STDERR DESCRIPTION CMD...: exit 1, no output, nothing written
refused() {
	want=$1 what=$2
	shift 2
	before=$(counts)
	run "$@"
	is "$rc:$(cat out):$(cat err)" "1::$want" "$what"
	is "$(counts)" "$before" "$what: nothing written"
}

t1=$(mk s1 help)
refused "ticket-reply: $t1: ticket is new (待处理)" "a ticket not dispatched" \
    ticket-reply --actor A "$t1" $full
ticket-route dispatch "$t1" --lead A --co W >/dev/null
refused "ticket-reply: $t1: no order for unit \"D\"" "a unit not assigned" \
    ticket-reply --actor D "$t1" $full
refused "ticket-reply: $t1: the order of \"A\" is dispatched, not signed" \
    "an order not signed" ticket-reply --actor A "$t1" $full
refused "ticket-reply: $t1: the order of \"A\" is dispatched, not signed or replied" \
    "a contact before signing" \
    ticket-reply --actor A contact "$t1" --method phone
ticket-route --actor A sign "$t1" >/dev/null
refused "ticket-reply: $t1: unit \"B\" may not act on the order of \"A\"" \
    "a unit replying for another" ticket-reply --actor B "$t1" --unit A $full
refused "ticket-reply: $t1: no order for unit \"platform\"" \
    "the platform does not reply" ticket-reply "$t1" $full

# A returned order: returning, then re-dispatched to another unit.
ticket-route --actor W return "$t1" --reason 非本单位职责 --basis 三定方案 \
    --approver 赵刚 >/dev/null
refused "ticket-reply: $t1: the order of \"W\" is returning, not signed" \
    "an order being returned" ticket-reply --actor W "$t1" $full
ticket-route review-return "$t1" --approve --to D >/dev/null
refused "ticket-reply: $t1: the order of \"W\" is returned, not signed" \
    "a returned order" ticket-reply --actor W "$t1" $full

refused "ticket-reply: 20990101000001: no such ticket" "no such ticket" \
    ticket-reply --actor A review 20990101000001 --approve
ticket-reply --actor A "$t1" $full >/dev/null
refused "ticket-reply: $t1: the order of \"A\" is replied, not signed" \
    "a second reply while one awaits review" ticket-reply --actor A "$t1" $full

# Usage errors: exit 2, before anything is opened.
usage() {
	what=$1 want=$2
	shift 2
	run "$@"
	is "$rc:$(cat out):$(cat err)" "2::ticket-reply: $want" "$what"
}
usage "an unknown contact word" '--contact: not phone, sms, visit or none: "fax"' \
    ticket-reply --actor A "$t1" $full --contact fax
usage "an unknown outcome" '--outcome: not solved, explained or unsolvable: "done"' \
    ticket-reply --actor A "$t1" $full --outcome done
usage "a contact without a method" "contact: needs --method" \
    ticket-reply --actor A contact "$t1"
usage "no contact is not a method" '--method: not phone, sms or visit: "none"' \
    ticket-reply --actor A contact "$t1" --method none
usage "a review with neither" "review: needs --approve or --bounce reason" \
    ticket-reply review "$t1"
usage "a review with both" "review: needs --approve or --bounce reason" \
    ticket-reply review "$t1" --approve --bounce 不行
usage "an unknown actor" '--actor: no such unit "NOPE"' \
    ticket-reply --actor NOPE "$t1" $full
run ticket-reply "$t1"
is "$rc:$(head -n 1 err)" \
    "2:usage: ticket-reply [-A actor] [-d db] [-N now] [verb] ..." \
    "no verb and no reply: the usage"
