#!/bin/sh -e
# ticket-kb: import merges by id (or replaces with --replace) and prints
# each change; a bad file is named row by row and changes nothing; search
# ranks unexpired entries by keywords and title bigrams.
. "$(dirname "$0")/lib.sh"
plan 32

kb() {
	q "SELECT id, keywords, coalesce(source, '-'), coalesce(valid_until, '-'),
	    updated_at FROM kb ORDER BY id"
}

run ticket-kb import "$data/kb-good.csv"
changes kb added GJJ-01 GJJ-02 GJJ-OLD YB-01 JT-01 JT-02 >want
is_file out want "import: one line per entry added, in file order"
is "$rc" 0 "import: exit 0"
is "$(q "SELECT keywords FROM kb WHERE id = 'JT-01'")" "ETC|高速" \
    "keywords stored trimmed, each once"
is "$(q "SELECT count(*) FROM kb WHERE source IS NULL")" 2 \
    "an empty source is stored as none"
is "$(q "SELECT valid_until FROM kb WHERE id = 'GJJ-02'")" 20818 \
    "valid_until stored as a day number"

run ticket-kb import -N 2026-03-05T09:00:00+08:00 "$data/kb-good.csv"
is "$(cat out)$rc" 0 "the same file again: nothing printed, exit 0"
is "$(q "SELECT count(*) FROM kb WHERE updated_at = 1772416800")" 6 \
    "the same file again: nothing written"

kb >before
run ticket-kb import --replace --dry-run -N 2026-03-05T09:00:00+08:00 \
    "$data/kb-good2.csv"
{
	changes kb changed GJJ-02
	changes kb added JT-03
	changes kb removed GJJ-OLD JT-02
} >want
is_file out want "--dry-run --replace: the changes it would make"
kb >after
is_file after before "--dry-run: nothing changed"

run ticket-kb import -N 2026-03-05T09:00:00+08:00 "$data/kb-good2.csv"
{ changes kb changed GJJ-02; changes kb added JT-03; } >want
is_file out want "an upsert: columns in another order, one changed, one added"
is "$(q "SELECT group_concat(id || ':' || updated_at, ' ') FROM
    (SELECT * FROM kb ORDER BY id)")" \
    "GJJ-01:1772416800 GJJ-02:1772672400 GJJ-OLD:1772416800 JT-01:1772416800 JT-02:1772416800 JT-03:1772672400 YB-01:1772416800" \
    "an upsert keeps absent entries and touches only what changed"

run ticket-kb import --replace "$data/kb-good2.csv"
changes kb removed GJJ-OLD JT-02 >want
is_file out want "--replace: the entries the file lacks are removed, by id"
is "$(q "SELECT group_concat(id, ' ') FROM (SELECT id FROM kb ORDER BY id)")" \
    "GJJ-01 GJJ-02 JT-01 JT-03 YB-01" "--replace: the file is the whole base"

# Search against the first file: it has expired entries and edges.
rm -f "$TICKET_DB"
ticket-kb import "$data/kb-good.csv" >/dev/null

run ticket-kb search 咨询公积金租房提取需要什么材料
is "$(jq -r '.id + " " + (.score | tostring)' out | tr '\n' ',')" \
    "GJJ-01 88,GJJ-02 42," \
    "a Chinese question without spaces: keywords by length, then title bigrams"
run ticket-kb search --text 购买二手房提取住房公积金
is "$(jq -r '.id + " " + (.score | tostring)' out | tr '\n' ',')" \
    "GJJ-02 1093,GJJ-01 68," "the exact title first"
run ticket-kb search 公积金
is "$(jq -r '.id + " " + (.score | tostring)' out | tr '\n' ',')" \
    "GJJ-01 36,GJJ-02 36," "equal scores in id order; expired GJJ-OLD left out"
run ticket-kb search 'etc 怎么办理？'
is "$(jq -r '.id + " " + (.score | tostring)' out | tr '\n' ',')" \
    "JT-01 39," "ASCII case and punctuation do not matter"
run ticket-kb search 医保异地就医备案
is "$(jq -c . out)" \
    '{"id":"YB-01","title":"医保异地就医备案","keywords":["异地就医","备案","医保"],"answer":"可通过国家医保服务平台APP办理异地就医备案。","source":"临江市医疗保障局","valid_until":"2026-03-02","score":1101}' \
    "the whole entry, valid through its last day"
run ticket-kb search --now 2026-03-03T00:00:00+08:00 医保异地就医备案
is "$(cat out)$rc" 0 "the day after: expired, nothing printed, exit 0"
run ticket-kb search --limit 1 公积金 提取
is "$(jq -r .id out | tr '\n' ' ')" "GJJ-01 " "--limit"
run ticket-kb search 天气预报
is "$(cat out)$(cat err)$rc" 0 "no match: nothing printed, exit 0"

run ticket-kb search -f table 公积金 提取
cat >want <<'X'
编号        得分  标题                            有效期至    答复
GJJ-01      59    住房公积金租房提取              长期        本人及配偶在本市无自有住房且租房居住的…
GJJ-02      39    购买二手房提取住房公积金        2026-12-31  购买本市二手房的，可凭购房合同和契税完…
X
is_file out want "--format table: aligned by display width, the answer's first line"

kb >before
run ticket-kb import "$data/kb-bad.csv"
cat >want <<X
ticket-kb: $data/kb-bad.csv:3: id: not 1 to 64 letters, digits, '-' or '_': "KB 01"
ticket-kb: $data/kb-bad.csv:4: title: empty
ticket-kb: $data/kb-bad.csv:5: answer: empty
ticket-kb: $data/kb-bad.csv:6: valid_until: not a date (YYYY-MM-DD): "2026-02-30"
ticket-kb: $data/kb-bad.csv:7: id "KB-A" is listed twice (first on line 2)
ticket-kb: $data/kb-bad.csv:8: 5 fields, the header has 6
ticket-kb: $data/kb-bad.csv:9: title: a control character
ticket-kb: bad knowledge base: nothing imported
X
is_file err want "a bad file: every bad row named"
is "$(cat out)$rc" 3 "a bad file: exit 3, nothing printed"
kb >after
is_file after before "a bad file: nothing changed, its good rows neither"

run ticket-kb import --replace "$data/kb-badhead.csv"
is "$(cat err)$rc" "ticket-kb: $data/kb-badhead.csv:1: unknown column \"url\"
ticket-kb: bad knowledge base: nothing imported3" "an unknown column"
run ticket-kb import --replace "$data/kb-empty.csv"
is "$(cat err)$rc" "ticket-kb: $data/kb-empty.csv: no entries
ticket-kb: bad knowledge base: nothing imported3" \
    "a file without entries is refused, even to --replace"
run ticket-kb import missing.csv
is "$(cat err)$rc" "ticket-kb: missing.csv: No such file or directory3" \
    "a missing file: exit 3"
kb >after
is_file after before "refused files changed nothing"

run ticket-kb search --replace 公积金
is "$rc" 2 "an option the verb does not take: usage"
run ticket-kb search --text 公积金 提取
is "$rc" 2 "both --text and words: usage"
run ticket-kb search --limit 0 公积金
is "$(cat err)$rc" 'ticket-kb: --limit: not a number from 1 to 10000: "0"2' \
    "a bad --limit"
