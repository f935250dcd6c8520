/*
 * fuzz.h: what the libFuzzer harnesses share (fuzz/README).
 *
 * A parser that ends the program on bad input (tk_errx, tk_err, exit)
 * does so by design; a harness says which of those endings it expects
 * for its input, and the wrappers linked in with ld's --wrap return to
 * the harness instead.  Any other ending is a finding: abort().
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

#include "ticket.h"

extern jmp_buf fz_jump;

/*
 * fz_arm(words): from here, an ending whose message holds one of the
 * NULL-terminated words jumps back to the setjmp(fz_jump) that follows
 * (returning 1); fz_disarm() after the call.
 */
void	 fz_arm(const char *const *);
void	 fz_disarm(void);

/* The input as a file the library opens by name (a memfd). */
const char *fz_path(const uint8_t *, size_t);
struct tk_lines *fz_lines(const uint8_t *, size_t);

/* The input as a NUL-terminated string, freed by the next call. */
char	*fz_string(const uint8_t *, size_t);

/*
 * A database in memory, made once a process, with a small network of
 * units (fz_units) stored; harnesses write inside a transaction they
 * roll back, so every input meets the same database.
 */
struct tk_db *fz_db(void);
extern const char fz_units[];

#define FZ_NOW	1772416800	/* 2026-03-02T10:00:00+08:00 */

#endif /* FUZZ_H */
