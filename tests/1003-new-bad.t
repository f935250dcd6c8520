#!/bin/sh -e
# ticket-new: bad input of every kind is named by source and line and
# changes nothing; the rest of the input still goes through.
. "$(dirname "$0")/lib.sh"
plan 9

good='{"channel":"web","category":"consultation","facts":{"what":"问","process":"无","result":"答复"}}'
{
	echo "$good"
	echo '{"channel":"web",'
	echo '["not", "an", "object"]'
	echo '"a string"'
	echo '{"channel":"web","category":"consultation","urgent":3,"facts":{"what":"问"}}'
	echo '{"channel":"web","category":"consultation","urgent":"maybe","facts":{"what":"问"}}'
	echo '{"channel":"web","category":"consultation","caller":"张三","facts":{"what":"问"}}'
	echo '{"channel":"web","category":"consultation","facts":["问"]}'
	echo '{"channel":"web","category":"consultation","facts":{"what":7}}'
	printf '{"channel":"web","category":"consultation","facts":{"what":"\377"}}\n'
	echo '{"channel":"fax","category":"consultation","facts":{"what":"问"}}'
	echo '{"channel":"web","category":"praise","facts":{"what":"问"}}'
	echo '{"channel":"web","category":"consultation","received_at":"2026-02-30T09:00:00+08:00","facts":{"what":"问"}}'
	echo '{"channel":"web","category":"consultation","received_at":"yesterday","facts":{"what":"问"}}'
	echo '{"channel":"web","channel":"app","category":"consultation","facts":{"what":"问"}}'
	echo ''
	echo "$good"
} >a.jsonl
run ticket-new a.jsonl
cat >want <<'X'
ticket-new: a.jsonl:2: malformed JSON at column 17: string or '}' expected near end of file
ticket-new: a.jsonl:3: expected a JSON object, not an array
ticket-new: a.jsonl:4: expected a JSON object, not a scalar
ticket-new: a.jsonl:5: "urgent": expected true or false
ticket-new: a.jsonl:6: "urgent": expected true or false, not "maybe"
ticket-new: a.jsonl:7: "caller": expected an object
ticket-new: a.jsonl:8: "facts": expected an object
ticket-new: a.jsonl:9: "facts.what": expected a string
ticket-new: a.jsonl:10: invalid UTF-8 at byte 61
ticket-new: a.jsonl:11: "channel": unknown value "fax" (expected phone (电话), web (网站), app (移动客户端), wechat (微信), email (电子邮件), letter (来信), visit (来访), province (省级平台交办) or leader (领导批示))
ticket-new: a.jsonl:12: "category": unknown value "praise" (expected consultation (咨询), help (求助), suggestion (建议), complaint (投诉) or report (举报))
ticket-new: a.jsonl:13: "received_at": not a time: "2026-02-30T09:00:00+08:00"
ticket-new: a.jsonl:14: "received_at": not a time: "yesterday"
ticket-new: a.jsonl:15: malformed JSON at column 26: duplicate object key near '"channel"'
X
is "$rc" 1 "exit 1"
is_file err want "every bad line named, with what is wrong"
is "$(q 'select count(*) from ticket; select count(*) from event')" "2
2" "the two good records stored, nothing else"
is "$(wc -l <out)" 2 "and printed"

# A 10 MB line is skipped without reading it whole; the next line counts.
{
	echo "$good"
	awk 'BEGIN { printf "{\"x\":\""; for (i = 0; i < 10 * 1024; i++) { s = ""; for (j = 0; j < 1024; j += 8) s = s "xxxxxxxx"; printf "%s", s } print "\"}" }'
	echo "$good"
} >big.jsonl
run ticket-new big.jsonl
is "$(cat err)" "ticket-new: big.jsonl:2: line longer than 1048576 bytes" \
    "a 10 MB line refused"
is "$(wc -l <out)" 2 "the lines around it stored"

# An unreadable file: named, the others still read.
echo "$good" >ok.jsonl
run ticket-new nosuch.jsonl ok.jsonl
is "$rc" 1 "a missing file: exit 1"
is "$(cat err)" "ticket-new: nosuch.jsonl: No such file or directory" "named"
is "$(wc -l <out)" 1 "the other file read"
