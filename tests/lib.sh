# lib.sh: sourced by every test.  A private temporary directory with its
# own database and settings, the built tools first on PATH, a fixed "now",
# and a few TAP helpers.  Tests compare whole outputs.

top=$(cd "$(dirname "$0")/.." && pwd)
PATH=$top/bin:$PATH
LC_ALL=C.UTF-8
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ticket-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
: >ticket.conf
TICKET_CONF=$tmp/ticket.conf
TICKET_DB=$tmp/tickets.db
TICKET_NOW=2026-03-02T10:00:00+08:00
TICKET_ACTOR=platform
TICKET_SCREENING=$top/etc/screening.csv
data=$top/tests/data
export PATH LC_ALL TICKET_CONF TICKET_DB TICKET_NOW TICKET_ACTOR \
    TICKET_SCREENING

tap_n=0
tap_failed=0

plan() {
	echo "1..$1"
}

ok() {
	tap_n=$((tap_n + 1))
	if [ "$1" -eq 0 ]; then
		echo "ok $tap_n - $2"
	else
		echo "not ok $tap_n - $2"
		tap_failed=$((tap_failed + 1))
	fi
}

# run CMD...: runs it with stdout in $tmp/out, stderr in $tmp/err, status
# in $rc; never stops the test.
run() {
	set +e
	"$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	set -e
}

# is GOT EXPECTED DESCRIPTION
is() {
	if [ "$1" = "$2" ]; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:      %s\n#   expected: %s\n' "$1" "$2"
	fi
}

# is_file FILE EXPECTED-FILE DESCRIPTION: whole contents, diff on failure
is_file() {
	if cmp -s "$1" "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		diff -u "$2" "$1" | sed 's/^/# /' | head -n 40
	fi
}

# like STRING PATTERN DESCRIPTION: grep -E pattern in the string
like() {
	if printf '%s\n' "$1" | grep -Eq -- "$2"; then
		ok 0 "$3"
	else
		ok 1 "$3"
		printf '#   got:      %s\n#   pattern:  %s\n' "$1" "$2"
	fi
}

# q SQL: one query on the test database through the sqlite3 shell
q() {
	sqlite3 "$TICKET_DB" "$1"
}
