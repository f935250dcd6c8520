# archive-set.sh: sourced by the 5xxx tests after lib.sh.  Three
# finished tickets of 2 March 2026, with personal data in every place
# masking must find: t1 answered at once (several phone numbers), t2
# replied by unit A and closed (an ID card split by spaces, the caller's
# name inside another word, the handler's name in the reply), t3 whose
# caller refused publication.  "later" is a moment 30 days on.
ticket-unit import "$data/route-units.csv" >/dev/null
later=2026-04-15T10:00:00+08:00
# mk SOURCE CATEGORY PUBLIC WHAT PROCESS
mk() {
	ticket-new --source-id "$1" --channel phone --category "$2" \
	    --name 张伟 --phone 13812348000 --set caller.public="$3" \
	    --what "$4" --when 昨天 --where 江宁区中山路18号 --who 物业公司 \
	    --process "$5" --result 请处理 2>/dev/null | jq -r .id
}
t1=$(mk s1 consultation true 社保怎么交 \
    '张伟来电，手机13812348000，另一手机13900001111，座机025-84561234')
ticket-route answer "$t1" --text '请致电人社局咨询' >/dev/null
t2=$(mk s2 complaint true 楼下噪声扰民 \
    '身份证3401 0419 9001 0112 34，住张伟安小区，邮箱zhangwei@example.com，车牌苏A12345')
ticket-route dispatch "$t2" --lead A >/dev/null
ticket-route --actor A sign "$t2" >/dev/null
ticket-reply --actor A/王强 "$t2" --text '王强已上门，与张伟沟通，噪声已消除' \
    --handler 王强 --phone 13700001234 --approver 李明 --contact phone >/dev/null
ticket-reply review "$t2" --approve >/dev/null
ticket-callback close "$t2" --reason 已电话确认 >/dev/null
t3=$(mk s3 help false 路灯不亮 '张伟说小区路灯坏了')
ticket-route answer "$t3" --text '已转告供电公司' >/dev/null
