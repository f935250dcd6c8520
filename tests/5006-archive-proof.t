#!/bin/sh -e
# What an insider changes in the archive is caught: every column of a
# record, the redaction log, an erasure not recorded, a withholding, the
# stubs of the main database; heads signed with the platform's key, so
# a re-chained export no longer verifies with it; a head published
# earlier catches a chain cut short.
. "$(dirname "$0")/lib.sh"
plan 26

. "$data/archive-set.sh"
echo "archive.key = $tmp/platform.key" >ticket.conf
run ticket-archive key
is "$rc:$(head -1 out):$(stat -c %a platform.key)" \
    "0:-----BEGIN PUBLIC KEY-----:600" "key: the private key 0600, the public on stdout"
mv out platform.pub
run ticket-archive key
is "$rc:$(cat err)" "3:ticket-archive: $tmp/platform.key: File exists" \
    "key: a key in use is never replaced"

TICKET_NOW=$later ticket-archive run >/dev/null
ticket-archive withhold "$t1" --reason 涉及个人隐私 >/dev/null
ticket-archive withhold "$t1" --grant >/dev/null
run ticket-archive verify --key platform.pub
is "$rc:$(jq .records out):$(cat err)" "0:5:" \
    "three dossiers and two withholding marks verify, every head signed"
ticket-archive head >heads.jsonl
is "$(jq -c '[.records, (.head | length), (.signature | length)]' heads.jsonl)" \
    "[5,64,128]" "head: the signed head as a line for a log"
line=$(cat heads.jsonl)

a() {
	sqlite3 tickets-archive.db "$1"
}
cp tickets-archive.db good.db
cp tickets.db good-main.db
fresh() {
	cp good.db tickets-archive.db
	cp good-main.db tickets.db
	rm -f tickets-archive.db-wal tickets-archive.db-shm tickets.db-wal \
	    tickets.db-shm
}
fails() {
	run ticket-archive verify --key platform.pub
	is "$rc:$(cat err)" "3:ticket-archive: $tmp/tickets-archive.db: $1" "$2"
	fresh
}

a "delete from signature where seq = 5"
fails "the head (record 5) is not signed" "an unsigned head"
a "update dossier set public = replace(public, '噪声', '噪音') where seq = 2"
fails "record 2 (ticket $t2) was changed: its contents do not match its hash" \
    "an edited record"
a "update dossier set ticket = '20260302000099' where seq = 2"
fails "record 2 (ticket 20260302000099) was renamed: its contents are of ticket $t2" \
    "a renamed record"
a "update dossier set closed_at = closed_at + 86400 where seq = 1"
fails "record 1 (ticket $t1) was changed: its closing or archiving time is not the one it was hashed with" \
    "a closing time moved"
a 'update dossier set seq = -2 where seq = 2; update dossier set seq = 2 where seq = 3; update dossier set seq = 3 where seq = -2'
fails "record 2 (ticket $t3) is out of place: a record before it was removed, or records were reordered" \
    "two records swapped"
a "delete from dossier where seq = 2"
fails "record 2 is missing (removed)" "a deleted record"
a "update redaction set length = 3 where id = (select min(id) from redaction)"
fails "record 1 (ticket $t1): its redaction log was changed" \
    "the redaction log edited"
a "update dossier set personal = null where seq = 2"
fails "record 2 (ticket $t2): its personal part is gone, but no erasure was recorded" \
    "a personal part emptied without an erasure"
a "update withhold set status = 'denied'"
fails "the withholding of ticket $t1 is not the one its marks record" \
    "a withholding decided by hand"
a "delete from withhold"
fails "the withholding of ticket $t1 is not the one its marks record" \
    "a withholding removed"
a "delete from mark where seq = 5; delete from signature where seq = 5;
    update withhold set status = 'asked', decided_by = null, decided_at = null"
run ticket-archive verify --key platform.pub --head "$line"
is "$rc:$(cat err)" "3:ticket-archive: $tmp/tickets-archive.db: has fewer records than the 5 of the head published" \
    "the last mark and its signature removed: the head published earlier sees it"
fresh
a "delete from mark where seq = 5; update withhold set status = 'asked',
    decided_by = null, decided_at = null"
fails "record 5: its signature does not verify with the key in platform.pub: the chain was changed" \
    "the last mark removed: its signature names nothing"
q "update ticket set extra = json_set(extra, '$.archive.hash', 'x') where id = '$t3'"
fails "record 3 (ticket $t3) is not the one its stub in the main database names (record 3, hash x)" \
    "a stub that names another hash"
q "delete from event where ticket = '$t3'; delete from ticket where id = '$t3'"
fails "record 3 (ticket $t3) has no stub in the main database" \
    "a record without its stub"

# Truncation: the last dossier and all after it, with their logs.
a "delete from redaction where ticket = '$t3'; delete from dossier where seq = 3;
    delete from mark; delete from withhold; delete from signature where seq > 2"
run ticket-archive verify
is "$rc:$(cat err)" "3:ticket-archive: $tmp/tickets-archive.db: ticket $t3 was archived as record 3, which the archive does not have" \
    "a chain cut short: the main database's stub"
run ticket-archive verify --head "$line" --archive tickets-archive.db --db other.db
is "$rc:$(cat err)" "3:ticket-archive: tickets-archive.db: has fewer records than the 5 of the head published" \
    "and the head published earlier, without the main database"
fresh
run ticket-archive verify --key platform.pub --head "$line"
is "$rc:$(cat err)" "0:" "--head: the head published is still in the chain"
run ticket-archive verify --key platform.pub --head "$(jq -c '.head = (if .head[0:1] == "0" then "1" else "0" end) + .head[1:]' heads.jsonl)"
is "$rc:$(cat err)" "3:ticket-archive: $tmp/tickets-archive.db: has a record 5 that is not the head published: the chain was replaced" \
    "--head: another chain"

# A re-chained export: edited, every hash computed again.
ticket-archive export >all.jsonl
rechain() {
	prev=0000000000000000000000000000000000000000000000000000000000000000
	while IFS= read -r l; do
		if [ "$(printf '%s' "$l" | jq -r 'has("kind")')" = true ]; then
			part=$(printf '%s' "$l" | jq -cS .body)
			ph=
		else
			part=$(printf '%s' "$l" | jq -cS .public)
			ph=$(printf '%s' "$l" | jq -r .personal_hash)
		fi
		h=$(printf '%s%s%s' "$prev" "$part" "$ph" | sha256sum | cut -c1-64)
		printf '%s' "$l" | jq -c --arg p "$prev" --arg h "$h" \
		    '.prev = $p | .hash = $h'
		prev=$h
	done
}
sed '2s/噪声扰民/噪音扰民/' all.jsonl | rechain >forged.jsonl
run ticket-archive import --archive forged.db forged.jsonl
is "$rc:$(cat err)" "0:" "a re-chained export imports: its hashes are right"
run ticket-archive verify --archive forged.db --db none.db
is "$rc" 0 "and verifies without the key"
run ticket-archive verify --archive forged.db --db none.db --key platform.pub
is "$rc:$(cat err)" "3:ticket-archive: forged.db: record 3: its signature does not verify with the key in platform.pub: the chain was changed" \
    "but not with it"
rechain <all.jsonl >same.jsonl
run ticket-archive import --archive same.db same.jsonl
ticket-archive verify --archive same.db --db none.db --key platform.pub >/dev/null
is "$(cmp same.jsonl all.jsonl && echo same)" same \
    "the chain computed in sh is the tools' own (the test's own check)"
