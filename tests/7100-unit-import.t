#!/bin/sh -e
# ticket-unit: import a network, list it four ways, show a unit with its
# work; re-import in place: changes named, units with work or routing
# rules deactivated (with their parents), the others deleted.
. "$(dirname "$0")/lib.sh"
plan 28

run ticket-unit import "$data/units-small.csv"
changes unit added platform JB JB-BA JB-WJ SHB SHB-JB SJY GDGS RQGS SWJT >want
is_file out want "import: one line a unit added"
is "$rc:$(cat err)" "0:" "import: exit 0, nothing on stderr"

run ticket-unit ls
cat >want <<'X'
{"code":"platform","name":"临江市12345热线","level":1,"parent":null,"kind":"platform","phone":"0518-12345","active":true,"updated_at":"2026-03-02T10:00:00+08:00"}
{"code":"GDGS","name":"国网临江供电公司","level":2,"parent":"platform","kind":"company","phone":"0518-95598","active":true,"updated_at":"2026-03-02T10:00:00+08:00"}
{"code":"JB","name":"江北区人民政府","level":2,"parent":"platform","kind":"district","phone":"0518-82110001","active":true,"updated_at":"2026-03-02T10:00:00+08:00"}
{"code":"JB-BA","name":"江北区北岸街道","level":3,"parent":"JB","kind":"street","phone":"0518-82110101","active":true,"updated_at":"2026-03-02T10:00:00+08:00"}
{"code":"JB-WJ","name":"江北区望江街道","level":3,"parent":"JB","kind":"street","phone":null,"active":true,"updated_at":"2026-03-02T10:00:00+08:00"}
{"code":"RQGS","name":"临江港华燃气, 有限公司","level":2,"parent":"platform","kind":"company","phone":"0518-96777","active":true,"updated_at":"2026-03-02T10:00:00+08:00"}
{"code":"SHB","name":"市生态环境局","level":2,"parent":"platform","kind":"department","phone":"0518-81200002","active":true,"updated_at":"2026-03-02T10:00:00+08:00"}
{"code":"SHB-JB","name":"市生态环境局江北分局","level":3,"parent":"SHB","kind":"department","phone":null,"active":true,"updated_at":"2026-03-02T10:00:00+08:00"}
{"code":"SJY","name":"市教育局","level":2,"parent":"platform","kind":"department","phone":null,"active":true,"updated_at":"2026-03-02T10:00:00+08:00"}
X
is_file out want "ls: active units as JSON lines, each before its children"

run ticket-unit ls --all
is "$(jq -r '.code + ":" + (.active | tostring)' out | tr '\n' ' ')" \
    "platform:true GDGS:true JB:true JB-BA:true JB-WJ:true RQGS:true SHB:true SHB-JB:true SJY:true SWJT:false " \
    "ls --all: inactive units too"
run ticket-unit ls -l 3
is "$(jq -r .code out | tr '\n' ' ')" "JB-BA JB-WJ SHB-JB " "ls --level"
run ticket-unit ls --parent JB
is "$(jq -r .code out | tr '\n' ' ')" "JB-BA JB-WJ " "ls --parent"
run ticket-unit ls --parent JB --level 2
is "$(wc -l <out)" 0 "ls: the filters combine"
run ticket-unit ls --parent NOPE
is "$rc:$(cat err)" "1:ticket-unit: NOPE: no such unit" \
    "ls --parent: an unknown unit is exit 1"

run ticket-unit ls --level 2 --all --format table
cat >want <<'X'
代码  名称                    级别  上级      类型          值班电话       状态
GDGS  国网临江供电公司        2     platform  公共服务企业  0518-95598     在用
JB    江北区人民政府          2     platform  区政府        0518-82110001  在用
RQGS  临江港华燃气, 有限公司  2     platform  公共服务企业  0518-96777     在用
SHB   市生态环境局            2     platform  部门          0518-81200002  在用
SJY   市教育局                2     platform  部门                         在用
SWJT  临江水务集团            2     platform  公共服务企业  0518-96110     停用
X
is_file out want "ls --format table: Chinese headers, aligned by display width"

run ticket-unit ls --all --format csv
cat >want <<'X'
code,name,level,parent,kind,phone,active
platform,临江市12345热线,1,,platform,0518-12345,1
GDGS,国网临江供电公司,2,platform,company,0518-95598,1
JB,江北区人民政府,2,platform,district,0518-82110001,1
JB-BA,江北区北岸街道,3,JB,street,0518-82110101,1
JB-WJ,江北区望江街道,3,JB,street,,1
RQGS,"临江港华燃气, 有限公司",2,platform,company,0518-96777,1
SHB,市生态环境局,2,platform,department,0518-81200002,1
SHB-JB,市生态环境局江北分局,3,SHB,department,,1
SJY,市教育局,2,platform,department,,1
SWJT,临江水务集团,2,platform,company,0518-96110,0
X
is_file out want "ls --format csv: the import format"

cp out round.csv
before=$(q 'SELECT * FROM unit ORDER BY code')
run ticket-unit import --now 2026-03-03T10:00:00+08:00 round.csv
is "$rc:$(cat out)$(cat err)" "0:" "ls --all --format csv imports back with no change"
is "$(q 'SELECT * FROM unit ORDER BY code')" "$before" \
    "an unchanged unit keeps its updated_at"

# Work: tickets with assignments, one of them closed, one a copy.
for n in 1 2 3 4; do
	printf '{"source_id":"S%s","received_at":"2026-03-02T09:00:00+08:00","channel":"phone","category":"consultation","facts":{"what":"问题%s"}}\n' $n $n
done >calls.jsonl
ticket-new calls.jsonl >/dev/null 2>&1
q "INSERT INTO assignment(ticket, unit, role, status) VALUES
    ('20260302000001', 'JB', 'lead', 'dispatched'),
    ('20260302000001', 'JB-BA', 'lead', 'signed'),
    ('20260302000002', 'JB', 'co', 'signed'),
    ('20260302000002', 'SHB-JB', 'lead', 'dispatched'),
    ('20260302000003', 'JB', 'cc', 'dispatched'),
    ('20260302000004', 'JB', 'lead', 'approved');
    UPDATE ticket SET status = 'closed' WHERE id = '20260302000004';
    INSERT INTO route_rule(priority, topic, lead, co, mode, line, source)
    VALUES (10, '城乡建设', 'JB', NULL, 'transfer', 2, 'rules.csv'),
    (20, '公用事业/供电', 'GDGS', NULL, 'transfer', 3, 'rules.csv'),
    (30, '公用事业/燃气', 'JB', 'SJY_X|RQGS', 'transfer', 4, 'rules.csv');"

run ticket-unit show JB
is "$(cat out)" '{"code":"JB","name":"江北区人民政府","level":2,"parent":"platform","kind":"district","phone":"0518-82110001","active":true,"updated_at":"2026-03-02T10:00:00+08:00","parent_name":"临江市12345热线","children":["JB-BA","JB-WJ"],"work":{"dispatched":1,"signed":1}}' \
    "show: the unit, its parent, its children, its work on open tickets"
run ticket-unit show platform SWJT
is "$(jq -c '[.code, .parent, .parent_name, .children, .work, .active]' out | tr '\n' ' ')" \
    '["platform",null,null,["GDGS","JB","RQGS","SHB","SJY","SWJT"],{},true] ["SWJT","platform","临江市12345热线",[],{},false] ' \
    "show: several codes; the platform has no parent"
run ticket-unit show JB NOPE
is "$rc:$(jq -r .code out):$(cat err)" "1:JB:ticket-unit: NOPE: no such unit" \
    "show: an unknown code is exit 1, the others shown"

run ticket-unit import --now 2026-03-05T08:00:00+08:00 "$data/units-v2.csv"
{
	cat <<'X'
{"unit":"JB","change":"changed","fields":["name"]}
{"unit":"JB-WJ","change":"changed","fields":["name","parent","phone"]}
X
	changes unit added JN JN-WC
	changes unit deactivated JB-BA SHB-JB GDGS RQGS SHB
	changes unit deleted SJY SWJT
} >want
is_file out want "re-import: changed in place; left out: deactivated or deleted"
cat >want <<'X'
ticket-unit: warning: "GDGS" is now inactive, but routing rule rules.csv:3 names it
ticket-unit: warning: "RQGS" is now inactive, but routing rule rules.csv:4 names it
X
is_file err want "a routing rule naming a deactivated unit is a warning"
is "$rc" 0 "re-import: exit 0"

run ticket-unit ls
is "$(jq -r '.code + "<" + (.parent // "") + "@" + .updated_at[5:10]' out | tr '\n' ' ')" \
    "platform<@03-02 JB<platform@03-05 JN<platform@03-05 JB-WJ<JN@03-05 JN-WC<JN@03-05 " \
    "ls: the new tree; updated_at moves only with a change"
run ticket-unit ls --all --level 3
is "$(jq -r '.code + ":" + (.active | tostring)' out | tr '\n' ' ')" \
    "JB-BA:false JB-WJ:true JN-WC:true SHB-JB:false " \
    "a unit with work stays, inactive, under its parent"
is "$(q "SELECT code, active FROM unit WHERE code IN ('SHB', 'SJY', 'SWJT')")" \
    "SHB|0" "a parent kept for its child stays; the others are gone"
is "$(q "SELECT count(*) FROM unit WHERE level = 1")" 1 "still one platform"

run ticket-unit import --now 2026-03-06T08:00:00+08:00 "$data/units-v2.csv"
is "$rc:$(cat out)$(cat err)" "0:" \
    "the same file again: no change, not even to inactive units"

# A unit left out comes back.
{ cat "$data/units-v2.csv"; echo 'street,JB-BA,JB,3,江北区北岸街道,'; } >v3.csv
run ticket-unit import --now 2026-03-06T08:00:00+08:00 v3.csv
is "$(cat out)" '{"unit":"JB-BA","change":"changed","fields":["phone","active"]}' \
    "a deactivated unit listed again is active again"

# The platform may change its code; the old one stays while it has work.
q "INSERT INTO assignment(ticket, unit, role, status)
    VALUES ('20260302000003', 'platform', 'lead', 'dispatched')"
sed 's/^platform,platform,,1,/platform,center,,1,/; s/,platform,/,center,/' \
    v3.csv >v4.csv
run ticket-unit import v4.csv
is "$(jq -r '.unit + ":" + .change' out | tr '\n' ' ')" \
    "center:added JB:changed JN:changed platform:deactivated " \
    "a new platform; the old one kept, inactive, for its work"
is "$(ticket-unit ls --level 1 --all | jq -r '.code + ":" + (.active | tostring)' | tr '\n' ' ')" \
    "center:true platform:false " "one active level-1 unit"

# The demo network is good.
rm -f tickets.db
run ticket-unit import "$top/scripts/demo-data/units.csv"
is "$rc:$(cat err)" "0:" "the demo network imports"
is "$(ticket-unit ls | jq -r .level | sort | uniq -c | tr -s ' \n' ' ')" \
    " 1 1 24 2 24 3 " "the demo network: 1 platform, 24 level-2 units, 24 level-3 units"
