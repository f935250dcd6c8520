#!/bin/sh -e
# ticket-ls: filters, one ticket with its history, and the table, CSV and
# Open311 views; Open311 carries no personal data.
. "$(dirname "$0")/lib.sh"
plan 20

t() {
	printf '{"source_id":"%s","received_at":"%s","channel":"%s","category":"%s",' "$1" "$2" "$3" "$4"
	printf '"caller":{"name":"欧阳娜娜","phone":"13812348000","public":%s},"area":"%s",' "${pub:-false}" "$5"
	printf '"facts":{"when":"昨天","where":"湖滨路","who":"某店","what":"%s","process":"无","result":"处理"}%s}\n' "$6" "${7:-}"
}
{
	pub=true t A 2026-03-01T23:59:59+08:00 phone complaint 江北区 '店主欧阳娜娜电话13812348000，噪音很大'
	t B 2026-03-02T00:00:00+08:00 web consultation 临江经济开发区 '咨询 ABC 公积金'
	t C 2026-03-02T12:00:00+08:00 app report 滨湖区 '举报无证经营' ',"reject":"R3"'
	t D 2026-03-03T08:00:00+08:00 phone help 江南区 '门口电动车着火了'
} >a.jsonl
ticket-new a.jsonl >/dev/null 2>&1

run ticket-ls
is "$(jq -r .source_id out | tr '\n' ' ')" "A B C D " "no filter: every ticket, oldest first"
run ticket-ls --status new
is "$(jq -r .source_id out | tr '\n' ' ')" "A B " "--status"
run ticket-ls --status rejected,redirected
is "$(jq -r .source_id out | tr '\n' ' ')" "C D " "--status with a list"
run ticket-ls --category help
is "$(jq -r .source_id out | tr '\n' ' ')" "D " "--category"
run ticket-ls --since 2026-03-02 --until 2026-03-02
is "$(jq -r .source_id out | tr '\n' ' ')" "B C " "dates: the whole day, midnight included"
run ticket-ls --since 2026-03-01T15:59:59Z --until 2026-03-02T12:00:00+08:00
is "$(jq -r .source_id out | tr '\n' ' ')" "A B " "times: since inclusive, until exclusive"
run ticket-ls --unit JB01
is "$(wc -l <out)" 0 "--unit: nothing assigned yet"

id=$(ticket-ls --status new | jq -r 'select(.source_id == "A") | .id')
run ticket-ls "$id"
is "$(jq -c '[.id, .assignments, [.events[] | .kind + ":" + .after + ":" + .at]]' out)" \
    "[\"$id\",[],[\"intake:new:2026-03-02T10:00:00+08:00\"]]" \
    "one ticket with its assignments and history"
run ticket-ls "$id" 20990101000001
is "$rc" 1 "an unknown number: exit 1"
is "$(cat err)" "ticket-ls: 20990101000001: no such ticket" "named"

run sh -c 'ticket-ls --status rejected,redirected | ticket-ls -f csv -'
is "$(cut -d, -f2 out | tr '\n' ' ')" "source_id C D " "ids from JSON lines on stdin"
run sh -c 'echo "{\"x\":1}" | ticket-ls -'
is "$(cat err)" 'ticket-ls: stdin:1: no "id"' "a line without an id is named"

run ticket-ls --format table --status new
cat >want <<'X'
工单号          受理时间          渠道          类别  状态      区域            事由
20260301000001  2026-03-01 23:59  电话          投诉  待处理    江北区          店主欧阳娜娜电话13812348000，噪音很大
20260302000001  2026-03-02 00:00  网站          咨询  待处理    临江经济开发区  咨询 ABC 公积金
X
is_file out want "the table lines up Chinese text by display width"

run ticket-ls --format csv --status rejected
cat >want <<'X'
id,source_id,received_at,channel,category,status,urgent,topic,area,caller.name,caller.phone,caller.anonymous,caller.public,facts.when,facts.where,facts.who,facts.what,facts.process,facts.result,reject.reason,redirect.number,duplicate_of,updated_at
20260302000002,C,2026-03-02T12:00:00+08:00,app,report,rejected,false,,滨湖区,欧阳娜娜,13812348000,false,false,昨天,湖滨路,某店,举报无证经营,无,处理,R3,,,2026-03-02T10:00:00+08:00
X
is_file out want "CSV with the intake's dotted names"

run ticket-ls --format open311
is "$(jq -r 'length' out)" 4 "open311: one JSON array"
is "$(jq -c '.[0]' out)" \
    "{\"service_request_id\":\"$id\",\"status\":\"open\",\"status_notes\":\"待处理\",\"service_name\":\"投诉\",\"service_code\":\"complaint\",\"description\":\"店主欧***电话138****8000，噪音很大\",\"requested_datetime\":\"2026-03-01T23:59:59+08:00\",\"updated_datetime\":\"2026-03-02T10:00:00+08:00\",\"address\":\"江北区\"}" \
    "open311: the mapping, the name and phone masked"
is "$(jq -r '[.[].status] | join(" ")' out)" "open open closed closed" \
    "rejected and redirected are closed"
is "$(jq -c '.[1]' out)" \
    "{\"service_request_id\":\"$(jq -r '.[1].service_request_id' out)\",\"status\":\"open\",\"service_name\":\"咨询\",\"service_code\":\"consultation\",\"requested_datetime\":\"2026-03-02T00:00:00+08:00\",\"updated_datetime\":\"2026-03-02T10:00:00+08:00\"}" \
    "open311: a caller who did not agree: service, status and dates only"
if grep -q -e 欧阳娜娜 -e 13812348000 out; then r=1; else r=0; fi
ok $r "no name or phone anywhere in the feed"

run ticket-ls --format xml
is "$(cat err)" 'ticket-ls: --format: expected json, table, csv or open311, not "xml"' \
    "an unknown format: usage"
