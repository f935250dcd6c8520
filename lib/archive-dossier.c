/*
 * archive-dossier.c: a ticket's dossier (卷宗), gathered from the main database,
 * split into its public and personal parts, and joined again.
 *
 * The dossier is every row the main database holds about the ticket,
 * whole (SELECT *: a column a later migration adds comes along), under
 * the name of its table, with the JSON kept in text columns decoded, and
 * the names of the units it went to.  Its canonical form is jansson's
 * compact encoding with keys sorted (JSON_SORT_KEYS | JSON_COMPACT,
 * UTF-8 unescaped): the same dossier always gives the same bytes, so
 * the same hash.
 *
 * Splitting moves the personal data out: fields that are personal as a
 * whole (names, phones, addresses, the people involved) and, in every
 * other text, what tk_mask_text finds, with every name the dossier knows
 * (tk_public_names) looked for everywhere.  The public part keeps the masked text;
 * the personal part maps each changed field's JSON pointer (RFC 6901)
 * to its original.  Each change is noted as a redaction: the pointer,
 * what kind of data, and where in the original.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

/* The tables with rows of a ticket: children before their parents, so
 * deleting them in this order keeps every foreign key. */
static const struct part {
	const char	*name;
	const char	*select;
	const char	*delete;
} parts[] = {
	{ "card", "SELECT * FROM card WHERE ticket = ?1"
	    " ORDER BY assignment, color",
	    "DELETE FROM card WHERE ticket = ?1" },
	{ "flag", "SELECT * FROM flag WHERE ticket = ?1 ORDER BY id",
	    "DELETE FROM flag WHERE ticket = ?1" },
	{ "reply", "SELECT * FROM reply WHERE ticket = ?1 ORDER BY id",
	    "DELETE FROM reply WHERE ticket = ?1" },
	{ "extension", "SELECT * FROM extension WHERE ticket = ?1 ORDER BY id",
	    "DELETE FROM extension WHERE ticket = ?1" },
	{ "callback", "SELECT * FROM callback WHERE ticket = ?1 ORDER BY id",
	    "DELETE FROM callback WHERE ticket = ?1" },
	{ "survey", "SELECT * FROM survey WHERE ticket = ?1 ORDER BY id",
	    "DELETE FROM survey WHERE ticket = ?1" },
	/* The files' digests: the dossier's hash covers what they hold. */
	{ "attachment", "SELECT * FROM attachment WHERE ticket = ?1"
	    " ORDER BY n",
	    "DELETE FROM attachment WHERE ticket = ?1" },
	{ "event", "SELECT * FROM event WHERE ticket = ?1 ORDER BY seq",
	    "DELETE FROM event WHERE ticket = ?1" },
	{ "assignment", "SELECT * FROM assignment WHERE ticket = ?1"
	    " ORDER BY id",
	    "DELETE FROM assignment WHERE ticket = ?1" },
};
#define NPARTS	(sizeof(parts) / sizeof(parts[0]))

/* Fields personal as a whole, and the kind of data each holds. */
static const struct tk_pair whole[] = {
	{ "address", "address" }, { "caller_phone", "phone" },
	{ "handler", "name" }, { "name", "name" }, { "phone", "phone" },
	{ "where", "address" }, { "who", "person" }, { NULL, NULL }
};

/* What the stub in the main database keeps of the intake document. */
static const char *const stub_keys[] = {
	"area", "category", "channel", "received_at", "source_id", "topic",
	"urgent", NULL
};

struct split {
	char		**names;	/* looked for in every text */
	json_t		*personal;
	json_t		*redactions;
};

char *
tk_json_canonical(json_t *v)
{
	char *s;

	if ((s = json_dumps(v, JSON_SORT_KEYS | JSON_COMPACT)) == NULL)
		tk_errx(TK_EXIT_TEMP, "cannot encode a dossier as JSON");
	return s;
}

/* A text column that holds JSON, decoded in place. */
static void
decode(json_t *row, const char *key)
{
	const char *s = tk_json_str(row, key);
	json_t *v;

	if (s != NULL && (v = json_loads(s, JSON_DECODE_ANY, NULL)) != NULL)
		tk_jset(row, key, v);
}

static json_t *
units(struct tk_db *db, const char *id)
{
	json_t *rows = tk_db_rows(db, "SELECT code, name FROM unit"
	    " WHERE code IN (SELECT unit FROM assignment WHERE ticket = ?1)",
	    id), *map = json_object(), *r;
	size_t i;

	json_array_foreach(rows, i, r)
		tk_jshare(map, tk_json_str(r, "code"),
		    json_object_get(r, "name"));
	json_decref(rows);
	return map;
}

/* The whole dossier of a ticket, or NULL when there is no such ticket. */
json_t *
tk_dossier_gather(struct tk_db *db, const char *id, tk_time now)
{
	json_t *rows = tk_db_rows(db, "SELECT * FROM ticket WHERE id = ?1",
	    id), *d, *t, *e;
	size_t i, k;

	if (json_array_size(rows) == 0) {
		json_decref(rows);
		return NULL;
	}
	t = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	decode(t, "doc");
	decode(t, "extra");
	d = json_pack("{s:i, s:o, s:I, s:I, s:o}", "format", 1, "ticket", t,
	    "closed_at", (json_int_t)json_integer_value(json_object_get(t,
	    "updated_at")),
	    "archived_at", (json_int_t)now, "units", units(db, id));
	for (k = 0; k < NPARTS; k++)
		tk_jset(d, parts[k].name,
		    tk_db_rows(db, parts[k].select, id));
	json_array_foreach(json_object_get(d, "event"), i, e)
		decode(e, "data");
	return d;
}

/* Identifiers and times: never personal, never masked. */
static int
exempt(const char *key)
{
	static const char *const keys[] = { "at", "duplicate_of", "id",
	    "merged_into", "source_id", "ticket", NULL };
	size_t n = strlen(key);
	int i;

	if (n > 3 && strcmp(key + n - 3, "_at") == 0)
		return 1;
	for (i = 0; keys[i] != NULL; i++)
		if (strcmp(key, keys[i]) == 0)
			return 1;
	return 0;
}

static const char *
whole_kind(const char *key)
{
	int i;

	for (i = 0; whole[i].key != NULL; i++)
		if (strcmp(key, whole[i].key) == 0)
			return whole[i].value;
	return NULL;
}

static void
note(struct split *sp, const char *path, const char *kind, size_t off,
    size_t len)
{
	tk_jpush(sp->redactions, json_pack("{s:s, s:s, s:I, s:I}",
	    "path", path, "kind", kind, "offset", (json_int_t)off,
	    "length", (json_int_t)len));
}

/* A personal field as a whole: a phone keeps what tk_mask_text keeps of
 * it, anything else its first character. */
static char *
mask_whole(struct split *sp, const char *path, const char *kind,
    const char *s)
{
	struct tk_mask_report r;
	char *m = NULL;

	if (strcmp(kind, "phone") == 0) {
		if ((m = tk_mask_text(s, NULL, &r)) != NULL && r.nhits == 0) {
			free(m);
			m = NULL;
		}
		tk_mask_report_free(&r);
	}
	if (m == NULL)
		m = tk_mask_name(s);
	note(sp, path, kind, 0, strlen(s));
	return m;
}

static char *
mask_free(struct split *sp, const char *path, const char *s)
{
	struct tk_mask_report r;
	char *m;
	size_t i;

	if ((m = tk_mask_text(s, (const char *const *)sp->names, &r)) == NULL)
		return NULL;
	for (i = 0; i < r.nhits; i++)
		note(sp, path, tk_mask_kind_name(r.hits[i].kind),
		    r.hits[i].offset, r.hits[i].length);
	tk_mask_report_free(&r);
	return m;
}

/* One text: masked in place, the original kept when it changed. */
static void
leaf(struct split *sp, const char *key, json_t *v, const char *path)
{
	const char *s = json_string_value(v), *kind = whole_kind(key);
	char *m;

	if (*s == '\0' || (kind == NULL && exempt(key)))
		return;
	m = kind != NULL ? mask_whole(sp, path, kind, s) :
	    mask_free(sp, path, s);
	if (m == NULL)
		tk_errx(TK_EXIT_TEMP, "masking: out of memory");
	if (strcmp(m, s) != 0) {
		tk_jset(sp->personal, path, json_string(s));
		json_string_set(v, m);
	}
	free(m);
}

/* RFC 6901: '~' and '/' in a key become "~0" and "~1". */
static char *
pointer(const char *base, const char *key)
{
	char *p = tk_xmalloc(strlen(base) + 2 * strlen(key) + 2), *q;

	q = p + sprintf(p, "%s/", base);
	for (; *key != '\0'; key++) {
		if (*key == '~' || *key == '/') {
			*q++ = '~';
			*q++ = *key == '~' ? '0' : '1';
		} else
			*q++ = *key;
	}
	*q = '\0';
	return p;
}

static void
walk(struct split *sp, json_t *v, const char *key, const char *path)
{
	char idx[24], *p;
	const char *k;
	json_t *m;
	size_t i;

	if (json_is_string(v) && key != NULL)
		leaf(sp, key, v, path);
	if (json_is_object(v))
		json_object_foreach(v, k, m) {
			p = pointer(path, k);
			walk(sp, m, k, p);
			free(p);
		}
	if (json_is_array(v))
		json_array_foreach(v, i, m) {
			snprintf(idx, sizeof(idx), "%zu", i);
			p = pointer(path, idx);
			walk(sp, m, key, p);
			free(p);
		}
}

/*
 * Splits a whole dossier, which becomes the public part, masked; the
 * personal part and the redactions go to the caller.
 */
void
tk_dossier_split(json_t *d, json_t **personal, json_t **redactions)
{
	struct split sp;

	memset(&sp, 0, sizeof(sp));
	sp.personal = json_object();
	sp.redactions = json_array();
	/* Every name the dossier knows, as every public output uses. */
	sp.names = tk_public_names(d);
	walk(&sp, d, NULL, "");
	tk_public_names_free(sp.names);
	*personal = sp.personal;
	*redactions = sp.redactions;
}

/* The value a pointer's last token names the place of, in parent. */
static json_t *
step(json_t *v, const char *tok, size_t len)
{
	char *key = tk_xstrndup(tok, len), *p, *q;
	json_t *m;

	for (p = q = key; *p != '\0'; p++)
		*q++ = p[0] == '~' && (p[1] == '0' || p[1] == '1') ?
		    (*++p == '0' ? '~' : '/') : *p;
	*q = '\0';
	m = json_is_array(v) ? json_array_get(v, strtoul(key, NULL, 10)) :
	    json_object_get(v, key);
	free(key);
	return m;
}

/* Puts the original back at one pointer; a pointer that leads nowhere
 * is a damaged personal part. */
static int
restore(json_t *d, const char *ptr, json_t *orig)
{
	const char *tok = ptr + 1, *end;
	json_t *v = d;

	if (*ptr != '/')
		return -1;
	while (v != NULL && (end = strchr(tok, '/')) != NULL) {
		v = step(v, tok, (size_t)(end - tok));
		tok = end + 1;
	}
	if ((v = step(v, tok, strlen(tok))) == NULL || !json_is_string(v) ||
	    !json_is_string(orig))
		return -1;
	return json_string_set(v, json_string_value(orig));
}

/* The whole dossier again, from the public part and the personal. */
int
tk_dossier_join(json_t *d, json_t *personal)
{
	const char *ptr;
	json_t *orig;

	json_object_foreach(personal, ptr, orig)
		if (restore(d, ptr, orig) == -1)
			return -1;
	return 0;
}

/* The stub's intake document: what numbering and statistics need. */
static char *
stub_doc(json_t *doc)
{
	json_t *stub = json_object();
	char *s;
	int i;

	for (i = 0; stub_keys[i] != NULL; i++)
		tk_jshare(stub, stub_keys[i],
		    json_object_get(doc, stub_keys[i]));
	s = tk_json_canonical(stub);
	json_decref(stub);
	return s;
}

/*
 * Inside the main database's transaction: the ticket becomes its stub,
 * status archived (first: the event log lets go of an archived ticket's
 * rows only), every row of it gone but one event saying where it went.
 */
void
tk_dossier_strip(struct tk_db *db, json_t *d, json_t *where,
    const char *actor, tk_time now)
{
	struct tk_stmt *st = tk_db_stmt(db, "UPDATE ticket SET"
	    " status = 'archived', updated_at = ?2, doc = ?3, extra = ?4,"
	    " caller_phone = NULL WHERE id = ?1");
	json_t *t = json_object_get(d, "ticket"), *extra;
	const char *id = tk_json_str(t, "id");
	struct tk_event e;
	char *doc, *x;
	size_t k;

	doc = stub_doc(json_object_get(t, "doc"));
	extra = json_pack("{s:O}", "archive", where);
	tk_search_forget(db, id);
	x = tk_json_canonical(extra);
	tk_stmt_text(st, 1, id);
	tk_stmt_int(st, 2, now);
	tk_stmt_text(st, 3, doc);
	tk_stmt_text(st, 4, x);
	if (tk_stmt_exec(st) == -1)
		tk_errx(TK_EXIT_DATA, "%s: %s", id, tk_db_errmsg(db));
	for (k = 0; k < NPARTS; k++) {
		st = tk_db_stmt(db, parts[k].delete);
		tk_stmt_text(st, 1, id);
		if (tk_stmt_exec(st) == -1)
			tk_errx(TK_EXIT_DATA, "%s: %s", id, tk_db_errmsg(db));
	}
	/* The facts and replies left with the dossier: the index keeps
	 * what the stub still says. */
	tk_search_add(db, id);
	memset(&e, 0, sizeof(e));
	e.ticket = id;
	e.at = now;
	e.actor = actor;
	e.kind = TK_EV_ARCHIVE;
	e.before = tk_json_str(t, "status");
	e.after = "archived";
	e.data = where;
	tk_store_event(db, &e);
	json_decref(extra);
	free(doc);
	free(x);
}
