/*
 * handler.c
 *	  The HTTP endpoints, on h2o:
 *
 *	POST, GET /v1/graphql	one call of graphql.http (the database answers)
 *	GET /healthz			OK if the database answers, ERROR (500) if not
 *	GET /v1/version			{"version": ...}
 *	/console				the GraphiQL console's files, if enabled
 *
 * Every other answer of the server's own (a body too large, an unknown
 * path, a database that went away, a timeout) is a GraphQL error JSON with
 * a Hasura-style code.  Each request gets an X-Request-Id (the client's, if
 * it sent a sane one), CORS headers as configured, and one log line.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>

#include "server.h"

#define JSON_TYPE "application/json; charset=utf-8"

/* where h2o fetches the body of an error it answers itself (errordoc) */
#define ERROR_PATH "/.graphql-server/error/"

/* One HTTP request in progress: lives in the request's memory pool. */
typedef struct Request
{
	Call		call;
	h2o_req_t  *req;			/* NULL once the client has gone */
	bool		waiting;		/* the call has not answered */
	uint64_t	started;		/* loop time, ms */
	struct timespec startedAt;
	char		id[72];
} Request;

static h2o_loop_t *loop;
static int	inFlight;

int
handler_in_flight(void)
{
	return inFlight;
}

static double
elapsed_seconds(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - since->tv_sec) + (now.tv_nsec - since->tv_nsec) / 1e9;
}

/*
 * 16 random bytes for a request id, from xoshiro128** seeded once from the
 * kernel: ids must be unique, not secret, and a getrandom() per request
 * was one system call in seven.
 */
static void
random_bytes(unsigned char *out)
{
	static uint32_t st[4];
	static bool seeded;

	if (!seeded)
	{
		if (getrandom(st, sizeof(st), 0) != sizeof(st) || (st[0] | st[1] | st[2] | st[3]) == 0)
			st[0] = (uint32_t) time(NULL) | 1;
		seeded = true;
	}
	for (int k = 0; k < 4; k++)
	{
		uint32_t	x = st[1] * 5;
		uint32_t	r = ((x << 7) | (x >> 25)) * 9;
		uint32_t	t = st[1] << 9;

		st[2] ^= st[0];
		st[3] ^= st[1];
		st[1] ^= st[2];
		st[0] ^= st[3];
		st[2] ^= t;
		st[3] = (st[3] << 11) | (st[3] >> 21);
		memcpy(out + 4 * k, &r, 4);
	}
}

/* The request id: the client's X-Request-Id if it is short and plain, else a new UUID. */
static void
request_id(h2o_req_t *req, char *id, size_t size)
{
	ssize_t		i = h2o_find_header_by_str(&req->headers, H2O_STRLIT("x-request-id"), -1);
	unsigned char r[16];

	if (i >= 0)
	{
		h2o_iovec_t v = req->headers.entries[i].value;
		bool		plain = v.len > 0 && v.len < size;

		for (size_t k = 0; plain && k < v.len; k++)
			plain = isalnum((unsigned char) v.base[k]) || strchr("-_.:", v.base[k]) != NULL;
		if (plain)
		{
			memcpy(id, v.base, v.len);
			id[v.len] = '\0';
			return;
		}
	}
	random_bytes(r);
	r[6] = (r[6] & 0x0f) | 0x40;
	r[8] = (r[8] & 0x3f) | 0x80;
	snprintf(id, size, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
			 r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12],
			 r[13], r[14], r[15]);
}

/* Whether an Origin is allowed: "*", or one of a comma-separated list (a "*" in an entry matches any part). */
static bool
origin_allowed(const char *origin, size_t len)
{
	const char *s = config.corsDomain;

	while (*s)
	{
		const char *e = strchr(s, ',');
		const char *star;
		size_t		n;

		if (e == NULL)
			e = s + strlen(s);
		while (s < e && *s == ' ')
			s++;
		n = e - s;
		while (n > 0 && s[n - 1] == ' ')
			n--;
		star = memchr(s, '*', n);
		if (n == 1 && *s == '*')
			return true;
		if (star == NULL && n == len && strncasecmp(s, origin, len) == 0)
			return true;
		if (star != NULL)
		{
			size_t		pre = star - s;
			size_t		post = n - pre - 1;

			if (len >= pre + post && strncasecmp(origin, s, pre) == 0 &&
				strncasecmp(origin + len - post, star + 1, post) == 0)
				return true;
		}
		s = *e ? e + 1 : e;
	}
	return false;
}

/* CORS headers for an allowed Origin; true if it is a preflight that is answered. */
static void
add_cors(h2o_req_t *req)
{
	ssize_t		i;
	h2o_iovec_t origin;

	if (config.disableCors)
		return;
	i = h2o_find_header_by_str(&req->headers, H2O_STRLIT("origin"), -1);
	if (i < 0)
		return;
	origin = req->headers.entries[i].value;
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_VARY, NULL, H2O_STRLIT("Origin"));
	if (!origin_allowed(origin.base, origin.len))
		return;
	h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_ACCESS_CONTROL_ALLOW_ORIGIN, NULL,
				   origin.base, origin.len);
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("access-control-allow-credentials"),
						  0, NULL, H2O_STRLIT("true"));
}

static void
log_request(Request *r, h2o_req_t *req, int status, size_t size, const char *what,
			const char *sqlstate)
{
	Buf			line = {0};
	struct sockaddr_storage ss;
	char		ip[64] = "";
	socklen_t	sl = req->conn->callbacks->get_peername(req->conn, (struct sockaddr *) &ss);

	if (!log_enabled(status >= 500 ? LOG_ERROR : LOG_INFO))
		return;
	if (sl > 0)
		h2o_socket_getnumerichost((struct sockaddr *) &ss, sl, ip);
	buf_append(&line, "{\"request_id\":", 14);
	buf_json_string(&line, r->id, strlen(r->id));
	buf_printf(&line, ",\"operation\":{\"request_id\":");
	buf_json_string(&line, r->id, strlen(r->id));
	buf_printf(&line, ",\"query_execution_time\":%.6f,\"response_size\":%zu,\"request_read_time\":0",
			   elapsed_seconds(&r->startedAt), size);
	/* the database's members: user_vars, operation_name, parameterized_query_hash (or batch) */
	if (what != NULL && what[0] == '{' && strlen(what) > 2)
	{
		buf_append(&line, ",", 1);
		buf_append(&line, what + 1, strlen(what) - 2);
	}
	if (sqlstate)
		buf_printf(&line, ",\"error\":{\"sqlstate\":\"%s\"}", sqlstate);
	buf_printf(&line, "},\"http_info\":{\"status\":%d,\"http_version\":\"HTTP/%d.%d\",\"url\":",
			   status, req->version >> 8, req->version & 0xff);
	buf_json_string(&line, req->path_normalized.base, req->path_normalized.len);
	buf_append(&line, ",\"ip\":", 6);
	buf_json_string(&line, ip, strlen(ip));
	buf_append(&line, ",\"method\":", 10);
	buf_json_string(&line, req->method.base, req->method.len);
	buf_append(&line, "}}", 2);
	log_line(status >= 500 ? LOG_ERROR : LOG_INFO, "http-log", line.data);
	buf_free(&line);
}

/* Send a response and log it. */
static void
respond(Request *r, h2o_req_t *req, int status, const char *contentType, const char *body,
		size_t len, const char *what, const char *sqlstate)
{
	static const char *const reasons[] = {
		[200] = "OK", [204] = "No Content", [400] = "Bad Request", [403] = "Forbidden",
		[404] = "Not Found", [405] = "Method Not Allowed", [406] = "Not Acceptable",
		[413] = "Payload Too Large", [415] = "Unsupported Media Type",
		[500] = "Internal Server Error", [503] = "Service Unavailable", [504] = "Gateway Timeout",
	};

	req->res.status = status;
	req->res.reason = status < (int) (sizeof(reasons) / sizeof(reasons[0])) && reasons[status]
		? reasons[status] : "Unknown";
	add_cors(req);
	h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("x-request-id"), 0, NULL,
						  r->id, strlen(r->id));
	if (status == 405)
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_ALLOW, NULL, H2O_STRLIT("GET, POST"));
	if (contentType)
		h2o_add_header(&req->pool, &req->res.headers, H2O_TOKEN_CONTENT_TYPE, NULL, contentType,
					   strlen(contentType));
	req->res.content_length = len;
	if (server_stopping)
		req->http1_is_persistent = 0;	/* draining: close after the answer */
	log_request(r, req, status, len, what, sqlstate);
	h2o_send_inline(req, body, len);
}

/* A GraphQL error JSON of the server's own. */
static void
respond_error(Request *r, h2o_req_t *req, int status, const char *code, const char *message,
			  const char *sqlstate)
{
	Buf			body = {0};

	buf_append(&body, "{\"errors\": [{\"message\": ", 24);
	buf_json_string(&body, message, strlen(message));
	buf_printf(&body, ", \"extensions\": {\"code\": \"%s\", \"path\": \"$\"", code);
	if (sqlstate)
		buf_printf(&body, ", \"sqlstate\": \"%s\"", sqlstate);
	buf_append(&body, "}}]}", 4);
	respond(r, req, status, JSON_TYPE, body.data, body.len, NULL, sqlstate);
	buf_free(&body);
}

/* The answer of a call: graphql.http's, or an error of the database's. */
static void
on_answer(Call *call, int status, const char *contentType, const char *body, size_t len,
		  const char *what, const char *sqlstate, const char *error)
{
	Request    *r = H2O_STRUCT_FROM_MEMBER(Request, call, call);
	h2o_req_t  *req = r->req;

	r->waiting = false;
	inFlight--;
	if (req == NULL)
		return;					/* the client has gone */
	if (call->params[0] == NULL)
	{
		/* the health check */
		if (sqlstate == NULL)
			respond(r, req, 200, "text/plain; charset=utf-8", H2O_STRLIT("OK"), NULL, NULL);
		else
			respond(r, req, 500, "text/plain; charset=utf-8", H2O_STRLIT("ERROR"), NULL, sqlstate);
		return;
	}
	if (sqlstate == NULL)
	{
		respond(r, req, status, contentType, body, len, what, NULL);
		return;
	}
	if (strcmp(sqlstate, "57014") == 0 && call->timedOut)
	{
		char		msg[160];

		snprintf(msg, sizeof(msg), "the request took longer than %d seconds "
				 "(GRAPHQL_SERVER_REQUEST_TIMEOUT) and was cancelled", config.requestTimeout);
		respond_error(r, req, 504, "timeout", msg, sqlstate);
	}
	else if (strcmp(sqlstate, "57014") == 0)
		respond_error(r, req, 504, "timeout", error, sqlstate);
	else if (strncmp(sqlstate, "08", 2) == 0 || strncmp(sqlstate, "57", 2) == 0 ||
			 strncmp(sqlstate, "53", 2) == 0)
		respond_error(r, req, 503, "database-unavailable", error, sqlstate);
	else if (strncmp(sqlstate, "22", 2) == 0 || strncmp(sqlstate, "54", 2) == 0)
		respond_error(r, req, 400, "bad-request", error, sqlstate);
	else
		respond_error(r, req, 500, "unexpected", error, sqlstate);
}

/* The request's memory is freed (answered, or the connection closed). */
static void
on_dispose(void *p)
{
	Request    *r = p;

	r->req = NULL;
	if (r->waiting)
	{
		r->waiting = false;
		inFlight--;
		pool_abandon(&r->call);
	}
}

/* The request's headers as a JSON object of lower-case names; repeated ones joined by ", ". */
static char *
headers_json(h2o_req_t *req)
{
	Buf			json = {0};
	char	   *out;
	bool	   *done = h2o_mem_alloc_pool(&req->pool, req->headers.size + 1);

	memset(done, 0, req->headers.size + 1);
	buf_append(&json, "{", 1);
	for (size_t i = 0; i < req->headers.size; i++)
	{
		const h2o_header_t *h = &req->headers.entries[i];
		Buf			value = {0};

		if (done[i])
			continue;
		buf_append(&value, h->value.base, h->value.len);
		for (size_t k = i + 1; k < req->headers.size; k++)
		{
			const h2o_header_t *o = &req->headers.entries[k];

			if (!done[k] && o->name->len == h->name->len &&
				memcmp(o->name->base, h->name->base, h->name->len) == 0)
			{
				buf_append(&value, ", ", 2);
				buf_append(&value, o->value.base, o->value.len);
				done[k] = true;
			}
		}
		if (json.len > 1)
			buf_append(&json, ", ", 2);
		{
			char	   *name = h2o_mem_alloc_pool(&req->pool, h->name->len);

			for (size_t k = 0; k < h->name->len; k++)
				name[k] = tolower((unsigned char) h->name->base[k]);
			buf_json_string(&json, name, h->name->len);
		}
		buf_append(&json, ": ", 2);
		buf_json_string(&json, value.data ? value.data : "", value.len);
		buf_free(&value);
	}
	buf_append(&json, "}", 1);
	out = h2o_mem_alloc_pool(&req->pool, json.len + 1);
	memcpy(out, json.data, json.len + 1);
	buf_free(&json);
	return out;
}

static char *
pool_strndup(h2o_req_t *req, const char *s, size_t n)
{
	char	   *out = h2o_mem_alloc_pool(&req->pool, n + 1);

	memcpy(out, s, n);
	out[n] = '\0';
	return out;
}

static void
submit(Request *r)
{
	r->waiting = true;
	inFlight++;
	r->call.done = on_answer;
	r->call.deadline = config.requestTimeout > 0 ? r->started + config.requestTimeout * 1000ULL : 0;
	pool_submit(&r->call);
}

static int
on_req(h2o_handler_t *self, h2o_req_t *req)
{
	Request    *r = h2o_mem_alloc_shared(&req->pool, sizeof(Request), on_dispose);
	h2o_iovec_t path = req->path_normalized;
	bool		get = h2o_memis(req->method.base, req->method.len, H2O_STRLIT("GET"));
	bool		post = h2o_memis(req->method.base, req->method.len, H2O_STRLIT("POST"));

	(void) self;
	memset(r, 0, sizeof(Request));
	r->req = req;
	r->started = h2o_now(loop);
	clock_gettime(CLOCK_MONOTONIC, &r->startedAt);
	request_id(req, r->id, sizeof(r->id));

	if (h2o_memis(req->method.base, req->method.len, H2O_STRLIT("OPTIONS")))
	{
		/* a CORS preflight */
		ssize_t		i = h2o_find_header_by_str(&req->headers,
											   H2O_STRLIT("access-control-request-headers"), -1);

		if (!config.disableCors)
		{
			h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("access-control-allow-methods"),
								  0, NULL, H2O_STRLIT("GET, POST, OPTIONS"));
			if (i >= 0)
				h2o_add_header_by_str(&req->pool, &req->res.headers,
									  H2O_STRLIT("access-control-allow-headers"), 0, NULL,
									  req->headers.entries[i].value.base,
									  req->headers.entries[i].value.len);
			h2o_add_header_by_str(&req->pool, &req->res.headers, H2O_STRLIT("access-control-max-age"),
								  0, NULL, H2O_STRLIT("1728000"));
		}
		respond(r, req, 204, NULL, "", 0, NULL, NULL);
		return 0;
	}

	if (h2o_memis(path.base, path.len, H2O_STRLIT("/v1/graphql")))
	{
		if (!get && !post)
		{
			respond_error(r, req, 405, "bad-request", "use GET or POST on /v1/graphql", NULL);
			return 0;
		}
		if (post && req->entity.base != NULL && memchr(req->entity.base, '\0', req->entity.len) != NULL)
		{
			respond_error(r, req, 400, "invalid-json", "the request body holds a NUL byte", NULL);
			return 0;
		}
		r->call.params[0] = get ? "GET" : "POST";
		if (get)
			r->call.params[1] = req->query_at != SIZE_MAX
				? pool_strndup(req, req->path.base + req->query_at + 1, req->path.len - req->query_at - 1)
				: "";
		else
			r->call.params[1] = req->entity.base
				? pool_strndup(req, req->entity.base, req->entity.len) : "";
		r->call.params[2] = headers_json(req);
		submit(r);
		return 0;
	}
	if (h2o_memis(path.base, path.len, H2O_STRLIT("/healthz")) && get)
	{
		r->call.params[0] = NULL;
		submit(r);
		return 0;
	}
	if (h2o_memis(path.base, path.len, H2O_STRLIT("/v1/version")) && get)
	{
		static const char version[] = "{\"version\": \"" SERVER_VERSION "\"}";

		respond(r, req, 200, JSON_TYPE, version, sizeof(version) - 1, NULL, NULL);
		return 0;
	}
	if (path.len > strlen(ERROR_PATH) && memcmp(path.base, ERROR_PATH, strlen(ERROR_PATH)) == 0 &&
		!h2o_memis(req->input.path.base, req->input.path.len, req->path.base, req->path.len))
	{
		/* h2o's own error, answered internally: the status stays h2o's */
		if (h2o_memis(path.base + strlen(ERROR_PATH), path.len - strlen(ERROR_PATH), H2O_STRLIT("413")))
		{
			char		msg[128];

			snprintf(msg, sizeof(msg), "the request body is larger than %zu bytes", config.maxBodySize);
			respond_error(r, req, 413, "payload-too-large", msg, NULL);
		}
		else
			respond_error(r, req, 400, "bad-request", "the HTTP request is malformed", NULL);
		return 0;
	}
	respond_error(r, req, 404, "not-found", "resource does not exist", NULL);
	return 0;
}

void
handler_register(h2o_globalconf_t *globalconf)
{
	h2o_hostconf_t *host = h2o_config_register_host(globalconf, h2o_iovec_init(H2O_STRLIT("default")),
													65535);
	static h2o_errordoc_t errordocs[] = {
		{413, {H2O_STRLIT(ERROR_PATH "413")}},
	};
	static h2o_errordoc_t fallbackErrordocs[] = {
		{413, {H2O_STRLIT(ERROR_PATH "413")}},
		{400, {H2O_STRLIT(ERROR_PATH "400")}},	/* a request h2o cannot parse */
	};
	h2o_handler_t *h;
	h2o_pathconf_t *root;

	if (config.enableConsole)
	{
		static const char *index[] = {"index.html", NULL};
		h2o_pathconf_t *console = h2o_config_register_path(host, "/console", 0);

		h2o_file_register(console, config.consoleDir, index, NULL, 0);
	}
	root = h2o_config_register_path(host, "/", 0);
	h = h2o_create_handler(root, sizeof(*h));
	h->on_req = on_req;
	/* errors h2o answers itself are fetched from our handler, as JSON */
	h2o_errordoc_register(root, errordocs, sizeof(errordocs) / sizeof(errordocs[0]));
	h2o_errordoc_register(&host->fallback_path, fallbackErrordocs,
						  sizeof(fallbackErrordocs) / sizeof(fallbackErrordocs[0]));
}

void
handler_set_loop(h2o_loop_t *l)
{
	loop = l;
}
