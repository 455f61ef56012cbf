/*-------------------------------------------------------------------------
 *
 * ast.h
 *	  The syntax tree of an executable GraphQL document.
 *
 * The parser (parser.c) builds these nodes; every later stage (validation,
 * planning, graphql.parse's JSON output) reads them and never changes them.
 * The shapes follow graphql-js's AST (language/ast.ts) so that the JSON
 * rendering in ast_json.c is a direct walk.  Every node and every name
 * carries the line and column of its first token, for error locations.
 *
 * All nodes of one document live in the memory context that was current
 * when gql_parse() ran; deleting that context frees the whole tree.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_AST_H
#define GRAPHQL_AST_H

#include "postgres.h"
#include "nodes/pg_list.h"

/* A position in the source: 1-based line, 1-based column in code points. */
typedef struct GqlLoc
{
	int			line;
	int			column;
} GqlLoc;

typedef enum GqlKind
{
	GQL_DOCUMENT,
	GQL_OPERATION_DEFINITION,
	GQL_VARIABLE_DEFINITION,
	GQL_SELECTION_SET,
	GQL_FIELD,
	GQL_ARGUMENT,
	GQL_FRAGMENT_SPREAD,
	GQL_INLINE_FRAGMENT,
	GQL_FRAGMENT_DEFINITION,
	GQL_VARIABLE,
	GQL_INT_VALUE,
	GQL_FLOAT_VALUE,
	GQL_STRING_VALUE,
	GQL_BOOLEAN_VALUE,
	GQL_NULL_VALUE,
	GQL_ENUM_VALUE,
	GQL_LIST_VALUE,
	GQL_OBJECT_VALUE,
	GQL_OBJECT_FIELD,
	GQL_DIRECTIVE,
	GQL_NAMED_TYPE,
	GQL_LIST_TYPE,
	GQL_NON_NULL_TYPE
} GqlKind;

typedef enum GqlOperationType
{
	GQL_OP_QUERY,
	GQL_OP_MUTATION,
	GQL_OP_SUBSCRIPTION
} GqlOperationType;

/* Fields every node starts with. */
typedef struct GqlNode
{
	GqlKind		kind;
	GqlLoc		loc;
} GqlNode;

/* A Name token: not a node of its own here, but located like one. */
typedef struct GqlName
{
	const char *value;
	GqlLoc		loc;
} GqlName;

/*
 * A value literal.  Which members are set depends on kind:
 *	 INT, FLOAT, ENUM: str (the token's text);
 *	 STRING: str and len (may contain U+0000, so len counts), block;
 *	 BOOLEAN: boolean;  VARIABLE: str (the name without "$");
 *	 LIST: items of GqlValue;  OBJECT: items of GqlArgument (OBJECT_FIELD).
 */
typedef struct GqlValue
{
	GqlNode		n;
	const char *str;
	int			len;
	bool		boolean;
	bool		block;
	List	   *items;
} GqlValue;

/* An Argument, or an ObjectField of an object value (same shape). */
typedef struct GqlArgument
{
	GqlNode		n;
	GqlName		name;
	GqlValue   *value;
} GqlArgument;

typedef struct GqlDirective
{
	GqlNode		n;
	GqlName		name;
	List	   *arguments;		/* of GqlArgument */
} GqlDirective;

/* NamedType (name), ListType (inner) or NonNullType (inner). */
typedef struct GqlType
{
	GqlNode		n;
	GqlName		name;
	struct GqlType *inner;
} GqlType;

typedef struct GqlSelectionSet
{
	GqlNode		n;
	List	   *selections;		/* of GqlField, GqlFragmentSpread,
								 * GqlInlineFragment */
} GqlSelectionSet;

typedef struct GqlField
{
	GqlNode		n;
	GqlName    *alias;			/* NULL when absent */
	GqlName		name;
	List	   *arguments;		/* of GqlArgument */
	List	   *directives;		/* of GqlDirective */
	GqlSelectionSet *selectionSet;	/* NULL for a leaf */
} GqlField;

typedef struct GqlFragmentSpread
{
	GqlNode		n;
	GqlName		name;
	List	   *directives;
} GqlFragmentSpread;

typedef struct GqlInlineFragment
{
	GqlNode		n;
	GqlType    *typeCondition;	/* NULL when absent */
	List	   *directives;
	GqlSelectionSet *selectionSet;
} GqlInlineFragment;

typedef struct GqlVariableDefinition
{
	GqlNode		n;
	GqlValue   *variable;		/* kind GQL_VARIABLE */
	GqlType    *type;
	GqlValue   *defaultValue;	/* NULL when absent */
	List	   *directives;
} GqlVariableDefinition;

typedef struct GqlOperation
{
	GqlNode		n;
	GqlOperationType operation;
	GqlName    *name;			/* NULL for an anonymous operation */
	List	   *variableDefinitions;
	List	   *directives;
	GqlSelectionSet *selectionSet;
} GqlOperation;

typedef struct GqlFragmentDefinition
{
	GqlNode		n;
	GqlName		name;
	GqlType    *typeCondition;
	List	   *directives;
	GqlSelectionSet *selectionSet;
} GqlFragmentDefinition;

typedef struct GqlDocument
{
	GqlNode		n;
	List	   *definitions;	/* of GqlOperation, GqlFragmentDefinition */
	int			tokenCount;		/* lexical tokens read, EOF excluded */
	int			valueCount;		/* input values (literals, lists, objects, variables) */
	struct NameMap *fragments;	/* fragment definitions by name, made on first use */
} GqlDocument;

#define GqlKindOf(ptr)	(((const GqlNode *) (ptr))->kind)

#endif							/* GRAPHQL_AST_H */
