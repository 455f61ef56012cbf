/*-------------------------------------------------------------------------
 *
 * cache_watch.c
 *	  What the cached schemas reflect, and whether an invalidation touched
 *	  it: the cache forgets only what changed.
 *
 * In:  invalidations, recorded by cache.c's callbacks (a relation's oid,
 *		or a system cache's id and a key's hash value); for each schema
 *		built, the names in graphql.schemas (before the catalog is read) and
 *		the Catalog read and the role (after).
 * Out: gql_watch_changed(): whether any invalidation recorded since the
 *		last call touched what a cached schema reflects.
 *
 * What is watched, and how each invalidation is judged:
 *
 * - Relations.  Every relation of the exposed schemas that could be
 *	 exposed (tables, views, materialized views, foreign tables, partitioned
 *	 tables, partitions) has a shape: a hash of its pg_class row without
 *	 what VACUUM, ANALYZE, TRUNCATE and CLUSTER write (statistics, file
 *	 node, frozen xids, the relhas* hints), of its columns without their
 *	 statistics settings, and of the versions of its constraints, comments,
 *	 rules and triggers.  A relation invalidation is relevant when the
 *	 relation is watched and its shape differs now (or it is gone), or when
 *	 it is a new relation of an exposed kind in an exposed schema.  Another
 *	 session's temporary table, an index, a TOAST table and anything in
 *	 another schema are not.  The shapes are taken before the catalog is
 *	 read, so they are never newer than the schema built from it: a change
 *	 in between compares as changed.
 * - System cache entries by oid (types the schema uses, the exposed
 *	 schemas, the functions in them, constraints of watched relations, the
 *	 roles of cached schemas): an invalidation of one of them is relevant.
 *	 An unknown hash value is another object, except for functions (a new
 *	 function in an exposed schema: pg_proc is scanned for one), enum
 *	 values (the labels of every enum the schema uses are compared) and
 *	 schemas when a name in graphql.schemas named none (looked up again).
 *	 Any change of role membership is relevant.
 * - A flush of everything (hash value 0, relation InvalidOid: the
 *	 backend missed messages), and one of graphql.remote_schema (its
 *	 functions invalidate it: remote_schema.c), are relevant.
 *
 * Callbacks cannot read the catalog: they mark a watched relation dirty,
 * list other relations (too many: pg_class is scanned for new ones
 * instead), take a watched system cache entry as a change, and note which
 * rechecks an unknown entry calls for (while a schema is being built, what
 * it will watch is not known yet: its entries are listed and judged
 * after).  The judging reads the catalog, so it happens in
 * gql_watch_changed(), inside a transaction.  Each field is hashed by name,
 * never as a struct's bytes.  Comments on their own cause no invalidation in
 * PostgreSQL; a changed comment is seen with its relation's next one.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/genam.h"
#include "access/heapam.h"
#include "access/htup_details.h"
#include "access/table.h"
#include "access/tableam.h"
#include "access/xact.h"
#include "catalog/indexing.h"
#include "catalog/namespace.h"
#include "catalog/pg_attribute.h"
#include "catalog/pg_auth_members.h"
#include "catalog/pg_class.h"
#include "catalog/pg_constraint.h"
#include "catalog/pg_description.h"
#include "catalog/pg_enum.h"
#include "catalog/pg_proc.h"
#include "catalog/pg_rewrite.h"
#include "catalog/pg_trigger.h"
#include "miscadmin.h"
#include "common/hashfn.h"
#include "utils/builtins.h"
#include "utils/catcache.h"
#include "utils/fmgroids.h"
#include "utils/hsearch.h"
#include "utils/memutils.h"
#include "utils/rel.h"
#include "utils/syscache.h"

#include "cache_watch.h"

/* A watched relation and its shape. */
typedef struct WatchedRel
{
	Oid			relid;			/* hash key */
	uint64		shape;
	bool		dirty;			/* invalidated since last judged */
} WatchedRel;

/* A watched system cache entry: the cache and the hash value of its key. */
typedef struct WatchedKey
{
	int			cacheid;
	uint32		hash;
} WatchedKey;

/* An enum type a schema uses, and the hash of its labels in order. */
typedef struct WatchedEnum
{
	Oid			typid;
	uint64		labels;
} WatchedEnum;

/* What one build will watch, taken before its catalog is read. */
struct GqlWatch
{
	List	   *nsps;			/* oids of the exposed schemas */
	List	   *missing;		/* names in graphql.schemas naming no schema */
	List	   *rels;			/* of WatchedRel */
	List	   *constraints;	/* oids of their constraints */
	List	   *procs;			/* oids of the functions of the exposed schemas */
	uint64		remotes;		/* gql_remotes_shape() */
};

/* The union of what the cached schemas watch, in watchContext. */
static MemoryContext watchContext = NULL;
static HTAB *watchedRels = NULL;	/* WatchedRel by relid */
static HTAB *watchedKeys = NULL;	/* WatchedKey (a set) */
static HTAB *watchedProcs = NULL;	/* Oid (a set) */
static List *watchedNsps = NIL;
static List *missingNsps = NIL;
static List *watchedEnums = NIL;	/* of WatchedEnum */

/*
 * Invalidations recorded by the callbacks, not judged yet: watched
 * relations are marked dirty in watchedRels; other relations are listed
 * (too many to list: pg_class is scanned for new ones instead).
 */
#define MAX_PENDING 1024
static bool anyDirty = false;
static Oid	pendingRels[MAX_PENDING];
static int	npendingRels = 0;
static bool pendingRelsOverflow = false;
static WatchedKey pendingKeys[MAX_PENDING];	/* while a schema is built */
static int	npendingKeys = 0;
static bool pendingProcs = false;	/* a function not watched changed */
static bool pendingEnums = false;	/* an enum value not watched changed */
static bool pendingNsps = false;	/* a schema not watched changed */
static bool pendingAll = false;
static bool building = false;	/* between gql_watch_prepare and _commit */
static bool judging = false;	/* set while judging: an error there means
								 * "everything changed" next time */

static bool
exposed_kind(char relkind)
{
	return relkind == RELKIND_RELATION || relkind == RELKIND_VIEW ||
		relkind == RELKIND_MATVIEW || relkind == RELKIND_FOREIGN_TABLE ||
		relkind == RELKIND_PARTITIONED_TABLE;
}

/* Whether a relation is one a schema of the namespaces nsps could reflect. */
static bool
reflectable(Form_pg_class c, List *nsps)
{
	return exposed_kind(c->relkind) && list_member_oid(nsps, c->relnamespace);
}

static uint64
mix(uint64 h, uint32 v)
{
	return hash_combine64(h, hash_bytes_uint32_extended(v, 0));
}

static uint64
mix_bytes(uint64 h, const void *p, int len)
{
	return hash_combine64(h, hash_bytes_extended(p, len, 0));
}

/* Mix in a nullable varlena attribute (an ACL). */
static uint64
mix_varlena(uint64 h, Datum d, bool isnull)
{
	if (isnull)
		return mix(h, 0);
	else
	{
		struct varlena *v = pg_detoast_datum_packed((struct varlena *) DatumGetPointer(d));

		return mix_bytes(h, VARDATA_ANY(v), VARSIZE_ANY_EXHDR(v));
	}
}

/*
 * A relation's shape is made of parts, each a hash of catalog rows, so
 * that the shapes of every relation of a schema can be taken with one scan
 * of each catalog (gql_watch_prepare) and the shape of one relation with
 * index lookups (judging an invalidation), to the same value: its pg_class
 * row; the sum of its columns' hashes; the sums of the versions of its
 * constraints, comments, rules and triggers.
 */
#define NVERSIONED 4

typedef struct Shape
{
	Oid			relid;			/* hash key, in gql_watch_prepare */
	uint64		class;
	uint64		columns;
	uint64		versions[NVERSIONED];
} Shape;

/* The catalogs whose row versions are part of a shape, by the column naming the relation. */
static const struct
{
	Oid			catalog;
	Oid			index;
	AttrNumber	attno;
} versioned[NVERSIONED] = {
	{ConstraintRelationId, ConstraintRelidTypidNameIndexId, Anum_pg_constraint_conrelid},
	{DescriptionRelationId, DescriptionObjIndexId, Anum_pg_description_objoid},
	{RewriteRelationId, RewriteRelRulenameIndexId, Anum_pg_rewrite_ev_class},
	{TriggerRelationId, TriggerRelidNameIndexId, Anum_pg_trigger_tgrelid},
};

static uint64
shape_value(const Shape *sh)
{
	uint64		h = hash_combine64(sh->class, sh->columns);

	for (int i = 0; i < NVERSIONED; i++)
		h = hash_combine64(h, sh->versions[i]);
	return h;
}

/* The pg_class part: without statistics, file node, frozen xids and relhas* hints. */
static uint64
class_hash(Form_pg_class c, Datum acl, bool aclNull)
{
	uint64		h = mix_bytes(1, NameStr(c->relname), strlen(NameStr(c->relname)));

	h = mix(h, c->relnamespace);
	h = mix(h, c->reltype);
	h = mix(h, c->reloftype);
	h = mix(h, c->relowner);
	h = mix(h, c->relkind);
	h = mix(h, c->relpersistence);
	h = mix(h, c->relnatts);
	h = mix(h, c->relrowsecurity);
	h = mix(h, c->relforcerowsecurity);
	h = mix(h, c->relispartition);
	return mix_varlena(h, acl, aclNull);
}

/* One column's part: without its statistics settings. */
static uint64
column_hash(Form_pg_attribute a, Datum acl, bool aclNull)
{
	uint64		h = mix(2, a->attnum);

	h = mix_bytes(h, NameStr(a->attname), strlen(NameStr(a->attname)));
	h = mix(h, a->atttypid);
	h = mix(h, (uint32) a->atttypmod);
	h = mix(h, a->attndims);
	h = mix(h, a->attnotnull);
	h = mix(h, a->atthasdef);
	h = mix(h, a->attidentity);
	h = mix(h, a->attgenerated);
	h = mix(h, a->attisdropped);
	h = mix(h, a->attcollation);
	return mix_varlena(h, acl, aclNull);
}

/*
 * A row's version: its location and inserting transaction (the catalogs
 * read so are never updated in place, so any change to a row, or a row
 * added or removed, changes the sum).
 */
static uint64
version_hash(HeapTuple tup)
{
	uint64		h = mix(3, ItemPointerGetBlockNumber(&tup->t_self));

	h = mix(h, ItemPointerGetOffsetNumber(&tup->t_self));
	return mix(h, HeapTupleHeaderGetRawXmin(tup->t_data));
}

/*
 * Whether a row of a versioned catalog is part of a shape: not the
 * internal triggers of foreign keys (a table elsewhere referencing an
 * exposed one adds them to it).
 */
static bool
versioned_counts(int which, HeapTuple tup)
{
	return versioned[which].catalog != TriggerRelationId ||
		!((Form_pg_trigger) GETSTRUCT(tup))->tgisinternal;
}

/* The sum of the versions of a catalog's rows about a relation, by index. */
static uint64
versions_of(int which, Oid relid)
{
	Relation	rel = table_open(versioned[which].catalog, AccessShareLock);
	ScanKeyData skey;
	SysScanDesc scan;
	HeapTuple	tup;
	uint64		sum = 0;

	ScanKeyInit(&skey, versioned[which].attno, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(relid));
	scan = systable_beginscan(rel, versioned[which].index, true, NULL, 1, &skey);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
		if (versioned_counts(which, tup))
			sum += version_hash(tup);
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	return sum;
}

/*
 * The shape of one relation (0 if it does not exist), by index lookups:
 * what the schema could reflect of it, and nothing VACUUM, ANALYZE,
 * TRUNCATE or CLUSTER write.
 */
static uint64
relation_shape(Oid relid)
{
	HeapTuple	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	Shape		sh = {0};
	bool		isnull;
	Datum		acl;
	Relation	rel;
	ScanKeyData skey;
	SysScanDesc scan;

	if (!HeapTupleIsValid(tup))
		return 0;
	acl = SysCacheGetAttr(RELOID, tup, Anum_pg_class_relacl, &isnull);
	sh.class = class_hash((Form_pg_class) GETSTRUCT(tup), acl, isnull);
	ReleaseSysCache(tup);

	/* its columns, by one index scan (not a cache lookup per column) */
	rel = table_open(AttributeRelationId, AccessShareLock);
	ScanKeyInit(&skey, Anum_pg_attribute_attrelid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(relid));
	scan = systable_beginscan(rel, AttributeRelidNumIndexId, true, NULL, 1, &skey);
	while (HeapTupleIsValid(tup = systable_getnext(scan)))
	{
		Form_pg_attribute a = (Form_pg_attribute) GETSTRUCT(tup);

		if (a->attnum <= 0)
			continue;
		acl = heap_getattr(tup, Anum_pg_attribute_attacl, RelationGetDescr(rel), &isnull);
		sh.columns += column_hash(a, acl, isnull);
	}
	systable_endscan(scan);
	table_close(rel, AccessShareLock);
	for (int i = 0; i < NVERSIONED; i++)
		sh.versions[i] = versions_of(i, relid);
	return shape_value(&sh);
}

/* The hash of enum labels in order (CatType's, or pg_enum's). */
static uint64
labels_hash_list(List *labels)
{
	uint64		h = 1;
	ListCell   *lc;

	foreach(lc, labels)
		h = mix_bytes(h, lfirst(lc), strlen(lfirst(lc)));
	return h;
}

static uint64
labels_hash_now(Oid typid)
{
	Relation	rel = table_open(EnumRelationId, AccessShareLock);
	Relation	index = index_open(EnumTypIdSortOrderIndexId, AccessShareLock);
	ScanKeyData skey;
	SysScanDesc scan;
	HeapTuple	tup;
	uint64		h = 1;

	ScanKeyInit(&skey, Anum_pg_enum_enumtypid, BTEqualStrategyNumber, F_OIDEQ,
				ObjectIdGetDatum(typid));
	scan = systable_beginscan_ordered(rel, index, NULL, 1, &skey);
	while (HeapTupleIsValid(tup = systable_getnext_ordered(scan, ForwardScanDirection)))
	{
		const char *label = NameStr(((Form_pg_enum) GETSTRUCT(tup))->enumlabel);

		h = mix_bytes(h, label, strlen(label));
	}
	systable_endscan_ordered(scan);
	index_close(index, AccessShareLock);
	table_close(rel, AccessShareLock);
	return h;
}

/* The relation a row of one of the versioned catalogs is about. */
static Oid
versioned_relid(int which, HeapTuple tup)
{
	switch (which)
	{
		case 0:
			return ((Form_pg_constraint) GETSTRUCT(tup))->conrelid;
		case 1:
			return ((Form_pg_description) GETSTRUCT(tup))->objoid;
		case 2:
			return ((Form_pg_rewrite) GETSTRUCT(tup))->ev_class;
		default:
			return ((Form_pg_trigger) GETSTRUCT(tup))->tgrelid;
	}
}

/*
 * The shapes of the relations of the given schemas, one scan of each
 * catalog (as relation_shape computes one); the oids of their constraints
 * are added to *constraints.
 */
static List *
schema_shapes(List *nsps, List **constraints)
{
	HASHCTL		ctl;
	HTAB	   *shapes;
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tup;
	HASH_SEQ_STATUS status;
	Shape	   *sh;
	List	   *out = NIL;
	bool		isnull;
	Datum		acl;

	ctl.keysize = sizeof(Oid);
	ctl.entrysize = sizeof(Shape);
	ctl.hcxt = CurrentMemoryContext;
	shapes = hash_create("graphql relation shapes", 256, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);

	rel = table_open(RelationRelationId, AccessShareLock);
	scan = table_beginscan_catalog(rel, 0, NULL);
	while (HeapTupleIsValid(tup = heap_getnext(scan, ForwardScanDirection)))
	{
		Form_pg_class c = (Form_pg_class) GETSTRUCT(tup);

		if (reflectable(c, nsps))
		{
			sh = hash_search(shapes, &c->oid, HASH_ENTER, NULL);
			sh->columns = 0;
			memset(sh->versions, 0, sizeof(sh->versions));
			acl = heap_getattr(tup, Anum_pg_class_relacl, RelationGetDescr(rel), &isnull);
			sh->class = class_hash(c, acl, isnull);
		}
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);

	rel = table_open(AttributeRelationId, AccessShareLock);
	scan = table_beginscan_catalog(rel, 0, NULL);
	while (HeapTupleIsValid(tup = heap_getnext(scan, ForwardScanDirection)))
	{
		Form_pg_attribute a = (Form_pg_attribute) GETSTRUCT(tup);

		CHECK_FOR_INTERRUPTS();
		if (a->attnum > 0 && (sh = hash_search(shapes, &a->attrelid, HASH_FIND, NULL)) != NULL)
		{
			acl = heap_getattr(tup, Anum_pg_attribute_attacl, RelationGetDescr(rel), &isnull);
			sh->columns += column_hash(a, acl, isnull);
		}
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);

	for (int i = 0; i < NVERSIONED; i++)
	{
		rel = table_open(versioned[i].catalog, AccessShareLock);
		scan = table_beginscan_catalog(rel, 0, NULL);
		while (HeapTupleIsValid(tup = heap_getnext(scan, ForwardScanDirection)))
		{
			Oid			relid = versioned_relid(i, tup);

			if (!versioned_counts(i, tup) ||
				(sh = hash_search(shapes, &relid, HASH_FIND, NULL)) == NULL)
				continue;
			sh->versions[i] += version_hash(tup);
			if (versioned[i].catalog == ConstraintRelationId)
				*constraints = lappend_oid(*constraints, ((Form_pg_constraint) GETSTRUCT(tup))->oid);
		}
		table_endscan(scan);
		table_close(rel, AccessShareLock);
	}

	hash_seq_init(&status, shapes);
	while ((sh = hash_seq_search(&status)) != NULL)
	{
		WatchedRel *r = palloc(sizeof(WatchedRel));

		r->relid = sh->relid;
		r->shape = shape_value(sh);
		out = lappend(out, r);
	}
	hash_destroy(shapes);
	return out;
}

/* What a build will watch, from graphql.schemas: taken before the catalog is read. */
GqlWatch *
gql_watch_prepare(List *schemaNames)
{
	GqlWatch   *w = palloc0(sizeof(GqlWatch));
	ListCell   *lc;
	Relation	rel;
	TableScanDesc scan;
	HeapTuple	tup;

	building = true;
	w->remotes = gql_remotes_watch();

	foreach(lc, schemaNames)
	{
		Oid			nsp = get_namespace_oid(lfirst(lc), true);

		if (OidIsValid(nsp))
			w->nsps = list_append_unique_oid(w->nsps, nsp);
		else
			w->missing = lappend(w->missing, pstrdup(lfirst(lc)));
	}
	if (w->nsps == NIL)
		return w;

	w->rels = schema_shapes(w->nsps, &w->constraints);

	rel = table_open(ProcedureRelationId, AccessShareLock);
	scan = table_beginscan_catalog(rel, 0, NULL);
	while (HeapTupleIsValid(tup = heap_getnext(scan, ForwardScanDirection)))
	{
		Form_pg_proc p = (Form_pg_proc) GETSTRUCT(tup);

		if (list_member_oid(w->nsps, p->pronamespace))
			w->procs = lappend_oid(w->procs, p->oid);
	}
	table_endscan(scan);
	table_close(rel, AccessShareLock);
	return w;
}

static void
watch_key(int cacheid, Oid oid)
{
	WatchedKey	key;

	key.cacheid = cacheid;
	key.hash = GetSysCacheHashValue1(cacheid, ObjectIdGetDatum(oid));
	hash_search(watchedKeys, &key, HASH_ENTER, NULL);
}

/*
 * Watch a role and every role it is a member of, directly or not: their
 * attributes (rolinherit at every step, rolsuper, rolbypassrls) decide the
 * privileges the schema reflects.  (Changes of membership are relevant
 * anyway: AUTHMEMMEMROLE.)
 */
static void
watch_roles(Oid role)
{
	List	   *queue = list_make1_oid(role);	/* roles to visit */
	List	   *seen = NIL;

	while (queue != NIL)
	{
		Oid			r = linitial_oid(queue);
		CatCList   *members;

		queue = list_delete_first(queue);
		if (list_member_oid(seen, r))
			continue;
		seen = lappend_oid(seen, r);
		watch_key(AUTHOID, r);
		members = SearchSysCacheList1(AUTHMEMMEMROLE, ObjectIdGetDatum(r));
		for (int i = 0; i < members->n_members; i++)
		{
			Form_pg_auth_members m = (Form_pg_auth_members) GETSTRUCT(&members->members[i]->tuple);

			queue = lappend_oid(queue, m->roleid);
		}
		ReleaseSysCacheList(members);
	}
	list_free(seen);
}

/*
 * Add what a build watches, and the types its catalog uses and the role it
 * was built for, to what the cache watches.  A relation watched already
 * keeps its older shape (a change in between then compares as changed).
 * Frees w.
 */
void
gql_watch_commit(GqlWatch *w, Catalog *cat, Oid role)
{
	MemoryContext old;
	ListCell   *lc;

	gql_remotes_commit(w->remotes);
	if (watchContext == NULL)
		watchContext = AllocSetContextCreate(CacheMemoryContext, "graphql cache watch",
											 ALLOCSET_DEFAULT_SIZES);
	if (watchedRels == NULL)
	{
		HASHCTL		ctl;
		HTAB	   *rels,
				   *keys,
				   *procs;

		/* all three, or none (the callbacks test watchedRels and watchedKeys) */
		ctl.hcxt = watchContext;
		ctl.keysize = sizeof(WatchedKey);
		ctl.entrysize = sizeof(WatchedKey);
		keys = hash_create("graphql watched catalog entries", 256, &ctl,
						   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		ctl.keysize = sizeof(Oid);
		ctl.entrysize = sizeof(Oid);
		procs = hash_create("graphql watched functions", 256, &ctl,
							HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		ctl.entrysize = sizeof(WatchedRel);
		rels = hash_create("graphql watched relations", 256, &ctl,
						   HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
		watchedKeys = keys;
		watchedProcs = procs;
		watchedRels = rels;
	}
	old = MemoryContextSwitchTo(watchContext);

	foreach(lc, w->nsps)
	{
		watchedNsps = list_append_unique_oid(watchedNsps, lfirst_oid(lc));
		watch_key(NAMESPACEOID, lfirst_oid(lc));
	}
	foreach(lc, w->missing)
	{
		ListCell   *lc2;
		bool		known = false;

		foreach(lc2, missingNsps)
			known |= strcmp(lfirst(lc2), lfirst(lc)) == 0;
		if (!known)
			missingNsps = lappend(missingNsps, pstrdup(lfirst(lc)));
	}
	foreach(lc, w->rels)
	{
		WatchedRel *r = lfirst(lc);
		bool		found;
		WatchedRel *e = hash_search(watchedRels, &r->relid, HASH_ENTER, &found);

		if (!found)
		{
			e->shape = r->shape;
			e->dirty = false;
		}
	}
	foreach(lc, w->constraints)
		watch_key(CONSTROID, lfirst_oid(lc));
	foreach(lc, w->procs)
	{
		hash_search(watchedProcs, &lfirst_oid(lc), HASH_ENTER, NULL);
		watch_key(PROCOID, lfirst_oid(lc));
	}
	foreach(lc, cat->types)
	{
		CatType    *t = lfirst(lc);
		Oid			nsp = get_namespace_oid(t->nspname, true);

		watch_key(TYPEOID, t->oid);
		/* its schema's name is written into SQL (casts, operators) and names */
		if (OidIsValid(nsp))
			watch_key(NAMESPACEOID, nsp);
		else
			pendingAll = true;	/* renamed since the catalog was read */
		if (t->typtype == 'e')
		{
			ListCell   *lc2;
			bool		known = false;

			foreach(lc2, watchedEnums)
				known |= ((WatchedEnum *) lfirst(lc2))->typid == t->oid;
			if (!known)
			{
				WatchedEnum *e = palloc(sizeof(WatchedEnum));

				e->typid = t->oid;
				e->labels = labels_hash_list(t->enumLabels);
				watchedEnums = lappend(watchedEnums, e);
			}
		}
	}
	watch_roles(role);
	MemoryContextSwitchTo(old);
	building = false;

	list_free(w->nsps);
	list_free_deep(w->missing);
	list_free_deep(w->rels);
	list_free(w->constraints);
	list_free(w->procs);
	pfree(w);
}

/* A build failed: what it listed is judged with what is watched. */
void
gql_watch_abandon(void)
{
	building = false;
}

/* Forget everything watched (the cached schemas are being dropped). */
void
gql_watch_reset(void)
{
	if (watchContext != NULL)
		MemoryContextReset(watchContext);
	watchedRels = NULL;
	watchedKeys = NULL;
	watchedProcs = NULL;
	anyDirty = false;
	watchedNsps = NIL;
	missingNsps = NIL;
	watchedEnums = NIL;
	gql_remotes_reset();
}

/* Callback side: a relation was invalidated (InvalidOid: all of them). */
void
gql_watch_relation(Oid relid)
{
	WatchedRel *w;

	if (!OidIsValid(relid))
	{
		pendingAll = true;
		return;
	}
	if (gql_remotes_invalidated(relid))
		return;
	if (watchedRels != NULL &&
		(w = hash_search(watchedRels, &relid, HASH_FIND, NULL)) != NULL)
	{
		w->dirty = true;
		anyDirty = true;
		return;
	}
	for (int i = npendingRels - 1; i >= 0; i--)
		if (pendingRels[i] == relid)
			return;
	if (npendingRels == MAX_PENDING)
		pendingRelsOverflow = true;
	else
		pendingRels[npendingRels++] = relid;
}

/* Note an invalidated system cache entry that is not watched. */
static void
note_unwatched(int cacheid)
{
	switch (cacheid)
	{
		case AUTHMEMMEMROLE:
			pendingAll = true;
			break;
		case PROCOID:
			pendingProcs = true;
			break;
		case ENUMOID:
			pendingEnums = true;
			break;
		case NAMESPACEOID:
			pendingNsps = true;
			break;
		default:
			break;				/* a type, constraint or role not used */
	}
}

/*
 * Callback side: a system cache entry was invalidated (hash 0: all).  A
 * watched entry is a change; while a schema is being built, what it will
 * watch is not known yet, so the entry is listed and judged later.
 */
void
gql_watch_syscache(int cacheid, uint32 hash)
{
	WatchedKey	key;

	key.cacheid = cacheid;
	key.hash = hash;
	if (hash == 0 ||
		(watchedKeys != NULL && hash_search(watchedKeys, &key, HASH_FIND, NULL) != NULL))
	{
		pendingAll = true;
		return;
	}
	if (!building)
	{
		note_unwatched(cacheid);
		return;
	}
	for (int i = npendingKeys - 1; i >= 0; i--)
		if (pendingKeys[i].cacheid == cacheid && pendingKeys[i].hash == hash)
			return;
	if (npendingKeys == MAX_PENDING)
		pendingAll = true;
	else
		pendingKeys[npendingKeys++] = key;
}

/* Whether a watched relation marked dirty (all: every one) has another shape now, or is gone. */
static bool
dirty_changed(bool all)
{
	HASH_SEQ_STATUS status;
	WatchedRel *w;
	bool		changed = false;

	anyDirty = false;
	hash_seq_init(&status, watchedRels);
	while ((w = hash_seq_search(&status)) != NULL)
	{
		if (!w->dirty && !all)
			continue;
		w->dirty = false;
		if (relation_shape(w->relid) != w->shape)
		{
			changed = true;
			hash_seq_term(&status);
			break;
		}
	}
	return changed;
}

/*
 * Whether a relation that was not watched when it was invalidated changed:
 * one watched since (a schema was being built) by its shape, another if
 * it is one the schema would reflect now.
 */
static bool
unwatched_changed(Oid relid)
{
	WatchedRel *w = hash_search(watchedRels, &relid, HASH_FIND, NULL);
	HeapTuple	tup;
	bool		changed;
	Form_pg_class c;

	if (w != NULL)
		return relation_shape(relid) != w->shape;
	tup = SearchSysCache1(RELOID, ObjectIdGetDatum(relid));
	if (!HeapTupleIsValid(tup))
		return false;
	c = (Form_pg_class) GETSTRUCT(tup);
	changed = reflectable(c, watchedNsps);
	ReleaseSysCache(tup);
	return changed;
}

/* A relation the schema would reflect that is not watched. */
static bool
unwatched_relation(HeapTuple tup)
{
	Form_pg_class c = (Form_pg_class) GETSTRUCT(tup);

	return reflectable(c, watchedNsps) &&
		hash_search(watchedRels, &c->oid, HASH_FIND, NULL) == NULL;
}

/* A function of an exposed schema that is not watched. */
static bool
unwatched_function(HeapTuple tup)
{
	Form_pg_proc p = (Form_pg_proc) GETSTRUCT(tup);

	return list_member_oid(watchedNsps, p->pronamespace) &&
		hash_search(watchedProcs, &p->oid, HASH_FIND, NULL) == NULL;
}

/* Whether a row of a catalog is one pred is true of (a scan to the first). */
static bool
catalog_has(Oid catalog, bool (*pred) (HeapTuple))
{
	Relation	rel = table_open(catalog, AccessShareLock);
	TableScanDesc scan = table_beginscan_catalog(rel, 0, NULL);
	HeapTuple	tup;
	bool		found = false;

	while (!found && HeapTupleIsValid(tup = heap_getnext(scan, ForwardScanDirection)))
		found = pred(tup);
	table_endscan(scan);
	table_close(rel, AccessShareLock);
	return found;
}

/* Whether the labels of an enum a schema uses changed. */
static bool
enum_changed(void)
{
	ListCell   *lc;

	foreach(lc, watchedEnums)
	{
		WatchedEnum *e = lfirst(lc);

		if (labels_hash_now(e->typid) != e->labels)
			return true;
	}
	return false;
}

/* Whether a name in graphql.schemas that named no schema names one now. */
static bool
missing_found(void)
{
	ListCell   *lc;

	foreach(lc, missingNsps)
		if (OidIsValid(get_namespace_oid(lfirst(lc), true)))
			return true;
	return false;
}


/*
 * Whether an invalidation recorded since the last call touched what a
 * cached schema reflects.  Outside a transaction the judging waits.
 */
bool
gql_watch_changed(void)
{
	Oid			rels[MAX_PENDING];
	int			nrels = npendingRels;
	int			nkeys = npendingKeys;
	bool		overflow = pendingRelsOverflow;
	bool		dirty = anyDirty;
	bool		procs,
				enums,
				nsps;
	bool		changed;

	if (!pendingAll && !judging && !dirty && !overflow && nrels == 0 && nkeys == 0 &&
		!pendingProcs && !pendingEnums && !pendingNsps && !gql_remotes_pending())
		return false;
	if (!IsTransactionState())
		return false;
	/* keys listed while a schema was built: watched now, or not */
	for (int i = 0; i < nkeys && !pendingAll; i++)
	{
		if (watchedKeys != NULL && hash_search(watchedKeys, &pendingKeys[i], HASH_FIND, NULL) != NULL)
			pendingAll = true;
		else
			note_unwatched(pendingKeys[i].cacheid);
	}
	procs = pendingProcs;
	enums = pendingEnums;
	nsps = pendingNsps && missingNsps != NIL;
	changed = pendingAll || judging;
	/* invalidations that arrive while judging are recorded for next time */
	memcpy(rels, pendingRels, sizeof(Oid) * nrels);
	pendingAll = false;
	pendingProcs = false;
	pendingEnums = false;
	pendingNsps = false;
	npendingRels = 0;
	pendingRelsOverflow = false;
	npendingKeys = 0;
	if (changed)
	{
		judging = false;
		anyDirty = false;
		return true;
	}
	if (watchedRels == NULL)
	{
		/* nothing is cached: nothing to judge against, nothing to drop */
		anyDirty = false;
		return false;
	}
	judging = true;

	/*
	 * Relations not listed for want of room may have been watched since (a
	 * schema was being built): every watched shape is compared, and pg_class
	 * is scanned for new relations.
	 */
	if (dirty || overflow)
		changed = dirty_changed(overflow);
	if (overflow && !changed)
		changed = catalog_has(RelationRelationId, unwatched_relation);
	for (int i = 0; i < nrels && !changed && !overflow; i++)
		changed = unwatched_changed(rels[i]);
	if (procs && !changed)
		changed = catalog_has(ProcedureRelationId, unwatched_function);
	if (enums && !changed)
		changed = enum_changed();
	if (nsps && !changed)
		changed = missing_found();
	if (!changed)
		changed = gql_remotes_changed();
	judging = false;
	return changed;
}
