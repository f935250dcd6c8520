# fault-records.awk: valid call records for the fault tests (9xxx).
#
#	awk -v n=COUNT -v tag=TAG -f fault-records.awk
#
# Prints COUNT JSON lines with source_ids TAG-000001, TAG-000002, ...,
# all received on 2026-03-02 before the tests' TICKET_NOW (10:00), so
# they share one daily number sequence.  Consultations by phone with
# every fact given (no warnings), no caller (no duplicate links) and no
# screening keyword: each becomes a new ticket, silently.
BEGIN {
	for (i = 1; i <= n; i++) {
		t = (i - 1) % 36000
		printf "{\"source_id\":\"%s-%06d\"," \
		    "\"received_at\":\"2026-03-02T%02d:%02d:%02d+08:00\"," \
		    "\"channel\":\"phone\",\"category\":\"consultation\"," \
		    "\"facts\":{\"what\":\"咨询社保卡补办需要准备哪些材料" \
		    "（%s第%d号来电）\",\"process\":\"此前未办理过\"," \
		    "\"result\":\"希望告知办理流程和地点\"}}\n",
		    tag, i, int(t / 3600), int(t % 3600 / 60), t % 60, tag, i
	}
}
