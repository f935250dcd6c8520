# bash completion for the ticket tools: verbs, options, formats,
# categories, statuses and the other closed words, and unit codes read
# from the database when it is readable.  Installed once as "ticket" and
# linked under each command's name, for bash-completion to load.
#
# The tables follow the commands' usage and long options; a test holds
# them to the sources (tests/8203-admin-completion.t).

_ticket_verbs() {
	case $1 in
	ticket-account)	echo add key ls revoke role show sync ;;
	ticket-admin)	echo backup check config prune reindex restore ;;
	ticket-archive)	echo erase export head import key publish run show verify withhold ;;
	ticket-callback) echo close due record sample sms-in sms-out ;;
	ticket-kb)	echo import search ;;
	ticket-reply)	echo contact reply review ;;
	ticket-report)	echo brief hot rules summary units ;;
	ticket-route)	echo add answer attach attach-public auto clear correct direct dispatch escalate instruct merge note reassign redirect return review-return rules sign split subdispatch withdraw ;;
	ticket-sla)	echo approve calendar deny due extend sweep workdays ;;
	ticket-unit)	echo import ls show ;;
	esac
}

_ticket_options() {
	local common="--actor --db --help --now --version"
	case $1 in
	ticket-account)	echo $common --authorized-keys --key --name --role --unit ;;
	ticket-admin)	echo $common --archive --force --from --keep --to ;;
	ticket-archive)	echo $common --archive --before --deny --format --from --grant --head --key --older-than --out --reason --since --to --year ;;
	ticket-callback) echo $common --method --note --older-than --per-unit --rate --reason --refused --reopen --resolved --result --seed ;;
	ticket-kb)	echo $common --dry-run --format --limit --replace --text ;;
	ticket-ls)	echo $common --attachment --card --category --duplicates --flag --format --limit --overdue --phone --queue --reverse --since --sort --status --supervision --text --todo --unit --until ;;
	ticket-new)	echo $common --area --category --channel --csv --dry-run --map --map-value --name --phone --process --progress --reject --result --screening --set --source-id --time-format --topic --urgent --what --when --where --who ;;
	ticket-reply)	echo $common --approve --approver --basis --bounce --contact --handler --method --note --outcome --phone --text --told --unit ;;
	ticket-report)	echo $common --columns --explain --figure --format --from --level --limit --month --to --unit ;;
	ticket-route)	echo $common --approve --approver --area --basis --category --cc --co --deny --due --into --kb --lead --leader --opinion --penalty --public --reason --set --text --to --topic --unit ;;
	ticket-sla)	echo $common --approver --category --days --dry-run --explained --format --from --reason --to --unit --urgent --year ;;
	ticket-unit)	echo $common --all --format --level --parent ;;
	esac
}

_ticket_formats() {
	case $1 in
	ticket-archive)	echo json html ;;
	ticket-ls)	echo json table csv open311 ;;
	ticket-report)	echo json table csv html md wide ;;
	ticket-sla)	echo json csv ;;
	*)		echo json table csv ;;
	esac
}

# The database the command line names, else the one the settings give.
_ticket_db() {
	local i
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-d|--db)	echo "${COMP_WORDS[i + 1]}"; return ;;
		--db=*)		echo "${COMP_WORDS[i]#--db=}"; return ;;
		esac
	done
	ticket-admin config 2>/dev/null |
	    sed -n 's/^{"key":"db","value":"\([^"]*\)".*/\1/p'
}

# Active unit codes, when the database is there and readable: never
# made by completing.
_ticket_units() {
	local db
	db=$(_ticket_db)
	[ -n "$db" ] && [ -r "$db" ] || return 0
	ticket-unit --db "$db" ls --format csv 2>/dev/null |
	    sed -n '2,$s/,.*//p'
}

# Completes the last of a comma-separated list of words.
_ticket_list() {
	local cur=$1 head=
	shift
	case $cur in *,*) head=${cur%,*},; cur=${cur##*,} ;; esac
	COMPREPLY=($(compgen -P "$head" -W "$*" -- "$cur"))
}

# The words an option's value is one of; 1 when it takes a file or
# free text (the default completion), 2 when it takes no value.
_ticket_value() {
	local cmd=$1 prev=$2 cur=$3
	case $prev in
	-f|--format)	_ticket_list "$cur" $(_ticket_formats "$cmd") ;;
	-c|--category)	_ticket_list "$cur" consultation help suggestion complaint report ;;
	-s|--status)
		[ "$cmd" = ticket-ls ] || return 1
		_ticket_list "$cur" new escalated dispatched in_progress reopened replied answered rejected redirected closed archived merged ;;
	--channel)	_ticket_list "$cur" phone web app wechat email letter visit province leader ;;
	-C|--card)	_ticket_list "$cur" yellow red ;;
	-F|--flag)
		[ "$cmd" = ticket-ls ] || return 1
		_ticket_list "$cur" overdue contact_missed late_return bounced_twice reopened_twice repeat_complaint withdrawn ;;
	--reject)	_ticket_list "$cur" R1 R2 R3 R4 R5 R6 R7 ;;
	-R|--result)
		[ "$cmd" = ticket-callback ] || return 1
		_ticket_list "$cur" satisfied basic unsatisfied unreachable ;;
	-v|--resolved)	_ticket_list "$cur" yes partly no ;;
	-m|--method)
		[ "$cmd" = ticket-callback ] && _ticket_list "$cur" phone sms self ||
		    _ticket_list "$cur" phone sms visit ;;
	--contact)	_ticket_list "$cur" phone sms visit none ;;
	-r|--role)
		[ "$cmd" = ticket-ls ] && return 2
		[ "$cmd" = ticket-account ] || return 1
		_ticket_list "$cur" admin agent supervisor reader clerk ;;
	--outcome)	_ticket_list "$cur" solved explained unsolvable ;;
	-o|--sort)
		[ "$cmd" = ticket-ls ] || return 1
		_ticket_list "$cur" received updated due ;;
	-q|--queue)
		[ "$cmd" = ticket-ls ] || return 1
		_ticket_list "$cur" review returns extensions escalated unrouted callbacks duplicates suspect ;;
	-l|--level)	[ "$cmd" = ticket-kb ] && return 1; _ticket_list "$cur" 1 2 3 ;;
	-u|-U|--unit|--lead|--co|--cc|-p|--parent)
		[ "$cmd" = ticket-callback ] && return 2
		[ "$cmd$prev" = ticket-ls-p ] && return 1
		_ticket_list "$cur" $(_ticket_units) ;;
	--to)
		case $cmd in
		ticket-route)	_ticket_list "$cur" $(_ticket_units) ;;
		ticket-admin)	COMPREPLY=($(compgen -d -- "$cur")) ;;
		*)		return 1 ;;
		esac ;;
	-t|--from|-O|--out)
		[ "$cmd" = ticket-admin ] || [ "$prev" = -O ] || [ "$prev" = --out ] ||
		    return 1
		COMPREPLY=($(compgen -d -- "$cur")) ;;
	*)		return 2 ;;
	esac
	return 0
}

_ticket() {
	local cmd=${1##*/} cur=${COMP_WORDS[COMP_CWORD]} prev= i verb=
	COMPREPLY=()
	[ "$COMP_CWORD" -gt 0 ] && prev=${COMP_WORDS[COMP_CWORD - 1]}
	case $cur in
	-*)	COMPREPLY=($(compgen -W "$(_ticket_options "$cmd")" -- "$cur"))
		return ;;
	esac
	_ticket_value "$cmd" "$prev" "$cur"
	case $? in
	0)	return ;;
	1)	COMPREPLY=($(compgen -f -- "$cur")); return ;;
	esac
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-A|-d|-N|--actor|--db|--now)	i=$((i + 1)) ;;
		-*)	;;
		*)	verb=${COMP_WORDS[i]}; break ;;
		esac
	done
	if [ -z "$verb" ] && [ -n "$(_ticket_verbs "$cmd")" ]; then
		COMPREPLY=($(compgen -W "$(_ticket_verbs "$cmd")" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -- "$cur"))
}

# Every ticket command on the PATH, those of later versions too.
complete -F _ticket $(compgen -c ticket- | sort -u)
