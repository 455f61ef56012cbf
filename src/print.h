/*-------------------------------------------------------------------------
 *
 * print.h
 *	  The GraphQL document sent to a remote schema for a root field
 *	  (print.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_PRINT_H
#define GRAPHQL_PRINT_H

#include "request.h"

extern char *gql_print_remote(Request *req, FieldGroup *g, SType *parent, bool namespaced,
							  List **variables);

#endif							/* GRAPHQL_PRINT_H */
