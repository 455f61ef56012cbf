/*-------------------------------------------------------------------------
 *
 * validate.h
 *	  Validation of a document against the schema (spec section 5).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_VALIDATE_H
#define GRAPHQL_VALIDATE_H

#include "ast.h"
#include "schema.h"

extern List *gql_validate(Schema *schema, GqlDocument *doc);
extern GqlOperation *gql_select_operation(GqlDocument *doc, const char *operationName,
										  List **errors);
extern STypeRef *gql_type_from_ast(Schema *schema, const GqlType *t);

#endif							/* GRAPHQL_VALIDATE_H */
