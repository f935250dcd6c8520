#!/bin/sh -e
# stdout closed early (ticket(7)): a reader that stops reading is a stdout
# write error, exit 4 with "ticket-new: stdout: Broken pipe" (not a silent
# death by SIGPIPE), and the database holds whole batches only, each
# committed before any of it was printed; a rerun stores the rest.
# SIGPIPE is as the harness left it (default under prove); a command
# that ignores or handles it meets EPIPE the same either way.
. "$(dirname "$0")/lib.sh"

plan 13

n=5000
records $n FP many.jsonl

# About 2 MB of output through a pipe that holds 64 kB: head has long
# gone before the last batch, so some write must fail, whatever the
# timing.
{
	r=0
	ticket-new many.jsonl 2>err || r=$?
	echo $r >status
} | head -n 1 >first
is "$(cat status)" 4 "stdout closed early: exit 4"
is "$(cat err)" "ticket-new: stdout: Broken pipe" "stdout closed early: the message"
id=$(cut -d'"' -f4 first)
is "$id" 20260302000001 "stdout closed early: the reader got the first ticket"
is "$(q "SELECT source_id FROM ticket WHERE id = '$id'")" FP-000001 \
    "stdout closed early: what was printed had been committed"
c=$(q 'SELECT count(*) FROM ticket')
is "$(stored)" "ok $c|$c 0" \
    "stdout closed early: intact, no ticket without its event"
ok $((c % 1000 != 0 || c < 1000 || c >= n)) \
    "stdout closed early: whole batches kept, the first but not all ($c)"
is "$(q 'SELECT min(id), max(id) FROM ticket')" \
    "20260302000001|2026030200$(printf %04d $c)" \
    "stdout closed early: numbers without a gap"

rerun many.jsonl $n 20260302005000
exit $((tap_failed > 0))
