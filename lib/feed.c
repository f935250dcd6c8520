/*
 * feed.c: intake records read and prepared on a second core.
 *
 * Parsing JSON and checking records costs about as much as storing
 * them, so a producer thread reads and prepares while the caller's
 * thread stores.  They meet in a ring of prepared items; each side owns
 * a slot until it hands it over under the lock, so no slot is ever
 * touched by both.  Bad records travel through the ring too: the caller
 * names them in input order, between its own messages.  When the input
 * would make the producer wait, it first sends a flush, so a quiet pipe
 * never holds a committed-in-waiting batch.  A side is woken only when
 * it sleeps, which keeps the two cores off the futex.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "sql.h"

/* Room for what the producer reads while the caller writes a batch's
 * search index (batch.c): a smaller ring left one core idle then. */
#define RING	1024

struct tk_feed {
	pthread_t		 thread;
	pthread_mutex_t		 mu;
	pthread_cond_t		 filled, emptied;
	struct tk_prepared	 ring[RING];
	size_t			 head, count;
	int			 producer_waits, consumer_waits;
	struct tk_reader	*rd;
	const struct tk_intake	*in;
};

static struct tk_prepared *
free_slot(struct tk_feed *f)
{
	struct tk_prepared *p;

	pthread_mutex_lock(&f->mu);
	while (f->count == RING) {
		f->producer_waits = 1;
		pthread_cond_wait(&f->emptied, &f->mu);
	}
	f->producer_waits = 0;
	p = &f->ring[(f->head + f->count) % RING];
	pthread_mutex_unlock(&f->mu);
	/* What the producer allocated, the producer frees: malloc keeps
	 * an arena per thread, and freeing across them fights for its
	 * lock. */
	tk_intake_clear(p);
	return p;
}

static void
hand_over(struct tk_feed *f)
{
	pthread_mutex_lock(&f->mu);
	f->count++;
	if (f->consumer_waits)
		pthread_cond_signal(&f->filled);
	pthread_mutex_unlock(&f->mu);
}

static void
send_kind(struct tk_feed *f, int kind)
{
	struct tk_prepared *p = free_slot(f);

	p->kind = kind;
	hand_over(f);
}

/* Reads one record into p; returns 0 at the end of the input. */
static int
produce(struct tk_feed *f, struct tk_prepared *p)
{
	json_t *rec = NULL;
	int rc = tk_reader_read(f->rd, &rec);

	p->kind = rc;
	p->source = tk_reader_source(f->rd);
	p->line = tk_reader_line(f->rd);
	if (rc == TK_READ_BAD)
		snprintf(p->why, sizeof(p->why), "%s", tk_reader_why(f->rd));
	else if (rc == TK_READ_REC && tk_intake_prepare(f->in, rec, p) == -1)
		p->kind = TK_READ_BAD;
	json_decref(rec);
	return rc != TK_READ_END;
}

static void *
producer(void *arg)
{
	struct tk_feed *f = arg;
	int more;

	do {
		if (tk_reader_would_block(f->rd))
			send_kind(f, TK_PREP_FLUSH);
		more = produce(f, free_slot(f));
		hand_over(f);
	} while (more);
	return NULL;
}

struct tk_feed *
tk_feed_start(struct tk_reader *rd, const struct tk_intake *in)
{
	struct tk_feed *f = tk_xmalloc(sizeof(*f));

	memset(f, 0, sizeof(*f));
	f->rd = rd;
	f->in = in;
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->filled, NULL);
	pthread_cond_init(&f->emptied, NULL);
	/* jansson seeds its hash function on first use: do it here, once. */
	json_object_seed(0);
	if (pthread_create(&f->thread, NULL, producer, f) != 0)
		tk_err(TK_EXIT_TEMP, "pthread_create");
	return f;
}

/* The next item, in input order; the caller gives it back with done. */
struct tk_prepared *
tk_feed_next(struct tk_feed *f)
{
	struct tk_prepared *p;

	pthread_mutex_lock(&f->mu);
	while (f->count == 0) {
		f->consumer_waits = 1;
		pthread_cond_wait(&f->filled, &f->mu);
	}
	f->consumer_waits = 0;
	p = &f->ring[f->head];
	pthread_mutex_unlock(&f->mu);
	return p;
}

void
tk_feed_done(struct tk_feed *f, struct tk_prepared *p)
{
	(void)p;
	pthread_mutex_lock(&f->mu);
	f->head = (f->head + 1) % RING;
	f->count--;
	/* Wake the producer only with room for many: fewer switches. */
	if (f->producer_waits && f->count <= RING / 2)
		pthread_cond_signal(&f->emptied);
	pthread_mutex_unlock(&f->mu);
}

/* After the end item: the producer has finished. */
void
tk_feed_stop(struct tk_feed *f)
{
	size_t i;

	pthread_join(f->thread, NULL);
	for (i = 0; i < RING; i++)
		tk_intake_clear(&f->ring[i]);
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->filled);
	pthread_cond_destroy(&f->emptied);
	free(f);
}
