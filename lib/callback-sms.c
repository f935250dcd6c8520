/*
 * callback-sms.c: callbacks by SMS (短信回访) through a gateway.
 *
 * Out: each replied ticket not yet surveyed since its reply, whose
 * caller gave a mobile number and is not anonymous, gets one survey: a
 * row of survey, a "survey" event, and a message for the gateway with a
 * four-digit reply code.  The code comes from the ticket's number (the
 * same run gives the same codes) and is unique among the surveys open
 * for that phone, by the survey_open index.
 *
 * In: each reply the gateway received names its phone and, in "code" or
 * in its text, the code; without one, the phone's only open survey is
 * meant.  The text is read as citizens write it (ticket-callback(1)):
 * the answer 1, 2 or 3 in any width, or the words 满意, 基本满意,
 * 不满意, with spaces, punctuation and thanks around; when the survey
 * asks the second question (callback.sms_resolved), a second digit or
 * the words 已解决, 部分解决, 未解决 say whether the problem was solved.
 * A reply that matches no open survey, or one answered already, is
 * refused: named, with nothing written.  One whose answer cannot be read
 * leaves its survey open and goes to stdout with its reason, for an
 * agent to call.  A good one marks the survey answered and records a
 * callback by SMS, whose note is the text.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

#define WHAT_COLS	40	/* of the matter, quoted in a message */
#define CODE_TRIES	9000	/* as many as there are codes */

static const char *const answers[] = { "satisfied", "basic", "unsatisfied" };
static const char *const solved[] = { "yes", "partly", "no" };

/* Words of an answer: which question, which answer (0 to 2).  A word
 * that holds another comes first: 不满意 before 满意. */
static const struct {
	const char	*word;
	int		 second, answer;
} words[] = {
	{ "不满意", 0, 2 }, { "基本满意", 0, 1 }, { "满意", 0, 0 },
	{ "没有解决", 1, 2 }, { "没解决", 1, 2 }, { "未解决", 1, 2 },
	{ "部分解决", 1, 1 }, { "已解决", 1, 0 }, { "解决了", 1, 0 },
};
#define NWORDS	(sizeof(words) / sizeof(words[0]))

/* What a reply says: answers (-1 none) to both questions, its code. */
struct said {
	int	 answer[2];
	char	 code[8];
};

struct cand {
	char	*id, *phone, *what;
};

/* 11 digits beginning with 1: a number an SMS reaches. */
static int
mobile(const char *p)
{
	return strlen(p) == 11 && p[0] == '1' && strspn(p, "0123456789") == 11;
}

/* Candidates read whole, since sending writes what the query reads. */
static struct cand *
candidates(struct tk_db *db, tk_time now, size_t *n)
{
	struct tk_stmt *st = tk_db_stmt(db,
	    "SELECT t.id, t.caller_phone, json_extract(t.doc, '$.facts.what')"
	    " FROM ticket t INDEXED BY ticket_awaiting"
	    " WHERE t.status = 'replied' AND t.replied_at <= ?1"
	    " AND t.caller_phone IS NOT NULL"
	    " AND NOT coalesce(json_extract(t.doc, '$.caller.anonymous'), 0)"
	    " AND NOT EXISTS (SELECT 1 FROM survey s WHERE s.ticket = t.id"
	    " AND s.sent_at >= t.replied_at) ORDER BY t.replied_at, t.id");
	struct cand *v = NULL;
	size_t cap = 0;

	*n = 0;
	tk_stmt_int(st, 1, now);
	while (tk_stmt_step(st) == TK_ROW) {
		if (!mobile(tk_stmt_col_text(st, 1)))
			continue;
		if (*n == cap)
			v = tk_xrealloc(v, (cap = cap ? cap * 2 : 64) *
			    sizeof(*v));
		v[*n].id = tk_xstrdup(tk_stmt_col_text(st, 0));
		v[*n].phone = tk_xstrdup(tk_stmt_col_text(st, 1));
		v[(*n)++].what = tk_xstrdup(tk_stmt_col_text(st, 2));
	}
	tk_stmt_reset(st);
	return v;
}

/* The survey's row under the first free code; 0 when none is free. */
static int64_t
insert(struct tk_act *a, const struct cand *k, char code[8])
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "INSERT INTO survey(ticket, phone, code, sent_at, status)"
	    " VALUES (?1, ?2, ?3, ?4, 'sent') ON CONFLICT DO NOTHING"
	    " RETURNING id");
	int64_t row = 0;
	int try;

	for (try = 0; row == 0 && try < CODE_TRIES; try++) {
		snprintf(code, 8, "%04d", 1000 + (int)(tk_callback_draw(k->id,
		    (uint64_t)try) % 9000));
		tk_stmt_text(st, 1, k->id);
		tk_stmt_text(st, 2, k->phone);
		tk_stmt_text(st, 3, code);
		tk_stmt_int(st, 4, a->now);
		if (tk_stmt_step(st) == TK_ROW)
			row = tk_stmt_col_int(st, 0);
		tk_stmt_reset(st);
	}
	return row;
}

/* The message: to the caller themself, so nothing is masked. */
static json_t *
message(const struct cand *k, const char *code)
{
	size_t len = tk_utf8_fit(k->what, WHAT_COLS, NULL);
	char *text;
	json_t *m;

	tk_xasprintf(&text, "【%s】您反映的“%.*s%s”已办理，请回复："
	    "1满意 2基本满意 3不满意%s（回复码%s）",
	    tk_conf_get("callback.sms_sign"), (int)len, k->what,
	    k->what[len] != '\0' ? "……" : "",
	    strcmp(tk_conf_get("callback.sms_resolved"), "yes") == 0 ?
	    "；再回复问题是否解决：1已解决 2部分解决 3未解决，如“1 1”" : "",
	    code);
	m = json_pack("{s:s, s:s, s:s, s:s}", "ticket", k->id, "phone",
	    k->phone, "code", code, "text", text);
	free(text);
	return m;
}

static void
send_one(struct tk_act *a, struct tk_batch *b, const struct cand *k)
{
	char code[8];
	json_t *data, *m;

	tk_batch_record(b);
	if (insert(a, k, code) == 0) {
		tk_batch_drop(b);
		tk_warnx("%s: no reply code free for its phone", k->id);
		return;
	}
	data = json_pack("{s:s, s:s}", "method", "sms", "code", code);
	tk_act_event(a, k->id, TK_EV_SURVEY, NULL, NULL, "sent", data);
	json_decref(data);
	m = message(k, code);
	tk_batch_keep(b, m);
	json_decref(m);
}

/* Sends every survey due at now; the batch prints each once committed. */
void
tk_survey_out(struct tk_act *a, struct tk_batch *b)
{
	struct cand *v;
	size_t i, n;

	v = candidates(a->db, a->now, &n);
	for (i = 0; i < n; i++) {
		send_one(a, b, &v[i]);
		free(v[i].id);
		free(v[i].phone);
		free(v[i].what);
	}
	free(v);
}

/* Full-width digits (０ to ９) as ASCII; every other byte kept. */
static char *
narrow(const char *text)
{
	char *out = tk_xmalloc(strlen(text) + 1), *o = out;
	const unsigned char *p = (const unsigned char *)text;

	while (*p != '\0') {
		if (p[0] == 0xef && p[1] == 0xbc && p[2] >= 0x90 &&
		    p[2] <= 0x99) {
			*o++ = (char)('0' + p[2] - 0x90);
			p += 3;
		} else
			*o++ = (char)*p++;
	}
	*o = '\0';
	return out;
}

/* Sets question q's answer a, or says why two answers disagree. */
static int
say(struct said *w, int q, int a, char why[TK_ERRLEN])
{
	static const char *const asked[] = { "满意度", "是否解决" };

	if (w->answer[q] != -1 && w->answer[q] != a)
		return snprintf(why, TK_ERRLEN, "two answers to %s: %d and %d",
		    asked[q], w->answer[q] + 1, a + 1);
	w->answer[q] = a;
	return 0;
}

/* A run of digits: the code (four), one answer, or two (the second
 * question asked); anything else is no answer. */
static int
digits(struct said *w, const char *p, size_t n, int second,
    char why[TK_ERRLEN])
{
	size_t i;

	if (n == 4 && w->code[0] == '\0') {
		memcpy(w->code, p, 4);
		w->code[4] = '\0';
		return 0;
	}
	if (n > 2 || (n == 2 && !second))
		return snprintf(why, TK_ERRLEN, "\"%.*s\" is not an answer",
		    (int)n, p);
	for (i = 0; i < n; i++) {
		if (p[i] < '1' || p[i] > '3')
			return snprintf(why, TK_ERRLEN, "%c is not an answer "
			    "(1, 2 or 3)", p[i]);
		if (say(w, w->answer[0] == -1 || !second ? 0 : 1,
		    p[i] - '1', why) != 0)
			return -1;
	}
	return 0;
}

/* The answer words in text, each once. */
static int
word_answers(struct said *w, const char *text, char why[TK_ERRLEN])
{
	char *t = tk_xstrdup(text), *hit;
	size_t i;
	int bad = 0;

	for (i = 0; i < NWORDS && !bad; i++)
		while (!bad && (hit = strstr(t, words[i].word)) != NULL) {
			bad = say(w, words[i].second, words[i].answer, why);
			memset(hit, ' ', strlen(words[i].word));
		}
	free(t);
	return bad ? -1 : 0;
}

/*
 * What a reply's text says, or -1 with why it cannot be read.  Digits
 * and words may both be there (1满意) but must agree.
 */
static int
parse_text(const char *text, int second, struct said *w, char why[TK_ERRLEN])
{
	char *t = narrow(text);
	const char *p;
	size_t n;
	int bad = 0;

	w->answer[0] = w->answer[1] = -1;
	w->code[0] = '\0';
	for (p = t; *p != '\0' && !bad; p += n ? n : 1)
		if ((n = strspn(p, "0123456789")) > 0)
			bad = digits(w, p, n, second, why) != 0;
	if (!bad)
		bad = word_answers(w, t, why) != 0;
	free(t);
	if (!bad && w->answer[0] == -1)
		bad = snprintf(why, TK_ERRLEN, "no answer: neither 1, 2, 3 "
		    "nor 满意, 基本满意, 不满意") != 0;
	return bad ? -1 : 0;
}

struct found {
	int64_t	 id;
	char	 ticket[64], status[16], code[8];
	tk_time	 answered_at;
};

/* The phone's survey by code (an open one first), or its only open one. */
static int
lookup(struct tk_act *a, const char *phone, const char *code,
    struct found *f)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT id, ticket, status, coalesce(answered_at, 0), code"
	    " FROM survey WHERE phone = ?1 AND (?2 IS NULL AND status = 'sent'"
	    " OR code = ?2) ORDER BY status = 'sent' DESC, id DESC LIMIT 2");
	int n = 0;

	tk_stmt_text(st, 1, phone);
	tk_stmt_text(st, 2, code);
	while (tk_stmt_step(st) == TK_ROW && n++ == 0) {
		f->id = tk_stmt_col_int(st, 0);
		snprintf(f->ticket, sizeof(f->ticket), "%s",
		    tk_stmt_col_text(st, 1));
		snprintf(f->status, sizeof(f->status), "%s",
		    tk_stmt_col_text(st, 2));
		f->answered_at = tk_stmt_col_int(st, 3);
		snprintf(f->code, sizeof(f->code), "%s",
		    tk_stmt_col_text(st, 4));
	}
	tk_stmt_reset(st);
	return code != NULL && n > 1 ? 1 : n;
}

static int
ever_sent(struct tk_act *a, const char *phone)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "SELECT 1 FROM survey WHERE phone = ?1 LIMIT 1");

	tk_stmt_text(st, 1, phone);
	return tk_stmt_any(st);
}

/* The open survey a reply answers, or why there is none. */
static int
match(struct tk_act *a, const char *phone, const char *code, struct found *f)
{
	char when[TK_TIME_LEN];
	int n = lookup(a, phone, code, f);

	if (n == 0 && !ever_sent(a, phone))
		return tk_act_refuse(a, "no survey was sent to %s", phone);
	if (n == 0 && code != NULL)
		return tk_act_refuse(a, "no survey %s was sent to %s", code,
		    phone);
	if (n == 0)
		return tk_act_refuse(a, "no survey awaits a reply from %s",
		    phone);
	if (n > 1)
		return tk_act_refuse(a, "%d surveys await a reply from %s: "
		    "the reply needs its code", n, phone);
	if (strcmp(f->status, "answered") == 0)
		return tk_act_refuse(a, "survey %s of %s was answered at %s",
		    f->code, phone, tk_time_format(f->answered_at, when));
	if (strcmp(f->status, "sent") != 0)
		return tk_act_refuse(a, "survey %s of %s has expired: its "
		    "ticket no longer awaits a callback", f->code, phone);
	return 0;
}

static void
answered(struct tk_act *a, const struct found *f, tk_time at)
{
	struct tk_stmt *st = tk_db_stmt(a->db,
	    "UPDATE survey SET status = 'answered', answered_at = ?2"
	    " WHERE id = ?1");

	tk_stmt_int(st, 1, f->id);
	tk_stmt_int(st, 2, at);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "survey %lld: cannot update: %s",
		    (long long)f->id, tk_db_errmsg(a->db));
}

/* A reply's fields: phone and text needed, code and time optional. */
static int
fields(struct tk_act *a, json_t *rec, const char **phone, const char **text,
    const char **code, tk_time *at)
{
	const char *time = tk_json_str(rec, "time");

	*phone = tk_json_str(rec, "phone");
	*text = tk_json_str(rec, "text");
	*code = tk_json_str(rec, "code");
	*at = a->now;
	if (*phone == NULL)
		return tk_act_refuse(a, "missing \"phone\"");
	if (*text == NULL)
		return tk_act_refuse(a, "missing \"text\"");
	if (time != NULL && tk_time_parse(time, at) == -1)
		return tk_act_refuse(a, "\"time\": not a time: \"%s\"", time);
	return 0;
}

/* A reply no one can read, for an agent: the survey stays open. */
static json_t *
unread(const char *phone, const char *text, const struct found *f,
    const char *why)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s}", "unread", why, "phone",
	    phone, "text", text, "ticket", f->ticket, "code", f->code);
}

/*
 * One reply from the gateway, inside the caller's savepoint; the ticket
 * answered goes in ticket.  -1, with the reason in a->err, when refused;
 * 1, with the line for an agent in *agent, when its answer cannot be
 * read.
 */
int
tk_survey_in(struct tk_act *a, json_t *rec, char ticket[64], json_t **agent)
{
	int second = strcmp(tk_conf_get("callback.sms_resolved"), "yes") == 0;
	struct tk_args c;
	const char *phone, *text, *code;
	char why[TK_ERRLEN];
	struct said w;
	struct found f;
	tk_time at;
	int bad;

	if (fields(a, rec, &phone, &text, &code, &at) == -1)
		return -1;
	bad = parse_text(text, second, &w, why);
	if (code == NULL && w.code[0] != '\0')
		code = w.code;
	if (match(a, phone, code, &f) == -1)
		return -1;
	if (bad) {
		*agent = unread(phone, text, &f, why);
		return 1;
	}
	snprintf(ticket, 64, "%s", f.ticket);
	answered(a, &f, at);
	memset(&c, 0, sizeof(c));
	c.result = answers[w.answer[0]];
	if (w.answer[1] != -1)
		c.resolved = solved[w.answer[1]];
	c.method = "sms";
	c.note = text;
	return tk_act_on(a, f.ticket, &c, &tk_callback_record);
}
