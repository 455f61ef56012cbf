/*-------------------------------------------------------------------------
 *
 * catalog.c
 *	  Reflects the relations of the exposed schemas that the current role
 *	  may read: their columns, keys, foreign keys and column types.
 *
 * In:  the list of schema names (graphql.schemas).
 * Out: a Catalog in the current memory context.
 *
 * The reflection runs ordinary catalog queries through SPI as the current
 * role, so privileges decide what is seen: a relation appears only with
 * USAGE on its schema and SELECT on it or on some of its columns, and only
 * the columns it may select; a relation it may only write (INSERT, UPDATE
 * or DELETE, no column to select) is kept apart, for its mutations, with
 * the columns it may write.  Relationships are derived here from foreign
 * keys (and from foreign keys declared on views by comment directives) by
 * catalog_rel.c.
 *
 * Comment directives (a comment's "@graphql({...})") are parsed by
 * catalog_comment.c.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "utils/array.h"
#include "utils/builtins.h"
#include "utils/lsyscache.h"
#include "utils/snapmgr.h"
#include "utils/typcache.h"

#include "catalog.h"
#include "catalog_comment.h"
#include "names.h"

/* The text of column col of the current SPI row, or NULL. */
static char *
spi_text(HeapTuple row, int col)
{
	return SPI_getvalue(row, SPI_tuptable->tupdesc, col);
}

/* The Datum of column col of the current SPI row; *isnull set. */
static Datum
spi_datum(HeapTuple row, int col, bool *isnull)
{
	return SPI_getbinval(row, SPI_tuptable->tupdesc, col, isnull);
}

/* Where the catalog is built (SPI calls return to their own context). */
static MemoryContext catalog_cxt;

/* Run a catalog query with one array parameter. */
static void
spi_query(const char *sql, Oid argtype, Datum arg)
{
	int			rc = SPI_execute_with_args(sql, 1, &argtype, &arg, NULL, true, 0);

	MemoryContextSwitchTo(catalog_cxt);
	if (rc != SPI_OK_SELECT)
		elog(ERROR, "graphql catalog query failed: %s", SPI_result_code_string(rc));
}

/* An oid[] of the tables' relids. */
static Datum
relid_array(List *tables)
{
	Datum	   *oids = palloc(sizeof(Datum) * Max(list_length(tables), 1));
	ListCell   *lc;
	int			n = 0;

	foreach(lc, tables)
		oids[n++] = ObjectIdGetDatum(((CatTable *) lfirst(lc))->relid);
	return PointerGetDatum(construct_array(oids, n, OIDOID, sizeof(Oid), true, TYPALIGN_INT));
}

static CatTable *
find_table(List *tables, Oid relid)
{
	ListCell   *lc;

	foreach(lc, tables)
	{
		CatTable   *t = lfirst(lc);

		if (t->relid == relid)
			return t;
	}
	return NULL;
}

CatTable *
gql_catalog_find_table(List *tables, const char *nspname, const char *relname)
{
	ListCell   *lc;

	foreach(lc, tables)
	{
		CatTable   *t = lfirst(lc);

		if (strcmp(t->relname, relname) == 0 && strcmp(t->nspname, nspname) == 0)
			return t;
	}
	return NULL;
}

static CatColumn *
find_column_by_attnum(CatTable *t, AttrNumber attnum)
{
	ListCell   *lc;

	foreach(lc, t->columns)
	{
		CatColumn  *c = lfirst(lc);

		if (c->attnum == attnum)
			return c;
	}
	return NULL;
}

/* The column of t named attname, or NULL (not selectable or absent). */
CatColumn *
gql_table_column(CatTable *t, const char *attname)
{
	ListCell   *lc;

	foreach(lc, t->columns)
	{
		CatColumn  *c = lfirst(lc);

		if (strcmp(c->attname, attname) == 0)
			return c;
	}
	return NULL;
}

/* The type of a column's values, a domain's base type for a domain. */
Oid
gql_column_base_type(Catalog *cat, CatColumn *col)
{
	CatType    *ct = gql_catalog_type(cat, col->typid);

	return ct ? ct->basetype : col->typid;
}

/* The reflected type with this oid, or NULL. */
CatType *
gql_catalog_type(Catalog *cat, Oid typid)
{
	ListCell   *lc;

	foreach(lc, cat->types)
	{
		CatType    *t = lfirst(lc);

		if (t->oid == typid)
			return t;
	}
	return NULL;
}

/* Load the relations of the given schemas that the current role may read. */
static void
load_tables(Catalog *cat, Datum schemaArray)
{
	/*
	 * A table's privilege covers its columns: columns are checked one by
	 * one only where it is not held.  Comments are joined, not looked up
	 * per row (obj_description is an SQL function).
	 */
	spi_query("SELECT c.oid, n.nspname, c.relname, c.relkind, c.relrowsecurity,"
			  "       d.description, c.reltype,"
			  "       CASE WHEN pg_catalog.has_table_privilege(c.oid, 'SELECT') THEN true"
			  "       ELSE NOT EXISTS (SELECT 1 FROM pg_catalog.pg_attribute a"
			  "                    WHERE a.attrelid OPERATOR(pg_catalog.=) c.oid"
			  "                      AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped"
			  "                      AND NOT pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT')) END,"
			  "       ARRAY(SELECT a.attname::pg_catalog.text FROM pg_catalog.pg_attribute a"
			  "              WHERE a.attrelid OPERATOR(pg_catalog.=) c.oid"
			  "                AND a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped"
			  "              ORDER BY a.attnum),"
			  "       CASE WHEN c.relkind OPERATOR(pg_catalog.=) ANY ('{r,p}'::pg_catalog.\"char\"[]) THEN 28"
			  "            WHEN c.relkind OPERATOR(pg_catalog.=) ANY ('{v,f}'::pg_catalog.\"char\"[])"
			  "              THEN pg_catalog.pg_relation_is_updatable(c.oid, true)"
			  "            ELSE 0 END,"
			  "       pg_catalog.has_table_privilege(c.oid, 'DELETE'),"
			  "       pg_catalog.has_any_column_privilege(c.oid, 'SELECT')"
			  "  FROM pg_catalog.pg_class c"
			  "  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) c.relnamespace"
			  "  LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) c.oid"
			  "   AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass"
			  "   AND d.objsubid OPERATOR(pg_catalog.=) 0"
			  " WHERE n.nspname OPERATOR(pg_catalog.=) ANY ($1)"
			  "   AND c.relkind OPERATOR(pg_catalog.=) ANY ('{r,v,m,f,p}'::pg_catalog.\"char\"[])"
			  "   AND NOT c.relispartition"
			  "   AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')"
			  "   AND (pg_catalog.has_any_column_privilege(c.oid, 'SELECT, INSERT, UPDATE')"
			  "        OR pg_catalog.has_table_privilege(c.oid, 'DELETE'))"
			  " ORDER BY n.nspname, c.relname",
			  TEXTARRAYOID, schemaArray);

	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	row = SPI_tuptable->vals[i];
		CatTable   *t = palloc0(sizeof(CatTable));
		bool		isnull;
		Comment		comment;
		char	   *name;

		t->relid = DatumGetObjectId(spi_datum(row, 1, &isnull));
		t->nspname = spi_text(row, 2);
		t->relname = spi_text(row, 3);
		t->qualified = quote_qualified_identifier(t->nspname, t->relname);
		t->relkind = spi_text(row, 4)[0];
		t->rls = DatumGetBool(spi_datum(row, 5, &isnull));
		t->reltype = DatumGetObjectId(spi_datum(row, 7, &isnull));
		t->allColumns = DatumGetBool(spi_datum(row, 8, &isnull));
		{
			Datum	   *names;
			int			nnames;

			deconstruct_array(DatumGetArrayTypeP(spi_datum(row, 9, &isnull)), TEXTOID, -1, false,
							  TYPALIGN_INT, &names, NULL, &nnames);
			for (int k = 0; k < nnames; k++)
				t->allAttnames = lappend(t->allAttnames, TextDatumGetCString(names[k]));
		}
		{
			int			updatable = DatumGetInt32(spi_datum(row, 10, &isnull));

			/* pg_relation_is_updatable's bits: 8 insert, 4 update, 16 delete */
			t->canInsert = (updatable & 8) != 0;
			t->canUpdate = (updatable & 4) != 0;
			t->canDelete = (updatable & 16) != 0 && DatumGetBool(spi_datum(row, 11, &isnull));
		}
		t->what = psprintf("relation %s", t->qualified);
		comment = gql_parse_comment(spi_text(row, 6), t->what);
		t->description = gql_directive_string(comment.directive, "description", t->what);
		if (t->description == NULL)
			t->description = comment.description;
		name = gql_directive_name(comment.directive, "name", t->what);
		if (name == NULL)
			name = strcmp(t->nspname, "public") == 0 ? t->relname :
				psprintf("%s_%s", t->nspname, t->relname);
		t->gqlname = name;
		t->directive = comment.directive;
		/* with metadata, only its tables, named as it says */
		if (cat->metadata != NULL && !gql_metadata_table(cat, t))
			continue;
		if (!gql_is_name(t->gqlname))
			continue;			/* not expressible in GraphQL */
		/* insert, update or delete without select: mutations alone */
		if (DatumGetBool(spi_datum(row, 12, &isnull)))
			cat->tables = lappend(cat->tables, t);
		else
			cat->writeOnly = lappend(cat->writeOnly, t);
	}
}

/* Load the selectable columns of the tables. */
static void
load_columns(Catalog *cat)
{
	/*
	 * As in load_tables: a table's privilege first, comments joined.  The
	 * columns it may insert or update but not select are kept apart: they
	 * are written, never read.
	 */
	spi_query("SELECT a.attrelid, a.attnum, a.attname, a.atttypid, a.attnotnull,"
			  "       d.description,"
			  "       a.attgenerated OPERATOR(pg_catalog.=) ''::pg_catalog.\"char\""
			  "         AND a.attidentity OPERATOR(pg_catalog.<>) 'a'::pg_catalog.\"char\""
			  "         AND CASE WHEN p.ins THEN true"
			  "             ELSE pg_catalog.has_column_privilege(a.attrelid, a.attnum, 'INSERT') END,"
			  "       a.attgenerated OPERATOR(pg_catalog.=) ''::pg_catalog.\"char\""
			  "         AND a.attidentity OPERATOR(pg_catalog.<>) 'a'::pg_catalog.\"char\""
			  "         AND CASE WHEN p.upd THEN true"
			  "             ELSE pg_catalog.has_column_privilege(a.attrelid, a.attnum, 'UPDATE') END,"
			  "       CASE WHEN p.sel THEN true"
			  "       ELSE pg_catalog.has_column_privilege(a.attrelid, a.attnum, 'SELECT') END"
			  "  FROM (SELECT r.relid, pg_catalog.has_table_privilege(r.relid, 'SELECT') AS sel,"
			  "               pg_catalog.has_table_privilege(r.relid, 'INSERT') AS ins,"
			  "               pg_catalog.has_table_privilege(r.relid, 'UPDATE') AS upd"
			  "          FROM pg_catalog.unnest($1) AS r(relid)) p"
			  "  JOIN pg_catalog.pg_attribute a ON a.attrelid OPERATOR(pg_catalog.=) p.relid"
			  "  LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) a.attrelid"
			  "   AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_class'::pg_catalog.regclass"
			  "   AND d.objsubid OPERATOR(pg_catalog.=) a.attnum"
			  " WHERE a.attnum OPERATOR(pg_catalog.>) 0 AND NOT a.attisdropped"
			  "   AND CASE WHEN p.sel OR p.ins OR p.upd THEN true"
			  "       ELSE pg_catalog.has_column_privilege(a.attrelid, a.attnum, 'SELECT, INSERT, UPDATE') END"
			  " ORDER BY a.attrelid, a.attnum",
			  OIDARRAYOID, relid_array(list_concat_copy(cat->tables, cat->writeOnly)));

	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	row = SPI_tuptable->vals[i];
		bool		isnull;
		Oid			relid = DatumGetObjectId(spi_datum(row, 1, &isnull));
		CatTable   *t = find_table(cat->tables, relid);
		CatColumn  *c = palloc0(sizeof(CatColumn));
		Comment		comment;
		char	   *what;

		c->attnum = DatumGetInt16(spi_datum(row, 2, &isnull));
		c->attname = spi_text(row, 3);
		c->quoted = quote_identifier(c->attname);
		c->typid = DatumGetObjectId(spi_datum(row, 4, &isnull));
		c->notnull = DatumGetBool(spi_datum(row, 5, &isnull));
		if (t == NULL)
			t = find_table(cat->writeOnly, relid);
		if (t == NULL)
			continue;
		what = psprintf("column %s of relation %s", c->quoted, t->qualified);
		comment = gql_parse_comment(spi_text(row, 6), what);
		c->description = comment.description;
		c->canInsert = DatumGetBool(spi_datum(row, 7, &isnull));
		c->canUpdate = DatumGetBool(spi_datum(row, 8, &isnull));
		c->gqlname = gql_directive_name(comment.directive, "name", what);
		if (c->gqlname == NULL)
			c->gqlname = c->attname;
		gql_metadata_column(cat, t, c);
		if (!gql_is_name(c->gqlname))
			continue;
		if (DatumGetBool(spi_datum(row, 9, &isnull)))
			t->columns = lappend(t->columns, c);
		else if (c->canInsert || c->canUpdate)
			t->writeColumns = lappend(t->writeColumns, c);
	}
}

/* The table whose row type is typid, or NULL. */
static CatTable *
table_of_rowtype(List *tables, Oid typid)
{
	ListCell   *lc;

	foreach(lc, tables)
	{
		CatTable   *t = lfirst(lc);

		if (t->reltype == typid)
			return t;
	}
	return NULL;
}

/*
 * Load the functions of the schemas that the role may execute: plain
 * functions with named IN arguments, not part of an extension, returning
 * rows of an exposed table or a value.  A function whose only argument is
 * an exposed table's row (and which the role can call on every column of
 * it) is a computed field of that table.
 */
static void
load_functions(Catalog *cat, Datum schemaArray)
{
	spi_query("SELECT p.oid, n.nspname, p.proname, p.provolatile, p.proretset, p.prorettype,"
			  "       p.proargtypes::pg_catalog.oid[], p.proargnames, p.pronargdefaults,"
			  "       pg_catalog.obj_description(p.oid, 'pg_proc'::pg_catalog.name)"
			  "  FROM pg_catalog.pg_proc p"
			  "  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) p.pronamespace"
			  " WHERE n.nspname OPERATOR(pg_catalog.=) ANY ($1)"
			  "   AND p.prokind OPERATOR(pg_catalog.=) 'f'::pg_catalog.\"char\""
			  "   AND (p.proargmodes IS NULL"
			  "        OR p.proargmodes OPERATOR(pg_catalog.<@) '{i}'::pg_catalog.\"char\"[])"
			  "   AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')"
			  /* the privilege of the schemas' functions only, not of all pg_proc's */
			  "   AND CASE WHEN p.pronamespace OPERATOR(pg_catalog.=) ANY"
			  "              (ARRAY(SELECT n2.oid FROM pg_catalog.pg_namespace n2"
			  "                      WHERE n2.nspname OPERATOR(pg_catalog.=) ANY ($1)))"
			  "            THEN pg_catalog.has_function_privilege(p.oid, 'EXECUTE') ELSE false END"
			  "   AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend d"
			  "                    WHERE d.classid OPERATOR(pg_catalog.=) 'pg_catalog.pg_proc'::pg_catalog.regclass"
			  "                      AND d.objid OPERATOR(pg_catalog.=) p.oid"
			  "                      AND d.deptype OPERATOR(pg_catalog.=) 'e'::pg_catalog.\"char\")"
			  " ORDER BY n.nspname, p.proname, p.oid",
			  TEXTARRAYOID, schemaArray);

	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	row = SPI_tuptable->vals[i];
		CatFunction *f = palloc0(sizeof(CatFunction));
		bool		isnull;
		Datum		argtypes;
		Datum		argnames;
		Datum	   *types;
		Datum	   *names = NULL;
		int			ntypes;
		int			nnames = 0;
		int			ndefaults;
		Comment		comment;
		char	   *what;
		char	   *name;
		bool		ok = true;

		f->oid = DatumGetObjectId(spi_datum(row, 1, &isnull));
		f->nspname = spi_text(row, 2);
		f->proname = spi_text(row, 3);
		f->volatility = spi_text(row, 4)[0];
		f->retset = DatumGetBool(spi_datum(row, 5, &isnull));
		f->rettype = DatumGetObjectId(spi_datum(row, 6, &isnull));
		argtypes = spi_datum(row, 7, &isnull);
		argnames = spi_datum(row, 8, &isnull);
		if (!isnull)
			deconstruct_array(DatumGetArrayTypeP(argnames), TEXTOID, -1, false, TYPALIGN_INT,
							  &names, NULL, &nnames);
		ndefaults = DatumGetInt16(spi_datum(row, 9, &isnull));
		what = psprintf("function %s", quote_qualified_identifier(f->nspname, f->proname));
		comment = gql_parse_comment(spi_text(row, 10), what);
		f->description = comment.description;
		deconstruct_array(DatumGetArrayTypeP(argtypes), OIDOID, sizeof(Oid), true, TYPALIGN_INT,
						  &types, NULL, &ntypes);

		f->returnsTable = table_of_rowtype(cat->tables, f->rettype);
		for (int k = 0; k < ntypes && ok; k++)
		{
			CatFuncArg *a = palloc0(sizeof(CatFuncArg));

			a->typid = DatumGetObjectId(types[k]);
			a->name = k < nnames ? TextDatumGetCString(names[k]) : "";
			a->hasDefault = k >= ntypes - ndefaults;
			a->session = strcmp(a->name, GQL_SESSION_ARGUMENT) == 0 &&
				(a->typid == JSONOID || a->typid == JSONBOID);
			f->args = lappend(f->args, a);
		}
		if (cat->metadata != NULL)
			gql_metadata_session_argument(cat, f, what);

		/*
		 * A computed field: a table's row, then nothing but the session
		 * argument; the row argument needs no name.  Rows are no other
		 * argument.
		 */
		if (ntypes >= 1 && f->volatility != 'v')
		{
			CatTable   *on = table_of_rowtype(cat->tables, DatumGetObjectId(types[0]));
			ListCell   *la;
			bool		others = false;

			for_each_from(la, f->args, 1)
				others |= !((CatFuncArg *) lfirst(la))->session;
			/* more arguments: Hasura's computed field with args, the metadata's only */
			if (others && !(on != NULL && cat->metadata != NULL && gql_metadata_computed_on(cat, f, on)))
				on = NULL;
			if (on != NULL && on->allColumns)
				f->computedOn = on;
		}
		{
			ListCell   *la;

			/* a computed field's row needs no name; rows are no other argument */
			for_each_from(la, f->args, f->computedOn != NULL ? 1 : 0)
			{
				CatFuncArg *a = lfirst(la);

				if (!gql_is_name(a->name) || table_of_rowtype(cat->tables, a->typid) != NULL ||
					get_typtype(a->typid) == TYPTYPE_COMPOSITE)
					ok = false;
			}
		}
		/* a set of anything but a table's rows is not supported */
		if (!ok || (f->retset && f->returnsTable == NULL) || f->rettype == VOIDOID ||
			f->rettype == RECORDOID || f->rettype == TRIGGEROID)
			continue;
		if (f->volatility == 'v' && f->computedOn != NULL)
			continue;			/* a computed field must not write */

		f->mutation = f->volatility == 'v';
		name = gql_directive_name(comment.directive, "name", what);
		if (name == NULL)
		{
			name = f->proname;
			/* a computed field drops its table's name as a prefix: author_full_name -> full_name */
			if (f->computedOn != NULL &&
				strncmp(name, f->computedOn->relname, strlen(f->computedOn->relname)) == 0 &&
				name[strlen(f->computedOn->relname)] == '_' &&
				name[strlen(f->computedOn->relname) + 1] != '\0')
				name = name + strlen(f->computedOn->relname) + 1;
			else if (f->computedOn == NULL && strcmp(f->nspname, "public") != 0)
				name = psprintf("%s_%s", f->nspname, name);
		}
		f->gqlname = name;
		/* with metadata, only its functions and computed fields */
		if (cat->metadata != NULL && !gql_metadata_function(cat, f))
			continue;
		if (!gql_is_name(f->gqlname))
			continue;
		cat->functions = lappend(cat->functions, f);
	}
}

/* Load every type the columns and functions use, with array elements and domain bases. */
static void
load_types(Catalog *cat)
{
	List	   *oids = NIL;
	ListCell   *lc;
	Datum	   *datums;
	int			n = 0;

	foreach(lc, list_concat_copy(cat->tables, cat->writeOnly))
	{
		CatTable   *t = lfirst(lc);
		ListCell   *lc2;

		foreach(lc2, list_concat_copy(t->columns, t->writeColumns))
			oids = list_append_unique_oid(oids, ((CatColumn *) lfirst(lc2))->typid);
	}
	foreach(lc, cat->functions)
	{
		CatFunction *f = lfirst(lc);
		ListCell   *lc2;

		oids = list_append_unique_oid(oids, f->rettype);
		foreach(lc2, f->args)
			oids = list_append_unique_oid(oids, ((CatFuncArg *) lfirst(lc2))->typid);
	}
	datums = palloc(sizeof(Datum) * Max(list_length(oids), 1));
	foreach(lc, oids)
		datums[n++] = ObjectIdGetDatum(lfirst_oid(lc));

	spi_query("WITH RECURSIVE used(oid) AS ("
			  "   SELECT pg_catalog.unnest($1)"
			  "   UNION"
			  "   SELECT x FROM used u JOIN pg_catalog.pg_type t ON t.oid OPERATOR(pg_catalog.=) u.oid,"
			  "          LATERAL (VALUES (t.typelem), (t.typbasetype)) v(x)"
			  "    WHERE x OPERATOR(pg_catalog.<>) 0::pg_catalog.oid)"
			  "SELECT t.oid, t.typname, n.nspname, t.typtype, t.typcategory,"
			  "       CASE WHEN t.typtype OPERATOR(pg_catalog.=) 'd'::pg_catalog.\"char\""
			  "            THEN t.typbasetype ELSE t.oid END,"
			  "       CASE WHEN t.typcategory OPERATOR(pg_catalog.=) 'A'::pg_catalog.\"char\""
			  "            THEN t.typelem ELSE 0::pg_catalog.oid END, t.typarray,"
			  "       pg_catalog.obj_description(t.oid, 'pg_type'::pg_catalog.name),"
			  "       ARRAY(SELECT e.enumlabel::pg_catalog.text FROM pg_catalog.pg_enum e"
			  "              WHERE e.enumtypid OPERATOR(pg_catalog.=) t.oid ORDER BY e.enumsortorder)"
			  "  FROM pg_catalog.pg_type t"
			  "  JOIN pg_catalog.pg_namespace n ON n.oid OPERATOR(pg_catalog.=) t.typnamespace"
			  " WHERE t.oid OPERATOR(pg_catalog.=) ANY (ARRAY(SELECT oid FROM used))"
			  " ORDER BY t.oid",
			  OIDARRAYOID,
			  PointerGetDatum(construct_array(datums, n, OIDOID, sizeof(Oid), true, TYPALIGN_INT)));

	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	row = SPI_tuptable->vals[i];
		CatType    *t = palloc0(sizeof(CatType));
		bool		isnull;
		Datum		labels;

		t->oid = DatumGetObjectId(spi_datum(row, 1, &isnull));
		t->typname = spi_text(row, 2);
		t->nspname = spi_text(row, 3);
		t->typtype = spi_text(row, 4)[0];
		t->typcategory = spi_text(row, 5)[0];
		t->basetype = DatumGetObjectId(spi_datum(row, 6, &isnull));
		t->elemtype = DatumGetObjectId(spi_datum(row, 7, &isnull));
		t->arraytype = DatumGetObjectId(spi_datum(row, 8, &isnull));
		t->geo = gql_postgis_type(t->oid, t->typname);
		t->description = gql_parse_comment(spi_text(row, 9),
									   psprintf("type %s", quote_qualified_identifier(t->nspname, t->typname))).description;
		labels = spi_datum(row, 10, &isnull);
		if (!isnull)
		{
			ArrayType  *arr = DatumGetArrayTypeP(labels);
			Datum	   *elems;
			int			nelems;

			deconstruct_array(arr, TEXTOID, -1, false, TYPALIGN_INT, &elems, NULL, &nelems);
			for (int k = 0; k < nelems; k++)
				t->enumLabels = lappend(t->enumLabels, TextDatumGetCString(elems[k]));
		}
		cat->types = lappend(cat->types, t);
	}
}

/* Whether cols are exactly the columns of a primary key or unique constraint. */
static bool
is_unique_key(List *keys, CatTable *t, int ncols, CatColumn **cols)
{
	ListCell   *lc;

	foreach(lc, keys)
	{
		List	   *key = lfirst(lc);	/* first element: the table */
		bool		all = true;

		if (linitial(key) != t || list_length(key) - 1 != ncols)
			continue;
		for (int i = 0; i < ncols && all; i++)
			all = list_member_ptr(list_delete_first(list_copy(key)), cols[i]);
		if (all)
			return true;
	}
	return false;
}

/* Read an int2[] of attnums into columns of t; false if one is not visible. */
static bool
attnums_to_columns(CatTable *t, Datum arr, CatColumn ***cols, int *ncols)
{
	Datum	   *elems;
	int			n;

	deconstruct_array(DatumGetArrayTypeP(arr), INT2OID, 2, true, TYPALIGN_SHORT, &elems, NULL, &n);
	*cols = palloc(sizeof(CatColumn *) * n);
	*ncols = n;
	for (int i = 0; i < n; i++)
	{
		(*cols)[i] = find_column_by_attnum(t, DatumGetInt16(elems[i]));
		if ((*cols)[i] == NULL)
			return false;
	}
	return true;
}

/*
 * Whether the columns of a key a directive declares can be compared for
 * equality (by_pk, joins); false with a warning if not (a json column).
 */
static bool
comparable(CatColumn **cols, int ncols, const char *what)
{
	for (int i = 0; i < ncols; i++)
		if (!OidIsValid(lookup_type_cache(cols[i]->typid, TYPECACHE_EQ_OPR)->eq_opr))
		{
			gql_ignored_directive(what, psprintf("the key column %s has no equality operator",
											 cols[i]->quoted));
			return false;
		}
	return true;
}

/* Columns of t named in a list of strings; false if one is not visible. */
static bool
names_to_columns(CatTable *t, List *names, CatColumn ***cols, int *ncols)
{
	ListCell   *lc;
	int			i = 0;

	*ncols = list_length(names);
	*cols = palloc(sizeof(CatColumn *) * Max(*ncols, 1));
	foreach(lc, names)
	{
		(*cols)[i] = gql_table_column(t, lfirst(lc));
		if ((*cols)[i++] == NULL)
			return false;
	}
	return *ncols > 0;
}

/*
 * The keys a view, materialized view or foreign table declares in its
 * comment directive: primary_key_columns (added to uniqueKeys) and
 * foreign_keys (added to pending).
 */
static void
load_directive_keys(Catalog *cat, CatTable *t, List **uniqueKeys, List **pending)
{
	JtNode	   *directive;
	JtNode	   *fks;
	CatColumn **cols;
	int			ncols;

	directive = t->directive;
	if (directive == NULL || (t->relkind != 'v' && t->relkind != 'm' && t->relkind != 'f'))
		return;
	if (jt_get(directive, "primary_key_columns") != NULL &&
		names_to_columns(t, gql_directive_strings(directive, "primary_key_columns", t->what), &cols, &ncols) &&
		comparable(cols, ncols, t->what))
	{
		List	   *key = list_make1(t);

		t->pkey = NIL;
		for (int k = 0; k < ncols; k++)
		{
			t->pkey = lappend(t->pkey, cols[k]);
			key = lappend(key, cols[k]);
		}
		*uniqueKeys = lappend(*uniqueKeys, key);
	}
	fks = jt_get(directive, "foreign_keys");
	if (fks != NULL && fks->type != JT_ARRAY)
		gql_ignored_directive(t->what, "\"foreign_keys\" must be a list of objects");
	else if (fks != NULL)
	{
		for (int k = 0; k < fks->count; k++)
		{
			JtNode	   *spec = fks->items[k];
			char	   *schema;
			char	   *table;
			CatTable   *to;
			CatForeignKey *fk;
			CatColumn **toCols;
			int			ntoCols;

			if (spec->type != JT_OBJECT)
			{
				gql_ignored_directive(t->what, "\"foreign_keys\" must be a list of objects");
				continue;
			}
			schema = gql_directive_string(spec, "foreign_schema", t->what);
			table = gql_directive_string(spec, "foreign_table", t->what);
			if (table == NULL)
			{
				gql_ignored_directive(t->what, "a foreign key needs a \"foreign_table\" string");
				continue;
			}
			/* a relation or a column the role cannot see is no mistake */
			to = gql_catalog_find_table(cat->tables, schema ? schema : t->nspname, table);
			if (to == NULL ||
				!names_to_columns(t, gql_directive_strings(spec, "local_columns", t->what), &cols, &ncols) ||
				!names_to_columns(to, gql_directive_strings(spec, "foreign_columns", t->what), &toCols, &ntoCols))
				continue;
			if (ncols != ntoCols)
			{
				gql_ignored_directive(t->what, "a foreign key's \"local_columns\" and \"foreign_columns\" differ in number");
				continue;
			}
			if (!comparable(cols, ncols, t->what))
				continue;
			fk = palloc0(sizeof(CatForeignKey));
			fk->conname = psprintf("%s_fkey_%d", t->relname, k + 1);
			fk->from = t;
			fk->to = to;
			fk->ncols = ncols;
			fk->fromCols = cols;
			fk->toCols = toCols;
			fk->localName = gql_directive_name(spec, "local_name", t->what);
			fk->foreignName = gql_directive_name(spec, "foreign_name", t->what);
			*pending = lappend(*pending, fk);
		}
	}
}

/* Load primary keys, unique keys and foreign keys; views' from directives. */
static void
load_keys(Catalog *cat)
{
	List	   *uniqueKeys = NIL;	/* each: (table, column, column, ...) */
	List	   *pending = NIL;	/* foreign keys, completed after all keys */
	ListCell   *lc;

	spi_query("SELECT con.conrelid, con.contype, con.conname, con.conkey,"
			  "       con.confrelid, con.confkey, d.description"
			  "  FROM pg_catalog.pg_constraint con"
			  "  LEFT JOIN pg_catalog.pg_description d ON d.objoid OPERATOR(pg_catalog.=) con.oid"
			  "   AND d.classoid OPERATOR(pg_catalog.=) 'pg_catalog.pg_constraint'::pg_catalog.regclass"
			  "   AND d.objsubid OPERATOR(pg_catalog.=) 0"
			  " WHERE con.conrelid OPERATOR(pg_catalog.=) ANY ($1)"
			  "   AND con.contype OPERATOR(pg_catalog.=) ANY ('{p,u,f}'::pg_catalog.\"char\"[])"
			  " ORDER BY con.conrelid, con.contype, con.conname",
			  OIDARRAYOID, relid_array(cat->tables));

	for (uint64 i = 0; i < SPI_processed; i++)
	{
		HeapTuple	row = SPI_tuptable->vals[i];
		bool		isnull;
		CatTable   *t = find_table(cat->tables, DatumGetObjectId(spi_datum(row, 1, &isnull)));
		char		contype = spi_text(row, 2)[0];
		CatColumn **cols;
		int			ncols;

		if (t == NULL || !attnums_to_columns(t, spi_datum(row, 4, &isnull), &cols, &ncols))
			continue;
		if (contype == 'p' || contype == 'u')
		{
			List	   *key = list_make1(t);

			for (int k = 0; k < ncols; k++)
				key = lappend(key, cols[k]);
			uniqueKeys = lappend(uniqueKeys, key);
			t->uniqueConstraints = lappend(t->uniqueConstraints, spi_text(row, 3));
			if (contype == 'p')
			{
				t->pkey = NIL;
				for (int k = 0; k < ncols; k++)
					t->pkey = lappend(t->pkey, cols[k]);
			}
		}
		else
		{
			CatTable   *to = find_table(cat->tables, DatumGetObjectId(spi_datum(row, 5, &isnull)));
			CatForeignKey *fk;
			Comment		comment;
			char	   *what;

			if (to == NULL)
				continue;
			fk = palloc0(sizeof(CatForeignKey));
			fk->conname = spi_text(row, 3);
			fk->from = t;
			fk->to = to;
			fk->fromCols = cols;
			fk->ncols = ncols;
			if (!attnums_to_columns(to, spi_datum(row, 6, &isnull), &fk->toCols, &ncols) ||
				ncols != fk->ncols)
				continue;
			what = psprintf("constraint %s of relation %s", quote_identifier(fk->conname), t->qualified);
			comment = gql_parse_comment(spi_text(row, 7), what);
			fk->localName = gql_directive_name(comment.directive, "local_name", what);
			fk->foreignName = gql_directive_name(comment.directive, "foreign_name", what);
			pending = lappend(pending, fk);
		}
	}

	/* views, materialized views and foreign tables: keys from directives */
	foreach(lc, cat->tables)
		load_directive_keys(cat, lfirst(lc), &uniqueKeys, &pending);

	foreach(lc, pending)
	{
		CatForeignKey *fk = lfirst(lc);

		fk->fromUnique = is_unique_key(uniqueKeys, fk->from, fk->ncols, fk->fromCols);
		cat->fkeys = lappend(cat->fkeys, fk);
	}
}

/*
 * Reflect the relations of the given schemas (a list of char *) that the
 * current role may read, or, with metadata (its Postgres source), the
 * tables and functions it tracks, named as it says (report: told how each
 * item is taken, or NULL).  Allocates in the current memory context.  */
static Catalog *
load(List *schemas, const JtNode *metadata, MetaReport *report)
{
	MemoryContext target = CurrentMemoryContext;
	const JtNode *enums = NULL;
	Catalog    *cat;
	Datum		schemaArray;
	int			rc;

	if ((rc = SPI_connect()) != SPI_OK_CONNECT)
		elog(ERROR, "SPI_connect failed: %s", SPI_result_code_string(rc));
	catalog_cxt = target;
	MemoryContextSwitchTo(target);

	/*
	 * The catalog as last committed, not as the request's snapshot saw it:
	 * an invalidation already processed would otherwise leave a schema of
	 * the old catalog cached as current (and the relation cache PostgreSQL
	 * plans with is the latest too, whatever the transaction's isolation).
	 */
	PushActiveSnapshot(GetLatestSnapshot());

	cat = palloc0(sizeof(Catalog));
	/* the applied metadata, if any, decides what is exposed */
	if (metadata == NULL && report == NULL)
		metadata = gql_catalog_stored_metadata(&enums);
	cat->metadata = metadata;
	cat->report = report;
	if (metadata != NULL)
		schemas = gql_metadata_schemas(metadata);
	gql_metadata_customization(cat);	/* none without metadata */
	{
		Datum	   *names = palloc(sizeof(Datum) * Max(list_length(schemas), 1));
		ListCell   *lc;
		int			n = 0;

		foreach(lc, schemas)
			names[n++] = CStringGetTextDatum((char *) lfirst(lc));
		schemaArray = PointerGetDatum(construct_array(names, n, TEXTOID, -1, false, TYPALIGN_INT));
	}
	load_tables(cat, schemaArray);
	if (cat->tables != NIL || cat->writeOnly != NIL)
		load_columns(cat);
	if (cat->tables != NIL)
	{
		load_keys(cat);
		if (cat->metadata == NULL)
			gql_catalog_build_relationships(cat);
		else
			gql_metadata_keyed(cat, enums);	/* enum tables, relationships */
	}
	load_functions(cat, schemaArray);
	load_types(cat);
	cat->remotes = gql_catalog_remotes();
	cat->remoteRels = cat->remotes != NIL ? gql_catalog_remote_rels() : NIL;
	cat->actions = gql_catalog_actions(&cat->customTypes);
	if (report != NULL)
		gql_metadata_report_missing(cat);
	PopActiveSnapshot();
	SPI_finish();
	MemoryContextSwitchTo(target);
	return cat;
}

/* The catalog of the given schemas, or of the applied metadata. */
Catalog *
gql_catalog_load(List *schemas)
{
	return load(schemas, NULL, NULL);
}

/* The catalog of a metadata's source being applied (metadata.c). */
Catalog *
gql_catalog_load_metadata(const JtNode *source, MetaReport *report)
{
	return load(NIL, source, report);
}
