/*-------------------------------------------------------------------------
 *
 * plan.h
 *	  The plan stage: what a request asks for, decided and checked, as a
 *	  typed tree that deparse only writes out as SQL text.
 *
 * A plan holds every decision (which operator, which type a value is
 * compared as, whether a list is bound as one array) and finds every
 * request error; writing a planned tree cannot fail.  Values stay
 * GqlInputs: deparse binds each as a $n parameter.  Where a plan depends
 * on a value it reads it as an enum (pinned when it was coerced) or
 * through gql_input_text (a JSON path), so re-use (reuse.c) never re-runs
 * a statement whose shape depended on another value.
 *
 * Planned so far: the row sets of list fields (plan.c: where, order_by,
 * distinct_on, limit, offset), function calls' arguments, JSON paths, the
 * columns a selection reads, and boolean expressions (plan_filter.c:
 * where, an aggregate predicate's filter).  The selection tree itself and
 * mutations are still decided while their SQL is written (deparse.c,
 * mutation.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_PLAN_H
#define GRAPHQL_PLAN_H

#include "collect.h"
#include "names.h"
#include "request.h"

/*
 * Planning one root field: its request, and whether an error was found (in
 * it, or before it in the same statement: gql_sql_planner).
 */
typedef struct Planner
{
	Request    *req;
	bool		failed;			/* an error was added to req->errors */
} Planner;

/* What a comparison's left-hand side is. */
typedef enum OperandKind
{
	OPERAND_COLUMN,				/* a column of the row */
	OPERAND_COMPUTED,			/* a computed field: a function of the row */
	OPERAND_AGGREGATE			/* an aggregate over the related rows */
} OperandKind;

typedef struct PlanOperand
{
	OperandKind kind;
	CatColumn  *column;			/* COLUMN; AGGREGATE but count: the column */
	CatFunction *function;		/* COMPUTED */
	CatRelationship *rel;		/* AGGREGATE: to the rows aggregated */
	const char *func;			/* AGGREGATE: "count", or the aggregate */
	GqlInput   *arguments;		/* AGGREGATE count: the columns, or NULL */
	GqlInput   *distinct;		/* AGGREGATE count: DISTINCT, or NULL */
	struct PlanFilter *filter;	/* AGGREGATE: which related rows, or NULL */
} PlanOperand;

/* One comparison operator applied to an operand, its types decided. */
typedef struct PlanCompare
{
	CmpOp		op;
	GqlInput   *value;			/* the right side: not null */
	bool		asText;			/* the operand is compared as text (text[]) */
	bool		isArray;		/* the operand (as compared) is an array */
	Oid			type;			/* the type it is compared as */
	Oid			elemType;		/* isArray: the element type */
	const char *operator;		/* " OPERATOR(schema.op) ", or NULL where the
								 * writer knows it (IS NULL, jsonb's, arrays') */
} PlanCompare;

typedef enum FilterKind
{
	FILTER_OBJECT,				/* a <t>_bool_exp: args all true */
	FILTER_AND,					/* _and: args all true (none: true) */
	FILTER_OR,					/* _or: any of args true (none: false) */
	FILTER_NOT,					/* _not: linitial(args) false */
	FILTER_COMPARE,				/* operand, and compares all true */
	FILTER_EXISTS				/* a row over rel for which linitial(args) holds */
} FilterKind;

/* A boolean expression over a row of table. */
typedef struct PlanFilter
{
	FilterKind	kind;
	CatTable   *table;			/* the table of the row it tests */
	List	   *args;			/* OBJECT, AND, OR, NOT, EXISTS: of PlanFilter */
	PlanOperand *operand;		/* COMPARE */
	List	   *compares;		/* COMPARE: of PlanCompare */
	CatRelationship *rel;		/* EXISTS */
} PlanFilter;

/* What an ordering item orders by. */
typedef enum OrderKind
{
	ORDER_COLUMN,				/* a column of the row */
	ORDER_COMPUTED,				/* a computed field */
	ORDER_AGGREGATE,			/* an aggregate over the related rows */
	ORDER_RELATIONSHIP			/* items of the related row (an object
								 * relationship) */
} OrderKind;

/* An item of order_by, nulls left out. */
typedef struct PlanOrder
{
	OrderKind	kind;
	CatColumn  *column;			/* COLUMN; AGGREGATE but count: the column */
	CatFunction *function;		/* COMPUTED */
	CatRelationship *rel;		/* AGGREGATE, RELATIONSHIP */
	const char *func;			/* AGGREGATE: "count", or the aggregate */
	const char *direction;		/* "ASC NULLS LAST", ...; NULL for RELATIONSHIP,
								 * and for an AGGREGATE given null (it orders
								 * by nothing) */
	List	   *items;			/* RELATIONSHIP: of PlanOrder, over the related row */
} PlanOrder;

/* An argument of a function's call, in named notation. */
typedef struct PlanCallArg
{
	CatFuncArg *arg;
	GqlInput   *value;			/* NULL: the session variables (arg->session),
								 * or NULL of the argument's type */
	Oid			elemType;		/* a list value: bound as an array of these */
} PlanCallArg;

/* The rows a list field selects: its arguments coerced and checked. */
typedef struct PlanRowSet
{
	CatTable   *table;
	PlanFilter *where;			/* or NULL */
	List	   *order;			/* of PlanOrder */
	List	   *distinct;		/* distinct_on: of CatColumn, each once */
	GqlInput   *limit;			/* or NULL */
	GqlInput   *offset;			/* or NULL */
} PlanRowSet;

extern void gql_plan_error(Planner *pl, const GqlInput *at, const char *path, const char *fmt,...)
			pg_attribute_printf(4, 5);

/* plan.c */
extern GqlInput *gql_plan_argument(Planner *pl, GqlField *f, SField *def, const char *name,
								   const char *path);
extern PlanRowSet *gql_plan_row_set(Planner *pl, FieldGroup *g, SField *def, CatTable *t,
									const char *path);
extern bool gql_plan_columns_read(SType *type, List *groups, NameSet *names);
extern List *gql_plan_call(Planner *pl, CatFunction *fn, GqlField *f, SField *def, const char *path);
extern GqlInput *gql_plan_json_path(Planner *pl, GqlField *f, SField *def, const char *path);
extern bool gql_plan_array_param(Planner *pl, Oid elemType, GqlInput *in);
extern bool gql_plan_long_keys(Planner *pl, List *groups, const char *path);

/* plan_filter.c */
extern PlanFilter *gql_plan_filter(Planner *pl, GqlInput *exp, CatTable *t);
extern const char *gql_comparison_operator(Oid typid, CmpOp op);

#endif							/* GRAPHQL_PLAN_H */
