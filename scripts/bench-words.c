/*
 * bench-words: each line of stdin as the tokens a search index would
 * keep of it, space-separated, for scripts/bench-search: "pairs" the
 * project's tokenizer (lib/search.c), "friso" the words of Debian's
 * libfriso segmenter with its installed settings.
 *
 *	bench-words pairs|friso <lines >tokens
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <friso/friso.h>

#include "sql.h"

static int
put(void *arg, const char *tok, int len, int start, int end)
{
	(void)arg;
	(void)start;
	(void)end;
	printf("%.*s ", len, tok);
	return 0;
}

static void
friso_lines(void)
{
	friso_t f = friso_new();
	friso_config_t c = friso_new_config();
	friso_task_t t;
	char *line = NULL;
	size_t cap = 0;

	if (friso_init_from_ifile(f, c, "/etc/friso/friso.ini") != 1) {
		fprintf(stderr, "bench-words: /etc/friso/friso.ini: cannot "
		    "load\n");
		exit(1);
	}
	t = friso_new_task();
	while (getline(&line, &cap, stdin) != -1) {
		line[strcspn(line, "\n")] = '\0';
		friso_set_text(t, line);
		while (c->next_token(f, c, t) != NULL)
			printf("%s ", t->token->word);
		putchar('\n');
	}
	free(line);
	friso_free_task(t);
	friso_free(f);
}

int
main(int argc, char *argv[])
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (argc == 2 && strcmp(argv[1], "friso") == 0) {
		friso_lines();
		return 0;
	}
	if (argc != 2 || strcmp(argv[1], "pairs") != 0) {
		fprintf(stderr, "usage: bench-words pairs|friso\n");
		return 2;
	}
	while ((n = getline(&line, &cap, stdin)) != -1) {
		tk_search_tokens(line, (int)n, put, NULL);
		putchar('\n');
	}
	free(line);
	return 0;
}
