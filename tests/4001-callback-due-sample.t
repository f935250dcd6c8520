#!/bin/sh -e
# ticket-callback due and sample: the callback queue, oldest reply
# first, with the caller's phone; callers who cannot be called marked;
# a sample that is the same for the same seed, whatever else is queued,
# and per unit takes a share of every unit.
. "$(dirname "$0")/lib.sh"
plan 13

network
full='--text 已处理 --handler 王强 --phone 025-84561234 --approver 李明 --contact phone'
# replied SOURCE-ID UNIT WHEN [ticket-new options]
replied() {
	src=$1 unit=$2 when=$3
	shift 3
	id=$(ticket-new --source-id "$src" --channel phone --category help \
	    --what 井盖缺失 --when 今天 --where 某路 --who 行人 --process 无 \
	    --result 补装 --topic 市政 --area 甲区 "$@" 2>/dev/null | jq -r .id)
	signed "$id" "$unit"
	ticket-reply --actor "$unit" "$id" $full >/dev/null
	TICKET_NOW=$when ticket-reply review "$id" --approve >/dev/null
	echo "$id"
}

t1=$(replied s1 A 2026-03-02T15:00:00+08:00 --phone 13812348000 --name 张伟)
t2=$(replied s2 B 2026-03-02T11:00:00+08:00 --phone 13912340000 --set caller.anonymous=true)
t3=$(replied s3 A 2026-03-02T12:00:00+08:00)
TICKET_NOW=2026-03-02T16:00:00+08:00
run ticket-callback due
cat >expected <<EOF2
{"id":"$t2","replied_at":"2026-03-02T11:00:00+08:00","category":"help","topic":"市政","area":"甲区","what":"井盖缺失","caller":{"phone":"13912340000"},"unit":"B","attempts":0,"callable":false,"why":"anonymous caller"}
{"id":"$t3","replied_at":"2026-03-02T12:00:00+08:00","category":"help","topic":"市政","area":"甲区","what":"井盖缺失","caller":{},"unit":"A","attempts":0,"callable":false,"why":"no phone"}
{"id":"$t1","replied_at":"2026-03-02T15:00:00+08:00","category":"help","topic":"市政","area":"甲区","what":"井盖缺失","caller":{"name":"张伟","phone":"13812348000"},"unit":"A","attempts":0,"callable":true}
EOF2
is_file out expected "due: oldest reply first, with phone, unit and attempts"
run ticket-callback due --older-than 4h
is "$(jq -r .id out | tr '\n' ' ')" "$t2 $t3 " "--older-than 4h: replied by 12:00"
run ticket-callback due --older-than 60m
is "$(jq -r .id out | wc -l)" 3 "--older-than 60m: replied by 15:00"
ticket-callback record "$t1" --result unreachable --method phone >/dev/null
is "$(ticket-callback due | jq -c 'select(.id == "'"$t1"'") | .attempts')" 1 \
    "attempts so far"
ticket-callback close "$t2" --reason 匿名来电 >/dev/null
is "$(ticket-callback due | jq -r .id | tr '\n' ' ')" "$t3 $t1 " \
    "a closed ticket leaves the queue"

# Sampling: 24 more tickets, 20 of A and 4 of W.
i=0
while [ $i -lt 24 ]; do
	i=$((i + 1))
	[ $i -le 20 ] && u=A || u=W
	replied "m$i" $u 2026-03-02T13:00:00+08:00 --phone 1381234$(printf %04d $i) >/dev/null
done
n=$(ticket-callback due | wc -l)
is "$n" 26 "26 tickets due"
ticket-callback sample --rate 0.25 --seed 7 >s1
ticket-callback sample --rate 0.25 --seed 7 >s2
is_file s2 s1 "the same seed, the same sample"
ticket-callback sample --rate 0.25 --seed 8 >s3
is "$(cmp -s s1 s3 && echo same || echo different)" different "another seed, another"
is "$(ticket-callback sample --rate 1 | jq -r .id)" "$(ticket-callback due | jq -r .id)" \
    "rate 1: the whole queue, in its order"
# Per unit: ceil(rate * n) of each, however few it has.
ticket-callback sample --rate 0.1 --seed 7 --per-unit >p1
is "$(jq -r .unit p1 | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')" \
    "$(ticket-callback due | jq -r .unit | sort | uniq -c |
    awk '{printf "%s=%d ", $2, int(($1 * 0.1) + 0.9999)}')" \
    "--per-unit: ceil(0.1 * n) from each unit"
is "$(jq -r .unit p1 | sort -u | tr '\n' ' ')" "A W " "the small unit is not skipped"
# A ticket's draw does not depend on the others: closing some keeps the rest.
keep=$(jq -r .id s1 | head -n 1)
for id in $(ticket-callback due | jq -r .id); do
	[ "$id" = "$keep" ] || grep -q "\"$id\"" s1 ||
	    ticket-callback close "$id" --reason 抽查外 >/dev/null
done
is "$(ticket-callback sample --rate 0.25 --seed 7)" "$(cat s1)" \
    "the sample does not depend on what else is queued"

run ticket-callback sample --seed 7
is "$rc:$(cat err)" "2:ticket-callback: sample: needs --rate" "sample needs --rate"
