#!/bin/sh -e
# ticket-new --csv: dotted headers, RFC 4180 quoting, rows named by the
# line they start on, and foreign exports taken as they are with --map,
# --set and --time-format.
. "$(dirname "$0")/lib.sh"
plan 14

cat >a.csv <<'X'
source_id,received_at,channel,category,caller.name,caller.phone,caller.public,facts.what,facts.process,facts.result,note
W-1,2026-03-02T09:00:00+08:00,web,consultation,  李四 ,13900000001,是,"问公积金, 怎么取","第一行
第二行","回复 ""尽快"""," kept "
W-2,2026-03-02T09:01:00+08:00,web,consultation,王五,,0,问社保,无,请答复,
W-3,2026-03-02T09:02:00+08:00,web,consultation,赵六,139,1,"坏"引号,无,请答复,
W-4,2026-03-02T09:03:00+08:00,web,consultation,钱七,139,1,少一列,无
W-5,2026-03-02T09:04:00+08:00,web,suggestion,孙八,139,maybe,建议,无,无,
W-6,2026-03-02T09:05:00+08:00,web,suggestion,周九,139,1,"建议
多行",无,无,x
X
run ticket-new --csv a.csv
is "$rc" 1 "bad rows: exit 1"
cat >want <<'X'
ticket-new: a.csv:5: malformed quoting
ticket-new: a.csv:6: 9 fields, the header has 11
ticket-new: a.csv:7: "caller.public": expected true or false, not "maybe"
X
is_file err want "each bad row named by the line it starts on"
is "$(jq -r .source_id out | tr '\n' ' ')" "W-1 W-2 W-6 " "the good rows stored"
is "$(jq -c 'select(.source_id == "W-1") | [.caller, .facts, .note]' out)" \
    '[{"name":"李四","phone":"13900000001","anonymous":false,"public":true},{"what":"问公积金, 怎么取","process":"第一行\n第二行","result":"回复 \"尽快\""},"kept"]' \
    "dotted names nest; quoting, line breaks and white space handled"
is "$(jq -c 'select(.source_id == "W-2") | .caller' out)" \
    '{"name":"王五","anonymous":false,"public":false}' "an empty cell is absent"

# A quote left open at the end of the file.
printf 'source_id,channel,category,facts.what\nX-1,web,consultation,"open\n' >b.csv
run ticket-new --csv b.csv
is "$(cat err)" "ticket-new: b.csv:2: quote not closed at the end of the file" \
    "an unclosed quote at the end"
is "$rc" 1 "exit 1"

# A web-message export with Chinese headers and local times.
cat >c.csv <<'X'
留言编号,留言时间,留言人,联系电话,留言类型,所属区域,留言内容,是否公开
LY1,2026/3/3 14:05:09,刘一,13900000009,consultation,江北区,咨询停车收费标准,1
LY2,2026/3/3 24:05:09,刘二,13900000008,consultation,江北区,咨询,1
X
run ticket-new --csv --map 留言编号=source_id --map 留言时间=received_at \
    --map 留言人=caller.name --map 联系电话=caller.phone \
    --map 留言类型=category --map 所属区域=area --map 留言内容=facts.what \
    --map 是否公开=caller.public --set channel=web \
    --time-format '%Y/%m/%d %H:%M:%S' c.csv
is "$(jq -c '[.source_id, .received_at, .channel, .caller.name, .area, .facts.what, .caller.public]' out)" \
    '["LY1","2026-03-03T14:05:09+08:00","web","刘一","江北区","咨询停车收费标准",true]' \
    "--map, --set and --time-format"
is "$(grep -v warning: err)" 'ticket-new: c.csv:3: "received_at": not a time in the --time-format: "2026/3/3 24:05:09"' \
    "an impossible local time refused"

# A 311-style export: 12-hour clock, unmapped columns kept.
cat >d.csv <<'X'
Unique Key,Created Date,Agency,Descriptor
311-1,04/12/2018 11:11:26 AM,DSNY,Missed collection
311-2,04/12/2018 11:11:26 PM,DEP,Noise
X
run ticket-new --csv --map 'Unique Key=source_id' --map 'Created Date=received_at' \
    --map Descriptor=facts.what --set channel=phone --set category=consultation \
    --time-format '%m/%d/%Y %I:%M:%S %p' d.csv
is "$(jq -c '[.id, .received_at, .Agency]' out | tr '\n' ' ')" \
    '["20180412000001","2018-04-12T11:11:26+08:00","DSNY"] ["20180412000002","2018-04-12T23:11:26+08:00","DEP"] ' \
    "12-hour times; columns that map to nothing are kept"

# JSON keys are renamed the same way.
echo '{"编号":"J-1","类型":"consultation","内容":"问路","渠道":"app"}' >e.jsonl
run ticket-new --map 编号=source_id --map 类型=category --map 内容=facts.what \
    --map 渠道=channel e.jsonl
is "$(jq -c '[.source_id, .category, .channel, .facts.what]' out)" \
    '["J-1","consultation","app","问路"]' "--map on JSON keys"

# --set never overrides what the source says.
echo '{"channel":"app","category":"consultation","facts":{"what":"问路"}}' >f.jsonl
run ticket-new --set channel=web --set area=江南区 f.jsonl
is "$(jq -c '[.channel, .area]' out)" '["app","江南区"]' "--set fills only what is missing"

# A header that names a column twice.
printf 'source_id,source_id\n1,2\n' >g.csv
run ticket-new --csv g.csv
is "$(cat err)" 'ticket-new: g.csv:1: header: column "source_id" twice' \
    "a duplicate header is refused"

# A BOM and CRLF line ends, as spreadsheets write them.
printf '\357\273\277channel,category,facts.what\r\nweb,consultation,问\r\n' >h.csv
run ticket-new --csv h.csv
is "$(jq -c '[.channel, .facts.what]' out)" '["web","问"]' "BOM and CRLF"
