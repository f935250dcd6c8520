#!/bin/sh -e
# ticket-ls ID --format table: a named ticket's six elements, its state
# and its history for people to read, with the Chinese labels of the
# event kinds and of the order statuses; listings keep their one row.
. "$(dirname "$0")/lib.sh"
plan 8

full='--text 已派员清理 --handler 王强 --phone 025-84561234 --approver 李明 --contact phone'
network
a=$(mk A)
b=$(mk B complaint --name 张伟 --phone 13812348000)

# A: dispatched to A with B, signed by a person of A, extended, replied
# and the reply approved.
at() {
	_t=$1
	shift
	TICKET_NOW=2026-03-0$_t+08:00 "$@" >/dev/null
}
at 2T10:30:00 ticket-route dispatch "$a" --lead A --co B
at 2T11:00:00 ticket-route --actor A/王强 sign "$a"
at 3T09:00:00 ticket-sla --actor A extend "$a" --days 3 --reason 需要协调 \
    --approver 李明 --explained 已告知
at 3T10:00:00 ticket-sla approve "$a"
at 4T10:00:00 ticket-reply --actor A "$a" $full
at 4T11:00:00 ticket-reply review "$a" --approve
# B: dispatched to B, returned, and re-dispatched to D.
at 2T10:30:00 ticket-route dispatch "$b" --lead B
at 2T14:00:00 ticket-route --actor B return "$b" --reason 不属于本单位职责 \
    --basis 三定方案 --approver 赵六
at 2T15:00:00 ticket-route review-return "$b" --approve --to D

# head6 ID STATUS: the number, receipt, category and status, and the six
# elements every ticket of this test was taken in with
head6() {
	printf '工单号    %s\n受理时间  2026-03-02 10:00\n类别      投诉 (complaint)\n' "$1"
	printf '状态      %s\n' "$2"
	printf '%s\n' '时间      昨天' '地点      某路' '人物      某人' '事由      某事' \
	    '经过      无' '结果      处理' ''
}

run ticket-ls --format table "$a"
{ head6 20260302000001 '已反馈 (replied)'; cat <<'X'; } >want
时间              操作人        事项          单位      状态                详情
2026-03-02 10:00  platform      受理                    →待处理
2026-03-02 10:30  platform      派单                    待处理→已转办       主办：A；协办：B
2026-03-02 11:00  A/王强        签收          A         待签收→办理中
2026-03-03 09:00  A             延期申请      A                             工作日：3；期限：2026-03-23 23:59；理由：需要协调；审批人：李明；说明：已告知
2026-03-03 10:00  platform      延期批准      A                             工作日：3；原期限：2026-03-23 23:59；新期限：2026-03-26 23:59
2026-03-04 10:00  A             答复          A         办理中→答复待审     内容：已派员清理；经办人：王强；审批人：李明
2026-03-04 11:00  platform      答复审核通过  A         答复待审→已办结
2026-03-04 11:00  platform      已答复                  办理中→已反馈
X
is_file out want "signed, extended, replied: the history with its labels"
is "$rc:$(cat err)" "0:" "exit 0, nothing on stderr"

{ head6 20260302000002 '已转办 (dispatched)'; cat <<'X'; } >want-b
时间              操作人        事项          单位      状态                详情
2026-03-02 10:00  platform      受理                    →待处理
2026-03-02 10:30  platform      派单                    待处理→已转办       主办：B
2026-03-02 14:00  B             退回          B         待签收→退回待审     理由：不属于本单位职责；依据：三定方案；审批人：赵六
2026-03-02 15:00  platform      退回通过      B         退回待审→已退回     改派至：D
2026-03-02 15:00  platform      改派          D         →待签收             原单位：B
X
run ticket-ls -f table "$b"
is_file out want-b "returned and re-dispatched"

run sh -c "ticket-ls -s dispatched,replied | ticket-ls -f table -"
{ cat want; echo; cat want-b; } >want-both
is_file out want-both "tickets from stdin: one history each, a blank line apart"

run ticket-ls --actor D -f table "$b"
is_file out want-b "a unit with a live order sees the same history"
if grep -q -e 张伟 -e 13812348000 out; then r=1; else r=0; fi
ok $r "no caller in the history"
run ticket-ls --actor A -f table "$b"
is "$rc:$(cat out):$(cat err)" \
    "1::ticket-ls: $b: not a ticket of this unit" "another unit's ticket: refused"

run ticket-ls -f table -s replied
cat >want <<'X'
工单号          受理时间          渠道          类别  状态      区域            事由
20260302000001  2026-03-02 10:00  电话          投诉  已反馈                    某事
X
is_file out want "a listing keeps its one row a ticket"
