#!/bin/sh -e
# ticket-route correct (更正): fields corrected with a reason, one event
# with each field before and after; a new category or urgency moves
# live orders' deadlines from their original start, cards stay; bad
# fields and values refused, nothing written.
. "$(dirname "$0")/lib.sh"
plan 19

network
full='--text 已处理 --handler 王强 --phone 025-84561234 --approver 李明 --contact phone'
# Dispatched Monday 2026-03-02 10:00 as consultations: due Wednesday.
tickets A consultation c1 c2 r1
ticket-route --actor A sign "$c2" >/dev/null
ticket-sla --now 2026-03-04T00:00:00+08:00 sweep >/dev/null
is "$(q "select count(*) from card where ticket = '$c1'")" 1 \
    "a yellow card before the correction"

export TICKET_NOW=2026-03-04T09:00:00+08:00
run ticket-route correct "$c1" --set category=complaint \
    --set facts.where=滨江路12号 --set caller.public=true --reason 坐席录入错误
is "$rc:$(cat err)" "0:" "corrected"
is "$(jq -c '[.category, .facts.where, .caller.public, .assignments[0].due_at, .updated_at]' out)" \
    '["complaint","滨江路12号",true,"2026-03-23T23:59:59+08:00","2026-03-04T09:00:00+08:00"]' \
    "a complaint's 15 working days from the dispatch, not from now"
is "$(ev "$c1" '.events[-1] | [.kind, .data]')" \
    '["correct",{"reason":"坐席录入错误","fields":{"category":{"before":"consultation","after":"complaint"},"facts.where":{"before":"某路","after":"滨江路12号"},"caller.public":{"before":false,"after":true}},"deadlines":[{"unit":"A","before":"2026-03-04T23:59:59+08:00","after":"2026-03-23T23:59:59+08:00"}]}]' \
    "one event: every field before and after, and the deadline moved"
is "$(q "select category, limit_days from ticket t join assignment a on a.ticket = t.id where t.id = '$c1'") $(q "select color from card where ticket = '$c1'")" \
    "complaint|15 yellow" "the columns follow; the card issued stays"
is "$(ticket-ls --text 滨江路12号 | jq -r .id)" "$c1" \
    "the search index holds the corrected facts"
is "$(ticket-ls "$c1" --format table | grep 更正)" \
    "2026-03-04 09:00  platform      更正                                        理由：坐席录入错误；更正：类别 咨询→投诉、地点 某路→滨江路12号、同意公开 否→是" \
    "the history shows the correction"

# Urgent: due by the end of the day it started, a signed order too.
run ticket-route correct "$c2" --set urgent=true --reason 涉及安全
is "$(jq -r '.assignments[0].due_at' out)" "2026-03-02T23:59:59+08:00" \
    "urgent: the end of the dispatch day"

# After the reply: the record only; the replied order keeps its date.
ticket-route --actor A sign "$r1" >/dev/null
ticket-reply --actor A "$r1" $full >/dev/null
ticket-reply review "$r1" --approve >/dev/null
run ticket-route correct "$r1" --set category=help --set topic=供水 \
    --reason 类别有误
is "$(jq -c '[.status, .category, .topic, .assignments[0].status, .assignments[0].due_at]' out)" \
    '["replied","help","供水","approved","2026-03-04T23:59:59+08:00"]' \
    "a replied ticket: the record corrected, the order's date kept"

# What the platform set at intake stays: a redirected ticket's redirection.
x=$(ticket-new --source-id x1 --channel phone --category consultation \
    --what 楼下着火了 2>/dev/null | jq -r .id)
run ticket-route correct "$x" --set topic=消防 --reason 补录主题
is "$rc:$(jq -c '[.status, .topic, .redirect.number]' out)" \
    '0:["redirected","消防","119"]' "a redirected ticket keeps its redirection"

# Bad input: one line each, nothing written.
before=$(q "select count(*) from event; select group_concat(doc) from ticket" | md5sum)
run ticket-route correct "$c1" --set color=red --reason x
is "$rc:$(cat err)" \
    "2:ticket-route: --set: no field \"color\" to correct (see ticket-route(1), CORRECTION)" \
    "a field that does not exist"
run ticket-route correct "$c1" --set category=bogus --reason x
is "$rc:$(cat err)" \
    "1:ticket-route: $c1: \"category\": unknown value \"bogus\" (expected consultation (咨询), help (求助), suggestion (建议), complaint (投诉) or report (举报))" \
    "an invalid value"
run ticket-route correct "$c1" --set urgent=maybe --reason x
is "$(cat err)" \
    "ticket-route: $c1: \"urgent\": expected true or false, not \"maybe\"" \
    "an invalid boolean"
run ticket-route correct "$c1" --set facts.where= --reason x
is "$(cat err)" "ticket-route: $c1: missing \"where\" (地点)" \
    "a complaint's place cannot be taken away"
run ticket-route correct "$c1" --set category=complaint --reason x
is "$(cat err)" \
    "ticket-route: $c1: nothing to correct: the fields already hold these values" \
    "a correction that changes nothing"
run ticket-route correct "$c1" --set topic=a --set topic=b --reason x
is "$rc:$(cat err)" "2:ticket-route: --set: field \"topic\" given twice" \
    "a field given twice"
run ticket-route correct "$c1" --set topic=a
is "$rc:$(cat err)" "2:ticket-route: correct: needs --reason" "a reason needed"
run ticket-route --actor A correct "$c1" --set topic=a --reason x
is "$(cat err)" "ticket-route: $c1: only the platform may correct a ticket" \
    "a unit does not correct"
is "$(q "select count(*) from event; select group_concat(doc) from ticket" | md5sum)" \
    "$before" "nothing written by any of them"
