#!/bin/sh -e
# What the fuzz harnesses (fuzz/README) found, as the commands meet it:
# each a clear refusal naming the record, nothing stored.  The masker's
# finding is in tests/unit/mask.c; those seen only inside a harness (a
# leak on a refused screening file, NULL + 0 in the first units import)
# are in the corpora that 9201-fuzz-corpus.t runs.
. "$(dirname "$0")/lib.sh"

plan 6

# fuzz/corpus/time/past-9999: 10000-01-01 in +08:00, once printed 0000.
printf '%s\n' '{"source_id":"Y-1","received_at":"9999-12-31T23:00:00-05:00","channel":"phone","category":"help","facts":{"what":"路灯不亮"}}' >late.jsonl
run ticket-new late.jsonl
is "$rc:$(cat err)" '1:ticket-new: late.jsonl:1: "received_at": not a time: "9999-12-31T23:00:00-05:00"' \
    "a time past year 9999 in the platform's zone: refused, named"
is "$(q 'SELECT count(*) FROM ticket')" 0 "past 9999: nothing stored"
run ticket-ls --now 9999-12-31T23:00:00-05:00
is "$rc" 2 "past 9999 as --now: a usage error"

# fuzz/corpus/intake-*/crash-map-not-utf8: once "out of memory", exit 4.
printf '%s\n' '{"编号":"J-1","received_at":"2026-03-02T09:00:00+08:00","channel":"phone","category":"help","facts":{"what":"问路"}}' >map.jsonl
bad=$(printf 'sou\362ce_id')
run ticket-new --map "编号=$bad" map.jsonl
is "$rc:$(cat err)" "1:ticket-new: map.jsonl:1: --map: cannot put a value at \"$bad\"" \
    "--map to a key that is not UTF-8: the record refused, named"
is "$(q 'SELECT count(*) FROM ticket')" 0 "bad --map: nothing stored"
printf '编号,received_at,channel,category,facts.what\nJ-2,2026-03-02T09:00:00+08:00,phone,help,问路\n' >map.csv
run ticket-new --csv --map "编号=$bad" map.csv
is "$rc:$(cat err)" "1:ticket-new: map.csv:2: column \"$bad\" clashes with another" \
    "the same in CSV: refused, named"
