/*
 * public.c: the one rule for what leaves the building (ticket(7),
 * PUBLICATION).  Every public output asks tk_public_may() whether a
 * ticket may be shown at all and passes each of its texts through
 * tk_public_text(): ticket-archive publish (JSON and the site),
 * ticket-ls --format open311, the briefing's hot spots.
 *
 * A ticket may be published when its caller agreed (caller.public is
 * true: silence is no consent), it is neither secret nor private (a
 * source's mark of any value but a clear no counts), it was
 * not refused as touching secrets or privacy (R3) and it was not
 * redirected to the police or another emergency line.  The rule reads
 * the ticket's document (caller, secret, private, reject, redirect) and
 * its status, so the main database's tickets and the archive's dossiers
 * answer the same.
 *
 * The names a ticket knows are those of its fields that hold people
 * (name, handler, approver, leader, who, and the person after the '/'
 * of an actor such as "A/王强"), and the names masking finds from their
 * context in any of its texts: a neighbour named once after 邻居 is
 * masked again where the text names him alone.
 */
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

struct names {
	char	**v;
	size_t	  n;
};

static const char *const person_keys[] = {
	"name", "handler", "approver", "leader", "who", NULL
};

static int
is_true(json_t *doc, const char *path)
{
	return json_is_true(tk_json_path(doc, path));
}

/*
 * A mark set by a source system: any value but false, null, 0, "" or a
 * word for no withholds ("private": "yes" marks as "private": true does).
 */
static int
marked(json_t *doc, const char *key)
{
	static const char *const no[] = { "", "false", "no", "0", "否", NULL };
	json_t *v = json_object_get(doc, key);
	int i;

	if (v == NULL || json_is_false(v) || json_is_null(v) ||
	    (json_is_number(v) && json_number_value(v) == 0))
		return 0;
	for (i = 0; json_is_string(v) && no[i] != NULL; i++)
		if (strcmp(json_string_value(v), no[i]) == 0)
			return 0;
	return 1;
}

int
tk_public_may(json_t *doc, const char *status)
{
	const char *reject = json_string_value(tk_json_path(doc,
	    "reject.reason"));

	if (status != NULL && strcmp(status, "redirected") == 0)
		return 0;
	return is_true(doc, "caller.public") && !marked(doc, "secret") &&
	    !marked(doc, "private") && json_object_get(doc, "redirect") ==
	    NULL && (reject == NULL || strcmp(reject, "R3") != 0);
}

static void
add(struct names *nm, const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < nm->n; i++)
		if (strlen(nm->v[i]) == len && strncmp(nm->v[i], s, len) == 0)
			return;
	nm->v = tk_xrealloc(nm->v, (nm->n + 2) * sizeof(*nm->v));
	nm->v[nm->n++] = tk_xstrndup(s, len);
	nm->v[nm->n] = NULL;
}

static int
is_person_key(const char *key)
{
	int i;

	for (i = 0; key != NULL && person_keys[i] != NULL; i++)
		if (strcmp(key, person_keys[i]) == 0)
			return 1;
	return 0;
}

/* The names masking finds in s from their context. */
static void
found_names(struct names *nm, const char *s)
{
	struct tk_mask_report r;
	char *m;
	size_t i;

	if ((m = tk_mask_text(s, NULL, &r)) == NULL)
		tk_err(TK_EXIT_TEMP, "masking");
	for (i = 0; i < r.nhits; i++)
		if (r.hits[i].kind == TK_MASK_NAME)
			add(nm, s + r.hits[i].offset, r.hits[i].length);
	tk_mask_report_free(&r);
	free(m);
}

static void
collect(struct names *nm, json_t *v, const char *key)
{
	const char *k, *s, *slash;
	json_t *m;
	size_t i;

	if (json_is_string(v) && *(s = json_string_value(v)) != '\0') {
		if (is_person_key(key))
			add(nm, s, strlen(s));
		else if (key != NULL && strcmp(key, "actor") == 0 &&
		    (slash = strchr(s, '/')) != NULL && slash[1] != '\0')
			add(nm, slash + 1, strlen(slash + 1));
		found_names(nm, s);
	}
	if (json_is_object(v))
		json_object_foreach(v, k, m)
			collect(nm, m, k);
	if (json_is_array(v))
		json_array_foreach(v, i, m)
			collect(nm, m, key);
}

/* Every name the ticket (or dossier) v knows, NULL-terminated. */
char **
tk_public_names(json_t *v)
{
	struct names nm = { tk_xmalloc(sizeof(char *)), 0 };

	nm.v[0] = NULL;
	collect(&nm, v, NULL);
	return nm.v;
}

void
tk_public_names_free(char **names)
{
	char **p;

	for (p = names; p != NULL && *p != NULL; p++)
		free(*p);
	free(names);
}

/* Text as it may be published: masked with every name of names. */
char *
tk_public_text(char *const *names, const char *text)
{
	char *m;

	if (text == NULL)
		return NULL;
	if ((m = tk_mask_text(text, (const char *const *)names, NULL)) == NULL)
		tk_err(TK_EXIT_TEMP, "masking");
	return m;
}
