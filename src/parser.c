/*-------------------------------------------------------------------------
 *
 * parser.c
 *	  Parses an executable GraphQL document (spec section 2, October 2021)
 *	  into the syntax tree of ast.h.
 *
 * In:  source text (any server encoding; converted to UTF-8 here).
 * Out: a GqlDocument, or NULL and a GqlParseError.
 *
 * One parse_x function per grammar rule, the rule quoted above it, in the
 * manner of graphql-js's parser; the error messages and positions are
 * graphql-js's, so that a document fails here exactly where it fails there.
 * Type-system definitions (SDL) are recognised and refused with
 * GQL_ERR_NOT_SUPPORTED: this extension executes requests, it does not
 * take schemas.
 *
 * Promises:
 *	- Bad input never crashes or hangs: every token passes through advance(),
 *	  which counts it against graphql.max_tokens and checks for interrupts;
 *	  every recursive rule counts its nesting and fails cleanly past
 *	  GQL_MAX_NESTING levels, so no later stage recurses deeper either.
 *	- All memory is palloc'd in the caller's current context.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "catalog/namespace.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"
#include "utils/guc.h"

#include "parser.h"
#include "settings.h"


/*
 * The deepest nesting of selection sets, list and object values and list
 * types a document may have.  Far beyond any real query, it bounds the
 * recursion of every later stage, which walk the tree the parser built.
 */
#define GQL_MAX_NESTING 1000

typedef struct Parser
{
	GqlLexer	lx;
	int			tokenCount;
	int			valueCount;		/* input values parsed (graphql.max_input_size) */
	int			depth;			/* current nesting, for GQL_MAX_NESTING */
} Parser;

static GqlSelectionSet *parse_selection_set(Parser *p);
static GqlValue *parse_value_literal(Parser *p, bool isConst);
static GqlType *parse_type_reference(Parser *p);
static List *parse_directives(Parser *p, bool isConst);

/*
 * The conversion from UTF-8 to the database's encoding, or InvalidOid when
 * strings stay UTF-8 (a UTF8 or SQL_ASCII database).
 */
static Oid
utf8_to_server_proc(void)
{
	static Oid	proc = InvalidOid;
	static int	procEncoding = -1;
	int			encoding = GetDatabaseEncoding();

	if (encoding == PG_UTF8 || encoding == PG_SQL_ASCII)
		return InvalidOid;
	if (procEncoding != encoding)
	{
		proc = FindDefaultConversionProc(PG_UTF8, encoding);
		procEncoding = encoding;
	}
	return proc;
}

/*
 * Convert UTF-8 text to the database's encoding; NULL if a character has
 * no equivalent there.  The result is NUL-terminated, its length in *outLen.
 */
static char *
utf8_to_server(const char *s, int len, int *outLen)
{
	Oid			proc = utf8_to_server_proc();
	int			max = len * MAX_CONVERSION_GROWTH + 1;
	unsigned char *out;
	int			done;

	if (!OidIsValid(proc))
		return NULL;
	out = palloc(max);
	done = pg_do_encoding_conversion_buf(proc, PG_UTF8, GetDatabaseEncoding(),
										 (unsigned char *) s, len, out, max, true);
	if (done != len)
		return NULL;
	*outLen = strlen((char *) out);
	return (char *) out;
}

/*
 * UTF-8 text in the database's encoding, NUL-terminated (a copy of it in a
 * UTF8 or SQL_ASCII database); NULL if a character has no equivalent there.
 */
char *
gql_utf8_to_server(const char *s, int len)
{
	int			outLen;

	if (!OidIsValid(utf8_to_server_proc()))
		return pnstrdup(s, len);
	return utf8_to_server(s, len, &outLen);
}

/*
 * A string token's value in the database's encoding.  A value holding
 * U+0000 is left as it is (values.c refuses it with its own message); a
 * character the encoding cannot hold (from a \u escape) is an error.
 */
static void
string_to_server(Parser *p, const GqlToken *tok, GqlValue *v)
{
	char	   *converted;
	int			len;

	v->str = tok->value;
	v->len = tok->len;
	if (!OidIsValid(utf8_to_server_proc()) || memchr(tok->value, '\0', tok->len) != NULL)
		return;
	converted = utf8_to_server(tok->value, tok->len, &len);
	if (converted == NULL)
		gql_fail(&p->lx, GQL_ERR_ENCODING, tok->start,
				 "string value contains a character that the database's encoding %s cannot hold",
				 GetDatabaseEncodingName());
	v->str = converted;
	v->len = len;
}

/*
 * A parse error's message (which may quote the UTF-8 source) in the
 * database's encoding; characters it cannot hold become "?".
 */
static char *
message_to_server(char *message)
{
	int			len;
	char	   *converted = utf8_to_server(message, strlen(message), &len);

	if (converted != NULL)
		return converted;
	for (char *c = message; *c; c++)
		if ((unsigned char) *c >= 0x80)
			*c = '?';
	return message;
}

/* The current token. */
#define CUR(p)	(&(p)->lx.token)

/* Make the next token current, counting it against graphql.max_tokens. */
static void
advance(Parser *p)
{
	CHECK_FOR_INTERRUPTS();
	gql_lexer_advance(&p->lx);
	if (CUR(p)->kind != TOK_EOF && ++p->tokenCount > gql_limits.maxTokens)
		gql_fail(&p->lx, GQL_ERR_LIMIT, CUR(p)->start,
				 "Document contains more than %d tokens (graphql.max_tokens). Parsing aborted.",
				 gql_limits.maxTokens);
}

/*
 * Enter one more level of nesting, or fail if that is too deep (the stack
 * check is a backstop for builds with unusually large frames).
 */
static void
enter_nesting(Parser *p)
{
	if (++p->depth > GQL_MAX_NESTING || stack_is_too_deep())
		gql_fail(&p->lx, GQL_ERR_LIMIT, CUR(p)->start,
				 "Document is nested too deeply (more than %d levels).",
				 GQL_MAX_NESTING);
}

static inline void
leave_nesting(Parser *p)
{
	p->depth--;
}

/* Fail with graphql-js's "Unexpected <token>." at tok. */
static void
pg_attribute_noreturn()
unexpected(Parser *p, const GqlToken *tok)
{
	gql_fail(&p->lx, GQL_ERR_SYNTAX, tok->start, "Unexpected %s.",
			 gql_token_description(tok));
}

static inline bool
peek(Parser *p, GqlTokenKind kind)
{
	return CUR(p)->kind == kind;
}

/* Consume a token of the given kind, or fail; return the consumed token. */
static GqlToken
expect_token(Parser *p, GqlTokenKind kind)
{
	GqlToken	tok = *CUR(p);
	bool		punct = kind >= TOK_BANG && kind <= TOK_BRACE_R;

	if (tok.kind != kind)
		gql_fail(&p->lx, GQL_ERR_SYNTAX, tok.start, "Expected %s%s%s, found %s.",
				 punct ? "\"" : "", gql_token_kind_name(kind), punct ? "\"" : "",
				 gql_token_description(&tok));
	advance(p);
	return tok;
}

/* Consume a token of the given kind if it is next; say whether it was. */
static bool
expect_optional_token(Parser *p, GqlTokenKind kind)
{
	if (CUR(p)->kind != kind)
		return false;
	advance(p);
	return true;
}

static inline bool
is_keyword(const GqlToken *tok, const char *word)
{
	return tok->kind == TOK_NAME && strcmp(tok->value, word) == 0;
}

/* Consume the Name token "word", or fail. */
static void
expect_keyword(Parser *p, const char *word)
{
	if (!is_keyword(CUR(p), word))
		gql_fail(&p->lx, GQL_ERR_SYNTAX, CUR(p)->start, "Expected \"%s\", found %s.",
				 word, gql_token_description(CUR(p)));
	advance(p);
}

/* Consume the Name token "word" if it is next; say whether it was. */
static bool
expect_optional_keyword(Parser *p, const char *word)
{
	if (!is_keyword(CUR(p), word))
		return false;
	advance(p);
	return true;
}

/* Allocate a node of the given kind located at the current token. */
static void *
new_node(Parser *p, size_t size, GqlKind kind)
{
	GqlNode    *n = palloc0(size);

	n->kind = kind;
	n->loc = CUR(p)->loc;
	return n;
}

#define NEW(p, type, kind)	((type *) new_node(p, sizeof(type), kind))

/* Name :: NameStart NameContinue* */
static GqlName
parse_name(Parser *p)
{
	GqlToken	tok = expect_token(p, TOK_NAME);
	GqlName		name;

	name.value = tok.value;
	name.loc = tok.loc;
	return name;
}

/* Name, allocated, for the optional names (alias, operation name). */
static GqlName *
parse_name_ptr(Parser *p)
{
	GqlName    *name = palloc(sizeof(GqlName));

	*name = parse_name(p);
	return name;
}

/* Variable : $ Name */
static GqlValue *
parse_variable(Parser *p)
{
	GqlValue   *v = NEW(p, GqlValue, GQL_VARIABLE);
	GqlName		name;

	expect_token(p, TOK_DOLLAR);
	name = parse_name(p);
	v->str = name.value;
	v->len = strlen(name.value);
	return v;
}

/*
 * ListValue[Const] : [ ] | [ Value[?Const]+ ]
 */
static GqlValue *
parse_list(Parser *p, bool isConst)
{
	GqlValue   *v = NEW(p, GqlValue, GQL_LIST_VALUE);

	enter_nesting(p);
	expect_token(p, TOK_BRACKET_L);
	while (!expect_optional_token(p, TOK_BRACKET_R))
		v->items = lappend(v->items, parse_value_literal(p, isConst));
	leave_nesting(p);
	return v;
}

/*
 * ObjectValue[Const] : { } | { ObjectField[?Const]+ }
 * ObjectField[Const] : Name : Value[?Const]
 */
static GqlValue *
parse_object(Parser *p, bool isConst)
{
	GqlValue   *v = NEW(p, GqlValue, GQL_OBJECT_VALUE);

	enter_nesting(p);
	expect_token(p, TOK_BRACE_L);
	while (!expect_optional_token(p, TOK_BRACE_R))
	{
		GqlArgument *f = NEW(p, GqlArgument, GQL_OBJECT_FIELD);

		f->name = parse_name(p);
		expect_token(p, TOK_COLON);
		f->value = parse_value_literal(p, isConst);
		v->items = lappend(v->items, f);
	}
	leave_nesting(p);
	return v;
}

/*
 * Value[Const] :
 *	 [~Const] Variable | IntValue | FloatValue | StringValue | BooleanValue |
 *	 NullValue | EnumValue | ListValue[?Const] | ObjectValue[?Const]
 *
 * BooleanValue : one of true false
 * NullValue : null
 * EnumValue : Name but not true, false or null
 */
static GqlValue *
parse_value_literal(Parser *p, bool isConst)
{
	GqlToken	tok = *CUR(p);
	GqlValue   *v;

	p->valueCount++;
	switch (tok.kind)
	{
		case TOK_BRACKET_L:
			return parse_list(p, isConst);
		case TOK_BRACE_L:
			return parse_object(p, isConst);
		case TOK_INT:
		case TOK_FLOAT:
			v = NEW(p, GqlValue, tok.kind == TOK_INT ? GQL_INT_VALUE : GQL_FLOAT_VALUE);
			v->str = tok.value;
			v->len = tok.len;
			advance(p);
			return v;
		case TOK_STRING:
		case TOK_BLOCK_STRING:
			v = NEW(p, GqlValue, GQL_STRING_VALUE);
			string_to_server(p, &tok, v);
			v->block = (tok.kind == TOK_BLOCK_STRING);
			advance(p);
			return v;
		case TOK_NAME:
			if (strcmp(tok.value, "true") == 0 || strcmp(tok.value, "false") == 0)
			{
				v = NEW(p, GqlValue, GQL_BOOLEAN_VALUE);
				v->boolean = (tok.value[0] == 't');
			}
			else if (strcmp(tok.value, "null") == 0)
				v = NEW(p, GqlValue, GQL_NULL_VALUE);
			else
			{
				v = NEW(p, GqlValue, GQL_ENUM_VALUE);
				v->str = tok.value;
				v->len = tok.len;
			}
			advance(p);
			return v;
		case TOK_DOLLAR:
			if (isConst)
			{
				advance(p);
				if (CUR(p)->kind == TOK_NAME)
					gql_fail(&p->lx, GQL_ERR_SYNTAX, tok.start,
							 "Unexpected variable \"$%s\" in constant value.",
							 CUR(p)->value);
				unexpected(p, &tok);
			}
			return parse_variable(p);
		default:
			unexpected(p, &tok);
	}
}

/*
 * Arguments[Const] : ( Argument[?Const]+ )
 * Argument[Const] : Name : Value[?Const]
 */
static List *
parse_arguments(Parser *p, bool isConst)
{
	List	   *args = NIL;

	if (!expect_optional_token(p, TOK_PAREN_L))
		return NIL;
	do
	{
		GqlArgument *a = NEW(p, GqlArgument, GQL_ARGUMENT);

		a->name = parse_name(p);
		expect_token(p, TOK_COLON);
		a->value = parse_value_literal(p, isConst);
		args = lappend(args, a);
	} while (!expect_optional_token(p, TOK_PAREN_R));
	return args;
}

/*
 * Directives[Const] : Directive[?Const]+
 * Directive[Const] : @ Name Arguments[?Const]?
 */
static List *
parse_directives(Parser *p, bool isConst)
{
	List	   *dirs = NIL;

	while (peek(p, TOK_AT))
	{
		GqlDirective *d = NEW(p, GqlDirective, GQL_DIRECTIVE);

		expect_token(p, TOK_AT);
		d->name = parse_name(p);
		d->arguments = parse_arguments(p, isConst);
		dirs = lappend(dirs, d);
	}
	return dirs;
}

/* NamedType : Name */
static GqlType *
parse_named_type(Parser *p)
{
	GqlType    *t = NEW(p, GqlType, GQL_NAMED_TYPE);

	t->name = parse_name(p);
	return t;
}

/*
 * Type : NamedType | ListType | NonNullType
 * ListType : [ Type ]
 * NonNullType : NamedType ! | ListType !
 */
static GqlType *
parse_type_reference(Parser *p)
{
	GqlLoc		start = CUR(p)->loc;
	GqlType    *t;

	if (peek(p, TOK_BRACKET_L))
	{
		t = NEW(p, GqlType, GQL_LIST_TYPE);
		enter_nesting(p);
		advance(p);
		t->inner = parse_type_reference(p);
		expect_token(p, TOK_BRACKET_R);
		leave_nesting(p);
	}
	else
		t = parse_named_type(p);

	if (expect_optional_token(p, TOK_BANG))
	{
		GqlType    *nn = palloc0(sizeof(GqlType));

		nn->n.kind = GQL_NON_NULL_TYPE;
		nn->n.loc = start;
		nn->inner = t;
		return nn;
	}
	return t;
}

/* FragmentName : Name but not on */
static GqlName
parse_fragment_name(Parser *p)
{
	if (is_keyword(CUR(p), "on"))
		unexpected(p, CUR(p));
	return parse_name(p);
}

/*
 * FragmentSpread : ... FragmentName Directives?
 * InlineFragment : ... TypeCondition? Directives? SelectionSet
 * TypeCondition : on NamedType
 */
static void *
parse_fragment(Parser *p)
{
	GqlLoc		start = CUR(p)->loc;
	bool		hasTypeCondition;
	GqlInlineFragment *f;

	expect_token(p, TOK_SPREAD);
	hasTypeCondition = expect_optional_keyword(p, "on");
	if (!hasTypeCondition && peek(p, TOK_NAME))
	{
		GqlFragmentSpread *s = NEW(p, GqlFragmentSpread, GQL_FRAGMENT_SPREAD);

		s->n.loc = start;
		s->name = parse_fragment_name(p);
		s->directives = parse_directives(p, false);
		return s;
	}
	f = NEW(p, GqlInlineFragment, GQL_INLINE_FRAGMENT);
	f->n.loc = start;
	if (hasTypeCondition)
		f->typeCondition = parse_named_type(p);
	f->directives = parse_directives(p, false);
	f->selectionSet = parse_selection_set(p);
	return f;
}

/*
 * Field : Alias? Name Arguments? Directives? SelectionSet?
 * Alias : Name :
 */
static GqlField *
parse_field(Parser *p)
{
	GqlField   *f = NEW(p, GqlField, GQL_FIELD);
	GqlName    *nameOrAlias = parse_name_ptr(p);

	if (expect_optional_token(p, TOK_COLON))
	{
		f->alias = nameOrAlias;
		f->name = parse_name(p);
	}
	else
		f->name = *nameOrAlias;
	f->arguments = parse_arguments(p, false);
	f->directives = parse_directives(p, false);
	if (peek(p, TOK_BRACE_L))
		f->selectionSet = parse_selection_set(p);
	return f;
}

/*
 * SelectionSet : { Selection+ }
 * Selection : Field | FragmentSpread | InlineFragment
 */
static GqlSelectionSet *
parse_selection_set(Parser *p)
{
	GqlSelectionSet *ss = NEW(p, GqlSelectionSet, GQL_SELECTION_SET);

	enter_nesting(p);
	expect_token(p, TOK_BRACE_L);
	do
	{
		if (peek(p, TOK_SPREAD))
			ss->selections = lappend(ss->selections, parse_fragment(p));
		else
			ss->selections = lappend(ss->selections, parse_field(p));
	} while (!expect_optional_token(p, TOK_BRACE_R));
	leave_nesting(p);
	return ss;
}

/*
 * VariableDefinitions : ( VariableDefinition+ )
 * VariableDefinition : Variable : Type DefaultValue? Directives[Const]?
 * DefaultValue : = Value[Const]
 */
static List *
parse_variable_definitions(Parser *p)
{
	List	   *defs = NIL;

	if (!expect_optional_token(p, TOK_PAREN_L))
		return NIL;
	do
	{
		GqlVariableDefinition *d = NEW(p, GqlVariableDefinition, GQL_VARIABLE_DEFINITION);

		d->variable = parse_variable(p);
		expect_token(p, TOK_COLON);
		d->type = parse_type_reference(p);
		if (expect_optional_token(p, TOK_EQUALS))
			d->defaultValue = parse_value_literal(p, true);
		d->directives = parse_directives(p, true);
		defs = lappend(defs, d);
	} while (!expect_optional_token(p, TOK_PAREN_R));
	return defs;
}

/*
 * OperationDefinition :
 *	 SelectionSet
 *	 OperationType Name? VariableDefinitions? Directives? SelectionSet
 * OperationType : one of query mutation subscription
 */
static GqlOperation *
parse_operation_definition(Parser *p)
{
	GqlOperation *op = NEW(p, GqlOperation, GQL_OPERATION_DEFINITION);
	GqlToken	tok;

	op->operation = GQL_OP_QUERY;
	if (peek(p, TOK_BRACE_L))
	{
		op->selectionSet = parse_selection_set(p);
		return op;
	}
	tok = expect_token(p, TOK_NAME);
	if (strcmp(tok.value, "query") == 0)
		op->operation = GQL_OP_QUERY;
	else if (strcmp(tok.value, "mutation") == 0)
		op->operation = GQL_OP_MUTATION;
	else if (strcmp(tok.value, "subscription") == 0)
		op->operation = GQL_OP_SUBSCRIPTION;
	else
		unexpected(p, &tok);
	if (peek(p, TOK_NAME))
		op->name = parse_name_ptr(p);
	op->variableDefinitions = parse_variable_definitions(p);
	op->directives = parse_directives(p, false);
	op->selectionSet = parse_selection_set(p);
	return op;
}

/*
 * FragmentDefinition : fragment FragmentName TypeCondition Directives? SelectionSet
 */
static GqlFragmentDefinition *
parse_fragment_definition(Parser *p)
{
	GqlFragmentDefinition *f = NEW(p, GqlFragmentDefinition, GQL_FRAGMENT_DEFINITION);

	expect_keyword(p, "fragment");
	f->name = parse_fragment_name(p);
	expect_keyword(p, "on");
	f->typeCondition = parse_named_type(p);
	f->directives = parse_directives(p, false);
	f->selectionSet = parse_selection_set(p);
	return f;
}

/* Whether a name starts a type-system definition. */
static bool
is_type_system_keyword(const char *word, bool inExtension)
{
	static const char *const words[] = {
		"schema", "scalar", "type", "interface", "union", "enum", "input", "directive"
	};

	/* "extend directive" does not exist */
	for (int i = 0; i < (int) lengthof(words) - (inExtension ? 1 : 0); i++)
		if (strcmp(word, words[i]) == 0)
			return true;
	return false;
}

/* Refuse a type-system definition that starts at the current token. */
static void
pg_attribute_noreturn()
not_supported(Parser *p, const char *keyword)
{
	gql_fail(&p->lx, GQL_ERR_NOT_SUPPORTED, CUR(p)->start,
			 "Type system definitions are not supported (found \"%s\"); a document may contain only operations and fragments.",
			 keyword);
}

/*
 * Definition : ExecutableDefinition | TypeSystemDefinition | TypeSystemExtension
 * ExecutableDefinition : OperationDefinition | FragmentDefinition
 *
 * Type-system definitions may start with a description (a string), so a
 * string needs one token of lookahead; the errors follow graphql-js.
 */
static void *
parse_definition(Parser *p)
{
	bool		hasDescription;
	const GqlToken *keyword;

	if (peek(p, TOK_BRACE_L))
		return parse_operation_definition(p);

	hasDescription = peek(p, TOK_STRING) || peek(p, TOK_BLOCK_STRING);
	keyword = hasDescription ? gql_lexer_lookahead(&p->lx) : CUR(p);
	if (keyword->kind == TOK_NAME)
	{
		if (is_type_system_keyword(keyword->value, false))
			not_supported(p, keyword->value);
		if (hasDescription)
			gql_fail(&p->lx, GQL_ERR_SYNTAX, CUR(p)->start,
					 "Unexpected description, descriptions are supported only on type definitions.");
		if (strcmp(keyword->value, "query") == 0 ||
			strcmp(keyword->value, "mutation") == 0 ||
			strcmp(keyword->value, "subscription") == 0)
			return parse_operation_definition(p);
		if (strcmp(keyword->value, "fragment") == 0)
			return parse_fragment_definition(p);
		if (strcmp(keyword->value, "extend") == 0)
		{
			const GqlToken *next = gql_lexer_lookahead(&p->lx);

			if (next->kind == TOK_NAME && is_type_system_keyword(next->value, true))
				not_supported(p, "extend");
			unexpected(p, next);
		}
	}
	unexpected(p, keyword);
}

/* Document : Definition+ */
static GqlDocument *
parse_document(Parser *p)
{
	GqlDocument *doc = NEW(p, GqlDocument, GQL_DOCUMENT);

	expect_token(p, TOK_SOF);
	do
	{
		doc->definitions = lappend(doc->definitions, parse_definition(p));
	} while (!expect_optional_token(p, TOK_EOF));
	doc->tokenCount = p->tokenCount;
	doc->valueCount = p->valueCount;
	return doc;
}

/*
 * Run the parser over the lexer's source, with the jump target for errors
 * set up.  Return the document, or NULL with *error set.
 */
static GqlDocument *
run_parser(Parser *p, GqlParseError **error)
{
	sigjmp_buf	fail;
	int			bad;

	p->lx.fail = &fail;
	if (sigsetjmp(fail, 0) != 0)
	{
		*error = p->lx.error;
		return NULL;
	}
	bad = gql_invalid_utf8_offset(p->lx.src, p->lx.len);
	if (bad >= 0)
		gql_fail(&p->lx, GQL_ERR_SYNTAX, bad,
				 "Invalid UTF-8 byte sequence starting with 0x%02X.",
				 (unsigned char) p->lx.src[bad]);
	return parse_document(p);
}

/*
 * Parse src[0, len) in the server encoding.  Return the document, or NULL
 * with *error set.  Everything is allocated in the current memory context.
 *
 * The lexer reads UTF-8: in another server encoding the text is converted
 * first, and string values are converted back (string_to_server), so that
 * the document's strings reach SQL in the database's encoding.  SQL_ASCII
 * takes the bytes as they are (the lexer checks they are UTF-8).
 */
GqlDocument *
gql_parse(const char *src, int len, GqlParseError **error)
{
	Parser	   *p = palloc0(sizeof(Parser));
	GqlDocument *doc;

	*error = NULL;
	if (GetDatabaseEncoding() != PG_UTF8 && GetDatabaseEncoding() != PG_SQL_ASCII)
	{
		/* the datum is not NUL-terminated: only a converted copy is */
		const char *utf8 = (const char *) pg_server_to_any(src, len, PG_UTF8);

		if (utf8 != src)
		{
			src = utf8;
			len = strlen(utf8);
		}
	}
	gql_lexer_init(&p->lx, src, len, NULL);
	doc = run_parser(p, error);
	if (doc == NULL && GetDatabaseEncoding() != PG_UTF8 && GetDatabaseEncoding() != PG_SQL_ASCII)
		(*error)->message = message_to_server((*error)->message);
	return doc;
}
