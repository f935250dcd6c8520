/*
 * shellwords.c: the command line an SSH client sends ticket-shell(1),
 * split into words with no shell.
 */
#include "fuzz.h"

int	 LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[TK_ERRLEN], **words;
	const struct tk_perm *perm;
	int nverb;

	if ((words = tk_shellwords(fz_string(data, size), err)) == NULL)
		return 0;
	/* What ticket-shell does next: the words' row of permissions. */
	if (words[0] != NULL &&
	    (perm = tk_perm_find(words, &nverb, err)) != NULL)
		tk_perm_allows(perm, TK_ROLE_AGENT);
	tk_free_words(words);
	return 0;
}
