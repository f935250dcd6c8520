/*
 * bench-rss: runs a command and writes to a file its wall time, its CPU
 * time, its peak resident set and its exit status, for scripts/bench.
 *
 * Both come from wait4(2), whose usage on Linux covers the child and
 * every descendant it waited for.  So for "sh -c 'a | b'" the CPU time
 * is the sum over sh, a and b, and the peak resident set is the largest
 * of the three (ru_maxrss is a maximum, never a sum).
 */
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static void
usage(void)
{
	fprintf(stderr, "usage: bench-rss -o file command [argument ...]\n");
	exit(2);
}

static double
secs(const struct timeval *tv)
{
	return tv->tv_sec + tv->tv_usec / 1e6;
}

int
main(int argc, char *argv[])
{
	struct timespec t0, t1;
	struct rusage ru;
	const char *out = NULL;
	FILE *fp;
	pid_t pid;
	int ch, status;

	while ((ch = getopt(argc, argv, "+o:")) != -1) {
		if (ch != 'o')
			usage();
		out = optarg;
	}
	if (out == NULL || optind == argc)
		usage();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == -1) {
		perror("bench-rss: fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[optind], argv + optind);
		fprintf(stderr, "bench-rss: %s: %s\n", argv[optind],
		    strerror(errno));
		_exit(127);
	}
	while (wait4(pid, &status, 0, &ru) == -1)
		if (errno != EINTR) {
			perror("bench-rss: wait4");
			return 1;
		}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if ((fp = fopen(out, "w")) == NULL) {
		perror(out);
		return 1;
	}
	fprintf(fp, "%.3f %.3f %ld %d\n", (t1.tv_sec - t0.tv_sec) +
	    (t1.tv_nsec - t0.tv_nsec) / 1e9, secs(&ru.ru_utime) +
	    secs(&ru.ru_stime), ru.ru_maxrss, WIFEXITED(status) ?
	    WEXITSTATUS(status) : 128 + WTERMSIG(status));
	if (fclose(fp) == EOF) {
		perror(out);
		return 1;
	}
	return 0;
}
