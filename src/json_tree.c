/*-------------------------------------------------------------------------
 *
 * json_tree.c
 *	  JSON text parsed into a small tree (JtNode), with PostgreSQL's own
 *	  JSON lexer and parser (common/jsonapi.h), reporting mistakes as a
 *	  message instead of an ERROR.
 *
 * pg_parse_json recurses once per nesting level and would raise an ERROR
 * past the stack limit, so the text's nesting is measured first and
 * refused beyond JT_MAX_DEPTH.  Objects with a repeated key are refused:
 * parsers disagree on which of the two counts, and a token's claims must
 * mean one thing.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "common/jsonapi.h"
#include "lib/stringinfo.h"
#include "miscadmin.h"
#include "mb/pg_wchar.h"
#include "utils/json.h"

#include "json_tree.h"

typedef struct Builder
{
	JtNode	   *root;
	int			depth;
	JtNode	   *open[JT_MAX_DEPTH + 1];	/* the arrays and objects being built */
	int			capacity[JT_MAX_DEPTH + 1];
	char	   *key[JT_MAX_DEPTH + 1];	/* each open object's current key */
	char	   *duplicate;		/* a key found twice, or NULL */
	int64		values;			/* attached so far */
	bool		quiet;			/* errors do not quote the text */
} Builder;

/* The deepest nesting of arrays and objects in the text, strings skipped. */
static int
nesting_depth(const char *text, int len)
{
	int			depth = 0;
	int			deepest = 0;
	bool		inString = false;

	for (int i = 0; i < len; i++)
	{
		char		c = text[i];

		if (inString)
		{
			if (c == '\\')
				i++;
			else if (c == '"')
				inString = false;
		}
		else if (c == '"')
			inString = true;
		else if (c == '[' || c == '{')
		{
			if (++depth > deepest)
				deepest = depth;
		}
		else if (c == ']' || c == '}')
			depth--;
	}
	return deepest;
}

static JtNode *
new_node(JtType type)
{
	JtNode	   *node = palloc0(sizeof(JtNode));

	node->type = type;
	return node;
}

/* Add a finished value to the open array or object, or make it the root. */
static void
attach(Builder *b, JtNode *node)
{
	JtNode	   *parent;
	int			level = b->depth - 1;

	if (b->depth == 0)
	{
		b->root = node;
		return;
	}
	parent = b->open[level];
	if (parent->count == b->capacity[level])
	{
		int			capacity = b->capacity[level] == 0 ? 4 : b->capacity[level] * 2;

		parent->items = parent->items == NULL ? palloc(capacity * sizeof(JtNode *))
			: repalloc(parent->items, capacity * sizeof(JtNode *));
		if (parent->type == JT_OBJECT)
			parent->keys = parent->keys == NULL ? palloc(capacity * sizeof(char *))
				: repalloc(parent->keys, capacity * sizeof(char *));
		b->capacity[level] = capacity;
	}
	if (parent->type == JT_OBJECT)
		parent->keys[parent->count] = b->key[level];
	parent->items[parent->count++] = node;
	if ((++b->values & 1023) == 0)
		CHECK_FOR_INTERRUPTS();
}

static int
compare_keys(const void *a, const void *b)
{
	return strcmp(*(char *const *) a, *(char *const *) b);
}

/* Note a key an object has twice: its keys sorted, neighbours compared. */
static void
check_duplicates(Builder *b, const JtNode *object)
{
	char	  **keys;

	if (object->count < 2 || b->duplicate != NULL)
		return;
	keys = palloc(object->count * sizeof(char *));
	memcpy(keys, object->keys, object->count * sizeof(char *));
	qsort(keys, object->count, sizeof(char *), compare_keys);
	for (int i = 1; i < object->count && b->duplicate == NULL; i++)
		if (strcmp(keys[i - 1], keys[i]) == 0)
			b->duplicate = keys[i];
	pfree(keys);
}

static void
open_container(Builder *b, JtType type)
{
	JtNode	   *node = new_node(type);

	attach(b, node);
	b->open[b->depth] = node;
	b->capacity[b->depth] = 0;
	b->key[b->depth] = NULL;
	b->depth++;
}

static void
object_start(void *state)
{
	open_container(state, JT_OBJECT);
}

static void
array_start(void *state)
{
	open_container(state, JT_ARRAY);
}

static void
container_end(void *state)
{
	Builder    *b = state;

	b->depth--;
	if (b->open[b->depth]->type == JT_OBJECT)
		check_duplicates(b, b->open[b->depth]);
}

static void
field_start(void *state, char *fname, bool isnull)
{
	Builder    *b = state;

	b->key[b->depth - 1] = fname;
}

static void
scalar(void *state, char *token, JsonTokenType tokentype)
{
	JtNode	   *node;

	switch (tokentype)
	{
		case JSON_TOKEN_STRING:
			node = new_node(JT_STRING);
			node->str = token;
			break;
		case JSON_TOKEN_NUMBER:
			node = new_node(JT_NUMBER);
			node->str = token;
			break;
		case JSON_TOKEN_TRUE:
		case JSON_TOKEN_FALSE:
			node = new_node(JT_BOOL);
			node->boolean = tokentype == JSON_TOKEN_TRUE;
			break;
		default:
			node = new_node(JT_NULL);
			break;
	}
	attach(state, node);
}

/*
 * Parse len bytes of JSON text.  Returns the tree, or NULL with *error set
 * to a message saying what is wrong.  Raises no ERROR (but palloc can run
 * out of memory).
 */
JtNode *
jt_parse(const char *text, int len, char **error)
{
	return jt_parse_ext(text, len, false, error);
}

/*
 * jt_parse, optionally quiet: a syntax error's message then quotes nothing
 * of the text (for text that may hold a secret; a repeated key is named).
 */
JtNode *
jt_parse_ext(const char *text, int len, bool quiet, char **error)
{
	Builder    *b;
	JsonSemAction sem;
	JsonLexContext *lex;
	JsonParseErrorType result;

	*error = NULL;
	if (nesting_depth(text, len) > JT_MAX_DEPTH)
	{
		*error = psprintf("JSON nested deeper than %d levels", JT_MAX_DEPTH);
		return NULL;
	}
	b = palloc0(sizeof(Builder));
	b->quiet = quiet;
	memset(&sem, 0, sizeof(sem));
	sem.semstate = b;
	sem.object_start = object_start;
	sem.object_end = container_end;
	sem.array_start = array_start;
	sem.array_end = container_end;
	sem.object_field_start = field_start;
	sem.scalar = scalar;

	lex = makeJsonLexContextCstringLen(pnstrdup(text, len), len, GetDatabaseEncoding(), true);
	result = pg_parse_json(lex, &sem);
	if (result != JSON_SUCCESS)
	{
		*error = quiet ? psprintf("the text is not valid JSON (not shown: it may hold a key)") :
			json_errdetail(result, lex);
		return NULL;
	}
	if (b->duplicate != NULL)
	{
		StringInfoData msg;

		initStringInfo(&msg);
		appendStringInfoString(&msg, "an object has the key ");
		escape_json(&msg, b->duplicate);
		appendStringInfoString(&msg, " twice");
		*error = msg.data;
		return NULL;
	}
	return b->root;
}

/* The member of an object with this key, or NULL. */
JtNode *
jt_get(const JtNode *object, const char *key)
{
	if (object == NULL || object->type != JT_OBJECT)
		return NULL;
	for (int i = 0; i < object->count; i++)
		if (strcmp(object->keys[i], key) == 0)
			return object->items[i];
	return NULL;
}

/* The member with this key, else the first whose key matches ignoring ASCII case. */
JtNode *
jt_get_anycase(const JtNode *object, const char *key)
{
	JtNode	   *exact = jt_get(object, key);

	if (exact != NULL || object == NULL || object->type != JT_OBJECT)
		return exact;
	for (int i = 0; i < object->count; i++)
		if (pg_strcasecmp(object->keys[i], key) == 0)
			return object->items[i];
	return NULL;
}

const char *
jt_type_name(JtType type)
{
	switch (type)
	{
		case JT_NULL:
			return "null";
		case JT_BOOL:
			return "a boolean";
		case JT_NUMBER:
			return "a number";
		case JT_STRING:
			return "a string";
		case JT_ARRAY:
			return "an array";
		case JT_OBJECT:
			return "an object";
	}
	return "?";
}

/* Append the node as JSON text. */
void
jt_append(StringInfo out, const JtNode *node)
{
	check_stack_depth();
	if (node == NULL)
	{
		appendStringInfoString(out, "null");	/* a member that is not there */
		return;
	}
	switch (node->type)
	{
		case JT_NULL:
			appendStringInfoString(out, "null");
			break;
		case JT_BOOL:
			appendStringInfoString(out, node->boolean ? "true" : "false");
			break;
		case JT_NUMBER:
			appendStringInfoString(out, node->str);
			break;
		case JT_STRING:
			escape_json(out, node->str);
			break;
		case JT_ARRAY:
		case JT_OBJECT:
			appendStringInfoChar(out, node->type == JT_ARRAY ? '[' : '{');
			for (int i = 0; i < node->count; i++)
			{
				if (i > 0)
					appendStringInfoChar(out, ',');
				if (node->type == JT_OBJECT)
				{
					escape_json(out, node->keys[i]);
					appendStringInfoChar(out, ':');
				}
				jt_append(out, node->items[i]);
			}
			appendStringInfoChar(out, node->type == JT_ARRAY ? ']' : '}');
			break;
	}
}

/*
 * Follow a JSON path of the form Hasura accepts for claims_namespace_path
 * and claims_map: "$" then any of ".name", "['name']", "[\"name\"]" and
 * "[index]".  Returns the node it reaches, or NULL (not there).  A path
 * that is not of that form sets *error; with root NULL, only the form is
 * checked.
 */
JtNode *
jt_path(const JtNode *root, const char *path, char **error)
{
	const char *p = path;
	const JtNode *node = root;

	*error = NULL;
	if (*p++ != '$')
	{
		*error = psprintf("a JSON path starts with \"$\"");
		return NULL;
	}
	while (*p != '\0')
	{
		char	   *name = NULL;
		long		index = -1;

		if (*p == '.')
		{
			const char *start = ++p;

			while (*p != '\0' && *p != '.' && *p != '[')
				p++;
			if (p == start)
			{
				*error = psprintf("an empty name in the JSON path \"%s\"", path);
				return NULL;
			}
			name = pnstrdup(start, p - start);
		}
		else if (*p == '[' && (p[1] == '\'' || p[1] == '"'))
		{
			char		quote = p[1];
			const char *start = p + 2;
			const char *end = strchr(start, quote);

			if (end == NULL || end[1] != ']')
			{
				*error = psprintf("an unclosed [%c...%c] in the JSON path \"%s\"", quote, quote, path);
				return NULL;
			}
			name = pnstrdup(start, end - start);
			p = end + 2;
		}
		else if (*p == '[' && p[1] >= '0' && p[1] <= '9')
		{
			char	   *end;

			index = strtol(p + 1, &end, 10);
			if (*end != ']' || index > 1000000)
			{
				*error = psprintf("a bad index in the JSON path \"%s\"", path);
				return NULL;
			}
			p = end + 1;
		}
		else
		{
			*error = psprintf("unexpected \"%c\" in the JSON path \"%s\"", *p, path);
			return NULL;
		}
		if (root == NULL)
			continue;
		if (node == NULL)
			continue;
		if (name != NULL)
			node = jt_get(node, name);
		else
			node = node->type == JT_ARRAY && index < node->count ? node->items[index] : NULL;
	}
	return root == NULL ? NULL : (JtNode *) node;
}

/*
 * The first key of an object that is not one of allowed (a NULL-terminated
 * list), or NULL: for the definitions the extension checks (remote
 * schemas, relationships, actions).
 */
const char *
jt_unknown_key(const JtNode *obj, const char *const *allowed)
{
	for (int i = 0; i < obj->count; i++)
	{
		bool		known = false;

		for (int k = 0; allowed[k] != NULL; k++)
			known |= strcmp(obj->keys[i], allowed[k]) == 0;
		if (!known)
			return obj->keys[i];
	}
	return NULL;
}
