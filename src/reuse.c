/*-------------------------------------------------------------------------
 *
 * reuse.c
 *	  Compiled statements of a cached request, re-run with new variable
 *	  values: a request found in the plan cache skips coercing its
 *	  variables and compiling its root fields when only the values that
 *	  went into parameters changed.
 *
 * When a cached request compiles, its variables are written down as a
 * pattern: the JSON text of the variables object (keys, structure, every
 * value) in which each leaf whose value only went into parameters (a
 * string, number or JSON value bound as $n, never read by the compiler) is
 * a hole, and so is a JSON array bound whole as one array parameter (of
 * such leaves), whatever its length.  The pattern and a copy of the compiled statements are kept with
 * the cache entry (up to MAX_COMPILED patterns).  A later request with the
 * same text matches its variables against the patterns: everything
 * outside the holes must be equal byte for byte, so the compiler would
 * take every decision (null or not, which keys, how many list items,
 * enums, booleans) as it did; each hole's new value is coerced to its
 * GraphQL type as the compiler would (an error, or any doubt, falls back
 * to the full path, which reports it) and replaces the parameters it fed.
 *
 * What makes a leaf a hole is recorded while compiling (values.h): each
 * input made from a variable's leaf carries the leaf's address in the
 * variables; binding it as a parameter marks it bound; reading its text
 * for anything else (gql_input_text), making an enum of it, or splicing a
 * variable into a JSON literal marks it read.  A leaf is a hole only if
 * every input made from it was bound and none was read.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"
#include "utils/builtins.h"
#include "utils/hsearch.h"
#include "utils/json.h"
#include "utils/guc.h"
#include "utils/memutils.h"

#include "deparse.h"
#include "plan_cache.h"
#include "reuse.h"

/* graphql.check_reuse: every re-use compared with a fresh compile (tests) */
bool		gql_check_reuse = false;

/* Most patterns kept per cache entry. */
#define MAX_COMPILED 8

/* In a pattern, a hole: HOLE and the kind of value it takes (hole_kind). */
#define HOLE '\x01'

/* A hole's kind for a JSON array bound whole as an array parameter. */
#define LIST_HOLE 'l'

/* Target.elem of an array parameter that takes a whole list. */
#define WHOLE_LIST (-2)

/* A parameter (or an array parameter's element) a hole's value goes to. */
typedef struct Target
{
	int			root;			/* index in the compiled root fields */
	int			param;			/* index in its params */
	int			elem;			/* array element, -1 (none) or WHOLE_LIST */
} Target;

typedef struct Hole
{
	bool		list;			/* a JSON array, its elements coerced */
	const char *typeName;		/* the GraphQL scalar type it (each element)
								 * is coerced to */
	int			ntargets;
	Target	   *targets;
} Hole;

/* A pattern of variables and the statements compiled for it. */
typedef struct Compiled
{
	char	   *pattern;
	int			patternLen;
	int			nholes;
	Hole	   *holes;
	List	   *roots;			/* of Sql, without req */
} Compiled;

/* What is known of a leaf's address while writing a pattern. */
typedef enum LeafState
{
	LEAF_CANDIDATE,				/* only bound: may be a hole */
	LEAF_LIST,					/* a JSON array only bound whole: may be a hole */
	LEAF_READ					/* read or made into something else: verbatim */
} LeafState;

typedef struct LeafInfo
{
	const void *origin;			/* the hash key */
	LeafState	state;
	const char *typeName;
	bool		seen;			/* met while writing the pattern */
	int			hole;			/* its hole's number, or -1 */
} LeafInfo;

/* Writing (leaves != NULL) or matching a pattern. */
typedef struct Walk
{
	StringInfoData out;
	HTAB	   *leaves;			/* writing: of LeafInfo */
	int			nholes;			/* holes so far */
	const char *pattern;		/* matching: the pattern */
	int			patternLen;
	List	   *values;			/* matching: each hole's JsonbValue */
	bool		failed;			/* matching: the variables do not fit */
} Walk;

static void walk_container(Walk *w, JsonbContainer *c, bool verbatim);

/* The character after HOLE: what kind of JSON value fills it. */
static char
hole_kind(const JsonbValue *v, bool list)
{
	if (list)
		return LIST_HOLE;
	if (v->type == jbvString)
		return 's';
	if (v->type == jbvNumeric)
		return 'n';
	return JsonContainerIsArray(v->val.binary.data) ? 'a' : 'o';
}

/* Matching: whether the text written since start is the pattern's. */
static bool
agrees(Walk *w, int start)
{
	if (w->leaves != NULL || w->failed)
		return !w->failed;
	if (w->out.len > w->patternLen ||
		memcmp(w->pattern + start, w->out.data + start, w->out.len - start) != 0)
		w->failed = true;
	return !w->failed;
}

/* Append a JSON string of len bytes, escaped. */
static void
append_json_string(StringInfo out, const char *s, int len)
{
	escape_json(out, pnstrdup(s, len));
}

/* Write (or match) one value; verbatim: no holes inside. */
static void
walk_value(Walk *w, JsonbValue *v, bool verbatim)
{
	const void *origin = gql_json_origin(v);
	int			start = w->out.len;
	bool		hole = false;
	bool		list = false;
	LeafInfo   *info = NULL;

	check_stack_depth();
	CHECK_FOR_INTERRUPTS();
	if (w->leaves != NULL && origin != NULL)
	{
		info = hash_search(w->leaves, &origin, HASH_FIND, NULL);
		if (info != NULL)
		{
			info->seen = true;
			if (info->state == LEAF_READ)
				verbatim = true;
			hole = !verbatim && info->state != LEAF_READ;
			list = info->state == LEAF_LIST;
		}
	}
	else if (w->leaves == NULL)
	{
		hole = (v->type == jbvString || v->type == jbvNumeric || v->type == jbvBinary) &&
			w->out.len + 1 < w->patternLen && w->pattern[w->out.len] == HOLE;
		list = hole && v->type == jbvBinary && JsonContainerIsArray(v->val.binary.data) &&
			w->pattern[w->out.len + 1] == LIST_HOLE;
	}

	if (hole)
	{
		appendStringInfoChar(&w->out, HOLE);
		appendStringInfoChar(&w->out, hole_kind(v, list));
		if (!agrees(w, start))
			return;
		if (info != NULL)
			info->hole = w->nholes;
		else
		{
			JsonbValue *copy = palloc(sizeof(JsonbValue));

			*copy = *v;
			w->values = lappend(w->values, copy);
		}
		w->nholes++;
		return;
	}
	switch (v->type)
	{
		case jbvBinary:
			walk_container(w, v->val.binary.data, verbatim);
			return;
		case jbvString:
			append_json_string(&w->out, v->val.string.val, v->val.string.len);
			break;
		case jbvNumeric:
			appendStringInfoString(&w->out, DatumGetCString(DirectFunctionCall1(numeric_out,
																				NumericGetDatum(v->val.numeric))));
			break;
		case jbvBool:
			appendStringInfoString(&w->out, v->val.boolean ? "true" : "false");
			break;
		default:
			appendStringInfoString(&w->out, "null");
			break;
	}
	agrees(w, start);
}

/* Write (or match) an object or array and what it holds. */
static void
walk_container(Walk *w, JsonbContainer *c, bool verbatim)
{
	JsonbIterator *it = JsonbIteratorInit(c);
	JsonbValue	v;
	JsonbIteratorToken tok;

	while (!w->failed && (tok = JsonbIteratorNext(&it, &v, true)) != WJB_DONE)
	{
		int			start = w->out.len;

		switch (tok)
		{
			case WJB_BEGIN_ARRAY:
				appendStringInfoChar(&w->out, v.val.array.rawScalar ? '<' : '[');
				break;
			case WJB_END_ARRAY:
				appendStringInfoChar(&w->out, ']');
				break;
			case WJB_BEGIN_OBJECT:
				appendStringInfoChar(&w->out, '{');
				break;
			case WJB_END_OBJECT:
				appendStringInfoChar(&w->out, '}');
				break;
			case WJB_KEY:
				append_json_string(&w->out, v.val.string.val, v.val.string.len);
				appendStringInfoChar(&w->out, ':');
				break;
			default:
				walk_value(w, &v, verbatim);
				start = w->out.len;
				appendStringInfoChar(&w->out, ',');
				break;
		}
		agrees(w, start);
	}
}

/* Write (or match) the variables; NULL (none given) is the empty pattern. */
static void
walk_variables(Walk *w, Jsonb *json)
{
	initStringInfo(&w->out);
	if (json != NULL)
		walk_container(w, &json->root, false);
	if (w->leaves == NULL && w->out.len != w->patternLen)
		w->failed = true;
}

/* The state of a leaf address: LEAF_READ wins. */
static LeafInfo *
note_leaf(HTAB *leaves, const void *origin, LeafState state, const char *typeName)
{
	bool		found;
	LeafInfo   *info = hash_search(leaves, &origin, HASH_ENTER, &found);

	if (!found)
	{
		info->state = state;
		info->typeName = typeName;
		info->seen = false;
		info->hole = -1;
	}
	else if (state != info->state || typeName == NULL || info->typeName == NULL ||
			 strcmp(typeName, info->typeName) != 0)
		info->state = LEAF_READ;
	return info;
}

/*
 * A JSON array bound whole as an array parameter stays a candidate only if
 * every element of every such parameter came from it, each a candidate of
 * the list's element type; else it is walked into like any container (its
 * elements may be holes of their own).
 */
static void
check_lists(HTAB *leaves, Sql *sql)
{
	ListCell   *lp;

	foreach(lp, sql->params)
	{
		SqlParam   *p = lfirst(lp);
		LeafInfo   *list;
		bool		ok = true;
		ListCell   *le;

		if (p->listOrigin == NULL)
			continue;
		list = hash_search(leaves, &p->listOrigin, HASH_FIND, NULL);
		if (list == NULL || list->state != LEAF_LIST)
			continue;
		foreach(le, p->elemOrigins)
		{
			const void *origin = lfirst(le);
			LeafInfo   *elem = origin ? hash_search(leaves, &origin, HASH_FIND, NULL) : NULL;

			ok &= elem != NULL && elem->state == LEAF_CANDIDATE &&
				strcmp(elem->typeName, list->typeName) == 0;
		}
		if (!ok)
			hash_search(leaves, &p->listOrigin, HASH_REMOVE, NULL);
	}
}

/* A copy of a compiled root field in the current memory context. */
static Sql *
copy_sql(Sql *src)
{
	Sql		   *sql = palloc(sizeof(Sql));
	ListCell   *lc;

	*sql = *src;
	sql->req = NULL;
	sql->key = pstrdup(src->key);
	sql->ns = src->ns ? pstrdup(src->ns) : NULL;
	sql->buf.data = pstrdup(src->buf.data);
	sql->buf.maxlen = src->buf.len + 1;
	sql->params = NIL;
	foreach(lc, src->params)
	{
		SqlParam   *p = palloc(sizeof(SqlParam));
		ListCell   *le;

		*p = *(SqlParam *) lfirst(lc);
		p->text = p->text ? pstrdup(p->text) : NULL;
		p->path = p->path ? pstrdup(p->path) : NULL;
		p->origin = NULL;
		p->elemOrigins = NIL;
		p->listOrigin = NULL;
		p->elems = NIL;
		foreach(le, ((SqlParam *) lfirst(lc))->elems)
			p->elems = lappend(p->elems, pstrdup(lfirst(le)));
		sql->params = lappend(sql->params, p);
	}
	sql->steps = NIL;
	foreach(lc, src->steps)
	{
		Step	   *step = palloc(sizeof(Step));
		ListCell   *lg;

		*step = *(Step *) lfirst(lc);
		/* a query's answer is its buf: kept once, shared as when compiled */
		step->sql = step->sql == src->buf.data ? sql->buf.data : pstrdup(step->sql);
		step->remote = step->remote ? pstrdup(step->remote) : NULL;
		step->errorPath = step->errorPath ? pstrdup(step->errorPath) : NULL;
		step->guards = NIL;
		foreach(lg, ((Step *) lfirst(lc))->guards)
		{
			StepGuard  *g = palloc(sizeof(StepGuard));

			g->message = pstrdup(((StepGuard *) lfirst(lg))->message);
			g->path = pstrdup(((StepGuard *) lfirst(lg))->path);
			step->guards = lappend(step->guards, g);
		}
		sql->steps = lappend(sql->steps, step);
	}
	return sql;
}

/* Add a target to the hole of a leaf address, if it is one. */
static bool
add_target(HTAB *leaves, const void *origin, Target t, List **targets)
{
	LeafInfo   *info;
	Target	   *copy;

	if (origin == NULL)
		return true;
	info = hash_search(leaves, &origin, HASH_FIND, NULL);
	if (info == NULL || !info->seen)
		return false;			/* a parameter from a leaf not met: keep nothing */
	if (info->hole < 0)
		return true;			/* verbatim in the pattern: the value stays */
	copy = palloc(sizeof(Target));
	*copy = t;
	targets[info->hole] = lappend(targets[info->hole], copy);
	return true;
}

/*
 * After a cached request compiled without errors: keep its statements
 * with its variables' pattern, for gql_recall_compiled.
 */
void
gql_remember_compiled(Request *req, List *compiled)
{
	List	  **kept;
	HASHCTL		ctl;
	HTAB	   *leaves;
	Walk		w = {0};
	ListCell   *lc;
	List	  **targets;
	Compiled   *c;
	MemoryContext old;

	if (req->plans == NULL)
		return;
	/*
	 * a remote field's request carries the variables' values in its text,
	 * and so does a remote relationship's document
	 */
	foreach(lc, compiled)
	{
		ListCell   *ls;

		if (((Sql *) lfirst(lc))->joins != NULL)
			return;
		foreach(ls, ((Sql *) lfirst(lc))->steps)
			if (((Step *) lfirst(ls))->kind == STEP_HTTP)
				return;
	}
	kept = gql_plan_entry_compiled(req->plans);
	if (list_length(*kept) >= MAX_COMPILED)
		return;

	ctl.keysize = sizeof(void *);
	ctl.entrysize = sizeof(LeafInfo);
	ctl.hcxt = CurrentMemoryContext;
	leaves = hash_create("graphql leaves", 64, &ctl, HASH_ELEM | HASH_BLOBS | HASH_CONTEXT);
	foreach(lc, req->leaves)
	{
		GqlInput   *in = lfirst(lc);
		LeafState	state = LEAF_READ;

		/* a list not bound whole is walked into: its items decide */
		if (in->kind == IN_LIST && !in->bound)
			continue;
		if (in->bound && !in->inspected)
			state = in->kind == IN_SCALAR ? LEAF_CANDIDATE : in->kind == IN_LIST ? LEAF_LIST : LEAF_READ;
		note_leaf(leaves, in->origin, state, in->originType);
	}
	foreach(lc, req->pinned)
		note_leaf(leaves, lfirst(lc), LEAF_READ, NULL);
	foreach(lc, compiled)
		check_lists(leaves, lfirst(lc));

	w.leaves = leaves;
	walk_variables(&w, req->json);

	/* each hole's parameters */
	targets = palloc0(sizeof(List *) * Max(w.nholes, 1));
	foreach(lc, compiled)
	{
		Sql		   *sql = lfirst(lc);
		ListCell   *lp;

		foreach(lp, sql->params)
		{
			SqlParam   *p = lfirst(lp);
			Target		t = {foreach_current_index(lc), foreach_current_index(lp), -1};
			ListCell   *le;
			LeafInfo   *list = p->listOrigin == NULL ? NULL :
				hash_search(leaves, &p->listOrigin, HASH_FIND, NULL);

			if (list != NULL && list->state == LEAF_LIST && list->hole >= 0)
			{
				/* the whole list's new elements replace the elements */
				t.elem = WHOLE_LIST;
				if (!add_target(leaves, p->listOrigin, t, targets))
					return;
				continue;
			}
			if (!add_target(leaves, p->origin, t, targets))
				return;
			foreach(le, p->elemOrigins)
			{
				t.elem = foreach_current_index(le);
				if (!add_target(leaves, lfirst(le), t, targets))
					return;
			}
		}
	}

	/* the same pattern twice: keep the first */
	foreach(lc, *kept)
	{
		Compiled   *k = lfirst(lc);

		if (k->patternLen == w.out.len && memcmp(k->pattern, w.out.data, w.out.len) == 0)
			return;
	}

	old = MemoryContextSwitchTo(gql_plan_entry_context(req->plans));
	c = palloc0(sizeof(Compiled));
	c->pattern = pnstrdup(w.out.data, w.out.len);
	c->patternLen = w.out.len;
	c->nholes = w.nholes;
	c->holes = palloc0(sizeof(Hole) * Max(w.nholes, 1));
	{
		HASH_SEQ_STATUS seq;
		LeafInfo   *info;

		hash_seq_init(&seq, leaves);
		while ((info = hash_seq_search(&seq)) != NULL)
			if (info->hole >= 0)
			{
				c->holes[info->hole].typeName = pstrdup(info->typeName);
				c->holes[info->hole].list = info->state == LEAF_LIST;
			}
	}
	for (int i = 0; i < w.nholes; i++)
	{
		ListCell   *lt;

		c->holes[i].ntargets = list_length(targets[i]);
		c->holes[i].targets = palloc(sizeof(Target) * Max(c->holes[i].ntargets, 1));
		foreach(lt, targets[i])
			c->holes[i].targets[foreach_current_index(lt)] = *(Target *) lfirst(lt);
	}
	foreach(lc, compiled)
		c->roots = lappend(c->roots, copy_sql(lfirst(lc)));
	*kept = lappend(*kept, c);
	MemoryContextSwitchTo(old);
}

/* The statements of c with the holes' values, or NIL if a value does not fit. */
static List *
bind_values(Request *req, Compiled *c, List *values)
{
	CoerceContext cx = {req->schema, NIL, NIL, NIL, false, NULL, NULL};
	List	   *roots = NIL;
	Sql		  **copies = palloc(sizeof(Sql *) * list_length(c->roots));
	ListCell   *lc;

	foreach(lc, c->roots)
	{
		Sql		   *sql = palloc(sizeof(Sql));
		ListCell   *lp;

		*sql = *(Sql *) lfirst(lc);
		sql->req = req;
		sql->params = NIL;
		foreach(lp, ((Sql *) lfirst(lc))->params)
		{
			SqlParam   *p = palloc(sizeof(SqlParam));

			*p = *(SqlParam *) lfirst(lp);
			if (p->elems != NIL)
				p->elems = list_copy(p->elems);
			sql->params = lappend(sql->params, p);
		}
		copies[foreach_current_index(lc)] = sql;
		roots = lappend(roots, sql);
	}
	foreach(lc, values)
	{
		Hole	   *h = &c->holes[foreach_current_index(lc)];
		SType	   *t = gql_schema_type(req->schema, h->typeName);
		JsonbValue *v = lfirst(lc);
		GqlInput   *in = NULL;
		List	   *elems = NIL;

		CHECK_FOR_INTERRUPTS();
		if (t == NULL || t->kind != SK_SCALAR)
			return NIL;
		if (h->list)
		{
			/* each element as the compiler would take it (a null fails) */
			JsonbIterator *it = JsonbIteratorInit(v->val.binary.data);
			JsonbValue	elem;
			JsonbIteratorToken tok;

			while ((tok = JsonbIteratorNext(&it, &elem, true)) != WJB_DONE)
			{
				if (tok != WJB_ELEM)
					continue;
				in = gql_coerce_json_leaf(&cx, &elem, t, "$");
				if (in == NULL || in->kind != IN_SCALAR)
					return NIL;
				elems = lappend(elems, in->scalarText);
			}
		}
		else
		{
			in = gql_coerce_json_leaf(&cx, v, t, "$");
			if (in == NULL || in->kind != IN_SCALAR)
				return NIL;
		}
		for (int i = 0; i < h->ntargets; i++)
		{
			Target	   *tg = &h->targets[i];
			SqlParam   *p = list_nth(copies[tg->root]->params, tg->param);

			if (h->list != (tg->elem == WHOLE_LIST))
				return NIL;		/* cannot happen: a list feeds whole arrays only */
			if (tg->elem == WHOLE_LIST)
				p->elems = elems;
			else if (tg->elem < 0)
				p->text = in->scalarText;
			else
				list_nth_cell(p->elems, tg->elem)->ptr_value = in->scalarText;
		}
	}
	return roots;
}

/*
 * The compiled statements of a cached request whose variables fit a kept
 * pattern, with their values bound; NIL if none fits (the caller coerces
 * and compiles).
 */
List *
gql_recall_compiled(Request *req, Jsonb *json)
{
	ListCell   *lc;

	if (req->plans == NULL)
		return NIL;
	foreach(lc, *gql_plan_entry_compiled(req->plans))
	{
		Compiled   *c = lfirst(lc);
		Walk		w = {0};
		List	   *roots;

		w.pattern = c->pattern;
		w.patternLen = c->patternLen;
		walk_variables(&w, json);
		if (w.failed)
			continue;
		roots = bind_values(req, c, w.values);
		if (roots != NIL)
			gql_plan_cache_count_reuse();
		return roots;
	}
	return NIL;
}

void
gql_reuse_init(void)
{
	DefineCustomBoolVariable("graphql.check_reuse",
							 "Compiles every request whose statements are re-run, and compares.",
							 "For tests: a re-used statement or parameter that differs from what a "
							 "fresh compile of the same variables gives is an error.",
							 &gql_check_reuse,
							 false,
							 PGC_SUSET, GUC_NOT_IN_SAMPLE,
							 NULL, NULL, NULL);
}

/* Whether two strings, either NULL, are equal. */
static bool
same_text(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* Whether two lists of strings are equal. */
static bool
same_texts(List *a, List *b)
{
	ListCell   *la,
			   *lb;

	if (list_length(a) != list_length(b))
		return false;
	forboth(la, a, lb, b)
		if (!same_text(lfirst(la), lfirst(lb)))
			return false;
	return true;
}

/* Whether two lists of steps are equal. */
static bool
same_steps(List *a, List *b)
{
	ListCell   *la,
			   *lb;

	if (list_length(a) != list_length(b))
		return false;
	forboth(la, a, lb, b)
	{
		Step	   *x = lfirst(la);
		Step	   *y = lfirst(lb);
		ListCell   *ga,
				   *gb;

		if (x->kind != y->kind || x->firstParam != y->firstParam || x->endParam != y->endParam ||
			!same_text(x->sql, y->sql) || !same_text(x->errorPath, y->errorPath) ||
			list_length(x->guards) != list_length(y->guards))
			return false;
		forboth(ga, x->guards, gb, y->guards)
			if (!same_text(((StepGuard *) lfirst(ga))->message, ((StepGuard *) lfirst(gb))->message) ||
				!same_text(((StepGuard *) lfirst(ga))->path, ((StepGuard *) lfirst(gb))->path))
				return false;
	}
	return true;
}

/* How a parameter differs from another, or NULL. */
static const char *
param_differs(const SqlParam *a, const SqlParam *b)
{
	if (a->type != b->type || a->elemType != b->elemType)
		return "its type";
	if (!same_text(a->text, b->text) || !same_texts(a->elems, b->elems))
		return "its value";
	if (a->source != b->source || a->step != b->step || a->column != b->column)
		return "its source";
	if (a->nonNegative != b->nonNegative)
		return "its check";
	return NULL;
}

/*
 * How statements recalled for a request (gql_recall_compiled) differ from
 * those a fresh compile of the same variables gives, or NULL if they do
 * not: what graphql.check_reuse tests.
 */
char *
gql_compiled_differs(List *reused, List *fresh)
{
	ListCell   *la,
			   *lb;

	if (list_length(reused) != list_length(fresh))
		return psprintf("%d root fields, not %d", list_length(reused), list_length(fresh));
	forboth(la, reused, lb, fresh)
	{
		Sql		   *a = lfirst(la);
		Sql		   *b = lfirst(lb);
		ListCell   *pa,
				   *pb;

		if (!same_text(a->key, b->key) || !same_text(a->buf.data, b->buf.data) ||
			a->literal != b->literal || a->many != b->many || a->checked != b->checked ||
			!same_steps(a->steps, b->steps))
			return psprintf("the SQL of root field \"%s\"", b->key);
		if (list_length(a->params) != list_length(b->params))
			return psprintf("the parameters of root field \"%s\"", b->key);
		forboth(pa, a->params, pb, b->params)
		{
			const char *why = param_differs(lfirst(pa), lfirst(pb));

			if (why != NULL)
				return psprintf("parameter $%d of root field \"%s\" (%s)",
								foreach_current_index(pa) + 1, b->key, why);
		}
	}
	return NULL;
}
