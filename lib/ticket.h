/*
 * ticket.h: the public header of libticket, sectioned by source file:
 * what commands may call.  The statement API and the internals of
 * intake are in sql.h, which only the files that hold SQL include.
 *
 * Exported names are tk_<module>_<verb>.  Times inside the library are
 * seconds since the Unix epoch (int64_t); dates are days since 1970-01-01
 * in the platform's zone (int32_t).  Strings are UTF-8.
 */
#ifndef TICKET_H
#define TICKET_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <jansson.h>

#define TK_VERSION	"0.1.0"

/* Exit status, the same in every command (ticket(7) EXIT STATUS). */
enum {
	TK_EXIT_OK = 0,		/* all records done */
	TK_EXIT_PARTIAL = 1,	/* some records refused, the rest done */
	TK_EXIT_USAGE = 2,
	TK_EXIT_DATA = 3,	/* fatal data or state error */
	TK_EXIT_TEMP = 4	/* temporary failure: safe to retry */
};

/* err.c */
void	 tk_setprogname(const char *);
const char *tk_progname(void);
void	 tk_warnx(const char *, ...) __attribute__((format(printf, 1, 2)));
void	 tk_record(const char *, const char *, long, const char *, ...)
	    __attribute__((format(printf, 4, 5)));
#define tk_recerr(source, line, ...)	tk_record("", source, line, __VA_ARGS__)
#define tk_recwarn(source, line, ...) \
	tk_record("warning: ", source, line, __VA_ARGS__)
void	 tk_complain(const char *, long, const char *);
void	 tk_errx(int, const char *, ...)
	    __attribute__((noreturn, format(printf, 2, 3)));
void	 tk_err(int, const char *, ...)
	    __attribute__((noreturn, format(printf, 2, 3)));
void	 tk_on_fatal(void (*)(void));
void	*tk_xmalloc(size_t);
void	*tk_xrealloc(void *, size_t);
char	*tk_xstrdup(const char *);
char	*tk_xstrndup(const char *, size_t);
int	 tk_xasprintf(char **, const char *, ...)
	    __attribute__((format(printf, 2, 3)));

/* utf8.c */
int	 tk_utf8_check(const char *, size_t, size_t *);
size_t	 tk_utf8_width(const char *);
size_t	 tk_utf8_fit(const char *, size_t, size_t *);
size_t	 tk_utf8_decode(const char *, size_t, unsigned *);
const char *tk_utf8_shown(const char *);
char	*tk_trim(char *);
int	 tk_trimmed(const char *, size_t);

/* time.c */
typedef int64_t tk_time;

struct tk_civil {
	int	year, month, day;
	int	hour, min, sec;
};

int64_t	 tk_floordiv(int64_t, int64_t);
int32_t	 tk_days_from_civil(int, int, int);
void	 tk_civil_from_days(int32_t, int *, int *, int *);
int	 tk_weekday(int32_t);			/* 0 Sunday .. 6 Saturday */
int	 tk_time_parse(const char *, tk_time *);
int	 tk_time_parse_local(const char *, const char *, tk_time *);
int	 tk_date_parse(const char *, int32_t *);
int	 tk_zone_parse(const char *, int *);
void	 tk_zone_set(int);
int	 tk_zone_get(void);
#define TK_TIME_LEN	26
char	*tk_time_format(tk_time, char[TK_TIME_LEN]);
#define TK_DATE_LEN	11
char	*tk_date_format(int32_t, char[TK_DATE_LEN]);
int32_t	 tk_time_localdate(tk_time);
tk_time	 tk_time_from_local(int32_t, int);

/* conf.c: key = value settings, defaults built in */
int	 tk_conf_load(const char *, int);
const char *tk_conf_get(const char *);
long	 tk_conf_long(const char *);

/* opts.c: the options every command shares */
struct tk_opts {
	const char	*db;
	const char	*actor;
	tk_time		 now;
	int		 now_given;
};

#define TK_COMMON_SHORTOPTS	"A:d:hN:V"
#define TK_COMMON_LONGOPTS \
	{ "actor",	required_argument,	NULL,	'A' }, \
	{ "db",		required_argument,	NULL,	'd' }, \
	{ "help",	no_argument,		NULL,	'h' }, \
	{ "now",	required_argument,	NULL,	'N' }, \
	{ "version",	no_argument,		NULL,	'V' }

void	 tk_opts_init(struct tk_opts *, const char *);
int	 tk_opts_common(struct tk_opts *, int, const char *, void (*)(int));

/*
 * verb.c: one table shape for every command's verbs, and the parsers of
 * flag values.  A command declares its verbs (struct tk_verb) and the
 * letters of its options; the options themselves, with their kinds and
 * the field of struct tk_args each fills, are one table in verb.c.
 */
struct tk_act;
struct tk_db;
struct tk_enum;
struct tk_rules;

#define TK_NO_DAY	INT32_MIN	/* a day option not given */

/*
 * Everything the command line says, parsed.  An option not given leaves
 * its field NULL or 0, a time -1, a day TK_NO_DAY, unless verb.c gives
 * it a default.  Words of a closed vocabulary point into its table.
 */
struct tk_args {
	struct tk_opts	 o;		/* the options every command shares */
	char		**argv;		/* the words after the verb */
	int		 argc;

	/* Actions on orders: ticket-route, -reply, -sla, -callback. */
	const char	*unit;		/* the order acted on, by its unit */
	const char	*lead;
	char		**co, **cc;	/* split at commas */
	const char	*kb, *text, *opinion, *leader;
	const char	*reason, *basis, *approver, *to, *deny;
	int		 approve;
	tk_time		 due;
	long		 days;
	const char	*explained;
	const char	*handler, *phone, *contact, *outcome, *told;
	const char	*method, *note;	/* a contact with the citizen */
	const char	*bounce;	/* a review's reason */
	const char	*result, *resolved;	/* a callback */
	int		 reopen;
	int		 refused;	/* callback close: the caller refused */
	struct tk_rules	*rules;		/* for auto, loaded once a run */
	json_t		*by;		/* the routing rule followed, or NULL */

	/* What to look at, over which period, and how to print it. */
	const char	*category;	/* a word of tk_categories */
	const char	*topic, *area, *month, *parent, *flag, *status;
	const char	*explain, *figure, *columns;	/* ticket-report */
	const char	*level;		/* a unit level, "1" to "3" */
	const char	*card;		/* yellow or red */
	const char	*since, *until;	/* ticket-ls: a time or a date */
	const char	*sort;		/* ticket-ls: a word of tk_sorts */
	int		 reverse;
	tk_time		 start;		/* ticket-sla due --from */
	int32_t		 from_day, to_day, since_day, before_day;
	long		 year, limit, seed, older_days;
	tk_time		 older;		/* a duration, in seconds */
	double		 rate;
	int		 format;	/* index in the verb's formats */
	int		 urgent, dry_run, replace, all, per_unit;
	int		 overdue, supervision, grant, refuse;
	const char	*archive, *out;
	long		 attachment;	/* ticket-ls: its number, from 1 */
	int		 public;	/* an attachment may be published */
	const char	*head;		/* ticket-archive verify --head */

	/* Accounts: ticket-account. */
	const char	*role, *name, *key, *authkeys;

	/* Queues and search: ticket-ls. */
	int		 todo, duplicates;
	const char	*queue;		/* a word of tk_queues */

	/* Backups: ticket-admin. */
	const char	*from_dir, *to_dir;
	long		 keep;
	int		 force;

	/* Keeping a ticket right: ticket-route correct, merge, reassign. */
	char		**set;		/* FIELD=VALUE, each --set given */
	const char	*into;		/* the master of a merge */
	int		 penalty;	/* a withdrawal counts against the unit */
};

enum {
	TK_VERB_ACT = 1,	/* acts as --actor: struct tk_act made for it */
	TK_VERB_NODB = 2,	/* opens its databases itself */
	TK_VERB_DEFAULT = 4,	/* taken when no word names a verb */
	TK_VERB_FILES = 8,	/* its words name files to read */
	TK_VERB_READS = 16	/* it changes nothing: a reader gone ends it */
};
typedef int (*tk_verb_fn)(struct tk_db *, struct tk_act *, struct tk_args *);
struct tk_verb {
	const char	*word;		/* "rules import": words in turn */
	tk_verb_fn	 run;		/* the verb, or NULL for each */
	const struct tk_action *each;	/* its action on each ticket */
	const char	*takes;		/* option keys, space-separated */
	const char	*needs;		/* those it cannot do without */
	int		 minargs, maxargs;	/* words after it; -1 any */
	int		 flags;		/* TK_VERB_* */
	const char	*platform;	/* "only the platform may ..." */
	const char	*formats;	/* --format's words; the first default */
	void		(*check)(struct tk_args *);	/* before opening */
	const char	*need;		/* the message for a need missing */
};
struct tk_cmd {
	const char	*name;
	const char	*usage;		/* the man page's SYNOPSIS */
	const char	*letters;	/* "a area, b basis": short options */
	const struct tk_verb *verbs;	/* ended by one with no handler */
};

int	 tk_verb_main(const struct tk_cmd *, int, char *[]);
/* A command whose verbs are all it has: its table, and main() to run it. */
#define TK_VERB_MAIN(name, usage, letters, verbs)			\
	static const struct tk_cmd tk_cmd = { name, usage, letters, verbs }; \
	int main(int argc, char *argv[])				\
	{								\
		return tk_verb_main(&tk_cmd, argc, argv);		\
	}
void	 tk_files_allowed(char *const *, int);
void	 tk_verb_usage(int) __attribute__((noreturn));
void	 tk_args_free(struct tk_args *);
long	 tk_flag_long(const char *, const char *, long, long, const char *);
double	 tk_flag_real(const char *, const char *, double, double,
	    const char *);
tk_time	 tk_flag_time(const char *, const char *, const char *);
int32_t	 tk_flag_date(const char *, const char *, const char *);
tk_time	 tk_flag_duration(const char *, const char *, long, const char *);
enum { TK_SAY_BARE, TK_SAY_EXPECTED, TK_SAY_UNKNOWN };
int	 tk_flag_word(const char *, const char *, const struct tk_enum *, int);
char	*tk_enum_list(const struct tk_enum *, char *, size_t);

/* jsonl.c: lines in, JSON lines out */
enum { TK_LINE_OK = 1, TK_LINE_EOF = 0, TK_LINE_LONG = -1,
	TK_LINE_ERROR = -2 };
struct tk_lines;
struct tk_lines *tk_lines_open(const char *);
struct tk_lines *tk_lines_open_mem(const char *, const char *, size_t);
void	 tk_lines_close(struct tk_lines *);
int	 tk_lines_next(struct tk_lines *, char **, size_t *);
long	 tk_lines_lineno(const struct tk_lines *);
const char *tk_lines_source(const struct tk_lines *);
int	 tk_lines_would_block(const struct tk_lines *);
void	 tk_lines_set_limit(size_t);

void	 tk_out_json(json_t *);
void	 tk_out_text(const char *);
void	 tk_out_flush(void);
void	 tk_out_reader(void);
int	 tk_shut(int);

/* reader.c: intake records from JSON lines or CSV, files or stdin */
struct tk_pair {
	const char	*key;
	const char	*value;
};
struct tk_reader;
struct tk_reader *tk_reader_open(char **, int, int);
void	 tk_reader_map(struct tk_reader *, const struct tk_pair *, size_t);
void	 tk_reader_set(struct tk_reader *, const struct tk_pair *, size_t);
enum { TK_READ_END, TK_READ_REC, TK_READ_BAD };
int	 tk_reader_read(struct tk_reader *, json_t **);
const char *tk_reader_next_id(struct tk_reader *, char *, size_t);
long	 tk_reader_refused(const struct tk_reader *);
void	 tk_reader_complain(const struct tk_reader *);
const char *tk_reader_why(const struct tk_reader *);
const char *tk_reader_source(const struct tk_reader *);
long	 tk_reader_line(const struct tk_reader *);
int	 tk_reader_would_block(const struct tk_reader *);
void	 tk_reader_close(struct tk_reader *);

/* csv.c */
struct tk_csv;
struct tk_csv *tk_csv_open(struct tk_lines *);
int	 tk_csv_next(struct tk_csv *, char ***, size_t *, long *,
	    const char **);
void	 tk_csv_close(struct tk_csv *);
void	 tk_csv_write_row(FILE *, const char *const *, size_t);

/* json.c: dotted paths in jansson objects; setters that cannot fail */
json_t	*tk_json_path(json_t *, const char *);
int	 tk_json_set_path(json_t *, const char *, json_t *);
const char *tk_json_str(json_t *, const char *);
json_t	*tk_json_from_pairs(const struct tk_pair *, size_t);
const char *tk_json_defaults(json_t *, const struct tk_pair *, size_t);
void	 tk_jset(json_t *, const char *, json_t *);
void	 tk_jshare(json_t *, const char *, json_t *);
void	 tk_jpush(json_t *, json_t *);
void	 tk_jpush_share(json_t *, json_t *);
void	 tk_jmerge(json_t *, json_t *);
void	 tk_jappend(json_t *, json_t *);

/* db.c: the only file that calls sqlite3 */
struct tk_db;
struct tk_db;
struct tk_db *tk_db_open(const char *);
struct tk_db *tk_db_open_copy(const char *);
void	 tk_db_close(struct tk_db *);
const char *tk_db_path(const struct tk_db *);
void	 tk_db_begin(struct tk_db *);
void	 tk_db_commit(struct tk_db *);
unsigned long tk_db_sync_mark(struct tk_db *);
void	 tk_db_settle(struct tk_db *, unsigned long);
int	 tk_db_settled(struct tk_db *, unsigned long);
void	 tk_db_rollback(struct tk_db *);
struct tk_db *tk_db_open_bulk(const char *);

/* ticket.c: the ticket model, pure */
int	 tk_ticket_id_valid(const char *);
enum tk_category {
	TK_CAT_CONSULTATION, TK_CAT_HELP, TK_CAT_SUGGESTION, TK_CAT_COMPLAINT,
	TK_CAT_REPORT, TK_NCATEGORIES
};

struct tk_enum {
	const char	*word;
	const char	*label;		/* Chinese, for people */
};

extern const struct tk_enum tk_categories[];
extern const struct tk_enum tk_channels[];
extern const struct tk_enum tk_statuses[];
extern const struct tk_enum tk_reject_reasons[];
extern const struct tk_enum tk_facts[];	/* the six elements, 六要素 */
int	 tk_enum_find(const struct tk_enum *, const char *);
const char *tk_enum_label(const struct tk_enum *, const char *);
int	 tk_status_is_open(const char *);
const char *tk_open_statuses(void);

#define TK_ERRLEN	512
int	 tk_ticket_normalize(json_t *, const char *, tk_time, json_t **,
	    tk_time *, char[TK_ERRLEN]);
int	 tk_ticket_soft_missing(json_t *, char[TK_ERRLEN]);
int	 tk_ticket_differs(json_t *, json_t *, char[TK_ERRLEN]);
/* --map-value FIELD:FROM=TO: an export's own codes for our values */
struct tk_value_map {
	const char	*field;		/* static */
	char		*from, *to;
};
int	 tk_value_map_parse(const char *, struct tk_value_map *,
	    char[TK_ERRLEN]);
void	 tk_value_map_free(struct tk_value_map *);
void	 tk_value_map_apply(json_t *, const struct tk_value_map *, size_t);
int	 tk_ticket_reserved(const char *);

/* screen.c: emergency screening */
struct tk_screen;
struct tk_screen_hit {
	const char	*number;
	const char	*keyword;
	const char	*near;		/* the word that said "now", or NULL */
	const char	*source;
	long		 line;
};
struct tk_screen *tk_screen_load(const char *);
int	 tk_screen_number_ok(const char *);
int	 tk_screen_transferable(const char *);
void	 tk_screen_free(struct tk_screen *);
int	 tk_screen_match(const struct tk_screen *, json_t *,
	    struct tk_screen_hit *);

/* admin.c: the administrator's CSV files */
struct tk_column {
	const char	*name;
	int		 required;
};
struct tk_admin_row {
	const char	**cells;	/* in the order of the columns given */
	const char	*source;
	long		 line;
};
typedef int (*tk_admin_cb)(const struct tk_admin_row *, void *);
long	 tk_admin_read(struct tk_lines *, const struct tk_column *,
	    tk_admin_cb, void *);
char	**tk_split_words(const char *);
void	 tk_free_words(char **);

/* unit.c: the network of units */
#define TK_CODE_MAX	32		/* bytes of a unit code */
struct tk_unit {
	char		 code[TK_CODE_MAX + 1];
	char		*name;
	int		 level;		/* 1 platform, 2, 3 */
	char		 parent[TK_CODE_MAX + 1];	/* "" for none */
	char		*kind;
	char		*phone;		/* NULL for none */
	int		 active;
	tk_time		 updated_at;
};
struct tk_unit_kind {
	const char	*word;
	const char	*label;		/* Chinese, for people */
	int		 levels;	/* bit 1 << level for each it fits */
};
struct tk_unit_filter {
	int		 level;		/* 0 for any */
	const char	*parent;	/* NULL for any */
	int		 all;		/* inactive units too */
};
typedef int (*tk_unit_cb)(const struct tk_unit *, void *);
extern const struct tk_unit_kind tk_unit_kinds[];
const struct tk_unit_kind *tk_unit_kind(const char *);
int	 tk_unit_code_ok(const char *);
int	 tk_unit_get(struct tk_db *, const char *, struct tk_unit *);
void	 tk_unit_clear(struct tk_unit *);
int	 tk_unit_is_under(struct tk_db *, const char *, const char *);
const char *tk_unit_platform(struct tk_db *);
int	 tk_unit_each(struct tk_db *, const struct tk_unit_filter *,
	    tk_unit_cb, void *);
json_t	*tk_unit_json(const struct tk_unit *);
json_t	*tk_unit_children(struct tk_db *, const char *);
json_t	*tk_unit_work(struct tk_db *, const char *);

/* unit-import.c: the units file into the database, whole or not at all */
json_t	*tk_unit_import(struct tk_db *, struct tk_lines *, tk_time);

/* kb.c: the knowledge base */
#define TK_KB_NO_END	INT32_MAX	/* valid_until of an entry without end */
struct tk_kb_entry {
	char		*id;
	char		*title;
	char		**keywords;	/* NULL-terminated */
	char		*answer;
	char		*source;	/* NULL when none */
	int32_t		 valid_until;	/* a day, valid through it */
	long		 score;		/* from tk_kb_search, else 0 */
	long		 line;		/* in the import file, else 0 */
};
struct tk_kb_list {
	struct tk_kb_entry *v;
	size_t		 n;
};
long	 tk_kb_read(struct tk_lines *, struct tk_kb_list *);
json_t	*tk_kb_store(struct tk_db *, const struct tk_kb_list *, int, tk_time);
int	 tk_kb_get(struct tk_db *, const char *, int32_t, struct tk_kb_entry *);
void	 tk_kb_search(struct tk_db *, const char *, int32_t, size_t,
	    struct tk_kb_list *);
json_t	*tk_kb_json(const struct tk_kb_entry *);
void	 tk_kb_clear(struct tk_kb_entry *);
void	 tk_kb_list_free(struct tk_kb_list *);

/* event.c: the kinds of event in the log, one name table */
enum tk_event_kind {
	TK_EV_INTAKE, TK_EV_UNROUTED, TK_EV_PROPOSE, TK_EV_ANSWER, TK_EV_DIRECT,
	TK_EV_ESCALATE, TK_EV_INSTRUCT, TK_EV_DISPATCH, TK_EV_REDISPATCH,
	TK_EV_SUBDISPATCH, TK_EV_SIGN, TK_EV_ACCEPTED, TK_EV_RETURN,
	TK_EV_RETURN_APPROVED, TK_EV_RETURN_DENIED, TK_EV_CONTACT,
	TK_EV_REPLY, TK_EV_BOUNCE, TK_EV_APPROVE, TK_EV_REPLIED,
	TK_EV_EXTENSION_ASKED, TK_EV_EXTENSION_APPROVED,
	TK_EV_EXTENSION_DENIED, TK_EV_DUE_MOVED, TK_EV_CARD, TK_EV_FLAG,
	TK_EV_SURVEY, TK_EV_CALLBACK, TK_EV_REOPEN, TK_EV_CLOSE,
	TK_EV_ARCHIVE,
	/* keeping a ticket right (ticket-route(1)) */
	TK_EV_CORRECT, TK_EV_MERGE, TK_EV_SPLIT, TK_EV_WITHDRAW, TK_EV_ADD,
	TK_EV_NOTE,
	/* a suspected emergency decided (screen-act.c) */
	TK_EV_EMERGENCY_REDIRECT, TK_EV_EMERGENCY_CLEAR,
	TK_EV_ATTACH, TK_EV_ATTACH_PUBLIC,
	/* the audit log's: the platform itself changed */
	TK_EV_UNIT_IMPORT, TK_EV_RULES_IMPORT, TK_EV_KB_IMPORT,
	TK_EV_CALENDAR_IMPORT, TK_EV_ARCHIVE_IMPORT, TK_EV_ERASE,
	TK_EV_ACCOUNT, TK_EV_NKINDS
};
extern const struct tk_enum tk_event_kinds[];
const char *tk_event_word(enum tk_event_kind);
enum tk_event_kind tk_event_kind(const char *);

/* shellwords.c: a command line split into words, no shell (ticket-shell(1)) */
char	**tk_shellwords(const char *, char[TK_ERRLEN]);

/* session.c: many commands over one session's input (ticket-shell(1)) */
typedef void	(*tk_session_check)(void *);
typedef void	(*tk_session_run)(void *, char *) __attribute__((noreturn));
int	tk_session_serve(int, int, tk_session_check, tk_session_run, void *);

/* account.c, account-key.c, account-perm.c: who may come in and do what
 * (ticket-account(1), ticket-shell(1)) */
enum tk_role {
	TK_ROLE_ADMIN, TK_ROLE_AGENT, TK_ROLE_SUPERVISOR, TK_ROLE_READER,
	TK_ROLE_CLERK, TK_ROLE_UNIT_READER, TK_NROLES
};
struct tk_role_name {
	const char	*word;		/* as stored; "reader" twice */
	const char	*label;		/* Chinese, for people */
	int		 platform;	/* 1 a level-1 unit's, 0 a level 2 or 3 */
};
extern const struct tk_role_name tk_roles[];
int	 tk_role_find(const char *, int);

#define TK_LOGIN_MAX	32		/* bytes of a login */
struct tk_account {
	char		 login[TK_LOGIN_MAX + 1];
	char		 unit[TK_CODE_MAX + 1];
	int		 level;		/* of the unit */
	int		 role;		/* enum tk_role, -1 unfit for the level */
	char		*name;		/* NULL for none */
	tk_time		 created_at;
	tk_time		 revoked_at;	/* 0 while active */
};
typedef int (*tk_account_cb)(const struct tk_account *, void *);
int	 tk_login_ok(const char *);
int	 tk_account_get(struct tk_db *, const char *, struct tk_account *);
void	 tk_account_clear(struct tk_account *);
int	 tk_account_check(struct tk_db *, const char *, const char *,
	    int *, char[TK_ERRLEN]);
int	 tk_account_add(struct tk_db *, const char *, const char *, int,
	    const char *, tk_time, char[TK_ERRLEN]);
int	 tk_account_set_role(struct tk_db *, const char *, const char *,
	    char[TK_ERRLEN]);
int	 tk_account_revoke(struct tk_db *, const char *, tk_time,
	    char[TK_ERRLEN]);
int	 tk_account_each(struct tk_db *, const char *, tk_account_cb, void *);
char	*tk_account_actor(const struct tk_account *);
json_t	*tk_account_json(struct tk_db *, const struct tk_account *);

#define TK_FP_LEN	51		/* "SHA256:", 43 base64 digits, NUL */
int	 tk_key_parse(const char *, char **, char[TK_FP_LEN],
	    char[TK_ERRLEN]);
int	 tk_key_add(struct tk_db *, const char *, const char *, tk_time,
	    char[TK_ERRLEN]);
int	 tk_key_rm(struct tk_db *, const char *, const char *,
	    char[TK_ERRLEN]);
int	 tk_key_of(struct tk_db *, const char *, const char *);
json_t	*tk_key_list(struct tk_db *, const char *);
int	 tk_key_write_authorized(struct tk_db *, const char *, const char *,
	    const char *, char[TK_ERRLEN]);

#define TK_PERM_DEFAULT	1		/* the verb may be left out */
struct tk_perm {
	const char	*command;
	const char	*verb;		/* "" none; "rules import": two words */
	unsigned	 roles;		/* bits 1u << enum tk_role */
	int		 flags;
};
extern const struct tk_perm tk_perms[];	/* ends with a NULL command */
const struct tk_perm *tk_perm_find(char *const *, int *, char[TK_ERRLEN]);
int	 tk_perm_allows(const struct tk_perm *, int);
json_t	*tk_perm_of_role(int);

/* self.c: this program's own directory */
char	*tk_self_sibling(const char *);

/* store.c: tickets and events in the database */
/* Text borrowed with its length; s is NULL when there is none. */
struct tk_text {
	const char	*s;
	size_t		 n;
};

struct tk_row {
	const char	*id;
	json_t		*doc;
	char		*text;		/* doc as stored, compact */
	size_t		 len;
	tk_time		 received;
	tk_time		 at;
	const char	*status;
	const char	*duplicate_of;
	/* doc's columns (tk_row_columns), read on intake's reading core:
	 * the storing core, the slower, never looks into doc for them */
	struct tk_text	 source_id, channel, category, topic, area, phone;
	int		 urgent;
	int		 callable;	/* a phone, and not anonymous */
};

struct tk_event {
	const char	*ticket;
	tk_time		 at;
	const char	*actor;
	enum tk_event_kind kind;
	const char	*unit;
	const char	*before;
	const char	*after;
	json_t		*data;		/* borrowed, may be NULL */
};

/* The orders of a listing, by receipt, last change, or nearest due. */
enum tk_sort { TK_SORT_RECEIVED, TK_SORT_UPDATED, TK_SORT_DUE, TK_NSORTS };
extern const struct tk_enum tk_sorts[];

struct tk_filter {
	const char	*statuses;	/* a JSON array of words, or NULL */
	const char	*category;
	const char	*unit;
	tk_time		 since, until;	/* [since, until) */
	const char	*card;		/* an order was given this card */
	const char	*flag;		/* an order was flagged this kind */
	int		 overdue;	/* a live order is past due at now */
	int		 supervision;	/* on the supervision list at now */
	tk_time		 now;
	tk_time		 near;		/* supervision: due by this is near */
	const char	*viewer;	/* a unit seeing its own, or NULL */
	enum tk_sort	 sort;
	int		 reverse;	/* newest, or latest due, first */
	long		 limit;		/* tickets at most; 0 all */
	const char	*queue;		/* a word of tk_queues, or NULL */
	const char	*text;		/* an FTS5 query (tk_search_query) */
	int		 ranked;	/* best match first, not by sort */
	const char	*phone;		/* a caller's tickets */
};
typedef int (*tk_ticket_cb)(json_t *, void *);

int	 tk_store_find_source(struct tk_db *, const char *, char **);
char	*tk_store_new_id(struct tk_db *, tk_time);
void	 tk_row_columns(struct tk_row *);
int	 tk_store_insert(struct tk_db *, const struct tk_row *);
int	 tk_store_event(struct tk_db *, const struct tk_event *);
void	 tk_store_audit(struct tk_db *, const char *, tk_time,
	    enum tk_event_kind, json_t *);
void	 tk_store_audit_import(struct tk_db *, const struct tk_args *,
	    enum tk_event_kind, const char *, json_t *);
int	 tk_store_import_end(struct tk_db *, const struct tk_args *,
	    enum tk_event_kind, json_t *, const char *);
struct tk_history {
	char		 open[64];	/* the open ticket this call repeats */
	char		 replied[64];	/* a ticket replied to lately */
};
void	 tk_store_history(struct tk_db *, const struct tk_row *, tk_time,
	    tk_time, struct tk_history *);
char	*tk_store_line(const struct tk_row *);
enum { TK_LOAD_ASSIGNMENTS = 1, TK_LOAD_EVENTS = 2, TK_LOAD_ALL = 3 };
json_t	*tk_store_load(struct tk_db *, const char *, int);
char	*tk_store_load_line(struct tk_db *, const char *, int);
int	 tk_store_lead(struct tk_db *, const char *, char **, tk_time *);
int	 tk_store_part(struct tk_db *, const char *, const char *);
int	 tk_store_view(struct tk_db *, json_t *, const char *);
int	 tk_store_each(struct tk_db *, const struct tk_filter *, tk_ticket_cb,
	    void *);

/* queue.c: work queues, a unit's (--todo) and the platform's (--queue) */
enum tk_queue {
	TK_Q_REVIEW, TK_Q_RETURNS, TK_Q_EXTENSIONS, TK_Q_ESCALATED,
	TK_Q_UNROUTED, TK_Q_CALLBACKS, TK_Q_DUPLICATES, TK_Q_SUSPECT,
	TK_NQUEUES
};
extern const struct tk_enum tk_queues[];
enum tk_queue_step {
	TK_STEP_SIGN, TK_STEP_CONTACT, TK_STEP_REPLY, TK_STEP_BOUNCED,
	TK_STEP_REOPENED, TK_NSTEPS
};
extern const struct tk_enum tk_queue_steps[];
struct tk_queue_row {			/* an order in a unit's queue */
	const char	*ticket, *unit;
	enum tk_queue_step step;
	tk_time		 due;		/* when the step is due, or -1 */
	const char	*category, *area, *what;	/* of its ticket, or */
	const char	*line;		/* the ticket as JSON with "todo", if asked */
};
typedef int (*tk_queue_cb)(const struct tk_queue_row *, void *);
void	 tk_queue_unit(struct tk_db *, const char *, long, int, int,
	    tk_queue_cb, void *);

/* search.c: full-text search (the index is the store's) */
char	*tk_search_query(const char *);
void	 tk_search_rebuild(struct tk_db *);

/* batch.c: records written in batches, printed after commit */
struct tk_batch;
struct tk_batch *tk_batch_new(struct tk_db *, int);
void	 tk_batch_whole(struct tk_batch *);
void	 tk_batch_record(struct tk_batch *);
void	 tk_batch_keep(struct tk_batch *, json_t *);
void	 tk_batch_keep_line(struct tk_batch *, char *);
void	 tk_batch_drop(struct tk_batch *);
void	 tk_batch_flush(struct tk_batch *);
void	 tk_batch_free(struct tk_batch *);

/* intake.c: one record in, one ticket stored */
struct tk_intake {
	struct tk_db		*db;
	struct tk_screen	*screen;
	const char		*timefmt;
	const char		*actor;
	tk_time			 now;
	const struct tk_value_map *maps;	/* --map-value */
	size_t			 nmaps;
	int			 dry_run;	/* attachments not kept */
};
void	 tk_intake_stream(const struct tk_intake *, struct tk_batch *,
	    struct tk_reader *, void (*)(void *, int), void *);
int	 tk_intake_one(const struct tk_intake *, struct tk_batch *, json_t *,
	    const char *, long);


/* calendar.c: working days of the official calendar */
struct tk_calendar;
struct tk_calday {
	int32_t		 day;
	int		 workday;	/* 0 day off, 1 working day */
	char		*name;
};
struct tk_calendar *tk_calendar_load(struct tk_db *);
void	 tk_calendar_free(struct tk_calendar *);
int	 tk_calendar_is_workday(struct tk_calendar *, int32_t);
int32_t	 tk_calendar_add(struct tk_calendar *, int32_t, int);
long	 tk_calendar_count(struct tk_calendar *, int32_t, int32_t);
int	 tk_calendar_covered(struct tk_calendar *, int32_t, int32_t);
int	 tk_calendar_year(int32_t);
size_t	 tk_calendar_list(const struct tk_calendar *, int32_t, int32_t,
	    const struct tk_calday **);

/* calendar-import.c: calendar files into the database */
json_t	*tk_calendar_import(struct tk_db *, const char *, const char *,
	    size_t, tk_time);
void	 tk_calendar_ship(struct tk_db *);
extern const char tk_calendar_shipped[];	/* calendar-data.c */

/* sla.c: deadlines in working days (ticket-sla(1)) */
#define TK_SLA_MAXDAYS	1000	/* a limit or extension, at most */
#define TK_SLA_WINDOW_DAYS	1	/* to sign or return an order */
#define TK_SLA_EXTEND_AHEAD	1	/* working days an extension is asked
					   before the due date, at least */
struct tk_sla {
	struct tk_calendar *cal;
	int		 limit[TK_NCATEGORIES];
	int		 contact;
};
void	 tk_sla_init(struct tk_sla *, struct tk_calendar *);
int	 tk_sla_limit(const struct tk_sla *, const char *);
tk_time	 tk_sla_deadline(struct tk_calendar *, tk_time, int);
int	 tk_sla_due(const struct tk_sla *, tk_time, const char *, int,
	    tk_time *);
tk_time	 tk_sla_window_closes(struct tk_calendar *, tk_time);
tk_time	 tk_sla_extension_closes(struct tk_calendar *, tk_time);

/* act.c: the frame every action on a ticket runs in */
struct tk_act {
	struct tk_db	*db;
	const char	*actor;
	char		 unit[64];	/* the acting unit's code */
	int		 platform;	/* it acts for the platform */
	int		 active;
	int		 clock_at_sign;	/* clock_start = sign */
	tk_time		 now;
	struct tk_calendar *cal;
	struct tk_sla	 sla;
	char		 err[TK_ERRLEN];	/* why an action was refused */
};
/* order.c: an order's statuses and the moves between them */
enum tk_order_status {
	TK_OS_DISPATCHED, TK_OS_SIGNED, TK_OS_RETURNING, TK_OS_RETURNED,
	TK_OS_REPLIED, TK_OS_APPROVED, TK_OS_COPIED, TK_OS_WITHDRAWN,
	TK_OS_NSTATUSES
};
enum tk_order_verb {
	TK_OV_SIGN, TK_OV_RETURN, TK_OV_APPROVE_RETURN, TK_OV_DENY_RETURN,
	TK_OV_SUBDISPATCH, TK_OV_EXTEND, TK_OV_CONTACT, TK_OV_REPLY,
	TK_OV_APPROVE, TK_OV_BOUNCE, TK_OV_REOPEN, TK_OV_WITHDRAW
};
/* The live orders, as tk_order_live() says it, for SQL. */
#define TK_ORDER_LIVE_SQL	"status IN (@dispatched, @signed, @returning)"
extern const struct tk_enum tk_order_statuses[];

struct tk_order {			/* an assignment: a unit's order */
	int64_t	 id;
	char	 unit[64];
	char	 role[8];
	enum tk_order_status status;
	int64_t	 parent;		/* the order's row id, 0 for none */
	tk_time	 dispatched_at, due_at, signed_at;	/* 0: not yet */
	tk_time	 contact_due_at, contacted_at;
	int	 limit_days, extended_days, bounces;
};
struct tk_tick {			/* a ticket as actions see it */
	char	 id[64];
	char	 status[16];
	char	 category[16];
	int	 urgent;
	char	 suspect[8];		/* a suspected emergency's number */
	json_t	*extra;
	struct tk_order order;		/* the order acted on, once found */
};
int	 tk_act_init(struct tk_act *, struct tk_db *, const char *, tk_time);
void	 tk_act_free(struct tk_act *);
int	 tk_act_refuse(struct tk_act *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
int	 tk_act_platform_only(struct tk_act *, const char *);
int	 tk_act_load(struct tk_act *, const char *, struct tk_tick *);
void	 tk_act_unload(struct tk_tick *);
int	 tk_act_may_start(struct tk_act *, const struct tk_tick *,
	    const char *);
void	 tk_act_event(struct tk_act *, const char *, enum tk_event_kind,
	    const char *, const char *, const char *, json_t *);
void	 tk_act_update(struct tk_act *, struct tk_tick *, const char *,
	    const char *, int);
void	 tk_act_move(struct tk_act *, struct tk_tick *, enum tk_event_kind,
	    const char *, const char *, int, json_t *);
int	 tk_act_is_child(struct tk_act *, const char *);
int	 tk_act_own_order(struct tk_act *, struct tk_tick *, const char *);
int	 tk_act_flag(struct tk_act *, int64_t, const char *, const char *,
	    json_t *);
/*
 * An action verb: who may (the platform's alone, or the units'), the
 * ticket statuses it starts from (a row of act.c's starts[]), the words
 * given checked before anything is read, further guards, and the
 * writes.  Commands' verb tables point at these.
 */
typedef int (*tk_act_fn)(struct tk_act *, struct tk_tick *,
	    struct tk_args *);
struct tk_action {
	const char	*platform;	/* what only the platform may, or NULL */
	const char	*start;		/* NULL: any status */
	int		(*check)(const struct tk_args *, char[TK_ERRLEN]);
	tk_act_fn	 may;		/* NULL: nothing more to check */
	tk_act_fn	 apply;
};
int	 tk_act_on(struct tk_act *, const char *, struct tk_args *,
	    const struct tk_action *);

/* dispatch.c: from intake to a unit's signature */
extern const struct tk_action tk_act_dispatch, tk_act_answer, tk_act_direct,
	    tk_act_escalate, tk_act_propose_direct, tk_act_instruct,
	    tk_act_sign, tk_act_return, tk_act_review_return,
	    tk_act_subdispatch;
int	 tk_dispatch_units(struct tk_act *, const char *const *);
int	 tk_dispatch_distinct(struct tk_act *, const char *const *,
	    const char *const *, const char *const *);
int	 tk_dispatch_not_holding(struct tk_act *, const struct tk_tick *,
	    const char *);
tk_time	 tk_dispatch_due(struct tk_act *, const struct tk_tick *);

/*
 * correct.c, merge.c, reassign.c, note.c: keeping a ticket right
 * (ticket-route(1)): correction (更正), merge (并单) and split (拆分),
 * withdrawal (撤回), reassignment (改派), units added after dispatch,
 * and notes (备注).
 */
extern const char *const tk_correct_fields[];
extern const struct tk_action tk_act_correct, tk_act_merge, tk_act_split,
	    tk_act_withdraw, tk_act_reassign, tk_act_add, tk_act_note;
void	 tk_merge_follow(struct tk_act *, const struct tk_tick *,
	    enum tk_event_kind, json_t *);

/* order.c: the order's state machine, and every write to the orders */
int	 tk_order_live(enum tk_order_status);
const char *tk_order_word(enum tk_order_status);
int	 tk_order_may(struct tk_act *, const struct tk_order *,
	    enum tk_order_verb);
void	 tk_order_move(struct tk_act *, const struct tk_tick *,
	    struct tk_order *, enum tk_order_verb, json_t *);
int64_t	 tk_order_new(struct tk_act *, const struct tk_tick *, const char *,
	    const char *, int64_t, tk_time);
int	 tk_order_find(struct tk_act *, const char *, const char *,
	    struct tk_order *);
int	 tk_order_first(struct tk_act *, const char *, enum tk_order_status,
	    const char *, struct tk_order *);
int64_t	 tk_order_lead(struct tk_db *, const char *, char[64]);
void	 tk_order_set_deadlines(struct tk_act *, const struct tk_order *,
	    tk_time, tk_time);
void	 tk_order_extend(struct tk_act *, const struct tk_order *, int,
	    tk_time);
json_t	*tk_order_move_subs(struct tk_act *, const struct tk_order *,
	    tk_time);
void	 tk_order_count_reply(struct tk_act *, const struct tk_order *, int);
void	 tk_order_contacted(struct tk_act *, const struct tk_order *);
int	 tk_order_reopened(struct tk_act *, const struct tk_order *, tk_time);
void	 tk_order_card(struct tk_act *, int64_t, const char *);
void	 tk_order_accept(struct tk_act *, int64_t, tk_time);
int	 tk_order_top(struct tk_act *, const char *, const char *,
	    struct tk_order *);
json_t	*tk_order_withdraw(struct tk_act *, const struct tk_tick *, int64_t,
	    json_t *);
void	 tk_order_redue(struct tk_act *, const struct tk_order *, tk_time,
	    int);

/* each.c: an action over ticket numbers from arguments or stdin */
enum {
	TK_ACT_REFUSED = -1,	/* nothing written; act->err says why */
	TK_ACT_DONE = 0,
	TK_ACT_KEPT = 1		/* refused, but what it records stays */
};
long	 tk_each_ticket(struct tk_act *, char **, int,
	    const struct tk_action *, struct tk_args *);

/* sla-extend.c: extensions of an order's deadline (ticket-sla(1)) */
extern const struct tk_action tk_extend_ask, tk_extend_approve,
	    tk_extend_deny;

/* sla-sweep.c: supervision, cards and flags (ticket-sla(1)) */
extern const struct tk_enum tk_card_colors[];
int	 tk_sweep_yellow_days(void);
tk_time	 tk_sweep_near(struct tk_calendar *, tk_time, int);
json_t	*tk_sweep(struct tk_act *);

/* reply.c: replies and their review */
enum { TK_REPLY_DONE = TK_ACT_DONE, TK_REPLY_BOUNCED = TK_ACT_KEPT };
extern const struct tk_enum tk_reply_contacts[];
extern const struct tk_enum tk_reply_outcomes[];
int	 tk_reply_check(const struct tk_args *, char[TK_ERRLEN]);
extern const struct tk_action tk_reply_contact, tk_reply_submit,
	    tk_reply_review;

/* callback.c: callbacks, closing and rework (ticket(7)) */
extern const struct tk_enum tk_callback_results[];
extern const struct tk_enum tk_callback_resolved[];
extern const struct tk_enum tk_callback_methods[];
int	 tk_callback_check(const struct tk_args *, char[TK_ERRLEN]);
extern const struct tk_action tk_callback_record, tk_callback_close;
int	 tk_callback_due(struct tk_db *, tk_time, tk_ticket_cb, void *);
uint64_t tk_callback_draw(const char *, uint64_t);
json_t	*tk_callback_sample(struct tk_db *, tk_time, double, uint64_t, int);

/* callback-sms.c: callbacks by SMS through a gateway */
void	 tk_survey_out(struct tk_act *, struct tk_batch *);
int	 tk_survey_in(struct tk_act *, json_t *, char[64], json_t **);

/* route.c: routing rules */
struct tk_rule {
	int		 priority;
	int		 category;	/* index in tk_categories, -1 any */
	char		*topic, *area;	/* patterns; "" matches anything */
	char		**keywords;	/* NULL-terminated; none: any */
	char		*lead;
	char		**co;
	const char	*mode;		/* transfer, direct, escalate */
	char		*source;
	long		 line;
};
struct tk_subject {			/* what a rule looks at */
	int		 category;
	const char	*topic, *area, *what;
	int		 proposed;	/* a mode is already chosen */
};
struct tk_rules;
struct tk_rules *tk_rules_import(struct tk_db *, struct tk_lines *);
struct tk_rules *tk_rules_load(struct tk_db *);
void	 tk_rules_free(struct tk_rules *);
size_t	 tk_rules_count(const struct tk_rules *);
const struct tk_rule *tk_rules_at(const struct tk_rules *, size_t);
json_t	*tk_rule_json(const struct tk_rule *);
extern const struct tk_action tk_route_ticket;

/* screen-act.c: a suspected emergency and the agent's decision */
void	 tk_screen_mark(struct tk_db *, const char *, const char *);
extern const struct tk_action tk_act_emergency_redirect,
	    tk_act_emergency_clear;
json_t	*tk_route_test(const struct tk_rules *, const struct tk_subject *);
json_t	*tk_route_test_ticket(struct tk_act *, const struct tk_rules *,
	    const char *);

/* mask.c: personal data hidden in free text, for publication */
enum tk_mask_kind {
	TK_MASK_MOBILE,		/* 13812348000 -> 138****8000 */
	TK_MASK_LANDLINE,	/* 025-84561234 -> 025-****1234 */
	TK_MASK_IDCARD,		/* 340104199001011234 -> 3401**********1234 */
	TK_MASK_BANKCARD,	/* first and last 4 digits kept */
	TK_MASK_EMAIL,		/* zhangwei@example.com -> z*******@example.com */
	TK_MASK_PLATE,		/* 苏A12345 -> 苏A***45 */
	TK_MASK_NAME,		/* 张伟 -> 张*, 欧阳娜娜 -> 欧*** */
	TK_MASK_ADDRESS,	/* 中山路88号 -> 中山路**号 */
	TK_MASK_ACCOUNT,	/* QQ 123456789 -> QQ 1******** */
	TK_MASK_NKINDS
};

struct tk_mask_hit {
	enum tk_mask_kind kind;
	size_t		 offset;	/* in the original text, bytes */
	size_t		 length;
};

struct tk_mask_report {
	struct tk_mask_hit *hits;
	size_t		 nhits;
	size_t		 counts[TK_MASK_NKINDS];
};

char	*tk_mask_text(const char *, const char *const *,
	    struct tk_mask_report *);
void	 tk_mask_report_free(struct tk_mask_report *);
const char *tk_mask_kind_name(enum tk_mask_kind);
char	*tk_mask_name(const char *);

/* public.c: the one rule for what may be published, and its masking */
int	 tk_public_may(json_t *, const char *);
char	**tk_public_names(json_t *);
void	 tk_public_names_free(char **);
char	*tk_public_text(char *const *, const char *);

/* digest.c: SHA-256 from libcrypto */
#define TK_SHA256_LEN	65	/* 64 hex digits and the NUL */
char	*tk_sha256(const char *const *, size_t, char[TK_SHA256_LEN]);
char	*tk_sha256_file(const char *, char[TK_SHA256_LEN], int64_t *);
struct tk_hash;
struct tk_hash *tk_hash_start(void);
void	 tk_hash_add(struct tk_hash *, const void *, size_t);
char	*tk_hash_end(struct tk_hash *, char[TK_SHA256_LEN]);

/* attach.c: attachments (附件), files kept by their SHA-256 */
struct tk_blob {
	char		 sha256[TK_SHA256_LEN];
	int64_t		 size;
	char		*type;		/* MIME type, from the content */
	char		*name;		/* the file's base name, for people */
	char		*tmp;		/* a copy not yet in place, or NULL */
	int		 public;	/* the platform lets it be published */
};
char	*tk_attach_dir(const char *);
int	 tk_blob_take(const char *, const char *, int64_t, struct tk_blob *,
	    char[TK_ERRLEN]);
void	 tk_blob_keep(struct tk_blob *, const char *);
void	 tk_blob_clear(struct tk_blob *);
json_t	*tk_attach_add(struct tk_db *, const char *, const struct tk_blob *,
	    const char *, tk_time);
json_t	*tk_attach_list(struct tk_db *, const char *);
int	 tk_attach_write(struct tk_db *, const char *, long, FILE *,
	    char[TK_ERRLEN]);
struct tk_act;
int	 tk_attach_may(struct tk_act *, const char *, int);
int	 tk_attach_set_public(struct tk_act *, const char *, long);

/* archive-dossier.c: a ticket's dossier, its public and personal parts */
char	*tk_json_canonical(json_t *);
json_t	*tk_dossier_gather(struct tk_db *, const char *, tk_time);
void	 tk_dossier_split(json_t *, json_t **, json_t **);
int	 tk_dossier_join(json_t *, json_t *);
void	 tk_dossier_strip(struct tk_db *, json_t *, json_t *, const char *,
	    tk_time);

/* archive-schema.c, archive.c: the archive database, a hash chain */
struct tk_mover {
	struct tk_db	*main, *arch;
	const char	*actor;
	tk_time		 now;
	int64_t		 printed;	/* the last dossier whose stub was */
};
char	*tk_archive_path(const char *, const char *);
void	 tk_attach_archive(struct tk_mover *, json_t *);	/* attach.c */
void	 tk_attach_published(json_t *, json_t *);		/* attach.c */
struct tk_db *tk_archive_open(const char *);
long	 tk_archive_run(struct tk_mover *, long, tk_ticket_cb, void *);
int64_t	 tk_archive_head(struct tk_db *, char[TK_SHA256_LEN]);
void	 tk_archive_mark(struct tk_db *, const char *, const char *, tk_time,
	    json_t *);
void	 tk_archive_withheld(struct tk_db *, const char *, tk_time);
json_t	*tk_archive_verify(struct tk_db *, const char *, char[TK_ERRLEN]);
int	 tk_archive_each(struct tk_db *, const char *, tk_time, tk_time,
	    tk_ticket_cb, void *);
json_t	*tk_archive_whole(json_t *);
int64_t	 tk_archive_import(struct tk_db *, struct tk_lines *);
json_t	*tk_archive_erase(struct tk_db *, tk_time, tk_time);

/* archive-sign.c: the chain's heads signed with the platform's key */
#define TK_SIGNATURE_LEN 129	/* Ed25519: 128 hex digits and the NUL */
void	 tk_archive_keygen(const char *);
void	 tk_archive_sign_head(struct tk_db *);
int	 tk_archive_signed(struct tk_db *, const char *, char[TK_ERRLEN]);
json_t	*tk_archive_head_line(struct tk_db *);
int	 tk_archive_head_held(struct tk_db *, const char *, const char *,
	    char[TK_ERRLEN]);

/* archive-publish.c: what may be published; withholding (屏蔽) */
int	 tk_withhold(struct tk_act *, struct tk_db *, const char *,
	    const char *, const char *);
json_t	*tk_withhold_get(struct tk_db *, const char *);
int	 tk_publish_each(struct tk_db *, tk_time, tk_ticket_cb, void *);

/* archive-site.c: the published records as static web pages */
void	 tk_site_write(const char *, json_t *);

/* format.c: tables, CSV and Open311 for people and other systems */
void	 tk_table_row(FILE *, const char *const *, const size_t *, size_t);
void	 tk_queue_table(FILE *, const struct tk_queue_row *);
void	 tk_ticket_table(FILE *, json_t *);
void	 tk_ticket_history(FILE *, json_t *);
void	 tk_ticket_csv(FILE *, json_t *);
json_t	*tk_open311(json_t *, const char *, tk_time);

/* report-rules.c: the city's 考核办法, from the settings report.* */
struct tk_assess {
	int		 count_returns;	/* approved returns stay in 签收率... */
	int		 reply_contact;	/* a reply's declared contact counts */
	unsigned	 contact_cats;	/* bits of tk_categories: 响应率 */
	int		 count_uncallable, count_unresolved, score_co;
	int		 scale;		/* 100 or 150 */
	long		 weight[6];	/* of the rates, in report.c's order */
	double		 deduct_yellow, deduct_red, deduct_flag;
};
void	 tk_assess_load(struct tk_assess *);
int	 tk_assess_contact(const struct tk_assess *, const char *);
json_t	*tk_assess_rules(void);

/* report.c, report-volume.c, report-brief.c: assessment and volumes */
struct tk_report {
	struct tk_db	*db;
	struct tk_calendar *cal;
	tk_time		 from, to;	/* the period, [from, to) */
	int		 level;		/* 0 levels 2 and 3; 2 rolls up; 3 */
	const char	*unit;		/* this unit only, or NULL */
	size_t		 limit;		/* hot: rows at most, 0 all */
	const char	*figure;	/* explain this figure only, or NULL */
};
struct tk_report_col {
	const char	*key;
	const char	*label;		/* Chinese, for tables */
	int		 width;		/* display columns */
	int		 rate;		/* 1 a share (12.3%), 2 a score */
};
enum { TK_REPORT_JSON, TK_REPORT_TABLE, TK_REPORT_CSV };
#define TK_REPORT_MAXCOLS	64
/* Rows printed as they come (tk_report_start, tk_report_put). */
struct tk_report_out {
	FILE		*fp;
	int		 format;
	const struct tk_report_col *cols;
	size_t		 widths[TK_REPORT_MAXCOLS];
};
extern const struct tk_report_col tk_report_unit_cols[];
extern const struct tk_report_col tk_report_summary_cols[];
extern const struct tk_report_col tk_report_hot_cols[];
json_t	*tk_report_units(const struct tk_report *);
json_t	*tk_report_summary(const struct tk_report *);
json_t	*tk_report_hot(const struct tk_report *);
extern const char tk_report_unit_default[];
extern const struct tk_report_col tk_assess_cols[];
extern const struct tk_report_col tk_explain_cols[];
void	 tk_report_explain(const struct tk_report *, struct tk_report_out *);
int	 tk_report_figure(const char *);
void	 tk_report_print(FILE *, int, const struct tk_report_col *, json_t *);
void	 tk_report_start(struct tk_report_out *, FILE *, int,
	    const struct tk_report_col *, json_t *);
void	 tk_report_put(struct tk_report_out *, json_t *);
struct tk_report_col *tk_report_pick(const struct tk_report_col *,
	    const char *, char[TK_ERRLEN]);
void	 tk_brief(const struct tk_report *, int, FILE *);

/*
 * The administrator's tools (ticket-admin(1)): where settings came from
 * (conf.c), built-in default files, file digests, backup and restore of
 * both databases, and their check.
 */
enum tk_conf_from { TK_CONF_DEFAULT, TK_CONF_FILE, TK_CONF_ENV,
	TK_CONF_OPTION };
void	 tk_conf_set(const char *, const char *);
enum tk_conf_from tk_conf_from(const char *);
const char *tk_conf_file(void);
json_t	*tk_conf_list(void);

/* screen-data.c: the screening rules the project ships, built in */
extern const char tk_screening_shipped[];
struct tk_lines *tk_screen_shipped(const char *);

/* admin-backup.c: both databases copied consistently, and back */
struct tk_backup {
	const char	*db, *archive;	/* the live files */
	const char	*dir;		/* a backup set, or where sets go */
	tk_time		 now;
	int		 force;		/* restore: past the published head */
};
json_t	*tk_backup_make(const struct tk_backup *);
json_t	*tk_backup_restore(const struct tk_backup *);
long	 tk_backup_prune(const char *, long, tk_ticket_cb, void *);

/* admin-check.c: both databases checked, one record per check */
int	 tk_check_all(const char *, const char *, tk_ticket_cb, void *);
json_t	*tk_heads_last(const char *);
char	*tk_heads_held(struct tk_db *, json_t *);

#endif /* TICKET_H */
