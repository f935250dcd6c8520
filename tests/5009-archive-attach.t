#!/bin/sh -e
# ticket-archive run: a ticket's attachments go with its dossier.  The
# dossier holds each file's digest, so the chain's hash covers what the
# files hold; the files move to the folder beside the archive, and leave
# the live folder unless an open ticket still has the same content.
. "$(dirname "$0")/lib.sh"
plan 9

. "$data/archive-set.sh"
t4=$(ticket-new --channel phone --category help --what 井盖缺失 --when 今天 \
    --where 某路 --who 无 2>/dev/null | jq -r .id)
printf '现场照片\n' >shared.txt
printf '整改记录\n' >own.txt
ticket-route attach "$t1" shared.txt >/dev/null
ticket-route attach "$t2" own.txt >/dev/null
ticket-route attach "$t2" - --public <shared.txt >/dev/null
ticket-route attach "$t4" shared.txt >/dev/null
shared=$(sha256sum shared.txt | cut -d' ' -f1)
own=$(sha256sum own.txt | cut -d' ' -f1)

TICKET_NOW=$later run ticket-archive run
is "$rc:$(cat err)" "0:" "archived"
is "$(ls tickets-archive-attachments | sort | tr '\n' ' ')" \
    "$(printf '%s\n' "$shared" "$own" | sort | tr '\n' ' ')" \
    "both files in the folder beside the archive"
is "$(ls tickets-attachments)" "$shared" \
    "the live folder keeps only what an open ticket still has"
is "$(sqlite3 tickets-archive.db "select public from dossier where ticket = '$t2'" |
    jq -c '[.attachment[] | [.n, .sha256, .type]]')" \
    "[[1,\"$own\",\"text/plain\"],[2,\"$shared\",\"text/plain\"]]" \
    "the dossier holds the files' digests"
is "$(q "select count(*) from attachment where ticket in ('$t1', '$t2')")" 0 \
    "the rows left the main database"
run ticket-archive verify
is "$rc" 0 "the chain verifies"
is "$(ev "$t4" '[.attachments[] | .sha256]')" "[\"$shared\"]" \
    "the open ticket's file is still there"

# Published: only the file the platform marked public, without its name.
run ticket-archive publish
is "$(jq -c 'select(.id == "'"$t2"'") | .attachments' out)" \
    "[{\"sha256\":\"$shared\",\"type\":\"text/plain\",\"size\":13}]" \
    "the public file listed by digest, type and size"
is "$(jq -c 'select(.id != "'"$t2"'") | .attachments' out | sort -u)" "null" \
    "no other record lists a file"
