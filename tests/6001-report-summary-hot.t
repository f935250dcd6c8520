#!/bin/sh -e
# ticket-report summary and hot: volumes by day, channel, category, topic
# and area, the share answered directly, repeat callers, open orders by
# age; hot spots against the period before.  A ticket received at
# 23:59:59 on the last day is the period's, one at 00:00:00 the next's.
. "$(dirname "$0")/lib.sh"
plan 10

network
mk() {	# when channel category topic area phone
	TICKET_NOW=2026-$1+08:00 ticket-new --channel "$2" --category "$3" \
	    --what 某事 --when 昨天 --where 某路 --who 某人 --process 无 \
	    --result 处理 --topic "$4" --area "$5" --phone "$6" 2>/dev/null |
	    jq -r .id
}
mk 02-20T10:00:00 phone complaint 噪声 甲区 13800000009 >/dev/null
mk 02-21T10:00:00 phone complaint 噪声 甲区 13800000009 >/dev/null
t1=$(mk 03-02T09:00:00 phone complaint 噪声 甲区 13800000001)
t2=$(mk 03-02T10:00:00 web consultation 社保 乙区 13800000002)
mk 03-03T10:00:00 phone complaint 噪声 乙区 13800000001 >/dev/null
mk 03-31T23:59:59 wechat help 供水 甲区 13800000003 >/dev/null
mk 04-01T00:00:00 phone help 供水 甲区 13800000004 >/dev/null
TICKET_NOW=2026-03-02T10:05:00+08:00 ticket-route answer "$t2" \
    --text 请携带身份证办理 >/dev/null
TICKET_NOW=2026-03-02T10:00:00+08:00 ticket-route dispatch "$t1" \
    --lead A >/dev/null

march='--from 2026-03-01 --to 2026-03-31'
run ticket-report summary $march
is "$rc:$(cat err)" "0:" "summary runs clean"
is "$(jq -r 'select(.dimension == "total" or .dimension == "answered") |
    "\(.key) \(.count) \(.share)"' out)" "all 4 1
answered 1 0.25" "four tickets in March (23:59:59 in, 00:00:00 out); one answered directly"
is "$(jq -r 'select(.dimension == "day") | "\(.key) \(.count)"' out)" \
    "2026-03-02 2
2026-03-03 1
2026-03-31 1" "by day, the last second of the month on the 31st"
is "$(jq -r 'select(.dimension == "channel" or .dimension == "category") |
    "\(.key) \(.name) \(.count)"' out)" "phone 电话 2
web 网站 1
wechat 微信 1
complaint 投诉 2
consultation 咨询 1
help 求助 1" "by channel and category, with their Chinese names"
is "$(jq -r 'select(.dimension == "repeat") | "\(.key) \(.count)"' out)" \
    "callers 1
tickets 2
duplicates 0
merged 0" "one caller called twice"
is "$(jq -r 'select(.dimension == "open") | "\(.key) \(.count)"' out)" \
    "0-1 0
2-5 0
6-15 0
16-30 1
31- 0" "the open order, 29 days old at the period's end"
run ticket-report summary $march --format table
is "$(sed -n 1p out)" "维度      项目        件数  占比" \
    "summary table headers"

run ticket-report hot $march
is "$(jq -c '[.topic, .area, .count, .previous, .change]' out)" \
    '["供水","甲区",1,0,1]
["噪声","乙区",1,0,1]
["社保","乙区",1,0,1]
["噪声","甲区",1,2,-1]' "hot spots: largest rise first, against February (ties by bytes)"
run ticket-report hot $march --limit 1 --format csv
is "$(cat out)" "topic,area,count,previous,change
供水,甲区,1,0,1" "hot as CSV, limited"
run ticket-report hot --month 2026-13
is "$rc:$(cat err)" '2:ticket-report: --month: not YYYY-MM: "2026-13"' \
    "a bad month is a usage error"
