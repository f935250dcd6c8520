/*
 * self.c: where this program lives, and so where its siblings do.
 *
 * ticket-account writes ticket-shell's path into forced commands, and
 * ticket-shell runs the commands it lets through from its own directory,
 * never through $PATH, which a login might choose.  Linux's /proc names
 * the executable whatever argv[0] says.
 */
#include <limits.h>
#include <string.h>
#include <unistd.h>

#include "ticket.h"

/* The absolute path of the program name beside this one. */
char *
tk_self_sibling(const char *name)
{
	char self[PATH_MAX], *slash, *s;
	ssize_t n;

	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) == -1)
		tk_err(TK_EXIT_DATA, "/proc/self/exe");
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) != NULL)
		*slash = '\0';
	tk_xasprintf(&s, "%s/%s", self, name);
	return s;
}
