#!/bin/sh -e
# ticket-shell's sessions: many requests over one standard input, each
# answered with its output and ". STATUS"; input and output lines that
# begin with a dot go doubled; a refusal answers its request only; a
# revoked account's session ends at its next request.
. "$(dirname "$0")/lib.sh"
plan 9

ticket-unit import "$data/route-units.csv" >/dev/null
ticket-account add li -u A -r clerk >/dev/null
ticket-account add wang -u platform -r agent >/dev/null
db=$TICKET_DB

# Stand-ins: ticket-ls prints its arguments; ticket-new echoes its input
# and ends without a newline.
mkdir gate
cp "$top/bin/ticket-shell" gate/
cat >gate/ticket-ls <<'X'
#!/bin/sh
for a; do printf '<%s>' "$a"; done
echo
X
cat >gate/ticket-new <<'X'
#!/bin/sh
cat
printf 'end'
X
chmod +x gate/ticket-ls gate/ticket-new
s() {	# login, then the session's input on stdin
	run gate/ticket-shell -d "$db" -c session "$1"
}

printf '%s\n' 'ticket-ls -u A' '.' 'ticket-ls "两 个"' '.' >req
s li <req
cat >want <<X
<--actor><A/li><--db><$db><-u><A>
. 0
<--actor><A/li><--db><$db><两 个>
. 0
X
is_file out want "two requests, each answered and ended by its status"
is "$rc:$(cat err)" "0:" "the session ends with its input, status 0"

printf '%s\n' 'ticket-new' 'a' '..b' '.c' '' '.' >req
s wang <req
printf '%s\n' 'a' '..b' 'c' '' 'end' '. 0' >want
is_file out want "input lines undoubled on the way in, doubled on the way out; a last line ended"

printf '%s\n' 'ticket-ls --actor platform' '.' 'ticket-route dispatch 1 --lead A' 'x' '.' 'ticket-ls' '.' >req
s li <req
cat >want <<X
. 2
. 2
<--actor><A/li><--db><$db>
. 0
X
is_file out want "refused requests answered 2, their input skipped; the next one runs"
cat >want <<'X'
ticket-shell: refused: --actor: the actor is the account
ticket-shell: refused: ticket-route dispatch: not for the role clerk of unit "A"
X
is_file err want "each refusal one line on stderr"

# Revoked between two requests: the second is refused and the session ends.
mkfifo in
gate/ticket-shell -d "$db" -c session li <in >out 2>err &
exec 3>in
printf '%s\n' 'ticket-ls' '.' >&3
# The first answer, within a minute however slow the machine.
n=0
until grep -q '^\. 0$' out || [ $((n += 1)) -gt 600 ]; do sleep 0.1; done
ticket-account revoke li >/dev/null
printf '%s\n' 'ticket-ls' '.' 'ticket-ls' '.' >&3
exec 3>&-
set +e; wait $!; rc=$?; set -e
is "$rc:$(grep -c '^\. ' out)" "2:1" "a revoked account's session ends at its next request"
like "$(cat err)" "li: the account was revoked" "saying why"

# The real commands: a ticket taken in, then listed, over one session.
ticket-account add zhou -u platform -r agent >/dev/null
printf '%s\n' 'ticket-new' \
    '{"source_id":"q1","channel":"phone","category":"consultation","facts":{"what":"问路","when":"今天","where":"某路","who":"某人","process":"无","result":"答复"}}' \
    '.' 'ticket-ls --format csv' '.' >req
run ticket-shell -d "$db" -c session zhou <req
is "$rc:$(grep -c '^\. 0$' out)" "0:2" "both requests succeed"
is "$(sed -n 1p out | jq -r .source_id):$(grep -c ',q1,' out)" "q1:1" \
    "the ticket taken in by the first is listed by the second"
