#!/bin/sh -e
# ticket-callback record and close: where each result takes a replied
# ticket, what the ticket shows, the events, rework and its flag.
. "$(dirname "$0")/lib.sh"
plan 20

network
full='--text 已处理 --handler 王强 --phone 025-84561234 --approver 李明 --contact phone'
# replied SOURCE-ID: a complaint dispatched to A, replied and approved.
replied() {
	id=$(ticket-new --source-id "$1" --channel phone --category complaint \
	    --what 油烟扰民 --when 昨天 --where 某路 --who 某餐馆 --process 无 \
	    --result 处理 --phone 13812348000 --name 张伟 2>/dev/null |
	    jq -r .id)
	handled "$id" A
	echo "$id"
}

t1=$(replied s1)
TICKET_NOW=2026-03-03T09:30:00+08:00 run ticket-callback record "$t1" \
    --result satisfied --resolved yes --method phone --note 已解决
is "$rc:$(cat err)" "0:" "a satisfied callback"
is "$(jq -c '[.status, .callback]' out)" \
    '["closed",{"result":"satisfied","resolved":"yes","method":"phone","at":"2026-03-03T09:30:00+08:00","attempts":1,"note":"已解决","id":1}]' \
    "closes the ticket, which shows its callback"
is "$(ev "$t1" '.events[-1] | [.actor, .kind, .before, .after, .data.result]')" \
    '["platform","callback","replied","closed","satisfied"]' "the callback event"
is "$(q "select ticket, method, result, resolved, note, reopen, attempt from callback")" \
    "$t1|phone|satisfied|yes|已解决|0|1" "the callback row"

t2=$(replied s2)
run ticket-callback record "$t2" --result basic --resolved partly --method self
is "$(jq -c '[.status, .callback.result, .callback.method]' out)" \
    '["closed","basic","self"]' "basic by the citizen's own evaluation closes"

t3=$(replied s3)
run ticket-callback record "$t3" --result unsatisfied --resolved no --method phone
is "$(jq -r .status out)" closed "unsatisfied without --reopen closes: no rework"

# Rework: the lead order back to A, due by its limit from now.
t4=$(replied s4)
TICKET_NOW=2026-03-04T11:00:00+08:00 run ticket-callback record "$t4" \
    --result unsatisfied --resolved no --method phone --reopen
is "$rc:$(cat err)" "0:" "unsatisfied, reopened"
is "$(jq -c '[.status, [.assignments[] | .status, .due_at, .reopens]]' out)" \
    '["reopened",["signed","2026-03-25T23:59:59+08:00",1]]' \
    "the ticket is reopened; the order signed, due 15 working days on"
is "$(ev "$t4" '[.events[-2:][] | [.kind, .unit, .before, .after]]')" \
    '[["callback",null,"replied","reopened"],["reopen","A","approved","signed"]]' \
    "two events: the callback and the reopening"
is "$(ev "$t4" '.events[-1].data')" \
    '{"callback":4,"due_at":"2026-03-25T23:59:59+08:00","reopens":1}' \
    "the reopening names its callback and the new deadline"
ticket-reply --actor A "$t4" $full >/dev/null
run ticket-reply review "$t4" --approve
is "$(jq -r .status out):$(q "select datetime(replied_at, 'unixepoch') from ticket where id = '$t4'")" \
    "replied:2026-03-02 02:00:00" "the unit's new reply approved: replied again"
TICKET_NOW=2026-03-05T10:00:00+08:00 run ticket-callback record "$t4" \
    --result basic --resolved partly --method phone --reopen
is "$rc:$(cat err)" \
    "0:ticket-callback: warning: $t4: accountability flag for \"A\": reopened twice" \
    "a second reopening raises a flag, with a warning"
is "$(q "select unit, kind, data from flag where ticket = '$t4'")" \
    'A|reopened_twice|{"kind":"reopened_twice","reopens":2}' "the flag row"
is "$(jq -c '[.callback.attempts, .assignments[0].reopens]' out)" '[1,2]' \
    "a new round of attempts; the order counts two reopenings"
ticket-reply --actor A "$t4" $full >/dev/null
ticket-reply review "$t4" --approve >/dev/null
run ticket-callback record "$t4" --result satisfied --resolved yes --method phone
is "$(jq -r .status out)" closed "reopened, then satisfied: closed"

# Closing without a callback.
t5=$(replied s5)
TICKET_NOW=2026-03-03T08:00:00+08:00 run ticket-callback close "$t5" \
    --reason 诉求人要求不再联系
is "$rc:$(jq -c '[.status, .callback]' out)" \
    '0:["closed",{"reason":"诉求人要求不再联系","at":"2026-03-03T08:00:00+08:00"}]' \
    "the platform closes without a callback, saying why"
is "$(ev "$t5" '.events[-1] | [.kind, .before, .after, .data.reason]')" \
    '["close","replied","closed","诉求人要求不再联系"]' "the close event"

# Pipes: ids on stdin.
t6=$(replied s6)
t7=$(replied s7)
printf '{"id":"%s"}\n{"id":"%s"}\n' "$t6" "$t7" >ids.jsonl
run ticket-callback record --result satisfied --resolved yes --method phone <ids.jsonl
is "$rc:$(jq -r .status out | tr '\n' ' ')" "0:closed closed " \
    "tickets from stdin, each printed"

# Only the platform calls back.
t8=$(replied s8)
run ticket-callback --actor A record "$t8" --result satisfied --resolved yes \
    --method phone
is "$rc:$(cat err)" "2:ticket-callback: only the platform may call citizens back" \
    "a unit may not record a callback"
run ticket-callback --actor A close "$t8" --reason x
is "$rc" 2 "nor close a ticket"
