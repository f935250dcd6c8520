#!/bin/sh -e
# ticket-shell without sshd: the command given with -c, the login as sshd
# or sudo gives it.  What the gate lets through it runs from its own
# directory; a copy beside stand-ins for the commands shows exactly the
# arguments and environment they get.  Every refusal is one line, exit 2,
# nothing run and nothing written.
. "$(dirname "$0")/lib.sh"
plan 41

ticket-unit import "$data/route-units.csv" >/dev/null
ka='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBQ6EJZ0ZYR00ztfhe4COPoN0fh6BIr8y4HwzxGviAUA a@test'
kb='ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOTU1kIYWzh7QOXMmK2ztwWR2MV8U3O8PC238K+A6hGe b@test'
fa=SHA256:eRV5awLwHYPdBu9a1XkqeyzBkodQXZlQIUxRtGdaeLU
echo "$ka" | ticket-account add li -u A -r clerk -k - >/dev/null
ticket-account add wang -u platform -r agent >/dev/null
ticket-account add chen -u platform -r supervisor >/dev/null
ticket-account add zhao -u B -r clerk >/dev/null
ticket-account revoke zhao >/dev/null
db=$TICKET_DB

# The stand-ins: each prints its name, its arguments, its TICKET_ variables.
mkdir gate
cp "$top/bin/ticket-shell" gate/
cat >gate/fake <<'X'
#!/bin/sh
echo "${0##*/}"
for a; do printf '<%s>' "$a"; done
echo
env | grep '^TICKET_' | sort
X
chmod +x gate/fake
for c in ticket-ls ticket-reply ticket-route ticket-archive ticket-unit; do
	ln -s fake "gate/$c"
done
g() {
	run gate/ticket-shell -d "$db" -c "$@"
}

g 'ticket-ls -s "open, replied" -u A' li
cat >want <<X
ticket-ls
<--actor><A/li><--db><$db><-s><open, replied><-u><A>
TICKET_LOGIN=li
TICKET_STDIN_ONLY=1
X
is_file out want "the actor and database put in; every TICKET_ variable but the gate's gone"
is "$rc:$(cat err)" "0:" "exit 0, nothing on stderr"
g 'ticket-reply 20260302000001 --text "已 处理"' li
is "$(sed -n 2p out)" "<--actor><A/li><--db><$db><reply><20260302000001><--text><已 处理>" \
    "a verb left out is put in, so the command sees no other"
g 'ticket-route dispatch 1 --lead A --co B' wang
is "$rc:$(sed -n 2p out)" "0:<--actor><platform/wang><--db><$db><dispatch><1><--lead><A><--co><B>" \
    "--co is ticket-route's own option, not an abbreviation of --conf"
printf 'password alice\npublickey %s\n' "$ka" >auth
SSH_USER_AUTH=$tmp/auth g 'ticket-ls' li
is "$(sed -n 3,4p out | tr '\n' ' ')" "TICKET_KEY_FP=$fa TICKET_LOGIN=li " \
    "with sshd's ExposeAuthInfo, the key's fingerprint goes along"
SUDO_USER=li run gate/ticket-shell -d "$db" -c 'ticket-ls'
is "$rc:$(sed -n 2p out)" "0:<--actor><A/li><--db><$db>" \
    "through sudo, the login is SUDO_USER"

# Refusals.
refused() {	# description, expected message, login, command
	g "$4" "$3"
	is "$rc:$(cat out)$(cat err)" "2:ticket-shell: refused: $2" "$1"
}
refused "--actor" "--actor: the actor is the account" li 'ticket-ls --actor platform'
refused "--actor=" "--actor: the actor is the account" li 'ticket-ls --actor=platform'
refused "an abbreviation of --actor" "--act: the actor is the account" li 'ticket-ls --act platform'
refused "-A" "-A (--actor): the actor is the account" li 'ticket-ls -A platform'
refused "-A in a cluster" "-wA: -A (--actor): the actor is the account" li 'ticket-ls -wA platform'
refused "--now" "--now: the time is the clock's" li 'ticket-ls --now 2020-01-01T00:00:00Z'
refused "-N" "-N (--now): the time is the clock's" li 'ticket-ls -N 2020-01-01T00:00:00Z'
refused "--db" "--db: the database is the gate's" li 'ticket-ls --db /tmp/other.db'
refused "-d" "-d (--db): the database is the gate's" li 'ticket-ls -d /tmp/other.db'
refused "--conf" "--conf: the settings are the service's" li 'ticket-ls --conf=/tmp/x'
refused "an environment setting" "TICKET_ACTOR=x: no environment settings" li 'TICKET_ACTOR=x ticket-ls'
refused "a shell" "sh: not a command of ticket" li 'sh -c id'
refused "a path to a command" "/bin/ticket-ls: not a command of ticket" li '/bin/ticket-ls'
refused "a command not of the project" "ticket-frob: not a command of ticket" li 'ticket-frob'
refused "a list" '";" outside quotes' li 'ticket-ls; id'
refused "a substitution" '"$" outside quotes' li '$(id)'
refused "backticks" '"`" outside quotes' li 'ticket-ls `id`'
refused "a pipe" '"|" outside quotes' li 'ticket-ls | sh'
refused "a redirection" '">" outside quotes' li 'ticket-ls >/tmp/x'
refused "an open quote" 'a quote is not closed' li "ticket-ls 'x"
refused "a verb the role lacks" 'ticket-route dispatch: not for the role clerk of unit "A"' \
    li 'ticket-route dispatch 1 --lead A'
refused "an import by a unit" 'ticket-unit import: not for the role clerk of unit "A"' \
    li 'ticket-unit import -'
refused "the verb after an option" 'ticket-route: the verb must come first, before "-x"' \
    wang 'ticket-route -x sign dispatch'
refused "another archive" '--archive: the archive is the gate'"'"'s' \
    chen 'ticket-archive withhold 1 -g --archive /tmp/a.db'
refused "a revoked account" "zhao: the account was revoked at 2026-03-02T10:00:00+08:00" \
    zhao 'ticket-ls'
refused "an unknown login" "nobody: no such account" nobody 'ticket-ls'
SUDO_USER=li run gate/ticket-shell -d "$db" -c 'ticket-ls' wang
is "$rc:$(cat out)$(cat err)" "2:ticket-shell: refused: wang: not the login sudo names (li)" \
    "through sudo, no other login"
printf 'publickey %s\n' "$kb" >auth
SSH_USER_AUTH=$tmp/auth g 'ticket-ls' li
is "$rc:$(cat out)$(cat err)" "2:ticket-shell: refused: li: the key used is not one of the account's" \
    "a key not the account's (a stale authorized_keys) is refused"

# Without a command: what the account may run.
run ticket-shell -d "$db" li
cat >want <<'X'
{"login":"li","unit":"A","role":"clerk","commands":{"ticket-archive":["withhold"],"ticket-kb":["search"],"ticket-ls":[],"ticket-reply":["contact","reply"],"ticket-report":["rules","units"],"ticket-route":["attach","note","return","sign","subdispatch"],"ticket-sla":["calendar ls","due","extend","workdays"],"ticket-unit":["ls","show"]}}
X
is_file out want "no command: the role's commands and verbs"
is "$(ticket-shell -d "$db" wang | jq -c .commands)" \
    '{"ticket-archive":["head","show","verify"],"ticket-callback":["close","due","record","sample","sms-in","sms-out"],"ticket-kb":["search"],"ticket-ls":[],"ticket-new":[],"ticket-route":["add","answer","attach","attach-public","auto","clear","correct","direct","dispatch","escalate","instruct","merge","note","reassign","redirect","rules ls","rules test","split","withdraw"],"ticket-sla":["calendar ls","due","workdays"],"ticket-unit":["ls","show"]}' \
    "an agent's"

# The real commands: a unit's clerk signs its own order, as the account.
t=$(ticket-new --source-id s1 --channel phone --category complaint \
    --what 某事 --when 昨天 --where 某路 --who 某人 --process 无 \
    --result 处理 2>/dev/null | jq -r .id)
ticket-route dispatch "$t" --lead A >/dev/null
run ticket-shell -d "$db" -c "ticket-route sign $t" li
is "$rc:$(jq -r '.assignments[0].status' out)" "0:signed" "the clerk signs"
is "$(q "SELECT actor FROM event WHERE kind = 'sign'")" "A/li" \
    "the event names the unit and the login"

# Files on the server are the service's: others give their lines on stdin.
run ticket-shell -d "$db" -c "ticket-new /etc/passwd" wang
is "$rc:$(cat err)" "2:ticket-new: /etc/passwd: files on the server are the service's: give the lines on stdin" \
    "an agent names no file on the server"
run ticket-shell -d "$db" -c "ticket-new -S /etc/shadow -" wang </dev/null
is "$rc:$(cat err)" "2:ticket-new: /etc/shadow: files on the server are the service's: give the lines on stdin" \
    "nor a screening file"
printf '%s\n' '{"source_id":"g1","channel":"phone","category":"consultation","facts":{"what":"问路"}}' >g1.jsonl
run ticket-shell -d "$db" -c "ticket-new" wang <g1.jsonl
is "$rc:$(jq -r .source_id out)" "0:g1" "the records on stdin go in"
