#!/bin/sh -e
# ticket-new: the intake rules of ticket-new(1), each pinned.
. "$(dirname "$0")/lib.sh"
plan 23

# rec SOURCE CATEGORY FACTS [EXTRA]: one record on a line
rec() {
	printf '{"source_id":"%s","received_at":"2026-03-02T09:00:00+08:00",' "$1"
	printf '"channel":"phone","category":"%s","facts":{%s}%s}\n' "$2" "$3" "${4:-}"
}
all='"when":"昨天","where":"长江路","who":"某公司","what":"噪音扰民","process":"多次反映","result":"要求处理"'

# what is always required; when, where, who for help, complaint, report.
for c in consultation suggestion; do
	rec "$c-1" $c '"what":"问一件事","process":"无","result":"请答复"'
done >a.jsonl
for c in help complaint report; do
	rec "$c-1" $c "$all"
	rec "$c-2" $c '"what":"噪音","where":"长江路","who":"某公司"'
	rec "$c-3" $c '"when":"昨天","what":"噪音","who":"某公司"'
	rec "$c-4" $c '"when":"昨天","where":"长江路","what":"噪音"'
done >>a.jsonl
rec none-1 consultation '"where":"长江路"' >>a.jsonl
run ticket-new a.jsonl
is "$rc" 1 "refusals: exit 1"
cat >want <<'X'
ticket-new: a.jsonl:4: missing "when" (时间)
ticket-new: a.jsonl:5: missing "where" (地点)
ticket-new: a.jsonl:6: missing "who" (人物)
ticket-new: a.jsonl:8: missing "when" (时间)
ticket-new: a.jsonl:9: missing "where" (地点)
ticket-new: a.jsonl:10: missing "who" (人物)
ticket-new: a.jsonl:12: missing "when" (时间)
ticket-new: a.jsonl:13: missing "where" (地点)
ticket-new: a.jsonl:14: missing "who" (人物)
ticket-new: a.jsonl:15: missing "what" (事由)
X
is_file err want "each refusal named by line, in order"
is "$(jq -r .source_id out | tr '\n' ' ')" \
    "consultation-1 suggestion-1 help-1 complaint-1 report-1 " \
    "the good records stored"
is "$(q 'select count(*) from ticket')" 5 "and only those"

# A missing process or result is a warning, not an error.
rec soft-1 consultation '"what":"问一件事"' >b.jsonl
run ticket-new b.jsonl
is "$rc" 0 "missing process and result: exit 0"
is "$(cat err)" 'ticket-new: warning: b.jsonl:1: missing "process" (经过), "result" (结果)' \
    "the warning names both"

# Out of scope: kept as rejected, with the reason; only what is required.
i=0
for r in R1 R2 R3 R4 R5 R6 R7; do
	i=$((i + 1))
	rec "rej-$i" complaint '"what":"某事"' ",\"reject\":\"$r\",\"reject_note\":\"说明$i\""
done >c.jsonl
rec rej-8 complaint '"what":"某事"' ',"reject":"R8"' >>c.jsonl
rec rej-9 complaint '"what":"某事"' ',"reject_note":"无代码"' >>c.jsonl
run ticket-new c.jsonl
is "$rc" 1 "rejects: exit 1 for the bad codes"
is "$(jq -r '.status + " " + .reject.reason + " " + .reject.note' out | tr '\n' ';')" \
    "rejected R1 说明1;rejected R2 说明2;rejected R3 说明3;rejected R4 说明4;rejected R5 说明5;rejected R6 说明6;rejected R7 说明7;" \
    "R1 to R7 kept as rejected, reason and note"
cat >want <<'X'
ticket-new: c.jsonl:8: "reject": unknown reason "R8" (expected R1 to R7)
ticket-new: c.jsonl:9: "reject": a note without a reason code
X
is_file err want "an unknown code and a note alone are refused"
is "$(q "select data from event where ticket = (select id from ticket where source_id = 'rej-4')")" \
    '{"reject":{"reason":"R4","note":"说明4"}}' "the reason is in the intake event"

# Emergency screening on the phone: the first rule that matches what is
# happening now redirects.
rec em-1 help "$all" | sed 's/噪音扰民/楼道里电动车着火了/' >d.jsonl
rec em-2 help "$all" | sed 's/多次反映/老人突然晕倒在家/' >>d.jsonl
rec em-3 help "$all" | sed 's/多次反映/刚才路口发生车祸，有人受伤/' >>d.jsonl
rec em-4 help "$all" | sed 's/噪音扰民/门口有人持刀/' >>d.jsonl
rec em-5 consultation '"what":"咨询火车站的公交线路"' >>d.jsonl
run ticket-new d.jsonl
is "$rc" 0 "redirects: exit 0"
is "$(jq -r '.status + " " + (.redirect.number // "-") + " " + (.redirect.keyword // "-")' out | tr '\n' ';')" \
    "redirected 119 着火了;redirected 120 晕倒;redirected 122 车祸;redirected 110 有人持刀;new - -;" \
    "119, 120, 122, 110, and a near miss that stays new"
like "$(sed -n 1p err)" \
    "^ticket-new: warning: d.jsonl:1: redirected to 119 \(keyword \"着火了\", rule .*etc/screening.csv:2\)$" \
    "the operator is told at once, with the rule"
is "$(jq -r .redirect.rule out | sed -n 2p | sed 's|.*/||')" "screening.csv:9" \
    "the matched rule is recorded"

# A rule file of the administrator's own.
printf 'number,keywords\n119,塌方|冒烟\n' >mine.csv
rec em-6 help "$all" | sed 's/噪音扰民/山体塌方/' >e.jsonl
run ticket-new --screening mine.csv e.jsonl
is "$(jq -r .redirect.rule out)" "mine.csv:2" "--screening FILE"
printf 'number,keywords\n119,火\n999,x\n120,\n' >bad.csv
run ticket-new --screening bad.csv e.jsonl
cat >want <<'X'
ticket-new: bad.csv:3: number "999" is not 110, 119, 120 or 122
ticket-new: bad.csv:4: no keywords
ticket-new: bad.csv: bad screening rules
X
is "$rc" 3 "a bad screening file is fatal"
is_file err want "every bad row named"

# Repeat calls: same phone, area and topic while the first is open.
dup() {
	printf '{"source_id":"%s","channel":"phone","category":"complaint",' "$1"
	printf '"caller":{"phone":"%s"},"area":"%s","topic":"%s",' "$2" "$3" "$4"
	printf '"facts":{%s}%s}\n' "$all" "${5:-}"
}
{
	dup d-1 13900000001 滨湖区 噪声
	dup d-2 13900000001 滨湖区 噪声
	dup d-3 13900000001 滨湖区 供水
	dup d-4 13900000001 江北区 噪声
	dup d-5 13900000002 滨湖区 噪声
	dup d-6 13900000001 滨湖区 噪声
	dup d-7 13900000003 滨湖区 噪声 ',"reject":"R6"'
	dup d-8 13900000003 滨湖区 噪声
} >f.jsonl
run ticket-new f.jsonl
d1=$(jq -r 'select(.source_id == "d-1") | .id' out)
is "$(jq -r '.source_id + ":" + (.duplicate_of // "-")' out | tr '\n' ' ')" \
    "d-1:- d-2:$d1 d-3:- d-4:- d-5:- d-6:$d1 d-7:- d-8:- " \
    "linked to the first open ticket of the same phone, area and topic"
is "$(q "select data from event where ticket = (select id from ticket where source_id = 'd-6')")" \
    "{\"duplicate_of\":\"$d1\"}" "the link is in the intake event"

# Numbers: receipt date and a daily sequence, with the configured prefix.
echo 'id_prefix = NJ' >ticket.conf
printf '%s\n' \
    '{"channel":"web","category":"consultation","received_at":"2026-03-03T23:59:59+08:00","facts":{"what":"一"}}' \
    '{"channel":"web","category":"consultation","received_at":"2026-03-03T16:00:00Z","facts":{"what":"二"}}' \
    '{"channel":"web","category":"consultation","received_at":"2026-03-03T15:59:59Z","facts":{"what":"三"}}' \
    '{"channel":"web","category":"consultation","facts":{"what":"四"}}' >g.jsonl
n=$(($(q "select count(*) from ticket where id like '20260302%'") + 1))
run ticket-new g.jsonl
is "$(jq -r .id out | tr '\n' ' ')" \
    "NJ20260303000001 NJ20260304000001 NJ20260303000002 NJ20260302$(printf %06d $n) " \
    "the local receipt date, a sequence per day, the prefix; no time means now"
: >ticket.conf

# Fields the platform sets are not taken from a source.
printf '%s\n' '{"id":"1","channel":"web","category":"consultation","facts":{"what":"一"}}' \
    '{"status":"closed","channel":"web","category":"consultation","facts":{"what":"一"}}' >h.jsonl
run ticket-new h.jsonl
cat >want <<'X'
ticket-new: h.jsonl:1: "id" is set by the platform, not at intake (the caller system's id goes in "source_id")
ticket-new: h.jsonl:2: "status" is set by the platform, not at intake
X
is_file err want "id and status refused"
printf '%s\n' '{"updated_at":"x","channel":"web","category":"consultation","facts":{"what":"一"}}' >i.jsonl
run ticket-new i.jsonl
is "$(cat err)" 'ticket-new: i.jsonl:1: "updated_at" is set by the platform, not at intake' \
    "updated_at refused"
is "$rc" 1 "exit 1"
