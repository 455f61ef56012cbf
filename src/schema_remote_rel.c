/*-------------------------------------------------------------------------
 *
 * schema_remote_rel.c
 *	  Tables' remote relationships merged into a role's schema: a field of
 *	  the table's type whose value a remote schema's root field gives, with
 *	  arguments from the row's columns.
 *
 * In:  the schema being built, its remote schemas merged (schema_remote.c),
 *	    and the catalog's remote relationships (to_remote_schema, as stored).
 * Out: an SF_REMOTE_RELATIONSHIP field on the table's type, of the remote
 *	    field's type (nullable: a row without values, or a failed call, is
 *	    null), with the remote field's arguments the relationship does not
 *	    set; or the relationship left out (Schema.remotesLeftOut) with a
 *	    WARNING.
 *
 * A role sees the relationship only where it sees the table and may
 * select every lhs column (as Hasura requires); that is not a warning.
 * What is: the remote is left out, has no such root field, an argument
 * the relationship sets is not the field's, a "$column" is not one of the
 * lhs_fields, or the table's type has a field of that name already (the
 * database's names win).  The definition was checked when it was added;
 * it is read again here as untrusted (a superuser may write the table).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/lsyscache.h"

#include "json_tree.h"
#include "schema_internal.h"

/* The type of a table, in the schema being built (NULL: the role has none). */
static SType *
table_type(Schema *s, Oid relid)
{
	ListCell   *lc;

	foreach(lc, s->types)
	{
		SType	   *t = lfirst(lc);

		if (t->role == SR_TABLE && t->table != NULL && t->table->relid == relid)
			return t;
	}
	return NULL;
}

/* The remote's root query field named name there, as merged, or NULL. */
static SField *
remote_root_field(Schema *s, const char *remote, const char *name)
{
	ListCell   *lc;

	foreach(lc, gql_type_fields(s->queryRoot))
	{
		SField	   *f = lfirst(lc);
		ListCell   *ln;

		if (f->remote == NULL || strcmp(f->remote->name, remote) != 0)
			continue;
		if (f->kind == SF_REMOTE && strcmp(f->remoteName, name) == 0)
			return f;
		if (f->kind != SF_REMOTE_NAMESPACE)
			continue;
		foreach(ln, gql_type_fields(gql_ref_named(f->type)))
			if (strcmp(((SField *) lfirst(ln))->remoteName, name) == 0)
				return lfirst(ln);
	}
	return NULL;
}

/* The table's column named attname that the role may select, or NULL. */
static CatColumn *
selectable_column(SType *type, const char *attname)
{
	ListCell   *lc;

	foreach(lc, type->table->columns)
		if (strcmp(((CatColumn *) lfirst(lc))->attname, attname) == 0)
			return lfirst(lc);
	return NULL;
}

/* Whether every "$name" string in a template is one of the lhs_fields. */
static bool
template_refs_ok(const JtNode *v, const JtNode *lhs, int depth, const char **bad)
{
	check_stack_depth();
	if (depth > JT_MAX_DEPTH)
		return false;
	if (v->type == JT_STRING && v->str[0] == '$')
	{
		for (int i = 0; i < lhs->count; i++)
			if (lhs->items[i]->type == JT_STRING && strcmp(lhs->items[i]->str, v->str + 1) == 0)
				return true;
		*bad = v->str;
		return false;
	}
	for (int i = 0; (v->type == JT_ARRAY || v->type == JT_OBJECT) && i < v->count; i++)
		if (!template_refs_ok(v->items[i], lhs, depth + 1, bad))
			return false;
	return true;
}

/* A type reference without its outermost non-null. */
static STypeRef *
nullable(STypeRef *ref)
{
	return ref->kind == REF_NON_NULL ? ref->of : ref;
}

/*
 * The relationship as merged, or NULL with *why set (NULL too when the
 * role may not select an lhs column: not a warning).
 */
static SRemoteRel *
resolve(Schema *s, CatRemoteRel *r, SType *type, const char **why)
{
	char	   *error = NULL;
	JtNode	   *def = jt_parse(r->definition, strlen(r->definition), &error);
	const JtNode *lhs = def && def->type == JT_OBJECT ? jt_get(def, "lhs_fields") : NULL;
	const JtNode *field = def && def->type == JT_OBJECT ? jt_get(def, "remote_field") : NULL;
	const JtNode *args;
	SRemoteRel *rel = palloc0(sizeof(SRemoteRel));

	*why = NULL;
	if (lhs == NULL || lhs->type != JT_ARRAY || lhs->count == 0 ||
		field == NULL || field->type != JT_OBJECT || field->count != 1 ||
		field->items[0]->type != JT_OBJECT)
	{
		*why = "its stored definition is malformed";
		return NULL;
	}
	if (gql_remote_left_out(s, r->remote) != NULL)
	{
		*why = psprintf("remote schema \"%s\" is left out", r->remote);
		return NULL;
	}
	rel->target = remote_root_field(s, r->remote, field->keys[0]);
	if (rel->target == NULL)
	{
		*why = psprintf("remote schema \"%s\" has no query field \"%s\"", r->remote, field->keys[0]);
		return NULL;
	}
	for (int i = 0; i < lhs->count; i++)
	{
		CatColumn  *c = lhs->items[i]->type == JT_STRING ? selectable_column(type, lhs->items[i]->str) : NULL;

		if (c == NULL)
			return NULL;		/* not the role's to select: no relationship */
		rel->lhs = lappend(rel->lhs, c);
	}
	args = jt_get(field->items[0], "arguments");
	for (int i = 0; args != NULL && args->type == JT_OBJECT && i < args->count; i++)
	{
		const char *bad = NULL;
		bool		known = false;
		ListCell   *la;

		foreach(la, rel->target->args)
			known |= strcmp(((SField *) lfirst(la))->name, args->keys[i]) == 0;
		if (!known)
		{
			*why = psprintf("field \"%s\" of remote schema \"%s\" has no argument \"%s\"",
							field->keys[0], r->remote, args->keys[i]);
			return NULL;
		}
		if (!template_refs_ok(args->items[i], lhs, 0, &bad))
		{
			*why = bad ? psprintf("argument \"%s\" refers to \"%s\", which is not one of its lhs_fields",
								  args->keys[i], bad) :
				psprintf("argument \"%s\" is nested too deeply", args->keys[i]);
			return NULL;
		}
		rel->argNames = lappend(rel->argNames, pstrdup(args->keys[i]));
		rel->argTemplates = lappend(rel->argTemplates, args->items[i]);
	}
	return rel;
}

/* Merge one remote relationship, or leave it out (with a WARNING if it is broken). */
static void
merge_rel(Schema *s, CatRemoteRel *r)
{
	SType	   *type = table_type(s, r->relid);
	const char *why = NULL;
	SRemoteRel *rel;
	SField	   *f;
	ListCell   *la;

	if (type == NULL)
		return;					/* the role does not see the table */
	rel = resolve(s, r, type, &why);
	if (rel != NULL && gql_type_field(type, r->name) != NULL)
	{
		why = psprintf("type \"%s\" has a field of that name", type->name);
		rel = NULL;
	}
	if (rel == NULL)
	{
		RemoteLeftOut *lo;

		if (why == NULL)
			return;
		ereport(WARNING,
				(errmsg("remote relationship \"%s\" of table \"%s\" is left out: %s",
						r->name, type->table->relname, why)));
		lo = palloc0(sizeof(RemoteLeftOut));
		lo->name = r->name;
		lo->relid = r->relid;
		lo->why = pstrdup(why);
		s->remotesLeftOut = lappend(s->remotesLeftOut, lo);
		return;
	}
	f = gql_add_field(type, r->name, nullable(rel->target->type), SF_REMOTE_RELATIONSHIP);
	f->description = rel->target->description;
	f->remote = rel->target->remote;
	f->remoteName = rel->target->remoteName;
	f->remoteRel = rel;
	foreach(la, rel->target->args)
	{
		SField	   *a = lfirst(la);
		bool		set = false;
		ListCell   *ln;

		foreach(ln, rel->argNames)
			set |= strcmp(lfirst(ln), a->name) == 0;
		if (!set)
			f->args = lappend(f->args, a);
	}
}

/* Merge the catalog's remote relationships into the schema being built. */
void
gql_merge_remote_rels(Schema *s)
{
	MemoryContext old = MemoryContextSwitchTo(s->cxt);
	ListCell   *lc;

	foreach(lc, s->catalog->remoteRels)
	{
		CHECK_FOR_INTERRUPTS();
		merge_rel(s, lfirst(lc));
	}
	MemoryContextSwitchTo(old);
}

/* Why a remote relationship was left out of a schema, or NULL. */
const char *
gql_remote_rel_left_out(const Schema *s, Oid relid, const char *name)
{
	ListCell   *lc;

	foreach(lc, s->remotesLeftOut)
	{
		RemoteLeftOut *lo = lfirst(lc);

		if (lo->relid == relid && strcmp(lo->name, name) == 0)
			return lo->why;
	}
	return NULL;
}
