#!/bin/sh -e
# Ticket ids coming in on stdin are ticket numbers (tk_ticket_id_valid),
# whichever way the line is read: a forged one is named and refused,
# the rest still go through.
. "$(dirname "$0")/lib.sh"
plan 3

id=$(mk s1)
{
	printf '{"id":"../../etc/passwd"}\n'
	printf '{"id":"%s\\" onclick=\\"x","a":1}\n' "$id"
	printf '{"a":1,"id":"2026030200000100000000000000000"}\n'
	printf '{"id":"%s"}\n' "$id"
} >in
run ticket-ls - <in
is "$rc" 1 "exit 1: some refused"
is "$(cat err)" 'ticket-ls: stdin:1: "id" is no ticket number
ticket-ls: stdin:2: "id" is no ticket number
ticket-ls: stdin:3: "id" is no ticket number' "each named by its line"
is "$(jq -r .id out)" "$id" "the good line still goes through"
