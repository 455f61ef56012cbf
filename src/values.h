/*-------------------------------------------------------------------------
 *
 * values.h
 *	  Input values: literals and variables coerced to their types.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_VALUES_H
#define GRAPHQL_VALUES_H

#include "utils/jsonb.h"

#include "ast.h"
#include "schema.h"

typedef enum InKind
{
	IN_NULL,
	IN_SCALAR,					/* text: the value as PostgreSQL input text */
	IN_BOOLEAN,
	IN_ENUM,					/* enumValue */
	IN_LIST,					/* items: GqlInput * */
	IN_OBJECT					/* fields: GqlInputField * */
} InKind;

/* A value after input coercion: of the declared type, variables replaced. */
typedef struct GqlInput
{
	InKind		kind;
	char	   *text;			/* IN_SCALAR */
	bool		boolean;		/* IN_BOOLEAN */
	SEnumValue *enumValue;		/* IN_ENUM */
	List	   *items;			/* IN_LIST, IN_OBJECT */
	char	   *path;			/* where it came from: "$.selectionSet.a.args.where" */
} GqlInput;

typedef struct GqlInputField
{
	SField	   *field;
	GqlInput   *value;
} GqlInputField;

/* A use of a variable found while checking literals. */
typedef struct VariableUsage
{
	const char *name;
	STypeRef   *type;			/* the type expected where it is used */
	bool		hasDefault;		/* the position has a default value */
	GqlLoc		loc;
} VariableUsage;

/* A coerced variable value. */
typedef struct VariableValue
{
	const char *name;
	GqlInput   *value;			/* NULL: not provided (and no default) */
} VariableValue;

/*
 * State for coercing: errors are appended; in checking mode (variables ==
 * NULL), variable references are recorded in usages instead of resolved.
 */
typedef struct CoerceContext
{
	Schema	   *schema;
	List	   *errors;			/* of GqlError */
	List	   *usages;			/* of VariableUsage, checking mode */
	List	   *variables;		/* of VariableValue, executing mode */
	bool		checking;
} CoerceContext;

extern GqlInput *gql_coerce_literal(CoerceContext *cx, const GqlValue *value,
									STypeRef *type, const char *path);
extern GqlInput *gql_coerce_json(CoerceContext *cx, JsonbValue *value,
								 STypeRef *type, const char *path,
								 const char *varName);
extern GqlInput *gql_input_field(const GqlInput *object, const char *name);
extern char *gql_json_kind_phrase(JsonbValue *v);

#endif							/* GRAPHQL_VALUES_H */
