/*-------------------------------------------------------------------------
 *
 * cache_watch_remote.c
 *	  What the cached schemas reflect of graphql.remote_schema: which
 *	  versions of its rows there are.
 *
 * Every role's schema merges the remote schemas stored there, so a row
 * added, changed or removed changes every schema; a VACUUM of the table
 * (which invalidates its relcache entry too) does not.  Its shape is a
 * hash of each visible row's inserting transaction and place: an INSERT,
 * UPDATE or DELETE changes it, a VACUUM does not (a VACUUM FULL moves the
 * rows, and is taken as a change: rare, and only costs a rebuild).
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

static Oid	remoteSchemaRelid = InvalidOid; /* the table, when last looked up */
static bool haveShape = false;	/* some cached schema reflects ... */
static uint64 remotesShape = 0;	/* ... the table of this shape (the oldest) */
static bool remotesDirty = false;	/* invalidated since: judge its shape */

/* The shape of the table's rows (0: there is no table). */
static uint64
remotes_shape(void)
{
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tup;
	Snapshot	snapshot;
	uint64		h = 0;
	uint32		n = 0;

	/* looked up each time: the extension may have been dropped and made again */
	remoteSchemaRelid = get_relname_relid("remote_schema", get_namespace_oid("graphql", true));
	if (!OidIsValid(remoteSchemaRelid) ||
		(rel = try_table_open(remoteSchemaRelid, AccessShareLock)) == NULL)
		return 0;
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
	return hash_combine64(h, hash_bytes_uint32_extended(n, 1)) | 1;
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
	if (!OidIsValid(relid) || relid != remoteSchemaRelid)
		return false;
	remotesDirty = true;
	return true;
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
