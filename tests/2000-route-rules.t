#!/bin/sh -e
# ticket-route rules: import, list, test; a bad file changes nothing.
. "$(dirname "$0")/lib.sh"
plan 11

network
cp "$data/route-rules.csv" rules.csv
run ticket-route rules import rules.csv
is "$rc" 0 "import: exit 0"
is "$(jq -r '.rule + " " + .lead + " " + .mode' out | tr '\n' ';')" \
    "rules.csv:2 D transfer;rules.csv:3 W transfer;rules.csv:4 B transfer;rules.csv:5 A transfer;rules.csv:6 D escalate;rules.csv:7 A direct;" \
    "each rule printed, in file order"
run ticket-route rules ls
is "$(jq -r .priority out | tr '\n' ' ')" "5 6 10 10 20 30 " \
    "ls: in the order they are tried"

run ticket-route rules test --text '楼下工地噪音扰民' --category complaint \
    --topic 生态环境/噪声污染 --area 乙区
is "$(jq -c '[.rule.rule, .why]' out)" \
    '["rules.csv:4",{"category":"complaint","topic":"any","area":"乙区","keyword":{"word":"噪音","in":"facts.what"}}]' \
    "test: the rule and why it matched"
run ticket-route rules test --text '停水两天' --topic 公用事业/供水
is "$(jq -r .rule.lead out)" "W" "a topic matches the topics under it"
run ticket-route rules test --text '出租车上遗失手机' --topic 交通运输/出租车
is "$(jq -r '.rule.rule + " " + .rule.mode' out)" "rules.csv:7 direct" \
    "a glob topic; the lower priority first"
run ticket-route rules test --text '咨询问题' --topic 教育 --area 丙区
is "$(jq -c .rule out)" "null" "nothing matches: said so"

# A bad file: every bad row named, the old rules kept.
cat >bad.csv <<'X'
priority,category,topic,area,keywords,lead,co,mode
1,,,,,NOPE,,transfer
2,,[城乡,,,D,,transfer
x,,,,,D,,transfer
3,praise,,,,D,,transfer
4,,,,a||b,D,,transfer
5,,,,,D,ZZ,transfer
6,,,,,D,,shout
7,,,,,platform,,transfer
8,,,,,X,,transfer
X
before=$(q 'select * from route_rule')
run ticket-route rules import bad.csv
cat >want <<'X'
ticket-route: bad.csv:2: lead: no such unit "NOPE"
ticket-route: bad.csv:3: bad pattern: "[城乡"
ticket-route: bad.csv:4: priority: not a number from 0 to 1000000: "x"
ticket-route: bad.csv:5: category: unknown "praise"
ticket-route: bad.csv:6: keywords: an empty keyword in "a||b"
ticket-route: bad.csv:7: co: no such unit "ZZ"
ticket-route: bad.csv:8: mode: not transfer, direct or escalate: "shout"
ticket-route: bad.csv:9: lead: the platform handles no orders: "platform"
ticket-route: bad.csv:10: lead: inactive unit "X"
ticket-route: bad.csv: bad routing rules: nothing imported
X
is "$rc" 3 "a bad file: exit 3"
is_file err want "every bad row named"
is "$(q 'select * from route_rule')" "$before" "the rules as they were"

printf 'priority,category,topic,area,keywords,lead,co\n1,,,,,D,\n' >short.csv
run ticket-route rules import short.csv
is "$(head -n 1 err)" 'ticket-route: short.csv:1: no column "mode"' \
    "a missing column"
