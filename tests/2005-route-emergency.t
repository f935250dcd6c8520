#!/bin/sh -e
# ticket-route: an agent decides a suspected emergency (redirect, clear),
# and only an agent of the platform may.
. "$(dirname "$0")/lib.sh"
plan 20

network
# msg SOURCE WHAT [OPTION...]: a web message, its id printed
msg() {
	_src=$1 _what=$2
	shift 2
	ticket-new --source-id "$_src" --channel web --category help \
	    --what "$_what" --when 今天 --where 某路 --who 某人 --process 无 \
	    --result 处理 "$@" 2>/dev/null | jq -r .id
}

t1=$(msg s1 楼下电动车着火了)
is "$(q "select suspect || ' ' || urgent || ' ' || status from ticket where id = '$t1'")" \
    "119 1 new" "a fire in a web message: suspected, urgent, new"

# Redirect: to the number screening saw, or another one given.
run ticket-route redirect "$t1"
is "$rc" 0 "redirect: exit 0"
is "$(jq -c '[.status, .redirect.number, .redirect.suspected]' out)" \
    '["redirected","119","119"]' "redirected to the number suspected"
is "$(ev "$t1" '.events[-1] | [.kind, .before, .after, .data.number]')" \
    '["emergency_redirect","new","redirected","119"]' "its event"
is "$(q "select coalesce(suspect, '-') || ' ' || urgent from ticket where id = '$t1'")" \
    "- 0" "the mark lifted, urgency as the citizen gave it"
run ticket-route redirect "$t1"
is "$rc:$(cat err)" "1:ticket-route: $t1: ticket is redirected (紧急转接)" \
    "redirecting twice is refused"

t2=$(msg s2 刚才楼下两车相撞有人受伤)
run ticket-route redirect "$t2" --to 120 --reason 伤者需急救
is "$(jq -c '[.status, .redirect.number, .redirect.suspected, .redirect.reason]' out)" \
    '["redirected","120","122","伤者需急救"]' "--to another number, with a reason"

# An emergency the rules missed: the agent names the number.
t3=$(msg s3 邻居家传来呼救声)
run ticket-route redirect "$t3"
is "$rc:$(cat err)" "1:ticket-route: $t3: not a suspected emergency: say which number with --to" \
    "not suspected: the number must be given"
run ticket-route redirect "$t3" --to 999
is "$rc:$(cat err)" '2:ticket-route: redirect: --to "999" is not 110, 119, 120 or 122' \
    "an unknown number is a usage error"
run ticket-route redirect "$t3" --to 110
is "$(jq -c '[.status, .redirect.number, (.redirect.suspected // "-")]' out)" \
    '["redirected","110","-"]' "--to redirects any new ticket"

# Clear: not an emergency; the ticket goes on as a new one.
t4=$(msg s4 小区门口现在有人打架 --urgent)
t5=$(msg s5 现在楼下有人晕倒)
run ticket-route clear "$t4"
is "$rc:$(cat err)" "2:ticket-route: clear: needs --reason" "clear needs a reason"
run ticket-route clear "$t4" "$t5" --reason 来电人确认为邻里纠纷，已处理完毕
is "$rc:$(jq -r '[.status, .cleared.suspected, .cleared.reason] | join(" ")' out | tr '\n' ';')" \
    "0:new 110 来电人确认为邻里纠纷，已处理完毕;new 120 来电人确认为邻里纠纷，已处理完毕;" \
    "cleared: new again, the reason kept"
is "$(q "select group_concat(coalesce(suspect, '-') || urgent, ' ') from ticket where id in ('$t4', '$t5') order by id")" \
    "-1 -0" "urgent again only when the citizen said so"
is "$(ev "$t4" '.events[-1] | [.kind, .before, .after, .data.suspected]')" \
    '["emergency_clear","new","new","110"]' "its event"
run ticket-route clear "$t4" --reason 再次
is "$rc:$(cat err)" "1:ticket-route: $t4: not a suspected emergency" \
    "clearing twice is refused"
run ticket-route dispatch "$t4" --lead A
is "$(jq -r .status out)" "dispatched" "once cleared, it is dispatched as any other"

# Only the platform; units may not.
t6=$(msg s6 仓库冒浓烟现在火很大)
run ticket-route --actor A redirect "$t6"
is "$rc:$(cat err)" "1:ticket-route: $t6: only the platform may redirect a ticket" \
    "a unit may not redirect"
run ticket-route --actor A clear "$t6" --reason 无
is "$rc:$(cat err)" "1:ticket-route: $t6: only the platform may clear a suspected emergency" \
    "nor clear"
is "$(q "select suspect || status from ticket where id = '$t6'")" "119new" \
    "refusals change nothing"
ticket-route redirect "$t6" --help >out 2>&1 || true
like "$(cat out)" 'ticket-route redirect id \[--to number\] \[--reason text\]' \
    "the usage names both verbs"
