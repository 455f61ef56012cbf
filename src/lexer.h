/*-------------------------------------------------------------------------
 *
 * lexer.h
 *	  Tokens of GraphQL source text (spec section 2.1, October 2021).
 *
 *-------------------------------------------------------------------------
 */
#ifndef GRAPHQL_LEXER_H
#define GRAPHQL_LEXER_H

#include <setjmp.h>

#include "ast.h"

typedef enum GqlTokenKind
{
	TOK_SOF,
	TOK_EOF,
	TOK_BANG,
	TOK_DOLLAR,
	TOK_AMP,
	TOK_PAREN_L,
	TOK_PAREN_R,
	TOK_SPREAD,
	TOK_COLON,
	TOK_EQUALS,
	TOK_AT,
	TOK_BRACKET_L,
	TOK_BRACKET_R,
	TOK_BRACE_L,
	TOK_PIPE,
	TOK_BRACE_R,
	TOK_NAME,
	TOK_INT,
	TOK_FLOAT,
	TOK_STRING,
	TOK_BLOCK_STRING
} GqlTokenKind;

/*
 * One token.  start and end are byte offsets into the source; value is set
 * for names, numbers and strings (strings decoded, NUL-terminated, with len
 * bytes: a decoded string may itself contain U+0000).
 */
typedef struct GqlToken
{
	GqlTokenKind kind;
	int			start;
	int			end;
	GqlLoc		loc;
	char	   *value;
	int			len;
} GqlToken;

/* How a parse failed. */
typedef enum GqlParseErrorKind
{
	GQL_ERR_SYNTAX,				/* the grammar was violated */
	GQL_ERR_NOT_SUPPORTED,		/* valid GraphQL we do not accept (SDL) */
	GQL_ERR_LIMIT,				/* graphql.max_tokens or nesting depth */
	GQL_ERR_ENCODING			/* a string the database's encoding cannot hold */
} GqlParseErrorKind;

typedef struct GqlParseError
{
	GqlParseErrorKind kind;
	char	   *message;		/* graphql-js's wording, with "Syntax Error: " */
	GqlLoc		loc;
} GqlParseError;

typedef struct GqlLexer
{
	const char *src;			/* UTF-8, already validated */
	int			len;
	int			pos;			/* where the next token is scanned from */
	int			line;			/* line of pos */
	int			lineStart;		/* byte offset where that line starts */
	int			colOffset;		/* a byte offset on line "line"... */
	int			colValue;		/* ...and its 1-based column */
	GqlToken	token;			/* the current token */
	GqlToken	ahead;			/* the next one, if hasAhead */
	bool		hasAhead;
	GqlParseError *error;		/* set before jumping to *fail */
	sigjmp_buf *fail;
} GqlLexer;

extern void gql_lexer_init(GqlLexer *lx, const char *src, int len,
						   sigjmp_buf *fail);
extern void gql_lexer_advance(GqlLexer *lx);
extern const GqlToken *gql_lexer_lookahead(GqlLexer *lx);
extern const char *gql_token_kind_name(GqlTokenKind kind);
extern char *gql_token_description(const GqlToken *tok);
extern GqlLoc gql_location_of(const char *src, int len, int offset);
extern int	gql_invalid_utf8_offset(const char *src, int len);
extern void gql_fail(GqlLexer *lx, GqlParseErrorKind kind, int offset,
					 const char *fmt,...) pg_attribute_printf(4, 5)
			pg_attribute_noreturn();

#endif							/* GRAPHQL_LEXER_H */
