#!/bin/sh -e
# The demo runs from start to end, and the public website and the Open311
# feed it makes hold none of the personal data of the demo city's calls.
. "$(dirname "$0")/lib.sh"
plan 6

run env DEMO_DIR="$tmp/demo" "$top/scripts/demo"
is "$rc" 0 "make demo's script runs to the end"
[ -s demo/site/index.html ] && r=0 || r=1
ok $r "the public site is there"

# Every caller's name and phone, from both sample files.
jq -r '.caller.name // empty, .caller.phone // empty' \
    "$top/scripts/demo-data/calls.jsonl" >personal
awk -F, 'NR > 1 && $3 != "" { print $3; print $4 }' \
    "$top/scripts/demo-data/web-messages.csv" >>personal
sort -u personal | grep -v '^$' >names
is "$(wc -l <names | tr -d ' ' | awk '$1 > 50 { print "many" }')" "many" \
    "the personal data to look for"
if grep -r -F -f names demo/site >found; then r=1; else r=0; fi
ok $r "no caller's name or phone anywhere in the public site"
[ $r -eq 0 ] || sed 's/^/# /' found | head -n 5
ticket-ls --db demo/tickets.db --format open311 >feed.json
if grep -F -f names feed.json >found; then r=1; else r=0; fi
ok $r "nor in the Open311 feed"
if grep -r -E -q '(^|[^0-9])1[3-9][0-9]{9}([^0-9]|$)' demo/site feed.json; then r=1; else r=0; fi
ok $r "no mobile number at all in what is published"
