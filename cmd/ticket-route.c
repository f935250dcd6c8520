/*
 * ticket-route: from intake to a unit's signature.  Rules route new
 * tickets; the platform answers, settles by three-way call, escalates,
 * records leaders' instructions and dispatches; units sign, return and
 * pass orders down.  Each acts on ticket numbers given as arguments or
 * on JSON lines on stdin, and prints each ticket changed.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

struct args {
	const char	*lead, *co, *cc, *kb, *text, *unit, *opinion;
	const char	*leader, *reason, *basis, *approver, *to, *deny;
	const char	*category, *topic, *area;
	int		 approve;
	tk_time		 due;
};

struct run {
	struct tk_opts	 o;
	struct tk_db	*db;
	struct tk_act	 act;
	struct tk_rules	*rules;
	struct args	 a;
	struct tk_args	 v;
};


static void
usage(int status)
{
	fprintf(status ? stderr : stdout,
	    "usage: ticket-route [-A actor] [-d db] [-N now] verb ...\n"
	    "       ticket-route auto [id ...]\n"
	    "       ticket-route dispatch id --lead unit [--co unit,...] "
	    "[--cc unit,...]\n"
	    "       ticket-route answer id (--kb id | --text text)\n"
	    "       ticket-route direct id --unit unit --text text\n"
	    "       ticket-route escalate id --opinion text\n"
	    "       ticket-route instruct id --leader name --text text\n"
	    "       ticket-route sign id [--unit unit]\n"
	    "       ticket-route return id --reason text --basis text "
	    "--approver name [--unit unit]\n"
	    "       ticket-route review-return id (--approve --to unit | "
	    "--deny reason)\n"
	    "       ticket-route subdispatch id --to unit [--due time]\n"
	    "       ticket-route rules import file | rules ls | rules test "
	    "[id ... | --text text\n"
	    "                    [--category c] [--topic t] [--area a]]\n");
	exit(status);
}

static const struct option longopts[] = {
	TK_COMMON_LONGOPTS,
	{ "approve",	no_argument,		NULL,	'y' },
	{ "approver",	required_argument,	NULL,	'p' },
	{ "area",	required_argument,	NULL,	'a' },
	{ "basis",	required_argument,	NULL,	'b' },
	{ "category",	required_argument,	NULL,	'c' },
	{ "cc",		required_argument,	NULL,	'C' },
	{ "co",		required_argument,	NULL,	'o' },
	{ "deny",	required_argument,	NULL,	'n' },
	{ "due",	required_argument,	NULL,	'D' },
	{ "kb",		required_argument,	NULL,	'k' },
	{ "lead",	required_argument,	NULL,	'l' },
	{ "leader",	required_argument,	NULL,	'L' },
	{ "opinion",	required_argument,	NULL,	'O' },
	{ "reason",	required_argument,	NULL,	'r' },
	{ "text",	required_argument,	NULL,	't' },
	{ "to",		required_argument,	NULL,	'T' },
	{ "topic",	required_argument,	NULL,	'P' },
	{ "unit",	required_argument,	NULL,	'u' },
	{ NULL,		0,			NULL,	0 }
};

static void
parse(struct run *r, int argc, char *argv[])
{
	struct args *a = &r->a;
	int ch;

	a->due = -1;
	while ((ch = getopt_long(argc, argv, TK_COMMON_SHORTOPTS
	    "a:b:C:c:D:k:L:l:n:O:o:P:p:r:T:t:u:y", longopts, NULL)) != -1) {
		if (tk_opts_common(&r->o, ch, optarg, usage))
			continue;
		switch (ch) {
		case 'a': a->area = optarg; break;
		case 'b': a->basis = optarg; break;
		case 'C': a->cc = optarg; break;
		case 'c': a->category = optarg; break;
		case 'D':
			if (tk_time_parse(optarg, &a->due) == -1)
				tk_errx(TK_EXIT_USAGE, "--due: not an RFC 3339 "
				    "time: \"%s\"", optarg);
			break;
		case 'k': a->kb = optarg; break;
		case 'L': a->leader = optarg; break;
		case 'l': a->lead = optarg; break;
		case 'n': a->deny = optarg; break;
		case 'O': a->opinion = optarg; break;
		case 'o': a->co = optarg; break;
		case 'P': a->topic = optarg; break;
		case 'p': a->approver = optarg; break;
		case 'r': a->reason = optarg; break;
		case 'T': a->to = optarg; break;
		case 't': a->text = optarg; break;
		case 'u': a->unit = optarg; break;
		case 'y': a->approve = 1; break;
		default: usage(TK_EXIT_USAGE);
		}
	}
}

/* Usage error unless every option named is given. */
static void
need(const char *verb, const char *const *names, const char *const *vals)
{
	for (; *names != NULL; names++, vals++)
		if (*vals == NULL || **vals == '\0')
			tk_errx(TK_EXIT_USAGE, "%s: needs --%s", verb, *names);
}

static const struct verb {
	const char	*name;
	const struct tk_action *fn;
} verbs[] = {
	{ "answer", &tk_act_answer }, { "auto", &tk_route_ticket },
	{ "direct", &tk_act_direct }, { "dispatch", &tk_act_dispatch },
	{ "escalate", &tk_act_escalate }, { "instruct", &tk_act_instruct },
	{ "return", &tk_act_return }, { "review-return", &tk_act_review_return },
	{ "sign", &tk_act_sign }, { "subdispatch", &tk_act_subdispatch },
	{ NULL, NULL }
};

/* Each verb's own options, checked before anything is opened. */
static void
check_args(const char *verb, struct args *a)
{
	if (strcmp(verb, "dispatch") == 0)
		need(verb, (const char *[]){ "lead", NULL },
		    (const char *[]){ a->lead });
	else if (strcmp(verb, "answer") == 0 && (a->kb == NULL) ==
	    (a->text == NULL))
		tk_errx(TK_EXIT_USAGE, "answer: needs --kb or --text");
	else if (strcmp(verb, "direct") == 0)
		need(verb, (const char *[]){ "unit", "text", NULL },
		    (const char *[]){ a->unit, a->text });
	else if (strcmp(verb, "escalate") == 0)
		need(verb, (const char *[]){ "opinion", NULL },
		    (const char *[]){ a->opinion });
	else if (strcmp(verb, "instruct") == 0)
		need(verb, (const char *[]){ "leader", "text", NULL },
		    (const char *[]){ a->leader, a->text });
	else if (strcmp(verb, "return") == 0)
		need(verb, (const char *[]){ "reason", "basis", "approver",
		    NULL }, (const char *[]){ a->reason, a->basis,
		    a->approver });
	else if (strcmp(verb, "review-return") == 0 && (a->approve ?
	    a->to == NULL || a->deny != NULL : a->deny == NULL))
		tk_errx(TK_EXIT_USAGE, "review-return: needs --approve --to "
		    "unit, or --deny reason");
	else if (strcmp(verb, "subdispatch") == 0)
		need(verb, (const char *[]){ "to", NULL },
		    (const char *[]){ a->to });
}

static void
out_owned(json_t *v)
{
	tk_out_json(v);
	json_decref(v);
}

static char **
split_list(const char *list)
{
	char *copy, **words;
	size_t i;

	if (list == NULL)
		return NULL;
	copy = tk_xstrdup(list);
	for (i = 0; copy[i] != '\0'; i++)
		if (copy[i] == ',')
			copy[i] = '|';
	words = tk_split_words(copy);
	free(copy);
	return words;
}

/* What the action verbs are told. */
static void
act_args(struct run *r)
{
	struct args *a = &r->a;
	struct tk_args *v = &r->v;

	v->unit = a->unit;
	v->lead = a->lead;
	v->co = split_list(a->co);
	v->cc = split_list(a->cc);
	v->kb = a->kb;
	v->text = a->text;
	v->opinion = a->opinion;
	v->leader = a->leader;
	v->reason = a->reason;
	v->basis = a->basis;
	v->approver = a->approver;
	v->to = a->to;
	v->deny = a->deny;
	v->approve = a->approve;
	v->due = a->due;
	v->rules = r->rules = tk_rules_load(r->db);
}

static int
rules_import(struct run *r, char **argv, int argc)
{
	struct tk_lines *l;
	struct tk_rules *rs;
	size_t i;

	if (argc != 1)
		usage(TK_EXIT_USAGE);
	if (!r->act.platform)
		tk_errx(TK_EXIT_USAGE, "only the platform may import rules");
	if ((l = tk_lines_open(argv[0])) == NULL)
		tk_err(TK_EXIT_DATA, "%s", argv[0]);
	tk_db_begin(r->db);
	if ((rs = tk_rules_import(r->db, l)) == NULL) {
		tk_db_rollback(r->db);
		tk_errx(TK_EXIT_DATA, "%s: bad routing rules: nothing imported",
		    argv[0]);
	}
	tk_db_commit(r->db);
	for (i = 0; i < tk_rules_count(rs); i++)
		out_owned(tk_rule_json(tk_rules_at(rs, i)));
	tk_rules_free(rs);
	tk_lines_close(l);
	return TK_EXIT_OK;
}

static int
rules_ls(struct run *r)
{
	struct tk_rules *rs = tk_rules_load(r->db);
	size_t i;

	for (i = 0; i < tk_rules_count(rs); i++)
		out_owned(tk_rule_json(tk_rules_at(rs, i)));
	tk_rules_free(rs);
	return TK_EXIT_OK;
}

/* Which rule a ticket, or a text with its classification, would take. */
static int
rules_test(struct run *r, char **ids, int n)
{
	struct tk_rules *rs = tk_rules_load(r->db);
	struct tk_subject s;
	json_t *out;
	int i, refused = 0;

	if (n == 0) {
		if (r->a.text == NULL)
			usage(TK_EXIT_USAGE);
		memset(&s, 0, sizeof(s));
		s.category = r->a.category ? tk_enum_find(tk_categories,
		    r->a.category) : -1;
		if (r->a.category != NULL && s.category == -1)
			tk_errx(TK_EXIT_USAGE, "--category: unknown category "
			    "\"%s\"", r->a.category);
		s.topic = r->a.topic;
		s.area = r->a.area;
		s.what = r->a.text;
		out_owned(tk_route_test(rs, &s));
	}
	for (i = 0; i < n; i++) {
		if ((out = tk_route_test_ticket(&r->act, rs, ids[i])) == NULL) {
			tk_complain(ids[i], 0, r->act.err);
			refused++;
		} else
			out_owned(out);
	}
	tk_rules_free(rs);
	return refused ? TK_EXIT_PARTIAL : TK_EXIT_OK;
}

static int
rules(struct run *r, char **argv, int argc)
{
	if (argc < 1)
		usage(TK_EXIT_USAGE);
	if (strcmp(argv[0], "import") == 0)
		return rules_import(r, argv + 1, argc - 1);
	if (strcmp(argv[0], "ls") == 0 && argc == 1)
		return rules_ls(r);
	if (strcmp(argv[0], "test") == 0)
		return rules_test(r, argv + 1, argc - 1);
	usage(TK_EXIT_USAGE);
	return TK_EXIT_USAGE;
}

static const struct tk_action *
find_verb(const char *name)
{
	int i;

	for (i = 0; verbs[i].name != NULL; i++)
		if (strcmp(verbs[i].name, name) == 0)
			return verbs[i].fn;
	tk_errx(TK_EXIT_USAGE, "unknown verb \"%s\"", name);
}

int
main(int argc, char *argv[])
{
	struct run r;
	const struct tk_action *fn = NULL;
	int rval;

	memset(&r, 0, sizeof(r));
	tk_opts_init(&r.o, "ticket-route");
	parse(&r, argc, argv);
	if (optind >= argc)
		usage(TK_EXIT_USAGE);
	if (strcmp(argv[optind], "rules") != 0) {
		fn = find_verb(argv[optind]);
		check_args(argv[optind], &r.a);
	}
	r.db = tk_db_open(r.o.db);
	if (tk_act_init(&r.act, r.db, r.o.actor, r.o.now) == -1)
		tk_errx(TK_EXIT_USAGE, "%s", r.act.err);
	if (fn == NULL)
		rval = rules(&r, argv + optind + 1, argc - optind - 1);
	else {
		act_args(&r);
		rval = tk_each_ticket(&r.act, argv + optind + 1,
		    argc - optind - 1, fn, &r.v) ? TK_EXIT_PARTIAL : TK_EXIT_OK;
		tk_rules_free(r.rules);
		tk_free_words(r.v.co);
		tk_free_words(r.v.cc);
	}
	tk_act_free(&r.act);
	tk_db_close(r.db);
	return tk_shut(rval);
}
