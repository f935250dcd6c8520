#!/bin/sh -e
# ticket-archive withhold and publish: only what the caller agreed to,
# nothing withheld, every personal datum masked, each redaction logged;
# the static site valid and free of the test set's personal data.
. "$(dirname "$0")/lib.sh"
plan 17

. "$data/archive-set.sh"
TICKET_NOW=$later ticket-archive run >/dev/null
export TICKET_NOW=$later

run ticket-archive publish
is "$rc:$(cat err)" "0:" "publish: exit 0"
is "$(jq -r .id out | tr '\n' ' ')" "$t1 $t2 " \
    "the ticket whose caller refused is not published"
is "$(jq -r 'select(.id == "'"$t1"'") | .request.process' out)" \
    '张*来电，手机138****8000，另一手机139****1111，座机025-****1234' \
    "several phone numbers, all masked"
is "$(jq -c 'select(.id == "'"$t2"'") | [.request.process, .reply, .unit, .category, .area]' out)" \
    '["身份证3401 **** **** **12 34，住张*安小区，邮箱z*******@example.com，车牌苏A***45","王*已上门，与张*沟通，噪声已消除","甲区人民政府","complaint",null]' \
    "an ID card split by spaces, a name inside another word, e-mail, plate; the handler's name in the reply"
is "$(grep -c -e 张伟 -e 王强 -e 13812348000 -e 13700001234 -e 中山路 out || :)" 0 \
    "no personal datum in the published lines"
is "$(sqlite3 tickets-archive.db "select kind from redaction where ticket = '$t2' and path = '/ticket/doc/facts/process' order by offset" | tr '\n' ' ')" \
    "idcard name email plate " "each redaction logged: kind and place"

run ticket-archive --actor A withhold "$t2" --reason 涉及正在处理的执法案件
is "$rc:$(jq -c '[.ticket, .status, .reason, .asked_by, .asked_at]' out)" \
    "0:[\"$t2\",\"asked\",\"涉及正在处理的执法案件\",\"A\",\"$later\"]" \
    "a unit asks not to publish"
is "$(ticket-archive publish | jq -r .id)" "$t1" "held back while undecided"
run ticket-archive --actor A withhold "$t2" --grant
is "$rc:$(cat err)" "1:ticket-archive: $t2: only the platform may decide a withholding" \
    "only the platform decides"
run ticket-archive withhold "$t2" --deny
is "$rc:$(jq -r .status out)" "0:denied" "the platform denies"
is "$(ticket-archive publish | jq -r .id | tr '\n' ' ')" "$t1 $t2 " "denied: published"
run ticket-archive withhold "$t2" --grant
is "$rc:$(cat err)" "1:ticket-archive: $t2: no withholding awaits a decision" \
    "a decision stands"
run ticket-archive withhold "$t2"
is "$rc" 2 "withhold needs --reason, --grant or --deny"
is "$(ticket-archive publish --since 2026-03-03 | wc -l)" 0 "--since"

# The site: valid, and clean of every name, phone and address of the set.
run ticket-archive publish --format html --out site
is "$rc:$(ls site | tr '\n' ' ')" "0:$t1.html $t2.html index.html " \
    "an index and a page per request"
python3 - site/*.html <<'PY' >check
import sys
from html.parser import HTMLParser
void = {"meta", "br", "hr", "img", "link", "input"}
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.stack = []; s.bad = []
    def handle_starttag(s, t, a):
        if t not in void: s.stack.append(t)
    def handle_endtag(s, t):
        if not s.stack or s.stack.pop() != t: s.bad.append(t)
for f in sys.argv[1:]:
    text = open(f, encoding="utf-8").read()
    p = P(); p.feed(text)
    ok = text.startswith("<!doctype html>\n<html lang=\"zh-CN\">") and \
        not p.stack and not p.bad and "http" not in text
    for w in ["张伟", "王强", "13812348000", "13900001111", "84561234",
              "13700001234", "中山路", "zhangwei@", "苏A12345", "0419 9001"]:
        ok = ok and w not in text
    print(f.split("/")[-1], "ok" if ok else "bad")
PY
is "$(cat check | tr '\n' ' ')" "$t1.html ok $t2.html ok index.html ok " \
    "valid, self-contained, no personal data"

run ticket-archive --actor B withhold "$t1" --reason 不想公开
is "$rc:$(cat err)" "1:ticket-archive: $t1: unit \"B\" has had no order on it" \
    "a unit that had no order on the ticket cannot ask"
