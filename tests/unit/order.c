/*
 * tests/unit/order.c -- TAP tests for lib/order.c and lib/event.c: the
 * order's moves as ticket(7) states them, written out here by hand so
 * that a change to the table in order.c shows as a failure, and the
 * vocabularies' words, which ticket(5) must list as event.c spells them
 * (run from the top of the tree, as make check does).  The plan is
 * printed last.
 */
#include <stdio.h>
#include <string.h>

#include "ticket.h"

static int ntest;

static void
ok(int cond, const char *desc)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++ntest, desc);
}

/* Bits of the statuses each verb may start from. */
#define S(x)	(1u << TK_OS_##x)
static const struct {
	enum tk_order_verb	 verb;
	const char		*name;
	unsigned		 from;
	int			 platform;	/* the platform's alone */
} expected[] = {
	{ TK_OV_SIGN, "sign", S(DISPATCHED), 0 },
	{ TK_OV_RETURN, "return", S(DISPATCHED), 0 },
	{ TK_OV_APPROVE_RETURN, "approve a return", S(RETURNING), 1 },
	{ TK_OV_DENY_RETURN, "deny a return", S(RETURNING), 1 },
	{ TK_OV_SUBDISPATCH, "subdispatch", S(DISPATCHED) | S(SIGNED), 0 },
	{ TK_OV_EXTEND, "ask an extension", S(DISPATCHED) | S(SIGNED), 0 },
	{ TK_OV_CONTACT, "contact", S(SIGNED) | S(REPLIED), 0 },
	{ TK_OV_REPLY, "reply", S(SIGNED), 0 },
	{ TK_OV_APPROVE, "approve a reply", S(REPLIED), 0 },
	{ TK_OV_BOUNCE, "bounce a reply", S(REPLIED), 0 },
	{ TK_OV_REOPEN, "reopen", S(APPROVED), 1 },
	{ TK_OV_WITHDRAW, "withdraw", S(DISPATCHED) | S(SIGNED) | S(RETURNING) |
	    S(COPIED), 1 },
};

static void
moves(void)
{
	struct tk_act a;
	struct tk_order g;
	char desc[TK_ERRLEN + 128];
	size_t i;
	int s, may;

	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++)
		for (s = 0; s < TK_OS_NSTATUSES; s++) {
			memset(&a, 0, sizeof(a));
			memset(&g, 0, sizeof(g));
			snprintf(g.unit, sizeof(g.unit), "A");
			g.status = (enum tk_order_status)s;
			a.platform = 1;
			may = tk_order_may(&a, &g, expected[i].verb) == 0;
			snprintf(desc, sizeof(desc), "%s from %s: %s",
			    expected[i].name, tk_order_word(g.status),
			    may ? "allowed" : a.err);
			ok(may == ((expected[i].from & (1u << s)) != 0), desc);
			if (!may || !expected[i].platform)
				continue;
			a.platform = 0;
			ok(tk_order_may(&a, &g, expected[i].verb) == -1 &&
			    strstr(a.err, "only the platform") != NULL,
			    "and a unit may not");
		}
}

/* The SQL spelling of "live" names exactly the statuses that are. */
static void
live(void)
{
	char word[32];
	int s, in_sql;

	for (s = 0; s < TK_OS_NSTATUSES; s++) {
		snprintf(word, sizeof(word), "@%s,", tk_order_word(
		    (enum tk_order_status)s));
		in_sql = strstr(TK_ORDER_LIVE_SQL, word) != NULL;
		word[strlen(word) - 1] = ')';
		in_sql |= strstr(TK_ORDER_LIVE_SQL, word) != NULL;
		ok(in_sql == tk_order_live((enum tk_order_status)s),
		    tk_order_word((enum tk_order_status)s));
	}
}

static void
words(void)
{
	int k, whole = 1;

	for (k = 0; k < TK_EV_NKINDS; k++)
		whole &= tk_event_kinds[k].word != NULL &&
		    tk_event_kinds[k].label != NULL &&
		    tk_event_kind(tk_event_kinds[k].word) ==
		    (enum tk_event_kind)k;
	ok(whole, "every event kind has a word and a label, found again");
	ok(tk_event_kind("no_such_kind") == TK_EV_NKINDS,
	    "an unknown word is no kind");
	ok(tk_event_kind(NULL) == TK_EV_NKINDS, "nor is none");
}

/* Does the page list each word of the table as ".It Li word Pq label"? */
static void
manual(const char *page, const struct tk_enum *table, const char *desc)
{
	FILE *fp = fopen(page, "r");
	char line[512], want[256];
	int k, n, listed = 0, found[64] = { 0 };

	for (n = 0; table[n].word != NULL; n++)
		continue;
	if (fp == NULL || n > 64) {
		ok(0, desc);
		return;
	}
	while (fgets(line, sizeof(line), fp) != NULL)
		for (k = 0; k < n; k++) {
			snprintf(want, sizeof(want), ".It Li %s Pq %s\n",
			    table[k].word, table[k].label);
			if (strcmp(line, want) == 0 && !found[k]++)
				listed++;
		}
	fclose(fp);
	ok(listed == n, desc);
}

int
main(void)
{
	moves();
	live();
	words();
	manual("man/ticket.5", tk_event_kinds, "ticket(5) lists every event "
	    "kind, word and label as event.c has them");
	manual("man/ticket.7", tk_order_statuses, "ticket(7) lists every "
	    "order status, word and label as order.c has them");
	printf("1..%d\n", ntest);
	return 0;
}
