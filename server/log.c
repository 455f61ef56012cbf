/*
 * log.c
 *	  Log lines in Hasura's shape, one JSON object per line on stdout:
 *	  {"type": ..., "timestamp": ..., "level": ..., "detail": ...}.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>

#include "server.h"

static const char *const levelNames[] = {"debug", "info", "warn", "error"};

void
buf_append(Buf *buf, const char *s, size_t n)
{
	if (buf->len + n + 1 > buf->cap)
	{
		size_t		cap = buf->cap ? buf->cap : 256;

		while (cap < buf->len + n + 1)
			cap *= 2;
		buf->data = realloc(buf->data, cap);
		if (buf->data == NULL)
		{
			fputs("graphql-server: out of memory\n", stderr);
			abort();
		}
		buf->cap = cap;
	}
	memcpy(buf->data + buf->len, s, n);
	buf->len += n;
	buf->data[buf->len] = '\0';
}

void
buf_printf(Buf *buf, const char *fmt,...)
{
	char		small[256];
	va_list		args;
	int			n;

	va_start(args, fmt);
	n = vsnprintf(small, sizeof(small), fmt, args);
	va_end(args);
	if (n < 0)
		return;
	if ((size_t) n < sizeof(small))
	{
		buf_append(buf, small, n);
		return;
	}
	{
		char	   *big = malloc(n + 1);

		if (big == NULL)
			abort();
		va_start(args, fmt);
		vsnprintf(big, n + 1, fmt, args);
		va_end(args);
		buf_append(buf, big, n);
		free(big);
	}
}

/* s as a JSON string; bytes that are not valid UTF-8 are not checked here */
void
buf_json_string(Buf *buf, const char *s, size_t n)
{
	size_t		start = 0;

	buf_append(buf, "\"", 1);
	for (size_t i = 0; i < n; i++)
	{
		unsigned char c = (unsigned char) s[i];

		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_append(buf, s + start, i - start);
		start = i + 1;
		switch (c)
		{
			case '"':
				buf_append(buf, "\\\"", 2);
				break;
			case '\\':
				buf_append(buf, "\\\\", 2);
				break;
			case '\n':
				buf_append(buf, "\\n", 2);
				break;
			case '\r':
				buf_append(buf, "\\r", 2);
				break;
			case '\t':
				buf_append(buf, "\\t", 2);
				break;
			default:
				buf_printf(buf, "\\u%04x", c);
		}
	}
	buf_append(buf, s + start, n - start);
	buf_append(buf, "\"", 1);
}

void
buf_free(Buf *buf)
{
	free(buf->data);
	buf->data = NULL;
	buf->len = buf->cap = 0;
}

bool
log_enabled(int level)
{
	return level >= config.logLevel;
}

/* One line: detailJson is a JSON value. */
void
log_line(int level, const char *type, const char *detailJson)
{
	struct timeval tv;
	struct tm	tm;
	char		stamp[64];

	if (!log_enabled(level))
		return;
	gettimeofday(&tv, NULL);
	gmtime_r(&tv.tv_sec, &tm);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(stdout, "{\"type\":\"%s\",\"timestamp\":\"%s.%03d+0000\",\"level\":\"%s\",\"detail\":%s}\n",
			type, stamp, (int) (tv.tv_usec / 1000), levelNames[level], detailJson);
	fflush(stdout);
}

/* A message of the program's own: detail {"message": ...}. */
void
log_message(int level, const char *type, const char *fmt,...)
{
	char		small[1024];
	Buf			detail = {0};
	va_list		args;

	if (!log_enabled(level))
		return;
	va_start(args, fmt);
	vsnprintf(small, sizeof(small), fmt, args);
	va_end(args);
	buf_append(&detail, "{\"message\":", 11);
	buf_json_string(&detail, small, strlen(small));
	buf_append(&detail, "}", 1);
	log_line(level, type, detail.data);
	buf_free(&detail);
}
