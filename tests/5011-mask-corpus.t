#!/bin/sh -e
# The masking corpus (tests/data/mask-corpus.jsonl, scripts/mask-corpus):
# 120 tickets whose callers agreed to publication, with over 400 personal
# items of every kind ticket(7) lists, go through intake, a unit's reply,
# the archive and every public output.  No item may reach the Open311 feed,
# the published lines or the site, and fewer than 5% of the ordinary
# words of the texts may be masked by mistake.
. "$(dirname "$0")/lib.sh"
plan 4

corpus=$data/mask-corpus.jsonl
ticket-unit import "$data/route-units.csv" >/dev/null
jq -c .intake "$corpus" | ticket-new >new 2>/dev/null
# Phoned in, "丈夫…正在打我" is an emergency: those go to 110 at intake,
# unpublished; the rest are handled.
jq -r 'select(.status != "redirected") | "\(.id) \(.source_id)"' new >ids
all=$(cut -d ' ' -f 1 ids)
jq -r '"\(.id) \(.source_id)"' new >all-ids
# Unit A replies to each, through the handler the corpus names.
ticket-route dispatch $all --lead A >/dev/null
ticket-route --actor A sign $all >/dev/null
jq -r '"\(.intake.source_id)\t\(.handler)\t\(.reply)"' "$corpus" >replies
while read -r id src; do
	awk -F '\t' -v s="$src" '$1 == s { print $2; print $3 }' replies >r
	{ read -r handler; read -r text; } <r
	ticket-reply --actor "A/$handler" "$id" --text "$text" \
	    --handler "$handler" --phone 13700001234 --approver 李明 \
	    --contact phone >/dev/null
done <ids
ticket-reply review $all --approve >/dev/null
ticket-callback close $all --reason 已电话确认 >/dev/null
ticket-ls --format open311 >feed.json
TICKET_NOW=2026-04-15T10:00:00+08:00 ticket-archive run >/dev/null
export TICKET_NOW=2026-04-15T10:00:00+08:00
ticket-archive publish >published
run ticket-archive publish --format html --out site
is "$rc" 0 "the corpus published"
is "$(wc -l <published | tr -d ' ')" "$(wc -l <ids | tr -d ' ')" \
    "every ticket of it not redirected"

python3 - "$corpus" all-ids published feed.json site >report <<'PY'
import json, os, sys
corpus, ids, published, feed, site = sys.argv[1:]
src = dict(l.split()[::-1] for l in open(ids))
pub = {}
for l in open(published):
    r = json.loads(l)
    pub[r["id"]] = r
outputs = open(published).read() + open(feed).read()
for f in os.listdir(site):
    outputs += open(os.path.join(site, f)).read()
items = leaked = words = wrong = 0
kinds = {}
for l in open(corpus):
    t = json.loads(l)
    r = pub.get(src[t["intake"]["source_id"]])
    text = t["intake"]["facts"]["process"]
    # A redirected ticket is not published: its items only must not show.
    shown = r["request"]["process"] if r else "\0" * len(text)
    assert len(text) == len(shown), "masking keeps the characters' count"
    needles = [t["intake"]["caller"]["name"], t["handler"],
               t["intake"]["caller"]["phone"]]
    for i in t["items"]:
        items += 1
        kinds[i["kind"]] = kinds.get(i["kind"], 0) + 1
        here = shown[i["at"]:i["at"] + i["len"]]
        bad = here == i["text"] or (len(i["text"]) > 1 and
                                    i["text"] in outputs)
        if bad:
            leaked += 1
            print("# leaked:", i["kind"], i["text"])
    for n in needles:
        if n in outputs:
            leaked += 1
            print("# leaked: known", n)
    for w in t["words"] if r else []:
        words += 1
        if "*" in shown[w["at"]:w["at"] + w["len"]]:
            wrong += 1
            print("# masked by mistake:", text[w["at"]:w["at"] + w["len"]],
                  "in", shown[max(0, w["at"] - 4):w["at"] + w["len"] + 4])
print("# kinds:", " ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
print(f"items {items} leaked {leaked} words {words} masked {wrong}"
      f" rate {100.0 * wrong / words:.2f}%")
PY
sed -n '/^#/p' report
summary=$(tail -n 1 report)
echo "# $summary"
like "$summary" '^items [0-9]+ leaked 0 ' "no personal item reaches any public output"
rate=$(echo "$summary" | awk '{ print $10 }' | tr -d %)
is "$(awk -v r="$rate" 'BEGIN { print (r < 5) ? "under 5%" : r "%" }')" \
    "under 5%" "fewer than 5% of ordinary words masked by mistake"
