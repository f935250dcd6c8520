#!/bin/sh -e
# ticket-ls reads long listings in pages, each a short read transaction
# after the key of the last ticket shown: every ticket once, in order,
# across the pages' edges, whatever the order, limit or filter.
. "$(dirname "$0")/lib.sh"
plan 8

# 1300 tickets, some seconds apart, so a page of 512 ends mid-second too
records 1300 PG many.jsonl
ticket-new many.jsonl >/dev/null
ids() {
	ticket-ls "$@" | jq -r .source_id
}
ids >all
is "$(wc -l <all)" 1300 "every ticket"
is "$(sort -u all | wc -l)" 1300 "each once"
is "$(sort all | cmp - all && echo sorted)" sorted "oldest first across the pages"
is "$(ids -r | sort -r | cmp - /dev/stdin <<EOT && echo same
$(sort -r all)
EOT
)" same "-r: newest first across the pages"
is "$(ids -n 700 | sed -n '1p;512p;513p;$p' | paste -sd' ')" \
    "PG-000001 PG-000512 PG-000513 PG-000700" "--limit past a page"
is "$(ids --status new | wc -l)" 1300 "one status: paged through its index"
# The newest 600 answered at a later time: the rest first, then those,
# ties by receipt; and newest first with -r.
ticket-ls -r -n 600 | jq -r .id >changed
TICKET_NOW=2026-03-02T11:00:00+08:00 ticket-route answer $(cat changed) \
    --text 已答复 >/dev/null
is "$(ids --sort updated | sed -n '700p;701p;$p' | paste -sd' ')" \
    "PG-000700 PG-000701 PG-001300" "--sort updated across the pages"
is "$(ids --status answered,new | wc -l)" 1300 "a status list: read in one go"
