#!/bin/sh -e
# ticket-new: values given as their Chinese labels, and an export's own
# codes mapped with --map-value; what maps to nothing is refused.
. "$(dirname "$0")/lib.sh"
plan 10

cat >a.csv <<'X'
编号,类别,渠道,紧急,公开,事由
c1,投诉,电话,紧急,公开,路灯不亮
c2,咨询,微信,一般,不公开,问社保
c3,1,网站,否,是,噪声
c4,9,网站,否,是,无
X
maps='-m 编号=source_id -m 类别=category -m 渠道=channel -m 紧急=urgent
    -m 公开=caller.public -m 事由=facts.what -s facts.when=夜间
    -s facts.where=某路 -s facts.who=某人 -s facts.process=无 -s facts.result=无'
run ticket-new -c $maps -M category:1=complaint -M category:2=consultation a.csv
is "$rc" 1 "one record refused: exit 1"
is "$(jq -c '[.source_id, .category, .channel, .urgent, .caller.public]' out)" \
    '["c1","complaint","phone",true,true]
["c2","consultation","wechat",false,false]
["c3","complaint","web",false,true]' \
    "labels stored as their words, the export's code mapped"
is "$(cat err)" 'ticket-new: a.csv:5: "category": unknown value "9" (expected consultation (咨询), help (求助), suggestion (建议), complaint (投诉) or report (举报))' \
    "an unknown value names the field, the value and the words accepted"

# JSON numbers map by their digits; a mapped value is not mapped again.
echo '{"channel":3,"category":2,"facts":{"what":"问"}}' >b.jsonl
run ticket-new -M channel:3=web -M channel:web=phone -M category:2=咨询 b.jsonl
is "$rc:$(jq -c '[.channel, .category]' out)" '0:["web","consultation"]' \
    "a number mapped; the first map of a field taken, once"

before=$(q 'select count(*) from ticket')
run ticket-new -c $maps -M category:1=praise a.csv
is "$rc:$(cat err)" '2:ticket-new: --map-value: "praise" is not a value of category (expected consultation (咨询), help (求助), suggestion (建议), complaint (投诉) or report (举报))' \
    "a map to an unknown word refused before reading"
run ticket-new -c $maps -M urgent:Y=maybe a.csv
is "$rc:$(cat err)" '2:ticket-new: --map-value: "maybe" is not a value of urgent (expected true or false)' \
    "a boolean's map to a non-boolean refused"
run ticket-new -c $maps -M colour:1=red a.csv
is "$rc:$(cat err)" '2:ticket-new: --map-value: "colour" is not a field whose values map (channel, category, urgent, caller.anonymous, caller.public, reject, topic or area)' \
    "a field that does not map refused"
run ticket-new -c $maps -M category=1 a.csv
is "$rc:$(cat err)" '2:ticket-new: --map-value: expected FIELD:FROM=TO, not "category=1"' \
    "a map without a field refused"
is "$(q 'select count(*) from ticket')" "$before" "nothing written by a refused map"

run ticket-new --what 问 --category 建议 --channel 来信
is "$rc:$(jq -c '[.category, .channel]' out)" '0:["suggestion","letter"]' \
    "the field flags take labels too"
