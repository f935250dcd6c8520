#!/bin/sh -e
# fact_event passes an event on to fact_feed only for the kinds its
# triggers read (lib/schema.c): a fact_feed trigger whose kind is missing
# from that list would never fire.  Each trigger's kinds are read from
# the schema itself, so a trigger added later is checked too.
. "$(dirname "$0")/lib.sh"
plan 4

mk S1 >/dev/null
# words WHEN-SQL: the quoted words of a trigger's WHEN clause, one a line
words() {
	sed -n 's/.* WHEN \(.*\) BEGIN .*/\1/p' | grep -o "'[a-z_]*'" | sort -u
}
passed=$(q "SELECT sql FROM sqlite_master WHERE name = 'fact_event'" |
    tr '\n' ' ' | words)
is "$(q "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'
    AND tbl_name = 'fact_feed' AND sql NOT LIKE '% WHEN %'")" 0 \
    "every fact_feed trigger names the kinds it reads"
read_kinds=$(q "SELECT replace(sql, char(10), ' ') FROM sqlite_master
    WHERE type = 'trigger' AND tbl_name = 'fact_feed'" | words | sort -u)
is "$(printf '%s\n' "$read_kinds" | grep -cvxF "$passed" || true)" 0 \
    "fact_event passes on every kind a fact_feed trigger reads"
is "$(q "SELECT count(*) FROM event WHERE kind = 'intake'")" 1 \
    "the intake event is logged"
run ticket-unit import "$data/route-units.csv"
id=$(mk S2)
run ticket-route dispatch "$id" --lead A
is "$rc:$(q "SELECT unit, role FROM fact_order WHERE ticket = '$id'")" \
    "0:A|lead" "a dispatch still reaches the facts"
