#!/bin/sh -e
# make deb: the Debian package builds, lintian finds no error, and it
# installs: on the machine itself when the test runs as root there and
# no ticket package or /var/lib/ticket is there already (as on CI),
# else into a throwaway root with dpkg --root.  The installed ticket-new
# and ticket-admin take a new database in /var/lib/ticket; the units
# pass systemd-analyze verify.
. "$(dirname "$0")/lib.sh"

for t in dpkg-buildpackage dh lintian; do
	if ! command -v $t >/dev/null 2>&1; then
		echo "1..0 # SKIP $t missing (make deps installs it)"
		exit 0
	fi
done
plan 12

run make -C "$top" deb DEBDIR="$tmp/deb"
is "$rc" 0 "make deb: exit 0"
[ $rc -eq 0 ] || sed 's/^/# /' out err | tail -n 20
deb=$(ls deb/ticket_*_*.deb 2>/dev/null | head -n 1)
is "$(grep -c '^E: ' out || :)" 0 "lintian: no errors"
grep '^[EW]: ' out | sed 's/^/# lintian: /' || :
is "$(dpkg-deb -f "$deb" Package)" ticket "the package is built"
dpkg-deb -c "$deb" | awk '{ print $6 }' >contents
missing=
for f in $(cd "$top" && ls bin) ; do
	grep -qx "./usr/bin/$f" contents || missing="$missing $f"
	grep -qx "./usr/share/bash-completion/completions/$f" contents ||
	    missing="$missing $f-completion"
done
for m in $(cd "$top/man" && ls); do
	grep -q "/man[157]/$m.gz\$" contents || missing="$missing $m"
done
grep -qx ./usr/libexec/ticket-notify contents || missing="$missing notifier"
is "$missing" "" "every binary with its completion, every manual page, the notifier"
is "$(dpkg-deb --ctrl-tarfile "$deb" | tar xOf - ./conffiles | paste -sd' ')" \
    "/etc/logrotate.d/ticket /etc/sudoers.d/ticket /etc/ticket/screening.csv /etc/ticket/ticket.conf" \
    "the settings, screening, log rotation and sudoers files are conffiles"

# The machine itself only where nothing of ticket is there to lose.
system=no
if [ "$(id -u)" -eq 0 ] && [ -z "${TICKET_TEST_THROWAWAY:-}" ] &&
    ! dpkg-query -W ticket >/dev/null 2>&1 && [ ! -e /var/lib/ticket ]; then
	system=yes
fi
made=
for d in /var/lib/ticket /var/backups/ticket /var/log/ticket \
    /var/spool/ticket; do
	[ -e "$d" ] || made="$made $d"
done
getent passwd ticket >/dev/null || made_user=yes
cleanup() {
	if [ $system = yes ]; then
		dpkg --purge ticket >/dev/null 2>&1 || :
		# shellcheck disable=SC2086
		rm -rf $made
		[ -z "${made_user:-}" ] || userdel ticket 2>/dev/null || :
		getent group ticket >/dev/null && [ -n "${made_user:-}" ] &&
		    groupdel ticket 2>/dev/null || :
	fi
	rm -rf "$tmp"
}
trap cleanup EXIT

if [ $system = yes ]; then
	echo "# installing on this machine (root, nothing of ticket here)"
	root=
	run dpkg -i "$deb"
	is "$rc" 0 "dpkg -i: exit 0"
	is "$(stat -c '%a %U:%G' /var/lib/ticket /var/backups/ticket | paste -sd' ')" \
	    "700 ticket:ticket 700 ticket:ticket" \
	    "postinst: the service user owns its private folders"
	# as the service user, with nothing of the tests' environment
	as() {
		(cd / && runuser -u ticket -- env -i PATH=/usr/bin:/bin \
		    LC_ALL=C.UTF-8 "$@")
	}
else
	echo "# installing into a throwaway root"
	root=$tmp/root
	mkdir -p "$root/var/lib/dpkg/info" "$root/var/lib/dpkg/updates"
	: >"$root/var/lib/dpkg/status"
	force=--force-script-chrootless,depends
	[ "$(id -u)" -eq 0 ] || force=$force,not-root,bad-path
	run dpkg --root="$root" --log=/dev/null "$force" -i "$deb"
	is "$rc" 0 "dpkg --root: exit 0"
	is "$(stat -c '%a' "$root/var/lib/ticket" "$root/var/backups/ticket" | paste -sd' ')" \
	    "700 700" "postinst: the private folders"
	sed "s|/var/|$root/var/|g" "$root/etc/ticket/ticket.conf" >conf
	as() {
		env -i PATH="$root/usr/bin:/usr/bin:/bin" LC_ALL=C.UTF-8 \
		    TICKET_CONF="$tmp/conf" "$@"
	}
fi

as ticket-new --source-id p1 --channel phone --category consultation \
    --what 问路 >out 2>err || :
is "$(jq -r .status out):$(cat err)" "new:ticket-new: warning: flags:1: missing \"process\" (经过), \"result\" (结果)" \
    "the installed ticket-new: a ticket in a new database, the settings file's"
is "$(stat -c %a "$root/var/lib/ticket/tickets.db")" 600 \
    "the new database: its owner's alone"
as ticket-admin check >out 2>err && r=0 || r=$?
is "$r:$(cat err)" "0:" "the installed ticket-admin check: exit 0"
as ticket-admin backup >out 2>err && r=0 || r=$?
is "$r:$(jq -r '.main.tickets' out)" "0:1" "the installed ticket-admin backup"

if ! command -v systemd-analyze >/dev/null 2>&1; then
	ok 0 "# SKIP systemd-analyze missing: units not verified"
else
	mkdir units
	for u in "$root"/lib/systemd/system/ticket-*; do
		sed -e "s|/usr/bin/|$root/usr/bin/|g" \
		    -e "s|/usr/libexec/|$root/usr/libexec/|g" "$u" \
		    >units/"${u##*/}"
	done
	run systemd-analyze verify --man=no units/*
	is "$rc:$(cat out err)" "0:" "systemd-analyze verify: the units and timers"
fi
