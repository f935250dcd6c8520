/*
 * verb.c: the verbs of every command in one table shape, and the
 * parsers of option values.
 *
 * A command names its verbs in a table of struct tk_verb: the words,
 * the handler, the option keys the verb takes and those it needs, how
 * many words may follow it.  Options are read in two steps: getopt_long
 * collects them as given, and once the verb is known each is looked up
 * among the keys the verb takes, refused when it is not there, and only
 * then parsed into struct tk_args.  So an option a verb does not take
 * is a usage error naming both, never silently ignored, and one option
 * (--from) may be a time for one verb and a day for another.
 *
 * Every option of every command is a row of opts[] below: its key, the
 * kind of its value, the field it fills.  A key is the long option's
 * name, or name/variant where commands mean different things by one
 * name.  A command's tables are checked at each start, so a key no row
 * has fails the first test that runs the command, not a user later.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

#define KEYLEN		32	/* bytes of a key, NUL included */
#define MAXOPTS		32	/* options of one command */
#define MAXBITS		32	/* keys one verb takes: bits of an unsigned */
#define MAXFORMATS	8	/* words of --format */
#define STR(x)		#x
#define XSTR(x)		STR(x)
#define OPT(k, kd, field) \
	.key = (k), .kind = (kd), .off = offsetof(struct tk_args, field)

enum kind { TEXT, LIST, MANY, FLAG, LONG, REAL, TIME, DATE, DURATION, WORD,
	FORMAT };

struct opt {
	const char	*key;		/* "name" or "name/variant" */
	enum kind	 kind;
	size_t		 off;		/* its field in struct tk_args */
	long		 lo, hi, def;	/* LONG, REAL: range; LONG: default */
	const char	*what;		/* a good value, for "not WHAT" */
	const struct tk_enum *words;	/* WORD: its vocabulary */
	int		 say;		/* WORD, FORMAT: TK_SAY_* */
};

static const struct tk_enum unit_levels[] = {
	{ "1", "一级" }, { "2", "二级" }, { "3", "三级" }, { NULL, NULL }
};
static const struct tk_enum report_levels[] = {
	{ "2", "二级" }, { "3", "三级" }, { NULL, NULL }
};

/* Sorted by key. */
static const struct opt opts[] = {
	{ OPT("all", FLAG, all) },
	{ OPT("approve", FLAG, approve) },
	{ OPT("approver", TEXT, approver) },
	{ OPT("archive", TEXT, archive) },
	{ OPT("area", TEXT, area) },
	{ OPT("attachment", LONG, attachment), .lo = 1, .hi = LONG_MAX,
	    .what = "an attachment's number, from 1" },
	{ OPT("authorized-keys", TEXT, authkeys) },
	{ OPT("basis", TEXT, basis) },
	{ OPT("before", DATE, before_day) },
	{ OPT("bounce", TEXT, bounce) },
	{ OPT("card", WORD, card), .words = tk_card_colors },
	{ OPT("category", WORD, category), .words = tk_categories,
	    .say = TK_SAY_UNKNOWN },
	{ OPT("cc", LIST, cc) },
	{ OPT("co", LIST, co) },
	{ OPT("columns", TEXT, columns) },
	{ OPT("contact", TEXT, contact) },
	{ OPT("days", LONG, days), .lo = 1, .hi = TK_SLA_MAXDAYS,
	    .what = "a number of working days from 1 to "
	    XSTR(TK_SLA_MAXDAYS) },
	{ OPT("deny", TEXT, deny) },
	{ OPT("deny/withhold", FLAG, refuse) },
	{ OPT("dry-run", FLAG, dry_run) },
	{ OPT("duplicates", FLAG, duplicates) },
	{ OPT("due", TIME, due) },
	{ OPT("explain", TEXT, explain) },
	{ OPT("explained", TEXT, explained) },
	{ OPT("figure", TEXT, figure) },
	{ OPT("flag", TEXT, flag) },
	{ OPT("force", FLAG, force) },
	{ OPT("format", FORMAT, format), .say = TK_SAY_EXPECTED },
	{ OPT("format/plain", FORMAT, format), .say = TK_SAY_BARE },
	{ OPT("from/day", DATE, from_day) },
	{ OPT("from/dir", TEXT, from_dir) },
	{ OPT("from/time", TIME, start), .what = "a time" },
	{ OPT("grant", FLAG, grant) },
	{ OPT("handler", TEXT, handler) },
	{ OPT("head", TEXT, head) },
	{ OPT("into", TEXT, into) },
	{ OPT("kb", TEXT, kb) },
	{ OPT("keep", LONG, keep), .lo = 1, .hi = 10000 },
	{ OPT("key", TEXT, key) },
	{ OPT("lead", TEXT, lead) },
	{ OPT("leader", TEXT, leader) },
	{ OPT("level", WORD, level), .words = unit_levels },
	{ OPT("level/report", WORD, level), .words = report_levels },
	{ OPT("limit", LONG, limit), .lo = 1, .hi = 10000, .def = 5 },
	{ OPT("limit/ls", LONG, limit), .lo = 1, .hi = LONG_MAX,
	    .what = "a positive number" },
	{ OPT("limit/report", LONG, limit), .hi = 1000000, .def = 20 },
	{ OPT("method", TEXT, method) },
	{ OPT("month", TEXT, month) },
	{ OPT("name", TEXT, name) },
	{ OPT("note", TEXT, note) },
	{ OPT("older-than", DURATION, older), .hi = 36500 },
	{ OPT("older-than/days", LONG, older_days), .hi = 36500, .def = -1 },
	{ OPT("opinion", TEXT, opinion) },
	{ OPT("out", TEXT, out) },
	{ OPT("outcome", TEXT, outcome) },
	{ OPT("overdue", FLAG, overdue) },
	{ OPT("parent", TEXT, parent) },
	{ OPT("penalty", FLAG, penalty) },
	{ OPT("per-unit", FLAG, per_unit) },
	{ OPT("phone", TEXT, phone) },
	{ OPT("public", FLAG, public) },
	{ OPT("rate", REAL, rate), .hi = 1,
	    .what = "a share above 0 and at most 1" },
	{ OPT("queue", WORD, queue), .words = tk_queues,
	    .say = TK_SAY_EXPECTED },
	{ OPT("reason", TEXT, reason) },
	{ OPT("refused", FLAG, refused) },
	{ OPT("reopen", FLAG, reopen) },
	{ OPT("replace", FLAG, replace) },
	{ OPT("resolved", TEXT, resolved) },
	{ OPT("result", TEXT, result) },
	{ OPT("reverse", FLAG, reverse) },
	{ OPT("role", TEXT, role) },
	{ OPT("seed", LONG, seed), .hi = LONG_MAX, .def = -1,
	    .what = "a number" },
	{ OPT("set", MANY, set) },
	{ OPT("since", TEXT, since) },
	{ OPT("since/day", DATE, since_day) },
	{ OPT("sort", WORD, sort), .words = tk_sorts,
	    .say = TK_SAY_EXPECTED },
	{ OPT("status", TEXT, status) },
	{ OPT("supervision", FLAG, supervision) },
	{ OPT("text", TEXT, text) },
	{ OPT("to", TEXT, to) },
	{ OPT("to/day", DATE, to_day) },
	{ OPT("to/dir", TEXT, to_dir) },
	{ OPT("todo", FLAG, todo) },
	{ OPT("told", TEXT, told) },
	{ OPT("topic", TEXT, topic) },
	{ OPT("unit", TEXT, unit) },
	{ OPT("until", TEXT, until) },
	{ OPT("urgent", FLAG, urgent) },
	{ OPT("year", LONG, year), .lo = 1, .hi = 9999, .what = "a year" },
};

struct given {			/* an option as the command line gave it */
	const char	*name;
	const char	*value;		/* NULL for a flag */
};

struct getopt_tables {
	struct option	 longs[MAXOPTS + 6];
	char		 shorts[3 * MAXOPTS + sizeof(TK_COMMON_SHORTOPTS)];
	char		 names[16 * MAXOPTS];	/* the letters, cut up */
};

static const struct tk_cmd *cur;	/* the command, for tk_verb_usage() */

static void __attribute__((noreturn))
bad(const char *opt, const char *what, const char *s)
{
	tk_errx(TK_EXIT_USAGE, "%s: not %s: \"%s\"", opt, what, s);
}

long
tk_flag_long(const char *opt, const char *s, long lo, long hi,
    const char *what)
{
	char *end, range[80];
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (*s != '\0' && *end == '\0' && errno == 0 && n >= lo && n <= hi)
		return n;
	snprintf(range, sizeof(range), "a number from %ld to %ld", lo, hi);
	bad(opt, what != NULL ? what : range, s);
}

/* Above lo, at most hi: a share, a rate. */
double
tk_flag_real(const char *opt, const char *s, double lo, double hi,
    const char *what)
{
	char *end, range[80];
	double x = strtod(s, &end);

	if (end != s && *end == '\0' && x > lo && x <= hi)
		return x;
	snprintf(range, sizeof(range), "a number above %g and at most %g",
	    lo, hi);
	bad(opt, what != NULL ? what : range, s);
}

tk_time
tk_flag_time(const char *opt, const char *s, const char *what)
{
	tk_time t;

	if (tk_time_parse(s, &t) == -1)
		bad(opt, what != NULL ? what : "an RFC 3339 time", s);
	return t;
}

int32_t
tk_flag_date(const char *opt, const char *s, const char *what)
{
	int32_t day;

	if (tk_date_parse(s, &day) == -1)
		bad(opt, what != NULL ? what : "a date (YYYY-MM-DD)", s);
	return day;
}

/* 90m, 36h, 2d, at most max of the unit: seconds. */
tk_time
tk_flag_duration(const char *opt, const char *s, long max, const char *what)
{
	static const char units[] = "mhd";
	static const long secs[] = { 60, 3600, 86400 };
	const char *u;
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (end != s && errno == 0 && n >= 0 && n <= max && end[0] != '\0' &&
	    end[1] == '\0' && (u = strchr(units, end[0])) != NULL)
		return (tk_time)n * secs[u - units];
	bad(opt, what != NULL ? what : "a duration like 90m, 36h or 2d", s);
}

/* "a, b or c": the words of a vocabulary, for messages. */
char *
tk_enum_list(const struct tk_enum *e, char *buf, size_t size)
{
	size_t len = 0;
	int i;

	*buf = '\0';
	for (i = 0; e[i].word != NULL && len < size; i++)
		len += snprintf(buf + len, size - len, "%s%s", i == 0 ? "" :
		    e[i + 1].word == NULL ? " or " : ", ", e[i].word);
	return buf;
}

/* The index of s in the vocabulary; a usage error worded as say says. */
int
tk_flag_word(const char *opt, const char *s, const struct tk_enum *e,
    int say)
{
	char list[256];
	int i;

	if ((i = tk_enum_find(e, s)) != -1)
		return i;
	tk_enum_list(e, list, sizeof(list));
	if (say == TK_SAY_UNKNOWN)
		tk_errx(TK_EXIT_USAGE, "%s: unknown value \"%s\" (expected %s)",
		    opt, s, list);
	tk_errx(TK_EXIT_USAGE, "%s: %s%s, not \"%s\"", opt,
	    say == TK_SAY_EXPECTED ? "expected " : "", list, s);
}

void
tk_verb_usage(int status)
{
	fputs(cur->usage, status ? stderr : stdout);
	exit(status);
}

/* Copies the next key of *list into key and moves past it; 0 at the end. */
static int
next_key(const char **list, char key[KEYLEN])
{
	size_t len;

	if (*list == NULL)
		return 0;
	*list += strspn(*list, " ");
	if ((len = strcspn(*list, " ")) == 0)
		return 0;
	if (len >= KEYLEN)
		tk_errx(TK_EXIT_DATA, "option key too long: \"%s\"", *list);
	memcpy(key, *list, len);
	key[len] = '\0';
	*list += len;
	return 1;
}

/* Whether the key ("name" or "name/variant") is of the option named. */
static int
names(const char *key, const char *name)
{
	size_t n = strcspn(key, "/");

	return strlen(name) == n && strncmp(key, name, n) == 0;
}

static const struct opt *
row(const char *key)
{
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		if (strcmp(opts[i].key, key) == 0)
			return &opts[i];
	tk_errx(TK_EXIT_DATA, "%s: verb table: no option \"%s\"", cur->name,
	    key);
}

/* The place in list of the key s, or (name) of a key of the option s. */
static int
place(const char *list, const char *s, int name, char key[KEYLEN])
{
	int at;

	for (at = 0; next_key(&list, key); at++)
		if (name ? names(key, s) : strcmp(key, s) == 0)
			return at;
	return -1;
}

static const char *
verb_name(const struct tk_verb *v)
{
	return v->word != NULL ? v->word : cur->name;
}

static int
is_end(const struct tk_verb *v)
{
	return v->run == NULL && v->each == NULL;
}

/* Every key a row, every need one the verb takes, MAXBITS at most. */
static void
check_table(const struct tk_cmd *c)
{
	const struct tk_verb *v;
	const char *p;
	char key[KEYLEN], taken[KEYLEN];
	int n;

	for (v = c->verbs; !is_end(v); v++) {
		for (p = v->takes, n = 0; next_key(&p, key); n++)
			row(key);
		for (p = v->needs; next_key(&p, key); )
			if (place(v->takes, key, 0, taken) == -1)
				tk_errx(TK_EXIT_DATA, "%s: verb table: %s "
				    "needs \"%s\" but does not take it",
				    c->name, verb_name(v), key);
		if (n > MAXBITS)
			tk_errx(TK_EXIT_DATA, "%s: verb table: %s takes more "
			    "than %d options", c->name, verb_name(v), MAXBITS);
	}
}

/* Whether the option named takes a value, as the verbs that take it say. */
static int
has_arg(const struct tk_cmd *c, const char *name)
{
	const struct tk_verb *v;
	char key[KEYLEN];

	for (v = c->verbs; !is_end(v); v++)
		if (place(v->takes, name, 1, key) != -1)
			return row(key)->kind != FLAG;
	tk_errx(TK_EXIT_DATA, "%s: verb table: no verb takes --%s", c->name,
	    name);
}

/* getopt_long's tables from "a area, b basis" and the common options. */
static void
build(const struct tk_cmd *c, struct getopt_tables *t)
{
	static const struct option common[] = {
		TK_COMMON_LONGOPTS, { NULL, 0, NULL, 0 }
	};
	char *p = t->names, *name;
	size_t n = 0, k = strlen(TK_COMMON_SHORTOPTS);
	int arg;

	if (strlen(c->letters) >= sizeof(t->names))
		tk_errx(TK_EXIT_DATA, "%s: verb table: too many options",
		    c->name);
	strcpy(t->names, c->letters);
	memcpy(t->shorts, TK_COMMON_SHORTOPTS, k);
	while ((name = strsep(&p, ",")) != NULL) {
		name += strspn(name, " ");
		if (n == MAXOPTS || name[0] == '\0' || name[1] != ' ')
			tk_errx(TK_EXIT_DATA, "%s: verb table: bad letters "
			    "\"%s\"", c->name, name);
		arg = has_arg(c, name + 2);
		t->longs[n++] = (struct option){ name + 2, arg ?
		    required_argument : no_argument, NULL, name[0] };
		t->shorts[k++] = name[0];
		if (arg)
			t->shorts[k++] = ':';
	}
	t->shorts[k] = '\0';
	memcpy(t->longs + n, common, sizeof(common));
}

static const char *
long_name(const struct getopt_tables *t, int ch)
{
	const struct option *o;

	for (o = t->longs; o->name != NULL && o->val != ch; o++)
		continue;
	return o->name;
}

/* How many of the words the verb's words match, or -1. */
static int
matches(const char *word, char **argv, int argc)
{
	size_t len;
	int n;

	for (n = 0; *word != '\0'; n++) {
		len = strcspn(word, " ");
		if (n == argc || strlen(argv[n]) != len ||
		    strncmp(argv[n], word, len) != 0)
			return -1;
		word += len + (word[len] == ' ');
	}
	return n;
}

/* The usage, then the verb named: the last line is what went wrong. */
static void __attribute__((noreturn))
unknown(const struct tk_cmd *c, char **argv, int argc)
{
	const struct tk_verb *v;
	size_t len;
	int group = 0;

	for (v = c->verbs; !is_end(v); v++)
		if (v->word != NULL && (len = strcspn(v->word, " ")) <
		    strlen(v->word) && strlen(argv[0]) == len &&
		    strncmp(v->word, argv[0], len) == 0)
			group = argc > 1;
	fputs(c->usage, stderr);
	tk_errx(TK_EXIT_USAGE, "unknown verb \"%s%s%s\"", argv[0],
	    group ? " " : "", group ? argv[1] : "");
}

static const struct tk_verb *
find_verb(const struct tk_cmd *c, char **argv, int argc, int *used)
{
	const struct tk_verb *v, *dflt = NULL;

	for (v = c->verbs; !is_end(v); v++) {
		if (v->word != NULL &&
		    (*used = matches(v->word, argv, argc)) != -1)
			return v;
		if (v->flags & TK_VERB_DEFAULT)
			dflt = v;
	}
	*used = 0;
	if (dflt != NULL)
		return dflt;
	if (argc == 0)
		tk_verb_usage(TK_EXIT_USAGE);
	unknown(c, argv, argc);
}

static void
set_default(const struct opt *o, struct tk_args *g)
{
	void *f = (char *)g + o->off;

	if (o->kind == LONG)
		*(long *)f = o->def;
	else if (o->kind == TIME)
		*(tk_time *)f = -1;
	else if (o->kind == DATE)
		*(int32_t *)f = TK_NO_DAY;
}

/*
 * What a field holds when its option is not given, whether the verb
 * takes it or not; where rows share a field, the verb's row says.
 */
static void
defaults(const struct tk_verb *v, struct tk_args *g)
{
	const char *p = v->takes;
	char key[KEYLEN];
	size_t i;

	for (i = 0; i < sizeof(opts) / sizeof(opts[0]); i++)
		set_default(&opts[i], g);
	while (next_key(&p, key))
		set_default(row(key), g);
}

/* "a,b": the words of a list option. */
static char **
split_list(const char *list)
{
	char *copy = tk_xstrdup(list), **words;
	size_t i;

	for (i = 0; copy[i] != '\0'; i++)
		if (copy[i] == ',')
			copy[i] = '|';
	words = tk_split_words(copy);
	free(copy);
	return words;
}

/* The place of s among the words, such as "json table csv". */
static int
format(const char *opt, const char *s, const char *words, int say)
{
	struct tk_enum e[MAXFORMATS + 1];
	char buf[KEYLEN * MAXFORMATS];
	int n = 0;

	for (; n < MAXFORMATS && next_key(&words, buf + n * KEYLEN); n++)
		e[n] = (struct tk_enum){ buf + n * KEYLEN, NULL };
	e[n] = (struct tk_enum){ NULL, NULL };
	return tk_flag_word(opt, s, e, say);
}

/* An option given again adds a word: --set a=1 --set b=2. */
static char **
append(char **words, const char *s)
{
	size_t n = 0;

	while (words != NULL && words[n] != NULL)
		n++;
	words = tk_xrealloc(words, (n + 2) * sizeof(*words));
	words[n] = (char *)s;
	words[n + 1] = NULL;
	return words;
}

static void
set(const struct opt *o, const struct tk_verb *v, struct tk_args *g,
    const char *s)
{
	char opt[KEYLEN + 2];
	void *f = (char *)g + o->off;

	snprintf(opt, sizeof(opt), "--%.*s", (int)strcspn(o->key, "/"),
	    o->key);
	switch (o->kind) {
	case TEXT: *(const char **)f = s; break;
	case LIST:
		tk_free_words(*(char ***)f);
		*(char ***)f = split_list(s);
		break;
	case MANY: *(char ***)f = append(*(char ***)f, s); break;
	case FLAG: *(int *)f = 1; break;
	case LONG: *(long *)f = tk_flag_long(opt, s, o->lo, o->hi, o->what);
		break;
	case REAL: *(double *)f = tk_flag_real(opt, s, o->lo, o->hi, o->what);
		break;
	case TIME: *(tk_time *)f = tk_flag_time(opt, s, o->what); break;
	case DATE: *(int32_t *)f = tk_flag_date(opt, s, o->what); break;
	case DURATION:
		*(tk_time *)f = tk_flag_duration(opt, s, o->hi, o->what);
		break;
	case WORD:
		*(const char **)f = o->words[tk_flag_word(opt, s, o->words,
		    o->say)].word;
		break;
	case FORMAT: *(int *)f = format(opt, s, v->formats, o->say); break;
	}
}

/* One option into its field, refused when the verb does not take it. */
static unsigned
take(const struct tk_verb *v, struct tk_args *g, const struct given *gv)
{
	char key[KEYLEN];
	int at;

	if ((at = place(v->takes, gv->name, 1, key)) == -1)
		tk_errx(TK_EXIT_USAGE, "%s does not take --%s", verb_name(v),
		    gv->name);
	set(row(key), v, g, gv->value);
	/* An empty text says nothing: it does not meet a need. */
	return gv->value != NULL && *gv->value == '\0' ? 0 : 1u << at;
}

static void
need(const struct tk_verb *v, unsigned given)
{
	const char *p = v->needs;
	char key[KEYLEN], taken[KEYLEN];

	while (next_key(&p, key)) {
		if (given & 1u << place(v->takes, key, 0, taken))
			continue;
		if (v->need != NULL)
			tk_errx(TK_EXIT_USAGE, "%s", v->need);
		tk_errx(TK_EXIT_USAGE, "%s: needs --%.*s", verb_name(v),
		    (int)strcspn(key, "/"), key);
	}
}

/* The options, as given: only the verb says what they are. */
static int
collect(const struct getopt_tables *t, struct tk_args *g, int argc,
    char *argv[], struct given *gv)
{
	int ch, n = 0;

	while ((ch = getopt_long(argc, argv, t->shorts, t->longs, NULL)) != -1)
		if (!tk_opts_common(&g->o, ch, optarg, tk_verb_usage))
			gv[n++] = (struct given){ long_name(t, ch), optarg };
	return n;
}

static const struct tk_verb *
parse(const struct tk_cmd *c, struct tk_args *g, int argc, char *argv[])
{
	const struct tk_verb *v;
	struct getopt_tables t;		/* gv's names point into it */
	struct given *gv = tk_xmalloc(argc * sizeof(*gv));
	unsigned given = 0;
	char err[TK_ERRLEN];
	int i, n, used;

	cur = c;
	memset(g, 0, sizeof(*g));
	tk_opts_init(&g->o, c->name);
	check_table(c);
	build(c, &t);
	n = collect(&t, g, argc, argv, gv);
	v = find_verb(c, argv + optind, argc - optind, &used);
	g->argv = argv + optind + used;
	g->argc = argc - optind - used;
	if (g->argc < v->minargs || (v->maxargs != -1 && g->argc > v->maxargs))
		tk_verb_usage(TK_EXIT_USAGE);
	defaults(v, g);
	for (i = 0; i < n; i++)
		given |= take(v, g, &gv[i]);
	free(gv);
	need(v, given);
	if (v->flags & TK_VERB_FILES)
		tk_files_allowed(g->argv, g->argc);
	if (v->flags & TK_VERB_READS)
		tk_out_reader();
	/* The words an action checks are a usage error before it opens. */
	if (v->each != NULL && v->each->check != NULL &&
	    v->each->check(g, err) == -1)
		tk_errx(TK_EXIT_USAGE, "%s", err);
	if (v->check != NULL)
		v->check(g);
	return v;
}

/*
 * Through ticket-shell(1), only an administrator names files on the
 * server: the gate says so with TICKET_STDIN_ONLY, and everyone else
 * gives the lines on stdin ("-").
 */
void
tk_files_allowed(char *const *names, int n)
{
	const char *only = getenv("TICKET_STDIN_ONLY");
	int i;

	for (i = 0; only != NULL && *only != '\0' && i < n; i++)
		if (strcmp(names[i], "-") != 0)
			tk_errx(TK_EXIT_USAGE, "%s: files on the server are the "
			    "service's: give the lines on stdin", names[i]);
}

/* The actor acts: who is unknown, or may not, is a usage error. */
static void
act_init(struct tk_act *a, struct tk_db *db, const struct tk_args *g,
    const struct tk_verb *v)
{
	if (tk_act_init(a, db, g->o.actor, g->o.now) == -1 ||
	    (v->platform != NULL && tk_act_platform_only(a, v->platform) == -1))
		tk_errx(TK_EXIT_USAGE, "%s", a->err);
}

/*
 * The whole run of a command: its options, the verb, the database (a
 * copy in memory for a dry run), the verb on each ticket named or the
 * verb's own handler, and the exit status, a failed write to stdout
 * included.
 */
int
tk_verb_main(const struct tk_cmd *c, int argc, char *argv[])
{
	struct tk_args g;
	const struct tk_verb *v = parse(c, &g, argc, argv);
	struct tk_db *db = v->flags & TK_VERB_NODB ? NULL : g.dry_run ?
	    tk_db_open_copy(g.o.db) : tk_db_open(g.o.db);
	struct tk_act act, *a = NULL;
	int rval;

	if (v->each != NULL || v->flags & TK_VERB_ACT)
		act_init(a = &act, db, &g, v);
	if (v->each != NULL)
		rval = tk_each_ticket(a, g.argv, g.argc, v->each, &g) > 0 ?
		    TK_EXIT_PARTIAL : TK_EXIT_OK;
	else
		rval = v->run(db, a, &g);
	if (a != NULL)
		tk_act_free(a);
	tk_db_close(db);
	tk_args_free(&g);
	return tk_shut(rval);
}

void
tk_args_free(struct tk_args *g)
{
	tk_free_words(g->co);
	tk_free_words(g->cc);
	tk_rules_free(g->rules);
	free(g->set);		/* its words are argv's */
	g->set = NULL;
	g->co = g->cc = NULL;
	g->rules = NULL;
}
