/*
 * main.c
 *	  graphql-server: read the settings, check the database, listen, and run
 *	  the event loop until SIGTERM or SIGINT; then stop accepting, let the
 *	  requests in flight finish (HASURA_GRAPHQL_GRACEFUL_SHUTDOWN_TIMEOUT),
 *	  and exit.
 */
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "server.h"

#define MAX_LISTENERS 8

static h2o_globalconf_t globalconf;
static h2o_context_t ctx;
static h2o_accept_ctx_t acceptCtx;
static h2o_socket_t *listeners[MAX_LISTENERS];
static int	listenerCount;
bool		server_stopping;
static uint64_t stopDeadline;

static void
on_accept(h2o_socket_t *listener, const char *err)
{
	h2o_socket_t *sock;

	if (err != NULL)
		return;
	while ((sock = h2o_evloop_socket_accept(listener)) != NULL)
		h2o_accept(&acceptCtx, sock);
}

static bool
listen_on(const char *host, int port)
{
	struct addrinfo hints = {.ai_flags = AI_PASSIVE, .ai_socktype = SOCK_STREAM};
	struct addrinfo *res;
	char		service[16];
	int			rc;

	snprintf(service, sizeof(service), "%d", port);
	rc = getaddrinfo(strcmp(host, "*") == 0 ? NULL : host, service, &hints, &res);
	if (rc != 0)
	{
		log_message(LOG_ERROR, "startup", "cannot resolve the address %s: %s", host, gai_strerror(rc));
		return false;
	}
	for (struct addrinfo *ai = res; ai != NULL && listenerCount < MAX_LISTENERS; ai = ai->ai_next)
	{
		int			fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		int			one = 1;

		if (fd < 0)
			continue;
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (ai->ai_family == AF_INET6)
			setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof(one));
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0)
		{
			log_message(LOG_ERROR, "startup", "cannot listen on %s port %d: %s", host, port, strerror(errno));
			close(fd);
			freeaddrinfo(res);
			return false;
		}
		listeners[listenerCount] = h2o_evloop_socket_create(ctx.loop, fd, H2O_SOCKET_FLAG_DONT_READ);
		h2o_socket_read_start(listeners[listenerCount++], on_accept);
	}
	freeaddrinfo(res);
	return listenerCount > 0;
}

/*
 * HASURA_GRAPHQL_ADMIN_SECRET must be the database's graphql.admin_secret:
 * a request with it must not be refused.
 */
static bool
check_admin_secret(PGconn *pg)
{
	const char *params[1] = {config.adminSecret};
	PGresult   *res = PQexecParams(pg, "SELECT response FROM graphql.http('POST', "
								   "'{\"query\": \"{ __typename }\"}', "
								   "pg_catalog.json_build_object('x-hasura-admin-secret', $1::text))",
								   1, NULL, params, NULL, NULL, 0);
	bool		ok = PQresultStatus(res) == PGRES_TUPLES_OK &&
		strstr(PQgetvalue(res, 0, 0), "\"access-denied\"") == NULL;

	if (!ok)
		log_message(LOG_ERROR, "startup", "the database refuses HASURA_GRAPHQL_ADMIN_SECRET: the "
					"database verifies the admin secret, so set it there too (ALTER SYSTEM SET "
					"graphql.admin_secret = '...'; SELECT pg_reload_conf())");
	PQclear(res);
	return ok;
}

/*
 * Before serving: the database must answer, have the extension, and verify
 * tokens itself unless told that it need not (--unauthenticated).
 */
static bool
check_database(void)
{
	const char *const keys[] = {"dbname", "application_name", "client_encoding", NULL};
	const char *const values[] = {config.databaseUrl, "graphql-server", "UTF8", NULL};
	PGconn	   *pg = PQconnectdbParams(keys, values, 1);
	PGresult   *res;
	bool		ok = false;

	if (PQstatus(pg) != CONNECTION_OK)
	{
		log_message(LOG_ERROR, "startup", "cannot connect to the database: %s", PQerrorMessage(pg));
		PQfinish(pg);
		return false;
	}
	res = PQexec(pg, "SELECT graphql.auth_mode(), current_user, "
				 "pg_catalog.current_setting('graphql.anon_role', true)");
	if (PQresultStatus(res) != PGRES_TUPLES_OK)
		log_message(LOG_ERROR, "startup", "the database has no usable graphql extension (CREATE "
					"EXTENSION graphql): %s", PQresultErrorMessage(res));
	else
	{
		const char *mode = PQgetvalue(res, 0, 0);
		const char *login = PQgetvalue(res, 0, 1);
		const char *anon = PQgetvalue(res, 0, 2);

		ok = true;
		if (strcmp(mode, "jwt") == 0)
			log_message(LOG_INFO, "startup", "the database verifies tokens (graphql.jwt_secret); "
						"requests run as the roles their tokens name, or graphql.anon_role");
		else if (strcmp(mode, "admin_secret") == 0)
			log_message(LOG_INFO, "startup", "the database verifies the admin secret "
						"(graphql.admin_secret) and no tokens; other requests run as graphql.anon_role");
		else if (strcmp(mode, "caller") == 0 && config.unauthenticated)
			log_message(LOG_WARN, "startup", "the database verifies no tokens (graphql.jwt_secret "
						"is unset): every request runs with the privileges of the database login "
						"\"%s\", and nothing verifies the headers it passes (--unauthenticated)", login);
		else
		{
			log_message(LOG_ERROR, "startup", "the database verifies no tokens (graphql.jwt_secret "
						"is %s), so every request would run with the privileges of the database "
						"login \"%s\"; configure graphql.jwt_secret or graphql.admin_secret, or "
						"start with --unauthenticated (GRAPHQL_SERVER_UNAUTHENTICATED=true) to "
						"accept that", strcmp(mode, "refused") == 0 ? "refused" : "unset", login);
			ok = false;
		}
		if (ok && config.unauthorizedRole != NULL && strcmp(config.unauthorizedRole, anon) != 0)
		{
			log_message(LOG_ERROR, "startup", "HASURA_GRAPHQL_UNAUTHORIZED_ROLE is \"%s\" but the "
						"database's graphql.anon_role is \"%s\": the database decides, so set it "
						"there (ALTER SYSTEM SET graphql.anon_role = '%s', or ALTER ROLE %s SET "
						"graphql.anon_role = '%s')", config.unauthorizedRole, anon,
						config.unauthorizedRole, login, config.unauthorizedRole);
			ok = false;
		}
		if (ok && config.adminSecret != NULL)
			ok = check_admin_secret(pg);
	}
	PQclear(res);
	PQfinish(pg);
	return ok;
}

static void
stop_listening(void)
{
	for (int i = 0; i < listenerCount; i++)
	{
		h2o_socket_read_stop(listeners[i]);
		h2o_socket_close(listeners[i]);
	}
	listenerCount = 0;
}

static void
on_signal(h2o_socket_t *sock, const char *err)
{
	struct signalfd_siginfo si;
	int			fd = h2o_socket_get_fd(sock);

	(void) err;
	while (read(fd, &si, sizeof(si)) == sizeof(si))
	{
		if (server_stopping)
			continue;
		server_stopping = true;
		stopDeadline = h2o_now(ctx.loop) + config.shutdownTimeout * 1000ULL;
		log_message(LOG_INFO, "shutdown", "shutting down: no new connections; %d requests in flight",
					handler_in_flight());
		stop_listening();
		/* idle keep-alive connections close; busy ones after their answer */
		h2o_context_request_shutdown(&ctx);
	}
}

int
main(int argc, char **argv)
{
	sigset_t	mask;
	int			sfd;
	h2o_socket_t *signals;

	if (!config_load(argc, argv))
		return 1;
	signal(SIGPIPE, SIG_IGN);
	if (!check_database())
		return 1;

	h2o_config_init(&globalconf);
	globalconf.max_request_entity_size = config.maxBodySize;
	globalconf.server_name = h2o_iovec_init(H2O_STRLIT("graphql-server"));
	handler_register(&globalconf);
	h2o_context_init(&ctx, h2o_evloop_create(), &globalconf);
	acceptCtx.ctx = &ctx;
	acceptCtx.hosts = globalconf.hosts;
	handler_set_loop(ctx.loop);

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigprocmask(SIG_BLOCK, &mask, NULL);
	sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
	signals = h2o_evloop_socket_create(ctx.loop, sfd, H2O_SOCKET_FLAG_DONT_READ);
	h2o_socket_read_start(signals, on_signal);

	pool_init(ctx.loop);
	if (!listen_on(config.host, config.port))
		return 1;
	log_message(LOG_INFO, "startup", "graphql-server %s listening on %s port %d with %d database "
				"connections%s%s", SERVER_VERSION, config.host, config.port, config.connections,
				config.replicaCount > 0 ? " to the primary and to each read replica" : "",
				config.enableConsole ? "; console at /console" : "");

	for (;;)
	{
		h2o_evloop_run(ctx.loop, server_stopping ? 100 : INT32_MAX);
		if (server_stopping && (handler_in_flight() == 0 || h2o_now(ctx.loop) >= stopDeadline))
			break;
	}
	log_message(LOG_INFO, "shutdown", "stopped with %d requests in flight", handler_in_flight());
	pool_close();
	return 0;					/* h2o's context and loop end with the process */
}
