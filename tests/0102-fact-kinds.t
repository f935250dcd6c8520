#!/bin/sh -e
# The event writer (lib/store.c) passes every event but an intake on to
# fact_feed: a fact_feed trigger that read intake events would never
# fire.  The triggers' kinds are read from the schema itself, so one
# added later is checked too.  No trigger fires on an INSERT into the
# ticket or event table: it would give each one a statement journal,
# and intake its time back.
. "$(dirname "$0")/lib.sh"
plan 5

mk S1 >/dev/null
is "$(q "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
    AND tbl_name = 'fact_feed' AND sql NOT LIKE '% WHEN %'")" 0 \
    "every fact_feed trigger names the kinds it reads"
is "$(q "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
    AND tbl_name = 'fact_feed' AND sql LIKE '%''intake''%'")" 0 \
    "no fact_feed trigger reads an intake event"
is "$(q "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
    AND tbl_name IN ('ticket', 'event') AND sql LIKE '% INSERT ON %'")" 0 \
    "no trigger on an INSERT into ticket or event"
is "$(q "SELECT count(*) FROM event WHERE kind = 'intake'")" 1 \
    "the intake event is logged"
run ticket-unit import "$data/route-units.csv"
id=$(mk S2)
run ticket-route dispatch "$id" --lead A
is "$rc:$(q "SELECT unit, role FROM fact_order WHERE ticket = '$id'")" \
    "0:A|lead" "a dispatch still reaches the facts"
