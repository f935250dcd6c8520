#!/bin/sh -e
# ticket-sla due and workdays against a slow, obviously correct reference
# written here in awk: a table of every day from 2019-12-01 to 2027-03-31,
# walked one day at a time from a known Sunday with month lengths and the
# leap-year rule, data/calendar-cn.csv laid over it, and deadlines found
# by walking forward day by day.  Thousands of random starts over
# 2020-2026 (a fixed seed), local or UTC, every category, some urgent.
. "$(dirname "$0")/lib.sh"
plan 5

# ref MODE: MODE "due" prints question<TAB>expected answer lines; MODE
# "workdays" prints from<TAB>to<TAB>count lines.
ref() {
	awk -F, -v mode="$1" -v n="$2" '
	function leap(y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0) }
	function mlen(y, m) { return m == 2 ? 28 + leap(y) : (m == 4 || m == 6 || m == 9 || m == 11) ? 30 : 31 }
	function two(x) { return sprintf("%02d", x) }
	BEGIN {
		y = 2019; m = 12; d = 1; wd = 0	# 2019-12-01 was a Sunday
		for (i = 0; y < 2027 || m < 4; i++) {
			date[i] = sprintf("%04d-%02d-%02d", y, m, d)
			index_of[date[i]] = i
			work[i] = wd >= 1 && wd <= 5
			wd = (wd + 1) % 7
			if (++d > mlen(y, m)) { d = 1; if (++m > 12) { m = 1; y++ } }
		}
		ndays = i
	}
	NR > 1 { work[index_of[$1]] = $2 + 0 }
	END {
		srand(3002)
		split("consultation help suggestion complaint report", cat, " ")
		limit["consultation"] = 2; limit["help"] = 5
		limit["suggestion"] = 5; limit["complaint"] = 15
		limit["report"] = 15
		first = index_of["2020-01-01"]; span = index_of["2027-01-01"] - first
		for (q = 0; q < n; q++) {
			i = first + int(rand() * span)
			if (mode == "workdays") {
				j = i + int(rand() * 400)
				if (j >= ndays)
					j = ndays - 1
				c = 0
				for (k = i; k <= j; k++)
					c += work[k]
				printf "%s\t%s\t%d\n", date[i], date[j], c
				continue
			}
			s = int(rand() * 86400)
			if (rand() < 0.15) s = 0
			else if (rand() < 0.15) s = 86399
			c = cat[1 + int(rand() * 5)]
			urgent = rand() < 0.125
			if (rand() < 0.5)
				from = date[i] "T" two(int(s / 3600)) ":" two(int(s / 60) % 60) ":" two(s % 60) "+08:00"
			else if (s < 8 * 3600)	# UTC: the day before, 16 hours on
				from = date[i - 1] "T" two(int(s / 3600) + 16) ":" two(int(s / 60) % 60) ":" two(s % 60) "Z"
			else
				from = date[i] "T" two(int(s / 3600) - 8) ":" two(int(s / 60) % 60) ":" two(s % 60) "Z"
			k = i
			for (left = urgent ? 0 : limit[c]; left > 0; left -= work[k])
				k++
			q_ = sprintf("{\"from\":\"%s\",\"category\":\"%s\",\"urgent\":%s}", from, c, urgent ? "true" : "false")
			printf "%s\t%s\n", q_, substr(q_, 1, length(q_) - 1) ",\"due_at\":\"" date[k] "T23:59:59+08:00\"}"
		}
	}' "$top/data/calendar-cn.csv"
}

ref due 5000 >pairs
cut -f1 pairs >questions
cut -f2 pairs >want
run ticket-sla due <questions
is "$rc" 0 "5000 questions answered"
is_file out want "every due_at as the day-by-day reference has it"
is "$(sort -u err)" "$(grep -q '"due_at":"2027' want &&
    echo 'ticket-sla: warning: no calendar for 2027: counting weekdays only')" \
    "only the warning for 2027, whose data does not exist"

ref workdays 300 >pairs
bad=0
while IFS='	' read -r from to want; do
	got=$(ticket-sla workdays --from "$from" --to "$to" 2>/dev/null) || :
	if [ "$got" != "{\"from\":\"$from\",\"to\":\"$to\",\"workdays\":$want}" ]; then
		echo "# $from..$to: want $want, got $got"
		bad=$((bad + 1))
	fi
done <pairs
is "$bad" 0 "workdays: 300 random ranges of up to 400 days"
is "$(wc -l <pairs)" 300 "all of them asked"
