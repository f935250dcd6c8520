#!/bin/sh -e
# A database that cannot be opened or is not ours (ticket(7)): exit 3, a
# message naming it, and the file left as it was.
. "$(dirname "$0")/lib.sh"

plan 20

umask 022
records 3 DD x.jsonl

skip() {
	tap_n=$((tap_n + 1))
	echo "ok $tap_n # skip $1"
}

# 1. A directory that does not exist.
run ticket-new --db /nonexistent/dir/t.db x.jsonl
is "$rc" 3 "missing directory: exit 3"
is "$(cat err)" \
    "ticket-new: /nonexistent/dir/t.db: unable to open database file" \
    "missing directory: the message"
is "$(cat out)" "" "missing directory: nothing on stdout"

# 2. A file that is not a database: left as it was.
awk 'BEGIN { for (i = 0; i < 256; i++)
    printf "not a database, line %d\n", i }' >garbage.db
chmod 600 garbage.db
cp garbage.db garbage.orig
run ticket-new --db "$tmp/garbage.db" x.jsonl
is "$rc" 3 "not a database: exit 3"
is "$(cat err)" "ticket-new: $tmp/garbage.db: file is not a database" \
    "not a database: the message"
is_file garbage.db garbage.orig "not a database: the file is untouched"
is "$(ls garbage.db*)" "garbage.db" "not a database: no WAL beside it"

# 3. A schema newer than the tool: left as it was.
run ticket-new </dev/null
is "$rc" 0 "a new database"
v=$(q 'PRAGMA user_version')
q 'PRAGMA user_version = 999'
run ticket-new x.jsonl
is "$rc" 3 "newer schema: exit 3"
is "$(cat err)" \
    "ticket-new: $TICKET_DB: schema version 999 is newer than this tool ($v)" \
    "newer schema: the message"
is "$(q 'PRAGMA user_version; SELECT count(*) FROM ticket' | paste -sd' ')" \
    "999 0" "newer schema: nothing written"

# 4. A read-only directory.  Root ignores permissions: as root, the
# commands run as nobody (setpriv, util-linux) in a directory nobody
# owns, from copies of what they read, all world-readable.
if [ "$(id -u)" -ne 0 ]; then
	as() { "$@"; }
elif command -v setpriv >/dev/null &&
    setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	as() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
else
	for i in 1 2 3 4 5 6 7 8 9; do
		skip "root without setpriv: cannot drop privileges"
	done
	exit $((tap_failed > 0))
fi
chmod 755 "$tmp"
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
mkdir w w/bin w/ro w/ro2
cp x.jsonl ticket.conf w/
cp "$TICKET_SCREENING" w/screening.csv
chmod 644 w/x.jsonl w/ticket.conf w/screening.csv
TICKET_CONF=$tmp/w/ticket.conf
TICKET_SCREENING=$tmp/w/screening.csv
if ! as test -x "$top/bin/ticket-new"; then
	cp "$top/bin/ticket-new" w/bin/
	PATH=$tmp/w/bin:$PATH
fi
if [ "$(id -u)" -eq 0 ]; then
	chown -R 65534:65534 w/ro w/ro2
fi

# A new database in a read-only directory.
chmod 555 w/ro
run as ticket-new --db "$tmp/w/ro/t.db" w/x.jsonl
is "$rc" 3 "read-only directory, new database: exit 3"
is "$(cat err)" \
    "ticket-new: $tmp/w/ro/t.db: unable to open database file" \
    "read-only directory, new database: the message"
is "$(ls -A w/ro)" "" "read-only directory, new database: nothing made"

# A database made while the directory was writable: its WAL cannot be.
run as ticket-new --db "$tmp/w/ro2/t.db" w/x.jsonl
is "$rc" 0 "writable directory: the database made"
cp w/ro2/t.db t.orig
chmod 555 w/ro2
run as ticket-new --db "$tmp/w/ro2/t.db" w/x.jsonl
is "$rc" 3 "read-only directory, old database: exit 3"
is "$(cat err)" \
    "ticket-new: $tmp/w/ro2/t.db: attempt to write a readonly database" \
    "read-only directory, old database: the message"
is "$(cat out)" "" "read-only directory, old database: nothing on stdout"
is_file w/ro2/t.db t.orig "read-only directory, old database: untouched"
is "$(ls -A w/ro2)" "t.db" "read-only directory, old database: no WAL"
chmod 755 w/ro w/ro2
exit $((tap_failed > 0))
