/*-------------------------------------------------------------------------
 *
 * lexer.c
 *	  Turns GraphQL source text into tokens (spec section 2.1).
 *
 * In:  UTF-8 text that gql_invalid_utf8_offset() has accepted.
 * Out: one token at a time, with its line and column; names, numbers and
 *		strings carry their value, strings fully decoded (escapes, block
 *		string indentation).
 *
 * Promises:
 *	- The error messages and their positions are graphql-js's, so clients see
 *	  the same "Syntax Error: ..." text from us as from the reference
 *	  implementation.  Columns count Unicode code points (graphql-js counts
 *	  UTF-16 code units; the two differ only after characters beyond U+FFFF).
 *	- Unicode escapes are encoded as UTF-8, surrogate pairs combined; a lone
 *	  surrogate is an error.
 *	- Errors do not return: gql_fail() records the error and jumps to the
 *	  parser's sigsetjmp point.  Nothing here acquires resources other than
 *	  memory in the current context, so the jump is safe.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <limits.h>

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"

#include "error.h"
#include "lexer.h"

/*
 * Check for a cancel now and then in a loop over input bytes (every 64 kB:
 * a single token or comment may be megabytes long).  An ERROR leaves the
 * parser's jump target behind, which is safe: it holds nothing but memory.
 */
#define CHECK_INPUT_INTERRUPTS(i) \
	do { if (((i) & 0xFFFF) < 4) CHECK_FOR_INTERRUPTS(); } while (0)

static void lex_token(GqlLexer *lx, GqlToken *tok);

/* Whether c may start a Name: [_A-Za-z]. */
static inline bool
is_name_start(int c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

/* Whether c may continue a Name: [_0-9A-Za-z]. */
static inline bool
is_name_continue(int c)
{
	return is_name_start(c) || (c >= '0' && c <= '9');
}

static inline bool
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* The value of a hexadecimal digit, or -1. */
static inline int
hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Whether cp is a Unicode scalar value (a code point but not a surrogate). */
static inline bool
is_scalar_value(int32 cp)
{
	return (cp >= 0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0x10FFFF);
}

/* The byte at offset i, or -1 past the end (JavaScript's NaN). */
static inline int
byte_at(const GqlLexer *lx, int i)
{
	return i < lx->len ? (unsigned char) lx->src[i] : -1;
}

/* Count the code points in src[from, to). */
static int
count_code_points(const char *src, int from, int to)
{
	int			n = 0;

	for (int i = from; i < to; i++)
		if (((unsigned char) src[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * Return the byte offset of the first invalid UTF-8 sequence, or -1.
 * Overlong forms, surrogates and code points above U+10FFFF are invalid.
 */
int
gql_invalid_utf8_offset(const char *src, int len)
{
	int			i = 0;

	while (i < len)
	{
		unsigned char c = (unsigned char) src[i];
		int			n;

		CHECK_INPUT_INTERRUPTS(i);

		if (c < 0x80)
		{
			if (c == 0)
				return i;
			i++;
			continue;
		}
		n = pg_utf_mblen((const unsigned char *) src + i);
		if (i + n > len || !pg_utf8_islegal((const unsigned char *) src + i, n))
			return i;
		i += n;
	}
	return -1;
}

/*
 * Compute the line and column of a byte offset the way graphql-js's
 * getLocation() does: "\r\n", "\r" and "\n" each end a line.
 */
GqlLoc
gql_location_of(const char *src, int len, int offset)
{
	GqlLoc		loc;
	int			lineStart = 0;

	loc.line = 1;
	for (int i = 0; i < offset && i < len; i++)
	{
		if (src[i] == '\n')
		{
			loc.line++;
			lineStart = i + 1;
		}
		else if (src[i] == '\r')
		{
			loc.line++;
			if (i + 1 < len && src[i + 1] == '\n')
				i++;
			lineStart = i + 1;
		}
	}
	loc.column = (offset >= lineStart ? count_code_points(src, lineStart, offset) : 0) + 1;
	return loc;
}

/*
 * Record a parse error at a byte offset and jump back to the parser.
 * Syntax errors get graphql-js's "Syntax Error: " prefix.
 */
void
gql_fail(GqlLexer *lx, GqlParseErrorKind kind, int offset, const char *fmt,...)
{
	GqlParseError *err = palloc0(sizeof(GqlParseError));
	va_list		args;
	char	   *message;

	va_start(args, fmt);
	message = gql_vformat(fmt, args);
	va_end(args);
	err->kind = kind;
	err->message = kind == GQL_ERR_SYNTAX ? psprintf("Syntax Error: %s", message) : message;
	err->loc = gql_location_of(lx->src, lx->len, offset);
	lx->error = err;
	siglongjmp(*lx->fail, 1);
}

/* Describe the character at offset as graphql-js's printCodePointAt does. */
static const char *
describe_char_at(const GqlLexer *lx, int offset)
{
	const unsigned char *p = (const unsigned char *) lx->src + offset;
	pg_wchar	cp;

	if (offset >= lx->len)
		return "<EOF>";
	cp = utf8_to_unicode(p);
	if (cp >= 0x20 && cp <= 0x7E)
		return cp == '"' ? "'\"'" : psprintf("\"%c\"", (char) cp);
	return psprintf("U+%04X", (unsigned int) cp);
}

/*
 * Copy the source from offset on, covering "units" UTF-16 code units (as
 * graphql-js's body.slice(offset, offset + units) would), for messages that
 * quote a bad escape sequence.
 */
static char *
slice_units(const GqlLexer *lx, int offset, int units)
{
	int			end = offset;

	while (units > 0 && end < lx->len)
	{
		unsigned char c = (unsigned char) lx->src[end];

		if (c < 0x80)
		{
			end++;
			units--;
		}
		else
		{
			int			n = pg_utf_mblen(&c);

			units -= (n == 4) ? 2 : 1;
			end += n;
		}
	}
	return pnstrdup(lx->src + offset, end - offset);
}

/* The 1-based column of byte offset "start" on the lexer's current line. */
static int
column_of(GqlLexer *lx, int start)
{
	if (lx->colOffset < lx->lineStart || lx->colOffset > start)
	{
		lx->colOffset = lx->lineStart;
		lx->colValue = 1;
	}
	lx->colValue += count_code_points(lx->src, lx->colOffset, start);
	lx->colOffset = start;
	return lx->colValue;
}

/* Prepare to lex src; the current token is <SOF>. */
void
gql_lexer_init(GqlLexer *lx, const char *src, int len, sigjmp_buf *fail)
{
	memset(lx, 0, sizeof(GqlLexer));
	lx->src = src;
	lx->len = len;
	lx->line = 1;
	lx->colValue = 1;
	lx->fail = fail;
	lx->token.kind = TOK_SOF;
	lx->token.loc.line = 1;
	lx->token.loc.column = 1;
}

/* Make the next token current. */
void
gql_lexer_advance(GqlLexer *lx)
{
	if (lx->hasAhead)
	{
		lx->token = lx->ahead;
		lx->hasAhead = false;
	}
	else
		lex_token(lx, &lx->token);
}

/* Peek at the token after the current one without consuming anything. */
const GqlToken *
gql_lexer_lookahead(GqlLexer *lx)
{
	if (!lx->hasAhead)
	{
		if (lx->token.kind == TOK_EOF)
			return &lx->token;
		lex_token(lx, &lx->ahead);
		lx->hasAhead = true;
	}
	return &lx->ahead;
}

/* graphql-js's name of a token kind ("Name", "<EOF>", "{", ...). */
const char *
gql_token_kind_name(GqlTokenKind kind)
{
	switch (kind)
	{
		case TOK_SOF:
			return "<SOF>";
		case TOK_EOF:
			return "<EOF>";
		case TOK_BANG:
			return "!";
		case TOK_DOLLAR:
			return "$";
		case TOK_AMP:
			return "&";
		case TOK_PAREN_L:
			return "(";
		case TOK_PAREN_R:
			return ")";
		case TOK_SPREAD:
			return "...";
		case TOK_COLON:
			return ":";
		case TOK_EQUALS:
			return "=";
		case TOK_AT:
			return "@";
		case TOK_BRACKET_L:
			return "[";
		case TOK_BRACKET_R:
			return "]";
		case TOK_BRACE_L:
			return "{";
		case TOK_PIPE:
			return "|";
		case TOK_BRACE_R:
			return "}";
		case TOK_NAME:
			return "Name";
		case TOK_INT:
			return "Int";
		case TOK_FLOAT:
			return "Float";
		case TOK_STRING:
			return "String";
		case TOK_BLOCK_STRING:
			return "BlockString";
	}
	return "?";
}

/*
 * Describe a token for a message: punctuators quoted, then the value if the
 * token has one (Name "x", Int "1", "{", <EOF>).
 */
char *
gql_token_description(const GqlToken *tok)
{
	const char *kind = gql_token_kind_name(tok->kind);
	bool		punct = tok->kind >= TOK_BANG && tok->kind <= TOK_BRACE_R;
	char	   *desc = punct ? psprintf("\"%s\"", kind) : pstrdup(kind);

	if (tok->value != NULL)
		desc = psprintf("%s \"%s\"", desc, tok->value);
	return desc;
}

/* Fill tok with a value-less token of the given kind. */
static void
make_token(GqlLexer *lx, GqlToken *tok, GqlTokenKind kind, int start, int end)
{
	tok->kind = kind;
	tok->start = start;
	tok->end = end;
	tok->loc.line = lx->line;
	tok->loc.column = column_of(lx, start);
	tok->value = NULL;
	tok->len = 0;
	lx->pos = end;
}

/*
 * Digit+ starting at offset start; return the offset after them.
 * "Invalid number, expected digit but got: X." when there is none.
 */
static int
read_digits(GqlLexer *lx, int start)
{
	int			i = start;

	if (!is_digit(byte_at(lx, i)))
		gql_fail(lx, GQL_ERR_SYNTAX, i,
				 "Invalid number, expected digit but got: %s.",
				 describe_char_at(lx, i));
	while (is_digit(byte_at(lx, i)))
		i++;
	return i;
}

/*
 * IntValue :: IntegerPart
 * FloatValue :: IntegerPart FractionalPart? ExponentPart?
 * IntegerPart :: NegativeSign? 0 | NegativeSign? NonZeroDigit Digit*
 */
static void
read_number(GqlLexer *lx, GqlToken *tok, int start)
{
	int			i = start;
	int			c = byte_at(lx, i);
	bool		isFloat = false;

	if (c == '-')
		c = byte_at(lx, ++i);
	if (c == '0')
	{
		c = byte_at(lx, ++i);
		if (is_digit(c))
			gql_fail(lx, GQL_ERR_SYNTAX, i,
					 "Invalid number, unexpected digit after 0: %s.",
					 describe_char_at(lx, i));
	}
	else
	{
		i = read_digits(lx, i);
		c = byte_at(lx, i);
	}
	if (c == '.')
	{
		isFloat = true;
		i = read_digits(lx, i + 1);
		c = byte_at(lx, i);
	}
	if (c == 'E' || c == 'e')
	{
		isFloat = true;
		c = byte_at(lx, ++i);
		if (c == '+' || c == '-')
			i++;
		i = read_digits(lx, i);
		c = byte_at(lx, i);
	}
	/* A number may not be followed by "." or a NameStart. */
	if (c == '.' || is_name_start(c))
		gql_fail(lx, GQL_ERR_SYNTAX, i,
				 "Invalid number, expected digit but got: %s.",
				 describe_char_at(lx, i));

	make_token(lx, tok, isFloat ? TOK_FLOAT : TOK_INT, start, i);
	tok->value = pnstrdup(lx->src + start, i - start);
	tok->len = i - start;
}

/* Name :: NameStart NameContinue* */
static void
read_name(GqlLexer *lx, GqlToken *tok, int start)
{
	int			i = start + 1;

	while (is_name_continue(byte_at(lx, i)))
		i++;
	make_token(lx, tok, TOK_NAME, start, i);
	tok->value = pnstrdup(lx->src + start, i - start);
	tok->len = i - start;
}

/* Append code point cp to buf as UTF-8. */
static void
append_code_point(StringInfo buf, pg_wchar cp)
{
	unsigned char utf8[8];

	unicode_to_utf8(cp, utf8);
	appendBinaryStringInfo(buf, (char *) utf8, pg_utf_mblen(utf8));
}

/*
 * The 16-bit value of four hex digits at offset i, or a negative number if
 * any of them is not a hex digit.
 */
static int32
read_hex4(const GqlLexer *lx, int i)
{
	int			a = hex_value(byte_at(lx, i));
	int			b = hex_value(byte_at(lx, i + 1));
	int			c = hex_value(byte_at(lx, i + 2));
	int			d = hex_value(byte_at(lx, i + 3));

	if (a < 0 || b < 0 || c < 0 || d < 0)
		return -1;
	return (a << 12) | (b << 8) | (c << 4) | d;
}

/*
 * EscapedUnicode :: { HexDigit+ } within a string, the backslash at offset
 * i.  Append the character; return the number of bytes consumed.
 */
static int
read_escape_braced(GqlLexer *lx, StringInfo buf, int i)
{
	int32		point = 0;
	int			size = 3;		/* "\u{" */

	while (size < 12)
	{
		int			c = byte_at(lx, i + size);
		int			h;

		size++;
		if (c == '}')
		{
			if (size < 5 || !is_scalar_value(point))
				break;
			append_code_point(buf, (pg_wchar) point);
			return size;
		}
		h = hex_value(c);
		if (h < 0)
			break;
		point = (int32) (((uint32) point << 4) | (uint32) h);
		if (point < 0)
			break;
	}
	gql_fail(lx, GQL_ERR_SYNTAX, i, "Invalid Unicode escape sequence: \"%s\".",
			 slice_units(lx, i, size));
}

/*
 * EscapedUnicode :: HexDigit HexDigit HexDigit HexDigit, the backslash at
 * offset i; a leading surrogate must be followed by an escaped trailing
 * one.  Append the character; return the number of bytes consumed.
 */
static int
read_escape_fixed(GqlLexer *lx, StringInfo buf, int i)
{
	int32		code = read_hex4(lx, i + 2);

	if (is_scalar_value(code))
	{
		append_code_point(buf, (pg_wchar) code);
		return 6;
	}
	if (code >= 0xD800 && code <= 0xDBFF &&
		byte_at(lx, i + 6) == '\\' && byte_at(lx, i + 7) == 'u')
	{
		int32		trail = read_hex4(lx, i + 8);

		if (trail >= 0xDC00 && trail <= 0xDFFF)
		{
			append_code_point(buf, (pg_wchar) (0x10000 + ((code - 0xD800) << 10) +
											   (trail - 0xDC00)));
			return 12;
		}
	}
	gql_fail(lx, GQL_ERR_SYNTAX, i, "Invalid Unicode escape sequence: \"%s\".",
			 slice_units(lx, i, 6));
}

/* EscapedCharacter :: one of " \ / b f n r t, the backslash at offset i. */
static int
read_escape_char(GqlLexer *lx, StringInfo buf, int i)
{
	char		out;

	switch (byte_at(lx, i + 1))
	{
		case '"':
			out = '"';
			break;
		case '\\':
			out = '\\';
			break;
		case '/':
			out = '/';
			break;
		case 'b':
			out = '\b';
			break;
		case 'f':
			out = '\f';
			break;
		case 'n':
			out = '\n';
			break;
		case 'r':
			out = '\r';
			break;
		case 't':
			out = '\t';
			break;
		default:
			gql_fail(lx, GQL_ERR_SYNTAX, i,
					 "Invalid character escape sequence: \"%s\".",
					 slice_units(lx, i, 2));
	}
	appendStringInfoChar(buf, out);
	return 2;
}

/* StringValue :: " StringCharacter* " */
static void
read_string(GqlLexer *lx, GqlToken *tok, int start)
{
	StringInfoData buf;
	int			i = start + 1;
	int			chunk = i;

	initStringInfo(&buf);
	while (i < lx->len)
	{
		char		c = lx->src[i];

		CHECK_INPUT_INTERRUPTS(i);
		if (c == '"')
		{
			appendBinaryStringInfo(&buf, lx->src + chunk, i - chunk);
			make_token(lx, tok, TOK_STRING, start, i + 1);
			tok->value = buf.data;
			tok->len = buf.len;
			return;
		}
		if (c == '\\')
		{
			appendBinaryStringInfo(&buf, lx->src + chunk, i - chunk);
			if (byte_at(lx, i + 1) != 'u')
				i += read_escape_char(lx, &buf, i);
			else if (byte_at(lx, i + 2) == '{')
				i += read_escape_braced(lx, &buf, i);
			else
				i += read_escape_fixed(lx, &buf, i);
			chunk = i;
			continue;
		}
		if (c == '\n' || c == '\r')
			break;
		i++;
	}
	gql_fail(lx, GQL_ERR_SYNTAX, i, "Unterminated string.");
}

/* The number of leading spaces and tabs in line[0, len). */
static int
leading_whitespace(const char *line, int len)
{
	int			i = 0;

	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i;
}

/*
 * Apply the spec's BlockStringValue() algorithm to the raw lines of a block
 * string (raw holds them back to back; starts[k] is where line k begins,
 * starts[nlines] the end): remove the common indentation of all lines but
 * the first, drop leading and trailing blank lines, join with "\n".
 */
static void
dedent_block_lines(StringInfo out, const char *raw, const int *starts, int nlines)
{
	int			common = INT_MAX;
	int			first = -1;
	int			last = -1;

	for (int k = 0; k < nlines; k++)
	{
		int			len = starts[k + 1] - starts[k];
		int			indent = leading_whitespace(raw + starts[k], len);

		if (indent == len)
			continue;
		if (first < 0)
			first = k;
		last = k;
		if (k != 0 && indent < common)
			common = indent;
	}
	if (first < 0)
		first = 0;

	for (int k = first; k <= last; k++)
	{
		const char *line = raw + starts[k];
		int			len = starts[k + 1] - starts[k];

		if (k != first)
			appendStringInfoChar(out, '\n');
		if (k != 0)
		{
			int			cut = Min(common, len);

			line += cut;
			len -= cut;
		}
		appendBinaryStringInfo(out, line, len);
	}
}

/* BlockString :: """ BlockStringCharacter* """ */
static void
read_block_string(GqlLexer *lx, GqlToken *tok, int start)
{
	StringInfoData raw;
	int		   *starts;
	int			nlines = 0;
	int			maxlines = 16;
	int			lineStart = lx->lineStart;
	int			i = start + 3;
	int			chunk = i;

	initStringInfo(&raw);
	starts = palloc(sizeof(int) * (maxlines + 1));
	starts[0] = 0;
	while (i < lx->len)
	{
		char		c = lx->src[i];

		CHECK_INPUT_INTERRUPTS(i);
		if (c == '"' && byte_at(lx, i + 1) == '"' && byte_at(lx, i + 2) == '"')
		{
			StringInfoData value;

			appendBinaryStringInfo(&raw, lx->src + chunk, i - chunk);
			starts[++nlines] = raw.len;
			initStringInfo(&value);
			dedent_block_lines(&value, raw.data, starts, nlines);
			make_token(lx, tok, TOK_BLOCK_STRING, start, i + 3);
			tok->value = value.data;
			tok->len = value.len;
			lx->line += nlines - 1;
			lx->lineStart = lineStart;
			return;
		}
		if (c == '\\' && byte_at(lx, i + 1) == '"' && byte_at(lx, i + 2) == '"' &&
			byte_at(lx, i + 3) == '"')
		{
			/* \""" stands for """: drop only the backslash */
			appendBinaryStringInfo(&raw, lx->src + chunk, i - chunk);
			chunk = i + 1;
			i += 4;
			continue;
		}
		if (c == '\n' || c == '\r')
		{
			appendBinaryStringInfo(&raw, lx->src + chunk, i - chunk);
			if (nlines + 1 >= maxlines)
			{
				maxlines *= 2;
				starts = repalloc(starts, sizeof(int) * (maxlines + 1));
			}
			starts[++nlines] = raw.len;
			i += (c == '\r' && byte_at(lx, i + 1) == '\n') ? 2 : 1;
			chunk = i;
			lineStart = i;
			continue;
		}
		i++;
	}
	gql_fail(lx, GQL_ERR_SYNTAX, i, "Unterminated string.");
}

/*
 * Scan the next token from lx->pos into tok, skipping what the spec calls
 * Ignored: BOM, white space, line terminators, comments and commas.
 */
static void
lex_token(GqlLexer *lx, GqlToken *tok)
{
	const char *s = lx->src;
	int			i = lx->pos;

	while (i < lx->len)
	{
		unsigned char c = (unsigned char) s[i];

		CHECK_INPUT_INTERRUPTS(i);
		switch (c)
		{
			case '\t':
			case ' ':
			case ',':
				i++;
				continue;
			case '\n':
				i++;
				lx->line++;
				lx->lineStart = i;
				continue;
			case '\r':
				i += (byte_at(lx, i + 1) == '\n') ? 2 : 1;
				lx->line++;
				lx->lineStart = i;
				continue;
			case 0xEF:
				/* U+FEFF, the byte order mark */
				if (byte_at(lx, i + 1) == 0xBB && byte_at(lx, i + 2) == 0xBF)
				{
					i += 3;
					continue;
				}
				break;
			case '#':
				while (i < lx->len && s[i] != '\n' && s[i] != '\r')
				{
					CHECK_INPUT_INTERRUPTS(i);
					i++;
				}
				continue;
			case '!':
				make_token(lx, tok, TOK_BANG, i, i + 1);
				return;
			case '$':
				make_token(lx, tok, TOK_DOLLAR, i, i + 1);
				return;
			case '&':
				make_token(lx, tok, TOK_AMP, i, i + 1);
				return;
			case '(':
				make_token(lx, tok, TOK_PAREN_L, i, i + 1);
				return;
			case ')':
				make_token(lx, tok, TOK_PAREN_R, i, i + 1);
				return;
			case '.':
				if (byte_at(lx, i + 1) == '.' && byte_at(lx, i + 2) == '.')
				{
					make_token(lx, tok, TOK_SPREAD, i, i + 3);
					return;
				}
				break;
			case ':':
				make_token(lx, tok, TOK_COLON, i, i + 1);
				return;
			case '=':
				make_token(lx, tok, TOK_EQUALS, i, i + 1);
				return;
			case '@':
				make_token(lx, tok, TOK_AT, i, i + 1);
				return;
			case '[':
				make_token(lx, tok, TOK_BRACKET_L, i, i + 1);
				return;
			case ']':
				make_token(lx, tok, TOK_BRACKET_R, i, i + 1);
				return;
			case '{':
				make_token(lx, tok, TOK_BRACE_L, i, i + 1);
				return;
			case '|':
				make_token(lx, tok, TOK_PIPE, i, i + 1);
				return;
			case '}':
				make_token(lx, tok, TOK_BRACE_R, i, i + 1);
				return;
			case '"':
				if (byte_at(lx, i + 1) == '"' && byte_at(lx, i + 2) == '"')
					read_block_string(lx, tok, i);
				else
					read_string(lx, tok, i);
				return;
			default:
				break;
		}
		if (is_digit(c) || c == '-')
		{
			read_number(lx, tok, i);
			return;
		}
		if (is_name_start(c))
		{
			read_name(lx, tok, i);
			return;
		}
		if (c == '\'')
			gql_fail(lx, GQL_ERR_SYNTAX, i,
					 "Unexpected single quote character ('), did you mean to use a double quote (\")?");
		gql_fail(lx, GQL_ERR_SYNTAX, i, "Unexpected character: %s.",
				 describe_char_at(lx, i));
	}
	make_token(lx, tok, TOK_EOF, lx->len, lx->len);
}
