#!/bin/sh -e
# ticket-sla due and workdays: the edges a careless deadline gets wrong,
# each pinned to the second (ticket-sla(1)).
. "$(dirname "$0")/lib.sh"
plan 38

# due FROM CATEGORY [--urgent]: the due_at it prints
due() {
	run ticket-sla due --from "$1" --category "$2" ${3:+"$3"}
	cat out
}

j() {
	printf '{"due_at":"%s"}' "$1"
}

run ticket-sla due --from 2026-03-06T14:00:00+08:00 --category consultation
is "$rc:$(cat out):$(cat err)" "0:$(j 2026-03-10T23:59:59+08:00):" \
    "Friday afternoon, 2 days: Monday and Tuesday; exit 0, nothing on stderr"
is "$(due 2026-01-04T10:00:00+08:00 consultation)" \
    "$(j 2026-01-06T23:59:59+08:00)" \
    "start on a make-up Sunday: the start day is not counted"
is "$(due 2026-02-13T17:00:00+08:00 consultation)" \
    "$(j 2026-02-24T23:59:59+08:00)" \
    "start the Friday before the Spring Festival: make-up Saturday, then 9 days off"
is "$(due 2026-09-30T17:30:00+08:00 consultation)" \
    "$(j 2026-10-09T23:59:59+08:00)" \
    "start the last day before the National Day week"
is "$(due 2026-02-12T09:00:00+08:00 consultation)" \
    "$(j 2026-02-14T23:59:59+08:00)" \
    "deadline ends on a make-up Saturday"
is "$(due 2026-03-06T23:59:59+08:00 consultation)" \
    "$(j 2026-03-10T23:59:59+08:00)" \
    "start at 23:59:59: still that day"
is "$(due 2026-03-07T00:00:00+08:00 consultation)" \
    "$(j 2026-03-10T23:59:59+08:00)" \
    "start at 00:00:00 on Saturday: the next day"
is "$(due 2026-03-06T00:00:00+08:00 help)" \
    "$(j 2026-03-13T23:59:59+08:00)" \
    "start at 00:00:00 on Friday, help: 5 days"
is "$(due 2026-03-05T16:00:00Z consultation)" \
    "$(j 2026-03-10T23:59:59+08:00)" \
    "UTC on Thursday is Friday 00:00 local: counted from Friday"
is "$(due 2026-03-05T15:59:59Z consultation)" \
    "$(j 2026-03-09T23:59:59+08:00)" \
    "one second earlier is Thursday local"
is "$(due 2026-03-05T20:00:00-05:00 consultation)" \
    "$(j 2026-03-10T23:59:59+08:00)" \
    "any offset is read as the moment it names"
is "$(due 2025-12-30T11:00:00+08:00 complaint)" \
    "$(j 2026-01-21T23:59:59+08:00)" \
    "complaint over the year boundary and New Year's make-up Sunday"
is "$(due 2024-02-28T09:00:00+08:00 consultation)" \
    "$(j 2024-03-01T23:59:59+08:00)" \
    "leap day counts as a working day"
is "$(due 2024-02-29T09:00:00+08:00 suggestion)" \
    "$(j 2024-03-07T23:59:59+08:00)" \
    "start on a leap day"
is "$(due 2026-04-30T18:00:00+08:00 report)" \
    "$(j 2026-05-25T23:59:59+08:00)" \
    "report over May Day and its make-up Saturday"
is "$(due 2026-02-15T08:00:00+08:00 complaint --urgent)" \
    "$(j 2026-02-15T23:59:59+08:00)" \
    "urgent: 23:59:59 of the start date, even a holiday"
is "$(due 2026-03-05T20:00:00Z help --urgent)" \
    "$(j 2026-03-06T23:59:59+08:00)" \
    "urgent: the start date is the local one"

# A year without data: weekdays only, a warning once a run.
is "$(due 2027-03-05T10:00:00+08:00 consultation)" \
    "$(j 2027-03-09T23:59:59+08:00)" "2027 has no calendar: weekdays"
is "$(cat err)" "ticket-sla: warning: no calendar for 2027: counting weekdays only" \
    "and a warning says so"
is "$(due 2028-02-28T10:00:00+08:00 help)" \
    "$(j 2028-03-06T23:59:59+08:00)" "leap day of a year without data"
is "$(due 2026-12-30T10:00:00+08:00 consultation)" \
    "$(j 2027-01-01T23:59:59+08:00)" \
    "into a year without data: its 1 January is a Friday like any other"

# Many questions on stdin, one process; unknown keys kept; bad lines named.
cat >in <<'X'
{"id":"a","from":"2026-03-06T14:00:00+08:00","category":"consultation","x":{"y":[1]}}
{"id":"b","from":"2026-03-06T14:00:00+08:00","category":"complaint","urgent":true}
{"from":"2027-06-01T10:00:00+08:00","category":"help","urgent":false}
{"from":"2027-07-01T10:00:00+08:00","category":"help","urgent":null}
not json
{"from":"2026-02-30T10:00:00+08:00","category":"help"}
{"from":"2026-03-06T14:00:00+08:00","category":"praise"}
{"category":"help"}
{"from":"2026-03-06T14:00:00+08:00"}
{"from":"2026-03-06T14:00:00+08:00","category":"help","urgent":"maybe"}

{"from":"2026-03-06T14:00:00+08:00","category":"help","due_at":"old"}
X
run ticket-sla due <in
cat >want <<'X'
{"id":"a","from":"2026-03-06T14:00:00+08:00","category":"consultation","x":{"y":[1]},"due_at":"2026-03-10T23:59:59+08:00"}
{"id":"b","from":"2026-03-06T14:00:00+08:00","category":"complaint","urgent":true,"due_at":"2026-03-06T23:59:59+08:00"}
{"from":"2027-06-01T10:00:00+08:00","category":"help","urgent":false,"due_at":"2027-06-08T23:59:59+08:00"}
{"from":"2027-07-01T10:00:00+08:00","category":"help","urgent":null,"due_at":"2027-07-08T23:59:59+08:00"}
{"from":"2026-03-06T14:00:00+08:00","category":"help","due_at":"2026-03-13T23:59:59+08:00"}
X
is_file out want "stdin: each line back with due_at, unknown keys kept"
cat >want <<'X'
ticket-sla: warning: no calendar for 2027: counting weekdays only
ticket-sla: stdin:5: malformed JSON at column 3: invalid token near 'not'
ticket-sla: stdin:6: "from": not a time: "2026-02-30T10:00:00+08:00"
ticket-sla: stdin:7: "category": unknown value "praise" (expected consultation, help, suggestion, complaint or report)
ticket-sla: stdin:8: missing "from"
ticket-sla: stdin:9: missing "category"
ticket-sla: stdin:10: "urgent": expected true or false
X
is_file err want "bad lines named by line, the warning once"
is "$rc" 1 "exit 1 when a line was refused"

# Flags: a bad value is a usage error.
run ticket-sla due --from yesterday --category help
is "$rc:$(cat err)" '2:ticket-sla: --from: not a time: "yesterday"' "bad --from"
run ticket-sla due --from 2026-03-06T14:00:00+08:00 --category praise
is "$rc:$(cat err)" '2:ticket-sla: --category: unknown value "praise" (expected consultation, help, suggestion, complaint or report)' \
    "unknown --category"
run ticket-sla due --from 2026-03-06T14:00:00+08:00
is "$rc:$(cat out)" "2:" "--from without --category"
run ticket-sla due --category help </dev/null
is "$rc" 2 "--category without --from"
run ticket-sla due --year 2026 </dev/null
is "$rc" 2 "an option of another verb"

# Limits and the zone are settings.
printf 'limit.consultation = 3\nzone = -05:00\n' >ticket.conf
is "$(due 2026-03-06T14:00:00+08:00 consultation)" \
    "$(j 2026-03-11T23:59:59-05:00)" \
    "limit 3 in zone -05:00: Friday 14:00 +08:00 is Friday 01:00 there"
printf 'limit.help = 100000\n' >ticket.conf
run ticket-sla due --from 2026-03-06T14:00:00+08:00 --category help
is "$rc:$(cat err)" "3:ticket-sla: limit.help: 100000 working days: more than 1000" \
    "an absurd limit stops the command"
: >ticket.conf

# workdays: both dates count.
wd() {
	run ticket-sla workdays --from "$1" --to "$2"
	cat out
}
is "$(wd 2026-03-02 2026-03-06)" '{"from":"2026-03-02","to":"2026-03-06","workdays":5}' \
    "a plain week"
is "$(wd 2026-09-26 2026-10-11)" '{"from":"2026-09-26","to":"2026-10-11","workdays":6}' \
    "around the National Day week, make-up Saturday included"
is "$(wd 2026-01-01 2026-12-31)" '{"from":"2026-01-01","to":"2026-12-31","workdays":248}' \
    "the whole of 2026"
is "$(wd 2026-02-15 2026-02-15)" '{"from":"2026-02-15","to":"2026-02-15","workdays":0}' \
    "one holiday"
run ticket-sla workdays --from 2026-12-31 --to 2027-01-04
is "$(cat out)|$(cat err)" '{"from":"2026-12-31","to":"2027-01-04","workdays":3}|ticket-sla: warning: no calendar for 2027: counting weekdays only' \
    "into 2027, with its warning"
run ticket-sla workdays --from 2026-03-06 --to 2026-03-05
is "$rc:$(cat err)" "2:ticket-sla: --to 2026-03-05 is before --from 2026-03-06" \
    "--to before --from"
run ticket-sla workdays --from 2026-02-29 --to 2026-03-05
is "$rc:$(cat err)" '2:ticket-sla: --from: not a date (YYYY-MM-DD): "2026-02-29"' \
    "not a date"
