/*-------------------------------------------------------------------------
 *
 * print.h
 *	  The GraphQL document sent to a remote schema for a root field, and
 *	  the pieces of the one sent for a remote relationship (print.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_PRINT_H
#define GRAPHQL_PRINT_H

#include "remote_run.h"
#include "request.h"

extern char *gql_print_remote(Request *req, FieldGroup *g, SType *parent, bool namespaced,
							  List **variables, char **missing);
extern void gql_print_remote_join(Request *req, FieldGroup *g, SField *def, RemoteJoin *j);
extern void gql_print_remote_ref(StringInfo out, const STypeRef *ref);
extern int	gql_print_variable_values(Request *req, List *names, StringInfo out);

#endif							/* GRAPHQL_PRINT_H */
