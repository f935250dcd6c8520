#!/bin/sh -e
# ticket-archive run: finished tickets older than the limit become
# dossiers in the archive beside the main database; the main database
# keeps a stub; each record's hash chains to the one before.
. "$(dirname "$0")/lib.sh"
plan 16

. "$data/archive-set.sh"
t4=$(ticket-new --channel phone --category help --what 井盖缺失 --when 今天 \
    --where 某路 --who 无 2>/dev/null | jq -r .id)
a() {
	sqlite3 tickets-archive.db "$1"
}

TICKET_NOW=2026-03-31T10:00:00+08:00 run ticket-archive run
is "$rc:$(cat out err)" "0:" "nothing finished 30 days ago yet"
TICKET_NOW=$later run ticket-archive run --older-than 60
is "$rc:$(cat out err)" "0:" "--older-than 60: nothing either"

TICKET_NOW=$later run ticket-archive run
is "$rc:$(cat err)" "0:" "a run: exit 0"
is "$(jq -c '[.id, .status, .archive.seq, .caller, .facts]' out | tr '\n' ' ')" \
    "[\"$t1\",\"archived\",1,null,null] [\"$t2\",\"archived\",2,null,null] [\"$t3\",\"archived\",3,null,null] " \
    "each stub printed, oldest first, without personal data"
is "$(a 'select seq, ticket from dossier' | tr '\n' ' ')" \
    "1|$t1 2|$t2 3|$t3 " "three dossiers in tickets-archive.db"
is "$(ticket-ls "$t4" | jq -r .status)" new "an open ticket stays"
is "$(q "select count(*) from assignment where ticket = '$t2'")/$(q "select count(*) from reply")/$(q "select caller_phone is null from ticket where id = '$t2'")" \
    "0/0/1" "its assignments, replies and phone left the main database"
is "$(ticket-ls "$t2" | jq -c '[.status, .category, .archive.seq, [.events[] | [.kind, .before, .after]]]')" \
    '["archived","complaint",2,[["archive","closed","archived"]]]' \
    "ticket-ls shows the stub and the one event saying where it went"
is "$(q "select count(*) from event where ticket = '$t2'")" 1 \
    "the event log let go of the rest"

# The chain: sha256(prev, public, personal_hash), by coreutils.
ok=0
for s in 1 2 3; do
	want=$(a "select hash from dossier where seq = $s")
	got=$(a "select prev || public || personal_hash from dossier where seq = $s" |
	    tr -d '\n' | sha256sum | cut -d' ' -f1)
	[ "$want" = "$got" ] || ok=1
done
ok $ok "each hash is SHA-256 of prev, public and personal_hash"
is "$(a 'select count(*) from dossier d join dossier p on p.seq = d.seq - 1 where d.prev = p.hash')/$(a 'select prev from dossier where seq = 1')" \
    "2/0000000000000000000000000000000000000000000000000000000000000000" \
    "each prev is the hash before it; the first follows zeros"
p=$(a "select public from dossier where seq = 2")
is "$(printf '%s' "$p" | jq -S -c .)" "$p" \
    "public is canonical JSON: keys sorted, compact"

# The dossier: everything, personal data in its own part.
TICKET_NOW=$later run ticket-archive show "$t2"
is "$(jq -c '[.seq, .dossier.ticket.doc.caller.name, .dossier.reply[0].handler, .dossier.reply[0].phone, (.dossier.event | length), (.dossier.assignment | length), .dossier.units.A]' out)" \
    '[2,"张伟","王强","13700001234",8,1,"甲区人民政府"]' \
    "show: the whole dossier, personal data and all"
is "$(a "select public from dossier where seq = 2" | jq -c '[.ticket.doc.caller.name, .reply[0].handler, .reply[0].text]')" \
    '["张*","王*","王*已上门，与张*沟通，噪声已消除"]' \
    "the public part holds the masked text"

TICKET_NOW=$later run ticket-archive run
is "$rc:$(cat out err)" "0:" "a second run has nothing to do"
run ticket-archive show 20260302999999
is "$rc:$(cat err)" "1:ticket-archive: 20260302999999: not in the archive" \
    "show: a ticket not archived"
