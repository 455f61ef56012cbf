/*-------------------------------------------------------------------------
 *
 * catalog_enum.c
 *	  Hasura's enum tables (is_enum: true): a table whose rows are the
 *	  values of a GraphQL enum, <table>_enum, which the columns referencing
 *	  it by a foreign key take in output, input and filters.
 *
 * In:  the catalog being loaded with metadata (catalog_metadata.c): its
 *		tables, keys and foreign keys.  While the metadata is applied, the
 *		rows are read (as whoever applies it) and checked; for a schema
 *		build they come from what the apply stored (graphql.metadata's
 *		enums), as Hasura reads them when its metadata is loaded: a change
 *		to the rows shows once the metadata is applied again
 *		(graphql.reload_metadata()).
 * Out: CatTable.enumValues of each enum table; CatColumn.enumTable of the
 *		columns that reference one.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "catalog/pg_class.h"
#include "catalog/pg_type.h"
#include "executor/spi.h"
#include "miscadmin.h"
#include "parser/parse_coerce.h"
#include "utils/builtins.h"
#include "utils/json.h"
#include "utils/lsyscache.h"

#include "catalog.h"
#include "names.h"

/* A value of an enum table is a GraphQL enum value: a name, not true, false or null. */
static bool
enum_value_name(const char *s)
{
	return gql_is_name(s) && strcmp(s, "true") != 0 && strcmp(s, "false") != 0 && strcmp(s, "null") != 0;
}

/*
 * Read an enum table's rows (while the metadata is applied): its values,
 * and the other column's text as their descriptions.  NULL with *why if the
 * table is not one Hasura takes as an enum.  SPI connected.
 */
static List *
read_values(CatTable *t, const char **why)
{
	MemoryContext cxt = CurrentMemoryContext;
	CatColumn  *key;
	CatColumn  *comment = NULL;
	List	   *values = NIL;
	ListCell   *lc;

	/* a view's or foreign table's rows are other code's, run as whoever applies */
	if (t->relkind != RELKIND_RELATION && t->relkind != RELKIND_PARTITIONED_TABLE)
	{
		*why = "an enum table must be a table, not a view";
		return NULL;
	}
	if (list_length(t->pkey) != 1 || list_length(t->allAttnames) > 2)
	{
		*why = "an enum table has a primary key of one text column, and at most one other column";
		return NULL;
	}
	key = linitial(t->pkey);
	if (get_typtype(key->typid) != TYPTYPE_BASE || TypeCategory(getBaseType(key->typid)) != TYPCATEGORY_STRING)
	{
		*why = "an enum table's primary key must be of a text type";
		return NULL;
	}
	foreach(lc, t->columns)
		if (lfirst(lc) != key)
			comment = lfirst(lc);
	if (SPI_execute(psprintf("SELECT %s::pg_catalog.text, %s FROM %s ORDER BY 1", key->quoted,
							 comment ? psprintf("%s::pg_catalog.text", comment->quoted) : "NULL::pg_catalog.text",
							 t->qualified), true, 0) != SPI_OK_SELECT)
		elog(ERROR, "graphql: reading enum table %s failed", t->qualified);
	MemoryContextSwitchTo(cxt);	/* SPI leaves its own */
	for (uint64 i = 0; i < SPI_processed; i++)
	{
		CatEnumValue *v = palloc0(sizeof(CatEnumValue));

		CHECK_FOR_INTERRUPTS();
		v->name = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 1);
		v->description = SPI_getvalue(SPI_tuptable->vals[i], SPI_tuptable->tupdesc, 2);
		if (!enum_value_name(v->name))
		{
			*why = psprintf("the value \"%s\" is not a GraphQL enum value", v->name);
			return NULL;
		}
		values = lappend(values, v);
	}
	if (values == NIL)
		*why = "an enum table needs at least one row";
	return values;
}

/* The values the apply stored for t (the metadata's enums), or NIL. */
static List *
stored_values(const JtNode *enums, CatTable *t)
{
	const JtNode *list = jt_get(enums, psprintf("%s.%s", t->nspname, t->relname));
	List	   *values = NIL;

	for (int i = 0; list != NULL && list->type == JT_ARRAY && i < list->count; i++)
	{
		const JtNode *pair = list->items[i];
		CatEnumValue *v;

		if (pair->type != JT_ARRAY || pair->count != 2 || pair->items[0]->type != JT_STRING ||
			!enum_value_name(pair->items[0]->str))
			return NIL;
		v = palloc0(sizeof(CatEnumValue));
		v->name = pair->items[0]->str;
		v->description = pair->items[1]->type == JT_STRING ? pair->items[1]->str : NULL;
		values = lappend(values, v);
	}
	return values;
}

/*
 * The enum tables of the metadata and the columns referencing them.  While
 * the metadata is applied each is_enum is reported (applied, or refused
 * with why); a schema build uses what the apply stored.
 */
void
gql_metadata_enums(Catalog *cat, const JtNode *enums)
{
	ListCell   *lc;

	foreach(lc, cat->tables)
	{
		CatTable   *t = lfirst(lc);
		const JtNode *isEnum = jt_get(t->meta, "is_enum");
		const char *why = NULL;

		if (isEnum == NULL || isEnum->type != JT_BOOL || !isEnum->boolean)
			continue;
		if (cat->report != NULL)
		{
			t->enumValues = read_values(t, &why);
			if (why != NULL)
				t->enumValues = NIL;
			cat->report->fn(cat->report, psprintf("table %s", t->qualified), "is_enum",
							why ? "refused" : "applied", why, isEnum);
		}
		else
			t->enumValues = stored_values(enums, t);
	}
	/* a column with a foreign key to an enum table's key takes its enum */
	foreach(lc, cat->fkeys)
	{
		CatForeignKey *fk = lfirst(lc);

		if (fk->to->enumValues != NIL && fk->ncols == 1 && list_length(fk->to->pkey) == 1 &&
			fk->toCols[0] == linitial(fk->to->pkey))
			fk->fromCols[0]->enumTable = fk->to;
	}
}

/* The enum tables' values as JSON, for the apply to store: {"schema.table": [[value, description], ...]}. */
char *
gql_metadata_enums_json(Catalog *cat)
{
	StringInfoData out;
	ListCell   *lc;
	bool		first = true;

	initStringInfo(&out);
	appendStringInfoChar(&out, '{');
	foreach(lc, cat->tables)
	{
		CatTable   *t = lfirst(lc);
		ListCell   *lv;

		if (t->enumValues == NIL)
			continue;
		if (!first)
			appendStringInfoString(&out, ", ");
		first = false;
		escape_json(&out, psprintf("%s.%s", t->nspname, t->relname));
		appendStringInfoString(&out, ": [");
		foreach(lv, t->enumValues)
		{
			CatEnumValue *v = lfirst(lv);

			appendStringInfoString(&out, foreach_current_index(lv) ? ", [" : "[");
			escape_json(&out, v->name);
			appendStringInfoString(&out, ", ");
			if (v->description != NULL)
				escape_json(&out, v->description);
			else
				appendStringInfoString(&out, "null");
			appendStringInfoChar(&out, ']');
		}
		appendStringInfoChar(&out, ']');
	}
	appendStringInfoChar(&out, '}');
	return out.data;
}
