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
	rm -rf bin tests/unit/bin lib/*.o lib/libticket.a

.PHONY: all deps check check-asan lint demo bench install uninstall deb clean
