#!/bin/sh -e
# A reader that stops reading (`ticket-ls | head`): a command that only
# reads has done its job and ends quietly with 0; one that writes still
# says so and exits 4 (9002-fault-pipe.t).
. "$(dirname "$0")/lib.sh"

plan 3

records 3000 RG many.jsonl
ticket-new many.jsonl >/dev/null
{
	r=0
	ticket-ls 2>err || r=$?
	echo $r >status
} | head -n 1 >first
is "$(cat status)" 0 "ticket-ls | head: exit 0"
is "$(cat err)" "" "ticket-ls | head: nothing on stderr"
is "$(jq -r .source_id first)" RG-000001 "the reader got its first line"
