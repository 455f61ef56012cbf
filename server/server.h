/*
 * server.h
 *	  graphql-server: the thin HTTP front of the graphql extension.
 *
 * The program moves bytes: each HTTP request becomes one call of
 * graphql.http(method, request, headers) on a pooled libpq connection, and
 * the call's status, content type and body become the HTTP response.  No
 * GraphQL, JSON parsing or JWT code lives here (docs/server.md).
 *
 *	config.c	settings from HASURA_GRAPHQL_* variables and flags
 *	pool.c		the libpq connections: connect, call, reconnect
 *	handler.c	the HTTP endpoints (h2o)
 *	log.c		one JSON line per request, and the program's messages
 *	main.c		start, the event loop, graceful shutdown
 */
#ifndef GRAPHQL_SERVER_H
#define GRAPHQL_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define H2O_USE_LIBUV 0
#include "h2o.h"

#define SERVER_VERSION "0.1.0"

/* What the program was told. */
typedef struct Config
{
	const char *databaseUrl;	/* libpq connection string or URI */
	const char *host;			/* address to listen on */
	int			port;
	int			connections;	/* size of the pool */
	bool		enableConsole;
	const char *consoleDir;		/* GraphiQL assets */
	const char *corsDomain;		/* "*" or a comma-separated list of origins */
	bool		disableCors;
	int			logLevel;		/* LOG_DEBUG .. LOG_ERROR */
	size_t		maxBodySize;	/* bytes of a request body */
	int			requestTimeout; /* seconds a request may wait and run; 0: none */
	bool		unauthenticated;	/* allow a database that verifies no tokens */
	const char *adminSecret;	/* checked at start against graphql.admin_secret */
	const char *unauthorizedRole;	/* checked at start against graphql.anon_role */
	const char *readReplicaUrls;	/* comma-separated */
	const char **replicaUrls;	/* readReplicaUrls split */
	int			replicaCount;
	int			shutdownTimeout;	/* seconds in-flight requests get at SIGTERM */
} Config;

enum
{
	LOG_DEBUG,
	LOG_INFO,
	LOG_WARN,
	LOG_ERROR
};

extern Config config;
extern bool server_stopping;	/* SIGTERM: draining (main.c) */

/* config.c */
extern bool config_load(int argc, char **argv);

/* A growing byte buffer (log.c). */
typedef struct Buf
{
	char	   *data;
	size_t		len;
	size_t		cap;
} Buf;

/* log.c */
extern void buf_append(Buf *buf, const char *s, size_t n);
extern void buf_printf(Buf *buf, const char *fmt,...) __attribute__((format(printf, 2, 3)));
extern void buf_json_string(Buf *buf, const char *s, size_t n);
extern void buf_free(Buf *buf);
extern bool log_enabled(int level);
extern void log_line(int level, const char *type, const char *detailJson);
extern void log_message(int level, const char *type, const char *fmt,...) __attribute__((format(printf, 3, 4)));

/* A call of graphql.http waiting for or holding a connection. */
typedef struct Call Call;

typedef void (*CallDone) (Call *call, int status, const char *contentType, const char *body,
						  size_t bodyLen, const char *log, const char *sqlstate, const char *error);

struct Call
{
	h2o_linklist_t queued;		/* in the pool's queue while waiting */
	struct Conn *conn;			/* the connection running it, or NULL */
	const char *params[4];		/* method, request, headers, read_only; method NULL: health check */
	CallDone	done;			/* called once, unless cancelled first */
	void	   *arg;
	uint64_t	deadline;		/* loop time (ms) after which it times out */
	bool		timedOut;		/* the server cancelled it at its deadline */
};

/* pool.c */
extern void pool_init(h2o_loop_t *loop);
extern void pool_submit(Call *call);
extern void pool_abandon(Call *call);
extern void pool_check_timeouts(uint64_t now);
extern void pool_close(void);

/* handler.c */
extern void handler_register(h2o_globalconf_t *globalconf);
extern void handler_set_loop(h2o_loop_t *loop);
extern int	handler_in_flight(void);

#endif							/* GRAPHQL_SERVER_H */
