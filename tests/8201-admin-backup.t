#!/bin/sh -e
# ticket-admin backup, restore and prune: both databases copied at one
# instant while intake writes, with a manifest; restored into a new
# folder with the same counts and head; a tampered backup, or one older
# than the archive's published head, refused before anything changes.
. "$(dirname "$0")/lib.sh"
plan 26

published_set

# 1. A backup while intake writes 40,000 records: each backup is whole.
records 40000 BK calls.jsonl
ticket-new calls.jsonl >/dev/null 2>intake.err &
pid=$!
while [ "$(q 'SELECT count(*) FROM ticket')" -le 3 ] && kill -0 $pid 2>/dev/null; do
	sleep 0.05
done
n=0
while kill -0 $pid 2>/dev/null && [ $n -lt 40 ]; do
	n=$((n + 1))
	ticket-admin backup --to sets --now "2026-03-02T10:00:$(printf %02d $n)+08:00" \
	    >>made.jsonl 2>>backup.err || echo "backup $n: exit $?" >>backup.err
done
r=0
wait $pid || r=$?
is "$r:$(cat intake.err)" "0:" "intake beside the backups: exit 0, nothing on stderr"
is "$(cat backup.err)" "" "every backup while intake wrote: exit 0, nothing on stderr"
total=$(q 'SELECT count(*) FROM ticket')
is "$total" 40003 "every record taken in"
during=$(jq -r 'select(.main.tickets > 3 and .main.tickets < 40003) | .dir' made.jsonl)
is "$(echo "$during" | grep -c . | awk '$1 > 0 { print "some" }')" "some" \
    "backups taken in the middle of intake ($(echo "$during" | grep -c .) of $n)"
mid=$(echo "$during" | head -n 1)
set -- $(jq -r '.main.tickets, .main.events, .archive.records, .archive.head, .archive.signature' "$mid/manifest.json")
is "$3 $4 $5" "3 $head null" "the manifest: the archive's records, head, and no signature yet"
is "$(ls "$mid" | paste -sd' ')" "archive.db main.db manifest.json" \
    "a set: both copies and the manifest"
is "$(stat -c %a "$mid" "$mid/main.db" "$mid/archive.db" "$mid/manifest.json" | paste -sd' ')" \
    "700 600 600 600" "a set: readable by its owner alone"
is "$(jq -r '.main.sha256' "$mid/manifest.json")" \
    "$(sha256sum "$mid/main.db" | cut -d' ' -f1)" "the manifest: the copy's SHA-256"
is "$(sqlite3 "$mid/main.db" 'PRAGMA journal_mode; PRAGMA integrity_check' | paste -sd' ')" \
    "delete ok" "a copy: one file in rollback mode, whole"

# 2. Restored into a new folder: the counts and head of the manifest.
mkdir new
run ticket-admin -d new/tickets.db restore --from "$mid"
is "$rc:$(cat err)" "0:" "restore into a new folder: exit 0"
is "$(sqlite3 new/tickets.db 'SELECT count(*) FROM ticket; SELECT count(*) FROM event' | paste -sd' ')" \
    "$1 $2" "restored: the tickets and events of the manifest"
is "$(ticket-archive -d new/tickets.db verify)" "{\"records\":3,\"head\":\"$head\"}" \
    "restored: the archive's records and head"
run ticket-admin -d new/tickets.db check
is "$rc" 0 "restored: check passes"
is "$(sqlite3 new/tickets.db 'PRAGMA journal_mode')" "wal" "restored: in WAL mode again"
run ticket-new -d new/tickets.db --source-id after --channel phone \
    --category consultation --what 问路
is "$rc" 0 "restored: intake goes on"

# 3. A tampered backup: refused, nothing replaced.
cp -R "$mid" bad
printf 'X' | dd of=bad/main.db bs=1 seek=30000 conv=notrunc 2>/dev/null
sum=$(sha256sum new/tickets.db)
run ticket-admin -d new/tickets.db restore --from bad
is "$rc:$(cat err)" "3:ticket-admin: bad/main.db: does not match the manifest (its size or SHA-256 differs): the backup was changed or damaged" \
    "a copy changed after the backup: exit 3"
is "$(sha256sum new/tickets.db)" "$sum" "a refused restore replaces nothing"
rm -r bad
cp -R "$mid" bad
jq '.main.tickets += 1' "$mid/manifest.json" >bad/manifest.json
run ticket-admin -d new/tickets.db restore --from bad
is "$rc:$(cat err)" "3:ticket-admin: bad/main.db: tickets differs from the manifest" \
    "a manifest that does not describe its copy: exit 3"

# 4. Older than the published head: refused unless forced.
late=$(ticket-new --source-id late --channel phone --category consultation \
    --what 问路 2>/dev/null | jq -r .id)
TICKET_NOW=2026-05-01T10:00:00+08:00 ticket-route answer "$late" \
    --text 答复 >/dev/null
TICKET_NOW=2026-06-15T10:00:00+08:00 ticket-archive run >/dev/null
ticket-archive verify >>heads.jsonl
run ticket-admin -d new/tickets.db restore --from "$mid"
is "$rc:$(cat err)" "3:ticket-admin: $mid: the backup's archive has fewer records than the 4 of the head published (in $tmp/heads.jsonl): the backup is older than the archive; --force restores it all the same" \
    "a backup older than the published head: exit 3"
run ticket-admin -d new/tickets.db restore --force --from "$mid"
is "$rc:$(cat err)" "0:ticket-admin: warning: $mid: the backup's archive has fewer records than the 4 of the head published; restored as forced" \
    "forced: restored, with a warning"
run ticket-admin check
is "$rc" 0 "the live archive holds its published head"

# 5. Rotation: the newest kept.
sets=$(ls sets | wc -l)
run ticket-admin prune --keep 2 --to sets
is "$rc:$(wc -l <out)" "0:$((sets - 2))" "prune: the oldest removed, one line each"
is "$(ls sets | paste -sd' ')" "$(jq -r '.dir | sub("^sets/"; "")' made.jsonl | tail -n 2 | paste -sd' ')" \
    "prune: the two newest kept"
run ticket-admin prune --keep 2 --to sets
is "$rc:$(cat out)" "0:" "prune again: nothing to remove"
run ticket-admin prune --force --to sets
is "$rc:$(cat err)" "2:ticket-admin: prune does not take --force" \
    "an option the verb does not take: exit 2"
run ticket-admin backup
is "$rc:$(cat err)" "2:ticket-admin: no folder for backups: give --to, or set backup.dir in the settings file" \
    "no folder for backups: exit 2"
