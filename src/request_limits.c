/*-------------------------------------------------------------------------
 *
 * request_limits.c
 *	  Checks a parsed request against the limits of the role it runs as
 *	  (settings.c) before anything else is done with it: the depth of its
 *	  selections, the fields it selects and the root fields of an operation,
 *	  all counted with fragments expanded, and the values its variables and
 *	  literals hold.
 *
 * In:  a parsed document (its values counted by the parser), the request's
 *		variables, gql_limits.
 * Out: true, or false with one validation-failed error naming the limit.
 *
 * The work is linear in the document: each fragment's counts are computed
 * once and reused at every spread, so a fragment fan-out (ten fragments
 * each spreading the next ten times: 10^10 fields) is refused after
 * counting a few dozen nodes; counts saturate instead of overflowing.
 * Runs before validation, whose rules are not all linear.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "miscadmin.h"

#include "error.h"
#include "request_limits.h"
#include "settings.h"

/* Counts are kept below this, whatever the document. */
#define SATURATED ((int64) 1 << 40)

/* What a selection set selects, fragments expanded. */
typedef struct Tally
{
	int64		nodes;			/* fields, at any depth */
	int64		top;			/* fields at its own level (root fields) */
	int			depth;			/* deepest nesting of fields */
} Tally;

/* A fragment definition and its tally, once counted. */
typedef struct Fragment
{
	const char *name;
	GqlFragmentDefinition *def;
	int			state;			/* 0 not counted, 1 being counted, 2 counted */
	Tally		tally;
} Fragment;

typedef struct Counter
{
	Fragment   *fragments;		/* sorted by name */
	int			nfragments;
} Counter;

static Tally tally_selection_set(Counter *c, const GqlSelectionSet *ss);

static int
compare_fragments(const void *a, const void *b)
{
	return strcmp(((const Fragment *) a)->name, ((const Fragment *) b)->name);
}

/* The first fragment of a name (a duplicate is a validation error). */
static Fragment *
find_fragment(Counter *c, const char *name)
{
	int			lo = 0;
	int			hi = c->nfragments;

	while (lo < hi)
	{
		int			mid = lo + (hi - lo) / 2;

		if (strcmp(c->fragments[mid].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < c->nfragments && strcmp(c->fragments[lo].name, name) == 0 ? &c->fragments[lo] : NULL;
}

static int64
add(int64 a, int64 b)
{
	return Min(a + b, SATURATED);
}

/* The tally of a fragment spread: counted once; 0 for a cycle or an unknown name. */
static Tally
tally_fragment(Counter *c, const char *name)
{
	Fragment   *f = find_fragment(c, name);
	Tally		none = {0, 0, 0};

	if (f == NULL || f->state == 1)
		return none;			/* validation reports both */
	if (f->state == 0)
	{
		f->state = 1;
		f->tally = tally_selection_set(c, f->def->selectionSet);
		f->state = 2;
	}
	return f->tally;
}

static Tally
tally_selection_set(Counter *c, const GqlSelectionSet *ss)
{
	Tally		t = {0, 0, 0};
	ListCell   *lc;

	check_stack_depth();
	if (ss == NULL)
		return t;
	foreach(lc, ss->selections)
	{
		const GqlNode *sel = lfirst(lc);
		Tally		sub;

		CHECK_FOR_INTERRUPTS();
		if (sel->kind == GQL_FIELD)
		{
			sub = tally_selection_set(c, ((const GqlField *) sel)->selectionSet);
			t.nodes = add(t.nodes, add(sub.nodes, 1));
			t.top = add(t.top, 1);
			t.depth = Max(t.depth, sub.depth + 1);
			continue;
		}
		if (sel->kind == GQL_FRAGMENT_SPREAD)
			sub = tally_fragment(c, ((const GqlFragmentSpread *) sel)->name.value);
		else
			sub = tally_selection_set(c, ((const GqlInlineFragment *) sel)->selectionSet);
		t.nodes = add(t.nodes, sub.nodes);
		t.top = add(t.top, sub.top);
		t.depth = Max(t.depth, sub.depth);
	}
	return t;
}

/*
 * Check the document's operations against the depth, node and batch
 * limits, and its literals against the input size; false with *errors set.
 */
bool
gql_check_document_limits(const GqlDocument *doc, List **errors)
{
	Counter		c = {NULL, 0};
	ListCell   *lc;
	int			n = 0;

	if (doc->valueCount > gql_limits.maxInputSize)
	{
		gql_add_error(errors, GQL_CODE_VALIDATION_FAILED, NULL, NULL,
					  "the request holds more than %d values (graphql.max_input_size)",
					  gql_limits.maxInputSize);
		return false;
	}
	foreach(lc, doc->definitions)
		if (GqlKindOf(lfirst(lc)) == GQL_FRAGMENT_DEFINITION)
			n++;
	c.fragments = palloc0(sizeof(Fragment) * Max(n, 1));
	foreach(lc, doc->definitions)
		if (GqlKindOf(lfirst(lc)) == GQL_FRAGMENT_DEFINITION)
		{
			GqlFragmentDefinition *f = lfirst(lc);

			c.fragments[c.nfragments].name = f->name.value;
			c.fragments[c.nfragments++].def = f;
		}
	qsort(c.fragments, c.nfragments, sizeof(Fragment), compare_fragments);

	foreach(lc, doc->definitions)
	{
		const GqlOperation *op = lfirst(lc);
		Tally		t;

		if (op->n.kind != GQL_OPERATION_DEFINITION)
			continue;
		t = tally_selection_set(&c, op->selectionSet);
		if (t.depth > gql_limits.maxDepth)
			gql_add_error(errors, GQL_CODE_VALIDATION_FAILED, &op->n.loc, NULL,
						  "the operation nests selections deeper than %d levels (graphql.max_depth)",
						  gql_limits.maxDepth);
		else if (t.nodes > gql_limits.maxNodes)
			gql_add_error(errors, GQL_CODE_VALIDATION_FAILED, &op->n.loc, NULL,
						  "the operation selects more than %d fields (graphql.max_nodes)",
						  gql_limits.maxNodes);
		else if (t.top > gql_limits.maxBatch)
			gql_add_error(errors, GQL_CODE_VALIDATION_FAILED, &op->n.loc, NULL,
						  "the operation has more than %d root fields (graphql.max_batch)",
						  gql_limits.maxBatch);
		else
			continue;
		return false;
	}
	return true;
}

/*
 * The values of the variables: every scalar, array and object in them;
 * counting stops past most.
 */
static int64
json_values(const Jsonb *json, int64 most)
{
	JsonbIterator *it;
	JsonbValue	v;
	JsonbIteratorToken tok;
	int64		n = 0;
	bool		first = true;

	if (json == NULL)
		return 0;
	it = JsonbIteratorInit((JsonbContainer *) &json->root);
	while ((tok = JsonbIteratorNext(&it, &v, false)) != WJB_DONE)
	{
		if (first && tok == WJB_BEGIN_OBJECT)
		{
			first = false;
			continue;			/* the variables object itself is no value */
		}
		first = false;
		if ((tok == WJB_VALUE || tok == WJB_ELEM || tok == WJB_BEGIN_ARRAY || tok == WJB_BEGIN_OBJECT) &&
			++n > most)
			break;
		if ((n & 1023) == 0)
			CHECK_FOR_INTERRUPTS();
	}
	return n;
}

/*
 * Check the values of the request's variables, with the document's
 * literals, against graphql.max_input_size; false with *errors set.
 */
bool
gql_check_input_size(const GqlDocument *doc, const Jsonb *variables, List **errors)
{
	int64		room = (int64) gql_limits.maxInputSize - doc->valueCount;

	/* every value has a 4-byte entry in its container: a small document need not be read */
	if (variables == NULL || (int64) VARSIZE(variables) / 4 + 1 <= room || json_values(variables, room) <= room)
		return true;
	gql_add_error(errors, GQL_CODE_VALIDATION_FAILED, NULL, "$.variableValues",
				  "the request holds more than %d values (graphql.max_input_size)",
				  gql_limits.maxInputSize);
	return false;
}
