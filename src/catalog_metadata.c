/*-------------------------------------------------------------------------
 *
 * catalog_metadata.c
 *	  A Hasura project's metadata (graphql.apply_metadata), read into the
 *	  catalog: which tables and functions are tracked, their custom names
 *	  and root fields, columns' names, relationships by foreign key or by
 *	  manual configuration, computed fields, functions' settings.
 *
 * In:  the metadata's Postgres source (a JtNode: {"tables": [...],
 *		"functions": [...]}) and the catalog catalog.c is loading.
 * Out: the catalog's tables and functions named and related as the
 *		metadata says; nothing else is exposed.  While it is applied, each
 *		item is reported (applied, or refused / unsupported with why)
 *		through the catalog's MetaReport; a schema build resolves it by the
 *		same code, silently, skipping what its role cannot see.  Items
 *		refused or unsupported are cut from what is stored (metadata.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"

#include "catalog.h"
#include "names.h"
#include "schema.h"

/* The keys of custom_root_fields, in CatRoot's order, and their defaults. */
const char *const gql_root_keys[ROOT_COUNT] = {
	"select", "select_by_pk", "select_aggregate", "insert", "insert_one",
	"update", "update_by_pk", "update_many", "delete", "delete_by_pk"
};
static const char *const rootFormats[ROOT_COUNT] = {
	"%s", "%s_by_pk", "%s_aggregate", "insert_%s", "insert_%s_one",
	"update_%s", "update_%s_by_pk", "update_%s_many", "delete_%s", "delete_%s_by_pk"
};

/* The name of one of a table's root fields. */
char *
gql_root_name(const CatTable *t, CatRoot root)
{
	if (t->rootNames[root] != NULL)
		return t->rootNames[root];
	return psprintf(rootFormats[root], t->gqlname);
}

void
gql_meta_report(Catalog *cat, const char *object, const char *item, const char *status,
	   const char *reason, const JtNode *node)
{
	if (cat->report != NULL)
		cat->report->fn(cat->report, object, item, status, reason, node);
}

static void
refuse(Catalog *cat, const char *object, const char *item, const JtNode *node, const char *reason)
{
	gql_meta_report(cat, object, item, "refused", reason, node);
}

static void
unsupported(Catalog *cat, const char *object, const char *item, const JtNode *node, const char *reason)
{
	gql_meta_report(cat, object, item, "unsupported", reason, node);
}

/* A string member, or NULL. */
const char *
gql_meta_string(const JtNode *obj, const char *key)
{
	JtNode	   *v = obj != NULL && obj->type == JT_OBJECT ? jt_get(obj, key) : NULL;

	return v != NULL && v->type == JT_STRING ? v->str : NULL;
}

/* An array member (an empty list if missing or not an array). */
const JtNode *
gql_meta_array(const JtNode *obj, const char *key)
{
	static const JtNode empty = {.type = JT_ARRAY};
	JtNode	   *v = obj != NULL && obj->type == JT_OBJECT ? jt_get(obj, key) : NULL;

	return v != NULL && v->type == JT_ARRAY ? v : &empty;
}

/*
 * A table's or function's reference, as Hasura writes it: {"schema": s,
 * "name": n} or "n" (in public).  False if it is neither.
 */
bool
gql_meta_qualified(const JtNode *ref, const char **nspname, const char **name)
{
	if (ref == NULL)
		return false;
	if (ref->type == JT_STRING)
	{
		*nspname = "public";
		*name = ref->str;
		return true;
	}
	if (ref->type != JT_OBJECT || gql_meta_string(ref, "name") == NULL ||
		(jt_get(ref, "schema") != NULL && gql_meta_string(ref, "schema") == NULL))
		return false;
	*nspname = gql_meta_string(ref, "schema") ? gql_meta_string(ref, "schema") : "public";
	*name = gql_meta_string(ref, "name");
	return true;
}

/*
 * The Postgres source of a metadata export: the one named "default", else
 * the first of kind postgres (a source without a kind is one).
 */
const JtNode *
gql_metadata_source(const JtNode *metadata)
{
	const JtNode *sources = gql_meta_array(metadata, "sources");
	const JtNode *first = NULL;

	for (int i = 0; i < sources->count; i++)
	{
		const JtNode *s = sources->items[i];
		const char *kind = gql_meta_string(s, "kind");

		if (s->type != JT_OBJECT || (kind != NULL && strcmp(kind, "postgres") != 0))
			continue;
		if (gql_meta_string(s, "name") != NULL && strcmp(gql_meta_string(s, "name"), "default") == 0)
			return s;
		if (first == NULL)
			first = s;
	}
	return first;
}

/* The schemas of the source's tables and functions (char *, each once). */
List *
gql_metadata_schemas(const JtNode *source)
{
	static const char *const lists[] = {"tables", "functions"};
	static const char *const refs[] = {"table", "function"};
	List	   *schemas = NIL;

	for (int l = 0; l < 2; l++)
	{
		const JtNode *items = gql_meta_array(source, lists[l]);

		for (int i = 0; i < items->count; i++)
		{
			const JtNode *fields = gql_meta_array(items->items[i], "computed_fields");
			const char *nsp;
			const char *name;

			if (gql_meta_qualified(jt_get(items->items[i], refs[l]), &nsp, &name) &&
				!list_member(schemas, makeString((char *) nsp)))
				schemas = lappend(schemas, makeString(pstrdup(nsp)));
			/* a computed field's function may be in a schema of its own */
			for (int k = 0; k < fields->count; k++)
				if (gql_meta_qualified(jt_get(jt_get(fields->items[k], "definition"), "function"), &nsp, &name) &&
					!list_member(schemas, makeString((char *) nsp)))
					schemas = lappend(schemas, makeString(pstrdup(nsp)));
		}
	}
	{
		List	   *names = NIL;
		ListCell   *lc;

		foreach(lc, schemas)
			names = lappend(names, strVal(lfirst(lc)));
		return names;
	}
}

/* The source's entry (in list, by key ref) for nspname.name, or NULL. */
static const JtNode *
find_entry(const JtNode *source, const char *list, const char *ref,
		   const char *nspname, const char *name)
{
	const JtNode *items = gql_meta_array(source, list);

	for (int i = 0; i < items->count; i++)
	{
		const char *n;
		const char *s;

		if (gql_meta_qualified(jt_get(items->items[i], ref), &s, &n) &&
			strcmp(s, nspname) == 0 && strcmp(n, name) == 0)
			return items->items[i];
	}
	return NULL;
}

/*
 * A name the metadata gives (a string, or {"name": ..., "comment": ...} in
 * custom_root_fields): the name, or NULL (refused, reported) if it is not a
 * GraphQL name.  *comment gets the comment, if any.
 */
static char *
given_name(Catalog *cat, const char *object, const char *item, const JtNode *v, char **comment,
		   bool reportApplied)
{
	const char *name = NULL;

	if (comment != NULL)
		*comment = NULL;
	if (v->type == JT_STRING)
		name = v->str;
	else if (v->type == JT_OBJECT && comment != NULL)
	{
		name = gql_meta_string(v, "name");
		if (gql_meta_string(v, "comment") != NULL)
			*comment = pstrdup(gql_meta_string(v, "comment"));
		if (name == NULL && jt_get(v, "name") != NULL && jt_get(v, "name")->type != JT_NULL)
		{
			refuse(cat, object, item, v, "\"name\" must be a string");
			return NULL;
		}
	}
	else if (v->type != JT_NULL)
	{
		refuse(cat, object, item, v, "must be a string");
		return NULL;
	}
	if (name != NULL && !gql_is_name(name))
	{
		refuse(cat, object, item, v, psprintf("\"%s\" is not a GraphQL name", name));
		return NULL;
	}
	if (reportApplied)
		gql_meta_report(cat, object, item, "applied", NULL, v);
	return name != NULL ? pstrdup(name) : NULL;
}

/* A comment the metadata gives: a string, or null. */
static void
given_comment(Catalog *cat, const char *object, const char *item, const JtNode *v)
{
	if (v->type == JT_STRING || v->type == JT_NULL)
		gql_meta_report(cat, object, item, "applied", NULL, v);
	else
		refuse(cat, object, item, v, "must be a string");
}

/* configuration.custom_root_fields of a table. */
static void
table_root_fields(Catalog *cat, CatTable *t, const char *object, const JtNode *roots)
{
	if (roots->type != JT_OBJECT)
	{
		refuse(cat, object, "configuration.custom_root_fields", roots, "must be an object");
		return;
	}
	for (int i = 0; i < roots->count; i++)
	{
		const char *key = roots->keys[i];
		char	   *item = psprintf("configuration.custom_root_fields.%s", key);
		int			r;

		for (r = 0; r < ROOT_COUNT; r++)
			if (strcmp(key, gql_root_keys[r]) == 0)
				break;
		if (r < ROOT_COUNT)
			/* applied: reported once the schema shows the name is the table's (metadata.c) */
			t->rootNames[r] = given_name(cat, object, item, roots->items[i], &t->rootComments[r], false);
		else if (strcmp(key, "select_stream") == 0)
			unsupported(cat, object, item, roots->items[i], "graphql has no subscriptions");
		else
			unsupported(cat, object, item, roots->items[i], "not a root field Hasura names");
	}
}

/* configuration.column_config (or custom_column_names): columns that exist. */
static void
table_column_config(Catalog *cat, CatTable *t, const char *object, const char *key, const JtNode *config)
{
	if (config->type != JT_OBJECT)
	{
		refuse(cat, object, psprintf("configuration.%s", key), config, "must be an object");
		return;
	}
	for (int i = 0; i < config->count; i++)
	{
		char	   *item = psprintf("configuration.%s.%s", key, config->keys[i]);
		const JtNode *c = config->items[i];
		ListCell   *lc;
		bool		found = false;

		foreach(lc, t->allAttnames)
			found |= strcmp((char *) lfirst(lc), config->keys[i]) == 0;
		if (!found)
		{
			refuse(cat, object, item, c, psprintf("%s has no column \"%s\"", t->qualified, config->keys[i]));
			continue;
		}
		if (strcmp(key, "custom_column_names") == 0)
			(void) given_name(cat, object, item, c, NULL, true);
		else if (c->type != JT_OBJECT)
			refuse(cat, object, item, c, "must be an object");
		else
		{
			static const char *const known[] = {"custom_name", "comment", NULL};
			const char *unknown = jt_unknown_key(c, known);

			if (unknown != NULL)
				unsupported(cat, object, psprintf("%s.%s", item, unknown), jt_get(c, unknown),
							"not a column setting Hasura has");
			if (jt_get(c, "custom_name") != NULL)
				(void) given_name(cat, object, psprintf("%s.custom_name", item), jt_get(c, "custom_name"), NULL, true);
			if (jt_get(c, "comment") != NULL)
				given_comment(cat, object, psprintf("%s.comment", item), jt_get(c, "comment"));
		}
	}
}

/* A table's configuration: its name, description, root fields, columns. */
static void
table_configuration(Catalog *cat, CatTable *t, const char *object, const JtNode *conf)
{
	if (conf->type != JT_OBJECT)
	{
		refuse(cat, object, "configuration", conf, "must be an object");
		return;
	}
	for (int i = 0; i < conf->count; i++)
	{
		const char *key = conf->keys[i];
		const JtNode *v = conf->items[i];
		char	   *item = psprintf("configuration.%s", key);

		if (strcmp(key, "custom_name") == 0)
		{
			char	   *name = given_name(cat, object, item, v, NULL, false);
			const char *directive = gql_meta_string(t->directive, "name");

			if (name != NULL)
				t->gqlname = name;
			if (name != NULL && directive != NULL && strcmp(directive, name) != 0)
				gql_meta_report(cat, object, item, "applied",
					   psprintf("the comment directive's name \"%s\" is overridden", directive), v);
			else if (name != NULL || v->type == JT_NULL)
				gql_meta_report(cat, object, item, "applied", NULL, v);
		}
		else if (strcmp(key, "comment") == 0)
		{
			if (v->type == JT_STRING)
				t->description = pstrdup(v->str);
			given_comment(cat, object, item, v);
		}
		else if (strcmp(key, "custom_root_fields") == 0)
			table_root_fields(cat, t, object, v);
		else if (strcmp(key, "column_config") == 0 || strcmp(key, "custom_column_names") == 0)
			table_column_config(cat, t, object, key, v);
		else
			unsupported(cat, object, item, v, "not a table setting graphql knows");
	}
}

/* The root fields a role's select permission leaves out (query_root_fields). */
static void
role_root_fields(CatTable *t, const JtNode *fields)
{
	static const struct
	{
		const char *name;
		CatRoot		root;
	}			roots[] = {
		{"select", ROOT_SELECT}, {"select_by_pk", ROOT_SELECT_BY_PK},
		{"select_aggregate", ROOT_SELECT_AGGREGATE}
	};

	if (fields == NULL || fields->type != JT_ARRAY)
		return;					/* null or absent: every root field */
	for (int k = 0; k < (int) lengthof(roots); k++)
	{
		bool		listed = false;

		for (int i = 0; i < fields->count; i++)
			if (fields->items[i]->type == JT_STRING && strcmp(fields->items[i]->str, roots[k].name) == 0)
				listed = true;
		if (!listed)
			t->rootHidden |= 1U << roots[k].root;
	}
}

/* The computed fields a role's select permission lets it see: those listed. */
static void
role_computed_fields(CatTable *t, const JtNode *fields)
{
	t->computedListed = true;
	if (fields == NULL || fields->type != JT_ARRAY)
		return;
	for (int i = 0; i < fields->count; i++)
		if (fields->items[i]->type == JT_STRING)
			t->computedAllowed = lappend(t->computedAllowed, pstrdup(fields->items[i]->str));
}

/*
 * What the current role's select permission on t says beyond its GRANT
 * and policy (metadata_permission.c): the rows a request may read at most
 * (limit), whether it may aggregate them (allow_aggregations, false unless
 * said), the root fields it has (query_root_fields, all unless said) and
 * the computed fields it sees (computed_fields, none unless said).  A role
 * the metadata gives no permission (a superuser, the owner, a role granted
 * by hand) is not limited.
 */
static void
role_select_permission(CatTable *t, const JtNode *perms)
{
	const char *me = GetUserNameFromId(GetUserId(), false);

	for (int i = 0; i < perms->count; i++)
	{
		const JtNode *p = jt_get(perms->items[i], "permission");
		const JtNode *limit = jt_get(p, "limit");
		const JtNode *aggregations = jt_get(p, "allow_aggregations");

		if (gql_meta_string(perms->items[i], "role") == NULL || strcmp(gql_meta_string(perms->items[i], "role"), me) != 0)
			continue;
		t->noAggregates = aggregations == NULL || aggregations->type != JT_BOOL || !aggregations->boolean;
		role_root_fields(t, jt_get(p, "query_root_fields"));
		role_computed_fields(t, jt_get(p, "computed_fields"));
		/* as the apply checked it (a stored copy edited by hand is not trusted) */
		if (limit != NULL && limit->type == JT_NUMBER && strlen(limit->str) <= 9 &&
			strspn(limit->str, "0123456789") == strlen(limit->str))
		{
			t->permLimited = true;
			t->permLimit = pg_strtoint32(limit->str);
		}
	}
}

/*
 * Whether t is tracked by the metadata; if so, name it as the metadata
 * says, and report the table's items other than relationships and
 * computed fields (gql_metadata_relationships, gql_metadata_report_missing
 * report those).
 */
bool
gql_metadata_table(Catalog *cat, CatTable *t)
{
	const JtNode *entry = find_entry(cat->metadata, "tables", "table", t->nspname, t->relname);
	char	   *object;

	if (entry == NULL || entry->type != JT_OBJECT)
		return false;
	t->meta = entry;
	object = psprintf("table %s", t->qualified);
	gql_meta_report(cat, object, "table", "applied", NULL, NULL);
	for (int i = 0; i < entry->count; i++)
	{
		const char *key = entry->keys[i];
		const JtNode *v = entry->items[i];

		if (strcmp(key, "table") == 0 || strcmp(key, "object_relationships") == 0 ||
			strcmp(key, "array_relationships") == 0 || strcmp(key, "computed_fields") == 0)
			continue;
		if (strcmp(key, "configuration") == 0)
			table_configuration(cat, t, object, v);
		else if (strcmp(key, "is_enum") == 0 && v->type == JT_BOOL && !v->boolean)
			gql_meta_report(cat, object, key, "applied", NULL, v);
		else if (strcmp(key, "is_enum") == 0 && v->type == JT_BOOL)
			continue;			/* once its keys are loaded (catalog_enum.c) */
		else if (strcmp(key, "is_enum") == 0)
			refuse(cat, object, key, v, "must be true or false");
		else if (strcmp(key, "select_permissions") == 0 || strcmp(key, "insert_permissions") == 0 ||
				 strcmp(key, "update_permissions") == 0 || strcmp(key, "delete_permissions") == 0)
			continue;			/* compiled once the catalog is loaded (metadata.c) */
		else if (strcmp(key, "remote_relationships") == 0)
			continue;			/* added once the remote schemas are (metadata_remote.c) */
		else if (strcmp(key, "event_triggers") == 0)
			unsupported(cat, object, key, v, "graphql has no event triggers");
		else
			unsupported(cat, object, key, v, "not a table key graphql knows");
	}
	role_select_permission(t, gql_meta_array(entry, "select_permissions"));
	return true;
}

/* A column of a tracked table: its custom name and comment. */
void
gql_metadata_column(Catalog *cat, CatTable *t, CatColumn *c)
{
	const JtNode *conf;
	const JtNode *cc;
	const char *name;

	(void) cat;
	if (t->meta == NULL || (conf = jt_get(t->meta, "configuration")) == NULL || conf->type != JT_OBJECT)
		return;
	cc = jt_get(conf, "column_config");
	cc = cc != NULL && cc->type == JT_OBJECT ? jt_get(cc, c->attname) : NULL;
	name = gql_meta_string(cc, "custom_name");
	if (name == NULL)
	{
		const JtNode *old = jt_get(conf, "custom_column_names");

		name = old != NULL && old->type == JT_OBJECT ? gql_meta_string(old, c->attname) : NULL;
	}
	if (name != NULL && gql_is_name(name))
		c->gqlname = pstrdup(name);
	if (gql_meta_string(cc, "comment") != NULL)
		c->description = pstrdup(gql_meta_string(cc, "comment"));
}

/*
 * The metadata's entry of a function: a tracked function's, or the
 * computed field's whose definition names it (*on: its table's entry).
 */
static const JtNode *
function_entry(Catalog *cat, const char *nspname, const char *proname, const JtNode **on)
{
	const JtNode *tables = gql_meta_array(cat->metadata, "tables");
	const JtNode *e = find_entry(cat->metadata, "functions", "function", nspname, proname);

	*on = NULL;
	if (e != NULL)
		return e;
	for (int i = 0; i < tables->count; i++)
	{
		const JtNode *fields = gql_meta_array(tables->items[i], "computed_fields");

		for (int k = 0; k < fields->count; k++)
		{
			const JtNode *def = jt_get(fields->items[k], "definition");
			const char *s;
			const char *n;

			if (def != NULL && def->type == JT_OBJECT && gql_meta_qualified(jt_get(def, "function"), &s, &n) &&
				strcmp(s, nspname) == 0 && strcmp(n, proname) == 0)
			{
				*on = tables->items[i];
				return fields->items[k];
			}
		}
	}
	return NULL;
}

/*
 * The session argument of a function, as the metadata says (a tracked
 * function's configuration.session_argument, a computed field's
 * definition.session_argument): that argument, if json or jsonb, and no
 * other.  Called before the function is judged (catalog.c).
 */
void
gql_metadata_session_argument(Catalog *cat, CatFunction *f, const char *what)
{
	const JtNode *on;
	const JtNode *e = function_entry(cat, f->nspname, f->proname, &on);
	const char *session;
	ListCell   *lc;

	(void) what;
	if (e == NULL)
		return;
	session = on != NULL ? gql_meta_string(jt_get(e, "definition"), "session_argument") :
		gql_meta_string(jt_get(e, "configuration"), "session_argument");
	foreach(lc, f->args)
	{
		CatFuncArg *a = lfirst(lc);

		a->session = session != NULL && strcmp(a->name, session) == 0 &&
			(a->typid == JSONOID || a->typid == JSONBOID);
	}
}

/*
 * Whether the function is exposed: a tracked function, or a computed field
 * of its table in the metadata; if so, named and placed as it says.
 * Reports when report is set (gql_metadata_report_missing calls it again
 * for the functions found once).
 */
static bool
configure_function(Catalog *cat, CatFunction *f, bool reporting)
{
	MetaReport *saved = cat->report;
	const JtNode *on;
	const JtNode *e = function_entry(cat, f->nspname, f->proname, &on);
	const JtNode *conf;
	char	   *object;

	if (e == NULL || e->type != JT_OBJECT)
		return false;
	if (!reporting)
		cat->report = NULL;
	if (on != NULL)
	{
		const char *table = gql_meta_string(jt_get(e, "definition"), "table_argument");
		CatFuncArg *first = linitial(f->args);

		if (f->computedOn == NULL || f->computedOn->meta != on ||
			(table != NULL && strcmp(table, first->name) != 0))
		{
			cat->report = saved;
			return false;
		}
		object = psprintf("table %s", f->computedOn->qualified);
		f->gqlname = gql_meta_string(e, "name") != NULL && gql_is_name(gql_meta_string(e, "name")) ?
			pstrdup(gql_meta_string(e, "name")) : NULL;
		if (f->gqlname == NULL)
			refuse(cat, object, "computed_fields.?", e, "a computed field needs a \"name\" that is a GraphQL name");
		else
			gql_meta_report(cat, object, psprintf("computed_fields.%s", f->gqlname), "applied", NULL, e);
		if (gql_meta_string(e, "comment") != NULL)
			f->description = pstrdup(gql_meta_string(e, "comment"));
		cat->report = saved;
		return f->gqlname != NULL;
	}
	if (f->computedOn != NULL)
	{
		cat->report = saved;
		return false;
	}
	object = psprintf("function %s", quote_qualified_identifier(f->nspname, f->proname));
	gql_meta_report(cat, object, "function", "applied", NULL, NULL);
	conf = jt_get(e, "configuration");
	for (int i = 0; conf != NULL && conf->type == JT_OBJECT && i < conf->count; i++)
	{
		const char *key = conf->keys[i];
		const JtNode *v = conf->items[i];
		char	   *item = psprintf("configuration.%s", key);

		if (strcmp(key, "custom_name") == 0)
		{
			char	   *name = given_name(cat, object, item, v, NULL, true);

			if (name != NULL)
				f->gqlname = name;
			f->customName |= name != NULL;
		}
		else if (strcmp(key, "custom_root_fields") == 0 && v->type == JT_OBJECT)
		{
			for (int k = 0; k < v->count; k++)
			{
				char	   *sub = psprintf("%s.%s", item, v->keys[k]);
				char	   *name;

				if (strcmp(v->keys[k], "function") != 0 && strcmp(v->keys[k], "function_aggregate") != 0)
				{
					unsupported(cat, object, sub, v->items[k], "not a root field Hasura names");
					continue;
				}
				name = given_name(cat, object, sub, v->items[k], NULL, true);
				if (name != NULL && strcmp(v->keys[k], "function") == 0)
				{
					f->gqlname = name;
					f->customName = true;
				}
				else if (name != NULL)
					f->aggName = name;
			}
		}
		else if (strcmp(key, "exposed_as") == 0)
		{
			const char *as = v->type == JT_STRING ? v->str : "";

			if (strcmp(as, "query") == 0 || (strcmp(as, "mutation") == 0 && f->volatility == 'v'))
			{
				f->mutation = strcmp(as, "mutation") == 0;
				gql_meta_report(cat, object, item, "applied", NULL, v);
			}
			else
				refuse(cat, object, item, v, strcmp(as, "mutation") == 0 ?
					   "only a VOLATILE function is exposed as a mutation" :
					   "must be \"query\" or \"mutation\"");
		}
		else if (strcmp(key, "session_argument") == 0)
		{
			ListCell   *lc;
			bool		found = false;

			foreach(lc, f->args)
				found |= ((CatFuncArg *) lfirst(lc))->session;
			if (found)
				gql_meta_report(cat, object, item, "applied", NULL, v);
			else
				refuse(cat, object, item, v, "the function has no json or jsonb argument of that name");
		}
		else
			unsupported(cat, object, item, v, "not a function setting graphql knows");
	}
	if (jt_get(e, "permissions") != NULL)
		unsupported(cat, object, "permissions", jt_get(e, "permissions"),
					"not imported: the EXECUTE privilege decides who may call a function");
	if (gql_meta_string(e, "comment") != NULL)
		f->description = pstrdup(gql_meta_string(e, "comment"));
	cat->report = saved;
	return true;
}

/* Whether the metadata lists f as a computed field of table on. */
bool
gql_metadata_computed_on(Catalog *cat, CatFunction *f, CatTable *on)
{
	const JtNode *table;

	return function_entry(cat, f->nspname, f->proname, &table) != NULL && table != NULL && table == on->meta;
}

/* Whether a computed field takes arguments of the client's (Hasura's "args"). */
bool
gql_computed_has_args(const CatFunction *f)
{
	ListCell   *lc;

	if (f->computedOn == NULL)
		return false;
	for_each_from(lc, f->args, 1)
		if (!((CatFuncArg *) lfirst(lc))->session)
			return true;
	return false;
}

/* Whether a loaded function is exposed (see configure_function). */
bool
gql_metadata_function(Catalog *cat, CatFunction *f)
{
	return configure_function(cat, f, false);
}

/* Whether there is a function of that name at all (SPI connected). */
static bool
function_exists(const char *nspname, const char *proname)
{
	MemoryContext cxt = CurrentMemoryContext;
	Oid			types[2] = {TEXTOID, TEXTOID};
	Datum		values[2] = {CStringGetTextDatum(nspname), CStringGetTextDatum(proname)};
	bool		exists;

	if (SPI_execute_with_args("SELECT FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n "
							  "ON n.oid OPERATOR(pg_catalog.=) p.pronamespace "
							  "WHERE n.nspname OPERATOR(pg_catalog.=) $1 AND p.proname OPERATOR(pg_catalog.=) $2",
							  2, types, values, NULL, true, 1) != SPI_OK_SELECT)
		elog(ERROR, "graphql: reading pg_proc failed");
	exists = SPI_processed > 0;
	MemoryContextSwitchTo(cxt); /* SPI leaves its own */
	return exists;
}

/*
 * While the metadata is applied: report the items the loading did not
 * meet (tables and functions that do not exist or cannot be exposed,
 * computed fields), and each function found once.
 */
void
gql_metadata_report_missing(Catalog *cat)
{
	const JtNode *tables = gql_meta_array(cat->metadata, "tables");
	const JtNode *functions = gql_meta_array(cat->metadata, "functions");
	ListCell   *lc;

	for (int i = 0; i < tables->count; i++)
	{
		const JtNode *e = tables->items[i];
		const char *nsp;
		const char *name;
		CatTable   *t = NULL;
		const JtNode *fields = gql_meta_array(e, "computed_fields");

		if (!gql_meta_qualified(jt_get(e, "table"), &nsp, &name))
		{
			refuse(cat, "table ?", "table", e, "\"table\" must be {\"schema\": ..., \"name\": ...}");
			continue;
		}
		t = gql_catalog_find_table(cat->tables, nsp, name);
		if (t == NULL)
		{
			refuse(cat, psprintf("table %s", quote_qualified_identifier(nsp, name)), "table", e,
				   "no such table or view (or its name is not a GraphQL name)");
			continue;
		}
		if (t->meta != e)
		{
			refuse(cat, psprintf("table %s", t->qualified), "table", e, "the table is listed twice");
			continue;
		}
		for (int k = 0; k < fields->count; k++)
		{
			const JtNode *cf = fields->items[k];
			const char *s;
			const char *n;
			int			found = 0;

			if (!gql_meta_qualified(jt_get(jt_get(cf, "definition") ? jt_get(cf, "definition") : cf, "function"), &s, &n))
				s = n = "";
			foreach(lc, cat->functions)
			{
				CatFunction *f = lfirst(lc);

				if (f->computedOn == t && strcmp(f->nspname, s) == 0 && strcmp(f->proname, n) == 0)
				{
					found++;
					(void) configure_function(cat, f, true);
				}
			}
			if (found == 0 && !function_exists(s, n))
				refuse(cat, psprintf("table %s", t->qualified),
					   psprintf("computed_fields.%s", gql_meta_string(cf, "name") ? gql_meta_string(cf, "name") : "?"),
					   cf, psprintf("no function %s", quote_qualified_identifier(s, n)));
			else if (found == 0)
				unsupported(cat, psprintf("table %s", t->qualified),
							psprintf("computed_fields.%s", gql_meta_string(cf, "name") ? gql_meta_string(cf, "name") : "?"),
							cf, psprintf("no STABLE or IMMUTABLE function %s whose first argument is a row of %s "
										 "(and whose others are named, and no rows)",
										 quote_qualified_identifier(s, n), t->qualified));
		}
	}
	for (int i = 0; i < functions->count; i++)
	{
		const JtNode *e = functions->items[i];
		const char *nsp;
		const char *name;
		CatFunction *one = NULL;
		int			found = 0;

		if (!gql_meta_qualified(jt_get(e, "function"), &nsp, &name))
			nsp = name = "";
		foreach(lc, cat->functions)
		{
			CatFunction *f = lfirst(lc);

			if (f->computedOn == NULL && strcmp(f->nspname, nsp) == 0 && strcmp(f->proname, name) == 0)
			{
				found++;
				one = f;
			}
		}
		if (found == 1)
			(void) configure_function(cat, one, true);
		else if (found > 1)
			refuse(cat, psprintf("function %s", quote_qualified_identifier(nsp, name)), "function", e,
				   "the function is overloaded (Hasura tracks one function of a name)");
		else if (!function_exists(nsp, name))
			refuse(cat, psprintf("function %s", quote_qualified_identifier(nsp, name)), "function", e,
				   "no such function");
		else
			unsupported(cat, psprintf("function %s", quote_qualified_identifier(nsp, name)), "function", e,
						"graphql exposes functions with plain IN arguments that return a tracked table's "
						"rows or a value, and a function taking a table's row only as its computed field");
	}
}
