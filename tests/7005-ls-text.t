#!/bin/sh -e
# ticket-ls --text: full-text search over topic, facts and replies (not
# the caller), Chinese words by character pairs, ranked, with the other
# filters; ticket-admin reindex; ticket-ls --phone: a caller's tickets.
. "$(dirname "$0")/lib.sh"
plan 25

network
full='--text 已更换电梯门锁 --handler 王强 --phone 13812348000 --approver 李明 --contact phone'
# call SOURCE WHAT [PHONE [CATEGORY]]: a call received in turn, a minute apart
n=0
call() {
	n=$((n + 1))
	printf '{"source_id":"%s","received_at":"2026-03-02T09:%02d:00+08:00","channel":"phone","category":"%s","topic":"城乡建设/物业管理","area":"甲区","caller":{"name":"张伟","phone":"%s"},"facts":{"what":"%s","when":"昨天","where":"某小区","who":"物业公司","process":"无","result":"处理"}}\n' \
	    "$1" "$n" "${4:-complaint}" "${3:-1380000000$n}" "$2" | ticket-new 2>/dev/null | jq -r .id
}
L=$(call L 小区3号楼电梯坏了三天 13900001111)
N=$(call N 楼下装修噪音扰民 13900001111 help)
P=$(call P 拨打12345无人接听)
W=$(call W 小区WiFi信号差，物业费收了不管)
M=$(call M 13号楼电梯电梯电梯又停了 13900001111)
Z=$(call Z 物业乱收费)
found() {
	ticket-ls "$@" | jq -r .source_id | paste -sd' '
}
is "$(found --text 电梯)" "M L" "电梯: both tickets, the one saying it thrice first"
is "$(found --text 噪音)" "N" "噪音"
is "$(found --text 12345)" "P" "12345: digits are a word"
is "$(found --text 3号楼)" "L" "3号楼: not 13号楼"
is "$(found --text WiFi)" "W" "WiFi"
ticket-route note "$Z" --text 已转城管执法队核查 >/dev/null
is "$(found --text 执法)" "Z" "a note's words, once written"
is "$(found --text wifi)" "W" "wifi: case does not matter"
is "$(found --text 物业费)" "W" "物业费: three characters, as a phrase: not 物业乱收费"
is "$(found --text '电梯 三天')" "L" "two words: both must match"
is "$(found --text 张伟)" "" "the caller's name is not searched"
is "$(found --text 13900001111)" "" "nor the caller's phone"
is "$(found --text 物业)" "Z W M P N L" "物业 in every ticket: the two saying it thrice first, then the newest first"
is "$(found --text 物业 --since 2026-03-01)" "Z W M P N L" "the same order when other filters judge the matches"
is "$(found --text 电梯 --phone 13900001111)" "M L" "--text and --phone: the caller's tickets with the words"
is "$(found --text 电梯 --phone 13800000003)" "" "another caller's: none"
is "$(found --text 电梯 --sort received)" "L M" "--sort: the listing's order instead of the rank"
is "$(found --text 电梯 -n 1)" "M" "--limit"
is "$(found --text 物业 --category help)" "N" "with the other filters: 物业 in every topic, one a help request"
is "$(found --text '"电梯" OR *')" "" "quotes and query words are text, not syntax"
signed "$L" A
ticket-reply --actor A "$L" $full >/dev/null
is "$(found --text 门锁)" "L" "a reply's text is found with its ticket"
is "$(found --actor A --text 电梯)" "L" "a unit finds its own tickets only"
run ticket-admin reindex
is "$rc:$(cat err):$(found --text 电梯)" "0::M L" "ticket-admin reindex: the same index"
run ticket-ls --text ' '
is "$rc:$(cat err)" "2:ticket-ls: --text: no words to look for" "no words"

is "$(found --phone 13900001111 -r)" "M N L" "--phone: the caller's tickets, newest first with -r"
run ticket-ls --actor A --phone 13900001111
is "$rc:$(cat err)" "2:ticket-ls: --phone: only the platform looks up a caller" \
    "--phone is the platform's"
