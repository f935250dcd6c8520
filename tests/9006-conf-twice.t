#!/bin/sh -e
# A setting given twice in the settings file is an error naming both
# lines: which value the writer meant would be a guess.
. "$(dirname "$0")/lib.sh"

plan 3

printf 'busy_timeout = 5\n# a comment\nbusy_timeout = 6\n' >ticket.conf
run ticket-ls
is "$rc:$(cat err)" "3:ticket-ls: $tmp/ticket.conf:3: busy_timeout is set twice (first on line 1)
ticket-ls: $tmp/ticket.conf: bad settings" "a setting given twice: exit 3, both lines named"
is "$(cat out)" "" "nothing done"
printf 'busy_timeout = 5\n' >ticket.conf
run ticket-ls
is "$rc:$(cat err)" "0:" "once is fine"
