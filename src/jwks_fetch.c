/*-------------------------------------------------------------------------
 *
 * jwks_fetch.c
 *	  The keys of a jwk_url (graphql.jwt_secret = {"jwk_url": ...}),
 *	  fetched by the database itself, so that a compromised front cannot
 *	  make it accept a token the issuer did not sign.
 *
 * With the library in shared_preload_libraries, a background worker
 * fetches the URL with libcurl (TLS verified, 10 s timeout, at most 1 MB),
 * checks that it is a JWKS document with keys it can use, and publishes the
 * document's text in shared memory with a generation number.  It fetches
 * again when the document expires (Cache-Control max-age, else Expires,
 * else an hour), when the URL changes, and when a backend met a token
 * whose kid no key has -- at most once every 10 seconds, so that forged
 * kids cannot make the database hammer the issuer.  A failed fetch keeps
 * the last good keys and is tried again 10 seconds later.
 *
 * Backends read the document when its generation changed and keep its
 * keys parsed, per backend.
 *
 *-------------------------------------------------------------------------
 */
#include "postgres.h"

#include <curl/curl.h>

#include "access/htup_details.h"
#include "fmgr.h"
#include "funcapi.h"
#include "miscadmin.h"
#include "pgstat.h"
#include "postmaster/bgworker.h"
#include "postmaster/interrupt.h"
#include "storage/ipc.h"
#include "storage/latch.h"
#include "storage/lwlock.h"
#include "storage/proc.h"
#include "storage/shmem.h"
#include "tcop/tcopprot.h"
#include "utils/builtins.h"
#include "utils/guc.h"
#include "utils/memutils.h"
#include "utils/timestamp.h"

#include "auth.h"

#define JWKS_MAX_TEXT (64 * 1024)	/* the published document */
#define JWKS_MAX_FETCH (1024 * 1024)	/* bytes read from the URL */
#define FETCH_TIMEOUT_S 10
#define MIN_REFETCH_MS 10000	/* between fetches a backend asks for */
#define RETRY_MS 10000			/* after a failed fetch */
#define DEFAULT_MAX_AGE_S 3600

typedef struct JwksShared
{
	LWLock	   *lock;
	Latch	   *workerLatch;	/* NULL until the worker runs */
	uint64		generation;		/* 0: no document yet */
	char		url[1024];		/* the URL the document came from */
	TimestampTz lastFetch;		/* the last attempt */
	TimestampTz expires;		/* when to fetch again */
	bool		refreshRequested;
	uint64		fetches;		/* attempts, for tests */
	char		error[256];		/* the last failure, or "" */
	int			textLen;
	char		text[JWKS_MAX_TEXT];
} JwksShared;

static JwksShared *shared = NULL;
static shmem_request_hook_type prevShmemRequest = NULL;
static shmem_startup_hook_type prevShmemStartup = NULL;

/* A backend's parsed copy of the document. */
static uint64 cachedGeneration = 0;
static JwtConfig *cachedKeys = NULL;
static MemoryContext cacheContext = NULL;

PGDLLEXPORT void gql_jwks_worker_main(Datum arg);

static void
jwks_shmem_request(void)
{
	if (prevShmemRequest)
		prevShmemRequest();
	RequestAddinShmemSpace(MAXALIGN(sizeof(JwksShared)));
	RequestNamedLWLockTranche("graphql_jwks", 1);
}

static void
jwks_shmem_startup(void)
{
	bool		found;

	if (prevShmemStartup)
		prevShmemStartup();
	LWLockAcquire(AddinShmemInitLock, LW_EXCLUSIVE);
	shared = ShmemInitStruct("graphql jwks", sizeof(JwksShared), &found);
	if (!found)
	{
		memset(shared, 0, sizeof(JwksShared));
		shared->lock = &(GetNamedLWLockTranche("graphql_jwks"))->lock;
	}
	LWLockRelease(AddinShmemInitLock);
}

/* From _PG_init: in shared_preload_libraries, the shared memory and the worker. */
void
gql_jwks_init(void)
{
	BackgroundWorker worker;

	if (!process_shared_preload_libraries_in_progress)
		return;
	prevShmemRequest = shmem_request_hook;
	shmem_request_hook = jwks_shmem_request;
	prevShmemStartup = shmem_startup_hook;
	shmem_startup_hook = jwks_shmem_startup;

	memset(&worker, 0, sizeof(worker));
	worker.bgw_flags = BGWORKER_SHMEM_ACCESS;
	worker.bgw_start_time = BgWorkerStart_PostmasterStart;
	worker.bgw_restart_time = 10;
	snprintf(worker.bgw_library_name, BGW_MAXLEN, "graphql");
	snprintf(worker.bgw_function_name, BGW_MAXLEN, "gql_jwks_worker_main");
	snprintf(worker.bgw_name, BGW_MAXLEN, "graphql jwk_url fetcher");
	snprintf(worker.bgw_type, BGW_MAXLEN, "graphql jwk_url fetcher");
	RegisterBackgroundWorker(&worker);
}

/* ----------------------------------------------------------------
 * The worker
 * ----------------------------------------------------------------
 */

typedef struct Fetch
{
	StringInfoData body;
	bool		tooLarge;
	long		maxAge;			/* -1: none */
	time_t		expires;		/* -1: none */
} Fetch;

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	Fetch	   *f = arg;

	if (f->body.len + size * n > JWKS_MAX_FETCH)
	{
		f->tooLarge = true;
		return 0;				/* stops the transfer */
	}
	appendBinaryStringInfo(&f->body, data, size * n);
	return size * n;
}

static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	Fetch	   *f = arg;
	size_t		len = size * n;
	char	   *line = pnstrdup(data, len);

	if (pg_strncasecmp(line, "cache-control:", 14) == 0)
	{
		char	   *p = line + 14;

		for (; *p != '\0'; p++)
			if (pg_strncasecmp(p, "max-age=", 8) == 0)
			{
				f->maxAge = strtol(p + 8, NULL, 10);
				break;
			}
	}
	else if (pg_strncasecmp(line, "expires:", 8) == 0)
		f->expires = curl_getdate(line + 8, NULL);
	pfree(line);
	return len;
}

/* Fetch the URL and publish its document; failures are logged and kept in shared->error. */
static void
fetch(const char *url)
{
	CURL	   *curl = curl_easy_init();
	Fetch		f;
	CURLcode	rc = CURLE_FAILED_INIT;
	long		status = 0;
	char	   *error = NULL;
	JwtConfig  *keys = NULL;
	TimestampTz now = GetCurrentTimestamp();
	long		maxAge;

	initStringInfo(&f.body);
	f.tooLarge = false;
	f.maxAge = -1;
	f.expires = -1;
	if (curl != NULL)
	{
		curl_easy_setopt(curl, CURLOPT_URL, url);
		curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "https,http");
		curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
		curl_easy_setopt(curl, CURLOPT_TIMEOUT, (long) FETCH_TIMEOUT_S);
		curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
		curl_easy_setopt(curl, CURLOPT_WRITEDATA, &f);
		curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(curl, CURLOPT_HEADERDATA, &f);
		curl_easy_setopt(curl, CURLOPT_USERAGENT, "graphql-postgresql-extension");
		rc = curl_easy_perform(curl);
		curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
		curl_easy_cleanup(curl);
	}
	if (f.tooLarge)
		error = psprintf("the document is larger than %d bytes", JWKS_MAX_FETCH);
	else if (rc != CURLE_OK)
		error = psprintf("%s", curl_easy_strerror(rc));
	else if (status != 200)
		error = psprintf("the answer was HTTP status %ld", status);
	else if (f.body.len >= JWKS_MAX_TEXT)
		error = psprintf("the document is larger than %d bytes", JWKS_MAX_TEXT - 1);
	else if (memchr(f.body.data, '\0', f.body.len) != NULL)
		error = psprintf("the document holds a NUL byte");
	else if ((keys = gql_jwt_read_jwks_text(f.body.data, &error)) == NULL)
		error = psprintf("the document is not a usable JWKS: %s", error);

	maxAge = f.maxAge >= 0 ? f.maxAge
		: f.expires > 0 ? (long) (f.expires - timestamptz_to_time_t(now)) : DEFAULT_MAX_AGE_S;
	maxAge = Max(maxAge, 1);

	LWLockAcquire(shared->lock, LW_EXCLUSIVE);
	shared->fetches++;
	shared->lastFetch = now;
	shared->refreshRequested = false;
	if (error == NULL)
	{
		memcpy(shared->text, f.body.data, f.body.len);
		shared->text[f.body.len] = '\0';
		shared->textLen = f.body.len;
		strlcpy(shared->url, url, sizeof(shared->url));
		shared->generation++;
		shared->expires = TimestampTzPlusMilliseconds(now, maxAge * 1000);
		shared->error[0] = '\0';
	}
	else
	{
		strlcpy(shared->error, error, sizeof(shared->error));
		shared->expires = TimestampTzPlusMilliseconds(now, RETRY_MS);
	}
	LWLockRelease(shared->lock);
	if (error != NULL)
		ereport(WARNING, (errmsg("graphql: fetching the keys of jwk_url %s failed: %s", url, error)));
	else
		ereport(DEBUG1, (errmsg("graphql: fetched the keys of jwk_url %s (%d keys, for %ld s)",
								url, keys->nkeys, maxAge)));
	pfree(f.body.data);
}

void
gql_jwks_worker_main(Datum arg)
{
	MemoryContext workCtx;

	pqsignal(SIGHUP, SignalHandlerForConfigReload);
	pqsignal(SIGTERM, die);
	BackgroundWorkerUnblockSignals();
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != 0)
		ereport(ERROR, (errmsg("graphql: curl_global_init failed")));
	workCtx = AllocSetContextCreate(TopMemoryContext, "graphql jwks fetch", ALLOCSET_DEFAULT_SIZES);

	LWLockAcquire(shared->lock, LW_EXCLUSIVE);
	shared->workerLatch = MyLatch;
	LWLockRelease(shared->lock);

	for (;;)
	{
		const char *url;
		TimestampTz now;
		bool		due;
		long		waitMs = 60000;

		CHECK_FOR_INTERRUPTS();
		if (ConfigReloadPending)
		{
			ConfigReloadPending = false;
			ProcessConfigFile(PGC_SIGHUP);
		}
		url = gql_jwt_config != NULL ? gql_jwt_config->jwkUrl : NULL;
		now = GetCurrentTimestamp();
		if (url != NULL)
		{
			LWLockAcquire(shared->lock, LW_SHARED);
			due = strcmp(url, shared->url) != 0 || shared->generation == 0 || now >= shared->expires ||
				(shared->refreshRequested &&
				 now >= TimestampTzPlusMilliseconds(shared->lastFetch, MIN_REFETCH_MS));
			/* a URL that failed is tried again after RETRY_MS, not at once */
			if (due && shared->lastFetch != 0 && shared->error[0] != '\0' &&
				now < TimestampTzPlusMilliseconds(shared->lastFetch, RETRY_MS) &&
				strcmp(url, shared->url) == 0)
				due = false;
			LWLockRelease(shared->lock);
			if (due)
			{
				MemoryContext old = MemoryContextSwitchTo(workCtx);

				fetch(url);
				MemoryContextSwitchTo(old);
				MemoryContextReset(workCtx);
				now = GetCurrentTimestamp();
			}
			LWLockAcquire(shared->lock, LW_SHARED);
			waitMs = Min(waitMs, Max(1, (long) ((shared->expires - now) / 1000)));
			if (shared->refreshRequested)
				waitMs = Min(waitMs, Max(1, (long) ((TimestampTzPlusMilliseconds(shared->lastFetch,
																				  MIN_REFETCH_MS) - now) / 1000)));
			LWLockRelease(shared->lock);
		}
		(void) WaitLatch(MyLatch, WL_LATCH_SET | WL_TIMEOUT | WL_EXIT_ON_PM_DEATH, waitMs,
						 PG_WAIT_EXTENSION);
		ResetLatch(MyLatch);
	}
}

/* ----------------------------------------------------------------
 * Backends
 * ----------------------------------------------------------------
 */

/*
 * The keys of the jwk_url of graphql.jwt_secret, or NULL with *error set
 * (the library is not preloaded, or nothing was fetched yet).
 */
const JwtConfig *
gql_jwks_current(char **error)
{
	uint64		generation;

	if (shared == NULL)
	{
		*error = "\"jwk_url\" needs the extension's library in shared_preload_libraries "
			"(its keys are fetched by a background worker)";
		return NULL;
	}
	LWLockAcquire(shared->lock, LW_SHARED);
	generation = shared->generation;
	if (generation != 0 && generation != cachedGeneration)
	{
		char	   *text;
		char	   *parseError;
		MemoryContext old;

		if (cacheContext == NULL)
			cacheContext = AllocSetContextCreate(TopMemoryContext, "graphql jwks keys",
												 ALLOCSET_SMALL_SIZES);
		MemoryContextReset(cacheContext);
		old = MemoryContextSwitchTo(cacheContext);
		text = pnstrdup(shared->text, shared->textLen);
		LWLockRelease(shared->lock);
		cachedKeys = gql_jwt_read_jwks_text(text, &parseError);
		MemoryContextSwitchTo(old);
		cachedGeneration = generation;
	}
	else
		LWLockRelease(shared->lock);
	if (generation == 0 || cachedKeys == NULL)
	{
		*error = "the keys of \"jwk_url\" are not fetched yet";
		return NULL;
	}
	return cachedKeys;
}

/* A token named a kid no key has: ask the worker to fetch again (it limits the rate). */
void
gql_jwks_request_refresh(void)
{
	Latch	   *latch = NULL;

	if (shared == NULL)
		return;
	LWLockAcquire(shared->lock, LW_EXCLUSIVE);
	if (!shared->refreshRequested)
	{
		shared->refreshRequested = true;
		latch = shared->workerLatch;
	}
	LWLockRelease(shared->lock);
	if (latch != NULL)
		SetLatch(latch);
}

PG_FUNCTION_INFO_V1(graphql_jwks_status);

/*
 * graphql.jwks_status(OUT url text, OUT generation bigint, OUT fetches
 * bigint, OUT last_fetch timestamptz, OUT expires timestamptz, OUT error
 * text): the state of the jwk_url fetcher (no row without the worker).
 */
Datum
graphql_jwks_status(PG_FUNCTION_ARGS)
{
	TupleDesc	tupdesc;
	Datum		values[6];
	bool		nulls[6] = {false, false, false, false, false, false};

	if (get_call_result_type(fcinfo, NULL, &tupdesc) != TYPEFUNC_COMPOSITE)
		elog(ERROR, "graphql.jwks_status must return a record");
	if (shared == NULL)
		PG_RETURN_NULL();
	tupdesc = BlessTupleDesc(tupdesc);
	LWLockAcquire(shared->lock, LW_SHARED);
	values[0] = CStringGetTextDatum(shared->url);
	values[1] = Int64GetDatum((int64) shared->generation);
	values[2] = Int64GetDatum((int64) shared->fetches);
	values[3] = TimestampTzGetDatum(shared->lastFetch);
	nulls[3] = shared->lastFetch == 0;
	values[4] = TimestampTzGetDatum(shared->expires);
	nulls[4] = shared->expires == 0;
	values[5] = CStringGetTextDatum(shared->error);
	nulls[5] = shared->error[0] == '\0';
	LWLockRelease(shared->lock);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(tupdesc, values, nulls)));
}
