#!/bin/sh -e
# A full disk (ticket(7)): exit 4, a message naming what failed, and nothing
# half-written.  Simulated without privilege: a file size limit makes
# SQLite's writes fail with EFBIG (SIGXFSZ ignored, so the write returns
# the error instead of killing the process), and stdout goes to /dev/full.
. "$(dirname "$0")/lib.sh"

plan 27

n=5000
records $n FD big.jsonl

# limited BLOCKS CMD...: CMD under a file size limit, stdout through a
# pipe to $tmp/out (cat is outside the limit), stderr in $tmp/err,
# status in $rc.  BLOCKS are the shell's ulimit -f units (512 bytes in
# dash, 512 or 1024 in bash): the sizes below work with either.
limited() {
	_b=$1
	shift
	(
		ulimit -f "$_b"
		trap '' XFSZ
		_rc=0
		"$@" 2>"$tmp/err" || _rc=$?
		echo $_rc >"$tmp/rc"
	) | cat >"$tmp/out"
	rc=$(cat "$tmp/rc")
}

# 1. The disk fills while the schema is made: nothing of it is left.
limited 32 ticket-new --db "$tmp/small.db" big.jsonl
is "$rc" 4 "disk full while migrating: exit 4"
is "$(cat err)" "ticket-new: $tmp/small.db: disk I/O error" \
    "disk full while migrating: the message names the database"
is "$(sqlite3 small.db 'PRAGMA integrity_check;
    PRAGMA user_version; SELECT count(*) FROM sqlite_master;' |
    paste -sd' ')" "ok 0 0" "disk full while migrating: no half schema"
run ticket-new --db "$tmp/small.db" big.jsonl
is "$rc" 0 "disk full while migrating: a rerun succeeds"
is "$(sqlite3 small.db 'SELECT count(*) FROM ticket')" $n \
    "disk full while migrating: a rerun stores every record"

# 2. The disk fills in the middle of a bulk import.  The schema first,
# without the limit, so the limit bites on tickets: 3000 blocks hold a
# few batches of 1000 in the WAL, not all 5000.
run ticket-new </dev/null
is "$rc" 0 "a new database"
limited 3000 ticket-new big.jsonl
is "$rc" 4 "disk full in a bulk import: exit 4"
is "$(cat err)" "ticket-new: $TICKET_DB: disk I/O error" \
    "disk full in a bulk import: the message names the database"
c=$(q 'SELECT count(*) FROM ticket')
is "$(stored)" "ok $c|$c 0" \
    "disk full in a bulk import: intact, no ticket without its event"
ok $((c % 1000 != 0 || c == 0 || c >= n)) \
    "disk full in a bulk import: whole batches kept, some but not all ($c)"
cut -d'"' -f4 out | sort >printed
q 'SELECT id FROM ticket ORDER BY id' >kept
is_file printed kept "disk full in a bulk import: printed exactly what was kept"

run ticket-new big.jsonl
is "$rc" 0 "after the disk is freed: a rerun succeeds"
is "$(cat err)" "" "after the disk is freed: nothing on stderr"
is "$(wc -l <out)" $n "after the disk is freed: every record printed"
is "$(stored)" "ok $n|$n 0" \
    "after the disk is freed: every record stored once, each with its event"
is "$(q 'SELECT min(id), max(id) FROM ticket')" \
    "20260302000001|20260302005000" \
    "after the disk is freed: no number lost to the failed batch"
cut -d'"' -f4 out | sort | comm -12 - printed >again
is_file again printed "after the disk is freed: earlier tickets kept their numbers"

# 3. stdout on a full disk: the records committed, then printing failed.
if [ ! -c /dev/full ]; then
	for i in 1 2 3 4 5 6 7 8 9 10; do
		tap_n=$((tap_n + 1))
		echo "ok $tap_n # skip no /dev/full"
	done
	exit $((tap_failed > 0))
fi
records 10 FF x.jsonl
set +e
ticket-new x.jsonl >/dev/full 2>err
rc=$?
set -e
is "$rc" 4 "stdout on a full disk: exit 4"
is "$(cat err)" "ticket-new: stdout: No space left on device" \
    "stdout on a full disk: the message"
is "$(stored)" "ok $((n + 10))|$((n + 10)) 0" \
    "stdout on a full disk: the database is whole"
run ticket-new x.jsonl
is "$rc" 0 "stdout on a full disk: a rerun succeeds"
is "$(cut -d'"' -f8 out | paste -sd' ')" \
    "$(cut -d'"' -f4 x.jsonl | paste -sd' ')" \
    "stdout on a full disk: a rerun prints every record"
is "$(stored)" "ok $((n + 10))|$((n + 10)) 0" \
    "stdout on a full disk: every record stored once"

set +e
ticket-new --version >/dev/full 2>err
rc=$?
set -e
is "$rc" 4 "--version on a full disk: exit 4"
is "$(cat err)" "ticket-new: stdout: No space left on device" \
    "--version on a full disk: the message"

# A bulk import with stdout on a full disk: the first batch commits, its
# printing fails, the rest is never begun.
set +e
ticket-new --db "$tmp/full.db" big.jsonl >/dev/full 2>err
rc=$?
set -e
is "$rc" 4 "a bulk import to a full stdout: exit 4"
is "$(sqlite3 full.db "PRAGMA integrity_check;
    SELECT count(*) % 1000, count(*) > 0 FROM ticket;
    SELECT count(*) FROM ticket WHERE id NOT IN (SELECT ticket FROM event)" |
    paste -sd' ')" "ok 0|1 0" \
    "a bulk import to a full stdout: whole batches, each ticket with its event"
exit $((tap_failed > 0))
