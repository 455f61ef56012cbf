/*-------------------------------------------------------------------------
 *
 * schema_namespace.c
 *	  A source's root_fields namespace (Hasura's source customization):
 *	  the root fields its tables and functions make, under one field of
 *	  query_root and one of mutation_root.
 *
 * In:  a schema being built eagerly (metadata is applied), its tables' and
 *		functions' root fields made, before remote schemas and actions are
 *		merged (their root fields stay on the roots) and before the
 *		introspection fields.
 * Out: query_root.<namespace>: <namespace>_query! and
 *		mutation_root.<namespace>: <namespace>_mutation! (the type names
 *		with the source's type prefix and suffix, as Hasura names them),
 *		fields of kind SF_NAMESPACE, each type holding the root fields that
 *		were on its root.  The compiler (execute.c) compiles each field
 *		selected under a namespace as a root field and writes their answers
 *		inside the namespace's object.  If a namespace type's name is taken,
 *		the root fields stay where they are (the apply refuses the
 *		namespace: metadata.c).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "schema_internal.h"

/* Move a root's fields under its namespace field. */
static void
namespace_root(Schema *s, SType *root, const char *suffix)
{
	SType	   *ns;

	if (root == NULL || root->fields == NIL)
		return;
	ns = gql_new_type(s, SK_OBJECT, SR_NAMESPACE, gql_type_name(s, "%s_%s", s->catalog->rootNamespace, suffix));
	if (ns == NULL)
		return;
	ns->fields = root->fields;
	root->fields = NIL;
	(void) gql_add_field(root, s->catalog->rootNamespace, gql_non_null_ref(gql_named_ref(ns)), SF_NAMESPACE);
}

/* Put the source's root fields under its namespace, if it has one. */
void
gql_namespace_roots(Schema *s)
{
	if (s->catalog->rootNamespace == NULL)
		return;
	namespace_root(s, s->queryRoot, "query");
	namespace_root(s, s->mutationRoot, "mutation");
}
