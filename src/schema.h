/*-------------------------------------------------------------------------
 *
 * schema.h
 *	  The GraphQL schema generated from the catalog: types, fields,
 *	  arguments, and what each of them stands for in the database.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_SCHEMA_H
#define GRAPHQL_SCHEMA_H

#include "postgres.h"
#include "nodes/pg_list.h"
#include "utils/hsearch.h"

#include "catalog.h"

typedef enum STypeKind
{
	SK_SCALAR,
	SK_OBJECT,
	SK_ENUM,
	SK_INPUT_OBJECT
} STypeKind;

/* What a named type stands for, for the planner. */
typedef enum STypeRole
{
	SR_BUILTIN,					/* Int, Float, String, Boolean */
	SR_CUSTOM_SCALAR,			/* a PostgreSQL type by name (uuid, jsonb...) */
	SR_PG_ENUM,					/* a PostgreSQL enum */
	SR_ROOT,					/* query_root */
	SR_TABLE,					/* a table's object type */
	SR_BOOL_EXP,				/* <t>_bool_exp */
	SR_ORDER_BY,				/* <t>_order_by */
	SR_SELECT_COLUMN,			/* <t>_select_column */
	SR_COMPARISON,				/* <scalar>_comparison_exp */
	SR_ORDER_DIRECTION,			/* order_by */
	SR_INTROSPECTION,			/* __Schema, __Type, ... (introspection.c) */
	SR_AGGREGATE,				/* <t>_aggregate, <t>_aggregate_fields, ... */
	SR_FUNCTION_ARGS,			/* <function>_args */
	SR_MUTATION_ROOT,			/* mutation_root */
	SR_MUTATION_RESPONSE,		/* <t>_mutation_response */
	SR_MUTATION_INPUT,			/* <t>_insert_input, _set_input, ... */
	SR_REMOTE,					/* an object, input object or enum of a remote
								 * schema (schema_remote.c) */
	SR_ACTION,					/* an object, input object or enum of the
								 * actions' custom types (schema_action.c) */
	SR_ENUM_TABLE,				/* <t>_enum: the values of an enum table (table) */
	SR_POSTGIS_INPUT,			/* st_d_within_input, st_d_within_geography_input */
	SR_NAMESPACE				/* <namespace>_query, _mutation: the source's
								 * root fields under its root_fields namespace */
} STypeRole;

/* The name the planner knows a field or argument by (hasura-default's). */
#define GQL_CANON(f) ((f)->canon != NULL ? (f)->canon : (f)->name)

typedef enum SRefKind
{
	REF_NAMED,
	REF_LIST,
	REF_NON_NULL
} SRefKind;

struct SType;

/* A type reference: a named type, or a list of / non-null wrapper of one. */
typedef struct STypeRef
{
	SRefKind	kind;
	struct SType *named;		/* REF_NAMED */
	struct STypeRef *of;		/* REF_LIST, REF_NON_NULL */
	bool		pgArray;		/* REF_LIST: the value of a PostgreSQL array
								 * (a column's, a function argument's), where a
								 * String is the array's text (values.c) */
} STypeRef;

/* Comparison operators of <scalar>_comparison_exp. */
typedef enum CmpOp
{
	OP_EQ, OP_NEQ, OP_GT, OP_GTE, OP_LT, OP_LTE, OP_IN, OP_NIN, OP_IS_NULL,
	OP_LIKE, OP_NLIKE, OP_ILIKE, OP_NILIKE, OP_SIMILAR, OP_NSIMILAR,
	OP_REGEX, OP_NREGEX, OP_IREGEX, OP_NIREGEX,
	OP_CONTAINS, OP_CONTAINED_IN, OP_HAS_KEY, OP_HAS_KEYS_ANY, OP_HAS_KEYS_ALL,
	/* PostGIS's (schema_postgis.c) */
	OP_ST_CONTAINS, OP_ST_CROSSES, OP_ST_EQUALS, OP_ST_INTERSECTS, OP_ST_OVERLAPS,
	OP_ST_TOUCHES, OP_ST_WITHIN, OP_ST_3D_INTERSECTS, OP_ST_D_WITHIN, OP_ST_3D_D_WITHIN
} CmpOp;

/* What a field (or input field, or argument) stands for. */
typedef enum SFieldKind
{
	SF_ARGUMENT,				/* an argument of an output field */
	SF_COLUMN,					/* a column of a table type */
	SF_RELATIONSHIP,			/* a relationship of a table type */
	SF_ROOT_LIST,				/* query_root.<t> */
	SF_ROOT_BY_PK,				/* query_root.<t>_by_pk */
	SF_BOOL_AND,				/* <t>_bool_exp._and */
	SF_BOOL_OR,
	SF_BOOL_NOT,
	SF_BOOL_COLUMN,				/* <t>_bool_exp.<column> */
	SF_BOOL_RELATIONSHIP,		/* <t>_bool_exp.<relationship> */
	SF_COMPARISON,				/* <scalar>_comparison_exp._eq, ... */
	SF_ORDER_COLUMN,			/* <t>_order_by.<column> */
	SF_ORDER_RELATIONSHIP,		/* <t>_order_by.<object relationship> */
	SF_ROOT_AGGREGATE,			/* query_root.<t>_aggregate */
	SF_REL_AGGREGATE,			/* <t>.<array relationship>_aggregate */
	SF_AGG_AGGREGATE,			/* <t>_aggregate.aggregate */
	SF_AGG_NODES,				/* <t>_aggregate.nodes */
	SF_AGG_COUNT,				/* <t>_aggregate_fields.count */
	SF_AGG_FUNC,				/* <t>_aggregate_fields.avg, ... (func) */
	SF_AGG_COLUMN,				/* <t>_avg_fields.<column> */
	SF_ORDER_AGGREGATE,			/* <t>_order_by.<array relationship>_aggregate */
	SF_ORDER_AGG_COUNT,			/* <t>_aggregate_order_by.count */
	SF_ORDER_AGG_FUNC,			/* <t>_aggregate_order_by.avg, ... (func) */
	SF_ORDER_AGG_COLUMN,		/* <t>_avg_order_by.<column> */
	SF_BOOL_AGGREGATE,			/* <t>_bool_exp.<array relationship>_aggregate */
	SF_BOOL_AGG_COUNT,			/* <t>_aggregate_bool_exp.count */
	SF_INPUT,					/* a plain input field (arguments, distinct, ...) */
	SF_ROOT_FUNCTION,			/* query_root.<function> */
	SF_ROOT_FUNCTION_AGGREGATE, /* query_root.<function>_aggregate */
	SF_COMPUTED,				/* <t>.<computed field> */
	SF_BOOL_COMPUTED,			/* <t>_bool_exp.<scalar computed field> */
	SF_ORDER_COMPUTED,			/* <t>_order_by.<scalar computed field> */
	SF_FUNCTION_ARG,			/* <function>_args.<argument> */
	SF_INSERT,					/* mutation_root.insert_<t> */
	SF_INSERT_ONE,				/* mutation_root.insert_<t>_one */
	SF_UPDATE,					/* mutation_root.update_<t> */
	SF_UPDATE_BY_PK,			/* mutation_root.update_<t>_by_pk */
	SF_UPDATE_MANY,				/* mutation_root.update_<t>_many */
	SF_DELETE,					/* mutation_root.delete_<t> */
	SF_DELETE_BY_PK,			/* mutation_root.delete_<t>_by_pk */
	SF_AFFECTED_ROWS,			/* <t>_mutation_response.affected_rows */
	SF_RETURNING,				/* <t>_mutation_response.returning */
	SF_INPUT_COLUMN,			/* a column of an insert, _set, _inc, ... input */
	SF_INPUT_RELATIONSHIP,		/* <t>_insert_input.<relationship>: a nested insert */
	SF_META,					/* query_root.__schema, __type: not listed */
	SF_INTROSPECTION,			/* a field of an introspection type */
	SF_REMOTE,					/* a root field of a remote schema */
	SF_REMOTE_NAMESPACE,		/* a remote's root_fields_namespace field */
	SF_REMOTE_FIELD,			/* a field of a remote's object type */
	SF_REMOTE_RELATIONSHIP,		/* a table's remote relationship */
	SF_ACTION,					/* an action's root field */
	SF_ACTION_FIELD,			/* a field of a custom object type */
	SF_PLACEHOLDER,				/* query_root.no_queries_available: the role
								 * has no query; its value is its description */
	SF_NAMESPACE				/* query_root.<namespace>: the source's root
								 * fields (schema_namespace.c) */
} SFieldKind;

/*
 * An argument a role's remote schema permission sets (@preset): the
 * document sent to the remote carries it, the role does not see it.
 */
typedef struct RemotePreset
{
	const char *type;			/* the remote's type name ... */
	const char *field;			/* ... its field ... */
	const char *arg;			/* ... and argument */
	const char *argType;		/* its type, in the remote's names */
	char	   *value;			/* a GraphQL value's text, or NULL */
	char	   *sessionVar;		/* or the session variable it takes */
} RemotePreset;

/*
 * A table's remote relationship, as merged: the columns whose values are
 * its arguments, the remote's root field it calls, and the arguments it
 * sets (each a JSON template whose "$column" strings are the row's
 * values).
 */
typedef struct SRemoteRel
{
	List	   *lhs;			/* of CatColumn: lhs_fields, in order */
	struct SField *target;		/* the remote's root field, as merged */
	List	   *argNames;		/* of char *: the arguments it sets ... */
	List	   *argTemplates;	/* ... and their values (JtNode *) */
} SRemoteRel;

typedef struct SField
{
	char	   *name;
	const char *canon;			/* renamed by graphql-default (schema_naming.c):
								 * the hasura-default name the planner knows
								 * it by; else NULL */
	char	   *description;
	STypeRef   *type;
	List	   *args;			/* of SField (SF_ARGUMENT), output fields */
	SFieldKind	kind;
	CatTable   *table;			/* roots: the table; columns: their table */
	CatColumn  *column;			/* SF_COLUMN, SF_BOOL_COLUMN, SF_ORDER_COLUMN */
	CatRelationship *rel;		/* SF_RELATIONSHIP, SF_*_RELATIONSHIP */
	CmpOp		op;				/* SF_COMPARISON */
	const char *defaultValue;	/* arguments: the default as a GraphQL literal, or NULL */
	const char *func;			/* SF_AGG_FUNC, SF_ORDER_AGG_*: "avg", "sum", ... */
	struct CatFunction *proc;	/* function fields */
	struct CatFuncArg *procArg; /* SF_FUNCTION_ARG */
	struct CatRemote *remote;	/* SF_REMOTE*: its remote schema */
	const char *remoteName;		/* SF_REMOTE, SF_REMOTE_FIELD,
								 * SF_REMOTE_RELATIONSHIP: its name there */
	SRemoteRel *remoteRel;		/* SF_REMOTE_RELATIONSHIP */
	struct CatAction *action;	/* SF_ACTION */
	List	   *remotePresets;	/* SF_REMOTE, SF_REMOTE_FIELD: of RemotePreset */
} SField;

/* Values of the order_by enum. */
typedef enum OrderDirection
{
	DIR_ASC, DIR_ASC_NULLS_FIRST, DIR_ASC_NULLS_LAST,
	DIR_DESC, DIR_DESC_NULLS_FIRST, DIR_DESC_NULLS_LAST
} OrderDirection;

typedef struct SEnumValue
{
	char	   *name;
	char	   *description;
	CatColumn  *column;			/* SR_SELECT_COLUMN */
	int			direction;		/* SR_ORDER_DIRECTION: OrderDirection */
	char	   *value;			/* SR_ENUM_TABLE renamed by graphql-default:
								 * the row's key; else NULL (the name is) */
} SEnumValue;

typedef struct SType
{
	STypeKind	kind;
	STypeRole	role;
	char	   *name;
	char	   *description;
	List	   *fields;			/* objects and input objects: of SField */
	List	   *values;			/* enums: of SEnumValue */
	CatTable   *table;			/* table roles */
	CatType    *pgtype;			/* custom scalars, enums, comparisons */
	struct FieldIndex *fieldIndex;	/* name -> SField, for types with many fields
									 * (built by gql_type_field) */
	struct STypeRef *ref;		/* the one REF_NAMED reference to it */
	struct CatRemote *remote;	/* SR_REMOTE, a remote's scalar: its remote */
	const char *remoteName;		/* ... and its name there */
	struct TableState *pending;	/* a lazy schema: the table whose
									 * definition fills this type in, or NULL
									 * (read fields and values through
									 * gql_type_fields, gql_type_values) */
} SType;

/* A directive the schema declares (@include, @skip). */
typedef struct SDirective
{
	const char *name;
	const char *description;
	List	   *locations;		/* of char *: "FIELD", ... */
	List	   *args;			/* of SField (SF_ARGUMENT) */
} SDirective;

typedef struct Schema
{
	MemoryContext cxt;			/* everything below lives here */
	Catalog    *catalog;
	struct NameMap *byName;		/* type name -> SType (names.c) */
	List	   *types;			/* of SType, in creation order */
	SType	   *queryRoot;
	SType	   *mutationRoot;	/* NULL when the role may change nothing */
	SType	   *typeString;
	SType	   *typeInt;
	SType	   *typeFloat;
	SType	   *typeBoolean;
	List	   *directives;		/* of SDirective */
	List	   *roleSettings;	/* the role's own graphql.* settings (settings.c) */
	int			building;		/* types may be added only while this is
								 * positive: by the build, or by a lazy
								 * table's definition (schema_lazy.c) */
	bool		incomplete;		/* some table's types are not filled in yet */
	bool		broken;			/* a definition failed half way: drop it */
	List	   *states;			/* a lazy schema: of TableState, per table */
	struct NameMap *stateByName;	/* a lazy schema: type name -> TableState */
	struct TableState *completing;	/* the table being defined, or NULL */
	List	   *remotesLeftOut;	/* of RemoteLeftOut (schema_remote.c) */
	struct NameMap *rootFields;	/* with metadata, while built: the tables'
								 * root fields, "<root>.<field>" */
	char	   *namingClash;	/* graphql-default made two names of a type
								 * one (the second kept its name), or NULL */
} Schema;

/*
 * A remote schema a schema left out, or a remote relationship (relid set),
 * and why.
 */
typedef struct RemoteLeftOut
{
	const char *name;
	Oid			relid;			/* a relationship's table, or InvalidOid */
	char	   *why;
	const char *what;			/* "action", "custom types", or NULL (above) */
} RemoteLeftOut;

extern Schema *gql_schema_build(Catalog *cat, bool lazy);
extern int	gql_schema_tables_at(const Schema *s, int stage);
extern SType *gql_schema_type(const Schema *schema, const char *name);
extern char *gql_type_name(const Schema *s, const char *fmt,...) pg_attribute_printf(2, 3);
extern SType *gql_table_object_type(const Schema *s, const CatTable *t);
extern char *gql_root_field_name(const Schema *s, const char *name);
extern char *gql_default_root_name(const Schema *s, const char *name);
extern SType *gql_source_root(const Schema *s, bool mutation);
extern const char *gql_remote_left_out(const Schema *s, const char *name);
extern bool gql_is_standard_scalar(const char *name);
extern const char *gql_remote_rel_left_out(const Schema *s, Oid relid, const char *name);
extern const char *gql_left_out(const Schema *s, const char *what, const char *name);
extern SField *gql_type_field(const SType *type, const char *name);
extern SEnumValue *gql_enum_value(const SType *type, const char *name);
extern List *gql_type_fields(const SType *type);
extern List *gql_type_values(const SType *type);
extern void gql_schema_complete(Schema *s);
extern List *gql_schema_type_order(const Schema *s);
extern STypeRef *gql_named_ref(SType *type);
extern STypeRef *gql_list_ref(STypeRef *of);
extern STypeRef *gql_array_ref(STypeRef *of);
extern STypeRef *gql_ref_with_arrays(STypeRef *declared, const STypeRef *position);
extern STypeRef *gql_non_null_ref(STypeRef *of);
extern SType *gql_ref_named(const STypeRef *ref);
extern char *gql_ref_string(const STypeRef *ref);
extern bool gql_type_is_input(const SType *type);
extern bool gql_type_is_leaf(const SType *type);
extern SType *gql_column_scalar(Schema *schema, Oid typid, bool *isList);
extern bool gql_type_has_equality(Oid typid);
extern bool gql_type_has_ordering(Oid typid);
extern SType *gql_new_type(Schema *s, STypeKind kind, STypeRole role, const char *name);
extern SField *gql_add_field(SType *t, const char *name, STypeRef *type, SFieldKind kind);
extern SField *gql_add_arg(SField *field, const char *name, STypeRef *type);
extern SEnumValue *gql_add_enum_value(SType *t, const char *name);

#endif							/* GRAPHQL_SCHEMA_H */
