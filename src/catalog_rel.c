/*-------------------------------------------------------------------------
 *
 * catalog_rel.c
 *	  The relationship fields of the catalog's tables, derived from foreign
 *	  keys when no metadata names them (catalog_metadata_rel.c does when
 *	  it does).
 *
 * In:  a Catalog whose tables, columns and foreign keys are loaded.
 * Out: each table's relationships: the referencing side an object
 *	    relationship, the referenced side an array (or, for a unique key,
 *	    an object) relationship, named by the rules of inflect.c unless a
 *	    comment directive names them.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "catalog.h"
#include "inflect.h"
#include "names.h"

/* Whether t already has a column or relationship field called name. */
static bool
field_taken(CatTable *t, const char *name)
{
	ListCell   *lc;

	foreach(lc, t->columns)
		if (strcmp(((CatColumn *) lfirst(lc))->gqlname, name) == 0)
			return true;
	foreach(lc, t->relationships)
		if (strcmp(((CatRelationship *) lfirst(lc))->name, name) == 0)
			return true;
	return false;
}

/* Add a relationship unless its name is taken or not a GraphQL name. */
bool
gql_catalog_add_relationship(CatTable *t, char *name, bool isArray, bool nullable,
							 CatTable *target, CatForeignKey *fk, bool outgoing)
{
	CatRelationship *r;

	if (!gql_is_name(name) || field_taken(t, name))
		return false;
	r = palloc0(sizeof(CatRelationship));
	r->name = name;
	r->isArray = isArray;
	r->nullable = nullable;
	r->target = target;
	r->fk = fk;
	r->outgoing = outgoing;
	t->relationships = lappend(t->relationships, r);
	return true;
}

/*
 * The object relationship's default name: the single referencing column
 * without its "_id" or "Id" suffix, else the referenced table's name.
 */
static char *
object_relationship_name(CatForeignKey *fk)
{
	if (fk->ncols == 1)
	{
		const char *col = fk->fromCols[0]->gqlname;
		size_t		len = strlen(col);

		if (len > 3 && strcmp(col + len - 3, "_id") == 0)
			return pnstrdup(col, len - 3);
		if (len > 2 && strcmp(col + len - 2, "Id") == 0)
			return pnstrdup(col, len - 2);
	}
	return fk->to->gqlname;
}

/* "_by_" and the referencing columns joined by "_". */
static char *
by_columns_suffix(CatForeignKey *fk)
{
	StringInfoData s;

	initStringInfo(&s);
	appendStringInfoString(&s, "_by");
	for (int i = 0; i < fk->ncols; i++)
		appendStringInfo(&s, "_%s", fk->fromCols[i]->gqlname);
	return s.data;
}

/* Derive both sides' relationships from every foreign key. */
void
gql_catalog_build_relationships(Catalog *cat)
{
	ListCell   *lc;

	foreach(lc, cat->fkeys)
	{
		CatForeignKey *fk = lfirst(lc);
		bool		nullable = fk->to->rls;
		char	   *local;
		char	   *foreign;
		int			siblings = 0;
		ListCell   *lc2;

		for (int i = 0; i < fk->ncols; i++)
			if (!fk->fromCols[i]->notnull)
				nullable = true;

		/* the referencing side: an object relationship */
		local = fk->localName ? fk->localName : object_relationship_name(fk);
		(void) gql_catalog_add_relationship(fk->from, local, false, nullable, fk->to, fk, true);

		/* the referenced side: array (or object, for a unique key) */
		foreach(lc2, cat->fkeys)
		{
			CatForeignKey *other = lfirst(lc2);

			if (other->from == fk->from && other->to == fk->to)
				siblings++;
		}
		if (fk->foreignName)
			foreign = fk->foreignName;
		else
		{
			char		plural[NAMEDATALEN * 4];

			if (fk->fromUnique)
				foreign = fk->from->gqlname;
			else if (gql_pluralize(fk->from->gqlname, plural, sizeof(plural)) >= 0)
				foreign = pstrdup(plural);
			else
				continue;
			if (siblings > 1)
				foreign = psprintf("%s%s", foreign, by_columns_suffix(fk));
		}
		(void) gql_catalog_add_relationship(fk->to, foreign, !fk->fromUnique, true, fk->from, fk, false);
	}
}
