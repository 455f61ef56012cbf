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
	IN_SCALAR,					/* scalarText: the value as PostgreSQL input text
								 * (also where a PostgreSQL array's list is
								 * expected: a String given there, the
								 * array's text) */
	IN_BOOLEAN,
	IN_ENUM,					/* enumValue */
	IN_LIST,					/* items: GqlInput * */
	IN_OBJECT					/* fields: GqlInputField * */
} InKind;

/* A value after input coercion: of the declared type, variables replaced. */
typedef struct GqlInput
{
	InKind		kind;
	char	   *scalarText;	/* IN_SCALAR: read it with gql_input_text (or bind it:
								 * deparse_sql.c), never directly */
	bool		boolean;		/* IN_BOOLEAN */
	SEnumValue *enumValue;		/* IN_ENUM */
	List	   *items;			/* IN_LIST, IN_OBJECT */
	char	   *path;			/* where it came from: "$.selectionSet.a.args.where" */
	const GqlLoc *loc;			/* its literal's location, or NULL */

	/*
	 * A leaf of the request's variables (see gql_json_origin): the compiled
	 * statements of a cached request are re-run with new variable values
	 * (reuse.c) only where every leaf value went into a parameter unread.
	 * Code that reads text for anything but binding it as a parameter must
	 * call gql_input_text, which marks the leaf as read.
	 */
	const void *origin;			/* the leaf's (or, IN_LIST, the JSON array's)
								 * address in the variables, or NULL */
	const char *originType;		/* the scalar type it was coerced to */
	bool		bound;			/* its text is a parameter's */
	bool		inspected;		/* its text was read otherwise */
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
	const char *path;			/* the position, for errors */
} VariableUsage;

/*
 * A variable of the operation.  Its value is coerced where it is used, so
 * that errors name the argument (as Hasura does); a default value was
 * checked by validation.
 */
typedef struct VariableValue
{
	const char *name;
	STypeRef   *type;			/* as declared */
	JsonbValue *given;			/* the request's value, or NULL */
	const GqlValue *defaultValue;	/* the declared default, or NULL */
} VariableValue;

/*
 * State for coercing: errors are appended; in checking mode (variables ==
 * NULL), variable references are recorded in usages instead of resolved.
 * In executing mode, inputs made from variables' leaves are appended to
 * *leaves, and the leaves and containers of variables whose values were
 * used otherwise (inside a JSON literal) to *pinned, if these are set.
 */
typedef struct CoerceContext
{
	Schema	   *schema;
	List	   *errors;			/* of GqlError */
	List	   *usages;			/* of VariableUsage, checking mode */
	List	   *variables;		/* of VariableValue, executing mode */
	bool		checking;
	List	  **leaves;			/* of GqlInput with an origin */
	List	  **pinned;			/* of origins (const void *) */
} CoerceContext;

extern GqlInput *gql_coerce_literal(CoerceContext *cx, const GqlValue *value,
									STypeRef *type, const char *path);
extern GqlInput *gql_coerce_json(CoerceContext *cx, JsonbValue *value,
								 STypeRef *type, const char *path,
								 const char *varName);
extern GqlInput *gql_coerce_json_leaf(CoerceContext *cx, JsonbValue *v, SType *t,
									  const char *path);
extern const void *gql_json_origin(const JsonbValue *v);
extern const char *gql_input_text(GqlInput *in);
extern GqlInput *gql_input_field(const GqlInput *object, const char *name);
extern char *gql_json_kind_phrase(JsonbValue *v);

#endif							/* GRAPHQL_VALUES_H */
