/*-------------------------------------------------------------------------
 *
 * plan_cache.c
 *	  The per-backend cache of requests (graphql.plan_cache_size entries,
 *	  least recently used first out): for a query text, operation name,
 *	  role, catalog generation and the settings that change what a request
 *	  may do (graphql.schemas, graphql.introspection, graphql.max_tokens),
 *	  the parsed and validated document, and the SPI plans of the SQL
 *	  statements its root fields compiled to, prepared once (SPI_prepare and
 *	  SPI_keepplan) and run with each request's values as parameters.
 *
 * A request found here skips parsing, validation and PostgreSQL's parse
 * analysis and planning; PostgreSQL's plan cache still replans a statement
 * when a relation it uses changes, and our entries are dropped when the
 * catalog generation moves (a change to what the schemas reflect: cache.c).
 * Entries are found by the hash of their key in a dynahash table and kept
 * on a list, the most recently used first; the key's prefix is what the
 * other modules' settings contribute (gql_cache_key, gql_limits_key).  A variable whose value
 * changes a statement's text (a where object given as a variable, an enum
 * choosing the sort order) gets a plan of its own for that text; scalar
 * variables are parameters and share one.  An entry also keeps the
 * compiled statements for up to eight shapes of its variables (reuse.c),
 * so that a hit whose variables differ only in bound values skips
 * coercing and compiling too.
 *
 * An entry in use by a request is pinned: dropping it (eviction, a new
 * catalog generation) only unlinks it, and the last release frees it.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "common/hashfn.h"
#include "executor/spi_priv.h"
#include "fmgr.h"
#include "funcapi.h"
#include "lib/ilist.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/plancache.h"

#include "cache.h"
#include "settings.h"
#include "parser.h"
#include "plan_cache.h"

/* Most statements kept per entry (distinct texts of its root fields). */
#define MAX_PLANS_PER_ENTRY 32

typedef struct PlannedStatement
{
	char	   *text;
	int			nparams;
	Oid		   *types;
	SPIPlanPtr	plan;
} PlannedStatement;

struct PlanEntry
{
	MemoryContext cxt;			/* everything of the entry but its SPI plans */
	char	   *key;			/* see make_key */
	int			keyLen;
	uint32		hash;
	uint64		generation;
	dlist_node	lru;			/* in lru, the most recently used first */
	GqlDocument *doc;
	GqlOperation *op;
	List	   *plans;			/* of PlannedStatement */
	List	   *compiled;		/* compiled statements by variables (reuse.c) */
	int			pins;
	bool		linked;			/* in the table */
};

/* The entries whose keys hash alike (nearly always one). */
typedef struct Bucket
{
	uint32		hash;			/* hash key */
	List	   *entries;		/* of PlanEntry */
} Bucket;

int			gql_plan_cache_size = 100;
int			gql_plan_cache_memory = 65536;	/* kB */

static HTAB *table;				/* Bucket by the hash of the key */
static dlist_head lru = DLIST_STATIC_INIT(lru);
static int	nentries;
static uint64 linkedGeneration;	/* of every entry in the table */
static uint64 hits;
static uint64 misses;
static uint64 evictions;
static uint64 reuses;
static MemoryContext cacheContext;

PG_FUNCTION_INFO_V1(graphql_cache_stats);

void
gql_plan_cache_init(void)
{
	DefineCustomIntVariable("graphql.plan_cache_size",
							"Sets how many requests each backend keeps parsed, validated and planned.",
							"0 turns the cache off.",
							&gql_plan_cache_size,
							100, 0, 10000,
							PGC_USERSET, 0,
							NULL, NULL, NULL);
	DefineCustomIntVariable("graphql.plan_cache_memory",
							"Sets the most memory each backend's plan cache may hold.",
							"Documents, compiled statements and their SPI plans, generic plans included; "
							"the least recently used entries go first.",
							&gql_plan_cache_memory,
							65536, 0, INT_MAX / 2,
							PGC_SUSET, GUC_UNIT_KB,
							NULL, NULL, NULL);
}

static void
free_entry(PlanEntry *e)
{
	ListCell   *lc;

	foreach(lc, e->plans)
		SPI_freeplan(((PlannedStatement *) lfirst(lc))->plan);
	MemoryContextDelete(e->cxt);
}

/* Put an entry in the table, as the most recently used. */
static void
link_entry(PlanEntry *e)
{
	Bucket	   *b;
	bool		found;
	MemoryContext old;

	if (table == NULL)
	{
		HASHCTL		ctl;

		ctl.keysize = sizeof(uint32);
		ctl.entrysize = sizeof(Bucket);
		ctl.hcxt = cacheContext;
		table = hash_create("graphql plan cache", 128, &ctl,
							HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	}
	b = hash_search(table, &e->hash, HASH_ENTER, &found);
	if (!found)
		b->entries = NIL;
	old = MemoryContextSwitchTo(cacheContext);
	b->entries = lappend(b->entries, e);
	MemoryContextSwitchTo(old);
	dlist_push_head(&lru, &e->lru);
	nentries++;
	e->linked = true;
}

/* Take an entry out of the table; free it unless a request holds it. */
static void
unlink_entry(PlanEntry *e)
{
	Bucket	   *b = hash_search(table, &e->hash, HASH_FIND, NULL);

	b->entries = list_delete_ptr(b->entries, e);
	if (b->entries == NIL)
		hash_search(table, &e->hash, HASH_REMOVE, NULL);
	dlist_delete(&e->lru);
	nentries--;
	e->linked = false;
	if (e->pins == 0)
		free_entry(e);
}

/*
 * The memory an entry holds: its context (document, compiled statements)
 * and its SPI plans' (each statement's source, analyzed queries and, once
 * PostgreSQL made one, its generic plan).
 */
static Size
entry_bytes(PlanEntry *e)
{
	Size		bytes = MemoryContextMemAllocated(e->cxt, true);
	ListCell   *lc;

	foreach(lc, e->plans)
	{
		SPIPlanPtr	plan = ((PlannedStatement *) lfirst(lc))->plan;
		ListCell   *ls;

		bytes += MemoryContextMemAllocated(plan->plancxt, true);
		foreach(ls, plan->plancache_list)
		{
			CachedPlanSource *source = lfirst(ls);

			bytes += MemoryContextMemAllocated(source->context, true);
			if (source->gplan != NULL)
				bytes += MemoryContextMemAllocated(source->gplan->context, true);
		}
	}
	return bytes;
}

/* The least recently used entry (the table is not empty). */
static PlanEntry *
least_used(void)
{
	return dlist_tail_element(PlanEntry, lru, &lru);
}

/*
 * Drop the entries of an older catalog generation, and the least used
 * beyond the size (room: entries about to be added) or beyond
 * graphql.plan_cache_memory.
 */
static void
trim(uint64 generation, int room)
{
	Size		limit = (Size) gql_plan_cache_memory * 1024;
	Size		total = 0;
	dlist_mutable_iter it;
	dlist_iter	iter;

	if (generation != linkedGeneration)
	{
		dlist_foreach_modify(it, &lru)
			unlink_entry(dlist_container(PlanEntry, lru, it.cur));
		linkedGeneration = generation;
	}
	while (nentries > 0 && nentries > gql_plan_cache_size - room)
	{
		unlink_entry(least_used());
		evictions++;
	}
	dlist_foreach(iter, &lru)
		total += entry_bytes(dlist_container(PlanEntry, lru, iter.cur));
	while (nentries > 0 && total > limit)
	{
		PlanEntry  *victim = least_used();

		total -= entry_bytes(victim);
		unlink_entry(victim);
		evictions++;
	}
}

/* Bytes of a document hashed, compared or copied between checks for a cancel. */
#define KEY_CHUNK 65536

/*
 * The key: everything a cached document's validity depends on (the key's
 * prefix, made here: what each module's settings change, then the
 * operation name), then the text.
 */
static char *
key_prefix(const char *operationName, int *prefixLen)
{
	StringInfoData key;

	initStringInfo(&key);
	gql_cache_key(&key);		/* role, graphql.schemas */
	gql_limits_key(&key);		/* the limits validation checks */
	appendStringInfo(&key, "%s|%d|", operationName ? operationName : "",
					 operationName ? (int) strlen(operationName) : -1);
	*prefixLen = key.len;
	return key.data;
}

/*
 * The hash of a key, its text taken in chunks: a document may be tens of
 * megabytes, and a cancel must not wait for it.
 */
static uint32
key_hash(const char *prefix, int prefixLen, const char *query, int len)
{
	uint64		h = hash_bytes_extended((const unsigned char *) prefix, prefixLen, 0);

	for (int off = 0; off < len; off += KEY_CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		h = hash_bytes_extended((const unsigned char *) query + off, Min(KEY_CHUNK, len - off), h);
	}
	return (uint32) h;
}

static bool
key_equals(const PlanEntry *e, const char *prefix, int prefixLen, const char *query, int len)
{
	if (e->keyLen != prefixLen + len || memcmp(e->key, prefix, prefixLen) != 0)
		return false;
	for (int off = 0; off < len; off += KEY_CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		if (memcmp(e->key + prefixLen + off, query + off, Min(KEY_CHUNK, len - off)) != 0)
			return false;
	}
	return true;
}

/* The key in the current memory context. */
static char *
make_key(const char *prefix, int prefixLen, const char *query, int len)
{
	char	   *key = MemoryContextAllocHuge(CurrentMemoryContext, (Size) prefixLen + len);

	memcpy(key, prefix, prefixLen);
	for (int off = 0; off < len; off += KEY_CHUNK)
	{
		CHECK_FOR_INTERRUPTS();
		memcpy(key + prefixLen + off, query + off, Min(KEY_CHUNK, len - off));
	}
	return key;
}

/*
 * The cached document and operation of a request, or NULL.  The entry is
 * pinned until gql_plan_cache_discard.  generation: the catalog's when the
 * request's schema was taken (entries of another are dropped).
 */
PlanEntry *
gql_plan_cache_lookup(const char *query, int len, const char *operationName, uint64 generation,
					  GqlDocument **doc, GqlOperation **op)
{
	int			prefixLen;
	char	   *prefix;
	uint32		hash;
	Bucket	   *b;
	ListCell   *lc;

	if (gql_plan_cache_size <= 0)
	{
		trim(gql_catalog_generation(), 0);
		return NULL;
	}
	if (generation != gql_catalog_generation())
	{
		/* the schema was already out of date when it was taken */
		misses++;
		return NULL;
	}
	/* a document larger than all the memory allowed is never kept */
	if ((Size) len > (Size) gql_plan_cache_memory * 1024)
	{
		misses++;
		return NULL;
	}
	prefix = key_prefix(operationName, &prefixLen);
	hash = key_hash(prefix, prefixLen, query, len);
	b = table != NULL ? hash_search(table, &hash, HASH_FIND, NULL) : NULL;
	foreach(lc, b != NULL ? b->entries : NIL)
	{
		PlanEntry  *e = lfirst(lc);

		if (e->generation == generation && key_equals(e, prefix, prefixLen, query, len))
		{
			dlist_move_head(&lru, &e->lru);
			e->pins++;
			hits++;
			*doc = e->doc;
			*op = e->op;
			pfree(prefix);
			return e;
		}
	}
	pfree(prefix);
	misses++;
	return NULL;
}

/* A new entry, not yet in the table: the caller parses into its context. */
PlanEntry *
gql_plan_cache_begin(void)
{
	PlanEntry  *e;
	MemoryContext cxt;

	if (gql_plan_cache_size <= 0)
		return NULL;
	if (cacheContext == NULL)
		cacheContext = AllocSetContextCreate(CacheMemoryContext, "graphql plan cache",
											 ALLOCSET_DEFAULT_SIZES);
	cxt = AllocSetContextCreate(cacheContext, "graphql plan", ALLOCSET_SMALL_SIZES);
	e = MemoryContextAllocZero(cxt, sizeof(PlanEntry));
	e->cxt = cxt;
	e->pins = 1;
	return e;
}

MemoryContext
gql_plan_entry_context(PlanEntry *entry)
{
	return entry->cxt;
}

/* The compiled statements kept with an entry, in its memory context (reuse.c). */
List	  **
gql_plan_entry_compiled(PlanEntry *entry)
{
	return &entry->compiled;
}

/* A hit ran statements compiled before, with new values. */
void
gql_plan_cache_count_reuse(void)
{
	reuses++;
}

/*
 * Put a validated request's entry in the table (still pinned), under the
 * catalog generation of the schema it was validated against: if the
 * catalog changed since, the entry is found by no later request.
 */
void
gql_plan_cache_store(PlanEntry *e, const char *query, int len, const char *operationName,
					 uint64 generation, GqlDocument *doc, GqlOperation *op)
{
	MemoryContext old;
	int			prefixLen;
	char	   *prefix;

	/* a document larger than all the memory allowed is not kept: no copy */
	if ((Size) len > (Size) gql_plan_cache_memory * 1024)
		return;
	prefix = key_prefix(operationName, &prefixLen);
	old = MemoryContextSwitchTo(e->cxt);
	e->key = make_key(prefix, prefixLen, query, len);
	MemoryContextSwitchTo(old);
	e->keyLen = prefixLen + len;
	e->hash = key_hash(prefix, prefixLen, query, len);
	pfree(prefix);
	e->generation = generation;
	e->doc = doc;
	e->op = op;
	trim(gql_catalog_generation(), 1);

	/*
	 * Not kept (freed when the request is done): an entry validated against
	 * a schema the catalog has changed since, or larger than all the memory
	 * allowed.
	 */
	if (gql_plan_cache_size <= 0 || generation != gql_catalog_generation() ||
		entry_bytes(e) > (Size) gql_plan_cache_memory * 1024)
		return;
	link_entry(e);
	trim(gql_catalog_generation(), 0);
}

/* The request is done with the entry (NULL: none). */
void
gql_plan_cache_discard(PlanEntry *e)
{
	if (e == NULL)
		return;
	e->pins--;
	if (e->pins == 0 && !e->linked)
		free_entry(e);
}

/*
 * The entry's plan of a statement, prepared and kept the first time it is
 * asked for; NULL if the entry holds too many already (the caller runs the
 * statement unprepared).  Called with SPI connected.
 */
SPIPlanPtr
gql_plan_for(PlanEntry *e, const char *statement, int nparams, Oid *types)
{
	ListCell   *lc;
	PlannedStatement *ps;
	SPIPlanPtr	plan;
	MemoryContext old;

	foreach(lc, e->plans)
	{
		ps = lfirst(lc);
		if (ps->nparams == nparams && strcmp(ps->text, statement) == 0 &&
			memcmp(ps->types, types, sizeof(Oid) * nparams) == 0)
			return ps->plan;
	}
	if (list_length(e->plans) >= MAX_PLANS_PER_ENTRY)
		return NULL;
	plan = SPI_prepare(statement, nparams, types);
	if (plan == NULL)
		return NULL;
	if (SPI_keepplan(plan) != 0)
		return NULL;
	old = MemoryContextSwitchTo(e->cxt);
	ps = palloc(sizeof(PlannedStatement));
	ps->text = pstrdup(statement);
	ps->nparams = nparams;
	ps->types = palloc(sizeof(Oid) * Max(nparams, 1));
	memcpy(ps->types, types, sizeof(Oid) * nparams);
	ps->plan = plan;
	e->plans = lappend(e->plans, ps);
	MemoryContextSwitchTo(old);
	/* the entry grew: within graphql.plan_cache_memory still? (it stays pinned while used) */
	if (e->linked && entry_bytes(e) > (Size) gql_plan_cache_memory * 1024)
	{
		unlink_entry(e);
		evictions++;
	}
	else if (e->linked)
		trim(e->generation, 0);
	return plan;
}

/*
 * graphql.cache_stats() returns (hits bigint, misses bigint, evictions
 * bigint, entries int, plans int, reuses bigint)
 *
 * This backend's plan cache: requests answered from it, requests that were
 * not, entries evicted to make room, what it holds now, and the hits that
 * ran statements compiled before (reuse.c) instead of compiling.
 */
Datum
graphql_cache_stats(PG_FUNCTION_ARGS)
{
	TupleDesc	desc;
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};
	int			plans = 0;
	dlist_iter	it;

	if (get_call_result_type(fcinfo, NULL, &desc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "graphql.cache_stats must return a record");

	dlist_foreach(it, &lru)
		plans += list_length(dlist_container(PlanEntry, lru, it.cur)->plans);
	values[0] = Int64GetDatum((int64) hits);
	values[1] = Int64GetDatum((int64) misses);
	values[2] = Int64GetDatum((int64) evictions);
	values[3] = Int32GetDatum(nentries);
	values[4] = Int32GetDatum(plans);
	values[5] = Int64GetDatum((int64) reuses);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(desc, values, nulls)));
}
