/*-------------------------------------------------------------------------
 *
 * test_inflect.c
 *	  Unit tests of gql_pluralize() (src/inflect.c), outside the server.
 *
 * Build and run: test/inflect/run.sh, or
 *	  gcc -std=c99 -Wall -Wextra -Werror -I src -o /tmp/t \
 *		  test/inflect/test_inflect.c src/inflect.c && /tmp/t
 *
 * Prints "FAIL: ..." for each failure and a last line
 * "inflect: N passed, M failed"; exits 1 if any failed.
 *
 *-------------------------------------------------------------------------
 */
#include <stdio.h>
#include <string.h>

#include "inflect.h"

/* One name and the plural a Hasura user expects for it. */
typedef struct Case
{
	const char *name;
	const char *plural;
} Case;

static const Case cases[] = {
	/* default: +s */
	{"article", "articles"},
	{"user", "users"},
	{"post", "posts"},
	{"comment", "comments"},
	{"order", "orders"},
	{"product", "products"},
	{"tag", "tags"},
	{"role", "roles"},
	{"file", "files"},
	{"image", "images"},
	{"message", "messages"},
	{"movie", "movies"},
	{"cookie", "cookies"},
	{"album", "albums"},
	{"forum", "forums"},
	{"stadium", "stadiums"},
	{"premium", "premiums"},
	{"schema", "schemas"},
	{"area", "areas"},
	{"idea", "ideas"},
	{"kiwi", "kiwis"},
	{"taxi", "taxis"},
	{"api", "apis"},
	{"bureau", "bureaus"},
	{"config", "configs"},
	{"hive", "hives"},
	{"price", "prices"},
	{"slice", "slices"},
	{"blouse", "blouses"},
	{"house", "houses"},
	{"mongoose", "mongooses"},
	{"box", "boxes"},
	{"fox", "foxes"},
	/* uncountables */
	{"equipment", "equipment"},
	{"information", "information"},
	{"rice", "rice"},
	{"money", "money"},
	{"species", "species"},
	{"series", "series"},
	{"fish", "fish"},
	{"goldfish", "goldfish"},
	{"sheep", "sheep"},
	{"jeans", "jeans"},
	{"police", "police"},
	{"news", "news"},
	{"data", "data"},
	{"metadata", "metadata"},
	{"feedback", "feedback"},
	{"deer", "deer"},
	{"moose", "moose"},
	{"aircraft", "aircraft"},
	{"software", "software"},
	{"hardware", "hardware"},
	{"furniture", "furniture"},
	{"chassis", "chassis"},
	{"chaos", "chaos"},
	{"user_feedback", "user_feedback"},
	{"UserMetadata", "UserMetadata"},
	/* irregulars */
	{"person", "people"},
	{"man", "men"},
	{"woman", "women"},
	{"child", "children"},
	{"sex", "sexes"},
	{"move", "moves"},
	{"zombie", "zombies"},
	{"ox", "oxen"},
	{"mouse", "mice"},
	{"louse", "lice"},
	{"goose", "geese"},
	{"tooth", "teeth"},
	{"foot", "feet"},
	{"quiz", "quizzes"},
	{"salesperson", "salespeople"},
	{"chairman", "chairmen"},
	{"grandchild", "grandchildren"},
	{"human", "humans"},
	{"shaman", "shamans"},
	{"criterion", "criteria"},
	{"phenomenon", "phenomena"},
	{"datum", "data"},
	{"medium", "media"},
	{"genus", "genera"},
	{"axis", "axes"},
	/* -ix/-ex -> -ices */
	{"matrix", "matrices"},
	{"vertex", "vertices"},
	{"index", "indices"},
	{"appendix", "appendices"},
	/* -sis -> -ses */
	{"analysis", "analyses"},
	{"basis", "bases"},
	{"crisis", "crises"},
	{"thesis", "theses"},
	{"diagnosis", "diagnoses"},
	{"hypothesis", "hypotheses"},
	/* Latin -us -> -i, other -us -> -uses */
	{"alumnus", "alumni"},
	{"cactus", "cacti"},
	{"focus", "foci"},
	{"fungus", "fungi"},
	{"nucleus", "nuclei"},
	{"radius", "radii"},
	{"stimulus", "stimuli"},
	{"syllabus", "syllabi"},
	{"bus", "buses"},
	{"status", "statuses"},
	{"virus", "viruses"},
	{"campus", "campuses"},
	{"bonus", "bonuses"},
	{"census", "censuses"},
	{"octopus", "octopuses"},
	{"minibus", "minibuses"},
	/* -ch -sh -ss -x -z -> +es */
	{"church", "churches"},
	{"match", "matches"},
	{"batch", "batches"},
	{"search", "searches"},
	{"branch", "branches"},
	{"brush", "brushes"},
	{"dish", "dishes"},
	{"hash", "hashes"},
	{"class", "classes"},
	{"address", "addresses"},
	{"business", "businesses"},
	{"process", "processes"},
	{"access", "accesses"},
	{"tax", "taxes"},
	{"prefix", "prefixes"},
	{"buzz", "buzzes"},
	{"waltz", "waltzes"},
	{"epoch", "epochs"},
	{"stomach", "stomachs"},
	{"monarch", "monarchs"},
	{"fintech", "fintechs"},
	/* -y */
	{"category", "categories"},
	{"city", "cities"},
	{"company", "companies"},
	{"policy", "policies"},
	{"query", "queries"},
	{"entry", "entries"},
	{"country", "countries"},
	{"fly", "flies"},
	{"soliloquy", "soliloquies"},
	{"day", "days"},
	{"key", "keys"},
	{"survey", "surveys"},
	{"boy", "boys"},
	{"guy", "guys"},
	{"journey", "journeys"},
	/* -f, -fe */
	{"leaf", "leaves"},
	{"loaf", "loaves"},
	{"knife", "knives"},
	{"life", "lives"},
	{"wife", "wives"},
	{"half", "halves"},
	{"shelf", "shelves"},
	{"wolf", "wolves"},
	{"thief", "thieves"},
	{"calf", "calves"},
	{"elf", "elves"},
	{"self", "selves"},
	{"bookshelf", "bookshelves"},
	{"roof", "roofs"},
	{"chief", "chiefs"},
	{"belief", "beliefs"},
	{"proof", "proofs"},
	{"chef", "chefs"},
	{"cafe", "cafes"},
	{"safe", "safes"},
	{"giraffe", "giraffes"},
	{"cliff", "cliffs"},
	{"gulf", "gulfs"},
	/* -o */
	{"hero", "heroes"},
	{"potato", "potatoes"},
	{"tomato", "tomatoes"},
	{"echo", "echoes"},
	{"veto", "vetoes"},
	{"torpedo", "torpedoes"},
	{"superhero", "superheroes"},
	{"photo", "photos"},
	{"video", "videos"},
	{"radio", "radios"},
	{"zoo", "zoos"},
	{"logo", "logos"},
	{"todo", "todos"},
	{"memo", "memos"},
	{"portfolio", "portfolios"},
	/* already plural: unchanged */
	{"users", "users"},
	{"people", "people"},
	{"children", "children"},
	{"men", "men"},
	{"women", "women"},
	{"mice", "mice"},
	{"geese", "geese"},
	{"teeth", "teeth"},
	{"feet", "feet"},
	{"oxen", "oxen"},
	{"statuses", "statuses"},
	{"addresses", "addresses"},
	{"boxes", "boxes"},
	{"categories", "categories"},
	{"leaves", "leaves"},
	{"analyses", "analyses"},
	{"indices", "indices"},
	{"alumni", "alumni"},
	{"cacti", "cacti"},
	{"criteria", "criteria"},
	{"media", "media"},
	{"photos", "photos"},
	{"kpis", "kpis"},
	{"menus", "menus"},
	{"skus", "skus"},
	{"bureaus", "bureaus"},
	{"schemas", "schemas"},
	{"days", "days"},
	{"settings", "settings"},
	{"analytics", "analytics"},
	{"order_items", "order_items"},
	{"OrderItems", "OrderItems"},
	/* singular although ending in s */
	{"alias", "aliases"},
	{"canvas", "canvases"},
	{"lens", "lenses"},
	{"gas", "gases"},
	{"atlas", "atlases"},
	{"bias", "biases"},
	{"iris", "irises"},
	{"boss", "bosses"},
	{"glass", "glasses"},
	{"plus", "pluses"},
	{"metropolis", "metropolises"},
	/* -man, -men exceptions */
	{"german", "germans"},
	{"roman", "romans"},
	{"specimen", "specimens"},
	{"omen", "omens"},
	/* snake_case: only the last word */
	{"order_item", "order_items"},
	{"user_address", "user_addresses"},
	{"product_category", "product_categories"},
	{"sales_person", "sales_people"},
	{"user_status", "user_statuses"},
	{"blog_post_tag", "blog_post_tags"},
	{"person_child", "person_children"},
	{"news_item", "news_items"},
	{"fish_species", "fish_species"},
	{"order_box", "order_boxes"},
	{"category_person", "category_people"},
	/* camelCase, PascalCase */
	{"orderItem", "orderItems"},
	{"OrderCategory", "OrderCategories"},
	{"PersonAddress", "PersonAddresses"},
	{"Person", "People"},
	{"Category", "Categories"},
	{"Child", "Children"},
	{"Leaf", "Leaves"},
	{"Ox", "Oxen"},
	{"Mouse", "Mice"},
	{"Sheep", "Sheep"},
	{"Status", "Statuses"},
	{"userProfile", "userProfiles"},
	{"BlogPost", "BlogPosts"},
	{"SalesPerson", "SalesPeople"},
	{"CategoryPerson", "CategoryPeople"},
	{"iPhone", "iPhones"},
	{"HTTPServer", "HTTPServers"},
	{"HTTPPerson", "HTTPPeople"},
	{"XMLMatrix", "XMLMatrices"},
	/* acronyms in mixed-case names */
	{"userID", "userIDs"},
	{"imageURL", "imageURLs"},
	{"productSKU", "productSKUs"},
	{"deviceOS", "deviceOSes"},
	{"APIs", "APIs"},
	/* ALL CAPS */
	{"USER", "USERS"},
	{"CATEGORY", "CATEGORIES"},
	{"PERSON", "PEOPLE"},
	{"CHILD", "CHILDREN"},
	{"STATUS", "STATUSES"},
	{"BOX", "BOXES"},
	{"LEAF", "LEAVES"},
	{"SHEEP", "SHEEP"},
	{"USERS", "USERS"},
	{"ORDER_ITEM", "ORDER_ITEMS"},
	{"ORDER_CATEGORY", "ORDER_CATEGORIES"},
	{"USER_ID", "USER_IDS"},
	{"ID", "IDS"},
	/* digits */
	{"table1", "table1s"},
	{"address2", "address2s"},
	{"Box3", "Box3s"},
	{"TABLE1", "TABLE1S"},
	{"user_v2", "user_v2s"},
	{"v2Person", "v2People"},
	{"item2Category", "item2Categories"},
	{"md5hash", "md5hashes"},
	{"_1", "_1s"},
	/* underscores */
	{"_tmp", "_tmps"},
	{"__category", "__categories"},
	{"tmp_", "tmps_"},
	{"_person_", "_people_"},
	{"order__item", "order__items"},
	{"_", "_s"},
	{"__", "__s"},
	/* single letters */
	{"a", "as"},
	{"x", "xs"},
	{"s", "ss"},
	/* not GraphQL names: + "s" */
	{"", "s"},
	{"order-item", "order-items"},
	{"my category", "my categorys"},
	{"1person", "1persons"},
	{"caf\xc3\xa9", "caf\xc3\xa9s"},
	{"person!", "person!s"}
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

static int	passed;
static int	failed;

/* Check one pluralization against its expected result. */
static void
check(const char *name, const char *expected)
{
	char		out[512];
	int			len = gql_pluralize(name, out, sizeof(out));

	if (len < 0 || strcmp(out, expected) != 0 ||
		(size_t) len != strlen(expected))
	{
		printf("FAIL: pluralize(\"%s\") = \"%s\", expected \"%s\"\n",
			   name, len < 0 ? "(-1)" : out, expected);
		failed++;
	}
	else
		passed++;
}

/* Check a return value and the output buffer's content. */
static void
check_ret(const char *what, int got, int want, const char *out,
		  const char *want_out)
{
	if (got != want || strcmp(out, want_out) != 0)
	{
		printf("FAIL: %s = %d \"%s\", expected %d \"%s\"\n",
			   what, got, out, want, want_out);
		failed++;
	}
	else
		passed++;
}

/* Buffer sizes: exact fit, one byte short, zero, NULL arguments. */
static void
check_buffers(void)
{
	char		out[16];
	int			r;

	memset(out, 'X', sizeof(out));
	r = gql_pluralize("category", out, 11);	/* "categories" + NUL */
	check_ret("pluralize(\"category\", 11 bytes)", r, 10, out, "categories");

	memset(out, 'X', sizeof(out));
	out[sizeof(out) - 1] = '\0';
	r = gql_pluralize("category", out, 10);
	check_ret("pluralize(\"category\", 10 bytes)", r, -1, out, "");

	r = gql_pluralize("person", out, 7);	/* "people" + NUL */
	check_ret("pluralize(\"person\", 7 bytes)", r, 6, out, "people");

	r = gql_pluralize("person", out, 6);
	check_ret("pluralize(\"person\", 6 bytes)", r, -1, out, "");

	r = gql_pluralize("user", out, 1);
	check_ret("pluralize(\"user\", 1 byte)", r, -1, out, "");

	strcpy(out, "untouched");
	r = gql_pluralize("user", out, 0);
	check_ret("pluralize(\"user\", 0 bytes)", r, -1, out, "untouched");

	r = gql_pluralize(NULL, out, sizeof(out));
	check_ret("pluralize(NULL)", r, -1, out, "untouched");

	r = gql_pluralize("user", NULL, 16);
	check_ret("pluralize(\"user\", NULL)", r, -1, "", "");

	/* the output does not fit though the name does */
	r = gql_pluralize("sheep", out, 6);
	check_ret("pluralize(\"sheep\", 6 bytes)", r, 5, out, "sheep");
}

/* Long names: a 300-character last word, and a long snake_case name. */
static void
check_long(void)
{
	char		name[400];
	char		expected[400];
	char		out[400];
	int			r;

	memset(name, 'a', 300);
	memcpy(name + 300, "category", 9);
	memcpy(expected, name, 300);
	memcpy(expected + 300, "categories", 11);
	check(name, expected);

	memset(name, 'z', 300);
	memcpy(name + 300, "_person", 8);
	memcpy(expected, name, 300);
	memcpy(expected + 300, "_people", 8);
	check(name, expected);

	/* a long word that ends like a whole-word irregular is not one */
	memset(name, 'b', 300);
	memcpy(name + 300, "ox", 3);
	memcpy(expected, name, 300);
	memcpy(expected + 300, "oxes", 5);
	check(name, expected);

	memset(name, 'q', 300);
	memcpy(name + 300, "status", 7);
	r = gql_pluralize(name, out, 308);
	check_ret("pluralize(306-char name, 308 bytes)", r, -1, out, "");
	r = gql_pluralize(name, out, 309);
	memcpy(expected, name, 306);
	memcpy(expected + 306, "es", 3);
	check_ret("pluralize(306-char name, 309 bytes)", r, 308, out, expected);
}

/* Run every check; exit status 1 if any failed. */
int
main(void)
{
	size_t		i;

	for (i = 0; i < NCASES; i++)
		check(cases[i].name, cases[i].plural);
	check_buffers();
	check_long();
	printf("inflect: %d passed, %d failed\n", passed, failed);
	return failed > 0 ? 1 : 0;
}
