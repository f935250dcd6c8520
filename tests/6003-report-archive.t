#!/bin/sh -e
# ticket-report on a past month gives the same bytes before and after
# ticket-archive run and erase: the figures come from the assessment
# facts, which stay in the main database without personal data.
. "$(dirname "$0")/lib.sh"
plan 8

network
at() {
	t=$1
	shift
	TICKET_NOW=2026-$t+08:00 "$@" >/dev/null
}
full='--text 已处理 --handler 王强 --phone 13812348000 --approver 李明 --contact phone'
# case SOURCE DAY UNIT RESULT RESOLVED: phoned on DAY, dispatched to
# UNIT, signed, contacted, replied and approved, called back.
case_() {
	id=$(TICKET_NOW=2026-$2T09:00:00+08:00 ticket-new --source-id "$1" \
	    --channel phone --category complaint --phone 1381234800${1#s} \
	    --name 张伟 --what 某事 --when 昨天 --where 中山路1号 --who 某人 \
	    --process 无 --result 处理 --topic 城乡建设/物业管理 --area 甲区 \
	    2>/dev/null | jq -r .id)
	at $2T10:00:00 ticket-route dispatch "$id" --lead "$3"
	at $2T11:00:00 ticket-route --actor "$3" sign "$id"
	at $2T12:00:00 ticket-reply --actor "$3" contact "$id" --method phone
	at $2T15:00:00 ticket-reply --actor "$3" "$id" $full
	at $2T16:00:00 ticket-reply review "$id" --approve
	at $2T17:00:00 ticket-callback record "$id" -R "$4" -v "$5" -m phone
	echo "$id"
}
t1=$(case_ s1 03-02 A satisfied yes)
t2=$(case_ s2 03-03 B basic no)
t3=$(case_ s3 03-04 A unsatisfied yes)
t4=$(case_ s4 03-05 D satisfied yes)
t5=$(TICKET_NOW=2026-03-06T09:00:00+08:00 ticket-new --source-id s5 \
    --channel phone --category consultation --phone 13812348001 --what 某事 \
    --when 昨天 --where 某路 --who 某人 --process 无 --result 处理 \
    --topic 社保 --area 乙区 2>/dev/null | jq -r .id)
at 03-06T09:30:00 ticket-route answer "$t5" --text 请致电人社局
# One still open, never signed: its cards stay where they are.
t6=$(TICKET_NOW=2026-03-02T09:00:00+08:00 ticket-new --source-id s6 \
    --channel phone --category complaint --phone 13812348006 --what 某事 \
    --when 昨天 --where 某路 --who 某人 --process 无 --result 处理 \
    --topic 社保 --area 乙区 2>/dev/null | jq -r .id)
at 03-02T10:00:00 ticket-route dispatch "$t6" --lead B
at 03-23T09:00:00 ticket-sla sweep

march='--month 2026-03'
reports() {
	ticket-report units $march
	ticket-report units $march --level 2 --format wide
	ticket-report units $march --explain A
	ticket-report summary $march
	ticket-report hot $march
	ticket-report brief $march --format md
}
reports >before
is "$(ticket-report units $march | jq -r 'select(.unit == "A" or .unit == "B") | [.unit, .dispatched, .replied, .callbacks, .satisfied, .yellow, .red] | join(" ")')" \
    "A 2 2 2 1 0 0
B 2 1 1 1 1 0" "March's figures before archiving"

TICKET_NOW=2026-04-15T10:00:00+08:00 run ticket-archive run
is "$rc:$(jq -r .id out | wc -l)" "0:5" "the five finished tickets archived"
is "$(q "SELECT count(DISTINCT ticket) FROM event WHERE kind != 'archive'")" \
    "1" "their events have left the main database"
reports >after-archive
is_file after-archive before "every report the same after archiving"

TICKET_NOW=2029-04-15T10:00:00+08:00 run ticket-archive erase \
    --before 2026-04-01
is "$rc:$(wc -l <out)" "0:5" "five dossiers erased"
reports >after-erase
is_file after-erase before "every report the same after erasure"
is "$(sqlite3 tickets.db .dump | grep -c -e 张伟 -e 1381234800[1-5] -e 中山路 || :)" \
    "0" "no name, phone or address of theirs in the main database"
is "$(q 'SELECT count(*) FROM fact_order')" "5" \
    "the facts stay: one per order"
