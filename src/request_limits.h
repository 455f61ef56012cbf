/*-------------------------------------------------------------------------
 *
 * request_limits.h
 *	  Checking a parsed request against graphql.max_depth, max_nodes,
 *	  max_batch and max_input_size (request_limits.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_REQUEST_LIMITS_H
#define GRAPHQL_REQUEST_LIMITS_H

#include "utils/jsonb.h"

#include "ast.h"

extern bool gql_check_document_limits(const GqlDocument *doc, List **errors);
extern bool gql_check_input_size(const GqlDocument *doc, const Jsonb *variables, List **errors);

#endif							/* GRAPHQL_REQUEST_LIMITS_H */
