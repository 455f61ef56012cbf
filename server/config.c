/*
 * config.c
 *	  Settings by Hasura's names: HASURA_GRAPHQL_* environment variables,
 *	  or the same as command-line flags (flags win), so that a deployment's
 *	  manifests carry over.  A HASURA_GRAPHQL_* variable this server does not
 *	  honour stops the start with a message: none is silently ignored.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "server.h"

#ifndef CONSOLE_DIR
#define CONSOLE_DIR "/usr/share/postgresql/15/graphql-server/console"
#endif

extern char **environ;

Config		config = {
	.databaseUrl = "",
	.host = "*",
	.port = 8080,
	.connections = 50,
	.consoleDir = CONSOLE_DIR,
	.corsDomain = "*",
	.logLevel = LOG_INFO,
	.maxBodySize = 1024 * 1024,
	.requestTimeout = 60,
	.shutdownTimeout = 60,
};

typedef enum Kind
{
	K_STRING,
	K_INT,
	K_BOOL,
	K_LEVEL
} Kind;

typedef struct Setting
{
	const char *env;			/* environment variable */
	const char *flag;			/* command-line flag, without "--" */
	Kind		kind;
	void	   *target;
	long		min;
	long		max;
	const char *help;
} Setting;

static const Setting settings[] = {
	{"HASURA_GRAPHQL_DATABASE_URL", "database-url", K_STRING, &config.databaseUrl, 0, 0,
	"PostgreSQL connection URI or string (libpq); empty: libpq's PG* defaults"},
	{"HASURA_GRAPHQL_SERVER_HOST", "server-host", K_STRING, &config.host, 0, 0,
	"address to listen on; * for every address (default *)"},
	{"HASURA_GRAPHQL_SERVER_PORT", "server-port", K_INT, &config.port, 1, 65535,
	"port to listen on (default 8080)"},
	{"HASURA_GRAPHQL_PG_CONNECTIONS", "connections", K_INT, &config.connections, 1, 10000,
	"database connections in the pool (default 50)"},
	{"HASURA_GRAPHQL_ENABLE_CONSOLE", "enable-console", K_BOOL, &config.enableConsole, 0, 0,
	"serve the GraphiQL console at /console (default false)"},
	{"HASURA_GRAPHQL_CONSOLE_ASSETS_DIR", "console-assets-dir", K_STRING, &config.consoleDir, 0, 0,
	"directory of the console's files (default: installed with the server)"},
	{"HASURA_GRAPHQL_CORS_DOMAIN", "cors-domain", K_STRING, &config.corsDomain, 0, 0,
	"origins allowed by CORS: * or a comma-separated list (default *)"},
	{"HASURA_GRAPHQL_DISABLE_CORS", "disable-cors", K_BOOL, &config.disableCors, 0, 0,
	"send no CORS headers (default false)"},
	{"HASURA_GRAPHQL_LOG_LEVEL", "log-level", K_LEVEL, &config.logLevel, 0, 0,
	"debug, info, warn or error (default info)"},
	{"HASURA_GRAPHQL_GRACEFUL_SHUTDOWN_TIMEOUT", "graceful-shutdown-timeout", K_INT,
		&config.shutdownTimeout, 0, 86400,
	"seconds in-flight requests may take after SIGTERM (default 60)"},
	{"GRAPHQL_SERVER_MAX_BODY_SIZE", "max-body-size", K_INT, &config.maxBodySize, 1, 1L << 30,
	"largest request body in bytes (default 1048576)"},
	{"GRAPHQL_SERVER_REQUEST_TIMEOUT", "request-timeout", K_INT, &config.requestTimeout, 0, 86400,
	"seconds a request may wait and run before it is cancelled; 0: no limit (default 60)"},
	{"GRAPHQL_SERVER_UNAUTHENTICATED", "unauthenticated", K_BOOL, &config.unauthenticated, 0, 0,
	"start even if the database verifies no tokens (graphql.jwt_secret unset): every request "
	"then runs with the privileges of the database login (docs/server.md)"},
	{"HASURA_GRAPHQL_ADMIN_SECRET", "admin-secret", K_STRING, &config.adminSecret, 0, 0,
	"the admin secret; the database verifies it (graphql.admin_secret): the server checks at "
	"start that the two agree"},
	{"HASURA_GRAPHQL_UNAUTHORIZED_ROLE", "unauthorized-role", K_STRING, &config.unauthorizedRole, 0, 0,
	"the role of requests without a token; the database decides (graphql.anon_role): the "
	"server checks at start that the two agree"},
	{"HASURA_GRAPHQL_READ_REPLICA_URLS", "read-replica-urls", K_STRING, &config.readReplicaUrls, 0, 0,
	"hot standbys, comma-separated libpq URIs: queries go to them in turn, mutations to the "
	"primary; one that fails is skipped until it answers again"},
};

/* Hasura variables that change nothing here, honoured as they are. */
static const char *const harmless[] = {
	"HASURA_GRAPHQL_ENABLE_TELEMETRY",	/* this server sends no telemetry */
	NULL
};

static void
usage(void)
{
	printf("graphql-server %s: the HTTP front of the graphql PostgreSQL extension\n\n"
		   "Usage: graphql-server [--flag value ...]\n\n", SERVER_VERSION);
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
	{
		const Setting *s = &settings[i];

		printf("  --%-28s %s\n  %-30s %s\n", s->flag, s->kind == K_BOOL ? "" : "VALUE", "",
			   s->env);
		printf("  %-30s %s\n\n", "", s->help);
	}
	printf("HASURA_GRAPHQL_JWT_SECRET has no effect: the database verifies tokens "
		   "(graphql.jwt_secret).\n");
}

static bool
set_value(const Setting *s, const char *value, const char *from)
{
	char	   *end;
	long		n;

	switch (s->kind)
	{
		case K_STRING:
			*(const char **) s->target = value;
			return true;
		case K_INT:
			errno = 0;
			n = strtol(value, &end, 10);
			if (errno != 0 || end == value || *end != '\0' || n < s->min || n > s->max)
			{
				fprintf(stderr, "graphql-server: %s must be an integer from %ld to %ld, not \"%s\"\n",
						from, s->min, s->max, value);
				return false;
			}
			if (s->target == &config.maxBodySize)
				config.maxBodySize = (size_t) n;
			else
				*(int *) s->target = (int) n;
			return true;
		case K_BOOL:
			if (strcasecmp(value, "true") == 0)
				*(bool *) s->target = true;
			else if (strcasecmp(value, "false") == 0)
				*(bool *) s->target = false;
			else
			{
				fprintf(stderr, "graphql-server: %s must be true or false, not \"%s\"\n", from, value);
				return false;
			}
			return true;
		case K_LEVEL:
			{
				static const char *const names[] = {"debug", "info", "warn", "error"};

				for (int i = 0; i < 4; i++)
					if (strcasecmp(value, names[i]) == 0)
					{
						*(int *) s->target = i;
						return true;
					}
				fprintf(stderr, "graphql-server: %s must be debug, info, warn or error, not \"%s\"\n",
						from, value);
				return false;
			}
	}
	return false;
}

static const Setting *
find_env(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(settings) / sizeof(settings[0]); i++)
		if (strlen(settings[i].env) == len && strncmp(settings[i].env, name, len) == 0)
			return &settings[i];
	return NULL;
}

/*
 * Read the environment, then the flags.  False (after a message on stderr)
 * if the program must not start; exits for --help and --version.
 */
bool
config_load(int argc, char **argv)
{
	bool		ok = true;

	for (char **e = environ; *e != NULL; e++)
	{
		const char *eq = strchr(*e, '=');
		size_t		len = eq ? (size_t) (eq - *e) : strlen(*e);
		const Setting *s;
		bool		known = false;

		if (strncmp(*e, "HASURA_GRAPHQL_", 15) != 0 && strncmp(*e, "GRAPHQL_SERVER_", 15) != 0)
			continue;
		if ((s = find_env(*e, len)) != NULL)
		{
			char		name[128];

			snprintf(name, sizeof(name), "%.*s", (int) len, *e);
			ok &= set_value(s, eq ? eq + 1 : "", name);
			continue;
		}
		if (len == strlen("HASURA_GRAPHQL_JWT_SECRET") && strncmp(*e, "HASURA_GRAPHQL_JWT_SECRET", len) == 0)
		{
			fprintf(stderr, "graphql-server: HASURA_GRAPHQL_JWT_SECRET has no effect here: the database "
					"verifies tokens with its own setting graphql.jwt_secret (ALTER SYSTEM SET "
					"graphql.jwt_secret = '...'), so that every SQL client is held to the same rules\n");
			continue;
		}
		for (const char *const *h = harmless; *h != NULL; h++)
			known |= strlen(*h) == len && strncmp(*h, *e, len) == 0;
		if (known)
			continue;
		fprintf(stderr, "graphql-server: the environment variable %.*s is not supported by "
				"graphql-server, and is refused rather than ignored (docs/server.md lists the "
				"settings)\n", (int) len, *e);
		ok = false;
	}

	for (int i = 1; i < argc; i++)
	{
		const char *arg = argv[i];

		const Setting *s = NULL;
		const char *value = NULL;
		const char *eq;

		if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0)
		{
			usage();
			exit(0);
		}
		if (strcmp(arg, "--version") == 0)
		{
			printf("graphql-server %s\n", SERVER_VERSION);
			exit(0);
		}
		if (strncmp(arg, "--", 2) == 0)
		{
			size_t		len;

			arg += 2;
			eq = strchr(arg, '=');
			len = eq ? (size_t) (eq - arg) : strlen(arg);
			for (size_t k = 0; k < sizeof(settings) / sizeof(settings[0]); k++)
				if (strlen(settings[k].flag) == len && strncmp(settings[k].flag, arg, len) == 0)
					s = &settings[k];
			if (s != NULL)
			{
				if (eq != NULL)
					value = eq + 1;
				else if (s->kind == K_BOOL && (i + 1 >= argc || strncmp(argv[i + 1], "--", 2) == 0))
					value = "true";
				else if (i + 1 < argc)
					value = argv[++i];
			}
		}
		if (s == NULL)
		{
			fprintf(stderr, "graphql-server: unknown argument \"%s\" (--help lists them)\n", argv[i]);
			ok = false;
			continue;
		}
		if (value == NULL)
		{
			fprintf(stderr, "graphql-server: --%s needs a value\n", s->flag);
			ok = false;
			continue;
		}
		{
			char		from[160];

			snprintf(from, sizeof(from), "--%s", s->flag);
			ok &= set_value(s, value, from);
		}
	}
	if (ok && config.readReplicaUrls != NULL && config.readReplicaUrls[0] != '\0')
	{
		char	   *list = strdup(config.readReplicaUrls);
		char	   *save = NULL;

		config.replicaUrls = calloc(strlen(list) / 2 + 2, sizeof(char *));
		if (list == NULL || config.replicaUrls == NULL)
			abort();
		for (char *url = strtok_r(list, ",", &save); url != NULL; url = strtok_r(NULL, ",", &save))
		{
			while (*url == ' ')
				url++;
			if (*url != '\0')
				config.replicaUrls[config.replicaCount++] = url;
		}
	}
	return ok;
}
