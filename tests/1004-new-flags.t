#!/bin/sh -e
# ticket-new: one ticket from flags, --dry-run, --progress, and the
# command line itself.
. "$(dirname "$0")/lib.sh"
plan 20

run ticket-new --channel phone --category help --what '电梯停运' \
    --when '今天上午' --where '滨湖区湖滨路1号' --who '物业' \
    --process '等了两小时' --result '请尽快修复' --name 王平 \
    --phone 13900000001 --area 滨湖区 --topic 城乡建设/物业管理 \
    --urgent --source-id CC-9
is "$rc" 0 "one ticket from flags"
is "$(cat out)" '{"id":"20260302000001","source_id":"CC-9","received_at":"2026-03-02T10:00:00+08:00","channel":"phone","caller":{"name":"王平","phone":"13900000001","anonymous":false,"public":false},"category":"help","topic":"城乡建设/物业管理","area":"滨湖区","facts":{"when":"今天上午","where":"滨湖区湖滨路1号","who":"物业","what":"电梯停运","process":"等了两小时","result":"请尽快修复"},"urgent":true,"status":"new","updated_at":"2026-03-02T10:00:00+08:00"}' \
    "every flag lands in its field; received now"

run ticket-new --channel phone --category help --what '电梯停运'
is "$rc" 1 "flags are checked like any record"
is "$(cat err)" 'ticket-new: flags:1: missing "when" (时间)' "named as flags:1"

run ticket-new --channel web --category consultation --what 问 --reject R6
is "$(jq -r '.status + " " + .reject.reason' out)" "rejected R6" "--reject"

# --dry-run: everything checked and shown, nothing kept.
before=$(q 'select count(*) from ticket; select count(*) from event; select count(*) from id_seq')
printf '%s\n' '{"channel":"web","category":"consultation","facts":{"what":"问","process":"无","result":"答"}}' \
    '{"channel":"web"}' >a.jsonl
run ticket-new --dry-run a.jsonl
is "$rc" 1 "dry run: exit 1 for the bad record"
is "$(jq -r '.id + " " + .status' out)" "20260302000003 new" \
    "dry run: shows the ticket it would store"
is "$(cat err)" 'ticket-new: a.jsonl:2: missing "category"' \
    "dry run: names the bad record"
is "$(q 'select count(*) from ticket; select count(*) from event; select count(*) from id_seq')" \
    "$before" "dry run: nothing stored"

# --progress: a line at the end at least, with the counts.
run ticket-new --progress a.jsonl
like "$(tail -n 1 err)" '^ticket-new: progress: 2 records, [0-9]+/s, 1 refused, done$' \
    "--progress reports records, rate and refusals"

# Flags take --set for what they lack; --urgent works for files too.
run ticket-new --set channel=web --set received_at=2026-03-01T08:00:00+08:00 \
    --category consultation --what 问路 --channel app
is "$(jq -c '[.channel, .received_at]' out)" '["app","2026-03-01T08:00:00+08:00"]' \
    "flags with --set: the flag wins, --set fills the rest"
printf '%s\n' '{"channel":"web","category":"consultation","facts":{"what":"一"}}' \
    '{"channel":"web","category":"consultation","urgent":false,"facts":{"what":"二"}}' >u.jsonl
run ticket-new --urgent u.jsonl
is "$(jq -c .urgent out | tr '\n' ' ')" "true false " \
    "--urgent marks records that do not say"

# A dry run longer than a batch numbers as one real run would.
awk 'BEGIN { for (i = 1; i <= 2500; i++) printf "{\"source_id\":\"S-%d\",\"channel\":\"web\",\"category\":\"consultation\",\"facts\":{\"what\":\"问\"}}\n", i }' >many.jsonl
head -n 1 many.jsonl >>many.jsonl
run ticket-new --dry-run many.jsonl
is "$(jq -r .id out | sort -u | wc -l) $(wc -l <out)" "2500 2501" \
    "dry run over batches: distinct numbers, the repeat recognised"
is "$(tail -n 1 out | jq -r .source_id)" "S-1" "the repeated source_id shows the first"
is "$(q "select count(*) from ticket where source_id like 'S-%'")" 0 \
    "and nothing stored"

# Usage.
run ticket-new --frobnicate
is "$rc" 2 "an unknown option: exit 2"
run ticket-new --map nonsense
is "$(cat err)" 'ticket-new: --map: expected NAME=VALUE, not "nonsense"' "--map needs ="
run ticket-new --now yesterday
is "$(cat err)" 'ticket-new: --now: not an RFC 3339 time: "yesterday"' "--now checked"
run ticket-new --help
like "$(head -n 1 out)" '^usage: ticket-new ' "--help on stdout"
run ticket-new --version
like "$(cat out)" '^ticket-new [0-9]+\.[0-9]+\.[0-9]+$' "--version"
