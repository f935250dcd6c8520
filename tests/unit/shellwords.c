/*
 * tests/unit/shellwords.c -- TAP tests for lib/shellwords.c, the
 * permission table's verb finding (lib/account-perm.c) and key
 * fingerprints (lib/account-key.c): the parts of the gate that need no
 * database and no sshd.
 *
 * A split is shown as its words in brackets, so an empty word shows.
 * The fingerprints are what ssh-keygen -l printed for the same keys.
 * The plan is printed last.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ticket.h"

static int ntest;

static void
ok(int cond, const char *desc)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++ntest, desc);
}

static const struct split {
	const char	*line;
	const char	*want;		/* [w][w]..., or the refusal */
	const char	*desc;
} splits[] = {
	{ "ticket-ls -s open", "[ticket-ls][-s][open]", "plain words" },
	{ "  a \t b  ", "[a][b]", "blanks and tabs separate, at the ends too" },
	{ "", "", "an empty line has no words" },
	{ "a '' \"\"", "[a][][]", "empty quotes are empty words" },
	{ "'a b'c\"d e\"", "[a bcd e]", "quoted parts join the word" },
	{ "'a;b|c&d$e<f>g`h(i)j'", "[a;b|c&d$e<f>g`h(i)j]",
	    "single quotes keep every character" },
	{ "'it\\'", "[it\\]", "no backslash inside single quotes" },
	{ "\"a\\\"b\\\\c\\$d\\`e\\xf\"", "[a\"b\\c$d`e\\xf]",
	    "in double quotes a backslash escapes only $ ` \" \\" },
	{ "\"$(id); `id`\"", "[$(id); `id`]",
	    "double quotes: no expansion, taken as they are" },
	{ "a\\ b\\;c \\$x", "[a b;c][$x]", "a backslash keeps the next character" },
	{ "a\\\nb", "[ab]", "a backslash and a newline join lines" },
	{ "\"a\nb\"", "[a\nb]", "a newline inside quotes is kept" },
	{ "* ~ # ? [x] {a,b} !", "[*][~][#][?][[x]][{a,b}][!]",
	    "no globbing, no tilde, no comment, no braces" },
	{ "ticket-ls; id", "\";\" outside quotes", "a list" },
	{ "ticket-ls | sh", "\"|\" outside quotes", "a pipe" },
	{ "ticket-ls & id", "\"&\" outside quotes", "a background job" },
	{ "ticket-ls $HOME", "\"$\" outside quotes", "a parameter" },
	{ "$(id)", "\"$\" outside quotes", "a command substitution" },
	{ "`id`", "\"`\" outside quotes", "backticks" },
	{ "ticket-ls <x", "\"<\" outside quotes", "a redirection in" },
	{ "ticket-ls >x", "\">\" outside quotes", "a redirection out" },
	{ "(id)", "\"(\" outside quotes", "a subshell" },
	{ "a)", "\")\" outside quotes", "a closing parenthesis" },
	{ "ticket-ls\nid", "a newline outside quotes", "a second line" },
	{ "a\rb", "\\x0d outside quotes", "a control character" },
	{ "'a", "a quote is not closed", "an open single quote" },
	{ "\"a\\\"", "a quote is not closed", "an open double quote" },
	{ "a\\", "a backslash at the end", "a backslash at the end" },
};

static void
show(char **words, char *out, size_t size)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; words[i] != NULL && n < size; i++)
		n += snprintf(out + n, size - n, "[%s]", words[i]);
}

static void
test_splits(void)
{
	char why[TK_ERRLEN], got[512], desc[600], **w;
	size_t i;

	for (i = 0; i < sizeof(splits) / sizeof(splits[0]); i++) {
		if ((w = tk_shellwords(splits[i].line, why)) != NULL) {
			show(w, got, sizeof(got));
			tk_free_words(w);
		} else
			snprintf(got, sizeof(got), "%s", why);
		snprintf(desc, sizeof(desc), "%s: %s", splits[i].desc, got);
		desc[strcspn(desc, "\n")] = '\0';	/* one TAP line */
		ok(strcmp(got, splits[i].want) == 0, desc);
	}
}

static const struct find {
	const char	*words[5];
	const char	*verb;		/* the row's, or the refusal */
	int		 nverb;
} finds[] = {
	{ { "ticket-ls", "-s", "open" }, "", 0 },
	{ { "ticket-route", "sign", "1" }, "sign", 1 },
	{ { "ticket-route", "rules", "import", "-" }, "rules import", 2 },
	{ { "ticket-route", "rules", "x" },
	    "ticket-route rules: a verb must follow", 0 },
	{ { "ticket-route", "-A", "x", "sign" },
	    "ticket-route: the verb must come first, before \"-A\"", 0 },
	{ { "ticket-route" }, "ticket-route: a verb must follow", 0 },
	{ { "ticket-route", "fly" }, "ticket-route: no verb \"fly\"", 0 },
	{ { "ticket-reply", "review", "1" }, "review", 1 },
	{ { "ticket-reply", "1", "--text", "review" }, "reply", 0 },
	{ { "ticket-reply", "--text", "review", "review" }, "reply", 0 },
	{ { "ticket-sla", "calendar", "ls" }, "calendar ls", 2 },
	{ { "ticket-account", "key", "rm", "li" }, "key rm", 2 },
	{ { "sh", "-c", "id" }, "sh: not a command of ticket", 0 },
	{ { "/bin/ticket-ls" }, "/bin/ticket-ls: not a command of ticket", 0 },
};

static void
test_finds(void)
{
	const struct tk_perm *p;
	char why[TK_ERRLEN], desc[600];
	size_t i;
	int n;

	for (i = 0; i < sizeof(finds) / sizeof(finds[0]); i++) {
		p = tk_perm_find((char *const *)finds[i].words, &n, why);
		snprintf(desc, sizeof(desc), "perm: %s %s: %s",
		    finds[i].words[0], finds[i].words[1] ? finds[i].words[1] :
		    "", p ? p->verb : why);
		ok(p != NULL ? strcmp(p->verb, finds[i].verb) == 0 &&
		    n == finds[i].nverb : strcmp(why, finds[i].verb) == 0,
		    desc);
	}
}

static void
test_roles(void)
{
	const struct tk_perm *p;
	size_t rows = 0;
	int r, any;

	ok(tk_role_find("reader", 1) == TK_ROLE_READER &&
	    tk_role_find("reader", 3) == TK_ROLE_UNIT_READER &&
	    tk_role_find("clerk", 1) == -1 && tk_role_find("admin", 2) == -1,
	    "roles: the unit's level says which reader, and which roles fit");
	for (r = 0; r < TK_NROLES; r++) {
		any = 0;
		for (p = tk_perms; p->command != NULL; p++)
			any |= tk_perm_allows(p, r);
		ok(any, tk_roles[r].word);
	}
	for (p = tk_perms; p->command != NULL; p++)
		rows += p->roles != 0 && strncmp(p->command, "ticket-", 7) == 0;
	ok(rows == (size_t)(p - tk_perms), "perm: every row names roles");
}

static const struct key {
	const char	*line;
	const char	*want;		/* fingerprint, or the refusal */
} keys[] = {
	{ "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIELuvxUa4ZloJ+cS6fhV18cDlEhWdt0"
	    "b3HWu/Z8WfsIt li@JB",
	    "SHA256:AXWtvN0lHJUwWHcq70P68LzQ54Gk1IXAE2tNOE5/1SQ" },
	{ "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQC4rVPQd8idXaRewTqu0UfjTCpiN/kL"
	    "eb0fUQDTrLc8Z+StsinA9GljpZ7Lrj4rrU1sNVXCI7a8OG2gwX/ihDqmXQ8cZlJD9t"
	    "txBkjgbrREAZzzjJrrDF+IEJaxV5pkkRnKv3Gb1p1y4zcG0ISr1GAO9eO4/ObIj4v"
	    "H9j1+v63x3w== r@x",
	    "SHA256:c7UWyvELYwaA+stAZ315y6SkYNAPPnaQVRGZ8pBVBO4" },
	{ "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYA"
	    "AABBBNYLocJoxnhfHCpQVUzdBiy7iSlemUjBFZpvuhiz+ZHopq5sdv8qL1YtkZt6XU"
	    "nhN3atVbBx7nA9qd3lsZBc9Cs=",
	    "SHA256:FAdKRBoq4Wgqv6wD/8aIgTfx+ihjer72fNHNaIW/670" },
	{ "from=\"10.0.0.1\" ssh-ed25519 AAAA",
	    "not an OpenSSH public key: \"from=\"10.0.0.1\"\"" },
	{ "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIELuvxUa4ZloJ+cS6fhV18cDlEhWdt0b3HW"
	    "u/Z8WfsIt", "a ssh-rsa key that does not decode" },
	{ "ssh-ed25519 AAA!", "a ssh-ed25519 key that does not decode" },
};

static void
test_keys(void)
{
	char why[TK_ERRLEN], fp[TK_FP_LEN], desc[600], *norm;
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (tk_key_parse(keys[i].line, &norm, fp, why) == 0) {
			free(norm);
			snprintf(why, sizeof(why), "%s", fp);
		}
		snprintf(desc, sizeof(desc), "key: %s", why);
		ok(strcmp(why, keys[i].want) == 0, desc);
	}
}

int
main(void)
{
	test_splits();
	test_finds();
	test_roles();
	test_keys();
	printf("1..%d\n", ntest);
	return 0;
}
