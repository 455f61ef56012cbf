/*-------------------------------------------------------------------------
 *
 * compile.h
 *	  The root fields of an operation compiled (compile.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_COMPILE_H
#define GRAPHQL_COMPILE_H

#include "compiled.h"

extern List *gql_compile_operation(Request *req);

#endif							/* GRAPHQL_COMPILE_H */
