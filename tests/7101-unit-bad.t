#!/bin/sh -e
# ticket-unit import: every rule of the units file, each broken; every bad
# row named, exit 3, and the database exactly as it was.
. "$(dirname "$0")/lib.sh"
plan 86

ticket-unit import "$data/units-small.csv" >/dev/null
dump() {
	q 'SELECT * FROM unit ORDER BY code'
}
before=$(dump)
h=code,name,level,parent,kind,phone,active
p=platform,临江市12345热线,1,,platform,,1

# refuse FILE WHAT: the messages expected on stdin, then the last word.
refuse() {
	cat >want
	echo "ticket-unit: bad units file: nothing imported" >>want
	run ticket-unit import "$1"
	is "$rc:$(cat out)" "3:" "$2: exit 3, nothing printed"
	is_file err want "$2: named"
	is "$(dump)" "$before" "$2: nothing changed"
}

printf '%s\n' $h $p JB,江北区,2,platform,district,,1 \
    A,甲,2,B,department,,1 B,乙,2,A,department,,1 >cycle.csv
refuse cycle.csv "a cycle" <<'X'
ticket-unit: cycle.csv:4: parents form a cycle: A -> B -> A
ticket-unit: cycle.csv:5: parents form a cycle: B -> A -> B
X

printf '%s\n' $h $p JB,江北区,2,platform,district,,1 \
    JB-X,甲,3,JB-Y,street,,1 JB-Y,乙,3,JB-Z,street,,1 \
    JB-Z,丙,3,JB-X,street,,1 JB-S,丁,3,JB-S,street,,1 \
    JB-T,戊,3,JB-X,street,,1 >cycle3.csv
refuse cycle3.csv "a longer cycle, a unit its own parent" <<'X'
ticket-unit: cycle3.csv:4: parents form a cycle: JB-X -> JB-Y -> JB-Z -> JB-X
ticket-unit: cycle3.csv:5: parents form a cycle: JB-Y -> JB-Z -> JB-X -> JB-Y
ticket-unit: cycle3.csv:6: parents form a cycle: JB-Z -> JB-X -> JB-Y -> JB-Z
ticket-unit: cycle3.csv:7: parents form a cycle: JB-S -> JB-S
ticket-unit: cycle3.csv:8: level 3, but parent "JB-X" is level 3, not 2
X

printf '%s\n' $h $p JB,江北区,2,platform,district,,1 \
    JB-BA,北岸街道,3,JB-X,street,,1 >orphan.csv
refuse orphan.csv "an orphan" <<'X'
ticket-unit: orphan.csv:4: parent "JB-X" is not in the file
X

printf '%s\n' $h $p JB-BA,北岸街道,3,JB,street,,1 >partial.csv
refuse partial.csv "a parent only in the database: the file is the whole network" <<'X'
ticket-unit: partial.csv:3: parent "JB" is not in the file
X

printf '%s\n' $h $p JB-BA,北岸街道,3,platform,street,,1 >level3.csv
refuse level3.csv "a level-3 unit under the platform" <<'X'
ticket-unit: level3.csv:3: level 3, but parent "platform" is level 1, not 2
X

printf '%s\n' $h $p JB,江北区,2,platform,district,,1 \
    JN,江南区,2,JB,district,,1 >level2.csv
refuse level2.csv "a level-2 unit under a level-2 unit" <<'X'
ticket-unit: level2.csv:4: level 2, but parent "JB" is level 2, not 1
X

printf '%s\n' $h $p JB,江北区,2,platform,district,,1 \
    JN,江南区,2,platform,district,,1 JB,江北区人民政府,2,platform,district,,1 \
    JB,江北区,2,platform,district,,1 >dup.csv
refuse dup.csv "a duplicate code" <<'X'
ticket-unit: dup.csv:5: code "JB" is also on line 3
ticket-unit: dup.csv:6: code "JB" is also on line 3
X

printf '%s\n' $h $p JB,江北区,2,platform,district,,1 \
    center,热线中心,1,,platform,,1 old,旧平台,1,,platform,,0 >two.csv
refuse two.csv "two active level-1 units" <<'X'
ticket-unit: two.csv:4: a second active level-1 unit ("platform" is on line 2)
X

printf '%s\n' $h JB,江北区,2,,district,,1 >none.csv
refuse none.csv "no level-1 unit" <<'X'
ticket-unit: none.csv:2: parent: empty, but a level-2 unit has one
ticket-unit: none.csv: no active level-1 unit
X

printf '%s\n' $h platform,临江市12345热线,1,,platform,,0 >off.csv
refuse off.csv "an inactive platform only" <<'X'
ticket-unit: off.csv: no active level-1 unit
X

printf '%s\n' $h platform,临江市12345热线,1,JB,platform,,1 \
    JB,江北区,2,platform,district,,1 >up.csv
refuse up.csv "a level-1 unit with a parent" <<'X'
ticket-unit: up.csv:2: parent: a level-1 unit has none
X

printf '%s\n' $h $p JB,江北区,2,platform,district,,0 \
    JB-BA,北岸街道,3,JB,street,,1 JB-WJ,望江街道,3,JB,street,,0 >inactive.csv
refuse inactive.csv "an active unit under an inactive one" <<'X'
ticket-unit: inactive.csv:4: active, but parent "JB" is not
X

long=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456
printf '%s\n' $h $p 江北,江北区,2,platform,district,,1 \
    "JB 1,江北区,2,platform,district,,1" "$long,江北区,2,platform,district,,1" \
    ",江北区,2,platform,district,,1" >code.csv
refuse code.csv "bad codes" <<X
ticket-unit: code.csv:3: code: not 1 to 32 letters, digits, '-' or '_': "江北"
ticket-unit: code.csv:4: code: not 1 to 32 letters, digits, '-' or '_': "JB 1"
ticket-unit: code.csv:5: code: not 1 to 32 letters, digits, '-' or '_': "$long"
ticket-unit: code.csv:6: code: not 1 to 32 letters, digits, '-' or '_': ""
X
printf '%s\n' $h $p "${long%6},江北区,2,platform,district,,1" \
    "a-Z_9,江北区,2,platform,district,,1" >code-ok.csv
run ticket-unit import code-ok.csv
is "$rc:$(cat err)" "0:" "a code of 32 characters; letters of both cases, '-', '_'"
ticket-unit import "$data/units-small.csv" >/dev/null
before=$(dump)

printf '%s\n' $h $p JB,,2,platform,district,,1 \
    JN,江南区,4,platform,district,,1 BH,滨湖区,二,platform,district,,1 \
    QS,青山县,,platform,county,,1 >fields.csv
refuse fields.csv "an empty name, bad levels" <<'X'
ticket-unit: fields.csv:3: name: empty
ticket-unit: fields.csv:4: level: 1, 2 or 3, not "4"
ticket-unit: fields.csv:5: level: 1, 2 or 3, not "二"
ticket-unit: fields.csv:6: level: 1, 2 or 3, not ""
X

printf '%s\n' $h $p JB,江北区,2,platform,village,,1 \
    JN,江南区,2,platform,street,,1 JN-WC,文昌街道,3,JN,district,,1 \
    SHB,生态环境局,2,platform,department,,1 \
    SHB-JB,江北分局,3,SHB,department,,1 \
    BH,滨湖区,2,platform,platform,,1 >kind.csv
refuse kind.csv "unknown kinds, kinds of another level" <<'X'
ticket-unit: kind.csv:3: kind: unknown "village" (expected platform, district, county, park, department, company, street, town or township)
ticket-unit: kind.csv:4: kind: "street" is not for level 2 (expected district, county, park, department or company)
ticket-unit: kind.csv:5: kind: "district" is not for level 3 (expected department, company, street, town or township)
ticket-unit: kind.csv:8: kind: "platform" is not for level 2 (expected district, county, park, department or company)
X

printf '%s\n' $h $p JB,江北区,2,platform,district,,yes \
    JN,江南区,2,platform,district,,2 >active.csv
refuse active.csv "active neither 1 nor 0" <<'X'
ticket-unit: active.csv:3: active: 1 or 0, not "yes"
ticket-unit: active.csv:4: active: 1 or 0, not "2"
X

printf '%s\n' $h $p JB,江北区,2,platform,county-ish,,1 \
    JB-BA,北岸街道,3,JB,street,,1 JB-WJ,望江街道,3,JB,street,,1 >cascade.csv
refuse cascade.csv "a bad row is named once, not again through its children" <<'X'
ticket-unit: cascade.csv:3: kind: unknown "county-ish" (expected platform, district, county, park, department, company, street, town or township)
X

printf '%s\n' $h platform,临江市12345热线,1,,platform,,x \
    JB,江北区,2,platform,district,,1 >badplatform.csv
refuse badplatform.csv "a bad platform row: no talk of a missing platform" <<'X'
ticket-unit: badplatform.csv:2: active: 1 or 0, not "x"
X

printf '%s\n' code,name,level,parent,kind,phone,active,note $p >unknown.csv
refuse unknown.csv "an unknown column" <<'X'
ticket-unit: unknown.csv:1: unknown column "note"
X

printf '%s\n' code,name,parent,kind,code >header.csv
refuse header.csv "a column twice, a required column missing" <<'X'
ticket-unit: header.csv:1: column "code" twice
ticket-unit: header.csv:1: no column "level"
X

printf '%s\n' $h $p JB,江北区,2,platform,district JB-BA,北岸街道,3,JB,street,,1 \
    'JN,"江南区,2,platform,district,,1' >row.csv
refuse row.csv "rows the reader cannot split: no judging what hangs on them" <<'X'
ticket-unit: row.csv:3: 5 fields, the header has 7
ticket-unit: row.csv:5: quote not closed at the end of the file
X

: >empty.csv
refuse empty.csv "an empty file" <<'X'
ticket-unit: empty.csv:1: no header row
X

printf '%s\n' $h >header-only.csv
refuse header-only.csv "a header and no units" <<'X'
ticket-unit: header-only.csv: no active level-1 unit
X

# A unit with work stays when left out; its parent must still fit it.
printf '{"source_id":"S1","received_at":"2026-03-02T09:00:00+08:00","channel":"phone","category":"consultation","facts":{"what":"问题"}}\n' |
    ticket-new >/dev/null 2>&1
q "INSERT INTO assignment(ticket, unit, role, status)
    VALUES ('20260302000001', 'JB-BA', 'lead', 'dispatched')"
before=$(dump)
printf '%s\n' $h $p SJW,住建局,2,platform,department,,1 \
    JB,江北区住建分局,3,SJW,department,,1 >kept.csv
refuse kept.csv "a kept unit under a parent now of its own level" <<'X'
ticket-unit: kept.csv:4: level 3, but "JB-BA", kept for its work though not in the file, is level 3 under it
X

printf '%s\n' $h $p JB,江北区,2,platform,district,,1 \
    JB-X,甲,3,platform,street,,1 A,甲,2,B,department,,1 \
    B,乙,2,A,department,,1 JB,江北区,2,platform,district,,1 \
    JN,江南区,2,platform,town,,1 >all.csv
refuse all.csv "every bad row of a file named at once" <<'X'
ticket-unit: all.csv:8: kind: "town" is not for level 2 (expected district, county, park, department or company)
ticket-unit: all.csv:4: level 3, but parent "platform" is level 1, not 2
ticket-unit: all.csv:5: parents form a cycle: A -> B -> A
ticket-unit: all.csv:6: parents form a cycle: B -> A -> B
ticket-unit: all.csv:7: code "JB" is also on line 3
X

printf '%s\n' $h JB,江北区,2,,district,,1 >in.csv
run ticket-unit import - <in.csv
is "$rc:$(head -n 1 err)" "3:ticket-unit: stdin:2: parent: empty, but a level-2 unit has one" \
    "- reads standard input, named stdin"

run ticket-unit import nope.csv
is "$rc:$(cat err)" "3:ticket-unit: nope.csv: No such file or directory" \
    "a file that cannot be opened: exit 3"

run ticket-unit import
is "$rc" 2 "import without a file: usage"
run ticket-unit import a.csv b.csv
is "$rc" 2 "import with two files: usage"
run ticket-unit import --all "$data/units-small.csv"
is "$rc" 2 "import with an option of ls: usage"
run ticket-unit ls extra
is "$rc" 2 "ls with an argument: usage"
run ticket-unit show
is "$rc" 2 "show without a code: usage"
run ticket-unit frobnicate
is "$rc:$(head -n 1 err)" "2:usage: ticket-unit import [-d db] [-N now] file" \
    "an unknown verb: usage"
run ticket-unit ls --level 4
is "$rc:$(cat err)" '2:ticket-unit: --level: 1, 2 or 3, not "4"' "ls --level 4"
run ticket-unit ls --format xml
is "$rc:$(cat err)" '2:ticket-unit: --format: expected json, table or csv, not "xml"' \
    "ls --format xml"
