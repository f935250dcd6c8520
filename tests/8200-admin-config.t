#!/bin/sh -e
# ticket-admin config: every setting in force and where it came from
# (default, file, environment, option); the database path from the
# settings file; a build tree that runs with nothing exported, the
# screening rules built in while the default file is absent.
. "$(dirname "$0")/lib.sh"
plan 12

unset TICKET_DB TICKET_SCREENING
printf '# the platform\ncity = 临江市\ndb = %s/from-file.db\n' "$tmp" \
    >ticket.conf
run ticket-admin config
is "$rc" 0 "config: exit 0"
is "$(jq -c 'select(.key == "city" or .key == "db" or .key == "zone")' out)" \
    "{\"key\":\"city\",\"value\":\"临江市\",\"from\":\"file\",\"where\":\"$tmp/ticket.conf:2\"}
{\"key\":\"db\",\"value\":\"$tmp/from-file.db\",\"from\":\"file\",\"where\":\"$tmp/ticket.conf:3\"}
{\"key\":\"zone\",\"value\":\"+08:00\",\"from\":\"default\"}" \
    "config: from the file with its line, or the default"
is "$(TICKET_DB=$tmp/env.db ticket-admin config | jq -r 'select(.key == "db") | .from + " " + .where + " " + .value')" \
    "environment TICKET_DB $tmp/env.db" "config: the environment over the file"
is "$(TICKET_DB=$tmp/env.db ticket-admin -d opt.db -a a.db config | jq -r 'select(.key == "db" or .key == "archive") | .key + " " + .from + " " + .value' | paste -sd,)" \
    "archive option a.db,db option opt.db" "config: an option over both"
is "$(jq -r '.key' out | sort -c && echo sorted)" "sorted" \
    "config: every setting, in the order of their names"

# The path in the file is the database every command uses.
run ticket-new --source-id c1 --channel phone --category consultation \
    --what 问路
is "$rc:$(ls tickets.db 2>/dev/null)" "0:" "intake without TICKET_DB: no tickets.db"
is "$(sqlite3 from-file.db 'SELECT source_id FROM ticket')" "c1" \
    "intake without TICKET_DB: the ticket in the file's database"

# No screening file installed, none named: the built-in rules screen.
: >ticket.conf
run ticket-new --source-id c2 --channel phone --category help \
    --what '厨房着火了' --when 刚才 --where 某路 --who 我 --process 无 --result 无
is "$rc" 0 "intake with nothing exported: exit 0"
like "$(cat err)" 'redirected to 119 .*rule screening.csv \(built in\):' \
    "intake with nothing exported: the built-in screening rules"
is "$(jq -r .status out)" "redirected" "the emergency is redirected"

# A screening file the administrator named must be there.
run env TICKET_SCREENING=$tmp/none.csv ticket-new --source-id c3 \
    --channel phone --category consultation --what 问路
is "$rc:$(cat err)" "3:ticket-new: screening file $tmp/none.csv: No such file or directory" \
    "a named screening file that is missing: exit 3"
echo "screening = $tmp/none.csv" >ticket.conf
run ticket-new --source-id c4 --channel phone --category consultation \
    --what 问路
is "$rc" 3 "a screening file set in the settings that is missing: exit 3"
