#!/bin/sh -e
# ticket-new: emergency screening measured on the corpus of
# scripts/screen-corpus (tests/data/screen-*.jsonl) with the shipped
# rules, and the rules of the screening file each pinned.
. "$(dirname "$0")/lib.sh"
plan 24

em=$data/screen-emergency.jsonl
ord=$data/screen-ordinary.jsonl
# The corpus is what the issue asks for: 200 emergencies, 2,000 others.
test "$(wc -l <"$em")" -ge 200 && test "$(wc -l <"$ord")" -ge 2000
ok $? "the corpus: $(wc -l <"$em") emergency calls, $(wc -l <"$ord") ordinary messages"

# count FILE FILTER: the records of FILE that FILTER selects
count() {
	jq -c "select($2)" "$1" | wc -l | tr -d ' '
}

# Emergencies on the phone: redirected, to the number they belong to.
run ticket-new -n "$em"
is "$rc" 0 "the emergencies on the phone: exit 0"
cp out em.out
total=$(wc -l <em.out)
hit=$(count em.out '.status == "redirected"')
right=$(count em.out '.status == "redirected" and .redirect.number == .expect')
echo "# recall on emergencies: $hit of $total; the right number: $right"
test $((hit * 100)) -ge $((total * 99))
ok $? "recall of at least 99% on the emergencies ($hit of $total)"
test $((right * 100)) -ge $((total * 99))
ok $? "and each to its own number ($right of $total)"
is "$(grep -c 'redirected to' err)" "$hit" "each redirect told to the agent"

# Ordinary messages on the web: never redirected, hardly ever suspected.
run ticket-new -n "$ord"
is "$rc" 0 "the ordinary messages on the web: exit 0"
cp out ord.out
total=$(wc -l <ord.out)
is "$(count ord.out '.status == "redirected"')" 0 \
    "no ordinary web message redirected"
fp=$(count ord.out 'has("suspect")')
echo "# ordinary web messages suspected: $fp of $total"
test $((fp * 100)) -le "$total"
ok $? "at most 1% of ordinary web messages suspected ($fp of $total)"

# The same messages phoned in: still not emergencies.
jq -c '.channel = "phone"' "$ord" >ord-phone.jsonl
run ticket-new -n ord-phone.jsonl
fp=$(count out '.status == "redirected"')
test $((fp * 100)) -le "$total"
ok $? "phoned in, at most 1% redirected ($fp of $total)"

# Messages written by hand after the rules (tests/data/screen-unseen.jsonl):
# the rules catch what their words cover; the figures are in the output.
jq -c '.channel = "web"' "$data/screen-unseen.jsonl" >unseen.jsonl
run ticket-new -n unseen.jsonl
is "$(count out '.status == "redirected"')" 0 "unseen messages on the web: none redirected"
echo "# unseen emergencies suspected: $(count out '.expect != "none" and .suspect.number == .expect') of $(count out '.expect != "none"')"
is "$(count out '.expect == "none" and has("suspect")')" 0 \
    "unseen ordinary messages: none suspected"

# The held-out set (tests/data/screen-heldout.jsonl): spoken emergencies on
# the phone and ordinary web messages, written before the words were widened
# and never used to choose them. Recall on it was 16 of 100 with the old
# words and 80 with the widened ones; the floor guards against a change that
# loses spoken phrasing, and is no promise about calls nobody has written.
run ticket-new -n "$data/screen-heldout.jsonl"
cp out held.out
total=$(count held.out '.expect != "none"')
hit=$(count held.out '.expect != "none" and .status == "redirected"')
right=$(count held.out '.expect != "none" and .status == "redirected" and .redirect.number == .expect')
ord=$(count held.out '.expect == "none"')
fp=$(count held.out '.expect == "none" and has("suspect")')
echo "# held-out emergencies redirected: $hit of $total; the right number: $right"
echo "# held-out ordinary web messages suspected: $fp of $ord; precision of a suspicion or redirect: $right of $((hit + fp))"
test $((right * 100)) -ge $((total * 75))
ok $? "held-out recall to the right number of at least 75% ($right of $total)"
is "$(count held.out '.expect == "none" and .status == "redirected"')" 0 \
    "held-out ordinary web messages: none redirected"
test $((fp * 100)) -le $((ord * 10))
ok $? "held-out ordinary web messages: at most 10% suspected ($fp of $ord)"

# An emergency written to the web: a new ticket, suspected, urgent.
for ch in web app wechat email letter; do
	jq -c --arg ch "$ch" '.channel = $ch | .source_id += "-" + $ch' "$em"
done | sed -n '1~17p' >em-web.jsonl
run ticket-new em-web.jsonl
n=$(wc -l <em-web.jsonl)
is "$(count out '.status == "new" and .suspect.number == .expect')" "$n" \
    "web, app, wechat, email, letter: never redirected, suspected ($n)"
is "$(q "select count(*) from ticket where suspect is not null and urgent = 1
    and status = 'new'")" "$n" "the mark: the suspect column, urgent"
like "$(sed -n 1p err)" \
    '^ticket-new: warning: em-web.jsonl:1: suspected emergency, 1[12][029] \(keyword ".+", rule .*screening.csv:[0-9]+\): urgent, for an agent to redirect or clear$' \
    "the agent is told"
id=$(jq -r .id out | sed -n 1p)
is "$(q "select json_extract(data, '\$.suspect.number') from event
    where ticket = '$id' and kind = 'intake'")" "$(jq -r .suspect.number out | sed -n 1p)" \
    "the intake event holds the suspicion"

# The rules, each pinned, on a file of one's own.
cat >rules.csv <<'X'
number,keywords,near,cancel
119,着火了,,去年|建议
119,起火|火灾,正在|现在|刚才,去年|建议|隐患|万一
X
# one SOURCE WHAT [PROCESS] [RESULT]: a web message
one() {
	jq -nc --arg s "$1" --arg w "$2" --arg p "${3:-}" --arg r "${4:-}" \
	    '{source_id: $s, channel: "web", category: "suggestion",
	    facts: ({what: $w} + (if $p == "" then {} else {process: $p} end)
	    + (if $r == "" then {} else {result: $r} end))}'
}
{
	one r-1 "楼下着火了"
	one r-2 "楼下起火"
	one r-3 "楼下起火" "来电人称现在火很大"
	one r-4 "小区起火，现在"
	one r-5 "去年楼下着火了，至今没赔"
	one r-6 "建议装喷淋，现在楼下万一起火"
	one r-7 "电动车着火了保险赔不赔" "去年我的电动车着火了，请问保险怎么赔。"
	one r-8 "楼道杂物" "现在楼道堆满杂物，存在火灾隐患。"
	one r-9 "噪音" "噪音扰民" "如果着火了谁负责"
	one r-10 "2023年3月小区起火，现在还没修"
	one r-11 "楼下正在起火" "来电人称家里有老人"
} >r.jsonl
run ticket-new -n --screening rules.csv r.jsonl
is "$(jq -r '.source_id + ":" + (.suspect.keyword // "-")' out | tr '\n' ' ')" \
    "r-1:着火了 r-2:- r-3:起火 r-4:起火 r-5:- r-6:- r-7:- r-8:- r-9:- r-10:- r-11:起火 " \
    "near words, cancelling words, 经过 for now, 结果 not read, dates"
is "$(jq -r 'select(.source_id == "r-3") | .suspect.near' out)" "现在" \
    "the near word that said now is kept"

# A file of two columns, as before near and cancel: a keyword anywhere
# in 事由 or 经过 matches, but for a dated clause.
printf 'number,keywords\n119,起火\n' >old.csv
run ticket-new -n --screening old.csv r.jsonl
is "$(jq -r 'select(has("suspect")) | .source_id' out | tr '\n' ' ')" \
    "r-2 r-3 r-4 r-6 r-11 " "a file without near and cancel still screens"

printf 'number,keywords,near,cancel,window\n119,a,b,c,1\n' >bad.csv
run ticket-new --screening bad.csv r.jsonl
is "$rc:$(sed -n 1p err)" '3:ticket-new: bad.csv:1: unknown column "window"' \
    "an unknown column is named"

# Routing leaves a suspected emergency to an agent.
network rules
id=$(q "select id from ticket where suspect is not null limit 1")
run ticket-route auto "$id"
is "$rc:$(jq -r .status out)" "0:new" "auto routing leaves a suspected emergency new"
run ticket-route dispatch "$id" --lead A
is "$rc:$(cat err)" "1:ticket-route: $id: suspected emergency ($(q "select suspect from ticket where id = '$id'")): an agent redirects or clears it first" \
    "and dispatch waits for the agent's decision"
