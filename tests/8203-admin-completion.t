#!/bin/sh -e
# Bash completion: each command's long options as its sources declare
# them, verbs, closed words (formats, categories, statuses, lists after
# a comma), and unit codes from the database when it is there, without
# making one when it is not.
. "$(dirname "$0")/lib.sh"
plan 10

# complete WORD...: what completing the last word offers, sorted
complete_words() {
	bash -c '. "$0/scripts/completion.bash"
	COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
	_ticket "$1"
	printf "%s\n" "${COMPREPLY[@]}" | sort | paste -sd" "' "$top" "$@"
}

# A command's own long options: those of its letters (verb commands,
# lib/verb.c), or of its getopt_long table.
long_options() {
	if grep -q '^static const char letters' "$1"; then
		sed -n '/^static const char letters/,/;$/p' "$1" |
		    grep -o '"[^"]*"' | tr -d '"' | tr ',' '\n' |
		    sed -n 's/^ *[A-Za-z] \([a-z-]*\) *$/--\1/p'
	else
		grep -o '{ "[a-z-]*",[[:space:]]*[a-z_]*_argument' "$1" |
		    sed 's/{ "\([a-z-]*\)".*/--\1/'
	fi
}

# Each command's long options, from its sources and the common ones;
# not ticket-shell's, which sshd and sudo run, never a person's shell.
bad= unknown=
for f in "$top"/cmd/*.c; do
	c=$(basename "$f" .c)
	[ "$c" != ticket-shell ] || continue
	want=$({ long_options "$f"
	    printf '%s\n' --actor --db --help --now --version; } | sort -u |
	    paste -sd' ')
	got=$(complete_words "$c" --)
	if [ -z "$got" ]; then
		unknown="$unknown $c"
	elif [ "$got" != "$want" ]; then
		bad="$bad $c"
	fi
done
is "$bad" "" "every command's long options, as its sources declare them"
is "$unknown" "" "every command is in the completion's tables"

is "$(complete_words ticket-admin '')" "backup check config prune reindex restore" \
    "the verbs of ticket-admin"
is "$(complete_words ticket-route -A JB s)" "sign subdispatch" \
    "verbs after an option and its value"
is "$(complete_words ticket-ls --status new,dis)" "new,dispatched" \
    "a status after a comma"
is "$(complete_words ticket-new --category co)" "complaint consultation" \
    "categories"
is "$(complete_words ticket-report -f '')" "csv html json md table" \
    "the formats of ticket-report"

is "$(complete_words ticket-route dispatch 1 --lead '')" "" \
    "no database: no unit codes"
[ ! -e tickets.db ] && r=0 || r=1
ok $r "no database: none made by completing"
network
is "$(complete_words ticket-route dispatch 1 --lead '')" \
    "$(q 'SELECT code FROM unit WHERE active' | sort | paste -sd' ')" \
    "the active units' codes from the database"
