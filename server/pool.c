/*
 * pool.c
 *	  The database connections: a fixed pool of non-blocking libpq
 *	  connections driven by the h2o event loop, a queue of calls waiting
 *	  for one, reconnection after a failure, and the request timeout.
 *
 * Each connection prepares the one statement the server runs,
 *	  SELECT status, content_type, response FROM graphql.http($1, $2, $3)
 * and then runs one call at a time: a call is one round trip.  A
 * connection that fails answers its call with an error (a call is never
 * sent twice: it may have written) and connects again after a second.
 *
 * h2o watches a dup() of libpq's socket, so that h2o may close its own
 * descriptor whenever libpq changes or closes the socket.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "server.h"

#define STATEMENT "SELECT status, content_type, response, log FROM graphql.http($1, $2, $3::pg_catalog.json, $4::pg_catalog.bool)"
#define RETRY_MS 1000
#define TICK_MS 100

typedef enum ConnState
{
	C_DOWN,						/* waiting to connect again */
	C_CONNECTING,
	C_PREPARING,
	C_IDLE,
	C_BUSY
} ConnState;

typedef struct Pool Pool;

typedef struct Conn
{
	Pool	   *pool;
	int			index;
	PGconn	   *pg;
	ConnState	state;
	h2o_socket_t *sock;			/* watches a dup() of watchedFd */
	int			watchedFd;		/* libpq's socket that sock watches */
	Call	   *call;			/* running, or NULL (none, or abandoned) */
	bool		running;		/* a statement is in progress */
	bool		cancelSent;
	PGresult   *result;			/* the call's result, kept until the end */
	h2o_timeout_entry_t retry;
	bool		reported;		/* its failure is logged (failures to reconnect once per outage) */
} Conn;

/* The connections to one server: the primary, or a read replica. */
struct Pool
{
	const char *url;
	const char *name;			/* "primary" or "replica N", for the log */
	bool		replica;
	Conn	   *conns;
	h2o_linklist_t queue;		/* calls waiting for a connection */
};

static h2o_loop_t *loop;
static Pool primary;
static Pool *replicas;
static int	replicaCount;
static int	nextReplica;
static h2o_timeout_t retryTimeout;
static h2o_timeout_t tickTimeout;
static h2o_timeout_entry_t tick;
static bool closing;

static void on_readable(h2o_socket_t *sock, const char *err);
static void on_writable(h2o_socket_t *sock, const char *err);
static void conn_start(Conn *c);
static void dispatch(Pool *pool);

/* Stop watching the socket (before libpq closes or replaces it). */
static void
unwatch(Conn *c)
{
	if (c->sock != NULL)
	{
		h2o_socket_read_stop(c->sock);
		h2o_socket_close(c->sock);
		c->sock = NULL;
		c->watchedFd = -1;
	}
}

/* Watch libpq's current socket for reading, and for writing if asked. */
static void
watch(Conn *c, bool write)
{
	int			fd = PQsocket(c->pg);

	if (c->sock != NULL && c->watchedFd != fd)
		unwatch(c);
	if (c->sock == NULL)
	{
		int			copy = dup(fd);

		if (copy < 0)
		{
			log_message(LOG_ERROR, "pg-client", "dup of a database socket failed: %m");
			abort();
		}
		c->sock = h2o_evloop_socket_create(loop, copy, H2O_SOCKET_FLAG_DONT_READ);
		c->sock->data = c;
		c->watchedFd = fd;
	}
	h2o_socket_read_start(c->sock, on_readable);
	if (write && c->sock->_cb.write == NULL)
		h2o_socket_notify_write(c->sock, on_writable);
}

static void submit_to(Pool *pool, Call *call);

/*
 * Give the call its answer (once), unless it was abandoned.  A replica's
 * 421 (a mutation) or lost connection sends the call to the primary
 * instead: nothing was written on the replica.
 */
static void
finish_call(Conn *c, int status, const char *ct, const char *body, size_t len,
			const char *log, const char *sqlstate, const char *error)
{
	Call	   *call = c->call;

	c->call = NULL;
	if (call == NULL)
		return;
	call->conn = NULL;
	if (c->pool->replica &&
		(status == 421 || (sqlstate != NULL && (strncmp(sqlstate, "08", 2) == 0 ||
												strncmp(sqlstate, "57P", 3) == 0))))
	{
		log_message(LOG_DEBUG, "pg-client", "%s: the request goes to the primary (%s)",
					c->pool->name, status == 421 ? "a mutation" : "the connection failed");
		submit_to(&primary, call);
		return;
	}
	call->done(call, status, ct, body, len, log, sqlstate, error);
}

/* The connection failed: answer its call, close it, connect again later. */
static void
conn_fail(Conn *c, const char *why)
{
	char		msg[512];

	snprintf(msg, sizeof(msg), "%s", why && *why ? why : "the database connection failed");
	/* libpq's messages end with a newline */
	for (size_t n = strlen(msg); n > 0 && (msg[n - 1] == '\n' || msg[n - 1] == ' '); n--)
		msg[n - 1] = '\0';
	/* a broken connection is logged; failures to connect again once per outage */
	if (c->state != C_CONNECTING || !c->reported)
		log_message(c->state == C_CONNECTING ? LOG_WARN : LOG_ERROR, "pg-client",
					"%s connection %d: %s%s", c->pool->name, c->index, msg,
					c->state == C_CONNECTING ? " (trying again every second)" : "");
	c->reported = true;
	if (c->running)
		finish_call(c, 0, NULL, NULL, 0, NULL, "08006", msg);
	c->running = false;
	if (c->result)
		PQclear(c->result);
	c->result = NULL;
	unwatch(c);
	if (c->pg)
		PQfinish(c->pg);
	c->pg = NULL;
	c->state = C_DOWN;
	if (!closing)
		h2o_timeout_link(loop, &retryTimeout, &c->retry);
}

static void
on_retry(h2o_timeout_entry_t *entry)
{
	Conn	   *c = H2O_STRUCT_FROM_MEMBER(Conn, retry, entry);

	conn_start(c);
}

/* A statement was sent: flush it, then wait for its result. */
static void
flush(Conn *c)
{
	int			r = PQflush(c->pg);

	if (r < 0)
		conn_fail(c, PQerrorMessage(c->pg));
	else
		watch(c, r == 1);
}

static void
connect_poll(Conn *c)
{
	switch (PQconnectPoll(c->pg))
	{
		case PGRES_POLLING_READING:
			watch(c, false);
			return;
		case PGRES_POLLING_WRITING:
			watch(c, true);
			return;
		case PGRES_POLLING_OK:
			if (PQsetnonblocking(c->pg, 1) != 0 ||
				!PQsendPrepare(c->pg, "graphql_http", STATEMENT, 4, NULL))
			{
				conn_fail(c, PQerrorMessage(c->pg));
				return;
			}
			c->state = C_PREPARING;
			c->running = true;
			flush(c);
			return;
		default:
			conn_fail(c, PQerrorMessage(c->pg));
	}
}

/* Notices and errors outside a statement (a server shutting down) go to the log. */
static void
on_notice(void *arg, const char *message)
{
	Conn	   *c = arg;
	char		msg[512];

	snprintf(msg, sizeof(msg), "%s", message);
	for (size_t n = strlen(msg); n > 0 && msg[n - 1] == '\n'; n--)
		msg[n - 1] = '\0';
	log_message(LOG_WARN, "pg-client", "%s connection %d: %s", c->pool->name, c->index, msg);
}

static void
conn_start(Conn *c)
{
	const char *const keys[] = {"dbname", "application_name", "client_encoding", NULL};
	const char *const values[] = {c->pool->url, "graphql-server", "UTF8", NULL};

	if (closing)
		return;
	c->pg = PQconnectStartParams(keys, values, 1);
	c->state = C_CONNECTING;
	if (c->pg != NULL)
		PQsetNoticeProcessor(c->pg, on_notice, c);
	if (c->pg == NULL || PQstatus(c->pg) == CONNECTION_BAD)
	{
		conn_fail(c, c->pg ? PQerrorMessage(c->pg) : "out of memory");
		return;
	}
	connect_poll(c);
}

/* Results arrived (or the connection broke): take them. */
static void
take_results(Conn *c)
{
	if (!PQconsumeInput(c->pg))
	{
		conn_fail(c, PQerrorMessage(c->pg));
		return;
	}
	while (!PQisBusy(c->pg))
	{
		PGresult   *res = PQgetResult(c->pg);

		if (res == NULL)
			break;
		if (c->result)
			PQclear(c->result);
		c->result = res;
	}
	if (PQisBusy(c->pg))
	{
		flush(c);
		return;
	}

	/* the statement is done */
	c->running = false;
	c->cancelSent = false;
	if (c->state == C_PREPARING)
	{
		if (c->result == NULL || PQresultStatus(c->result) != PGRES_COMMAND_OK)
		{
			char		why[512];

			snprintf(why, sizeof(why), "cannot prepare the call of graphql.http (is the extension "
					 "installed in this database?): %s",
					 c->result ? PQresultErrorMessage(c->result) : PQerrorMessage(c->pg));
			conn_fail(c, why);
			return;
		}
		if (c->reported)
			log_message(LOG_INFO, "pg-client", "%s connection %d is up again", c->pool->name, c->index);
		c->reported = false;
	}
	else if (c->result != NULL && PQresultStatus(c->result) == PGRES_TUPLES_OK &&
			 PQntuples(c->result) == 1 && PQnfields(c->result) == 4)
		finish_call(c, atoi(PQgetvalue(c->result, 0, 0)), PQgetvalue(c->result, 0, 1),
					PQgetvalue(c->result, 0, 2), PQgetlength(c->result, 0, 2),
					PQgetisnull(c->result, 0, 3) ? NULL : PQgetvalue(c->result, 0, 3), NULL, NULL);
	else if (c->result != NULL && PQresultStatus(c->result) == PGRES_TUPLES_OK &&
			 PQnfields(c->result) == 1)
		finish_call(c, 200, "text/plain", PQgetvalue(c->result, 0, 0),
					PQgetlength(c->result, 0, 0), NULL, NULL, NULL);	/* the health check */
	else
	{
		const char *state = c->result ? PQresultErrorField(c->result, PG_DIAG_SQLSTATE) : NULL;
		const char *msg = c->result ? PQresultErrorField(c->result, PG_DIAG_MESSAGE_PRIMARY) : NULL;

		finish_call(c, 0, NULL, NULL, 0, NULL, state ? state : "XX000",
					msg ? msg : PQerrorMessage(c->pg));
	}
	if (c->result)
		PQclear(c->result);
	c->result = NULL;
	if (PQstatus(c->pg) == CONNECTION_BAD)
	{
		conn_fail(c, PQerrorMessage(c->pg));
		return;
	}
	c->state = C_IDLE;
	dispatch(c->pool);
}

static void
on_readable(h2o_socket_t *sock, const char *err)
{
	Conn	   *c = sock->data;

	(void) err;
	if (c->state == C_CONNECTING)
		connect_poll(c);
	else if (c->running)
		take_results(c);
	else if (!PQconsumeInput(c->pg) || PQstatus(c->pg) == CONNECTION_BAD)
		conn_fail(c, PQerrorMessage(c->pg));	/* an idle connection closed */
	else
	{
		PGnotify   *n;

		while ((n = PQnotifies(c->pg)) != NULL)
			PQfreemem(n);
	}
}

static void
on_writable(h2o_socket_t *sock, const char *err)
{
	Conn	   *c = sock->data;

	(void) err;
	if (c->state == C_CONNECTING)
		connect_poll(c);
	else if (c->running)
		flush(c);
}

/* Send a call on an idle connection. */
static void
conn_send(Conn *c, Call *call)
{
	int			ok;

	c->call = call;
	call->conn = c;
	c->state = C_BUSY;
	c->running = true;
	if (call->params[0] == NULL)
		ok = PQsendQueryParams(c->pg, "SELECT 'OK'", 0, NULL, NULL, NULL, NULL, 0);
	else
		ok = PQsendQueryPrepared(c->pg, "graphql_http", 4, call->params, NULL, NULL, 0);
	if (!ok)
	{
		conn_fail(c, PQerrorMessage(c->pg));
		return;
	}
	flush(c);
}

/* Start queued calls on idle connections. */
static void
dispatch(Pool *pool)
{
	for (int i = 0; i < config.connections && !h2o_linklist_is_empty(&pool->queue); i++)
	{
		Conn	   *c = &pool->conns[i];
		Call	   *call;

		if (c->state != C_IDLE)
			continue;
		call = H2O_STRUCT_FROM_MEMBER(Call, queued, pool->queue.next);
		h2o_linklist_unlink(&call->queued);
		conn_send(c, call);
	}
}

/* Whether a pool has a connection that is up (or, with connecting, may be about to be). */
static bool
pool_up(const Pool *pool, bool connecting)
{
	for (int i = 0; i < config.connections; i++)
		if (pool->conns[i].state == C_IDLE || pool->conns[i].state == C_BUSY ||
			(connecting && pool->conns[i].state != C_DOWN))
			return true;
	return false;
}

static void
submit_to(Pool *pool, Call *call)
{
	call->conn = NULL;
	call->params[3] = pool->replica ? "t" : "f";
	if (!pool_up(pool, true))
	{
		/* every connection failed and waits to try again: no point in waiting */
		call->done(call, 0, NULL, NULL, 0, NULL, "08006", "the database is unavailable: no connection "
				   "to it could be made");
		return;
	}
	h2o_linklist_insert(&pool->queue, &call->queued);
	dispatch(pool);
}

/*
 * Send a call: a request to the next read replica that is up (the database
 * sends a mutation back), the health check and everything else to the
 * primary.
 */
void
pool_submit(Call *call)
{
	if (call->params[0] != NULL)
		for (int k = 0; k < replicaCount; k++)
		{
			Pool	   *r = &replicas[nextReplica++ % replicaCount];

			if (pool_up(r, false))
			{
				submit_to(r, call);
				return;
			}
		}
	submit_to(&primary, call);
}

/* The caller no longer wants the answer (the client went away). */
void
pool_abandon(Call *call)
{
	if (h2o_linklist_is_linked(&call->queued))
		h2o_linklist_unlink(&call->queued);
	if (call->conn != NULL)
		call->conn->call = NULL;	/* the statement finishes; its answer is dropped */
	call->conn = NULL;
}

/* Cancel a statement (PQcancel blocks: on a thread of its own). */
static void *
cancel_thread(void *arg)
{
	PGcancel   *cancel = arg;
	char		err[256];

	if (!PQcancel(cancel, err, sizeof(err)))
		log_message(LOG_WARN, "pg-client", "cancelling a timed-out request failed: %s", err);
	PQfreeCancel(cancel);
	return NULL;
}

static void
send_cancel(Conn *c)
{
	PGcancel   *cancel = PQgetCancel(c->pg);
	pthread_t	thread;

	c->cancelSent = true;
	c->call->timedOut = true;
	if (cancel == NULL)
		return;
	if (pthread_create(&thread, NULL, cancel_thread, cancel) != 0)
	{
		PQfreeCancel(cancel);
		return;
	}
	pthread_detach(thread);
}

/* Time out calls past their deadline: queued ones now, running ones by a cancel. */
static void
pool_timeouts(Pool *pool, uint64_t now)
{
	h2o_linklist_t *node = pool->queue.next;

	while (node != &pool->queue)
	{
		Call	   *call = H2O_STRUCT_FROM_MEMBER(Call, queued, node);

		node = node->next;
		if (call->deadline != 0 && now >= call->deadline)
		{
			h2o_linklist_unlink(&call->queued);
			call->done(call, 0, NULL, NULL, 0, NULL, "57014",
					   "the request timed out waiting for a database connection");
		}
	}
	for (int i = 0; i < config.connections; i++)
	{
		Conn	   *c = &pool->conns[i];

		if (c->state == C_BUSY && c->call != NULL && !c->cancelSent &&
			c->call->deadline != 0 && now >= c->call->deadline)
			send_cancel(c);
	}
}

void
pool_check_timeouts(uint64_t now)
{
	pool_timeouts(&primary, now);
	for (int k = 0; k < replicaCount; k++)
		pool_timeouts(&replicas[k], now);
}

static void
on_tick(h2o_timeout_entry_t *entry)
{
	pool_check_timeouts(h2o_now(loop));
	h2o_timeout_link(loop, &tickTimeout, entry);
}

static void
pool_open(Pool *pool, const char *url, const char *name, bool replica)
{
	pool->url = url;
	pool->name = name;
	pool->replica = replica;
	h2o_linklist_init_anchor(&pool->queue);
	pool->conns = calloc(config.connections, sizeof(Conn));
	if (pool->conns == NULL)
		abort();
	for (int i = 0; i < config.connections; i++)
	{
		pool->conns[i].pool = pool;
		pool->conns[i].index = i;
		pool->conns[i].watchedFd = -1;
		pool->conns[i].retry.cb = on_retry;
		conn_start(&pool->conns[i]);
	}
}

/* The pools: the primary, and one per URL of HASURA_GRAPHQL_READ_REPLICA_URLS. */
void
pool_init(h2o_loop_t *l)
{
	loop = l;
	h2o_timeout_init(loop, &retryTimeout, RETRY_MS);
	h2o_timeout_init(loop, &tickTimeout, TICK_MS);
	tick.cb = on_tick;
	h2o_timeout_link(loop, &tickTimeout, &tick);
	pool_open(&primary, config.databaseUrl, "primary", false);
	replicaCount = config.replicaCount;
	replicas = calloc(replicaCount > 0 ? replicaCount : 1, sizeof(Pool));
	if (replicas == NULL)
		abort();
	for (int k = 0; k < replicaCount; k++)
	{
		char	   *name = malloc(32);

		if (name == NULL)
			abort();
		snprintf(name, 32, "replica %d", k + 1);
		pool_open(&replicas[k], config.replicaUrls[k], name, true);
	}
}

/* Close every connection (at exit). */
static void
pool_shut(Pool *pool)
{
	for (int i = 0; i < config.connections; i++)
	{
		Conn	   *c = &pool->conns[i];

		if (h2o_timeout_is_linked(&c->retry))
			h2o_timeout_unlink(&c->retry);
		unwatch(c);
		if (c->pg)
			PQfinish(c->pg);
		c->pg = NULL;
	}
}

void
pool_close(void)
{
	closing = true;
	pool_shut(&primary);
	for (int k = 0; k < replicaCount; k++)
		pool_shut(&replicas[k]);
	if (h2o_timeout_is_linked(&tick))
		h2o_timeout_unlink(&tick);
}
