#!/bin/sh -e
# ticket-callback sms-out and sms-in: one survey a replied ticket with a
# mobile phone, its reply code, the answers 1, 2, 3 recorded as
# callbacks by SMS, a ticket left due after an unsatisfied answer.
. "$(dirname "$0")/lib.sh"
plan 14

network
echo 'callback.sms_sign = 测试12345' >ticket.conf
full='--text 已处理 --handler 王强 --phone 025-84561234 --approver 李明 --contact phone'
# replied SOURCE-ID WHAT [ticket-new options]
replied() {
	src=$1 what=$2
	shift 2
	id=$(ticket-new --source-id "$src" --channel phone --category suggestion \
	    --what "$what" "$@" 2>/dev/null | jq -r .id)
	handled "$id" A
	echo "$id"
}

t1=$(replied s1 增设公交站点 --phone 13812348000)
t2=$(replied s2 建议在滨江路口增设人行横道信号灯并延长绿灯时间以方便老人通行 \
    --phone 13912345678)
t3=$(replied s3 x --phone 025-84561234)
t4=$(replied s4 x --phone 13700001111 --set caller.anonymous=true)
run ticket-callback sms-out
c1=$(jq -r 'select(.ticket == "'"$t1"'") | .code' out)
c2=$(jq -r 'select(.ticket == "'"$t2"'") | .code' out)
cat >expected <<EOF2
{"ticket":"$t1","phone":"13812348000","code":"$c1","text":"【测试12345】您反映的“增设公交站点”已办理，请回复：1满意 2基本满意 3不满意（回复码$c1）"}
{"ticket":"$t2","phone":"13912345678","code":"$c2","text":"【测试12345】您反映的“建议在滨江路口增设人行横道信号灯并延长绿……”已办理，请回复：1满意 2基本满意 3不满意（回复码$c2）"}
EOF2
is "$rc:$(cat err)" "0:" "sms-out"
is_file out expected "one message a mobile, non-anonymous caller; the matter cut to 40 columns"
like "$c1$c2" '^[0-9]{8}$' "four-digit reply codes"
is "$(q "select ticket, phone, status from survey order by id" | tr '\n' ' ')" \
    "$t1|13812348000|sent $t2|13912345678|sent " "the surveys, sent"
is "$(ticket-ls "$t1" | jq -c '.events[-1] | [.kind, .after, .data]')" \
    "[\"survey\",\"sent\",{\"method\":\"sms\",\"code\":\"$c1\"}]" "a survey event"
run ticket-callback sms-out
is "$rc:$(cat out)" "0:" "a second run sends nothing"

# The code in the text; the reply's time kept.
printf '{"phone":"13812348000","text":"2 %s","time":"2026-03-02T10:05:00+08:00"}\n' "$c1" |
    TICKET_NOW=2026-03-02T10:10:00+08:00 ticket-callback sms-in >out
is "$(jq -c '[.id, .status, .callback.result, .callback.method, .callback.note]' out)" \
    "[\"$t1\",\"closed\",\"basic\",\"sms\",\"2 $c1\"]" "2: basic, closed"
is "$(q "select status, datetime(answered_at, 'unixepoch') from survey where ticket = '$t1'")" \
    "answered|2026-03-02 02:05:00" "the survey answered, at the reply's time"
# Unsatisfied: the ticket stays due, for an agent to call.
printf '{"phone":"13912345678","code":"%s","text":"3"}\n' "$c2" |
    ticket-callback sms-in >out
is "$(jq -c '[.status, .callback.result, .callback.resolved]' out)" \
    '["replied","unsatisfied",null]' "3: unsatisfied, still replied"
is "$(ticket-callback due | jq -r .id | tr '\n' ' ')" "$t2 $t3 $t4 " \
    "and still due for a call"
run ticket-callback sms-out
is "$(cat out)" "" "no second survey for the same reply"
# Rework, a new reply, a new survey; the old code answers nothing.
ticket-callback record "$t2" --result unsatisfied --resolved no --method phone \
    --reopen >/dev/null
ticket-reply --actor A "$t2" $full >/dev/null
TICKET_NOW=2026-03-03T10:00:00+08:00 ticket-reply review "$t2" --approve >/dev/null
TICKET_NOW=2026-03-03T10:00:00+08:00 run ticket-callback sms-out
is "$(jq -r .ticket out)" "$t2" "a new survey after the new reply"
c3=$(jq -r .code out)
printf '{"phone":"13912345678","code":"%s","text":"1"}\n{"phone":"13912345678","code":"%s","text":"1"}\n' \
    "$c3" "$c3" | ticket-callback sms-in >out 2>err || :
is "$(jq -c '[.status, .callback.result]' out)" '["closed","satisfied"]' "1: satisfied"
# A ticket closed otherwise: its survey expires.
TICKET_NOW=2026-03-03T10:00:00+08:00 ticket-callback record "$t3" --result satisfied \
    --resolved yes --method phone >/dev/null
t5=$(replied s5 y --phone 13600001111)
c5=$(ticket-callback sms-out | jq -r .code)
ticket-callback close "$t5" --reason 诉求人已撤回 >/dev/null
printf '{"phone":"13600001111","code":"%s","text":"1"}\n' "$c5" >r.jsonl
run ticket-callback sms-in r.jsonl
is "$rc:$(cat err)" \
    "1:ticket-callback: r.jsonl:1: survey $c5 of 13600001111 has expired: its ticket no longer awaits a callback" \
    "a reply to a survey whose ticket was closed"
