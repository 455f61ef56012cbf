/*-------------------------------------------------------------------------
 *
 * introspection.h
 *	  The meta fields __schema and __type resolved.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_INTROSPECTION_H
#define GRAPHQL_INTROSPECTION_H

#include "deparse.h"
#include "schema.h"


extern bool gql_introspect(Request *req, FieldGroup *g, StringInfo out);

#endif							/* GRAPHQL_INTROSPECTION_H */
