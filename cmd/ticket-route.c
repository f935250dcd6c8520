/*
 * ticket-route: from intake to a unit's signature.  Rules route new
 * tickets; the platform answers, settles by three-way call, escalates,
 * records leaders' instructions and dispatches; units sign, return and
 * pass orders down.  The platform keeps tickets right after intake:
 * corrects, merges and splits, withdraws and reassigns orders, adds
 * units; anyone who may see a ticket notes on it.  Each acts on ticket numbers given as arguments or
 * on JSON lines on stdin, and prints each ticket changed.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

static const char usage[] =
    "usage: ticket-route [-A actor] [-d db] [-N now] verb ...\n"
    "       ticket-route auto [id ...]\n"
    "       ticket-route dispatch id --lead unit [--co unit,...] "
    "[--cc unit,...]\n"
    "       ticket-route answer id (--kb id | --text text)\n"
    "       ticket-route direct id --unit unit --text text\n"
    "       ticket-route escalate id --opinion text\n"
    "       ticket-route redirect id [--to number] [--reason text]\n"
    "       ticket-route clear id --reason text\n"
    "       ticket-route instruct id --leader name --text text\n"
    "       ticket-route sign id [--unit unit]\n"
    "       ticket-route return id --reason text --basis text "
    "--approver name [--unit unit]\n"
    "       ticket-route review-return id (--approve --to unit | "
    "--deny reason)\n"
    "       ticket-route subdispatch id --to unit [--due time]\n"
    "       ticket-route correct id --set field=value ... --reason text\n"
    "       ticket-route merge id --into master --reason text\n"
    "       ticket-route split id --reason text\n"
    "       ticket-route reassign id --unit unit --to unit --reason text "
    "[--penalty]\n"
    "       ticket-route withdraw id --unit unit --reason text "
    "[--penalty]\n"
    "       ticket-route add id [--co unit,...] [--cc unit,...]\n"
    "       ticket-route note id --text text\n"
    "       ticket-route attach id file ... | - [--public]\n"
    "       ticket-route attach-public id n ...\n"
    "       ticket-route rules import file | rules ls | rules test "
    "[id ... | --text text\n"
    "                    [--category c] [--topic t] [--area a]]\n";

/* The short options, as ticket-*(1) lists them. */
static const char letters[] =
    "a area, b basis, C cc, c category, D due, f penalty, g public, i into, "
    "k kb, L leader, l lead, n deny, O opinion, o co, P topic, p approver, "
    "r reason, s set, T to, t text, u unit, y approve";

/* One of two: the table's needs cannot say so. */
static void
check_answer(struct tk_args *g)
{
	if ((g->kb == NULL) == (g->text == NULL))
		tk_errx(TK_EXIT_USAGE, "answer: needs --kb or --text");
}

static void
check_review(struct tk_args *g)
{
	if (g->approve ? g->to == NULL || g->deny != NULL : g->deny == NULL)
		tk_errx(TK_EXIT_USAGE, "review-return: needs --approve --to "
		    "unit, or --deny reason");
}

static void
check_test(struct tk_args *g)
{
	if (g->argc == 0 && g->text == NULL)
		tk_verb_usage(TK_EXIT_USAGE);
}

static void
out_owned(json_t *v)
{
	tk_out_json(v);
	json_decref(v);
}

static void
print_rules(struct tk_rules *rs)
{
	size_t i;

	for (i = 0; i < tk_rules_count(rs); i++)
		out_owned(tk_rule_json(tk_rules_at(rs, i)));
	tk_rules_free(rs);
}

static int
rules_import(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	const char *file = g->argv[0];
	struct tk_lines *l;
	struct tk_rules *rs;
	json_t *n;

	(void)a;
	if ((l = tk_lines_open(file)) == NULL)
		tk_err(TK_EXIT_DATA, "%s", file);
	tk_db_begin(db);
	if ((rs = tk_rules_import(db, l)) == NULL) {
		tk_db_rollback(db);
		tk_errx(TK_EXIT_DATA, "%s: bad routing rules: nothing imported",
		    file);
	}
	n = json_integer((json_int_t)tk_rules_count(rs));
	tk_store_audit_import(db, g, TK_EV_RULES_IMPORT, file, n);
	json_decref(n);
	tk_db_commit(db);
	print_rules(rs);
	tk_lines_close(l);
	return TK_EXIT_OK;
}

static int
rules_ls(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	(void)a;
	(void)g;
	print_rules(tk_rules_load(db));
	return TK_EXIT_OK;
}

/* Which rule a ticket, or a text with its classification, would take. */
static int
rules_test(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	struct tk_rules *rs = tk_rules_load(db);
	struct tk_subject s;
	json_t *out;
	int i, refused = 0;

	if (g->argc == 0) {
		memset(&s, 0, sizeof(s));
		s.category = g->category != NULL ?
		    tk_enum_find(tk_categories, g->category) : -1;
		s.topic = g->topic;
		s.area = g->area;
		s.what = g->text;
		out_owned(tk_route_test(rs, &s));
	}
	for (i = 0; i < g->argc; i++) {
		if ((out = tk_route_test_ticket(a, rs, g->argv[i])) == NULL) {
			tk_complain(g->argv[i], 0, a->err);
			refused++;
		} else
			out_owned(out);
	}
	tk_rules_free(rs);
	return refused ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

/*
 * Files for a ticket, each refused alone: missing, a link, a directory,
 * too big.  Each kept one is its own transaction, printed once stored.
 */
static int
attach(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	const char *id = g->argv[0];
	char *dir, err[TK_ERRLEN];
	struct tk_blob b;
	json_t *out;
	int i, refused = 0;

	if (tk_attach_may(a, id, g->public) == -1) {
		tk_complain(id, 0, a->err);
		return TK_EXIT_PARTIAL;
	}
	dir = tk_attach_dir(tk_db_path(db));
	for (i = 1; i < g->argc; i++) {
		if (tk_blob_take(dir, g->argv[i],
		    tk_conf_long("attachment.max_bytes"), &b, err) == -1) {
			tk_complain(id, 0, err);
			refused++;
			continue;
		}
		b.public = g->public;
		tk_db_begin(db);
		tk_blob_keep(&b, dir);
		out = tk_attach_add(db, id, &b, a->actor, a->now);
		tk_db_commit(db);
		tk_jset(out, "ticket", json_string(id));
		out_owned(out);
		tk_blob_clear(&b);
	}
	free(dir);
	return refused ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

static long
attachment_number(const char *s)
{
	return tk_flag_long("attach-public", s, 1, LONG_MAX,
	    "an attachment's number, from 1");
}

/* Every number checked before the first is marked. */
static void
check_numbers(struct tk_args *g)
{
	int i;

	for (i = 1; i < g->argc; i++)
		attachment_number(g->argv[i]);
}

/* Attachments already stored, numbered as ticket-ls lists them. */
static int
attach_public(struct tk_db *db, struct tk_act *a, struct tk_args *g)
{
	const char *id = g->argv[0];
	json_t *list;
	long n;
	int i, refused = 0;

	if (tk_attach_may(a, id, 1) == -1) {
		tk_complain(id, 0, a->err);
		return TK_EXIT_PARTIAL;
	}
	for (i = 1; i < g->argc; i++) {
		n = attachment_number(g->argv[i]);
		tk_db_begin(db);
		if (tk_attach_set_public(a, id, n) == -1) {
			tk_db_rollback(db);
			tk_complain(id, 0, a->err);
			refused++;
			continue;
		}
		tk_db_commit(db);
		list = tk_attach_list(db, id);
		tk_jset(json_array_get(list, n - 1), "ticket", json_string(id));
		tk_out_json(json_array_get(list, n - 1));
		json_decref(list);
	}
	return refused ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

static const struct tk_verb verbs[] = {
	{ "answer", .each = &tk_act_answer, .takes = "kb text", .maxargs = -1,
	    .check = check_answer },
	{ "attach", attach, .takes = "public", .minargs = 2, .maxargs = -1,
	    .flags = TK_VERB_ACT },
	{ "attach-public", attach_public, .minargs = 2, .maxargs = -1,
	    .flags = TK_VERB_ACT, .platform = "mark an attachment public",
	    .check = check_numbers },
	{ "auto", .each = &tk_route_ticket, .maxargs = -1 },
	{ "clear", .each = &tk_act_emergency_clear, .takes = "reason",
	    .needs = "reason", .maxargs = -1 },
	{ "direct", .each = &tk_act_direct, .takes = "unit text",
	    .needs = "unit text", .maxargs = -1 },
	{ "dispatch", .each = &tk_act_dispatch, .takes = "lead co cc",
	    .needs = "lead", .maxargs = -1 },
	{ "escalate", .each = &tk_act_escalate, .takes = "opinion",
	    .needs = "opinion", .maxargs = -1 },
	{ "instruct", .each = &tk_act_instruct, .takes = "leader text",
	    .needs = "leader text", .maxargs = -1 },
	{ "redirect", .each = &tk_act_emergency_redirect,
	    .takes = "to reason", .maxargs = -1 },
	{ "return", .each = &tk_act_return, .takes = "reason basis approver unit",
	    .needs = "reason basis approver", .maxargs = -1 },
	{ "review-return", .each = &tk_act_review_return, .takes = "approve to deny",
	    .maxargs = -1, .check = check_review },
	{ "sign", .each = &tk_act_sign, .takes = "unit", .maxargs = -1 },
	{ "subdispatch", .each = &tk_act_subdispatch, .takes = "to due",
	    .needs = "to", .maxargs = -1 },
	{ "correct", .each = &tk_act_correct, .takes = "set reason",
	    .needs = "set reason", .maxargs = -1 },
	{ "merge", .each = &tk_act_merge, .takes = "into reason",
	    .needs = "into reason", .maxargs = -1 },
	{ "split", .each = &tk_act_split, .takes = "reason",
	    .needs = "reason", .maxargs = -1 },
	{ "reassign", .each = &tk_act_reassign,
	    .takes = "unit to reason penalty", .needs = "unit to reason",
	    .maxargs = -1 },
	{ "withdraw", .each = &tk_act_withdraw, .takes = "unit reason penalty",
	    .needs = "unit reason", .maxargs = -1 },
	{ "add", .each = &tk_act_add, .takes = "co cc", .maxargs = -1 },
	{ "note", .each = &tk_act_note, .takes = "text", .needs = "text",
	    .maxargs = -1 },
	{ "rules import", rules_import, .minargs = 1, .maxargs = 1,
	    .flags = TK_VERB_ACT | TK_VERB_FILES, .platform = "import rules" },
	{ "rules ls", rules_ls, .flags = TK_VERB_ACT },
	{ "rules test", rules_test, .takes = "text category topic area",
	    .maxargs = -1, .flags = TK_VERB_ACT, .check = check_test },
	{ NULL }
};

TK_VERB_MAIN("ticket-route", usage, letters, verbs)
