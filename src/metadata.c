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
					else if (strcmp(s->keys[j], "customization") == 0)
						add_row(&a->report, object, "customization", "unsupported",
								"not imported yet", s->items[j]);
					else if (strcmp(s->keys[j], "name") != 0 && strcmp(s->keys[j], "kind") != 0 &&
							 strcmp(s->keys[j], "tables") != 0 && strcmp(s->keys[j], "functions") != 0)
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

/*
 * Report the tables' custom root field names: applied if the schema the
 * metadata gives has the field as the table's, refused if another table's
 * root field took the name first.  (The names that are not GraphQL names
 * were refused while the catalog was loaded.)
 */
static void
report_root_names(Applying *a, Catalog *cat)
{
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
			SType	   *root = r <= ROOT_SELECT_AGGREGATE ? s->queryRoot : s->mutationRoot;
			SField	   *f;

			if (v == NULL || (t->rootNames[r] == NULL && v->type != JT_NULL &&
							  !(v->type == JT_OBJECT && jt_get(v, "name") == NULL) &&
							  !(v->type == JT_OBJECT && jt_get(v, "name")->type == JT_NULL)))
				continue;		/* refused already */
			f = root != NULL && t->rootNames[r] != NULL ? gql_type_field(root, t->rootNames[r]) : NULL;
			if (f != NULL && f->table != t)
				add_row(&a->report, object, item, "refused",
						psprintf("another root field is called \"%s\"", t->rootNames[r]), v);
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
 * What a table's permissions need first: the roles (made NOLOGIN if
 * missing, reported), their use of the schemas, none of the table's
 * privileges but what the permissions grant, row-level security on.
 */
static List *
permission_setup(Applying *a, CatTable *t, const JtNode *roles, List **undo)
{
	List	   *statements = NIL;

	for (int i = 0; i < roles->count; i++)
	{
		const char *role = roles->items[i]->str;
		const char *r = quote_identifier(role);

		if (!OidIsValid(get_role_oid(role, true)) &&
			!list_member(a->rolesMade, makeString((char *) role)))
		{
			char	   *error;

			if (gql_metadata_run(list_make1(psprintf("CREATE ROLE %s NOLOGIN", r)), &error))
				add_row(&a->report, psprintf("role %s", r), "role", "applied",
						"the role did not exist: made NOLOGIN", NULL);
			a->rolesMade = lappend(a->rolesMade, makeString(pstrdup(role)));
		}
		/* policies call graphql.session_var (an owner who is not a superuser grants it by hand) */
		if (superuser())
			statements = lappend(statements, psprintf("GRANT USAGE ON SCHEMA graphql, %s TO %s",
													  quote_identifier(t->nspname), r));
		statements = lappend(statements, psprintf("REVOKE ALL ON %s FROM %s", t->qualified, r));
	}
	if (!t->rls)
	{
		statements = lappend(statements, psprintf("ALTER TABLE %s ENABLE ROW LEVEL SECURITY", t->qualified));
		*undo = lappend(*undo, psprintf("ALTER TABLE %s DISABLE ROW LEVEL SECURITY", t->qualified));
	}
	return statements;
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
		char	   *object = psprintf("table %s", t->qualified);
		JtNode	   *roles = palloc0(sizeof(JtNode));
		List	   *undo = NIL;
		List	   *setup;
		char	   *error;

		roles->type = JT_ARRAY;
		roles->items = palloc(sizeof(JtNode *) * 64);
		for (int o = 0; o < (int) lengthof(ops); o++)
		{
			const JtNode *list = jt_get(t->meta, psprintf("%s_permissions", ops[o]));

			for (int i = 0; list != NULL && list->type == JT_ARRAY && i < list->count; i++)
			{
				const JtNode *role = jt_get(list->items[i], "role");
				bool		seen = false;

				for (int k = 0; role != NULL && role->type == JT_STRING && k < roles->count; k++)
					seen |= strcmp(roles->items[k]->str, role->str) == 0;
				if (role != NULL && role->type == JT_STRING && !seen && role->str[0] != '\0')
				{
					if (roles->count % 64 == 0 && roles->count > 0)
						roles->items = repalloc(roles->items, sizeof(JtNode *) * (roles->count + 64));
					roles->items[roles->count++] = (JtNode *) role;
				}
			}
		}
		if (roles->count == 0)
			continue;
		setup = permission_setup(a, t, roles, &undo);
		if (!gql_metadata_run(setup, &error))
		{
			add_row(&a->report, object, "permissions", "refused", error, NULL);
			continue;
		}
		gql_metadata_record_undo(undo);
		for (int o = 0; o < (int) lengthof(ops); o++)
		{
			char	   *key = psprintf("%s_permissions", ops[o]);
			const JtNode *list = jt_get(t->meta, key);

			if (list != NULL && list->type != JT_ARRAY)
			{
				add_row(&a->report, object, key, "refused", "must be a list", list);
				continue;
			}
			for (int i = 0; list != NULL && i < list->count; i++)
			{
				const JtNode *p = list->items[i];
				const JtNode *role = jt_get(p, "role");
				char	   *item = psprintf("%s.%s", key, role && role->type == JT_STRING ? role->str : "?");
				Compiled	c = {NIL, NIL};
				const char *why = NULL;

				if (role == NULL || role->type != JT_STRING || role->str[0] == '\0')
					why = "a permission needs a \"role\"";
				else if (gql_compile_permission(cat, t, role->str, ops[o], jt_get(p, "permission"), &c, &why) &&
						 !gql_metadata_run(c.statements, &error))
					why = error;
				if (why != NULL)
					add_row(&a->report, object, item, "refused", why, p);
				else
				{
					add_row(&a->report, object, item, "applied", NULL, p);
					gql_metadata_record_undo(c.undo);
				}
			}
		}
	}
}

/*
 * Store the metadata kept (NULL: none), with the values of its enum tables,
 * as the extension's owner.
 */
static void
store(const char *text, const char *enums)
{
	Oid			savedUser;
	int			savedContext;
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2];

	GetUserIdAndSecContext(&savedUser, &savedContext);
	SetUserIdAndSecContext(BOOTSTRAP_SUPERUSERID,
						   savedContext | SECURITY_LOCAL_USERID_CHANGE | SECURITY_RESTRICTED_OPERATION);
	PG_TRY();
	{
		(void) gql_spi_write("DELETE FROM graphql.metadata", 0, NULL, NULL, NULL);
		if (text != NULL)
		{
			values[0] = CStringGetTextDatum(text);
			values[1] = CStringGetTextDatum(enums);
			(void) gql_spi_write("INSERT INTO graphql.metadata (metadata, enums) "
								 "VALUES ($1::pg_catalog.jsonb, $2::pg_catalog.jsonb)",
								 2, types, values, NULL);
		}
	}
	PG_FINALLY();
	{
		SetUserIdAndSecContext(savedUser, savedContext);
	}
	PG_END_TRY();
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
	undo_objects();
	report_top_level(&a, m, source);
	if (source != NULL)
	{
		Catalog    *cat = gql_catalog_load_metadata(source, &a.report);

		enums = gql_metadata_enums_json(cat);
		report_root_names(&a, cat);
		apply_permissions(&a, cat);
		gql_apply_remote_metadata(&a.report, m, cat);
	}
	else
		gql_apply_remote_metadata(&a.report, m, NULL);
	SPI_finish();

	initStringInfo(&kept);
	write_kept(&kept, m, a.cut);
	store(kept.data, enums);
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
	SPI_finish();
	store(NULL, NULL);
	PG_RETURN_VOID();
}
