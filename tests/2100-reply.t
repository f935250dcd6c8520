#!/bin/sh -e
# ticket-reply contact and reply: the contact limit of help requests, the
# reply's elements, and the platform's own check that bounces a reply
# missing one of them.
. "$(dirname "$0")/lib.sh"
plan 24

network
full='--text 已派员清理 --handler 王强 --phone 025-84561234 --approver 李明 --contact phone'

# A help request: contact the citizen within 1 working day of signing.
t1=$(mk s1 help)
signed "$t1" A
TICKET_NOW=2026-03-02T11:00:00+08:00 run ticket-reply --actor A/王强 \
    contact "$t1" --method phone --note 已电话联系
is "$rc:$(cat err)" "0:" "contact: exit 0, nothing on stderr"
is "$(jq -c '.assignments[0] | [.status, .contact_due_at, .contacted_at]' out)" \
    '["signed","2026-03-03T23:59:59+08:00","2026-03-02T11:00:00+08:00"]' \
    "the order keeps when the citizen was reached"
is "$(ev "$t1" '.events[-1] | [.actor, .kind, .unit, .before, .after, .data]')" \
    '["A/王强","contact","A",null,null,{"method":"phone","note":"已电话联系","in_time":true}]' \
    "the contact event, within the limit"
is "$(q "select contacted_at <= contact_due_at from assignment where ticket = '$t1'")" 1 \
    "the contact limit is met"
TICKET_NOW=2026-03-04T00:00:00+08:00 run ticket-reply --actor A contact "$t1" \
    --method visit
is "$(jq -r '.assignments[0].contacted_at' out)" "2026-03-02T11:00:00+08:00" \
    "a later contact keeps the first"
is "$(ev "$t1" '.events[-1].data')" '{"method":"visit","in_time":false}' \
    "each contact an event; one second past the limit is not in time"

# The reply: the order waits for review, the ticket stays in progress.
TICKET_NOW=2026-03-05T15:00:00+08:00 run ticket-reply --actor A "$t1" $full \
    --basis 《市容管理条例》 --outcome solved
is "$rc:$(cat err)" "0:" "a full reply: exit 0"
is "$(jq -c '[.status, .assignments[0].status, .assignments[0].replied_at]' out)" \
    '["in_progress","replied","2026-03-05T15:00:00+08:00"]' \
    "the order is replied; the ticket waits for the review"
is "$(ev "$t1" '.events[-1] | [.kind, .unit, .before, .after, .data]')" \
    '["reply","A","signed","replied",{"reply":1,"text":"已派员清理","handler":"王强","phone":"025-84561234","approver":"李明","contact":"phone","basis":"《市容管理条例》","outcome":"solved"}]' \
    "the reply event carries the reply"
is "$(q "select status, unit, handler, reviewed_at is null from reply")" \
    "submitted|A|王强|1" "the reply is stored, submitted"
run ticket-reply --actor A contact "$t1" --method sms
is "$rc" 0 "a contact after the reply"

# Missing elements: stored, and bounced at once by the platform.
t2=$(mk s2 complaint)
signed "$t2" A
run ticket-reply --actor A "$t2" --text 已处理 --approver 李明 --contact none
is "$rc" 1 "a reply missing elements: exit 1"
is "$(cat err)" \
    "ticket-reply: $t2: bounced: missing: handler (经办人), phone (经办人电话)" \
    "the missing elements named"
is "$(wc -l <out) $(ticket-ls "$t2" | jq -c '.assignments[0] | [.status, .bounces]')" '0 ["signed",1]' \
    "not printed as done; the order signed again, one bounce"
is "$(ev "$t2" '[.events[-2:][] | [.actor, .kind, .before, .after, .data.reason]]')" \
    '[["A","reply","signed","replied",null],["platform/auto","bounce","replied","signed","missing: handler (经办人), phone (经办人电话)"]]' \
    "the reply, then the platform's automatic bounce"
is "$(q "select status, reviewer, note from reply where ticket = '$t2'")" \
    "bounced|platform/auto|missing: handler (经办人), phone (经办人电话)" \
    "the bounced reply is kept with its reason"
run ticket-reply --actor A "$t2" $full --approver ' '
is "$(cat err)" "ticket-reply: warning: $t2: accountability flag for \"A\": two consecutive bounces
ticket-reply: $t2: bounced: missing: approver (审核领导)" \
    "blank is missing; a second bounce in a row raises a flag"

# Unsolvable: the reply must say what the citizen was told.
run ticket-reply --actor A "$t2" $full --outcome unsolvable
is "$rc:$(cat err)" \
    "1:ticket-reply: $t2: bounced: missing: told (告知诉求人内容)" \
    "unsolvable without what the citizen was told"
run ticket-reply --actor A reply "$t2" $full --outcome unsolvable \
    --told 已告知待明年改造计划
is "$rc:$(jq -r '.assignments[0].status' out)" "0:replied" \
    "with it, and the explicit reply verb"
is "$(ev "$t2" '.events[-1].data | [.outcome, .told]')" \
    '["unsolvable","已告知待明年改造计划"]' "what the citizen was told is kept"

# A level-2 unit replies for its level-3 unit; numbers from stdin.
t3=$(mk s3 complaint)
ticket-route dispatch "$t3" --lead A >/dev/null
ticket-route --actor A subdispatch "$t3" --to A-1 >/dev/null
ticket-route --actor A sign "$t3" --unit A-1 >/dev/null
ticket-ls "$t3" | run ticket-reply --actor A --unit A-1 $full
is "$rc:$(jq -c '[.assignments[] | .unit + ":" + .status]' out)" \
    '0:["A:dispatched","A-1:replied"]' "the parent replies for its level-3 unit"
is "$(ev "$t3" '.events[-1] | [.actor, .unit]')" '["A","A-1"]' \
    "the event names who acted and whose order"
printf '{"id":"%s"}\n{"id":"%s"}\n' "$t1" "$t3" |
    run ticket-reply --actor A-1 $full
is "$(cat err)" "ticket-reply: stdin:1: $t1: no order for unit \"A-1\"
ticket-reply: stdin:2: $t3: the order of \"A-1\" is replied, not signed" \
    "refusals from stdin named by line"
is "$(q "select count(*) from reply")" 6 "every reply made is kept"
