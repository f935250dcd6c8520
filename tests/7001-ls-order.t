#!/bin/sh -e
# ticket-ls --limit, --sort and --reverse: the listing's order, made in
# SQL, and its bad values refused.
. "$(dirname "$0")/lib.sh"
plan 16

network
# Received A, B, C, D in turn; C dispatched first and so due first, A a
# day later; B and D have no live order, D changed last of all.
A=$(TICKET_NOW=2026-03-02T09:00:00+08:00 mk A)
B=$(TICKET_NOW=2026-03-02T09:10:00+08:00 mk B)
C=$(TICKET_NOW=2026-03-02T09:20:00+08:00 mk C)
D=$(TICKET_NOW=2026-03-02T09:30:00+08:00 mk D)
TICKET_NOW=2026-03-02T11:00:00+08:00 ticket-route dispatch "$C" --lead A >/dev/null
TICKET_NOW=2026-03-03T11:00:00+08:00 ticket-route dispatch "$A" --lead B >/dev/null
TICKET_NOW=2026-03-04T11:00:00+08:00 ticket-route answer "$D" --text 已答复 >/dev/null

# order OPTION...: the source ids ticket-ls lists, on one line
order() {
	ticket-ls "$@" | jq -r .source_id | paste -sd' '
}

is "$(order)" "A B C D" "by receipt, oldest first, by default"
is "$(order --sort received)" "A B C D" "--sort received"
is "$(order -r)" "D C B A" "-r: newest first"
is "$(order --sort updated)" "B C A D" "--sort updated: the last change last"
is "$(order -o updated --reverse)" "D A C B" "--sort updated --reverse"
is "$(order --sort due)" "C A B D" "--sort due: nearest first, none last"
is "$(order -o due -r)" "A C D B" "--sort due -r: latest first, none still last"
is "$(order --limit 2)" "A B" "--limit: the first N"
is "$(order -n 1 -r -o due)" "A" "-n with -o and -r: the first of that order"
is "$(order -n 10)" "A B C D" "a limit above the count: every ticket"
is "$(order -n 1 -s answered,rejected)" "D" "the limit after the filters"
is "$(ticket-ls -n 1 "$B" "$A" | jq -r .source_id | paste -sd' ')" "B A" \
    "named tickets: the order and limit do not apply"

# usage WANT CMD...: exit 2, nothing on stdout, stderr WANT
usage() {
	want=$1
	shift
	run "$@"
	is "$rc:$(cat out):$(cat err)" "2::$want" "$*"
}
usage 'ticket-ls: --limit: not a positive number: "0"' ticket-ls --limit 0
usage 'ticket-ls: --limit: not a positive number: "x"' ticket-ls -n x
usage 'ticket-ls: --limit: not a positive number: "-3"' ticket-ls -n -3
usage 'ticket-ls: --sort: expected received, updated or due, not "id"' \
    ticket-ls --sort id
