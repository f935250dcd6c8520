#!/bin/sh -e
# Attachments (附件): files given at intake or later, kept once each by
# their SHA-256 beside the database, typed by their content, listed with
# the ticket and written back whole.  A file that is missing, too big, a
# symbolic link or a directory is refused and nothing is written.
. "$(dirname "$0")/lib.sh"
plan 28

network
files=$tmp/tickets-attachments
# A PNG named as a JPEG: the type comes from the content.
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\000\001\000\000\000\001\010\006\000\000\000\037\025\304\211' >photo.jpg
printf '现场情况说明\n' >note.txt
rec() {
	printf '{"source_id":"%s","channel":"wechat","category":"consultation","facts":{"what":"问","process":"无","result":"无"},"attachments":%s}\n' "$1" "$2"
}

rec s1 '["photo.jpg",{"path":"note.txt","public":true}]' >a.jsonl
run ticket-new a.jsonl
t1=$(jq -r .id out)
is "$rc:$(cat err)" "0:" "a record with two attachments stored"
is "$(ev "$t1" '[.attachments[] | [.n, .type, .size, .name, .public]]')" \
    '[[1,"image/png",33,"photo.jpg",false],[2,"text/plain",19,"note.txt",true]]' \
    "listed with the ticket: numbered, typed by content, public as marked"
sha=$(sha256sum photo.jpg | cut -d' ' -f1)
is "$(ev "$t1" '.attachments[0].sha256')" "\"$sha\"" "kept by its SHA-256"
is "$(ls "$files" | sort | tr '\n' ' ')" \
    "$(sha256sum photo.jpg note.txt | cut -d' ' -f1 | sort | tr '\n' ' ')" \
    "one file a content in the folder beside the database, nothing else"
ticket-ls "$t1" --attachment 1 >back
cmp -s back photo.jpg
ok $? "ticket-ls --attachment writes the file back whole"
is "$(ev "$t1" '[.events[] | .kind]')" '["intake","attach","attach"]' \
    "an attach event each, in the history"

rec s2 '"photo.jpg"' >b.jsonl
run ticket-new b.jsonl
t2=$(jq -r .id out)
is "$(ls "$files" | wc -l)" 2 "the same content again: still one copy"

# Refused, each with one line, and nothing written.
ln -s note.txt link.txt
mkdir dir
head -c 2048 /dev/zero >big.bin
printf 'attachment.max_bytes = 1024\n' >ticket.conf
{
	rec r1 '"missing.jpg"'
	rec r2 '"big.bin"'
	rec r3 '"link.txt"'
	rec r4 '"dir"'
	rec r5 '["note.txt","missing.jpg"]'
	rec r6 '"-"'
	rec r7 '7'
} >bad.jsonl
before=$(q 'select count(*) from ticket; select count(*) from attachment; select count(*) from event')
run ticket-new bad.jsonl
is "$rc" 1 "refused records: exit 1"
is "$(sed -n 1p err)" 'ticket-new: bad.jsonl:1: attachment "missing.jpg": No such file or directory' \
    "a missing file named"
is "$(sed -n 2p err)" 'ticket-new: bad.jsonl:2: attachment "big.bin": 2048 bytes, more than attachment.max_bytes (1024)' \
    "a file too big named, with the limit"
is "$(sed -n 3p err)" 'ticket-new: bad.jsonl:3: attachment "link.txt": a symbolic link: give the file itself' \
    "a symbolic link refused"
is "$(sed -n 4p err)" 'ticket-new: bad.jsonl:4: attachment "dir": a directory, not a file' \
    "a directory refused"
is "$(sed -n 5p err)" 'ticket-new: bad.jsonl:5: attachment "missing.jpg": No such file or directory' \
    "one bad file refuses the whole record"
is "$(sed -n '6,$p' err)" 'ticket-new: bad.jsonl:6: attachment "-": stdin holds the records
ticket-new: bad.jsonl:7: "attachments": expected paths, or objects with "path" and a boolean "public"' \
    "stdin and a number refused"
is "$(q 'select count(*) from ticket; select count(*) from attachment; select count(*) from event')" \
    "$before" "nothing written for any of them"
is "$(ls -A "$files" | wc -l)" 2 "no copy left behind in the folder"
: >ticket.conf

rec d1 '"note.txt"' >d.jsonl
echo '整改后照片' >after.txt
run ticket-new -n d.jsonl
is "$(ls -A "$files" | wc -l):$(q "select count(*) from ticket where source_id = 'd1'")" \
    "2:0" "a dry run keeps no file"

# Later, by a verb: a unit with an order on the ticket, or the platform.
ticket-route dispatch "$t2" --lead A >/dev/null
run ticket-route --actor A attach "$t2" after.txt link.txt
is "$rc:$(jq -c '[.ticket, .n, .type, .public]' out)" \
    "1:[\"$t2\",2,\"text/plain\",false]" "a unit attaches; the link refused"
is "$(cat err)" "ticket-route: $t2: attachment \"link.txt\": a symbolic link: give the file itself" \
    "the refused file named"
run ticket-route attach "$t1" - --public <after.txt
is "$(jq -c '[.n, .name, .public]' out)" '[3,"stdin",true]' \
    "the platform attaches from stdin, and may mark it public"
run ticket-route --actor A attach "$t2" after.txt --public
is "$rc:$(cat err)" "1:ticket-route: $t2: only the platform may mark an attachment public" \
    "a unit may not mark one public"
run ticket-route --actor B attach "$t1" after.txt
is "$rc:$(cat err):$(q "select count(*) from attachment where ticket = '$t1'")" \
    "1:ticket-route: $t1: unit \"B\" has had no order on it:3" \
    "a unit without an order on the ticket may not"

# Through the gate (ticket-shell), files on the server are the service's.
rec g1 '"note.txt"' >g.jsonl
TICKET_STDIN_ONLY=1 run ticket-new <g.jsonl
is "$rc:$(cat err)" '1:ticket-new: stdin:1: attachment "note.txt": files on the server are the service'"'"'s: send it on stdin (ticket-route attach id -)' \
    "a record naming a file on the server refused through the gate"
TICKET_STDIN_ONLY=1 run ticket-route attach "$t1" - <after.txt
is "$rc:$(jq -r .n out)" "0:4" "stdin still attaches through the gate"

# Marked public later, by the platform only; the numbers checked first.
run ticket-route attach-public "$t1" 1 x
is "$rc:$(cat err):$(q "select public from attachment where ticket = '$t1' and n = 1")" \
    '2:ticket-route: attach-public: not an attachment'"'"'s number, from 1: "x":0' \
    "a bad number: nothing marked"
run ticket-route attach-public "$t1" 1 2 9
is "$rc:$(jq -c '[.n, .public]' out)" '1:[1,true]' "the platform marks one public"
is "$(cat err)" "ticket-route: $t1: attachment 2 is public already
ticket-route: $t1: no attachment 9" "one public already, one missing: each named"
run ticket-route --actor A attach-public "$t2" 1
is "$rc:$(cat err)" "2:ticket-route: only the platform may mark an attachment public" \
    "a unit may not"
