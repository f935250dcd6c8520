# ticket: Unix tools for a 12345 government service hotline.
.POSIX:

PREFIX	= /usr/local
BINDIR	= $(PREFIX)/bin
MANDIR	= $(PREFIX)/share/man
SYSCONFDIR = $(PREFIX)/etc

CC	= cc
CFLAGS	= -O2 -g -Wall -Wextra
CPPFLAGS = -D_GNU_SOURCE -DTK_SYSCONFDIR='"$(SYSCONFDIR)"' -Ilib
STD	= -std=c11
LDLIBS	= -lsqlite3 -ljansson -lcsv -lcrypto -lpthread -lm

LIB_SRC	!= ls lib/*.c
CMD_SRC	!= ls cmd/*.c
UNIT_SRC != ls tests/unit/*.c 2>/dev/null || true
LIB_OBJ	= $(LIB_SRC:.c=.o)
BINS	= $(CMD_SRC:cmd/%.c=bin/%)
UNITS	= $(UNIT_SRC:tests/unit/%.c=tests/unit/bin/%)
MAN1	!= ls man/*.1 2>/dev/null || true
MAN5	!= ls man/*.5 2>/dev/null || true
MAN7	!= ls man/*.7 2>/dev/null || true

all: $(BINS) $(UNITS)

lib/libticket.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(LIB_OBJ): lib/ticket.h lib/sql.h
lib/calendar-data.o: data/calendar-cn.csv
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
	    $(DESTDIR)$(SYSCONFDIR)/ticket
	cp $(BINS) $(DESTDIR)$(BINDIR)/
	cp $(MAN1) $(DESTDIR)$(MANDIR)/man1/
	cp $(MAN5) $(DESTDIR)$(MANDIR)/man5/
	cp $(MAN7) $(DESTDIR)$(MANDIR)/man7/
	test -e $(DESTDIR)$(SYSCONFDIR)/ticket/screening.csv || \
	    cp etc/screening.csv $(DESTDIR)$(SYSCONFDIR)/ticket/

uninstall:
	for b in $(BINS); do rm -f $(DESTDIR)$(BINDIR)/$${b#bin/}; done
	for m in $(MAN1) $(MAN5) $(MAN7); do \
	    s=$${m##*.}; rm -f $(DESTDIR)$(MANDIR)/man$$s/$${m#man/}; done

clean:
	rm -rf bin tests/unit/bin lib/*.o lib/libticket.a

.PHONY: all deps check check-asan lint demo bench install uninstall clean
