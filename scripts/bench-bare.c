/*
 * bench-bare: the bare C intake pipeline that scripts/bench measures
 * ticket-new against.
 *
 * Reads JSON lines from stdin, parses each with jansson, stores it with
 * one prepared INSERT into a table with the columns and indexes of
 * ticket's (lib/schema.c, migration 1), a thousand records a
 * transaction, WAL, synchronous=NORMAL, and writes each record's compact
 * dump (the one it stored) to stdout.  It checks nothing, logs no event,
 * allocates no number: it is the floor under what ticket-new does.
 * With -p it only parses, to show what jansson alone costs; -s prints
 * the table's SQL, for the other references to use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <sqlite3.h>

#define BATCH	1000

/* Migration 1's ticket table, one statement a line. */
static const char schema[] =
	"CREATE TABLE IF NOT EXISTS ticket ("
	"  id TEXT PRIMARY KEY,"
	"  source_id TEXT,"
	"  received_at INTEGER NOT NULL,"
	"  channel TEXT NOT NULL,"
	"  category TEXT NOT NULL,"
	"  topic TEXT,"
	"  area TEXT,"
	"  caller_phone TEXT,"
	"  urgent INTEGER NOT NULL DEFAULT 0,"
	"  status TEXT NOT NULL,"
	"  mode TEXT,"
	"  duplicate_of TEXT REFERENCES ticket(id),"
	"  updated_at INTEGER NOT NULL,"
	"  doc TEXT NOT NULL"
	");\n"
	"CREATE UNIQUE INDEX IF NOT EXISTS ticket_source ON ticket(source_id)"
	"  WHERE source_id IS NOT NULL;\n"
	"CREATE INDEX IF NOT EXISTS ticket_status"
	"  ON ticket(status, received_at);\n"
	"CREATE INDEX IF NOT EXISTS ticket_received ON ticket(received_at);\n"
	"CREATE INDEX IF NOT EXISTS ticket_caller"
	"  ON ticket(caller_phone, area, topic)"
	"  WHERE caller_phone IS NOT NULL;";

static const char insert[] =
	"INSERT INTO ticket(id, source_id, received_at, channel, category,"
	" topic, area, caller_phone, urgent, status, updated_at, doc)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, 'new', ?10, ?11)";

static sqlite3 *db;

static void __attribute__((noreturn))
die(const char *what)
{
	fprintf(stderr, "bench-bare: %s: %s\n", what,
	    db != NULL ? sqlite3_errmsg(db) : "failed");
	exit(1);
}

static void
exec(const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(sql);
}

static long
days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* "2025-01-01T08:00:00+08:00" to seconds; 0 for anything else. */
static long
seconds(const char *s)
{
	int y, mo, d, h, mi, sec, zh, zm, n = 0;
	char sign;

	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%c%2d:%2d%n", &y,
	    &mo, &d, &h, &mi, &sec, &sign, &zh, &zm, &n) != 9 || s[n] != '\0')
		return 0;
	return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    (sign == '-' ? -1 : 1) * (zh * 3600 + zm * 60);
}

static void
text(sqlite3_stmt *st, int i, json_t *v)
{
	const char *s = json_string_value(v);

	if ((s != NULL ? sqlite3_bind_text(st, i, s, -1, SQLITE_STATIC) :
	    sqlite3_bind_null(st, i)) != SQLITE_OK)
		die("bind");
}

static void
store(sqlite3_stmt *st, json_t *rec, long seq, const char *doc)
{
	char id[32];

	snprintf(id, sizeof(id), "%ld", seq);
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	text(st, 2, json_object_get(rec, "source_id"));
	sqlite3_bind_int64(st, 3, seconds(json_string_value(
	    json_object_get(rec, "received_at"))));
	text(st, 4, json_object_get(rec, "channel"));
	text(st, 5, json_object_get(rec, "category"));
	text(st, 6, json_object_get(rec, "topic"));
	text(st, 7, json_object_get(rec, "area"));
	text(st, 8, json_object_get(json_object_get(rec, "caller"), "phone"));
	sqlite3_bind_int(st, 9, json_is_true(json_object_get(rec, "urgent")));
	sqlite3_bind_int64(st, 10, (sqlite3_int64)time(NULL));
	sqlite3_bind_text(st, 11, doc, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		die("insert");
	sqlite3_reset(st);
}

/* Parses every line; stores and prints them unless st is NULL. */
static long
run(sqlite3_stmt *st)
{
	json_error_t e;
	json_t *rec;
	char *line = NULL, *doc;
	size_t cap = 0;
	ssize_t len;
	long n = 0;

	while ((len = getline(&line, &cap, stdin)) != -1) {
		if ((rec = json_loadb(line, len, 0, &e)) == NULL) {
			fprintf(stderr, "bench-bare: line %ld: %s\n", n + 1,
			    e.text);
			exit(1);
		}
		n++;
		if (st != NULL) {
			if (n % BATCH == 1)
				exec("BEGIN");
			if ((doc = json_dumps(rec, JSON_COMPACT)) == NULL)
				die("json_dumps");
			store(st, rec, n, doc);
			if (puts(doc) == EOF)
				die("stdout");
			free(doc);
			if (n % BATCH == 0)
				exec("COMMIT");
		}
		json_decref(rec);
	}
	free(line);
	if (st != NULL && n % BATCH != 0)
		exec("COMMIT");
	return n;
}

static void
usage(void)
{
	fprintf(stderr, "usage: bench-bare db\n       bench-bare -p | -s\n");
	exit(2);
}

int
main(int argc, char *argv[])
{
	sqlite3_stmt *st;
	int ch, mode = 0;

	while ((ch = getopt(argc, argv, "ps")) != -1) {
		if (ch != 'p' && ch != 's')
			usage();
		mode = ch;
	}
	if (argc - optind != (mode == 0))
		usage();
	if (mode == 'p')
		run(NULL);
	if (mode == 's' && puts(schema) == EOF)
		die("stdout");
	if (mode != 0)
		return 0;
	if (sqlite3_open(argv[optind], &db) != SQLITE_OK)
		die(argv[optind]);
	exec("PRAGMA journal_mode = WAL");
	exec("PRAGMA synchronous = NORMAL");
	exec(schema);
	if (sqlite3_prepare_v2(db, insert, -1, &st, NULL) != SQLITE_OK)
		die("prepare");
	run(st);
	sqlite3_finalize(st);
	if (sqlite3_close(db) != SQLITE_OK)
		die("close");
	if (fflush(stdout) == EOF || ferror(stdout))
		die("stdout");
	return 0;
}
