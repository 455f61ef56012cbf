/*-------------------------------------------------------------------------
 *
 * parser.h
 *	  Recursive-descent parser for executable GraphQL documents.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_PARSER_H
#define GRAPHQL_PARSER_H

#include "ast.h"
#include "lexer.h"


extern GqlDocument *gql_parse(const char *src, int len, GqlParseError **error);
extern char *gql_utf8_to_server(const char *s, int len);

#endif							/* GRAPHQL_PARSER_H */
