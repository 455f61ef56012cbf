/*-------------------------------------------------------------------------
 *
 * schema_internal.h
 *	  What the parts of the schema builder share (schema.c,
 *	  schema_aggregate.c, schema_mutation.c, schema_function.c,
 *	  schema_lazy.c, schema_lookup.c, schema_postgis.c).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_SCHEMA_INTERNAL_H
#define GRAPHQL_SCHEMA_INTERNAL_H

#include "schema.h"

/* Type names this long or longer are not made (nor found). */
#define TYPE_NAME_KEYSIZE	(NAMEDATALEN * 4)

/* Kinds of aggregate functions, by the columns they apply to. */
typedef enum AggKind
{
	AGG_FLOAT,					/* numeric columns, typed Float */
	AGG_SUM,					/* numeric columns, the column's type */
	AGG_MINMAX					/* comparable columns, the column's type */
} AggKind;

/*
 * A table of a lazy schema (schema_lazy.c): its types are declared when the
 * schema is built and filled in the first time one of them is looked into.
 */
typedef enum TableStage
{
	STAGE_LISTED,				/* exposed (it has columns), no type made yet */
	STAGE_DECLARED,				/* its named types exist, empty */
	STAGE_DEFINED,				/* fields, root fields, mutation types */
	STAGE_COMPLETE				/* and nested inserts: the types are final */
} TableStage;

typedef struct TableState
{
	Schema	   *schema;
	CatTable   *table;
	TableStage	stage;
	List	   *types;			/* of SType: the types it fills in */
} TableState;

extern SType *gql_declared_type(const Schema *s, const char *name);
extern const char *const *gql_table_type_suffixes(int *n);
extern bool gql_declare_table(Schema *s, CatTable *t);
extern void gql_define_table(Schema *s, CatTable *t);
extern void gql_lazy_functions_tables(Schema *s);
extern void gql_sort_type(SType *t);
extern void gql_sort_type_args(SField *f);
extern bool gql_lazy_begin(Schema *s, List *exposed);
extern void gql_lazy_finish_build(Schema *s);
extern void gql_lazy_define(TableState *ts, TableStage stage);
extern SType *gql_lazy_find_type(Schema *s, const char *name);
extern void gql_lazy_find_root_field(Schema *s, SType *root, const char *name);

extern bool gql_column_sortable(CatColumn *col);
extern SType *gql_table_type(Schema *s, CatTable *t, const char *suffix, STypeRole role);
extern SType *gql_comparison_type(Schema *s, SType *scalar, bool isList);
extern STypeRef *gql_column_type_ref(Schema *s, CatColumn *col, SType **scalar, bool *isList);
extern void gql_add_list_args(Schema *s, SField *f, CatTable *t);

/* schema_function.c */
extern void gql_define_functions(Schema *s);
extern void gql_define_computed_fields(Schema *s, CatTable *t, SType *obj, SType *boolExp,
									   SType *orderBy);

/* schema_aggregate.c */
extern bool gql_agg_applies(Schema *s, CatColumn *col, AggKind kind);
extern const char *const *gql_aggregate_type_suffixes(int *n);
extern char *gql_bool_columns_type_name(const char *g, const char *fn);
extern bool gql_declare_aggregate_types(Schema *s, CatTable *t);
extern void gql_define_aggregate_types(Schema *s, CatTable *t);

/* schema_introspection.c */
extern void gql_add_introspection(Schema *s);

/* schema_mutation.c */
extern const char *const *gql_mutation_type_suffixes(int *n);
extern SType *gql_mutation_root(Schema *s);
extern SField *gql_add_table_root(Schema *s, SType *root, CatTable *t, CatRoot which,
								  STypeRef *type, SFieldKind kind, const char *description);
extern void gql_define_mutations(Schema *s, CatTable *t);
extern void gql_define_nested_inserts(Schema *s, CatTable *t);

/* schema_postgis.c */
extern void gql_postgis_input_types(Schema *s, SType *scalar);
extern void gql_postgis_comparison_ops(Schema *s, SType *cmp, SType *scalar);

/* schema_naming.c */
extern void gql_apply_naming(Schema *s);
extern void gql_apply_naming_args(Schema *s, SField *f);

/* schema_namespace.c */
extern void gql_namespace_roots(Schema *s);

/* schema_remote.c */
extern void gql_merge_remotes(Schema *s);
extern void gql_merge_remote_rels(Schema *s);
extern void gql_merge_actions(Schema *s);

#endif							/* GRAPHQL_SCHEMA_INTERNAL_H */
