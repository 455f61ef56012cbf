/*-------------------------------------------------------------------------
 *
 * compile.c
 *	  The root fields of a validated operation compiled, each into a Sql
 *	  (compiled.h): __typename and introspection written at once, every
 *	  other field planned and written by deparse.c; the fields selected
 *	  under the source's root_fields namespace (schema_namespace.c) each
 *	  compiled as a root field of their own, marked as members of the
 *	  namespace's object.
 *
 * In:  a Request (request.h) whose document is validated.
 * Out: a list of Sql, in the order of the response's keys (execute.c runs
 *		them and writes the response); on errors (req->errors) the list is
 *		incomplete.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "utils/json.h"

#include "compile.h"
#include "deparse.h"
#include "introspection.h"
#include "names.h"

/* A compiled field whose answer is the JSON text given: no SQL. */
static Sql *
literal_field(Request *req, const char *key, const char *ns, const char *json)
{
	Sql		   *sql = palloc0(sizeof(Sql));

	sql->req = req;
	sql->key = key;
	sql->ns = ns;
	initStringInfo(&sql->buf);
	appendStringInfoString(&sql->buf, json);
	sql->literal = true;
	return sql;
}

/*
 * Compile the fields selected under the source's namespace (g) as root
 * fields of type ns, their answers members of the namespace's object.
 */
static List *
compile_namespace(Request *req, FieldGroup *g, SType *ns, List *compiled)
{
	List	   *subs = gql_sub_selections(req, g);
	char	   *path = gql_cat("$.selectionSet.", ((GqlField *) linitial(g->fields))->name.value, NULL);
	ListCell   *lc;

	if (subs == NIL)
	{
		/* every field skipped: an empty object */
		Sql		   *sql = literal_field(req, g->key, NULL, "{}");

		return lappend(compiled, sql);
	}
	foreach(lc, subs)
	{
		FieldGroup *sub = lfirst(lc);
		const char *name = ((GqlField *) linitial(sub->fields))->name.value;
		Sql		   *sql;

		if (strcmp(name, "__typename") == 0)
		{
			StringInfoData json;

			initStringInfo(&json);
			escape_json(&json, ns->name);
			sql = literal_field(req, sub->key, g->key, json.data);
		}
		else
		{
			sql = palloc0(sizeof(Sql));
			sql->req = req;
			sql->key = sub->key;
			sql->ns = g->key;
			gql_deparse_root(sql, sub, ns, path);
		}
		sql->nsOpen = foreach_current_index(lc) == 0;
		sql->nsClose = lnext(subs, lc) == NULL;
		compiled = lappend(compiled, sql);
	}
	return compiled;
}

/*
 * Compile every root field of the operation: a list of Sql, in order; on
 * errors (req->errors) the list is incomplete.
 */
List *
gql_compile_operation(Request *req)
{
	List	   *groups = gql_collect_fields(req, req->op->selectionSet->selections);
	SType	   *root = req->op->operation == GQL_OP_MUTATION ? req->schema->mutationRoot : req->schema->queryRoot;
	List	   *compiled = NIL;
	ListCell   *lc;

	foreach(lc, groups)
	{
		FieldGroup	   *g = lfirst(lc);
		Sql		   *sql = palloc0(sizeof(Sql));
		const char *name = ((GqlField *) linitial(g->fields))->name.value;
		SField	   *def;

		sql->req = req;
		sql->key = g->key;
		if (strcmp(name, "__typename") == 0)
		{
			/* the root's type name, no SQL */
			initStringInfo(&sql->buf);
			escape_json(&sql->buf, root->name);
			sql->literal = true;
		}
		else if (strcmp(name, "__schema") == 0 || strcmp(name, "__type") == 0)
		{
			/* introspection, no SQL */
			initStringInfo(&sql->buf);
			gql_introspect(req, g, &sql->buf);
			sql->literal = true;
		}
		else if ((def = gql_type_field(root, name)) != NULL && def->kind == SF_PLACEHOLDER)
		{
			/* no_queries_available: Hasura answers its description */
			initStringInfo(&sql->buf);
			escape_json(&sql->buf, def->description);
			sql->literal = true;
		}
		else if (req->schema->catalog->rootNamespace != NULL && def != NULL && def->kind == SF_NAMESPACE)
		{
			compiled = compile_namespace(req, g, gql_ref_named(def->type), compiled);
			continue;
		}
		else
			gql_deparse_root(sql, g, root, "$");
		compiled = lappend(compiled, sql);
	}
	return compiled;
}
