#!/bin/sh -e
# ticket-archive export and import: JSON lines with hashes for the
# records office, restored into an empty archive with the chain checked
# line by line, all or nothing.
. "$(dirname "$0")/lib.sh"
plan 9

. "$data/archive-set.sh"
TICKET_NOW=$later ticket-archive run >/dev/null
ticket-archive export >all.jsonl

is "$(jq -c '[.seq, .ticket, (.hash | length), (.personal | type)]' all.jsonl | tr '\n' ' ')" \
    "[1,\"$t1\",64,\"object\"] [2,\"$t2\",64,\"object\"] [3,\"$t3\",64,\"object\"] " \
    "export: every record with its hashes"
is "$(ticket-archive export --year 2026 | wc -l)/$(ticket-archive export --year 2025 | wc -l)/$(ticket-archive export --from 2026-03-02 --to 2026-03-02 | wc -l)/$(ticket-archive export --from 2026-03-03 --to 2026-12-31 | wc -l)" \
    "3/0/3/0" "--year and --from/--to select by the day closed"

run ticket-archive import --archive new.db all.jsonl
is "$rc:$(cat err)" "0:" "import into an empty archive"
is "$(ticket-archive verify --archive new.db)" "$(ticket-archive verify)" \
    "the restored chain verifies to the same head"
is "$(ticket-archive export --archive new.db | cmp - all.jsonl && echo same)" same \
    "and exports the same lines"

run ticket-archive import --archive new.db all.jsonl
is "$rc:$(cat err)" "3:ticket-archive: new.db: the archive is not empty" \
    "import refuses an archive that is not empty"

sed '2s/噪声扰民/噪音扰民/' all.jsonl >edited.jsonl
run ticket-archive import --archive e.db edited.jsonl
is "$rc:$(cat err)" "3:ticket-archive: edited.jsonl:2: record 2 (ticket $t2) was changed: its contents do not match its hash" \
    "an edited line is named"
is "$(sqlite3 e.db 'select count(*) from dossier')" 0 "nothing of it imported"

sed 2d all.jsonl | run ticket-archive import --archive d.db
is "$rc:$(cat err)" "3:ticket-archive: stdin:2: record 2 is missing (removed)" \
    "a line removed, read from stdin"
