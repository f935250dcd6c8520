#!/bin/sh -e
# ticket-archive publish --format html against what an attacker tries:
# a forged ticket id in the archive (a path out of --out, an attribute
# in the index), a symbolic link planted in the old site or given as
# --out; the site swapped in whole, a withheld ticket's page gone.
. "$(dirname "$0")/lib.sh"
plan 12

. "$data/archive-set.sh"
TICKET_NOW=$later ticket-archive run >/dev/null
export TICKET_NOW=$later
arch=tickets-archive.db

run ticket-archive publish --format html --out site
is "$rc:$(ls -a site | tr '\n' ' ')" "0:. .. $t1.html $t2.html index.html " \
    "the site: a page per request and the index, nothing else"
is "$(ls -a | grep -c '^\.site\.' || :)" 0 "no working folder left beside it"

# A page of the old site replaced by a link to a file outside: the new
# site is written in a fresh folder, never through the link.
echo secret >victim
rm "site/$t1.html"
ln -s ../victim "site/$t1.html"
run ticket-archive publish --format html --out site
is "$rc:$(cat victim)" "0:secret" "a planted link is not written through"
is "$(find site -type l | wc -l | tr -d ' ')" 0 "and is gone with the old site"

# The withheld ticket's page disappears when the site is made again.
ticket-archive --actor A withhold "$t2" --reason 涉及执法案件 >/dev/null
run ticket-archive publish --format html --out site
is "$rc:$(ls site | tr '\n' ' ')" "0:$t1.html index.html " \
    "a withheld ticket's page disappears"
ticket-archive withhold "$t2" --deny >/dev/null

# --out a symbolic link: refused before anything is written.
mkdir elsewhere
ln -s elsewhere linked
run ticket-archive publish --format html --out linked
is "$rc:$(cat err):$(ls elsewhere | wc -l | tr -d ' ')" \
    "3:ticket-archive: linked: not a folder:0" "--out a link: refused"
is "$(ls -a | grep -c '^\.linked\.' || :)" 0 "nothing made beside it"

# Forged ticket ids in the archive: a path out of --out, an attribute.
seq1=$(sqlite3 $arch "select seq from dossier where ticket = '$t1'")
seq2=$(sqlite3 $arch "select seq from dossier where ticket = '$t2'")
sqlite3 $arch "update dossier set public = json_set(public, '\$.ticket.id',
    '../../escaped') where seq = $seq1"
sqlite3 $arch "update dossier set public = json_set(public, '\$.ticket.id',
    '20260302000002\" onclick=\"alert(1)') where seq = $seq2"
rm -rf site
run ticket-archive publish --format html --out site
is "$rc" 1 "forged ids: exit 1"
is "$(cat err)" "ticket-archive: $tmp/$arch: dossier $seq1: the ticket id is no ticket number; not published
ticket-archive: $tmp/$arch: dossier $seq2: the ticket id is no ticket number; not published" \
    "each named by its seq, not by the forged id"
is "$(ls site | tr '\n' ' ')" "index.html " "no page for either"
is "$(find .. -name 'escaped*' 2>/dev/null | wc -l | tr -d ' ')" 0 \
    "nothing written outside --out"
if grep -q onclick site/index.html; then r=1; else r=0; fi
ok $r "no attribute injected into the index"
