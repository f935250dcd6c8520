#!/bin/sh -e
# ticket-account: accounts of the platform and of units, their roles
# fitting their units' levels, their keys, revoking, and the service
# user's authorized_keys written whole from them.  No change is an event.
. "$(dirname "$0")/lib.sh"
plan 32

ticket-unit import "$data/route-units.csv" >/dev/null
dir=$(pwd -P)
ka='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBQ6EJZ0ZYR00ztfhe4COPoN0fh6BIr8y4HwzxGviAUA a@test'
kb='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOTU1kIYWzh7QOXMmK2ztwWR2MV8U3O8PC238K+A6hGe b@test'
kc='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDYWdTaShLP6R2nV1clMjNMbkq0Uf45obo9ZNp0FReAy c@test'
fa=SHA256:eRV5awLwHYPdBu9a1XkqeyzBkodQXZlQIUxRtGdaeLU
fb=SHA256:ittZpH4R1xOFHOApn5trmIIyVXyhhoqkCVmjrGPjQ7w
fc=SHA256:dEJNQtylPZ9hAKYvPVI3o/wlYruJABuYSFs0TXN2NCk
printf '# the clerk of A\n\n%s\n' "$ka" >a.pub
ak="$dir/authorized_keys"
shell="$top/bin/ticket-shell -d $dir/tickets.db"

run ticket-account add li --unit A --role clerk --name 李四 --key a.pub \
    --authorized-keys "$ak"
cat >want <<X
{"login":"li","unit":"A","role":"clerk","name":"李四","created_at":"2026-03-02T10:00:00+08:00","revoked_at":null,"keys":[{"fp":"$fa","key":"$ka","added_at":"2026-03-02T10:00:00+08:00"}]}
X
is_file out want "add: the account with its key, fingerprinted as ssh-keygen -l does"
is "$rc:$(cat err)" "0:" "add: exit 0"
cat >want <<X
# Written by ticket-account(1) from the accounts in $dir/tickets.db; edits here are lost.
command="$shell li",restrict $ka
X
is_file "$ak" want "authorized_keys: one line a key, forcing ticket-shell"
is "$(stat -c %a "$ak")" 600 "authorized_keys: mode 0600"
is "$(ls "$dir" | grep -c '^authorized_keys\.')" 0 "no temporary file left"

echo "$kb" | TICKET_NOW=2026-03-02T11:00:00+08:00 \
    run ticket-account add wang -u platform -r agent -k - -K "$ak"
is "$rc:$(jq -c '[.login, .unit, .role, .name, .keys[0].fp]' out)" \
    "0:[\"wang\",\"platform\",\"agent\",null,\"$fb\"]" \
    "add: a platform agent, its key from stdin, no name"
is "$(grep -c '^command=' "$ak")" 2 "authorized_keys: both accounts' keys"

run ticket-account add zhao -u A-1 -r reader
is "$rc:$(jq -r .role out):$(jq -c .keys out)" "0:reader:[]" \
    "add: a level-3 unit's reader, with no key"

# An add refused: LOGIN UNIT ROLE, then the status and message expected.
refused_add() {
	run ticket-account add "$1" -u "$2" -r "$3"
	is "$rc:$(cat err)" "$4:ticket-account: $1: $5" "add: $6"
}
refused_add sun A admin 1 'no role "admin" for a level-2 unit (clerk or reader)' \
    "a platform role for a unit's account is refused"
refused_add sun platform clerk 1 'no role "clerk" for a level-1 unit (admin, agent, supervisor or reader)' \
    "a unit role for the platform's is refused"
refused_add sun NOPE clerk 1 'no such unit "NOPE"' "no such unit"
refused_add sun X clerk 1 'unit "X" is inactive' "an inactive unit"
refused_add li B clerk 1 'account "li" exists' "a login taken"
refused_add 'a/b' B clerk 2 'not a login (letters, digits, _ . -, at most 32 bytes)' \
    "a login that could not be half an actor"
run ticket-account add sun -u B
is "$rc" 2 "add: --unit and --role are needed"
printf '%s\nssh-dss AAAA\n' "$kc" >bad.pub
run ticket-account add sun -u B -r clerk -k bad.pub
is "$rc:$(cat err)" '1:ticket-account: bad.pub:2: not an OpenSSH public key: "ssh-dss"' \
    "add: a bad key line is named by file and line"
echo "$ka" | run ticket-account add sun -u B -r clerk -k -
is "$rc:$(cat err)" "1:ticket-account: stdin:1: key $fa is already account \"li\"'s" \
    "add: one key opens one account"
is "$(q "SELECT count(*) FROM account WHERE login = 'sun'")" 0 \
    "a refused add leaves no account behind"

run ticket-account ls
is "$(jq -r .login out | tr '\n' ' ')" "li wang zhao " "ls: every account, by login"
run ticket-account ls --unit A-1
is "$(jq -r .login out | tr '\n' ' ')" "zhao " "ls --unit"
run ticket-account show wang nobody
is "$rc:$(jq -r .login out):$(cat err)" \
    "1:wang:ticket-account: nobody: no such account" \
    "show: an unknown login is exit 1, the others shown"

echo "$kc" | run ticket-account key add li - -K "$ak"
is "$(jq -c '[.keys[].fp]' out)" "[\"$fa\",\"$fc\"]" "key add: a second key"
run ticket-account key rm li "$fa" -K "$ak"
is "$rc:$(jq -c '[.keys[].fp]' out)" "0:[\"$fc\"]" "key rm: by fingerprint"
is "$(grep -e "$fa" -e 'a@test' -e 'c@test' "$ak" | sed 's/.*@//')" test \
    "authorized_keys follows the keys"
run ticket-account key rm li "$fa"
is "$rc:$(cat err)" "1:ticket-account: li: account \"li\" has no key $fa" \
    "key rm: a key the account does not have"

run ticket-account role zhao clerk
is "$rc:$(jq -r .role out)" "0:clerk" "role: a unit reader made clerk"
run ticket-account role zhao agent
is "$rc:$(cat err)" '1:ticket-account: zhao: no role "agent" for a level-3 unit (clerk or reader)' \
    "role: one that does not fit the unit's level"

TICKET_NOW=2026-03-05T09:00:00+08:00 run ticket-account revoke wang -K "$ak"
is "$rc:$(jq -r .revoked_at out)" "0:2026-03-05T09:00:00+08:00" "revoke"
is "$(grep -c 'ticket-shell' "$ak")" 1 "a revoked account's keys leave authorized_keys"

run ticket-account sync
is "$rc" 2 "sync needs --authorized-keys"
run ticket-account revoke li -K /nonexistent/authorized_keys
is "$rc:$(jq -r .login out):$(cat err)" "4:li:ticket-account: /nonexistent/authorized_keys: No such file or directory" \
    "a file that cannot be written: exit 4, the change made"

is "$(q 'SELECT count(*) FROM event')" 0 "no change is an event"
