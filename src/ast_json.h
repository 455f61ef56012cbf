/*-------------------------------------------------------------------------
 *
 * ast_json.h
 *	  A parsed document as graphql-js's AST in jsonb.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_AST_JSON_H
#define GRAPHQL_AST_JSON_H

#include "utils/jsonb.h"

#include "ast.h"

extern Jsonb *gql_document_to_jsonb(const GqlDocument *doc);

#endif							/* GRAPHQL_AST_JSON_H */
