/*-------------------------------------------------------------------------
 *
 * catalog.h
 *	  What the current role may see of the exposed schemas: relations,
 *	  columns, keys, foreign keys, types.
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_CATALOG_H
#define GRAPHQL_CATALOG_H

#include "postgres.h"
#include "nodes/pg_list.h"
#include "access/attnum.h"
#include "access/transam.h"
#include "json_tree.h"
#include "postgis.h"

/* A PostgreSQL type as the schema needs it. */
typedef struct CatType
{
	Oid			oid;
	char	   *typname;		/* pg_type.typname */
	char	   *nspname;
	char		typtype;		/* 'b', 'e' (enum), 'd' (domain), ... */
	char		typcategory;	/* 'S' string, 'N' numeric, 'A' array, ... */
	Oid			basetype;		/* for a domain, its base type; else oid */
	Oid			elemtype;		/* for an array, its element type; else 0 */
	Oid			arraytype;		/* the array type of this type, or 0 */
	List	   *enumLabels;		/* for an enum: labels (char *) in order */
	char	   *description;
	GeoKind		geo;			/* PostGIS's geometry or geography, or GEO_NONE */
} CatType;

typedef struct CatColumn
{
	AttrNumber	attnum;
	char	   *attname;
	const char *quoted;			/* attname as an SQL identifier */
	char	   *gqlname;		/* the field name (a comment directive may set it) */
	Oid			typid;
	bool		notnull;
	char	   *description;
	bool		canInsert;		/* INSERT privilege; not generated, not identity ALWAYS */
	bool		canUpdate;		/* UPDATE privilege; likewise */
	struct CatTable *enumTable;	/* references an enum table's key: takes its enum */
} CatColumn;

/* A value of an enum table (Hasura's is_enum), and its description or NULL. */
typedef struct CatEnumValue
{
	char	   *name;
	char	   *description;
} CatEnumValue;

struct CatTable;

/*
 * The root fields of a table, whose names Hasura's custom_root_fields may
 * set (catalog_metadata.c); gql_root_name gives the name either way.
 */
typedef enum CatRoot
{
	ROOT_SELECT,
	ROOT_SELECT_BY_PK,
	ROOT_SELECT_AGGREGATE,
	ROOT_INSERT,
	ROOT_INSERT_ONE,
	ROOT_UPDATE,
	ROOT_UPDATE_BY_PK,
	ROOT_UPDATE_MANY,
	ROOT_DELETE,
	ROOT_DELETE_BY_PK,
	ROOT_COUNT
} CatRoot;

/*
 * A foreign key (or one declared on a view by comment), from the referencing
 * table's columns to the referenced table's columns.
 */
typedef struct CatForeignKey
{
	char	   *conname;
	struct CatTable *from;
	struct CatTable *to;
	int			ncols;
	CatColumn **fromCols;
	CatColumn **toCols;
	bool		fromUnique;		/* the referencing columns are unique too */
	char	   *localName;		/* comment directive names, or NULL */
	char	   *foreignName;

	/*
	 * A Hasura relationship joining on columns the role may not select
	 * (metadata): the function made for the role, graphql.<...>(from's
	 * primary key) returning the target's primary keys (targetCols), which
	 * joins them as the table's owner; fromCols are then from's primary key.
	 */
	const char *joinFunction;
	int			ntargetCols;
	CatColumn **targetCols;
} CatForeignKey;

/* A relationship field of a table, from one side of a foreign key. */
typedef struct CatRelationship
{
	char	   *name;
	bool		isArray;		/* array (many rows) or object (one row) */
	bool		nullable;		/* object relationships: may be null */
	struct CatTable *target;
	CatForeignKey *fk;
	bool		outgoing;		/* this table holds the referencing columns */
} CatRelationship;

typedef struct CatTable
{
	Oid			relid;
	char	   *nspname;
	char	   *relname;
	const char *qualified;		/* "schema"."table" as SQL */
	char		relkind;
	bool		rls;			/* row-level security enabled */
	char	   *gqlname;		/* the type name */
	char	   *description;
	List	   *columns;		/* selectable columns, of CatColumn, in attnum order */
	List	   *writeColumns;	/* columns it may insert or update but not select */
	List	   *pkey;			/* of CatColumn, or NIL */
	List	   *relationships;	/* of CatRelationship */
	JtNode	   *directive;		/* its comment's @graphql directive, or NULL */
	char	   *what;			/* "relation <name>", for warnings */
	Oid			reltype;		/* its row type */
	bool		allColumns;		/* the role may select every column */
	List	   *allAttnames;	/* every live column's name, in order (char *) */
	bool		canInsert;		/* rows may be inserted (table and kind) */
	bool		canUpdate;
	bool		canDelete;
	List	   *uniqueConstraints;	/* names (char *) of its primary and unique keys */
	const JtNode *meta;			/* its entry in the applied metadata, or NULL */
	char	   *rootNames[ROOT_COUNT];	/* custom root field names, or NULL */
	char	   *rootComments[ROOT_COUNT];	/* and their descriptions, or NULL */
	bool		permLimited;	/* the role's select permission has a limit: */
	int			permLimit;		/* this one */
	bool		noAggregates;	/* its permission does not allow aggregations */
	uint32		rootHidden;		/* bits 1 << CatRoot: query root fields its
								 * permission's query_root_fields leaves out */
	bool		computedListed; /* the role sees only the computed fields */
	List	   *computedAllowed;	/* its permission lists (char *) */
	List	   *enumValues;		/* an enum table: of CatEnumValue, else NIL */
} CatTable;

/* An argument of a function. */
typedef struct CatFuncArg
{
	char	   *name;
	Oid			typid;
	bool		hasDefault;
	bool		session;		/* hasura_session (json/jsonb): the request's
								 * session variables, not a GraphQL argument */
} CatFuncArg;

/* The name of the argument Hasura fills with the session variables. */
#define GQL_SESSION_ARGUMENT "hasura_session"

/*
 * A function the role may execute: a query field (STABLE or IMMUTABLE,
 * returning rows of a table, one row, or a scalar) or, when its only
 * argument is a table's row, a computed field of that table.
 */
typedef struct CatFunction
{
	Oid			oid;
	char	   *nspname;
	char	   *proname;
	char	   *gqlname;		/* the field name */
	char	   *description;
	char		volatility;		/* 'i', 's', 'v' */
	bool		retset;
	Oid			rettype;
	struct CatTable *returnsTable;	/* rows of this table, or NULL (a scalar) */
	List	   *args;			/* of CatFuncArg */
	struct CatTable *computedOn;	/* a computed field of this table, or NULL */
	bool		mutation;		/* a mutation root field (VOLATILE, unless the
								 * metadata exposes it as a query) */
	char	   *aggName;		/* its _aggregate field's name */
	bool		customName;		/* gqlname is the metadata's custom name */
} CatFunction;

typedef struct Catalog
{
	List	   *tables;			/* of CatTable, ordered by type name */
	List	   *writeOnly;		/* of CatTable: those the role may write but
								 * select no column of (mutations only) */
	List	   *types;			/* of CatType: every type a column uses */
	List	   *fkeys;			/* of CatForeignKey */
	List	   *functions;		/* of CatFunction */
	List	   *remotes;		/* of CatRemote, by name */
	List	   *remoteRels;		/* of CatRemoteRel, by table and name */
	List	   *actions;		/* of CatAction, by name */
	char	   *customTypes;	/* the actions' custom types, JSON, or NULL */

	/*
	 * The applied Hasura metadata's source (graphql.apply_metadata), or
	 * NULL: then the tables of graphql.schemas are exposed, named by
	 * inflect.c and comment directives.  While it is applied, report (if
	 * set) is told how each item of it was taken.
	 */
	const JtNode *metadata;
	struct MetaReport *report;

	/*
	 * The source's customization (catalog_customization.c), NULL where the
	 * metadata gives none: type_names' prefix and suffix, put around every
	 * type name the tables and functions make, and root_fields', around
	 * every root field name they make; rootNamespace, the one field of
	 * query_root and mutation_root those root fields are under.  typeNames
	 * is the node the apply reports once the names are checked against the
	 * schema (metadata.c).
	 */
	char	   *typePrefix;
	char	   *typeSuffix;
	char	   *rootPrefix;
	char	   *rootSuffix;
	char	   *rootNamespace;
	const JtNode *typeNames;

	/*
	 * naming_convention graphql-default (schema_naming.c): camelCase
	 * fields and arguments, PascalCase types, upper-case enum values;
	 * namingNode is the node the apply reports once the schema shows no
	 * two names became one (metadata.c).
	 */
	bool		graphqlDefault;
	const JtNode *namingNode;
} Catalog;

/* How an item of the metadata was taken (graphql.apply_metadata's result). */
typedef struct MetaReport
{
	void		(*fn) (struct MetaReport *r, const char *object, const char *item,
					   const char *status, const char *reason, const JtNode *node);
} MetaReport;

/* A remote schema, as graphql.remote_schema stores it (remote_schema.c). */
typedef struct CatRemote
{
	char	   *name;
	char	   *introspection;	/* its __schema, JSON */
	char	   *customization;	/* its definition's customization, JSON, or NULL */
	bool		restricted;		/* some role has a permission on it ... */
	char	   *permission;		/* ... and this is the role's SDL, or NULL */
} CatRemote;

/*
 * A remote relationship of a table, as graphql.remote_relationship stores
 * it (remote_relationship.c), of a table that exists.
 */
typedef struct CatRemoteRel
{
	Oid			relid;			/* the table */
	char	   *name;
	char	   *remote;			/* the remote schema's name */
	char	   *definition;		/* its to_remote_schema, JSON */
} CatRemoteRel;

/* An action, as graphql.action stores it (action.c). */
typedef struct CatAction
{
	char	   *name;
	char	   *definition;		/* its definition, JSON */
	char	   *comment;		/* or NULL */
	bool		allowed;		/* the role may use it (a superuser, or granted) */
} CatAction;

extern Catalog *gql_catalog_load(List *schemas);
extern Catalog *gql_catalog_load_metadata(const JtNode *source, MetaReport *report);
extern char *gql_catalog_metadata_text(char **enums);
extern const JtNode *gql_catalog_stored_metadata(const JtNode **enums);
extern CatTable *gql_catalog_find_table(List *tables, const char *nspname, const char *relname);
extern void gql_catalog_build_relationships(Catalog *cat);
extern char *gql_join_function_name(CatTable *t, const char *role, const char *name);
extern bool gql_catalog_add_relationship(CatTable *t, char *name, bool isArray, bool nullable,
										 struct CatTable *target, CatForeignKey *fk, bool outgoing);

/* catalog_customization.c */
extern void gql_metadata_customization(Catalog *cat);

/* catalog_metadata.c */
extern const char *const gql_root_keys[ROOT_COUNT];
extern char *gql_root_name(const CatTable *t, CatRoot root);
extern const JtNode *gql_metadata_source(const JtNode *metadata);
extern List *gql_metadata_schemas(const JtNode *source);
extern bool gql_metadata_table(Catalog *cat, CatTable *t);
extern void gql_metadata_column(Catalog *cat, CatTable *t, CatColumn *c);
extern void gql_metadata_keyed(Catalog *cat, const JtNode *enums);
extern void gql_metadata_session_argument(Catalog *cat, CatFunction *f, const char *what);
extern bool gql_metadata_function(Catalog *cat, CatFunction *f);
extern bool gql_metadata_computed_on(Catalog *cat, CatFunction *f, CatTable *on);
extern bool gql_computed_has_args(const CatFunction *f);
extern void gql_metadata_report_missing(Catalog *cat);
extern void gql_meta_report(Catalog *cat, const char *object, const char *item, const char *status,
							const char *reason, const JtNode *node);
extern const char *gql_meta_string(const JtNode *obj, const char *key);
extern const JtNode *gql_meta_array(const JtNode *obj, const char *key);
extern bool gql_meta_qualified(const JtNode *ref, const char **nspname, const char **name);

/* catalog_enum.c */
extern void gql_metadata_enums(Catalog *cat, const JtNode *enums);
extern char *gql_metadata_enums_json(Catalog *cat);
extern List *gql_catalog_remotes(void);
extern List *gql_catalog_remote_rels(void);
extern List *gql_catalog_actions(char **customTypes);
extern char *gql_catalog_definition(bool action, const char *name);
extern CatType *gql_catalog_type(Catalog *cat, Oid typid);
extern Oid	gql_column_base_type(Catalog *cat, CatColumn *col);
extern CatColumn *gql_table_column(CatTable *t, const char *attname);

/*
 * The PostGIS type (geometry or geography) values of typid are, a
 * domain's by its base type; NULL if they are not PostGIS's.
 */
static inline CatType *
gql_catalog_geo_type(Catalog *cat, Oid typid)
{
	CatType    *ct;

	if (typid < FirstNormalObjectId)
		return NULL;			/* a built-in type: no list to search */
	ct = gql_catalog_type(cat, typid);
	if (ct != NULL && ct->basetype != ct->oid)
		ct = gql_catalog_type(cat, ct->basetype);
	return ct != NULL && ct->geo != GEO_NONE ? ct : NULL;
}

#endif							/* GRAPHQL_CATALOG_H */
