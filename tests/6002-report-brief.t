#!/bin/sh -e
# ticket-report brief: one self-contained HTML page (balanced tags, no
# URL, inline SVG charts, print CSS, Chinese labels) or Markdown, with
# the figures of units --level 2 and summary.
. "$(dirname "$0")/lib.sh"
plan 11

network
for d in 02 03 03 05; do
	id=$(TICKET_NOW=2026-03-${d}T09:00:00+08:00 ticket-new --channel phone \
	    --category consultation --what '某事 <b>&' --topic '噪声<扰民>' \
	    --area 甲区 2>/dev/null | jq -r .id)
	TICKET_NOW=2026-03-${d}T10:00:00+08:00 ticket-route dispatch "$id" \
	    --lead A >/dev/null
	TICKET_NOW=2026-03-${d}T11:00:00+08:00 ticket-route --actor A sign \
	    "$id" >/dev/null
	TICKET_NOW=2026-03-${d}T12:00:00+08:00 ticket-reply --actor A "$id" \
	    --text 已处理 --handler 王强 --phone 13812348000 --approver 李明 \
	    --contact phone >/dev/null
	TICKET_NOW=2026-03-${d}T13:00:00+08:00 ticket-reply review "$id" \
	    --approve >/dev/null
	TICKET_NOW=2026-03-${d}T14:00:00+08:00 ticket-callback record "$id" \
	    -R satisfied -v yes -m phone >/dev/null
done

run ticket-report brief --month 2026-03
is "$rc:$(cat err)" "0:" "brief runs clean"
cp out brief.html
cat >balance.py <<'PY'
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "img", "hr", "link", "input", "rect", "line",
    "circle", "path"}
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.stack, self.bad = [], []
    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.stack.append(tag)
    def handle_startendtag(self, tag, attrs):
        pass
    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack.pop() != tag:
            self.bad.append(tag)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
p.close()
print("ok" if not p.stack and not p.bad else "unbalanced %s %s" % (p.stack, p.bad))
PY
is "$(python3 balance.py brief.html)" "ok" "the page is well-formed"
is "$(grep -Eci 'https?:|src=|href=|@import|url\(' brief.html || :)" "0" \
    "no external resource, no URL"
is "$(grep -c "<svg" brief.html)" "4" \
    "four charts: daily volume, categories, ranking, trend (no cards to draw)"
like "$(cat brief.html)" '@media print' "a print style"
like "$(cat brief.html)" '<h1>12345热线2026年3月工作简报</h1>' "a Chinese title"
like "$(cat brief.html)" '噪声&lt;扰民&gt;' "text is escaped"

run ticket-report brief --month 2026-03 --format md
like "$(cat out)" '\| 甲区人民政府 \| 4 \| 4 \| 100.0% \| 100.0% \| 100.0% \| 0 \| 0 \|' \
    "Markdown: the unit table with its figures"
like "$(cat out)" '派单按承办单位计' "派单 is said to count orders, not tickets"
echo 'city = 测试市' >ticket.conf
run ticket-report brief --month 2026-03 --format md
is "$(head -1 out)" "# 测试市12345热线2026年3月工作简报" "the city named in the title"
run ticket-report brief
is "$rc:$(cat err)" "2:ticket-report: brief: --month is required" \
    "brief needs a month"
