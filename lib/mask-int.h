/*
 * mask-int.h: what the masking files share and nothing else sees.
 *
 * A scanner finds candidates (struct cand) in the original text; mask.c
 * picks the ones that do not overlap and renders the output.  Offsets
 * are bytes of the original text; a candidate masks its first mlen
 * bytes, keeping head and tail countable characters.
 */
struct cand {
	enum tk_mask_kind kind;
	size_t	off;		/* the hit, in the original text */
	size_t	len;
	size_t	mlen;		/* leading bytes of the hit that get masked */
	size_t	head;		/* countable characters kept at the start */
	size_t	tail;		/* and at the end */
	int	keepsep;	/* separators are copied, not counted */
};

struct candv {
	struct cand *v;
	size_t	n;
	size_t	cap;
};

/* mask.c */
size_t	 tk_mask_u8len(const char *);
size_t	 tk_mask_digitlen(const char *, char *);
int	 tk_mask_push(struct candv *, enum tk_mask_kind, size_t, size_t,
	    size_t, size_t);
int	 tk_mask_space(const char *);

/* mask-word.c: words, tables and the lexicon */
struct tk_lex {
	const char	*start;
	const char	*end;
	size_t		 width;		/* bytes of a record, '\n' not counted */
};
extern const struct tk_lex tk_lex_surname1_t, tk_lex_surname2_t,
	tk_lex_given_t, tk_lex_given1_t, tk_lex_given2_t, tk_lex_words2_t,
	tk_lex_words3_t;
int	 tk_lex_has(const struct tk_lex *, const char *);
size_t	 tk_mask_word(const char *, const char *const *);
size_t	 tk_mask_word_before(const char *, size_t, const char *const *);

/* mask-name.c: names and ids found from their context */
int	 tk_mask_scan_context(const char *, struct candv *);
int	 tk_mask_scan_names(const char *, const char *const *,
	    struct candv *);
