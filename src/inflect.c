/*-------------------------------------------------------------------------
 *
 * inflect.c
 *	  English pluralization of names, for array relationship names.
 *
 * Hasura names an array relationship after the referencing table, in the
 * plural: "article" -> "articles", "category" -> "categories", "person" ->
 * "people".  The rules are those of Rails' ActiveSupport inflections (which
 * Hasura's console and most ORMs follow): uncountables, irregulars, ordered
 * suffix rules, with Rails' known mistakes corrected ("human" -> "humans",
 * not "humen"; "cafe" -> "cafes", not "caves"; "epoch" -> "epochs").
 *
 * In:  a GraphQL name, [_A-Za-z][_0-9A-Za-z]*, usually a table name:
 *		"order_item", "orderItem", "OrderCategory", "USER", "person".
 * Out: its plural, written into a caller's buffer.
 *
 * Promises:
 *	- Only the last word is pluralized.  Words are separated by '_', by a
 *	  lower-to-upper case boundary ("orderItem"), by a digit-to-letter
 *	  boundary ("v2Item", "md5hash") and at the end of an acronym followed
 *	  by a capitalized word ("HTTPServer" -> "HTTP" + "Server").  Leading
 *	  and trailing underscores are kept where they are ("_tmp" -> "_tmps",
 *	  "tmp_" -> "tmps_").  A word ending in a digit gets "s" ("table1" ->
 *	  "table1s").
 *	- Matching is case-insensitive; the result follows the case of the
 *	  name: a name without lowercase letters gets an upper-case plural
 *	  ("ORDER_CATEGORY" -> "ORDER_CATEGORIES"); otherwise each replaced
 *	  letter keeps the case of the letter it replaces ("Person" -> "People")
 *	  and added letters are lowercase ("Category" -> "Categories").
 *	- An all-caps last word of two letters or more in a name that has
 *	  lowercase letters is an acronym, not an English word: it gets "s", or
 *	  "es" after an S ("userID" -> "userIDs", "deviceOS" -> "deviceOSes").
 *	- Words already plural stay as they are.  A word ending in "s" is
 *	  plural (unchanged) unless it is recognized as singular: it ends in
 *	  "ss" (class, address), "us" (status, bus, virus; but not "-ous", nor
 *	  the plurals of "-u" nouns listed in irregulars[]: menus, gurus, skus),
 *	  "sis" (analysis), "polis", or it is a listed singular noun (alias,
 *	  atlas, bias, canvas, gas, pancreas, iris, lens, thermos, ...).
 *	  Irregular plurals (people, children, men, mice, criteria, alumni, ...)
 *	  are listed and stay as they are too.  So "users", "statuses", "news",
 *	  "kpis", "photos", "areas" are unchanged; "status", "bus", "gas" are not.
 *	- Anything that is not a GraphQL name (empty, a leading digit, a byte
 *	  outside [_0-9A-Za-z]) gets "s" appended, nothing else.
 *	- No allocation, no locale: ASCII only, own character helpers.
 *
 *-------------------------------------------------------------------------
 */
#include <stddef.h>
#include <string.h>

#include "inflect.h"

/* How a table entry is compared with the last word. */
#define MATCH_WORD	0			/* the word must equal the entry */
#define MATCH_TAIL	1			/* the word must end with the entry */

/* How many trailing characters of a word are compared (longest entry + 1). */
#define WORD_TAIL	64

/* A word (or word ending) that has no plural form of its own. */
typedef struct InflectWord
{
	const char *word;			/* lowercase */
	int			match;			/* MATCH_WORD or MATCH_TAIL */
} InflectWord;

/* A singular ending and the plural ending that replaces it. */
typedef struct InflectRule
{
	const char *singular;		/* lowercase */
	const char *plural;			/* lowercase */
	int			match;			/* MATCH_WORD or MATCH_TAIL */
} InflectRule;

/* Uncountable nouns: the plural is the word itself. */
static const InflectWord uncountables[] = {
	{"equipment", MATCH_TAIL},
	{"information", MATCH_TAIL},
	{"rice", MATCH_WORD},		/* not "price" */
	{"money", MATCH_WORD},
	{"species", MATCH_TAIL},
	{"series", MATCH_TAIL},
	{"fish", MATCH_TAIL},		/* goldfish, catfish */
	{"sheep", MATCH_TAIL},
	{"jeans", MATCH_WORD},
	{"police", MATCH_WORD},
	{"news", MATCH_TAIL},
	{"data", MATCH_TAIL},		/* metadata, userdata */
	{"metadata", MATCH_TAIL},
	{"feedback", MATCH_TAIL},
	{"deer", MATCH_TAIL},		/* reindeer */
	{"moose", MATCH_WORD},
	{"bison", MATCH_WORD},
	{"swine", MATCH_WORD},
	{"salmon", MATCH_WORD},
	{"trout", MATCH_WORD},
	{"aircraft", MATCH_TAIL},
	{"spacecraft", MATCH_TAIL},
	{"hovercraft", MATCH_TAIL},
	{"watercraft", MATCH_TAIL},
	{"offspring", MATCH_WORD},
	{"software", MATCH_TAIL},
	{"hardware", MATCH_TAIL},
	{"firmware", MATCH_TAIL},
	{"middleware", MATCH_TAIL},
	{"malware", MATCH_TAIL},
	{"luggage", MATCH_TAIL},
	{"baggage", MATCH_TAIL},
	{"furniture", MATCH_TAIL},
	{"advice", MATCH_WORD},
	{"knowledge", MATCH_TAIL},
	{"homework", MATCH_TAIL},
	{"research", MATCH_TAIL},
	{"traffic", MATCH_WORD},
	{"evidence", MATCH_WORD},
	{"personnel", MATCH_WORD},
	{"cattle", MATCH_WORD},
	{"wildlife", MATCH_TAIL},
	{"nightlife", MATCH_TAIL},
	{"clothing", MATCH_WORD},
	{"jewelry", MATCH_WORD},
	{"jewellery", MATCH_WORD},
	{"garbage", MATCH_WORD},
	{"rubbish", MATCH_WORD},
	{"chess", MATCH_WORD},
	/* singular nouns ending in "s" that the "s" rules would change */
	{"chassis", MATCH_WORD},
	{"chaos", MATCH_WORD},
	{"cosmos", MATCH_WORD},
	{"kudos", MATCH_WORD},
	{"ethos", MATCH_WORD},
	{"pathos", MATCH_WORD},
	{"asbestos", MATCH_WORD},
	{"corps", MATCH_WORD}
};

/*
 * Irregular nouns and exceptions to the suffix rules, in order: the first
 * matching entry wins, so exceptions come before the rule they escape.
 * Entries whose plural equals the singular keep plurals as they are.
 */
static const InflectRule irregulars[] = {
	/* "-man" -> "-men" (chairman, fireman, woman), but not these */
	{"human", "humans", MATCH_TAIL},
	{"german", "germans", MATCH_TAIL},
	{"shaman", "shamans", MATCH_TAIL},
	{"talisman", "talismans", MATCH_TAIL},
	{"caiman", "caimans", MATCH_TAIL},
	{"cayman", "caymans", MATCH_TAIL},
	{"ottoman", "ottomans", MATCH_TAIL},
	{"roman", "romans", MATCH_TAIL},
	{"norman", "normans", MATCH_TAIL},
	{"walkman", "walkmans", MATCH_TAIL},
	{"doberman", "dobermans", MATCH_TAIL},
	{"pullman", "pullmans", MATCH_TAIL},
	{"dolman", "dolmans", MATCH_TAIL},
	{"woman", "women", MATCH_TAIL},
	{"man", "men", MATCH_TAIL},
	/* "-men" is already plural (women, salesmen), but not these */
	{"specimen", "specimens", MATCH_WORD},
	{"abdomen", "abdomens", MATCH_WORD},
	{"regimen", "regimens", MATCH_WORD},
	{"stamen", "stamens", MATCH_WORD},
	{"acumen", "acumens", MATCH_WORD},
	{"omen", "omens", MATCH_WORD},
	{"semen", "semens", MATCH_WORD},
	{"hymen", "hymens", MATCH_WORD},
	{"lumen", "lumens", MATCH_WORD},
	{"albumen", "albumens", MATCH_WORD},
	{"bitumen", "bitumens", MATCH_WORD},
	{"cognomen", "cognomens", MATCH_WORD},
	{"dolmen", "dolmens", MATCH_WORD},
	{"amen", "amens", MATCH_WORD},
	{"men", "men", MATCH_TAIL},
	/* the other irregular nouns */
	{"person", "people", MATCH_TAIL},	/* salesperson */
	{"people", "people", MATCH_TAIL},
	{"child", "children", MATCH_TAIL},	/* grandchild */
	{"children", "children", MATCH_TAIL},
	{"ox", "oxen", MATCH_WORD},	/* not "box", "fox" */
	{"oxen", "oxen", MATCH_WORD},
	{"mouse", "mice", MATCH_TAIL},	/* dormouse */
	{"mice", "mice", MATCH_TAIL},
	{"louse", "lice", MATCH_WORD},	/* not "blouse" */
	{"lice", "lice", MATCH_WORD},	/* not "slice" */
	{"goose", "geese", MATCH_WORD}, /* not "mongoose" */
	{"geese", "geese", MATCH_WORD},
	{"tooth", "teeth", MATCH_WORD},
	{"teeth", "teeth", MATCH_WORD},
	{"foot", "feet", MATCH_WORD},
	{"feet", "feet", MATCH_WORD},
	{"dice", "dice", MATCH_WORD},
	{"sex", "sexes", MATCH_WORD},
	{"move", "moves", MATCH_WORD},
	{"zombie", "zombies", MATCH_WORD},
	{"quiz", "quizzes", MATCH_TAIL},
	{"whiz", "whizzes", MATCH_WORD},
	{"fez", "fezzes", MATCH_WORD},
	/* Latin and Greek plurals */
	{"criterion", "criteria", MATCH_WORD},
	{"criteria", "criteria", MATCH_TAIL},
	{"phenomenon", "phenomena", MATCH_WORD},
	{"phenomena", "phenomena", MATCH_TAIL},
	{"datum", "data", MATCH_WORD},
	{"medium", "media", MATCH_WORD},
	{"media", "media", MATCH_TAIL},	/* multimedia */
	{"bacterium", "bacteria", MATCH_WORD},
	{"bacteria", "bacteria", MATCH_WORD},
	{"curriculum", "curricula", MATCH_WORD},
	{"curricula", "curricula", MATCH_WORD},
	{"genus", "genera", MATCH_WORD},
	{"genera", "genera", MATCH_WORD},
	{"corpus", "corpora", MATCH_WORD},
	{"corpora", "corpora", MATCH_WORD},
	{"alumnus", "alumni", MATCH_WORD},
	{"alumni", "alumni", MATCH_WORD},
	{"bacillus", "bacilli", MATCH_WORD},
	{"bacilli", "bacilli", MATCH_WORD},
	{"cactus", "cacti", MATCH_WORD},
	{"cacti", "cacti", MATCH_WORD},
	{"focus", "foci", MATCH_WORD},
	{"foci", "foci", MATCH_WORD},
	{"fungus", "fungi", MATCH_WORD},
	{"fungi", "fungi", MATCH_WORD},
	{"locus", "loci", MATCH_WORD},
	{"loci", "loci", MATCH_WORD},
	{"nucleus", "nuclei", MATCH_WORD},
	{"nuclei", "nuclei", MATCH_WORD},
	{"radius", "radii", MATCH_WORD},
	{"radii", "radii", MATCH_WORD},
	{"stimulus", "stimuli", MATCH_WORD},
	{"stimuli", "stimuli", MATCH_WORD},
	{"syllabus", "syllabi", MATCH_WORD},
	{"syllabi", "syllabi", MATCH_WORD},
	{"terminus", "termini", MATCH_WORD},
	{"termini", "termini", MATCH_WORD},
	{"thesaurus", "thesauri", MATCH_WORD},
	{"thesauri", "thesauri", MATCH_WORD},
	{"axis", "axes", MATCH_WORD},
	{"testis", "testes", MATCH_WORD},
	{"praxis", "praxes", MATCH_WORD},
	{"matrix", "matrices", MATCH_TAIL},
	{"vertex", "vertices", MATCH_TAIL},
	{"vortex", "vortices", MATCH_TAIL},
	{"index", "indices", MATCH_TAIL},
	{"appendix", "appendices", MATCH_TAIL},
	{"eaux", "eaux", MATCH_TAIL}, /* chateaux */
	/* "-f" and "-fe" -> "-ves" for these only (roof, chief, cafe: +s) */
	{"leaf", "leaves", MATCH_TAIL},
	{"loaf", "loaves", MATCH_TAIL},
	{"knife", "knives", MATCH_TAIL},
	{"life", "lives", MATCH_TAIL},
	{"wife", "wives", MATCH_TAIL},
	{"half", "halves", MATCH_TAIL},
	{"elf", "elves", MATCH_TAIL},	/* shelf, self */
	{"wolf", "wolves", MATCH_TAIL},
	{"thief", "thieves", MATCH_TAIL},
	{"calf", "calves", MATCH_TAIL},
	{"scarf", "scarves", MATCH_TAIL},
	{"sheaf", "sheaves", MATCH_TAIL},
	/* "-o" -> "-oes" for these only (photo, zoo: +s) */
	{"hero", "heroes", MATCH_TAIL},
	{"potato", "potatoes", MATCH_TAIL},
	{"tomato", "tomatoes", MATCH_TAIL},
	{"echo", "echoes", MATCH_TAIL},
	{"veto", "vetoes", MATCH_TAIL},
	{"torpedo", "torpedoes", MATCH_TAIL},
	{"buffalo", "buffaloes", MATCH_TAIL},
	{"mosquito", "mosquitoes", MATCH_TAIL},
	{"embargo", "embargoes", MATCH_TAIL},
	{"domino", "dominoes", MATCH_TAIL},
	/* "-ch" said "k": +s, not +es */
	{"epoch", "epochs", MATCH_WORD},
	{"stomach", "stomachs", MATCH_WORD},
	{"monarch", "monarchs", MATCH_WORD},
	{"patriarch", "patriarchs", MATCH_WORD},
	{"matriarch", "matriarchs", MATCH_WORD},
	{"oligarch", "oligarchs", MATCH_WORD},
	{"loch", "lochs", MATCH_WORD},
	{"eunuch", "eunuchs", MATCH_WORD},
	{"czech", "czechs", MATCH_WORD},
	{"tech", "techs", MATCH_TAIL}, /* fintech */
	/* singular nouns ending in "s" that the "s" rules would keep */
	{"alias", "aliases", MATCH_WORD},
	{"atlas", "atlases", MATCH_WORD},
	{"bias", "biases", MATCH_WORD},
	{"canvas", "canvases", MATCH_WORD},
	{"gas", "gases", MATCH_WORD},
	{"pancreas", "pancreases", MATCH_WORD},
	{"christmas", "christmases", MATCH_WORD},
	{"iris", "irises", MATCH_WORD},
	{"pelvis", "pelvises", MATCH_WORD},
	{"trellis", "trellises", MATCH_WORD},
	{"ibis", "ibises", MATCH_WORD},
	{"mantis", "mantises", MATCH_WORD},
	{"thermos", "thermoses", MATCH_WORD},
	{"rhinoceros", "rhinoceroses", MATCH_WORD},
	{"lens", "lenses", MATCH_TAIL},
	/* plurals of "-u" nouns that the "-us" rule would take for singular */
	{"menus", "menus", MATCH_TAIL},
	{"emus", "emus", MATCH_TAIL},
	{"gurus", "gurus", MATCH_TAIL},
	{"skus", "skus", MATCH_TAIL},
	{"cpus", "cpus", MATCH_TAIL},
	{"gpus", "gpus", MATCH_TAIL},
	{"haikus", "haikus", MATCH_TAIL},
	{"tutus", "tutus", MATCH_TAIL},
	{"tofus", "tofus", MATCH_TAIL},
	{"gnus", "gnus", MATCH_TAIL},
	{"zebus", "zebus", MATCH_TAIL},
	{"snafus", "snafus", MATCH_TAIL},
	{"sudokus", "sudokus", MATCH_TAIL},
	{"tiramisus", "tiramisus", MATCH_TAIL},
	{"kudzus", "kudzus", MATCH_TAIL},
	{"zulus", "zulus", MATCH_TAIL},
	{"hindus", "hindus", MATCH_TAIL},
	{"eaus", "eaus", MATCH_TAIL},	/* bureaus, plateaus */
	{"ieus", "ieus", MATCH_TAIL}	/* milieus, adieus */
};

#define lengthof(a) (sizeof(a) / sizeof((a)[0]))

/* The output buffer being filled. */
typedef struct OutBuf
{
	char	   *out;
	size_t		outlen;
	size_t		pos;
	int			overflow;
} OutBuf;

/* Whether c is an ASCII uppercase letter. */
static int
is_upper(int c)
{
	return c >= 'A' && c <= 'Z';
}

/* Whether c is an ASCII lowercase letter. */
static int
is_lower(int c)
{
	return c >= 'a' && c <= 'z';
}

/* Whether c is an ASCII letter. */
static int
is_alpha(int c)
{
	return is_upper(c) || is_lower(c);
}

/* Whether c is an ASCII digit. */
static int
is_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* c in lowercase if it is an ASCII uppercase letter, else c. */
static char
to_lower(char c)
{
	return is_upper((unsigned char) c) ? (char) (c - 'A' + 'a') : c;
}

/* c in uppercase if it is an ASCII lowercase letter, else c. */
static char
to_upper(char c)
{
	return is_lower((unsigned char) c) ? (char) (c - 'a' + 'A') : c;
}

/* Whether lowercase c is a vowel (y excluded). */
static int
is_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Whether s[0, len) is a GraphQL name: [_A-Za-z][_0-9A-Za-z]*. */
static int
is_graphql_name(const char *s, size_t len)
{
	size_t		i;

	if (len == 0 || !(is_alpha((unsigned char) s[0]) || s[0] == '_'))
		return 0;
	for (i = 1; i < len; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (!(is_alpha(c) || is_digit(c) || c == '_'))
			return 0;
	}
	return 1;
}

/* Whether s[0, len) contains a lowercase letter. */
static int
has_lower(const char *s, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
		if (is_lower((unsigned char) s[i]))
			return 1;
	return 0;
}

/* Whether s[0, len) contains an uppercase letter. */
static int
has_upper(const char *s, size_t len)
{
	size_t		i;

	for (i = 0; i < len; i++)
		if (is_upper((unsigned char) s[i]))
			return 1;
	return 0;
}

/*
 * The offset where the last word of name[0, end) begins (end > 0 and
 * name[end - 1] is not '_').  A word starts after '_', at a lower-to-upper
 * or digit-to-letter boundary, and at the last capital of an acronym
 * followed by lowercase ("HTTPServer"), unless that lowercase is a final
 * "s" ("APIs" is one word).
 */
static size_t
word_start(const char *name, size_t end)
{
	size_t		i = end - 1;

	while (i > 0)
	{
		unsigned char p = (unsigned char) name[i - 1];
		unsigned char c = (unsigned char) name[i];

		if (p == '_')
			break;
		if (is_lower(p) && is_upper(c))
			break;
		if (is_digit(p) && is_alpha(c))
			break;
		if (is_upper(p) && is_upper(c) && i + 1 < end &&
			is_lower((unsigned char) name[i + 1]) &&
			!(i + 2 == end && name[i + 1] == 's'))
			break;
		i--;
	}
	return i;
}

/* Whether lw[0, nlw) ends with s. */
static int
ends_with(const char *lw, size_t nlw, const char *s)
{
	size_t		n = strlen(s);

	return n <= nlw && memcmp(lw + nlw - n, s, n) == 0;
}

/*
 * Whether entry matches the word whose last nlw characters, lowercased, are
 * lw[0, nlw) and whose length is n (nlw < n when the word is long).
 */
static int
entry_matches(const char *lw, size_t nlw, size_t n, const char *entry,
			  int match)
{
	if (match == MATCH_WORD)
		return nlw == n && strlen(entry) == n && memcmp(lw, entry, n) == 0;
	return ends_with(lw, nlw, entry);
}

/*
 * Pluralize a word of n >= 1 letters whose last nlw characters, lowercased,
 * are lw[0, nlw): the plural is the first *keep characters of the word
 * followed by *tail (lowercase).
 */
static void
plural_of_word(const char *lw, size_t nlw, size_t n,
			   size_t *keep, const char **tail)
{
	size_t		i;
	char		last;
	char		prev;

	*keep = n;
	*tail = "";
	if (n == 1)
	{
		*tail = "s";
		return;
	}
	for (i = 0; i < lengthof(uncountables); i++)
		if (entry_matches(lw, nlw, n, uncountables[i].word,
						  uncountables[i].match))
			return;
	for (i = 0; i < lengthof(irregulars); i++)
		if (entry_matches(lw, nlw, n, irregulars[i].singular,
						  irregulars[i].match))
		{
			*keep = n - strlen(irregulars[i].singular);
			*tail = irregulars[i].plural;
			return;
		}

	last = lw[nlw - 1];
	prev = lw[nlw - 2];
	if (last == 's')
	{
		/* singular only when recognized as such; see the file header */
		if (prev == 's' || ends_with(lw, nlw, "polis"))
			*tail = "es";
		else if (ends_with(lw, nlw, "sis"))
		{
			*keep = n - 2;
			*tail = "es";
		}
		else if (prev == 'u' && !ends_with(lw, nlw, "ous"))
			*tail = "es";
		return;
	}
	if (last == 'x' || last == 'z' ||
		(last == 'h' && (prev == 'c' || prev == 's')))
	{
		*tail = "es";
		return;
	}
	if (last == 'y' &&
		(!is_vowel(prev) || (prev == 'u' && nlw >= 3 && lw[nlw - 3] == 'q')))
	{
		*keep = n - 1;
		*tail = "ies";
		return;
	}
	*tail = "s";
}

/* Append c to the output, or note that it does not fit. */
static void
put_char(OutBuf *b, char c)
{
	if (b->pos + 1 < b->outlen)
		b->out[b->pos++] = c;
	else
		b->overflow = 1;
}

/* Append s[0, n) to the output. */
static void
put_bytes(OutBuf *b, const char *s, size_t n)
{
	size_t		i;

	for (i = 0; i < n; i++)
		put_char(b, s[i]);
}

/* NUL-terminate the output; return its length, or -1 if it did not fit. */
static int
finish(OutBuf *b)
{
	if (b->overflow || b->pos > (size_t) ((unsigned) -1 >> 1))
	{
		b->out[0] = '\0';
		return -1;
	}
	b->out[b->pos] = '\0';
	return (int) b->pos;
}

/*
 * Write the plural of name into out (size outlen, NUL-terminated).
 * Return the length written, or -1 if it does not fit.
 */
int
gql_pluralize(const char *name, char *out, size_t outlen)
{
	OutBuf		b;
	size_t		len;
	size_t		end;
	size_t		start;
	size_t		n;
	size_t		keep;
	size_t		i;
	const char *tail;
	int			upper;

	if (name == NULL || out == NULL || outlen == 0)
		return -1;
	b.out = out;
	b.outlen = outlen;
	b.pos = 0;
	b.overflow = 0;
	len = strlen(name);

	end = len;
	while (end > 0 && name[end - 1] == '_')
		end--;
	if (!is_graphql_name(name, len) || end == 0)
	{
		/* not a name, or no word in it: just add "s" */
		put_bytes(&b, name, len);
		put_char(&b, 's');
		return finish(&b);
	}

	start = word_start(name, end);
	n = end - start;
	upper = has_upper(name, len) && !has_lower(name, len);
	keep = n;
	if (is_digit((unsigned char) name[end - 1]))
		tail = "s";
	else if (!upper && n >= 2 && !has_lower(name + start, n))
		tail = name[end - 1] == 'S' ? "es" : "s";	/* an acronym */
	else
	{
		char		lw[WORD_TAIL];
		size_t		nlw = n < WORD_TAIL ? n : WORD_TAIL;

		for (i = 0; i < nlw; i++)
			lw[i] = to_lower(name[end - nlw + i]);
		plural_of_word(lw, nlw, n, &keep, &tail);
	}

	put_bytes(&b, name, start + keep);
	for (i = 0; tail[i] != '\0'; i++)
	{
		size_t		at = start + keep + i;	/* the letter replaced, if any */

		if (upper || (at < end && is_upper((unsigned char) name[at])))
			put_char(&b, to_upper(tail[i]));
		else
			put_char(&b, tail[i]);
	}
	put_bytes(&b, name + end, len - end);
	return finish(&b);
}
