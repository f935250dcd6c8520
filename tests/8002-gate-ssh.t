#!/bin/sh -e
# ticket-shell behind a real sshd: Debian's sshd on 127.0.0.1, a free
# high port, its host key, configuration and authorized_keys all in this
# test's directory, run as the current user, who is also the service
# user the client logs in as.  Skipped where sshd is missing or will not
# let the current user in (a locked account without PAM, say).
. "$(dirname "$0")/lib.sh"

sshd_pid=
trap '[ -z "$sshd_pid" ] || kill "$sshd_pid" 2>/dev/null || :; rm -rf "$tmp"' EXIT
skip_all() {
	echo "1..0 # SKIP $1"
	exit 0
}
[ -x /usr/sbin/sshd ] || skip_all "no /usr/sbin/sshd (scripts/install-deps installs it)"
command -v ssh >/dev/null && command -v ssh-keygen >/dev/null ||
    skip_all "no ssh client"

dir=$(pwd -P)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ak=$dir/authorized_keys
ssh-keygen -q -t ed25519 -N '' -C host -f hostkey
for k in probe li wang; do
	ssh-keygen -q -t ed25519 -N '' -C "$k@test" -f "key-$k"
done
cat >sshd_config <<X
Port $port
ListenAddress 127.0.0.1
HostKey $dir/hostkey
PidFile $dir/sshd.pid
AuthorizedKeysFile $ak
ExposeAuthInfo yes
UsePAM no
StrictModes no
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
PermitRootLogin prohibit-password
AllowUsers $(id -un)
LogLevel VERBOSE
UseDNS no
X
# Debian's sshd wants its privilege separation directory, which only its
# service makes; root may make it here (as in CI).
if [ ! -d /run/sshd ] && [ "$(id -u)" -eq 0 ]; then
	mkdir -p /run/sshd && chmod 0755 /run/sshd
fi
echo "command=\"echo gate-probe\",restrict $(cat key-probe.pub)" >"$ak"
/usr/sbin/sshd -D -f "$dir/sshd_config" -E "$dir/sshd.log" &
sshd_pid=$!

s() {	# key, then the remote command if any
	k=$1
	shift
	ssh -F /dev/null -T -i "key-$k" -o IdentitiesOnly=yes -o BatchMode=yes \
	    -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
	    -o LogLevel=ERROR -o ConnectTimeout=10 -p "$port" 127.0.0.1 "$@"
}
probe=
for i in 1 2 3 4 5 6 7 8 9 10; do
	kill -0 "$sshd_pid" 2>/dev/null || break
	probe=$(s probe 2>/dev/null) || :
	[ "$probe" != gate-probe ] || break
	sleep 0.5
done
if [ "$probe" != gate-probe ]; then
	why=$(tail -n 1 sshd.log 2>/dev/null)
	skip_all "sshd did not let $(id -un) in${why:+: $why}"
fi

plan 27

ticket-unit import "$data/route-units.csv" >/dev/null
ticket-account add li -u A -r clerk -k key-li.pub -K "$ak" >/dev/null
ticket-account add wang -u platform -r agent -k key-wang.pub -K "$ak" >/dev/null
like "$(cat "$ak")" "command=\"$top/bin/ticket-shell -d $dir/tickets.db li\",restrict ssh-ed25519 " \
    "the forced command names the gate and the database"
fli=$(ssh-keygen -lf key-li.pub | cut -d' ' -f2)
t=$(ticket-new --source-id s1 --channel phone --category complaint \
    --what 某事 --when 昨天 --where 某路 --who 某人 --process 无 \
    --result 处理 2>/dev/null | jq -r .id)
ticket-route dispatch "$t" --lead A >/dev/null

run s li
is "$rc:$(jq -c '[.login, .unit, .role, .commands["ticket-route"]]' out)" \
    '0:["li","A","clerk",["attach","note","return","sign","subdispatch"]]' \
    "no command: what the account may run"

run s li "ticket-route sign $t"
is "$rc:$(jq -c '[.status, .assignments[0].status]' out)" \
    '0:["in_progress","signed"]' "a unit's clerk signs its own order over SSH"
is "$(q "SELECT actor FROM event WHERE kind = 'sign'")" "A/li" \
    "the event's actor is the account's unit and login"
is "$(q "SELECT login, key_fp FROM event WHERE kind = 'sign'")" "li|$fli" \
    "the event names the login and the key's fingerprint"
is "$(q "SELECT written_at - at BETWEEN -5 AND 5 FROM event WHERE kind = 'sign'")" 1 \
    "and, at the server's time, when it was written"
printf '{"id":"%s"}\n' "$t" | run s li 'ticket-ls -'
is "$rc:$(jq -r .id out)" "0:$t" "stdin and stdout pass through"
events=$(q 'SELECT count(*) FROM event')

refused() {	# description, expected message, remote command
	run s li "$3"
	is "$rc:$(cat out)$(cat err)" "2:ticket-shell: refused: $2" "$1"
}
refused "--actor" "--actor: the actor is the account" 'ticket-ls --actor platform'
refused "--now" "--now: the time is the clock's" 'ticket-ls --now 2020-01-01T00:00:00Z'
refused "--db" "--db: the database is the gate's" 'ticket-ls --db /tmp/other.db'
refused "an environment setting" "TICKET_ACTOR=x: no environment settings" 'TICKET_ACTOR=x ticket-ls'
refused "a shell" "sh: not a command of ticket" 'sh -c id'
refused "a second command" '";" outside quotes' 'ticket-ls; id'
refused "a substitution" '"$" outside quotes' '$(id)'
refused "a command not in the list" "ticket-frob: not a command of ticket" 'ticket-frob --help'
refused "a verb the role lacks" 'ticket-route dispatch: not for the role clerk of unit "A"' \
    "ticket-route dispatch $t --lead B"
refused "an import by a unit" 'ticket-unit import: not for the role clerk of unit "A"' \
    'ticket-unit import -'
refused "rules by a unit" 'ticket-route rules import: not for the role clerk of unit "A"' \
    'ticket-route rules import -'
is "$(q 'SELECT count(*) FROM event')" "$events" "nothing refused wrote anything"
is "$(ls /tmp/other.db 2>&1 >/dev/null | wc -l)" 1 "no other database made"

# The key sshd saw is the account's: a key removed without rewriting
# authorized_keys opens nothing.
ticket-account key rm li "$fli" >/dev/null
run s li 'ticket-ls'
is "$rc:$(cat out)$(cat err)" \
    "2:ticket-shell: refused: li: the key used is not one of the account's" \
    "a removed key, still in a stale authorized_keys, is refused by its fingerprint"
ticket-account sync -K "$ak"
run s li 'ticket-ls'
is "$rc:$(cat out)" "255:" "rewritten, the file no longer lets the key in"

# Revoking takes effect at the next connection.
run s wang 'ticket-ls -s dispatched'
is "$rc" 0 "the agent comes in"
ticket-account revoke wang >/dev/null
run s wang 'ticket-ls -s dispatched'
is "$rc:$(cat out)$(cat err)" \
    "2:ticket-shell: refused: wang: the account was revoked at 2026-03-02T10:00:00+08:00" \
    "revoked: refused at the next connection, even before the file is written"
ticket-account sync -K "$ak"
run s wang 'ticket-ls'
is "$rc:$(cat out)" "255:" "and then sshd refuses the key itself"
is "$(grep -c wang "$ak")" 0 "the revoked account's key is gone from the file"

# sshd's view: every session ran ticket-shell, with the key's fingerprint.
like "$(grep -c "Accepted publickey for $(id -un) .* $fli" sshd.log)" '^[1-9]' \
    "sshd accepted li's key by the fingerprint ticket-account computed"
