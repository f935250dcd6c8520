/*
 * account-perm.c: what each role may run, one table (ticket-shell(1),
 * ticket(7)).
 *
 * A row is a command and one of its verbs ("" for a command that has
 * none, two words for a verb of a group such as "rules import") and the
 * roles that may run it.  Every command and verb of the project has a row:
 * what has none is refused to everyone, so a new verb stays shut until
 * someone decides who may use it.  The gate takes the verb from the
 * words right after the command, where every command looks first; a
 * command whose verb may be left out (ticket-reply) has it put in by the
 * gate, so the command cannot see another.
 *
 * Whether an action is the unit's own order, or the level-2 unit's for
 * its level-3 unit, is the commands' to check with the actor the gate
 * names; the table says only which verbs a role may try.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

#define ADMIN	(1u << TK_ROLE_ADMIN)
#define AGENT	(1u << TK_ROLE_AGENT)
#define SUPER	(1u << TK_ROLE_SUPERVISOR)
#define READER	(1u << TK_ROLE_READER)
#define CLERK	(1u << TK_ROLE_CLERK)
#define UREADER	(1u << TK_ROLE_UNIT_READER)
#define PLATFORM (ADMIN | AGENT | SUPER | READER)	/* read-only: all staff */
#define ANYONE	(PLATFORM | CLERK | UREADER)
#define REPORTS	(SUPER | READER)

const struct tk_perm tk_perms[] = {
	{ "ticket-account", "add", ADMIN, 0 },
	{ "ticket-account", "key add", ADMIN, 0 },
	{ "ticket-account", "key rm", ADMIN, 0 },
	{ "ticket-account", "ls", ADMIN, 0 },
	{ "ticket-account", "revoke", ADMIN, 0 },
	{ "ticket-account", "role", ADMIN, 0 },
	{ "ticket-account", "show", ADMIN, 0 },
	{ "ticket-account", "sync", ADMIN, 0 },
	{ "ticket-archive", "erase", ADMIN, 0 },
	/* Whole dossiers with their personal parts: not every reader's. */
	{ "ticket-archive", "export", ADMIN | SUPER, 0 },
	{ "ticket-archive", "head", PLATFORM, 0 },
	{ "ticket-archive", "import", ADMIN, 0 },
	{ "ticket-archive", "key", ADMIN, 0 },
	{ "ticket-archive", "publish", ADMIN, 0 },
	{ "ticket-archive", "run", ADMIN, 0 },
	{ "ticket-archive", "show", PLATFORM, 0 },
	{ "ticket-archive", "verify", PLATFORM, 0 },
	/* A unit asks; the platform decides (publish.c checks which). */
	{ "ticket-archive", "withhold", CLERK | SUPER, 0 },
	{ "ticket-callback", "close", AGENT, 0 },
	{ "ticket-callback", "due", AGENT | SUPER | READER, 0 },
	{ "ticket-callback", "record", AGENT, 0 },
	{ "ticket-callback", "sample", AGENT, 0 },
	{ "ticket-callback", "sms-in", AGENT, 0 },
	{ "ticket-callback", "sms-out", AGENT, 0 },
	{ "ticket-kb", "import", ADMIN, 0 },
	{ "ticket-kb", "search", ANYONE, 0 },
	{ "ticket-ls", "", ANYONE, 0 },
	{ "ticket-new", "", AGENT, 0 },
	{ "ticket-reply", "contact", CLERK, 0 },
	{ "ticket-reply", "reply", CLERK, TK_PERM_DEFAULT },
	{ "ticket-reply", "review", SUPER, 0 },
	{ "ticket-report", "brief", REPORTS, 0 },
	{ "ticket-report", "hot", REPORTS, 0 },
	{ "ticket-report", "rules", REPORTS | CLERK | UREADER, 0 },
	{ "ticket-report", "summary", REPORTS, 0 },
	/* A unit's accounts see their own figures (ticket-report(1)). */
	{ "ticket-report", "units", REPORTS | CLERK | UREADER, 0 },
	{ "ticket-route", "add", AGENT, 0 },
	{ "ticket-route", "answer", AGENT, 0 },
	/* The agent's files from the caller, the unit's from the scene. */
	{ "ticket-route", "attach", AGENT | CLERK, 0 },
	{ "ticket-route", "attach-public", AGENT, 0 },
	{ "ticket-route", "auto", AGENT, 0 },
	/* a suspected emergency: the agent on duty decides (and redirect) */
	{ "ticket-route", "clear", AGENT, 0 },
	{ "ticket-route", "correct", AGENT, 0 },
	{ "ticket-route", "direct", AGENT, 0 },
	{ "ticket-route", "dispatch", AGENT, 0 },
	{ "ticket-route", "escalate", AGENT, 0 },
	{ "ticket-route", "instruct", AGENT, 0 },
	{ "ticket-route", "merge", AGENT, 0 },
	/* A note on a ticket: whoever may see it (note.c checks whom). */
	{ "ticket-route", "note", ANYONE, 0 },
	{ "ticket-route", "reassign", AGENT, 0 },
	{ "ticket-route", "redirect", AGENT, 0 },
	{ "ticket-route", "return", CLERK, 0 },
	{ "ticket-route", "review-return", SUPER, 0 },
	{ "ticket-route", "rules import", ADMIN, 0 },
	{ "ticket-route", "rules ls", PLATFORM, 0 },
	{ "ticket-route", "rules test", PLATFORM, 0 },
	{ "ticket-route", "sign", CLERK, 0 },
	{ "ticket-route", "split", AGENT, 0 },
	{ "ticket-route", "subdispatch", CLERK, 0 },
	{ "ticket-route", "withdraw", AGENT, 0 },
	{ "ticket-sla", "approve", SUPER, 0 },
	{ "ticket-sla", "calendar import", ADMIN, 0 },
	{ "ticket-sla", "calendar ls", ANYONE, 0 },
	{ "ticket-sla", "deny", SUPER, 0 },
	{ "ticket-sla", "due", ANYONE, 0 },
	{ "ticket-sla", "extend", CLERK, 0 },
	{ "ticket-sla", "sweep", SUPER, 0 },
	{ "ticket-sla", "workdays", ANYONE, 0 },
	{ "ticket-unit", "import", ADMIN, 0 },
	{ "ticket-unit", "ls", ANYONE, 0 },
	{ "ticket-unit", "show", ANYONE, 0 },
	{ NULL, NULL, 0, 0 }
};

/* How many words of words the verb takes, or 0 when they are not it. */
static int
verb_is(const char *verb, char *const *words)
{
	size_t n = strcspn(verb, " ");

	if (words[0] == NULL || strncmp(words[0], verb, n) != 0 ||
	    words[0][n] != '\0')
		return 0;
	if (verb[n] == '\0')
		return 1;
	return words[1] != NULL && strcmp(words[1], verb + n + 1) == 0 ? 2 : 0;
}

/* Whether word begins a group's verbs ("rules" of "rules ls"). */
static int
is_group(const char *command, const char *word)
{
	const struct tk_perm *p;
	size_t n = strlen(word);

	for (p = tk_perms; p->command != NULL; p++)
		if (strcmp(p->command, command) == 0 &&
		    strncmp(p->verb, word, n) == 0 && p->verb[n] == ' ')
			return 1;
	return 0;
}

static void
no_verb(const char *command, const char *word, char why[TK_ERRLEN])
{
	if (word != NULL && is_group(command, word))
		snprintf(why, TK_ERRLEN, "%s %s: a verb must follow", command,
		    word);
	else if (word == NULL)
		snprintf(why, TK_ERRLEN, "%s: a verb must follow", command);
	else if (*word == '-')
		snprintf(why, TK_ERRLEN, "%s: the verb must come first, "
		    "before \"%s\"", command, word);
	else
		snprintf(why, TK_ERRLEN, "%s: no verb \"%s\"", command, word);
}

/*
 * The row for a command line (words[0] the command, NULL-terminated);
 * *nverb is how many words after the command the verb took, 0 when the
 * command has none or its verb was left out.  NULL with why filled when
 * the words name no row.
 */
const struct tk_perm *
tk_perm_find(char *const *words, int *nverb, char why[TK_ERRLEN])
{
	const struct tk_perm *p, *dflt = NULL;
	int known = 0, n;

	for (p = tk_perms; p->command != NULL; p++) {
		if (strcmp(p->command, words[0]) != 0)
			continue;
		known = 1;
		if (*p->verb == '\0' || (n = verb_is(p->verb, words + 1)) > 0) {
			*nverb = *p->verb == '\0' ? 0 : n;
			return p;
		}
		if (p->flags & TK_PERM_DEFAULT)
			dflt = p;
	}
	*nverb = 0;
	if (dflt != NULL)
		return dflt;
	if (!known)
		snprintf(why, TK_ERRLEN, "%s: not a command of ticket",
		    words[0]);
	else
		no_verb(words[0], words[1], why);
	return NULL;
}

int
tk_perm_allows(const struct tk_perm *p, int role)
{
	return role >= 0 && role < TK_NROLES && (p->roles & 1u << role);
}

/* What a role may run: {"command": [verb, ...]}, [] for no verb. */
json_t *
tk_perm_of_role(int role)
{
	const struct tk_perm *p;
	json_t *o = json_object(), *verbs;

	if (o == NULL)
		tk_errx(TK_EXIT_TEMP, "out of memory");
	for (p = tk_perms; p->command != NULL; p++) {
		if (!tk_perm_allows(p, role))
			continue;
		if ((verbs = json_object_get(o, p->command)) == NULL) {
			if ((verbs = json_array()) == NULL)
				tk_errx(TK_EXIT_TEMP, "out of memory");
			tk_jset(o, p->command, verbs);
		}
		if (*p->verb != '\0')
			tk_jpush(verbs, json_string(p->verb));
	}
	return o;
}
