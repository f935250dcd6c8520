# ticket: Unix tools for a 12345 government service hotline.
.POSIX:

PREFIX	= /usr/local
BINDIR	= $(PREFIX)/bin
MANDIR	= $(PREFIX)/share/man
SYSCONFDIR = $(PREFIX)/etc
LIBEXECDIR = $(PREFIX)/libexec
SYSTEMDDIR = $(PREFIX)/lib/systemd/system
COMPDIR	= $(PREFIX)/share/bash-completion/completions
LOGROTATEDIR = /etc/logrotate.d
SUDOERSDIR = /etc/sudoers.d
# make deb builds the Debian package from a copy of the tree in here.
DEBDIR	= deb

CC	= cc
CFLAGS	= -O2 -g -Wall -Wextra
CPPFLAGS = -D_GNU_SOURCE -DTK_SYSCONFDIR='"$(SYSCONFDIR)"' -Ilib
STD	= -std=c11
LDLIBS	= -lsqlite3 -ljansson -lcsv -lcrypto -lmagic -lpthread -lm

LIB_SRC	!= ls lib/*.c
CMD_SRC	!= ls cmd/*.c
UNIT_SRC != ls tests/unit/*.c 2>/dev/null || true
LIB_OBJ	= $(LIB_SRC:.c=.o)
# The libFuzzer harnesses (fuzz/README): the library built again with
# clang's sanitizers, one program a parser, each run for FUZZ_SECONDS.
FUZZ_CC	= clang
FUZZ_CFLAGS = -g -O1 -Wall -Wextra -Werror -fno-omit-frame-pointer \
	    -fsanitize=address,undefined -fno-sanitize-recover=all
FUZZ_WRAP = -Wl,--wrap=tk_errx,--wrap=tk_err,--wrap=exit
FUZZ_SECONDS = 60
FUZZ_NAMES = intake-json intake-csv units rules kb calendar holiday-cn \
	    screening sms archive-import conf time mask shellwords
FUZZ_OBJ = $(LIB_SRC:lib/%.c=fuzz/obj/%.o)
FUZZ_BINS = $(FUZZ_NAMES:%=fuzz/bin/%)
BINS	= $(CMD_SRC:cmd/%.c=bin/%)
UNITS	= $(UNIT_SRC:tests/unit/%.c=tests/unit/bin/%)
MAN1	!= ls man/*.1 2>/dev/null || true
MAN5	!= ls man/*.5 2>/dev/null || true
MAN7	!= ls man/*.7 2>/dev/null || true
UNITFILES != ls etc/systemd/* 2>/dev/null || true
VERSION	!= sed -n 's/^\#define TK_VERSION.*"\(.*\)"/\1/p' lib/ticket.h
# Paths written into the units and the sudoers drop-in as installed.
SUBST	= sed -e 's|@BINDIR@|$(BINDIR)|g' -e 's|@LIBEXECDIR@|$(LIBEXECDIR)|g'

all: $(BINS) $(UNITS)

lib/libticket.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(LIB_OBJ): lib/ticket.h lib/sql.h
lib/calendar-data.o: data/calendar-cn.csv
lib/mask-data.o: data/mask/surname1.txt data/mask/surname2.txt \
    data/mask/given.txt data/mask/given1.txt data/mask/given2.txt \
    data/mask/words2.txt data/mask/words3.txt
lib/mask.o lib/mask-name.o lib/mask-word.o: lib/mask-int.h
lib/screen-data.o: etc/screening.csv

.c.o:
	$(CC) $(STD) $(CPPFLAGS) $(CFLAGS) -c -o $@ $<

bin/%: cmd/%.c lib/libticket.a lib/ticket.h
	@mkdir -p bin
	$(CC) $(STD) $(CPPFLAGS) $(CFLAGS) -o $@ $< lib/libticket.a $(LDFLAGS) $(LDLIBS)

tests/unit/bin/%: tests/unit/%.c lib/libticket.a lib/ticket.h
	@mkdir -p tests/unit/bin
	$(CC) $(STD) $(CPPFLAGS) $(CFLAGS) -o $@ $< lib/libticket.a $(LDFLAGS) $(LDLIBS)

fuzz/obj/%.o: lib/%.c lib/ticket.h lib/sql.h
	@mkdir -p fuzz/obj
	$(FUZZ_CC) $(STD) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link \
	    -c -o $@ $<
fuzz/obj/calendar-data.o: data/calendar-cn.csv
fuzz/obj/screen-data.o: etc/screening.csv

fuzz/obj/libticket.a: $(FUZZ_OBJ)
	rm -f $@
	ar rcs $@ $(FUZZ_OBJ)

fuzz/obj/common.o: fuzz/common.c fuzz/fuzz.h lib/ticket.h
	@mkdir -p fuzz/obj
	$(FUZZ_CC) $(STD) $(CPPFLAGS) $(FUZZ_CFLAGS) -c -o $@ fuzz/common.c

FUZZ_LINK = $(FUZZ_CC) $(STD) $(CPPFLAGS) $(FUZZ_CFLAGS) -fsanitize=fuzzer
FUZZ_DEPS = fuzz/obj/common.o fuzz/obj/libticket.a fuzz/fuzz.h lib/sql.h
FUZZ_LIBS = fuzz/obj/common.o fuzz/obj/libticket.a $(FUZZ_WRAP) $(LDLIBS)
fuzz/bin/%: fuzz/%.c $(FUZZ_DEPS)
	@mkdir -p fuzz/bin
	$(FUZZ_LINK) -o $@ $< $(FUZZ_LIBS)
# Two harnesses of one source, each with its own corpus.
fuzz/bin/intake-json: fuzz/intake.c $(FUZZ_DEPS)
	@mkdir -p fuzz/bin
	$(FUZZ_LINK) -o $@ fuzz/intake.c $(FUZZ_LIBS)
fuzz/bin/intake-csv: fuzz/intake.c $(FUZZ_DEPS)
	@mkdir -p fuzz/bin
	$(FUZZ_LINK) -DFZ_CSV=1 -o $@ fuzz/intake.c $(FUZZ_LIBS)
fuzz/bin/holiday-cn: fuzz/calendar.c $(FUZZ_DEPS)
	@mkdir -p fuzz/bin
	$(FUZZ_LINK) -DFZ_HOLIDAY_CN=1 -o $@ fuzz/calendar.c $(FUZZ_LIBS)

fuzz-build: $(FUZZ_BINS)

# Each harness for FUZZ_SECONDS, one after another, growing its corpus
# in fuzz/out (the seeds in fuzz/corpus stay as they are).
fuzz: fuzz-build
	for f in $(FUZZ_NAMES); do mkdir -p fuzz/out/$$f && \
	    fuzz/bin/$$f -max_total_time=$(FUZZ_SECONDS) -close_fd_mask=3 \
	    -print_final_stats=1 \
	    -artifact_prefix=fuzz/out/$$f- fuzz/out/$$f fuzz/corpus/$$f || \
	    exit 1; done

deps:
	scripts/install-deps

check: all
	prove -j2 tests/*.t $(UNITS)

check-asan:
	$(MAKE) clean
	$(MAKE) check CFLAGS='-O1 -g -Wall -Wextra -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all' \
	    LDFLAGS='-fsanitize=address,undefined'
	$(MAKE) clean

lint: all
	mandoc -Tlint -W warning man/*.[157]

demo: all
	scripts/demo

bench: all
	scripts/bench
	scripts/bench-sla
	scripts/bench-route

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
	    $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(SYSCONFDIR)/ticket $(DESTDIR)$(LIBEXECDIR) \
	    $(DESTDIR)$(SYSTEMDDIR) $(DESTDIR)$(COMPDIR) \
	    $(DESTDIR)$(LOGROTATEDIR) $(DESTDIR)$(SUDOERSDIR)
	cp $(BINS) $(DESTDIR)$(BINDIR)/
	cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	cp $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	cp $(MAN7) $(DESTDIR)$(MANDIR)/man7/
	test -e $(DESTDIR)$(SYSCONFDIR)/ticket/screening.csv || \
	    cp etc/screening.csv $(DESTDIR)$(SYSCONFDIR)/ticket/
	test -e $(DESTDIR)$(SYSCONFDIR)/ticket/ticket.conf || \
	    cp etc/ticket.conf $(DESTDIR)$(SYSCONFDIR)/ticket/
	cp scripts/notify-example $(DESTDIR)$(LIBEXECDIR)/ticket-notify
	for u in $(UNITFILES); do \
	    $(SUBST) $$u >$(DESTDIR)$(SYSTEMDDIR)/$${u##*/}; done
	cp scripts/completion.bash $(DESTDIR)$(COMPDIR)/ticket
	for b in $(BINS); do ln -sf ticket $(DESTDIR)$(COMPDIR)/$${b#bin/}; done
	test -e $(DESTDIR)$(LOGROTATEDIR)/ticket || \
	    cp etc/logrotate $(DESTDIR)$(LOGROTATEDIR)/ticket
	test -e $(DESTDIR)$(SUDOERSDIR)/ticket || { \
	    $(SUBST) etc/sudoers >$(DESTDIR)$(SUDOERSDIR)/ticket && \
	    chmod 440 $(DESTDIR)$(SUDOERSDIR)/ticket; }

uninstall:
	for b in $(BINS); do rm -f $(DESTDIR)$(BINDIR)/$${b#bin/} \
	    $(DESTDIR)$(COMPDIR)/$${b#bin/}; done
	for m in $(MAN1) $(MAN5) $(MAN7); do \
	    s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m#man/}; done
	for u in $(UNITFILES); do rm -f $(DESTDIR)$(SYSTEMDDIR)/$${u##*/}; done
	rm -f $(DESTDIR)$(LIBEXECDIR)/ticket-notify $(DESTDIR)$(COMPDIR)/ticket

# The package is built from a copy of the sources, so that the build
# leaves the tree as it was and writes nothing beside it.
deb:
	rm -rf $(DEBDIR)/ticket-$(VERSION) $(DEBDIR)/ticket_$(VERSION)_*
	mkdir -p $(DEBDIR)/ticket-$(VERSION)
	tar cf - --exclude='*.o' --exclude='*.a' Makefile README.md cmd data \
	    debian etc lib man scripts | \
	    (cd $(DEBDIR)/ticket-$(VERSION) && tar xf -)
	cd $(DEBDIR)/ticket-$(VERSION) && \
	    MAKEFLAGS= MAKELEVEL= dpkg-buildpackage -us -uc -b
	lintian --fail-on error $(DEBDIR)/ticket_$(VERSION)_*.changes

clean:
	rm -rf bin tests/unit/bin lib/*.o lib/libticket.a fuzz/bin fuzz/obj

.PHONY: all fuzz fuzz-build deps check check-asan lint demo bench install uninstall deb clean
