/*
 * sms.c: replies from the SMS gateway (ticket-callback(1) sms-in), each
 * in its savepoint as the command takes them, against two replied
 * tickets whose surveys went out once a process; rolled back after each
 * input.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "sql.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static const char *const callers[] = { "13812348000", "13900000001" };

/* A ticket of the caller, taken in and marked replied an hour ago. */
static void
replied(const struct tk_intake *in, const char *phone)
{
	struct tk_prepared p;
	struct tk_stmt *st;
	char err[TK_ERRLEN] = "", *out;
	json_t *rec;

	rec = json_pack("{s:s, s:s, s:s, s:{s:s}, s:{s:s, s:s, s:s, s:s, s:s,"
	    " s:s}}", "received_at", "2026-03-01T09:00:00+08:00", "channel",
	    "phone", "category", "complaint", "caller", "phone", phone,
	    "facts", "when", "昨晚", "where", "中山路18号", "who", "供电公司",
	    "what", "路灯不亮", "process", "多次反映", "result", "要求修复");
	memset(&p, 0, sizeof(p));
	p.source = "sms.c";
	if (tk_intake_prepare(in, rec, &p) == -1 ||
	    tk_intake_store(in, &p, &out, err) == -1) {
		fprintf(stderr, "sms: %s%s\n", p.why, err);
		abort();
	}
	st = tk_db_stmt(in->db, "UPDATE ticket SET status = 'replied',"
	    " replied_at = ?1 WHERE caller_phone = ?2");
	tk_stmt_int(st, 1, FZ_NOW - 3600);
	tk_stmt_text(st, 2, phone);
	if (tk_stmt_exec(st) == -1)
		abort();
	free(out);
	tk_intake_clear(&p);
	json_decref(rec);
}

static struct tk_act *
surveyed(void)
{
	static struct tk_act a;
	struct tk_intake in = { .actor = "platform", .now = FZ_NOW };
	struct tk_batch *b;
	size_t i;

	if (a.db != NULL)
		return &a;
	tk_conf_set("max_record", "16384");	/* as fz_path's lines */
	in.db = fz_db();
	tk_db_begin(in.db);
	for (i = 0; i < sizeof(callers) / sizeof(callers[0]); i++)
		replied(&in, callers[i]);
	tk_db_commit(in.db);
	if (tk_act_init(&a, in.db, "platform", FZ_NOW) == -1)
		abort();
	b = tk_batch_new(in.db, 0);
	tk_survey_out(&a, b);
	tk_batch_flush(b);
	tk_batch_free(b);
	return &a;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tk_act *a = surveyed();
	struct tk_batch *b = tk_batch_new(a->db, 1);
	struct tk_reader *rd;
	char *files[1], ticket[64];
	json_t *rec, *agent;
	int rc;

	files[0] = (char *)fz_path(data, size);
	rd = tk_reader_open(files, 1, 0);
	while ((rc = tk_reader_read(rd, &rec)) != TK_READ_END) {
		if (rc != TK_READ_REC)
			continue;
		tk_batch_record(b);
		agent = NULL;
		if (tk_survey_in(a, rec, ticket, &agent) == -1)
			tk_batch_drop(b);
		else
			tk_batch_keep_line(b, NULL);
		json_decref(agent);
		json_decref(rec);
	}
	tk_batch_free(b);	/* a dry run's: rolls back */
	tk_reader_close(rd);
	return 0;
}
