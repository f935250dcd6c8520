/*
 * mask-data.c: the name tables masking uses, built in.
 *
 * The files of data/mask are made by scripts/mask-lexicon from Debian's
 * friso-dict and committed: surnames, the characters of given names and
 * the ordinary words that would otherwise pass for a name.  Each file
 * holds records of one width (whole 3-byte characters), one per line,
 * sorted by bytes; .incbin places it here as it is, between a start and
 * an end symbol, and mask-name.c looks records up by binary search.  No
 * parsing, no global state that could change, nothing read at run time.
 * The paths are relative to the top of the tree, where make runs.
 */
#define TABLE(sym, file)						\
	__asm__("	.section .rodata\n"				\
	"	.global " #sym "\n"					\
	"	.global " #sym "_end\n"					\
	#sym ":\n"							\
	"	.incbin \"data/mask/" file "\"\n"			\
	#sym "_end:\n"							\
	"	.previous\n")

TABLE(tk_lex_surname1, "surname1.txt");
TABLE(tk_lex_surname2, "surname2.txt");
TABLE(tk_lex_given, "given.txt");
TABLE(tk_lex_given1, "given1.txt");
TABLE(tk_lex_given2, "given2.txt");
TABLE(tk_lex_words2, "words2.txt");
TABLE(tk_lex_words3, "words3.txt");
