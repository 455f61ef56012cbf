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
 * A root field is planned whole (plan_select.c: a PlanField tree, each
 * field's kind with its row set, arguments and sub-selections) before any
 * of its SQL is written: the row sets of list fields (plan.c: where,
 * order_by, distinct_on, limit, offset), function calls' arguments, JSON
 * paths, boolean expressions (plan_filter.c: where, an aggregate
 * predicate's filter), and mutations' writes (plan_mutation.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_PLAN_H
#define GRAPHQL_PLAN_H

#include "collect.h"
#include "names.h"
#include "request.h"

/*
 * Planning one root field: its request, and whether an error was found
 * (each is added to the request's errors as it is found).
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
	bool		domain;			/* the operand is a domain's, cast to type */
	bool		isArray;		/* the operand (as compared) is an array */
	Oid			type;			/* the type it is compared as */
	Oid			elemType;		/* isArray: the element type */
	const char *operator;		/* " OPERATOR(schema.op) ", or NULL where the
								 * writer knows it (IS NULL, jsonb's, arrays',
								 * PostGIS's) */
	GqlInput   *distance;		/* _st_d_within, _st_3d_d_within: the distance
								 * (value is the input's "from") ... */
	GqlInput   *spheroid;		/* ... and geography's use_spheroid, or NULL */
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
	CatRelationship *rel;		/* EXISTS: over the related rows, */
	CatFunction *function;		/* or over a table computed field's rows */
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
	bool		limitAtRun;		/* limit is a variable's: not read here, refused
								 * if negative when the request runs */
	GqlInput   *offset;			/* or NULL */
} PlanRowSet;

/*
 * A value written into a column (an insert's, an update's _set, a primary
 * key compared): SQL NULL, DEFAULT, or a parameter.
 */
typedef struct PlanColumnValue
{
	CatColumn  *column;
	GqlInput   *value;			/* NULL: DEFAULT; IN_NULL: NULL */
	Oid			type;			/* a parameter of this type ... */
	Oid			elemType;		/* ... or, a list, an array of these */
} PlanColumnValue;

/* An upsert's ON CONFLICT: DO NOTHING (no columns) or DO UPDATE SET. */
typedef struct PlanConflict
{
	const char *constraint;
	List	   *update;			/* of CatColumn, each once */
	PlanFilter *where;			/* DO UPDATE only if it holds, or NULL */
} PlanConflict;

/*
 * A row that later rows need: if an upsert leaves it out (DO NOTHING, or
 * a where that does not match), Hasura refuses the whole insert.
 */
typedef struct PlanGuard
{
	char	   *message;
	char	   *path;
} PlanGuard;

/*
 * One row of a nested insert: the rows of its object relationships that
 * it references (written first), its own columns, then the rows that
 * reference it (written after).
 */
typedef struct PlanInsertRow
{
	CatTable   *table;
	List	   *parents;		/* of PlanInsertRel */
	List	   *values;			/* of PlanColumnValue, in the object's order */
	PlanConflict *conflict;		/* or NULL */
	PlanGuard  *guard;			/* children need this row written, or NULL */
	List	   *children;		/* of PlanInsertRel */
} PlanInsertRow;

/* The rows inserted through one relationship of a row. */
typedef struct PlanInsertRel
{
	CatRelationship *rel;
	List	   *rows;			/* of PlanInsertRow: the parent, or the children */
	PlanGuard  *guard;			/* a parent upserted: it must be written, or NULL */
} PlanInsertRel;

typedef enum UpdateOp
{
	UPDATE_SET = -1,			/* _set: the value */
	UPDATE_INC,					/* _inc: column + value */
	UPDATE_APPEND,				/* _append: column || value */
	UPDATE_PREPEND,				/* _prepend: value || column */
	UPDATE_DELETE_KEY,			/* _delete_key: column - key */
	UPDATE_DELETE_ELEM,			/* _delete_elem: column - index */
	UPDATE_DELETE_AT_PATH		/* _delete_at_path: column #- path */
} UpdateOp;

#define UPDATE_OPS 6			/* the operators but _set */

/* One column an update sets. */
typedef struct PlanAssign
{
	UpdateOp	op;
	PlanColumnValue value;		/* value.value IN_NULL: set to NULL */
} PlanAssign;

/* The rows a write changes: by a filter, or by primary key. */
typedef struct PlanTarget
{
	PlanFilter *where;			/* or, when NULL, ... */
	List	   *pkey;			/* ... of PlanColumnValue */
} PlanTarget;

/* One UPDATE. */
typedef struct PlanUpdate
{
	List	   *assigns;		/* of PlanAssign; NIL: operators without
								 * columns, nothing is written */
	PlanTarget	target;
} PlanUpdate;

/* What a selected field's JSON is made of. */
typedef enum PlanFieldKind
{
	PF_TYPENAME,				/* __typename: the object type's name */
	PF_COLUMN,					/* a column's value */
	PF_JSON_PATH,				/* a column's or a computed field's json at a
								 * path (path NULL: the whole value) */
	PF_VALUE,					/* a function's scalar value; or, with object,
								 * its row (null when all null) */
	PF_LIST,					/* rows as an array: a list field, an array
								 * relationship, a set-returning function */
	PF_FIRST_ROW,				/* a function's one row with the list
								 * arguments applied to it */
	PF_AGGREGATE,				/* <t>_aggregate over rows */
	PF_OBJECT,					/* an object relationship's row */
	PF_BY_PK,					/* query_root.<t>_by_pk: the row with a key */
	PF_AGG_OBJECT,				/* aggregate { }, sum { }, ...: aggregates */
	PF_AGG_COUNT,				/* count(columns, distinct) */
	PF_AGG_COLUMN,				/* an aggregate function of a column */
	PF_AGG_NODES,				/* nodes: the rows as an array */
	PF_AFFECTED_ROWS,			/* a mutation response's count of rows written */
	PF_RETURNING,				/* a mutation response's rows written */
	PF_MUTATION,				/* a mutation_root field's write and response */
	PF_REMOTE,					/* a remote schema's root field: sent to it */
	PF_REMOTE_JOIN,				/* a remote relationship: its lhs values, then
								 * the remote's answer for them */
	PF_ACTION					/* an action: its handler's answer, and its
								 * relationships to tables */
} PlanFieldKind;

/*
 * How a scalar value is written into the JSON: as PostgreSQL gives it, or,
 * with graphql.stringify_numeric_types, a bigint, numeric or double
 * precision as its text (Hasura's stringified numbers), or PostGIS's
 * geometry and geography as GeoJSON.
 */
typedef enum ValueForm
{
	VALUE_AS_IS,				/* its JSON: a number as a number */
	VALUE_TEXT,					/* its text: a JSON string */
	VALUE_TEXT_ARRAY,			/* an array's elements' text: strings */
	VALUE_GEOJSON				/* a GeoJSON object (postgis.c) */
} ValueForm;

/*
 * An action's root field: the payload its handler gets, and how its answer
 * is written: the output type's keys (shape), each a relationship's
 * value (rels[i] >= 0: the index in relFields) or the answer's own.
 */
typedef struct PlanAction
{
	struct CatAction *action;
	char	   *input;			/* the arguments given, a JSON object */
	STypeRef   *output;			/* the output type */
	struct RemoteShape *shape;	/* the output object's keys (NULL: a leaf) */
	int		   *rels;			/* per shape key: a relationship, or -1 */
	List	   *relFields;		/* of PlanField: PF_LIST or PF_OBJECT over
								 * the answer's objects */
} PlanAction;

/*
 * A selected field: what it is made of, each part planned.  A root field
 * is one too (PF_LIST, PF_AGGREGATE, a function's, PF_BY_PK, PF_MUTATION).
 */
typedef struct PlanField
{
	PlanFieldKind kind;
	SField	   *def;			/* its definition; NULL for PF_TYPENAME */
	ValueForm	form;			/* PF_COLUMN, PF_AGG_COLUMN, PF_VALUE of a
								 * scalar: how its value is written */
	const char *geoSchema;		/* VALUE_GEOJSON: PostGIS's schema ... */
	GeoKind		geoKind;		/* ... and its type (geometry, geography) */
	GqlInput   *jsonPath;		/* PF_JSON_PATH: the steps, or NULL */
	List	   *call;			/* a root function's: of PlanCallArg */
	PlanRowSet *rows;			/* PF_LIST, PF_FIRST_ROW, PF_AGGREGATE */
	struct PlanObject *object;	/* each row's JSON (PF_LIST, PF_FIRST_ROW,
								 * PF_VALUE of a row, PF_OBJECT, PF_BY_PK,
								 * PF_AGG_NODES, PF_RETURNING); the
								 * aggregates' (PF_AGGREGATE, PF_AGG_OBJECT) */
	GqlInput   *countColumns;	/* PF_AGG_COUNT: or NULL */
	GqlInput   *countDistinct;	/* PF_AGG_COUNT: or NULL */
	List	   *pkey;			/* PF_BY_PK: of PlanColumnValue */
	struct PlanMutation *mutation;	/* PF_MUTATION */
	char	   *remoteDocument; /* PF_REMOTE: the GraphQL document sent */
	List	   *remoteVariables;	/* PF_REMOTE: the variables it uses (String) */
	struct RemoteShape *remoteShape;	/* PF_REMOTE: its value's keys */
	struct RemoteJoin *remoteJoin;	/* PF_REMOTE_JOIN */
	PlanAction *action;			/* PF_ACTION */
} PlanField;

/* An object's JSON: its fields, in the order of their response keys. */
typedef struct PlanObject
{
	CatTable   *table;			/* the table of its rows */
	SType	   *type;
	List	   *groups;			/* of FieldGroup: the response keys */
	List	   *fields;			/* of PlanField, one per group */
	bool		longKey;		/* a key too long for an SQL name */
} PlanObject;

/* A mutation_root field's write, checked and decided. */
typedef struct PlanMutation
{
	SFieldKind	kind;
	CatTable   *table;
	/* inserts */
	bool		plain;			/* no nested insert: one INSERT ... VALUES */
	List	   *columns;		/* plain: the VALUES list's columns, of CatColumn */
	List	   *rows;			/* of PlanInsertRow (plain: values aligned
								 * with columns) */
	PlanConflict *conflict;		/* plain rows: or NULL */
	char	   *errorPath;		/* where an error of the write is reported */
	/* updates (update_<t>_many: one each) */
	List	   *updates;		/* of PlanUpdate */
	/* deletes */
	PlanTarget	target;
	/* the response over the rows written (update_<t>_many: each's) */
	PlanObject *response;
} PlanMutation;

extern void gql_plan_error(Planner *pl, const GqlInput *at, const char *path, const char *fmt,...)
			pg_attribute_printf(4, 5);

/* plan.c */
extern GqlInput *gql_plan_argument(Planner *pl, GqlField *f, SField *def, const char *name,
								   const char *path);
extern PlanRowSet *gql_plan_row_set(Planner *pl, FieldGroup *g, SField *def, CatTable *t,
									const char *path);
extern List *gql_plan_call(Planner *pl, CatFunction *fn, GqlField *f, SField *def, const char *path);
extern GqlInput *gql_plan_json_path(Planner *pl, GqlField *f, SField *def, const char *path);
extern bool gql_plan_array_param(Planner *pl, Oid elemType, GqlInput *in);
extern void gql_plan_column_value(Planner *pl, CatColumn *col, SField *def, GqlInput *v,
								  PlanColumnValue *out);

/* plan_filter.c */
extern PlanFilter *gql_plan_filter(Planner *pl, GqlInput *exp, CatTable *t);
extern const char *gql_comparison_operator(Oid typid, CmpOp op);

/* plan_mutation.c */
extern PlanMutation *gql_plan_mutation(Planner *pl, FieldGroup *g, SField *def, const char *path);

/* plan_select.c */
extern PlanField *gql_plan_root(Planner *pl, FieldGroup *g, SField *def, const char *path);
extern PlanObject *gql_plan_object(Planner *pl, CatTable *t, SType *type, List *groups,
								   const char *path);
extern PlanObject *gql_plan_mutation_response(Planner *pl, FieldGroup *g, SField *def,
											  CatTable *t, const char *path);
extern bool gql_plan_columns_read(PlanObject *po, NameSet *names);

#endif							/* GRAPHQL_PLAN_H */
