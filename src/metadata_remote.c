/*-------------------------------------------------------------------------
 *
 * metadata_remote.c
 *	  A Hasura metadata's remote schemas (with their permissions), tables'
 *	  remote relationships, custom types and actions (with their
 *	  permissions), applied through the functions that add them one by one
 *	  (remote_schema.c, remote_permission.c, remote_relationship.c,
 *	  action.c).
 *
 * In:  the metadata, the tracked tables (the catalog the apply loaded).
 * Out: a report row per item; each added in a subtransaction of its own
 *		(all of it or none: a remote that cannot be introspected is
 *		refused with why), with the call that removes it recorded, so
 *		that applying again or clearing removes what the metadata added.
 *
 * A remote schema or action of that name added by hand (not by earlier
 * metadata) is not replaced: its add is refused, and says so.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "executor/spi.h"
#include "utils/builtins.h"

#include "metadata.h"

/* The JSON text of a node, as an SQL literal of type jsonb. */
static char *
jsonb_literal(const JtNode *node)
{
	StringInfoData text;

	initStringInfo(&text);
	jt_append(&text, node);
	return psprintf("%s::pg_catalog.jsonb", quote_literal_cstr(text.data));
}

/* A string member, or NULL. */
static const char *
string_of(const JtNode *obj, const char *key)
{
	JtNode	   *v = jt_get(obj, key);

	return v != NULL && v->type == JT_STRING ? v->str : NULL;
}

/*
 * Run statements for an item (all or none), report it, record its undoing
 * if it applied.
 */
static bool
apply_item(MetaReport *r, const char *object, const char *item, const JtNode *node,
		   List *statements, List *undo)
{
	char	   *error = NULL;

	if (!gql_metadata_run(statements, &error))
	{
		r->fn(r, object, item, "refused", error, node);
		return false;
	}
	r->fn(r, object, item, "applied", NULL, node);
	gql_metadata_record_undo(undo);
	return true;
}

/* remote_schemas: each with its definition, comment and permissions. */
static void
remote_schemas(MetaReport *r, const JtNode *list)
{
	for (int i = 0; list->type == JT_ARRAY && i < list->count; i++)
	{
		const JtNode *rs = list->items[i];
		const char *name = string_of(rs, "name");
		const JtNode *perms = jt_get(rs, "permissions");
		char	   *object = psprintf("remote schema %s", name ? name : "?");
		static const char *const known[] = {"name", "definition", "comment", "permissions", NULL};
		const char *unknown;

		if (name == NULL || jt_get(rs, "definition") == NULL)
		{
			r->fn(r, object, "remote_schema", "refused", "a remote schema needs a \"name\" and a \"definition\"", rs);
			continue;
		}
		unknown = jt_unknown_key(rs, known);
		if (unknown != NULL)
		{
			r->fn(r, object, unknown, "unsupported", "not imported: graphql has no such remote schema setting",
				  jt_get(rs, unknown));
		}
		if (!apply_item(r, object, "remote_schema", rs,
						list_make1(psprintf("SELECT graphql.add_remote_schema(%s, %s, %s)", quote_literal_cstr(name),
											jsonb_literal(jt_get(rs, "definition")),
											string_of(rs, "comment") ? quote_literal_cstr(string_of(rs, "comment")) : "NULL")),
						list_make1(psprintf("SELECT graphql.remove_remote_schema(%s)", quote_literal_cstr(name)))))
			continue;
		for (int k = 0; perms != NULL && perms->type == JT_ARRAY && k < perms->count; k++)
		{
			const JtNode *p = perms->items[k];
			const char *role = string_of(p, "role");

			if (role == NULL || jt_get(p, "definition") == NULL)
			{
				r->fn(r, object, "permissions.?", "refused", "a permission needs a \"role\" and a \"definition\"", p);
				continue;
			}
			/* removed with the remote schema */
			(void) apply_item(r, object, psprintf("permissions.%s", role), p,
							  list_make1(psprintf("SELECT graphql.add_remote_schema_permissions(%s, %s, %s)",
												  quote_literal_cstr(name), quote_literal_cstr(role),
												  jsonb_literal(jt_get(p, "definition")))), NIL);
		}
	}
}

/*
 * The remote relationships of the tracked tables: Hasura's to_remote_schema
 * form, or the older {remote_schema, hasura_fields, remote_field}.
 */
static void
remote_relationships(MetaReport *r, Catalog *cat)
{
	ListCell   *lc;

	foreach(lc, cat->tables)
	{
		CatTable   *t = lfirst(lc);
		const JtNode *rels = jt_get(t->meta, "remote_relationships");
		char	   *object = psprintf("table %s", t->qualified);

		for (int i = 0; rels != NULL && rels->type == JT_ARRAY && i < rels->count; i++)
		{
			const JtNode *rel = rels->items[i];
			const char *name = string_of(rel, "name");
			const JtNode *def = jt_get(rel, "definition");
			char	   *item = psprintf("remote_relationships.%s", name ? name : "?");
			char	   *definition;

			if (name == NULL || def == NULL || def->type != JT_OBJECT)
			{
				r->fn(r, object, item, "refused", "a remote relationship needs a \"name\" and a \"definition\"", rel);
				continue;
			}
			if (jt_get(def, "to_source") != NULL)
			{
				r->fn(r, object, item, "unsupported", "a relationship to another database is not supported", rel);
				continue;
			}
			if (jt_get(def, "to_remote_schema") != NULL)
				definition = jsonb_literal(def);
			else
			{
				/* the older form: the same, named otherwise */
				StringInfoData d;

				initStringInfo(&d);
				appendStringInfoString(&d, "{\"to_remote_schema\": {\"remote_schema\": ");
				jt_append(&d, jt_get(def, "remote_schema") ? jt_get(def, "remote_schema") : &(JtNode) {.type = JT_NULL});
				appendStringInfoString(&d, ", \"lhs_fields\": ");
				jt_append(&d, jt_get(def, "hasura_fields") ? jt_get(def, "hasura_fields") : &(JtNode) {.type = JT_NULL});
				appendStringInfoString(&d, ", \"remote_field\": ");
				jt_append(&d, jt_get(def, "remote_field") ? jt_get(def, "remote_field") : &(JtNode) {.type = JT_NULL});
				appendStringInfoString(&d, "}}");
				definition = psprintf("%s::pg_catalog.jsonb", quote_literal_cstr(d.data));
			}
			(void) apply_item(r, object, item, rel,
							  list_make1(psprintf("SELECT graphql.add_remote_relationship(%s::pg_catalog.regclass, %s, %s)",
												  quote_literal_cstr(t->qualified), quote_literal_cstr(name), definition)),
							  list_make1(psprintf("SELECT graphql.remove_remote_relationship(%s::pg_catalog.regclass, %s)",
												  quote_literal_cstr(t->qualified), quote_literal_cstr(name))));
		}
	}
}

/* actions: each with its definition, comment and permissions. */
static void
actions(MetaReport *r, const JtNode *list)
{
	for (int i = 0; list->type == JT_ARRAY && i < list->count; i++)
	{
		const JtNode *a = list->items[i];
		const char *name = string_of(a, "name");
		const JtNode *perms = jt_get(a, "permissions");
		char	   *object = psprintf("action %s", name ? name : "?");

		if (name == NULL || jt_get(a, "definition") == NULL)
		{
			r->fn(r, object, "action", "refused", "an action needs a \"name\" and a \"definition\"", a);
			continue;
		}
		if (!apply_item(r, object, "action", a,
						list_make1(psprintf("SELECT graphql.add_action(%s, %s, %s)", quote_literal_cstr(name),
											jsonb_literal(jt_get(a, "definition")),
											string_of(a, "comment") ? quote_literal_cstr(string_of(a, "comment")) : "NULL")),
						list_make1(psprintf("SELECT graphql.remove_action(%s)", quote_literal_cstr(name)))))
			continue;
		for (int k = 0; perms != NULL && perms->type == JT_ARRAY && k < perms->count; k++)
		{
			const char *role = string_of(perms->items[k], "role");

			if (role == NULL)
			{
				r->fn(r, object, "permissions.?", "refused", "a permission needs a \"role\"", perms->items[k]);
				continue;
			}
			/* removed with the action */
			(void) apply_item(r, object, psprintf("permissions.%s", role), perms->items[k],
							  list_make1(psprintf("SELECT graphql.create_action_permission(%s, %s)",
												  quote_literal_cstr(name), quote_literal_cstr(role))), NIL);
		}
	}
}

/*
 * Whether custom types are set that earlier metadata did not set (its
 * objects are undone before this runs).  SPI connected; a superuser's.
 */
static bool
custom_types_by_hand(void)
{
	MemoryContext cxt = CurrentMemoryContext;
	bool		set;

	/* not read-only: it must see what the undoing just deleted */
	if (SPI_execute("SELECT FROM graphql.custom_types", false, 1) != SPI_OK_SELECT)
		elog(ERROR, "graphql: reading graphql.custom_types failed");
	set = SPI_processed > 0;
	MemoryContextSwitchTo(cxt);	/* SPI leaves its own */
	return set;
}

/*
 * The metadata's remote schemas, then the tables' remote relationships to
 * them, then the custom types, then the actions that use them.
 */
void
gql_apply_remote_metadata(MetaReport *r, const JtNode *m, Catalog *cat)
{
	const JtNode *types = jt_get(m, "custom_types");

	if (jt_get(m, "remote_schemas") != NULL)
		remote_schemas(r, jt_get(m, "remote_schemas"));
	if (cat != NULL)
		remote_relationships(r, cat);
	if (types != NULL && custom_types_by_hand())
		r->fn(r, "metadata", "custom_types", "refused",
			  "custom types were set by hand (graphql.set_custom_types): they are not replaced", types);
	else if (types != NULL)
		(void) apply_item(r, "metadata", "custom_types", types,
						  list_make1(psprintf("SELECT graphql.set_custom_types(%s)", jsonb_literal(types))),
						  list_make1("DELETE FROM graphql.custom_types"));
	if (jt_get(m, "actions") != NULL)
		actions(r, jt_get(m, "actions"));
}
