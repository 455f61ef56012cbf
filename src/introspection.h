/*-------------------------------------------------------------------------
 *
 * introspection.h
 *	  The introspection types and meta fields, and their resolution.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_INTROSPECTION_H
#define GRAPHQL_INTROSPECTION_H

#include "deparse.h"
#include "schema.h"


extern void gql_add_introspection(Schema *s);
extern List *gql_schema_type_order(const Schema *s);
extern bool gql_introspect(Request *req, FieldGroup *g, StringInfo out);

#endif							/* GRAPHQL_INTROSPECTION_H */
