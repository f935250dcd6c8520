#!/bin/sh -e
# The one publication rule (ticket(7), PUBLICATION) in every public
# output: secret, private, non-consenting, refused for R3 and redirected
# tickets never appear in the published lines or the site, and their
# Open311 records carry the service, the status and the dates only.
. "$(dirname "$0")/lib.sh"
plan 6

t() {
	printf '{"source_id":"%s","channel":"phone","category":"help",' "$1"
	printf '"caller":{"name":"赵敏","phone":"13912345678","public":%s},' "$2"
	printf '"facts":{"when":"昨天","where":"某路","who":"某人","what":"%s","process":"无","result":"处理"}%s}\n' "$3" "${4:-}"
}
{
	t ok true 路灯不亮
	t secret true 秘密一 ',"secret":true'
	t private true 隐私二 ',"private":"yes"'
	t refused false 不愿公开三
	t r3 true 涉密四 ',"reject":"R3"'
	t redirect true 丈夫李四正在被打
} | ticket-new >new 2>/dev/null || :
for s in ok secret private refused; do
	ticket-route answer "$(jq -r "select(.source_id == \"$s\") | .id" new)" \
	    --text 已答复 >/dev/null
done

ticket-ls --format open311 >feed.json
is "$(jq -c '[.[] | keys | length]' feed.json)" "[8,6,6,6,6,6]" \
    "Open311: all of the one that may be published, six keys of the others"
is "$(jq -c '.[1] | keys' feed.json)" \
    '["requested_datetime","service_code","service_name","service_request_id","status","updated_datetime"]' \
    "service, status and dates: what GeoReport v2 requires"
if grep -q -e 秘密 -e 隐私 -e 不愿 -e 涉密 -e 李四 -e 被打 feed.json; then r=1; else r=0; fi
ok $r "no word of a withheld ticket in the feed"

TICKET_NOW=2026-04-15T10:00:00+08:00 ticket-archive run >/dev/null
export TICKET_NOW=2026-04-15T10:00:00+08:00
ticket-archive publish >published
ticket-archive publish --format html --out site
is "$(jq -r .request.what published)" "路灯不亮" "publish: only the one"
is "$(ls site | wc -l | tr -d ' ')" 2 "the site: its page and the index"
if grep -r -q -e 秘密 -e 隐私 -e 不愿 -e 涉密 -e 李四 -e 被打 published site; then
	r=1; else r=0; fi
ok $r "no word of a withheld ticket published"
