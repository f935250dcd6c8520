#!/bin/sh -e
# The audit log (ticket(5)): each administrative change, an import or an
# account changed, is a row naming who did it, in the same transaction;
# a refused import leaves none; the log cannot be altered.
. "$(dirname "$0")/lib.sh"

plan 8

audit() {
	q "SELECT kind, actor, json_extract(data, '$.$1') FROM audit
	    ORDER BY seq" | paste -sd' '
}

network rules
ticket-kb import "$data/kb-good.csv" >/dev/null
is "$(audit file | sed "s|$data/||g")" \
    "unit_import|platform|route-units.csv rules_import|platform|route-rules.csv kb_import|platform|kb-good.csv" \
    "each import is a row, with its file"
is "$(q "SELECT json_extract(data, '$.changes') FROM audit WHERE kind = 'rules_import'")" \
    "$(ticket-route rules ls | wc -l)" "a rules import says how many rules it holds"
is "$(q "SELECT json_array_length(data, '$.changes') FROM audit WHERE kind = 'unit_import'")" \
    "$(ticket-unit ls --all | wc -l)" "a units import keeps the changes it printed"

run ticket-kb import "$data/kb-bad.csv"
is "$rc:$(q 'SELECT count(*) FROM audit')" "3:3" "a refused import leaves no row"

ticket-account add li -u A -r clerk --actor platform/admin1 >/dev/null
ticket-account revoke li --actor platform/admin1 >/dev/null
is "$(q "SELECT kind, actor, json_extract(data, '$.change'),
    json_extract(data, '$.logins[0]') FROM audit WHERE seq > 3" | paste -sd' ')" \
    "account|platform/admin1|add|li account|platform/admin1|revoke|li" \
    "account changes are rows, naming who made them"
is "$(q "SELECT count(*) FROM audit WHERE written_at IS NULL OR login IS NOT NULL")" 0 \
    "every row has its real time; run locally, no login"

run q "UPDATE audit SET actor = 'x'"
like "$(cat err)" "the audit log is append-only" "a row cannot be changed"
run q "DELETE FROM audit"
like "$(cat err)" "the audit log is append-only" "nor deleted"
