/*-------------------------------------------------------------------------
 *
 * metadata.c
 *	  graphql.apply_metadata, export_metadata and clear_metadata: a Hasura
 *	  project's metadata export (version 3) taken as the description of the
 *	  API.
 *
 * In:  the metadata, jsonb, as Hasura's export_metadata gives it.
 * Out: a row (object, item, status, reason) per item of it: "applied", or
 *		"refused" (it names what does not exist, or is wrong) or
 *		"unsupported" (graphql does not do it, or not yet), with why; and
 *		the metadata, less what was refused or unsupported, stored in
 *		graphql.metadata, which the catalog reads (catalog_metadata.c) and
 *		export_metadata gives back.  Applying again replaces it.
 *
 * The items are resolved by loading the catalog as the metadata describes
 * it (gql_catalog_load_metadata), so the report is what every schema
 * built from the stored metadata holds.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "access/xact.h"
#include "catalog/namespace.h"
#include "catalog/pg_authid.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "utils/acl.h"
#include "utils/builtins.h"
#include "utils/jsonb.h"
#include "utils/lsyscache.h"
#include "utils/memutils.h"
#include "utils/regproc.h"
#include "utils/resowner.h"


#include "metadata.h"
#include "remote_schema.h"
#include "schema.h"

PG_FUNCTION_INFO_V1(graphql_apply_metadata);
PG_FUNCTION_INFO_V1(graphql_export_metadata);
PG_FUNCTION_INFO_V1(graphql_clear_metadata);

/* The report of an apply: its rows, and the nodes cut from what is stored. */
typedef struct Applying
{
	MetaReport	report;			/* first: the catalog calls report.fn */
	ReturnSetInfo *rsinfo;
	List	   *cut;			/* of const JtNode *: refused or unsupported */
	List	   *rolesMade;		/* of String: roles made (or tried) */
	List	   *selects;		/* of AppliedSelect: select permissions applied */
} Applying;

static void
add_row(MetaReport *r, const char *object, const char *item, const char *status,
		const char *reason, const JtNode *node)
{
	Applying   *a = (Applying *) r;
	Datum		values[4];
	bool		nulls[4] = {false, false, false, reason == NULL};

	values[0] = CStringGetTextDatum(object);
	values[1] = CStringGetTextDatum(item);
	values[2] = CStringGetTextDatum(status);
	values[3] = reason ? CStringGetTextDatum(reason) : (Datum) 0;
	tuplestore_putvalues(a->rsinfo->setResult, a->rsinfo->setDesc, values, nulls);
	if (strcmp(status, "applied") != 0 && node != NULL)
		a->cut = lappend(a->cut, (void *) node);
}

/* Report every member of a list (or the value) of a key not imported. */
static void
unsupported_key(Applying *a, const char *object, const char *key, const JtNode *v, const char *reason)
{
	if (v->type == JT_ARRAY && v->count > 0)
	{
		for (int i = 0; i < v->count; i++)
		{
			JtNode	   *name = jt_get(v->items[i], "name");

			add_row(&a->report, object,
					name && name->type == JT_STRING ? psprintf("%s.%s", key, name->str) : psprintf("%s[%d]", key, i),
					"unsupported", reason, v->items[i]);
		}
		a->cut = lappend(a->cut, (void *) v);
	}
	else
		add_row(&a->report, object, key, "unsupported", reason, v);
}

/* Whether node is cut: itself, or every member of it (a list of permissions all cut). */
static bool
is_cut(const JtNode *node, List *cut)
{
	if (list_member_ptr(cut, node))
		return true;
	if ((node->type != JT_ARRAY && node->type != JT_OBJECT) || node->count == 0)
		return false;
	check_stack_depth();
	for (int i = 0; i < node->count; i++)
		if (!is_cut(node->items[i], cut))
			return false;
	return true;
}

/* Write node as JSON, without the members cut. */
static void
write_kept(StringInfo out, const JtNode *node, List *cut)
{
	bool		first = true;

	check_stack_depth();
	if (node->type != JT_ARRAY && node->type != JT_OBJECT)
	{
		jt_append(out, node);
		return;
	}
	appendStringInfoChar(out, node->type == JT_ARRAY ? '[' : '{');
	for (int i = 0; i < node->count; i++)
	{
		CHECK_FOR_INTERRUPTS();
		if (is_cut(node->items[i], cut))
			continue;
		if (!first)
			appendStringInfoChar(out, ',');
		first = false;
		if (node->type == JT_OBJECT)
		{
			JtNode		key = {.type = JT_STRING};

			key.str = node->keys[i];
			jt_append(out, &key);
			appendStringInfoChar(out, ':');
		}
		write_kept(out, node->items[i], cut);
	}
	appendStringInfoChar(out, node->type == JT_ARRAY ? ']' : '}');
}

/*
 * A role that is not a superuser may apply metadata whose tables and
 * functions it owns, and nothing else (a remote schema or an action is a
 * superuser's).
 */
static void
check_owner(const JtNode *m, const JtNode *source)
{
	static const char *const lists[] = {"tables", "functions"};
	static const char *const refs[] = {"table", "function"};

	if (superuser())
		return;
	for (int i = 0; i < m->count; i++)
		if (strcmp(m->keys[i], "version") != 0 && strcmp(m->keys[i], "sources") != 0)
			gql_require_superuser(psprintf("apply metadata with \"%s\"", m->keys[i]));
	for (int l = 0; l < 2; l++)
	{
		JtNode	   *items = jt_get(source, lists[l]);

		for (int i = 0; items != NULL && items->type == JT_ARRAY && i < items->count; i++)
		{
			JtNode	   *ref = jt_get(items->items[i], refs[l]);
			JtNode	   *nsp = jt_get(ref, "schema");
			JtNode	   *name = ref && ref->type == JT_STRING ? ref : jt_get(ref, "name");
			char	   *qualified;
			Oid			oid = InvalidOid;

			if (name == NULL || name->type != JT_STRING)
				continue;
			qualified = quote_qualified_identifier(nsp && nsp->type == JT_STRING ? nsp->str : "public", name->str);
			if (l == 0)
				oid = RangeVarGetRelid(makeRangeVarFromNameList(stringToQualifiedNameList(qualified)),
									   NoLock, true);
			else
			{
				FuncCandidateList c = FuncnameGetCandidates(stringToQualifiedNameList(qualified), -1, NIL,
															false, false, false, true);

				for (; c != NULL; c = c->next)
					if (!pg_proc_ownercheck(c->oid, GetUserId()))
						oid = c->oid;
				if (OidIsValid(oid))
					aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_FUNCTION, qualified);
				continue;
			}
			if (OidIsValid(oid) && !pg_class_ownercheck(oid, GetUserId()))
				aclcheck_error(ACLCHECK_NOT_OWNER, OBJECT_TABLE, qualified);
		}
	}
}

/* The top-level keys and the sources other than the one applied. */
static void
report_top_level(Applying *a, const JtNode *m, const JtNode *source)
{
	for (int i = 0; i < m->count; i++)
	{
		const char *key = m->keys[i];
		const JtNode *v = m->items[i];

		if (strcmp(key, "version") == 0)
			continue;
		if (strcmp(key, "sources") == 0)
		{
			for (int k = 0; v->type == JT_ARRAY && k < v->count; k++)
			{
				const JtNode *s = v->items[k];
				JtNode	   *name = jt_get(s, "name");
				char	   *object = psprintf("source %s", name && name->type == JT_STRING ? name->str : "?");

				if (s != source)
				{
					add_row(&a->report, object, "source", "unsupported",
							"graphql serves the one Postgres database it is installed in", s);
					continue;
				}
				for (int j = 0; j < s->count; j++)
				{
					if (strcmp(s->keys[j], "configuration") == 0)
						add_row(&a->report, object, "configuration", "unsupported",
								"graphql serves the database it is installed in: its connection settings do not apply",
								s->items[j]);
					else if (strcmp(s->keys[j], "name") != 0 && strcmp(s->keys[j], "kind") != 0 &&
							 strcmp(s->keys[j], "tables") != 0 && strcmp(s->keys[j], "functions") != 0 &&
							 strcmp(s->keys[j], "customization") != 0)	/* catalog_customization.c */
						add_row(&a->report, object, s->keys[j], "unsupported",
								"not a source key graphql knows", s->items[j]);
				}
			}
			continue;
		}
		if (strcmp(key, "remote_schemas") == 0 || strcmp(key, "actions") == 0 ||
			strcmp(key, "custom_types") == 0)
			continue;			/* metadata_remote.c */
		else
			unsupported_key(a, "metadata", key, v, "graphql does not import this key");
	}
}

/* The number of types and root fields of a schema. */
static int
schema_size(const Schema *s)
{
	return list_length(s->types) + list_length(s->queryRoot->fields) +
		(s->mutationRoot != NULL ? list_length(s->mutationRoot->fields) : 0);
}

/*
 * Report the source's type_names customization: applied if the schema
 * built with it has every type and root field the schema built without it
 * has; else refused (a name it makes is another type's: a scalar's, a
 * remote schema's, an action's) and taken out of the catalog, so that the
 * rest of the report is of the schema without it.
 */
static void
report_type_names(Applying *a, Catalog *cat)
{
	char	   *prefix = cat->typePrefix;
	char	   *suffix = cat->typeSuffix;
	Schema	   *with;
	Schema	   *without;
	char	   *why = NULL;
	ListCell   *lc;

	if (cat->typeNames == NULL)
		return;
	with = gql_schema_build(cat, false);
	cat->typePrefix = cat->typeSuffix = NULL;
	without = gql_schema_build(cat, false);
	foreach(lc, cat->tables)
	{
		CatTable   *t = lfirst(lc);
		SType	   *own;

		cat->typePrefix = prefix;
		cat->typeSuffix = suffix;
		own = gql_table_object_type(with, t);
		cat->typePrefix = cat->typeSuffix = NULL;
		if (gql_table_object_type(without, t) != NULL && (own == NULL || own->table != t))
		{
			why = psprintf("the types of table %s would take a name another type has", t->qualified);
			break;
		}
	}
	if (why == NULL && schema_size(with) < schema_size(without))
		why = "a type name it makes is another type's (a scalar's, a remote schema's or an action's), or too long";
	if (why == NULL)
	{
		cat->typePrefix = prefix;
		cat->typeSuffix = suffix;
	}
	add_row(&a->report, psprintf("source %s", gql_meta_string(cat->metadata, "name") ?
								 gql_meta_string(cat->metadata, "name") : "?"),
			"customization.type_names", why ? "refused" : "applied", why, cat->typeNames);
}

/*
 * The source's root_fields namespace (reported applied with root_fields):
 * refused if the schema could not put the root fields under it (its type's
 * name is another type's), and taken out of the catalog.
 */
static void
report_namespace(Applying *a, Catalog *cat)
{
	Schema	   *s;
	char	   *name = NULL;

	if (cat->rootNamespace == NULL)
		return;
	s = gql_schema_build(cat, false);
	/* a root field of the source left on a root: its namespace type was not made */
	for (int m = 0; m < 2 && name == NULL; m++)
	{
		SType	   *root = m ? s->mutationRoot : s->queryRoot;
		ListCell   *lc;

		foreach(lc, root != NULL ? root->fields : NIL)
		{
			SField	   *f = lfirst(lc);

			if ((f->table != NULL || f->proc != NULL) && f->kind != SF_NAMESPACE)
				name = gql_type_name(s, m ? "%s_mutation" : "%s_query", cat->rootNamespace);
		}
	}
	if (name == NULL)
		return;
	cat->rootNamespace = NULL;
	add_row(&a->report, psprintf("source %s", gql_meta_string(cat->metadata, "name") ?
								 gql_meta_string(cat->metadata, "name") : "?"),
			"customization.root_fields.namespace", "refused",
			psprintf("its type \"%s\" cannot be made: the name is another type's, or too long", name),
			jt_get(jt_get(jt_get(cat->metadata, "customization"), "root_fields"), "namespace"));
}

/*
 * The source's naming convention graphql-default: applied if no two names
 * of a type (or two types) become one; else refused and taken out of the
 * catalog.
 */
static void
report_naming(Applying *a, Catalog *cat)
{
	Schema	   *s;

	if (!cat->graphqlDefault)
		return;
	s = gql_schema_build(cat, false);
	cat->graphqlDefault = s->namingClash == NULL;
	add_row(&a->report, psprintf("source %s", gql_meta_string(cat->metadata, "name") ?
								 gql_meta_string(cat->metadata, "name") : "?"),
			"customization.naming_convention", s->namingClash ? "refused" : "applied",
			s->namingClash ? psprintf("graphql-default: %s", s->namingClash) : NULL, cat->namingNode);
}

/*
 * Report the tables' custom root field names: applied if the schema the
 * metadata gives has the field as the table's, refused if another table's
 * root field took the name first.  (The names that are not GraphQL names
 * were refused while the catalog was loaded.)
 */
static void
report_root_names(Applying *a, Catalog *cat)
{
	/* the field each of CatRoot's names (another of the table's may take it) */
	static const SFieldKind rootKinds[ROOT_COUNT] = {
		SF_ROOT_LIST, SF_ROOT_BY_PK, SF_ROOT_AGGREGATE, SF_INSERT, SF_INSERT_ONE,
		SF_UPDATE, SF_UPDATE_BY_PK, SF_UPDATE_MANY, SF_DELETE, SF_DELETE_BY_PK
	};
	Schema	   *s = gql_schema_build(cat, false);
	ListCell   *lc;

	foreach(lc, cat->tables)
	{
		CatTable   *t = lfirst(lc);
		const JtNode *roots = jt_get(jt_get(t->meta, "configuration"), "custom_root_fields");
		char	   *object = psprintf("table %s", t->qualified);

		for (int r = 0; roots != NULL && roots->type == JT_OBJECT && r < ROOT_COUNT; r++)
		{
			const JtNode *v = jt_get(roots, gql_root_keys[r]);
			char	   *item = psprintf("configuration.custom_root_fields.%s", gql_root_keys[r]);
			SType	   *root = gql_source_root(s, r > ROOT_SELECT_AGGREGATE);
			SField	   *f;
			char	   *name;

			if (v == NULL || (t->rootNames[r] == NULL && v->type != JT_NULL &&
							  !(v->type == JT_OBJECT && jt_get(v, "name") == NULL) &&
							  !(v->type == JT_OBJECT && jt_get(v, "name")->type == JT_NULL)))
				continue;		/* refused already */
			name = t->rootNames[r] != NULL ? gql_root_field_name(s, t->rootNames[r]) : NULL;
			f = root != NULL && name != NULL ? gql_type_field(root, name) : NULL;
			if (f != NULL && (f->table != t || f->kind != rootKinds[r]))
				add_row(&a->report, object, item, "refused",
						psprintf("another root field is called \"%s\"", name), v);
			else
				add_row(&a->report, object, item, "applied", NULL, v);
		}
	}
}

/*
 * Run statements in a subtransaction: all of them, or none (false, *error
 * set to why).  SPI connected.
 */
bool
gql_metadata_run(List *statements, char **error)
{
	MemoryContext cxt = CurrentMemoryContext;
	ResourceOwner owner = CurrentResourceOwner;
	volatile bool ok = true;

	BeginInternalSubTransaction(NULL);
	MemoryContextSwitchTo(cxt);
	PG_TRY();
	{
		ListCell   *lc;

		foreach(lc, statements)
		{
			CHECK_FOR_INTERRUPTS();
			if (SPI_execute((char *) lfirst(lc), false, 0) < 0)
				elog(ERROR, "graphql: %s failed", (char *) lfirst(lc));
		}
		ReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
	}
	PG_CATCH();
	{
		ErrorData  *e;

		MemoryContextSwitchTo(cxt);
		e = CopyErrorData();
		FlushErrorState();
		RollbackAndReleaseCurrentSubTransaction();
		MemoryContextSwitchTo(cxt);
		CurrentResourceOwner = owner;
		/* a cancel, a timeout or a shutdown ends the apply, never one item */
		if (e->sqlerrcode == ERRCODE_QUERY_CANCELED || e->sqlerrcode == ERRCODE_ADMIN_SHUTDOWN ||
			e->sqlerrcode == ERRCODE_LOCK_NOT_AVAILABLE || e->sqlerrcode == ERRCODE_OUT_OF_MEMORY)
			ReThrowError(e);
		*error = e->message;
		ok = false;
	}
	PG_END_TRY();
	return ok;
}

/*
 * Run an SPI statement on the extension's tables as their owner (in the
 * caller's memory context, which SPI would leave for its own).
 */
static void
as_owner(const char *sql, int nargs, Oid *types, Datum *values)
{
	MemoryContext cxt = CurrentMemoryContext;
	Oid			savedUser;
	int			savedContext;

	GetUserIdAndSecContext(&savedUser, &savedContext);
	SetUserIdAndSecContext(BOOTSTRAP_SUPERUSERID,
						   savedContext | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
	PG_TRY();
	{
		if (SPI_execute_with_args(sql, nargs, types, values, NULL, false, 0) < 0)
			elog(ERROR, "graphql: %s failed", sql);
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(savedUser, savedContext);
	}
	PG_END_TRY();
	MemoryContextSwitchTo(cxt);
}

/*
 * Undo what the metadata applied before made (graphql.metadata_object),
 * latest first; what is already gone (a table dropped since) is skipped.
 * SPI connected.
 */
static void
undo_objects(void)
{
	MemoryContext cxt = CurrentMemoryContext;
	List	   *undo = NIL;
	ListCell   *lc;

	as_owner("SELECT undo FROM graphql.metadata_object ORDER BY n DESC", 0, NULL, NULL);
	for (uint64 i = 0; i < SPI_processed; i++)
		undo = lappend(undo, MemoryContextStrdup(cxt, SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1)));
	foreach(lc, undo)
	{
		char	   *error;

		(void) gql_metadata_run(list_make1(lfirst(lc)), &error);
	}
	as_owner("DELETE FROM graphql.metadata_object", 0, NULL, NULL);
}

/*
 * One apply at a time (a second waits for the first's transaction); a role
 * that is not a superuser replaces only the metadata it applied itself (or
 * none), not a superuser's.  SPI connected.
 */
static void
lock_metadata(void)
{
	char	   *me = GetUserNameFromId(GetUserId(), false);
	char	   *by;

	as_owner("LOCK TABLE graphql.metadata IN EXCLUSIVE MODE", 0, NULL, NULL);
	if (superuser())
		return;
	as_owner("SELECT applied_by::pg_catalog.text FROM graphql.metadata", 0, NULL, NULL);
	if (SPI_processed == 1 &&
		strcmp(by = SPI_getvalue(SPI_tuptable->vals[0], SPI_tuptable->tupdesc, 1), me) != 0)
		ereport(ERROR,
				(errcode(ERRCODE_INSUFFICIENT_PRIVILEGE),
				 errmsg("the metadata was applied by \"%s\": only a superuser or that role may replace it", by)));
}

/* Record the undoing of objects made, to be run latest first. */
void
gql_metadata_record_undo(List *undo)
{
	ListCell   *lc;

	foreach(lc, undo)
	{
		Oid			types[1] = {TEXTOID};
		Datum		values[1] = {CStringGetTextDatum((char *) lfirst(lc))};

		as_owner("INSERT INTO graphql.metadata_object (undo) VALUES ($1)", 1, types, values);
	}
}

/*
 * What a role's permission on a table needs first, in the permission's own
 * subtransaction (so a permission refused leaves nothing): the role (made
 * NOLOGIN if missing), its use of the schemas, none of the table's
 * privileges but what its permissions grant (once per table and role),
 * row-level security on (once per table, undone with the rest).
 */
static List *
permission_setup(Applying *a, CatTable *t, const char *role, List *rolesDone, bool rlsDone,
				 bool *made, List **undo)
{
	List	   *statements = NIL;
	const char *r = quote_identifier(role);

	*made = !OidIsValid(get_role_oid(role, true)) && !list_member(a->rolesMade, makeString((char *) role));
	if (*made)
		statements = lappend(statements, psprintf("CREATE ROLE %s NOLOGIN", r));
	/* policies call graphql.session_var (an owner who is not a superuser grants it by hand) */
	if (superuser())
		statements = lappend(statements, psprintf("GRANT USAGE ON SCHEMA graphql, %s TO %s",
												  quote_identifier(t->nspname), r));
	if (!list_member(rolesDone, makeString((char *) role)))
		statements = lappend(statements, psprintf("REVOKE ALL ON %s FROM %s", t->qualified, r));
	if (!rlsDone)
	{
		statements = lappend(statements, psprintf("ALTER TABLE %s ENABLE ROW LEVEL SECURITY", t->qualified));
		*undo = lappend(*undo, psprintf("ALTER TABLE %s DISABLE ROW LEVEL SECURITY", t->qualified));
	}
	return statements;
}

/* One permission: compiled, its objects made (all or none), reported. */
static void
apply_permission(Applying *a, Catalog *cat, CatTable *t, const char *op, const JtNode *p,
				 List **rolesDone, bool *rlsDone)
{
	const JtNode *role = jt_get(p, "role");
	char	   *object = psprintf("table %s", t->qualified);
	char	   *item = psprintf("%s_permissions.%s", op, role && role->type == JT_STRING ? role->str : "?");
	Compiled	c = {NIL, NIL};
	const char *why = NULL;
	char	   *error;
	List	   *undo = NIL;
	bool		made = false;

	if (role == NULL || role->type != JT_STRING || role->str[0] == '\0')
		why = "a permission needs a \"role\"";
	else if (gql_compile_permission(cat, t, role->str, op, jt_get(p, "permission"), &c, &why) &&
			 !gql_metadata_run(list_concat(permission_setup(a, t, role->str, *rolesDone, *rlsDone, &made, &undo),
										   c.statements), &error))
		why = error;
	if (why != NULL)
	{
		add_row(&a->report, object, item, "refused", why, p);
		return;
	}
	if (made)
	{
		add_row(&a->report, psprintf("role %s", quote_identifier(role->str)), "role", "applied",
				"the role did not exist: made NOLOGIN", NULL);
		a->rolesMade = lappend(a->rolesMade, makeString(pstrdup(role->str)));
	}
	*rolesDone = lappend(*rolesDone, makeString(pstrdup(role->str)));
	*rlsDone = true;
	if (strcmp(op, "select") == 0)
	{
		AppliedSelect *s = palloc(sizeof(AppliedSelect));

		s->table = t;
		s->role = pstrdup(role->str);
		s->permission = jt_get(p, "permission");
		a->selects = lappend(a->selects, s);
	}
	add_row(&a->report, object, item, "applied", NULL, p);
	gql_metadata_record_undo(list_concat(undo, c.undo));
}

/*
 * The permissions of the tracked tables, compiled to GRANTs, policies and
 * triggers (metadata_permission.c); each reported, each one's objects
 * made all or none.  SPI connected.
 */
static void
apply_permissions(Applying *a, Catalog *cat)
{
	static const char *const ops[] = {"select", "insert", "update", "delete"};
	ListCell   *lc;

	foreach(lc, cat->tables)
	{
		CatTable   *t = lfirst(lc);
		List	   *rolesDone = NIL;
		bool		rlsDone = t->rls;

		for (int o = 0; o < (int) lengthof(ops); o++)
		{
			char	   *key = psprintf("%s_permissions", ops[o]);
			const JtNode *list = jt_get(t->meta, key);

			if (list != NULL && list->type != JT_ARRAY)
				add_row(&a->report, psprintf("table %s", t->qualified), key, "refused", "must be a list", list);
			for (int i = 0; list != NULL && list->type == JT_ARRAY && i < list->count; i++)
				apply_permission(a, cat, t, ops[o], list->items[i], &rolesDone, &rlsDone);
		}
	}
}

/*
 * Store the metadata kept (NULL: none), with the values of its enum tables,
 * as the extension's owner.
 */
static void
store(const char *text, const char *enums, const char *given)
{
	Oid			types[4] = {TEXTOID, TEXTOID, TEXTOID, TEXTOID};
	Datum		values[4];

	as_owner("DELETE FROM graphql.metadata", 0, NULL, NULL);
	if (text == NULL)
		return;
	values[0] = CStringGetTextDatum(text);
	values[1] = CStringGetTextDatum(enums);
	values[2] = CStringGetTextDatum(given);
	values[3] = CStringGetTextDatum(GetUserNameFromId(GetUserId(), false));
	as_owner("INSERT INTO graphql.metadata (metadata, enums, given, applied_by) "
			 "VALUES ($1::pg_catalog.jsonb, $2::pg_catalog.jsonb, $3::pg_catalog.jsonb, $4)",
			 4, types, values);
}

/* graphql.apply_metadata(metadata jsonb): see the file's comment. */
Datum
graphql_apply_metadata(PG_FUNCTION_ARGS)
{
	Jsonb	   *jb = PG_GETARG_JSONB_P(0);
	char	   *text = JsonbToCString(NULL, &jb->root, VARSIZE(jb));
	char	   *error = NULL;
	JtNode	   *m = jt_parse(text, strlen(text), &error);
	JtNode	   *version;
	const JtNode *source;
	Applying	a = {.report = {.fn = add_row}};
	char	   *enums = "{}";
	MemoryContext caller = CurrentMemoryContext;
	StringInfoData kept;

	if (m == NULL)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("the metadata cannot be read: %s", error)));
	version = jt_get(m, "version");
	if (m->type != JT_OBJECT || version == NULL || version->type != JT_NUMBER || strcmp(version->str, "3") != 0)
		ereport(ERROR, (errcode(ERRCODE_INVALID_PARAMETER_VALUE),
						errmsg("the metadata must be Hasura's export, version 3"),
						errhint("Hasura v2's export_metadata API or \"hasura metadata export -o json\" gives it.")));
	source = gql_metadata_source(m);
	check_owner(m, source);

	InitMaterializedSRF(fcinfo, 0);
	a.rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	/* what the report, the catalog and the cuts hold outlives SPI_finish */
	MemoryContextSwitchTo(caller);
	lock_metadata();
	undo_objects();
	report_top_level(&a, m, source);
	if (source != NULL)
	{
		Catalog    *cat = gql_catalog_load_metadata(source, &a.report);

		enums = gql_metadata_enums_json(cat);
		report_type_names(&a, cat);
		report_namespace(&a, cat);
		report_naming(&a, cat);
		report_root_names(&a, cat);
		apply_permissions(&a, cat);
		gql_apply_joins(cat, a.selects);
		gql_apply_remote_metadata(&a.report, m, cat);
	}
	else
		gql_apply_remote_metadata(&a.report, m, NULL);
	initStringInfo(&kept);
	write_kept(&kept, m, a.cut);
	store(kept.data, enums, text);
	SPI_finish();
	return (Datum) 0;
}

/* graphql.export_metadata(): the metadata applied, or an empty one. */
Datum
graphql_export_metadata(PG_FUNCTION_ARGS)
{
	MemoryContext caller = CurrentMemoryContext;
	char	   *text;

	(void) fcinfo;
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	text = gql_catalog_metadata_text(NULL);
	if (text != NULL)
		text = MemoryContextStrdup(caller, text);
	SPI_finish();
	if (text == NULL)
		text = "{\"version\": 3, \"sources\": []}";
	PG_RETURN_DATUM(DirectFunctionCall1(jsonb_in, CStringGetDatum(text)));
}

/* graphql.clear_metadata(): back to the tables of graphql.schemas. */
Datum
graphql_clear_metadata(PG_FUNCTION_ARGS)
{
	(void) fcinfo;
	gql_require_superuser("clear the metadata");
	if (SPI_connect() != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed");
	undo_objects();
	store(NULL, NULL, NULL);
	SPI_finish();
	PG_RETURN_VOID();
}
