#!/bin/sh -e
# ticket-ls --card, --flag, --overdue and --supervision (督办清单, ticket-sla(1)):
# which tickets each filter passes, judged at --now.
. "$(dirname "$0")/lib.sh"
plan 15

network
ids() {
	run ticket-ls "$@"
	jq -r .id out | paste -sd' '
}

# Monday 2026-03-02 10:00.  near: a consultation due Wednesday 03-04;
# several: a lead and a co-unit; major: escalated, then instructed;
# plain: a complaint due 03-23; help: to be flagged for its contact;
# fresh: still new; done: answered; again: reopened.
near=$(mk near consultation)
several=$(mk several complaint)
major=$(mk major complaint)
plain=$(mk plain complaint)
help=$(mk help help)
fresh=$(mk fresh complaint)
done=$(mk done consultation)
again=$(mk again complaint)
ticket-route dispatch "$near" "$plain" "$again" --lead A >/dev/null
ticket-route dispatch "$several" --lead A --co B >/dev/null
ticket-route escalate "$major" --opinion 涉及多部门 >/dev/null
ticket-route instruct "$major" --leader 李市长 --text 请住建局牵头 >/dev/null
ticket-route dispatch "$major" --lead D >/dev/null
ticket-route dispatch "$help" --lead B >/dev/null
ticket-route --actor B sign "$help" >/dev/null
ticket-route answer "$done" --text 已答复 >/dev/null
# Reopening comes with ticket-callback; until then, by hand.
q "UPDATE ticket SET status = 'reopened' WHERE id = '$again'"

is "$(ids --supervision --now 2026-03-03T10:00:00+08:00)" \
    "$several $major $again" \
    "Tuesday: several units, major, reopened; nothing near yet"
is "$(ids --supervision --now 2026-03-04T00:00:00+08:00)" \
    "$near $several $major $again" \
    "Wednesday 00:00: the order due today is near, before any sweep"
is "$(ids --supervision --unit B --now 2026-03-04T00:00:00+08:00)" \
    "$several" "with another filter: both apply"
is "$(ids --supervision --status dispatched --now 2026-03-04T00:00:00+08:00)" \
    "$near $several $major" "--status narrows the list"

is "$(ids --card yellow)" "" "no card before a sweep"
ticket-sla --now 2026-03-04T00:00:00+08:00 sweep >/dev/null
is "$(ids --card yellow)" "$near" "--card yellow"
is "$(ids --flag contact_missed)" "$help" "--flag contact_missed"
is "$(ids --overdue --now 2026-03-04T23:59:59+08:00)" "" \
    "--overdue at the deadline's last second: none"
is "$(ids --overdue --now 2026-03-05T00:00:00+08:00)" "$near" \
    "--overdue one second later, before any sweep"
ticket-sla --now 2026-03-05T00:00:00+08:00 sweep >/dev/null
is "$(ids --card red) / $(ids --card yellow) / $(ids --flag overdue)" \
    "$near / $near / $near" "after the next sweep: red, yellow kept, flagged"
is "$(ids --overdue --now 2026-03-05T00:00:00+08:00 --category complaint)" "" \
    "--overdue with --category"

# Past all deadlines: every live order is overdue and near.
is "$(ids --overdue --now 2026-03-24T00:00:00+08:00)" \
    "$near $several $major $plain $help $again" \
    "every live order past its deadline"
run ticket-ls --supervision --now 2026-03-24T00:00:00+08:00 --format csv
is "$(wc -l <out | tr -d ' ')" 7 "--format applies: a header and six rows"

run ticket-ls --card purple
is "$rc:$(cat err)" '2:ticket-ls: --card: yellow or red, not "purple"' "--card purple"
run ticket-ls --overdue --now yesterday
is "$rc" 2 "a bad --now"
