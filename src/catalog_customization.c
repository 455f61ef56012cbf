/*-------------------------------------------------------------------------
 *
 * catalog_customization.c
 *	  A Hasura source's "customization" (type_names, root_fields,
 *	  naming_convention) read into the catalog.
 *
 * In:  the metadata's Postgres source (Catalog.metadata).
 * Out: Catalog.typePrefix / typeSuffix (put around every type name the
 *		source's tables and functions make: schema_lookup.c's
 *		gql_type_name), rootPrefix / rootSuffix (around every root field
 *		name they make: gql_root_field_name), rootNamespace (the field of
 *		query_root and mutation_root they are under: schema_namespace.c),
 *		or NULL; graphqlDefault, the naming convention (schema_naming.c).
 *		While the metadata is applied, each key is reported: what is not a
 *		GraphQL name is refused, what graphql does not know is unsupported
 *		(both are cut from what is stored, so a later build reads only what
 *		applied).  type_names and graphql-default are reported by the apply
 *		itself once a schema built with them shows that no name they make
 *		is another's, and the namespace refused there if its type's name
 *		is taken (metadata.c).
 *
 * Hasura's rules, followed here: the prefix and suffix must each be a
 * GraphQL name; the built-in and PostgreSQL scalars, the comparison types
 * (<scalar>_comparison_exp), order_by, and the roots themselves
 * (query_root, mutation_root) are not the source's and keep their names
 * (graphql-default makes the comparison types and order_by PascalCase).
 * The root field prefix applies on top of custom_root_fields names.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog.h"
#include "names.h"

/* The object the items are reported under: "source <name>". */
static const char *
source_object(const Catalog *cat)
{
	const char *name = gql_meta_string(cat->metadata, "name");

	return psprintf("source %s", name != NULL ? name : "?");
}

/*
 * A prefix or suffix: true with *out set (NULL when absent or null), or
 * false with *why set.
 */
static bool
affix(const JtNode *obj, const char *key, char **out, char **why)
{
	const JtNode *v = jt_get(obj, key);

	*out = NULL;
	if (v == NULL || v->type == JT_NULL)
		return true;
	if (v->type != JT_STRING)
	{
		*why = psprintf("\"%s\" must be a string", key);
		return false;
	}
	if (!gql_is_name(v->str))	/* "__" begins introspection's names only */
	{
		*why = psprintf("\"%s\" is not a GraphQL name", v->str);
		return false;
	}
	*out = pstrdup(v->str);
	return true;
}

/*
 * {"prefix", "suffix"} and the other keys allowed (NULL-terminated): true
 * with the two set, or false (refused, reported).
 */
static bool
prefix_suffix(Catalog *cat, const char *item, const JtNode *v, const char *const *others,
			  char **prefix, char **suffix)
{
	char	   *why = NULL;

	*prefix = *suffix = NULL;
	if (v->type == JT_NULL)
		return true;
	if (v->type != JT_OBJECT)
		why = "must be an object";
	for (int i = 0; why == NULL && i < v->count; i++)
	{
		bool		known = strcmp(v->keys[i], "prefix") == 0 || strcmp(v->keys[i], "suffix") == 0;

		for (int k = 0; !known && others != NULL && others[k] != NULL; k++)
			known = strcmp(v->keys[i], others[k]) == 0;
		if (!known)
			why = psprintf("\"%s\" is not a key of %s", v->keys[i], item);
	}
	if (why == NULL && affix(v, "prefix", prefix, &why) && affix(v, "suffix", suffix, &why))
		return true;
	*prefix = *suffix = NULL;
	gql_meta_report(cat, source_object(cat), item, "refused", why, v);
	return false;
}

/* Read the source's customization into the catalog; see the file's comment. */
void
gql_metadata_customization(Catalog *cat)
{
	static const char *const rootOthers[] = {"namespace", NULL};
	const JtNode *c = jt_get(cat->metadata, "customization");
	const char *object;

	if (cat->metadata == NULL || c == NULL || c->type == JT_NULL)
		return;
	object = source_object(cat);
	if (c->type != JT_OBJECT)
	{
		gql_meta_report(cat, object, "customization", "refused", "must be an object", c);
		return;
	}
	for (int i = 0; i < c->count; i++)
	{
		const char *key = c->keys[i];
		const JtNode *v = c->items[i];
		char	   *item = psprintf("customization.%s", key);

		if (strcmp(key, "type_names") == 0)
		{
			if (prefix_suffix(cat, item, v, NULL, &cat->typePrefix, &cat->typeSuffix))
				cat->typeNames = v;
		}
		else if (strcmp(key, "root_fields") == 0)
		{
			const JtNode *ns = jt_get(v, "namespace");

			if (ns != NULL && ns->type != JT_NULL && (ns->type != JT_STRING || !gql_is_name(ns->str)))
			{
				gql_meta_report(cat, object, item, "refused", ns->type != JT_STRING ?
								"\"namespace\" must be a string" :
								psprintf("\"%s\" is not a GraphQL name", ns->str), v);
				continue;
			}
			if (!prefix_suffix(cat, item, v, rootOthers, &cat->rootPrefix, &cat->rootSuffix))
				continue;
			if (ns != NULL && ns->type == JT_STRING)
				cat->rootNamespace = pstrdup(ns->str);
			gql_meta_report(cat, object, item, "applied", NULL, v);
		}
		else if (strcmp(key, "naming_convention") == 0)
		{
			if (v->type == JT_STRING && strcmp(v->str, "hasura-default") == 0)
				gql_meta_report(cat, object, item, "applied", NULL, v);
			else if (v->type == JT_STRING && strcmp(v->str, "graphql-default") == 0)
			{
				cat->graphqlDefault = true;
				cat->namingNode = v;	/* reported by the apply (metadata.c) */
			}
			else if (v->type != JT_NULL)
				gql_meta_report(cat, object, item, "refused",
								"must be \"hasura-default\" or \"graphql-default\"", v);
		}
		else
			gql_meta_report(cat, object, item, "unsupported", "not a customization key graphql knows", v);
	}
}
