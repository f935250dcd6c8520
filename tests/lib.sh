# lib.sh: sourced by every test.  A private temporary directory with its
# own database and settings, the built tools first on PATH, a fixed "now",
# and a few TAP helpers.  Tests compare whole outputs.

top=$(cd "$(dirname "$0")/.." && pwd)
# Files the tests make themselves are private, as the service user's are:
# the tools warn of a database others may read (0004-files-private.t).
umask 077
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

# q SQL: one query on the test database through the sqlite3 shell, which
# waits for a writer (tests that write beside it) as the tools do
q() {
	sqlite3 -cmd '.timeout 10000' "$TICKET_DB" "$1"
}

# ev ID FILTER: jq FILTER over the ticket as ticket-ls ID shows it
ev() {
	ticket-ls "$1" | jq -c "$2"
}

# network [rules]: the small unit network of tests/data that most tests
# dispatch into; with "rules", its routing rules too
network() {
	ticket-unit import "$data/route-units.csv" >/dev/null
	if [ "${1:-}" = rules ]; then
		ticket-route rules import "$data/route-rules.csv" >/dev/null
	fi
}

# mk SOURCE-ID [CATEGORY [OPTION...]]: a ticket phoned in with every fact
# (a complaint unless CATEGORY says), OPTIONs added; prints its id
mk() {
	_src=$1 _cat=${2:-complaint}
	shift $(($# < 2 ? $# : 2))
	ticket-new --source-id "$_src" --channel phone --category "$_cat" \
	    --what 某事 --when 昨天 --where 某路 --who 某人 --process 无 \
	    --result 处理 "$@" 2>/dev/null | jq -r .id
}

# phoned SOURCE-ID [PHONE]: a complaint from a caller that a callback can
# reach; prints its id
phoned() {
	mk "$1" complaint --phone "${2:-13812348000}"
}

# tickets UNIT CATEGORY NAME...: one ticket a NAME (its source id), its id
# in the variable NAME, all dispatched at once to UNIT as lead
tickets() {
	_unit=$1 _cat=$2 _ids=
	shift 2
	for _name; do
		eval "$_name=\$(mk \"\$_name\" \"\$_cat\")"
		eval "_ids=\"\$_ids \$$_name\""
	done
	ticket-route dispatch $_ids --lead "$_unit" >/dev/null
}

# signed ID UNIT: dispatched to UNIT as lead, and signed by it
signed() {
	ticket-route dispatch "$1" --lead "$2" >/dev/null
	ticket-route --actor "$2" sign "$1" >/dev/null
}

# approved ID UNIT: UNIT replies with $full, the platform approves it
approved() {
	ticket-reply --actor "$2" "$1" $full >/dev/null
	ticket-reply review "$1" --approve >/dev/null
}

# handled ID UNIT: signed by UNIT, its reply approved: the ticket waits
# for its callback
handled() {
	signed "$1" "$2"
	approved "$1" "$2"
}

# changes KEY CHANGE NAME...: an import's report, a line a NAME, as
# ticket-unit and ticket-kb print it
changes() {
	_key=$1 _change=$2
	shift 2
	for _name; do
		printf '{"%s":"%s","change":"%s"}\n' "$_key" "$_name" "$_change"
	done
}

# records N TAG FILE: N good call records for bulk and fault tests
records() {
	awk -v n="$1" -v tag="$2" -f "$data/fault-records.awk" >"$3"
}

# stored: the state of the database in one line: integrity, tickets,
# distinct source_ids, tickets without their intake event.
stored() {
	q "PRAGMA integrity_check;
	    SELECT count(*), count(DISTINCT source_id) FROM ticket;
	    SELECT count(*) FROM ticket WHERE id NOT IN
	      (SELECT ticket FROM event WHERE kind = 'intake');" | paste -sd' '
}

# killed PID WHAT: SIGKILL to PID, then one test that WHAT died of it; a
# run that finished first passes too, said so (timing decides only where
# the kill lands)
killed() {
	kill -9 "$1" 2>/dev/null || :
	_r=0
	wait "$1" 2>/dev/null || _r=$?
	case $_r in
	137)	_how="killed" ;;
	0)	_how="finished before the kill" ;;
	*)	_how="exit $_r" ;;
	esac
	ok $((_r != 137 && _r != 0)) "$2 was $_how"
}

# rerun FILE N LAST: a bulk import of FILE's N records after a failed one
# stores and prints each once, numbered without a gap up to LAST
rerun() {
	run ticket-new "$1"
	is "$rc" 0 "rerun: exit 0"
	is "$(cat err)" "" "rerun: nothing on stderr"
	is "$(wc -l <out)" "$2" "rerun: every record printed"
	is "$(cut -d'"' -f8 out | sort -u | wc -l)" "$2" "rerun: each record printed once"
	is "$(stored)" "ok $2|$2 0" "rerun: every record stored once, each with its event"
	is "$(q 'SELECT min(id), max(id) FROM ticket')" \
	    "20260302000001|$3" "rerun: numbers without a gap"
}

# published_set: the archive test set (data/archive-set.sh) archived, its
# head published in heads.jsonl and named by the settings, as the nightly
# job leaves it; $head is that head
published_set() {
	. "$data/archive-set.sh"
	TICKET_NOW=$later ticket-archive run >/dev/null
	ticket-archive verify >heads.jsonl
	echo "archive.heads = $tmp/heads.jsonl" >ticket.conf
	head=$(jq -r .head heads.jsonl)
}
