#!/bin/sh -e
# ticket-callback: bad input.  A callback on a ticket not yet replied,
# an unknown result, a second record, a reopening of a closed or
# archived ticket, and SMS replies from unknown phones, with stray
# codes, twice, or saying nothing: each refused, with nothing written.
. "$(dirname "$0")/lib.sh"
plan 24

network
full='--text 已处理 --handler 王强 --phone 025-84561234 --approver 李明 --contact phone'
sat='--result satisfied --resolved yes --method phone'
events() {
	q "select count(*) from event"
}

t1=$(phoned s1)
ticket-route dispatch "$t1" --lead A >/dev/null
run ticket-callback record "$t1" $sat
is "$rc:$(cat out):$(cat err)" \
    "1::ticket-callback: $t1: ticket is dispatched (已转办)" \
    "a ticket not yet replied"
run ticket-callback close "$t1" --reason x
is "$rc:$(cat err)" "1:ticket-callback: $t1: ticket is dispatched (已转办)" \
    "nor closed"
run ticket-callback record 20260302999999 $sat
is "$rc:$(cat err)" "1:ticket-callback: 20260302999999: no such ticket" \
    "no such ticket"

# Usage errors: nothing is opened.
run ticket-callback record "$t1" --result happy --resolved yes --method phone
is "$rc:$(cat err)" \
    '2:ticket-callback: --result: not satisfied, basic, unsatisfied or unreachable: "happy"' \
    "an unknown result"
run ticket-callback record "$t1" --result satisfied --resolved maybe --method phone
is "$rc:$(cat err)" '2:ticket-callback: --resolved: not yes, partly or no: "maybe"' \
    "an unknown resolution"
run ticket-callback record "$t1" --result satisfied --resolved yes --method fax
is "$rc:$(cat err)" '2:ticket-callback: --method: not phone, sms or self: "fax"' \
    "an unknown method"
run ticket-callback record "$t1" --result satisfied --method phone
is "$rc:$(cat err)" \
    '2:ticket-callback: --resolved: needed unless the citizen was unreachable or answered by SMS' \
    "an answer without --resolved"
run ticket-callback record "$t1" --result unreachable --resolved no --method phone
is "$rc:$(cat err)" '2:ticket-callback: --resolved: an unreachable citizen said nothing' \
    "unreachable with --resolved"
run ticket-callback record "$t1" $sat --reopen
is "$rc:$(cat err)" '2:ticket-callback: --reopen: only after a basic or unsatisfied result' \
    "a satisfied citizen's ticket is not reopened"
run ticket-callback record "$t1" --method phone
is "$rc:$(cat err)" '2:ticket-callback: record: needs --result and --method' \
    "record without --result"
run ticket-callback due --older-than 3w
is "$rc:$(cat err)" \
    '2:ticket-callback: --older-than: not a duration like 90m, 36h or 2d: "3w"' \
    "a bad duration"
run ticket-callback sample --rate 0
is "$rc:$(cat err)" '2:ticket-callback: --rate: not a share above 0 and at most 1: "0"' \
    "a bad rate"
run ticket-callback due "$t1"
is "$rc" 2 "due takes no ids"

# Twice, and a closed or archived ticket reopened.
t2=$(phoned s2)
handled "$t2" A
ticket-callback record "$t2" $sat >/dev/null
before=$(events)
run ticket-callback record "$t2" $sat
is "$rc:$(cat err)" "1:ticket-callback: $t2: ticket is closed (已办结)" \
    "recording twice"
run ticket-callback record "$t2" --result unsatisfied --resolved no \
    --method phone --reopen
is "$rc:$(cat err)" "1:ticket-callback: $t2: ticket is closed (已办结)" \
    "no reopening of a closed ticket"
q "update ticket set status = 'archived' where id = '$t2'"
run ticket-callback record "$t2" --result unsatisfied --resolved no \
    --method phone --reopen
is "$rc:$(cat err)" "1:ticket-callback: $t2: ticket is archived (已归档)" \
    "nor of an archived one"
is "$(events):$(q "select count(*) from callback")" "$before:1" "nothing written"

# SMS replies that match no survey.
t3=$(phoned s3 13912345678)
handled "$t3" A
code=$(ticket-callback sms-out | jq -r .code)
before=$(events)
cat >replies.jsonl <<EOR
{"phone":"13700000000","text":"1"}
{"phone":"13912345678","code":"0000","text":"1"}
{"phone":"13912345678","code":"$code","text":"好的，谢谢"}
{"phone":"13912345678","code":"$code","text":"12"}
{"phone":"13912345678","text":"1"}
{"phone":"13912345678","code":"$code","text":"2"}
{"text":"1"}
not json
EOR
run ticket-callback sms-in replies.jsonl
is "$rc" 1 "exit 1"
is "$(sed -n 1p err)" "ticket-callback: replies.jsonl:1: no survey was sent to 13700000000" \
    "an unknown phone"
is "$(sed -n 2p err)" "ticket-callback: replies.jsonl:2: no survey 0000 was sent to 13912345678" \
    "a stray code"
is "$(jq -c 'select(.unread) | [.unread, .text, .code == "'"$code"'"]' out)" \
    '["no answer: neither 1, 2, 3 nor 满意, 基本满意, 不满意","好的，谢谢",true]
["\"12\" is not an answer","12",true]' \
    "unreadable text: a line for an agent on stdout, not an error"
is "$(sed -n 3p err)" "ticket-callback: replies.jsonl:6: survey $code of 13912345678 was answered at 2026-03-02T10:00:00+08:00" \
    "the reply without a code answers the phone's one survey; then a duplicate"
is "$(sed -n 4,5p err)" "ticket-callback: replies.jsonl:7: missing \"phone\"
ticket-callback: replies.jsonl:8: malformed JSON at column 3: invalid token near 'not'" \
    "a reply without a phone, a line that is not JSON"
is "$(jq -c 'select(.id) | [.id, .status, .callback.result]' out)" "[\"$t3\",\"closed\",\"satisfied\"]" \
    "only the good reply changed its ticket"
