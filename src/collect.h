/*-------------------------------------------------------------------------
 *
 * collect.h
 *	  CollectFields (spec 6.3.2): the fields of a selection set by response
 *	  key, through fragments; used by validation and by compiling.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_COLLECT_H
#define GRAPHQL_COLLECT_H

#include "ast.h"
#include "schema.h"
#include "values.h"

/* Fields of one response key, collected from a selection set. */
typedef struct FieldGroup
{
	const char *key;
	List	   *fields;			/* of GqlField, in order */
	List	   *parents;		/* collected with types: each field's parent
								 * type (SType, NULL if unknown) */
	const void *subFor;			/* whom sub was collected for (a request) */
	List	   *sub;			/* gql_sub_selections' FieldGroups (read only) */
} FieldGroup;

/* How to collect. */
typedef struct Collect
{
	GqlDocument *doc;			/* where fragments are looked up */
	Schema	   *schema;			/* non-NULL: record each field's parent type,
								 * fragments' from their type conditions */
	const CoerceContext *exec;	/* non-NULL (executing): @skip and @include
								 * decide with its variables; NULL
								 * (validating): every selection counts */
} Collect;

extern GqlFragmentDefinition *gql_find_fragment(GqlDocument *doc, const char *name);
extern List *gql_collect(const Collect *how, List *selections, SType *parent);

#endif							/* GRAPHQL_COLLECT_H */
