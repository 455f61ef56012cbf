/*-------------------------------------------------------------------------
 *
 * cache_watch_remote.c
 *	  What the cached schemas reflect of graphql.remote_schema and
 *	  graphql.remote_relationship: which versions of their rows there are.
 *
 * Every role's schema merges the remote schemas and relationships stored
 * there, so a row added, changed or removed changes every schema; a
 * VACUUM of a table (which invalidates its relcache entry too) does not.
 * Their shape is a hash of each visible row's inserting transaction and
 * place: an INSERT, UPDATE or DELETE changes it, a VACUUM does not (a
 * VACUUM FULL moves the rows, and is taken as a change: rare, and only
 * costs a rebuild).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "common/hashfn.h"
#include "miscadmin.h"
#include "catalog/namespace.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"

#include "cache_watch.h"

/* The tables watched, and their oids when last looked up. */
static const char *const watched[] = {"remote_schema", "remote_relationship", "action", "custom_types",
"remote_schema_permission", "action_permission", "metadata"};
static Oid	watchedRelids[lengthof(watched)];

static bool haveShape = false;	/* some cached schema reflects ... */
static uint64 remotesShape = 0;	/* ... the table of this shape (the oldest) */
static bool remotesDirty = false;	/* invalidated since: judge its shape */

/* Add the shape of a table's rows to h (nothing if there is no table). */
static uint64
table_shape(int i, uint64 h)
{
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tup;
	Snapshot	snapshot;
	uint32		n = 0;

	/* looked up each time: the extension may have been dropped and made again */
	watchedRelids[i] = get_relname_relid(watched[i], get_namespace_oid("graphql", true));
	if (!OidIsValid(watchedRelids[i]) ||
		(rel = try_table_open(watchedRelids[i], AccessShareLock)) == NULL)
		return h;
	snapshot = RegisterSnapshot(GetLatestSnapshot());
	scan = table_beginscan(rel, snapshot, 0, NULL);
	while ((tup = heap_getnext(scan, ForwardScanDirection)) != NULL)
	{
		CHECK_FOR_INTERRUPTS();
		h = hash_combine64(h, hash_bytes_uint32_extended(HeapTupleHeaderGetRawXmin(tup->t_data), n));
		h = hash_combine64(h, hash_bytes_extended((const unsigned char *) &tup->t_self,
												  sizeof(ItemPointerData), n));
		n++;
	}
	table_endscan(scan);
	UnregisterSnapshot(snapshot);
	table_close(rel, AccessShareLock);
	return hash_combine64(h, hash_bytes_uint32_extended(n, i + 1));
}

/* The shape of the watched tables' rows (0: there is no table). */
static uint64
remotes_shape(void)
{
	uint64		h = 0;

	for (size_t i = 0; i < lengthof(watched); i++)
		h = table_shape(i, h);
	return h == 0 ? 0 : h | 1;
}

/* A schema is being built: the table's shape now. */
uint64
gql_remotes_watch(void)
{
	return remotes_shape();
}

/*
 * A schema was built from the table of this shape.  The cached schemas are
 * judged against the oldest shape among them: one built after a change
 * whose invalidation has not arrived yet must not hide the change from
 * those built before it, so a newer shape only calls for judging.
 */
void
gql_remotes_commit(uint64 shape)
{
	if (!haveShape)
	{
		remotesShape = shape;
		haveShape = true;
	}
	else if (shape != remotesShape)
		remotesDirty = true;
}

/* Every cached schema was dropped. */
void
gql_remotes_reset(void)
{
	haveShape = false;
}

/* Callback side: a relation was invalidated; whether it is the table. */
bool
gql_remotes_invalidated(Oid relid)
{
	if (!OidIsValid(relid))
		return false;
	for (size_t i = 0; i < lengthof(watched); i++)
		if (relid == watchedRelids[i])
		{
			remotesDirty = true;
			return true;
		}
	return false;
}

/* Whether the table changed since the schemas were built (judged once per invalidation). */
bool
gql_remotes_changed(void)
{
	bool		dirty = remotesDirty;

	remotesDirty = false;
	return dirty && haveShape && remotes_shape() != remotesShape;
}

/* Whether an invalidation of the table waits to be judged. */
bool
gql_remotes_pending(void)
{
	return remotesDirty;
}
