#!/bin/sh -e
# ticket-callback sms-in reads answers as citizens write them: digits of
# either width, words, spaces, punctuation and thanks around; a reply
# that cannot be read goes to stdout for an agent, its survey still
# open; with callback.sms_resolved, a second answer says whether the
# problem was solved.
. "$(dirname "$0")/lib.sh"
plan 5

network
full='--text 已处理 --handler 王强 --phone 025-84561234 --approver 李明 --contact phone'
# surveyed N: N replied tickets, the phones 139000000NN, surveyed
surveyed() {
	i=1
	while [ $i -le "$1" ]; do
		id=$(phoned "s$2$i" "$(printf '139000%05d' "$2$i")")
		handled "$id" A
		i=$((i + 1))
	done
	ticket-callback sms-out >sent
}
# replies FILE: one reply a line of FILE, to the phones in order
replies() {
	i=1
	while IFS= read -r text; do
		jq -nc --arg p "$(printf '139000%05d' "$2$i")" --arg t "$text" \
		    '{phone: $p, text: $t}'
		i=$((i + 1))
	done <"$1"
}

cat >forms <<'EOF2'
1
１
 1 。
1满意
满意
满意，谢谢！
基本满意
２ 基本满意
不满意!!
3 不满意 谢谢
非常满意，感谢你们
1不满意
好的
EOF2
surveyed 13 1
replies forms 1 | ticket-callback sms-in >out 2>err
is "$(cat err)" "" "no errors"
is "$(jq -r 'if .unread then "unread: " + .unread else .callback.result end' out)" \
    "satisfied
satisfied
satisfied
satisfied
satisfied
satisfied
basic
basic
unsatisfied
unsatisfied
satisfied
unread: two answers to 满意度: 1 and 3
unread: no answer: neither 1, 2, 3 nor 满意, 基本满意, 不满意" \
    "each written form read; the unreadable listed with their reasons"
is "$(q "select status, count(*) from survey group by status" | tr '\n' ' ')" \
    "answered|11 sent|2 " "the unreadable ones' surveys stay open"

echo 'callback.sms_resolved = yes' >ticket.conf
cat >forms <<'EOF2'
1 1
2，3
11
满意 已解决
基本满意，部分解决，谢谢
3
EOF2
surveyed 6 2
is "$(jq -r .text sent | head -1 | sed 's/.*请回复：//')" \
    "1满意 2基本满意 3不满意；再回复问题是否解决：1已解决 2部分解决 3未解决，如“1 1”（回复码$(jq -r .code sent | head -1)）" \
    "the survey asks the second question"
replies forms 2 | ticket-callback sms-in >out
is "$(jq -r '[.callback.result, .callback.resolved] | map(. // "-") | join(" ")' out)" \
    "satisfied yes
basic no
satisfied yes
satisfied yes
basic partly
unsatisfied -" "the second answer says whether the problem was solved"
