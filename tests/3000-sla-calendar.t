#!/bin/sh -e
# ticket-sla calendar: the shipped calendar in a new database, import of
# the project's CSV and of holiday-cn JSON, whole files or nothing.
. "$(dirname "$0")/lib.sh"
plan 29

# A new database holds the shipped calendar: ls gives back the file.
run ticket-sla calendar ls --format csv
is_file out "$top/data/calendar-cn.csv" "a new database holds data/calendar-cn.csv"
is "$rc:$(cat err)" "0:" "exit 0, nothing on stderr"
is "$(q 'select group_concat(year || ":" || source, " ") from calendar_year')" \
    "2020:data/calendar-cn.csv 2021:data/calendar-cn.csv 2022:data/calendar-cn.csv 2023:data/calendar-cn.csv 2024:data/calendar-cn.csv 2025:data/calendar-cn.csv 2026:data/calendar-cn.csv" \
    "years 2020-2026 shipped"

run ticket-sla calendar ls --year 2026
is "$(sed -n '1p;4p;$p' out)" '{"date":"2026-01-01","workday":0,"name":"元旦"}
{"date":"2026-01-04","workday":1,"name":"元旦调休"}
{"date":"2026-10-10","workday":1,"name":"国庆节调休"}' "ls --year: JSON lines"
is "$(wc -l <out)" 39 "39 days listed in 2026"
run ticket-sla calendar ls -y 2031
is "$rc:$(cat out):$(cat err)" "0::ticket-sla: warning: no calendar for 2031: counting weekdays only" \
    "a year without a calendar: nothing, and a warning"
run ticket-sla calendar ls --year 20x6
is "$rc:$(cat err)" '2:ticket-sla: --year: not a year: "20x6"' "bad --year"
run ticket-sla calendar ls --format table
is "$rc:$(cat err)" '2:ticket-sla: --format: json or csv, not "table"' "bad --format"

# holiday-cn JSON, read as it comes; a day of the year before is kept.
cp "$data/holiday-cn-sample.json" 2031.json
run ticket-sla calendar import 2031.json
is "$rc:$(cat out):$(cat err)" '0:{"year":2031,"source":"2031.json","days":11}:' \
    "holiday-cn import: one year"
is "$(q 'select imported_at from calendar_year where year = 2031')" \
    1772416800 "imported at --now (2026-03-02T10:00:00+08:00)"
run ticket-sla calendar ls --year 2031 --format csv
cat >want <<'X'
date,workday,name
2031-01-01,0,元旦
2031-01-19,1,春节调休
2031-01-22,0,春节
2031-01-23,0,春节
2031-01-24,0,春节
2031-01-25,0,春节
2031-01-26,0,春节
2031-01-27,0,春节
2031-01-28,0,春节
2031-02-08,1,春节调休
X
is_file out want "its days, make-up days named 调休"
run ticket-sla calendar ls --year 2030
is "$(cat out)" '{"date":"2030-12-31","workday":0,"name":"元旦"}' \
    "the day it lists in 2030 is shown under 2030"
run ticket-sla workdays --from 2030-12-30 --to 2031-01-31
is "$(cat out)|$(cat err)" '{"from":"2030-12-30","to":"2031-01-31","workdays":19}|ticket-sla: warning: no calendar for 2030: counting weekdays only' \
    "and counts, with 2030 itself still weekdays only"
run ticket-sla due --from 2031-01-21T09:00:00+08:00 --category consultation
is "$(cat out)" '{"due_at":"2031-01-30T23:59:59+08:00"}' "due over the imported holiday"

# The project's CSV replaces the years it lists, wholly.
cat >2026.csv <<'X'
date,name,workday
2026-05-01,劳动节,0
"2026-05-02", "劳动节" ,0
X
run ticket-sla calendar import 2026.csv
is "$(cat out)" '{"year":2026,"source":"2026.csv","days":2}' "CSV import, columns in any order"
run ticket-sla calendar ls --year 2026 --format csv
is "$(cat out)" 'date,workday,name
2026-05-01,0,劳动节
2026-05-02,0,劳动节' "2026 replaced wholly"
is "$(q 'select count(*) from calendar_day where year = 2025')" 33 "2025 untouched"
run ticket-sla due --from 2026-02-13T17:00:00+08:00 --category consultation
is "$(cat out)" '{"due_at":"2026-02-17T23:59:59+08:00"}' \
    "the Spring Festival of 2026 is gone with it"

# A year listed by its own import wins over a neighbour's holiday-cn day.
printf 'date,workday,name\n2030-12-31,1,试\n' >2030.csv
ticket-sla calendar import 2030.csv >/dev/null
ticket-sla calendar import 2031.json >/dev/null
run ticket-sla calendar ls --year 2030
is "$(cat out)" '{"date":"2030-12-31","workday":1,"name":"试"}' \
    "2030's own word on 2030-12-31 wins, whatever the import order"

# Bad files: every bad row named, nothing changed, exit 3.
before=$(q 'select count(*), sum(day * workday) from calendar_day')
cat >bad.csv <<'X'
date,workday,name
2027-01-01,0,元旦
2027-02-30,0,春节
2027-02-10,2,春节
2027-02-11,0
2027-13-01,0,x
2027-01-01,1,元旦
"2027-02-12,0,春节
X
run ticket-sla calendar import bad.csv
cat >want <<'X'
ticket-sla: bad.csv:3: date: not a date (YYYY-MM-DD): "2027-02-30"
ticket-sla: bad.csv:4: workday: 0 or 1, not "2"
ticket-sla: bad.csv:5: 2 fields, the header has 3
ticket-sla: bad.csv:6: date: not a date (YYYY-MM-DD): "2027-13-01"
ticket-sla: bad.csv:8: quote not closed at the end of the file
ticket-sla: bad.csv:7: 2027-01-01 is listed twice
ticket-sla: bad calendar: nothing imported
X
is_file err want "bad CSV rows, each named"
is "$rc:$(cat out)" "3:" "exit 3, nothing printed"
printf 'date,work,name\n' >badhead.csv
run ticket-sla calendar import badhead.csv
is "$(cat err)" 'ticket-sla: badhead.csv:1: unknown column "work"
ticket-sla: badhead.csv:1: no column "workday"
ticket-sla: bad calendar: nothing imported' "bad header"
printf 'date,workday,name\n' >empty.csv
run ticket-sla calendar import empty.csv
is "$(cat err)" 'ticket-sla: empty.csv: no calendar days
ticket-sla: bad calendar: nothing imported' "a header alone is no calendar"

sed -e 's/"2031-01-23"/"2031-01-32"/' -e '0,/"isOffDay": false/s//"isOffDay": "no"/' \
    -e 's/"2031-02-08"/"2033-02-08"/' -e 's/"2031-01-27"/"2031-01-26"/' \
    2031.json >bad.json
run ticket-sla calendar import bad.json
cat >want <<'X'
ticket-sla: bad.json: days[2]: "isOffDay": not true or false
ticket-sla: bad.json: days[4]: "date": not a date (YYYY-MM-DD)
ticket-sla: bad.json: days[10]: 2033-02-08 is not near the file's year 2031
ticket-sla: bad.json: days[8]: 2031-01-26 is listed twice
ticket-sla: bad calendar: nothing imported
X
is_file err want "bad holiday-cn days, each named by its place"
printf '{"year": 2031,\n "days": [\n  {"date": "2031-01-01",}\n ]\n}\n' >broken.json
run ticket-sla calendar import broken.json
is "$rc:$(cat err)" "3:ticket-sla: broken.json:3: malformed JSON: string or '}' expected near '}'
ticket-sla: bad calendar: nothing imported" "malformed JSON named by line"
printf '{"days": []}\n' >noyear.json
run ticket-sla calendar import noyear.json
is "$(sed 1q err)" 'ticket-sla: noyear.json: "year": not a year' "no year"

# Several files: all or none.
run ticket-sla calendar import 2031.json bad.csv
is "$rc:$(cat out)" "3:" "one bad file of two: nothing imported"
is "$(q 'select count(*), sum(day * workday) from calendar_day')" "$before" \
    "the calendar is as it was"
run ticket-sla calendar import missing.csv
is "$rc:$(cat err)" "3:ticket-sla: missing.csv: No such file or directory" \
    "a missing file"
