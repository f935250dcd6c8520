#!/bin/sh -e
# Every libFuzzer harness (fuzz/README) built and run once over its seed
# corpus, the inputs that once crashed among them: a parser that breaks
# again fails here, not only under make fuzz.  Without clang's libFuzzer
# (make deps installs it) the test says so and skips.
. "$(dirname "$0")/lib.sh"

names=$(ls "$top/fuzz/corpus")
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)\n{ (void)d; (void)n; return 0; }\n' >probe.c
if ! clang -fsanitize=fuzzer -o probe probe.c >/dev/null 2>&1; then
	echo "1..0 # SKIP clang with libFuzzer is missing (make deps)"
	exit 0
fi

plan $(($(echo $names | wc -w) + 1))

# The top make's flags (check-asan's CFLAGS, its jobserver) stay there.
set +e
(cd "$top" && MAKEFLAGS= MAKELEVEL= make fuzz-build) >build.log 2>&1
rc=$?
set -e
is "$rc" 0 "the harnesses build"
[ "$rc" -eq 0 ] || sed 's/^/# /' build.log | tail -n 20

for f in $names; do
	set +e
	"$top/fuzz/bin/$f" -runs=0 "$top/fuzz/corpus/$f" >"$f.log" 2>&1
	rc=$?
	set -e
	is "$rc" 0 "$f: its corpus runs clean"
	[ "$rc" -eq 0 ] || grep -a -E 'ERROR|runtime error|fuzz:' "$f.log" |
	    sed 's/^/# /' | head -n 10
done
