#!/bin/sh -e
# The verb table (lib/verb.c): an option a verb does not take is refused
# by name, an unknown verb is named, a missing option is named, and every
# kind of option value is checked before anything is opened.
. "$(dirname "$0")/lib.sh"
plan 31

# usage WANT CMD...: exit 2, nothing on stdout, stderr's last line WANT
usage() {
	want=$1
	shift
	run "$@"
	is "$rc:$(cat out):$(tail -n 1 err)" "2::$want" "$*"
}

# Options a verb does not take.
usage 'ticket-route: dispatch does not take --due' \
    ticket-route dispatch 20260302000001 --lead A --due 2026-03-10T00:00:00+08:00
usage 'ticket-route: sign does not take --reason' \
    ticket-route sign 20260302000001 --reason x
usage 'ticket-route: rules ls does not take --text' \
    ticket-route rules ls --text x
usage 'ticket-reply: review does not take --method' \
    ticket-reply review 20260302000001 --approve --method phone
usage 'ticket-reply: reply does not take --bounce' \
    ticket-reply 20260302000001 --text x --bounce y
usage 'ticket-sla: approve does not take --days' \
    ticket-sla approve 20260302000001 --days 1
usage 'ticket-callback: due does not take --rate' \
    ticket-callback due --rate 0.5
usage 'ticket-archive: verify does not take --year' \
    ticket-archive verify --year 2026
usage 'ticket-kb: search does not take --replace' \
    ticket-kb search --replace 公积金
usage 'ticket-report: summary does not take --unit' \
    ticket-report summary --unit A
usage 'ticket-unit: import does not take --all' \
    ticket-unit import --all units.csv
is "$(test -e "$TICKET_DB" && echo opened || echo none)" none \
    "a refused command line opens no database"

# Unknown verbs: the usage, then the verb named.
usage 'ticket-route: unknown verb "route"' ticket-route route 20260302000001
is "$(head -n 1 err)" \
    "usage: ticket-route [-A actor] [-d db] [-N now] verb ..." \
    "the usage comes first"
usage 'ticket-route: unknown verb "rules frob"' ticket-route rules frob
usage 'ticket-sla: unknown verb "calendar frob"' ticket-sla calendar frob
usage 'ticket-report: unknown verb "weekly"' ticket-report weekly

# Missing options.
usage 'ticket-route: instruct: needs --leader' \
    ticket-route instruct 20260302000001 --text x
usage 'ticket-route: subdispatch: needs --to' \
    ticket-route subdispatch 20260302000001 --to ''
usage 'ticket-archive: erase: needs --before' ticket-archive erase

# Bad values, one for each parser.
usage 'ticket-report: --limit: not a number from 0 to 1000000: "-1"' \
    ticket-report hot --limit -1
usage 'ticket-sla: --year: not a year: "99999999999999999999"' \
    ticket-sla calendar ls --year 99999999999999999999
usage 'ticket-callback: --rate: not a share above 0 and at most 1: "0.5x"' \
    ticket-callback sample --rate 0.5x
usage 'ticket-route: --due: not an RFC 3339 time: "2026-03-10"' \
    ticket-route subdispatch 20260302000001 --to A --due 2026-03-10
usage 'ticket-archive: --to: not a date (YYYY-MM-DD): "2026-02-30"' \
    ticket-archive export --to 2026-02-30
is "$(test -e "$TICKET_DB" && echo opened || echo none)" none \
    "nor does a bad value"
usage 'ticket-callback: --older-than: not a duration like 90m, 36h or 2d: "2"' \
    ticket-callback due --older-than 2
usage 'ticket-route: --category: unknown value "praise" (expected consultation, help, suggestion, complaint or report)' \
    ticket-route rules test --text 噪声 --category praise
usage 'ticket-ls: --card: yellow or red, not "green"' ticket-ls --card green
usage 'ticket-kb: --format: expected json or table, not "csv"' \
    ticket-kb search --format csv 公积金
usage 'ticket-report: --format: expected html or md, not "csv"' \
    ticket-report brief --month 2026-03 --format csv
