/*-------------------------------------------------------------------------
 *
 * json_path.c
 *	  The "path" argument of a json/jsonb field (a column, a computed field,
 *	  a function's value) read as Hasura reads it (Data.Parser.JSONPath):
 *
 *	    path     = "$" | ["$"] element+
 *	    element  = ["."] name | ["."] "[" (index | quoted) "]"
 *	    name     = (letter | "_") (letter | digit | "-" | "_")*
 *	    index    = digit+
 *	    quoted   = '"' ... '"' | "'" ... "'"   (a JSON string's contents;
 *	               inside '...', \' is ' and " is itself)
 *
 *	  A letter is any Unicode letter (Haskell's isAlpha: unicode_letters.h),
 *	  a digit 0-9.  "$" alone is the whole value (no steps); "$.a", "a",
 *	  ".a", "$.a[0].b", "[0]", "$['key with spaces']", "$[\"k\"]" and
 *	  "$.название" are paths.  An index is read as Hasura reads it, into a
 *	  64-bit integer (leading zeros dropped; beyond 2^63 it wraps).
 *
 * In:  the path's text, in the database's encoding.
 * Out: its steps, each the text PostgreSQL's #> takes (a key, or an
 *	    index's digits), in the database's encoding; or why it was refused.
 *	    One pass, each byte read once; nothing is thrown.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "mb/pg_wchar.h"
#include "miscadmin.h"

#include "json_path.h"
#include "parser.h"
#include "unicode_letters.h"

/* The path being read: UTF-8 bytes, the next one at p. */
typedef struct PathReader
{
	const unsigned char *p;
	const unsigned char *end;
} PathReader;

/* Whether a code point beyond ASCII is a letter (binary search). */
static bool
unicode_letter(pg_wchar c)
{
	int			lo = 0;
	int			hi = lengthof(unicode_letters) - 1;

	while (lo <= hi)
	{
		int			mid = (lo + hi) / 2;

		if (c < unicode_letters[mid][0])
			hi = mid - 1;
		else if (c > unicode_letters[mid][1])
			lo = mid + 1;
		else
			return true;
	}
	return false;
}

static bool
is_letter(pg_wchar c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
	return unicode_letter(c);
}

/*
 * The character at r->p and its length in *len; 0 at the end of the path
 * or for a byte that does not start a valid UTF-8 character (neither is
 * ever accepted where a character is looked at).
 */
static pg_wchar
peek_char(PathReader *r, int *len)
{
	int			n;

	*len = 0;
	if (r->p >= r->end)
		return 0;
	n = pg_utf_mblen(r->p);
	if (n > r->end - r->p || !pg_utf8_islegal(r->p, n))
		return 0;
	*len = n;
	return utf8_to_unicode(r->p);
}

/* name = (letter | "_") (letter | digit | "-" | "_")* */
static bool
read_name(PathReader *r, List **steps)
{
	const unsigned char *start = r->p;
	int			len;
	pg_wchar	c = peek_char(r, &len);

	if (!is_letter(c) && c != '_')
		return false;
	do
	{
		r->p += len;
		c = peek_char(r, &len);
	} while (is_letter(c) || (c >= '0' && c <= '9') || c == '-' || c == '_');
	*steps = lappend(*steps, pnstrdup((const char *) start, r->p - start));
	return true;
}

/* index = digit+, read into a 64-bit integer as Haskell's Int (wrapping) */
static void
read_index(PathReader *r, List **steps)
{
	uint64		n = 0;

	while (r->p < r->end && *r->p >= '0' && *r->p <= '9')
		n = n * 10 + (*r->p++ - '0');
	*steps = lappend(*steps, psprintf(INT64_FORMAT, (int64) n));
}

/* Four hexadecimal digits at r->p (a \u escape's), or -1. */
static int
read_hex4(PathReader *r)
{
	int			v = 0;

	if (r->end - r->p < 4)
		return -1;
	for (int i = 0; i < 4; i++)
	{
		char		c = *r->p++;

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	return v;
}

/*
 * A \u escape after its "\u" (a UTF-16 surrogate pair takes two) appended
 * to out as UTF-8; false if it is not a character PostgreSQL text can
 * hold (U+0000, a lone surrogate).
 */
static bool
read_unicode_escape(PathReader *r, StringInfo out)
{
	int			c = read_hex4(r);
	unsigned char utf8[8];

	if (c >= 0xD800 && c <= 0xDBFF)
	{
		int			low;

		if (r->end - r->p < 2 || r->p[0] != '\\' || r->p[1] != 'u')
			return false;
		r->p += 2;
		low = read_hex4(r);
		if (low < 0xDC00 || low > 0xDFFF)
			return false;
		c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
	}
	else if (c <= 0 || (c >= 0xDC00 && c <= 0xDFFF))
		return false;
	unicode_to_utf8((pg_wchar) c, utf8);
	appendBinaryStringInfo(out, (char *) utf8, pg_utf_mblen(utf8));
	return true;
}

/*
 * A quoted key after its opening quote, up to and including the closing
 * one: its contents read as a JSON string's (escapes decoded, no control
 * characters), except that between single quotes \' stands for '.
 */
static bool
read_quoted(PathReader *r, char quote, List **steps)
{
	StringInfoData key;

	initStringInfo(&key);
	for (;;)
	{
		unsigned char c;

		CHECK_FOR_INTERRUPTS();
		if (r->p >= r->end)
			return false;
		c = *r->p++;
		if (c == quote)
			break;
		if (c < 0x20)
			return false;
		if (c != '\\')
		{
			appendStringInfoChar(&key, (char) c);
			continue;
		}
		if (r->p >= r->end)
			return false;
		c = *r->p++;
		switch (c)
		{
			case '\'':
				if (quote != '\'')
					return false;
				appendStringInfoChar(&key, '\'');
				break;
			case '"':
			case '\\':
			case '/':
				appendStringInfoChar(&key, (char) c);
				break;
			case 'b':
				appendStringInfoChar(&key, '\b');
				break;
			case 'f':
				appendStringInfoChar(&key, '\f');
				break;
			case 'n':
				appendStringInfoChar(&key, '\n');
				break;
			case 'r':
				appendStringInfoChar(&key, '\r');
				break;
			case 't':
				appendStringInfoChar(&key, '\t');
				break;
			case 'u':
				if (!read_unicode_escape(r, &key))
					return false;
				break;
			default:
				return false;
		}
	}
	*steps = lappend(*steps, key.data);
	return true;
}

/* element = ["."] name | ["."] "[" (index | quoted) "]" */
static bool
read_element(PathReader *r, List **steps)
{
	if (r->p < r->end && *r->p == '.')
		r->p++;
	if (r->p >= r->end || *r->p != '[')
		return read_name(r, steps);
	r->p++;
	if (r->p < r->end && *r->p >= '0' && *r->p <= '9')
		read_index(r, steps);
	else if (r->p < r->end && (*r->p == '"' || *r->p == '\''))
	{
		char		quote = (char) *r->p++;

		if (!read_quoted(r, quote, steps))
			return false;
	}
	else
		return false;
	if (r->p >= r->end || *r->p != ']')
		return false;
	r->p++;
	return true;
}

/*
 * Read a path of len bytes (in the database's encoding) into *steps: NIL
 * for "$", else each key or index as text.  JSON_PATH_OK, or why not.
 */
JsonPathError
gql_parse_json_path(const char *path, int len, List **steps)
{
	int			encoding = GetDatabaseEncoding();
	bool		convert = encoding != PG_UTF8 && encoding != PG_SQL_ASCII;
	const char *utf8 = convert ? pg_server_to_any(path, len, PG_UTF8) : path;
	PathReader	r;
	ListCell   *lc;

	*steps = NIL;
	if (len == 1 && path[0] == '$')
		return JSON_PATH_OK;
	r.p = (const unsigned char *) utf8;
	r.end = r.p + (utf8 == path ? len : (int) strlen(utf8));
	if (r.p < r.end && *r.p == '$')
		r.p++;
	do
	{
		CHECK_FOR_INTERRUPTS();
		if (!read_element(&r, steps))
		{
			*steps = NIL;
			return JSON_PATH_SYNTAX;
		}
	} while (r.p < r.end);

	/* the keys back in the database's encoding */
	if (convert)
		foreach(lc, *steps)
		{
			char	   *key = gql_utf8_to_server(lfirst(lc), strlen(lfirst(lc)));

			if (key == NULL)
			{
				*steps = NIL;
				return JSON_PATH_ENCODING;
			}
			lfirst(lc) = key;
		}
	return JSON_PATH_OK;
}
