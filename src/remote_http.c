/*-------------------------------------------------------------------------
 *
 * remote_http.c
 *	  HTTP POSTs to the team's services (remote schemas, actions), made by
 *	  the backend with libcurl's multi interface: several at once, each
 *	  with its timeout, all ended by a query cancel or statement_timeout.
 *
 * In:  a list of RemoteCalls (URL, headers, body, timeout, size limit).
 * Out: each call's status and body, or the transport error that ended it.
 *
 * libcurl's callbacks never allocate with palloc or raise an error (a
 * longjmp out of libcurl would leave it inconsistent): the body is kept in
 * malloc'd memory while the transfers run and copied into palloc'd memory
 * after.  The transfers wait in slices of at most 100 ms, with
 * CHECK_FOR_INTERRUPTS() between them; whatever ends the wait (an error,
 * a cancel), every transfer's handle is freed before the error goes on.
 * The multi handle stays for the backend's next calls, with the idle
 * connections of finished transfers (keep-alive; at most 8).
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <curl/curl.h>

#include "miscadmin.h"

#include "remote_http.h"

/* The longest a transfer waits before interrupts are checked again. */
#define POLL_SLICE_MS 100

/* A call's transfer: its body so far, in malloc'd memory. */
typedef struct Transfer
{
	RemoteCall *call;
	CURL	   *easy;
	struct curl_slist *headers;
	char	   *data;
	size_t		len;
	size_t		cap;
	bool		tooLarge;
} Transfer;

static bool curlReady = false;

/*
 * The backend's multi handle, kept between requests: its connection cache
 * keeps the connections to the remotes open (HTTP keep-alive), so a call
 * does not pay a new connection, nor the service a new client.
 */
static CURLM *multi = NULL;

/* The most idle connections a backend keeps open. */
#define MAX_KEPT_CONNECTIONS 8

/* libcurl's write callback: keep the body, up to the call's limit. */
static size_t
on_body(char *ptr, size_t size, size_t nmemb, void *arg)
{
	Transfer   *t = arg;
	size_t		n = size * nmemb;

	if (t->len + n > t->call->maxBytes)
	{
		t->tooLarge = true;
		return 0;				/* ends the transfer */
	}
	if (t->len + n + 1 > t->cap)
	{
		size_t		cap = Max(t->cap * 2, t->len + n + 1);
		char	   *grown = realloc(t->data, Max(cap, 4096));

		if (grown == NULL)
			return 0;
		t->data = grown;
		t->cap = Max(cap, 4096);
	}
	memcpy(t->data + t->len, ptr, n);
	t->len += n;
	return n;
}

/* Free every transfer's libcurl handles and buffers (the multi handle is kept). */
static void
free_transfers(Transfer *ts, int n)
{
	for (int i = 0; i < n; i++)
	{
		if (ts[i].easy != NULL)
		{
			if (multi != NULL)
				curl_multi_remove_handle(multi, ts[i].easy);
			curl_easy_cleanup(ts[i].easy);
		}
		curl_slist_free_all(ts[i].headers);
		free(ts[i].data);
		ts[i].easy = NULL;
		ts[i].headers = NULL;
		ts[i].data = NULL;
	}
}

/* A transfer's easy handle, set up for its call; false if libcurl refused. */
static bool
start_transfer(Transfer *t)
{
	RemoteCall *c = t->call;
	ListCell   *lc;

	t->easy = curl_easy_init();
	if (t->easy == NULL)
		return false;
	foreach(lc, c->headers)
	{
		struct curl_slist *more = curl_slist_append(t->headers, lfirst(lc));

		if (more == NULL)
			return false;
		t->headers = more;
	}
	curl_easy_setopt(t->easy, CURLOPT_URL, c->url);
	curl_easy_setopt(t->easy, CURLOPT_PROTOCOLS_STR, "https,http");
	curl_easy_setopt(t->easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(t->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(t->easy, CURLOPT_TIMEOUT_MS, (long) c->timeoutMs);
	curl_easy_setopt(t->easy, CURLOPT_POST, 1L);
	curl_easy_setopt(t->easy, CURLOPT_POSTFIELDS, c->body);
	curl_easy_setopt(t->easy, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t) strlen(c->body));
	curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->headers);
	curl_easy_setopt(t->easy, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(t->easy, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(t->easy, CURLOPT_PRIVATE, t);
	curl_easy_setopt(t->easy, CURLOPT_USERAGENT, "graphql-postgresql-extension");
	return true;
}

/* Record how a finished transfer ended, in its call. */
static void
finish_transfer(Transfer *t, CURLcode rc)
{
	RemoteCall *c = t->call;
	long		status = 0;

	curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	c->status = status;
	if (t->tooLarge)
		c->error = psprintf("the response is larger than %zu bytes", c->maxBytes);
	else if (rc == CURLE_OPERATION_TIMEDOUT)
		c->error = psprintf("no response within %d ms", c->timeoutMs);
	else if (rc != CURLE_OK)
		c->error = pstrdup(curl_easy_strerror(rc));
	c->response = palloc(t->len + 1);
	memcpy(c->response, t->data ? t->data : "", t->len);
	c->response[t->len] = '\0';
	c->responseLen = t->len;
	c->done = true;
}

/*
 * Make the calls, all at once; return when every one has finished (with
 * its status and body, or its error).  A cancel or statement_timeout
 * raises its error here, after every transfer is stopped and freed.
 */
void
gql_remote_run(List *calls)
{
	int			n = list_length(calls);
	Transfer   *ts;
	ListCell   *lc;

	if (n == 0)
		return;
	if (!curlReady)
	{
		if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
			elog(ERROR, "graphql: curl_global_init failed");
		curlReady = true;
	}
	if (multi == NULL)
	{
		multi = curl_multi_init();
		if (multi == NULL)
			elog(ERROR, "graphql: curl_multi_init failed");
		curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long) MAX_KEPT_CONNECTIONS);
	}
	ts = palloc0(sizeof(Transfer) * n);
	foreach(lc, calls)
	{
		ts[foreach_current_index(lc)].call = lfirst(lc);
		((RemoteCall *) lfirst(lc))->done = false;
	}
	PG_TRY();
	{
		int			running = 0;

		for (int i = 0; i < n; i++)
		{
			if (!start_transfer(&ts[i]) || curl_multi_add_handle(multi, ts[i].easy) != CURLM_OK)
				elog(ERROR, "graphql: a request to %s could not be set up", ts[i].call->url);
		}
		do
		{
			CURLMsg    *msg;
			int			left;

			if (curl_multi_perform(multi, &running) != CURLM_OK)
				elog(ERROR, "graphql: curl_multi_perform failed");
			while ((msg = curl_multi_info_read(multi, &left)) != NULL)
			{
				Transfer   *t;

				if (msg->msg != CURLMSG_DONE)
					continue;
				curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **) &t);
				finish_transfer(t, msg->data.result);
			}
			CHECK_FOR_INTERRUPTS();
			if (running > 0 && curl_multi_poll(multi, NULL, 0, POLL_SLICE_MS, NULL) != CURLM_OK)
				elog(ERROR, "graphql: curl_multi_poll failed");
		} while (running > 0);
	}
	PG_FINALLY();
	{
		free_transfers(ts, n);
	}
	PG_END_TRY();
	foreach(lc, calls)
	{
		RemoteCall *c = lfirst(lc);

		if (!c->done)
		{
			c->error = pstrdup("the transfer did not finish");
			c->response = pstrdup("");
		}
	}
}
