// SPDX-License-Identifier: GPL-2.0
/*
 * modverify --follow: every final record as the kernel module publishes
 * it, read from the debugfs stream file (or from a file or pipe holding
 * such a stream), until interrupted or until the stream ends.
 *
 * The stream blocks until a record is there; each open has its own place
 * in it, so nothing is polled and no record is missed while the history
 * still holds it.  A reader that fell behind gets "lost: N" between two
 * records: N records left the history unread.  That is printed in its
 * place: a line of the text output, or {"lost": N} in JSON.
 *
 * SIGINT and SIGTERM are blocked except inside pselect(), so a signal
 * arriving between two reads still ends the wait at once.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "source.h"

/* A stream's text as it is read: complete items are taken off its front. */
struct stream_buf {
	char *text;
	size_t len, size;
	unsigned int line;	/* lines taken off already, for messages */
};

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void take(struct stream_buf *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		b->line += b->text[i] == '\n';
	memmove(b->text, b->text + n, b->len - n);
	b->len -= n;
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

/*
 * Length of the first record in the buffer, through its "end:" line; 0
 * when it is not all there yet (or, at_eof, the rest, cut short).
 */
static size_t record_length(const struct stream_buf *b, bool at_eof)
{
	const char *line = b->text, *limit = b->text + b->len;

	while (line < limit) {
		const char *nl = memchr(line, '\n', (size_t)(limit - line));

		if (!nl)
			break;
		if (starts_with(line, (size_t)(limit - line), MV_KEY_END ":"))
			return (size_t)(nl + 1 - b->text);
		line = nl + 1;
	}
	return at_eof ? b->len : 0;
}

/* "lost: N" as the kernel writes it; false if the line is something else. */
static bool parse_lost(const char *line, size_t len, unsigned long long *n)
{
	char buf[40], *end;

	if (!starts_with(line, len, MV_KEY_LOST ": ") || len >= sizeof(buf))
		return false;
	memcpy(buf, line, len);
	buf[len] = '\0';
	errno = 0;
	*n = strtoull(buf + strlen(MV_KEY_LOST ": "), &end, 10);
	return !errno && *end == '\0' && end != buf + strlen(MV_KEY_LOST ": ");
}

struct follower {
	const struct mv_context *ctx;
	struct mv_render_options render;
	const char *name;	/* the stream, for messages */
	bool shown;		/* something was printed: separate the next */
};

/* What "lost: N" says in text: why, and what to do. */
#define LOST_ONE	"record not shown: it left modverify's history before it was read"
#define LOST_MANY	"records not shown: they left modverify's history before they were read"
#define LOST_FIX	" (raise its history= parameter)"

/* Show every complete item at the front of the buffer. */
static void show_items(struct follower *f, struct stream_buf *b, bool at_eof)
{
	while (b->len) {
		const char *nl = memchr(b->text, '\n', b->len);
		unsigned long long lost;
		struct mv_record rec;
		struct mv_error err;
		size_t n;

		if (nl && parse_lost(b->text, (size_t)(nl - b->text), &lost)) {
			mv_stream_lost(&f->shown, f->ctx->json, lost, LOST_ONE LOST_FIX,
				       LOST_MANY LOST_FIX);
			take(b, (size_t)(nl + 1 - b->text));
			continue;
		}
		if (!starts_with(b->text, b->len, MV_KEY_FORMAT ":") &&
		    (nl || at_eof)) {
			/* not a record, not a lost line: say so, skip the line */
			n = nl ? (size_t)(nl + 1 - b->text) : b->len;
		} else {
			n = record_length(b, at_eof);
			if (!n)
				return;		/* the rest is on its way */
		}
		if (mv_record_parse(b->text, n, &rec, &err)) {
			mv_error(NULL, "%s: line %u: %s", f->name,
				 b->line + err.line, err.message);
		} else {
			mv_stream_record(&f->shown, &rec, f->ctx->json, &f->render);
			mv_record_free(&rec);
		}
		take(b, n);
	}
}

/* Wait until fd can be read, or a blocked signal came: false then. */
static bool wait_readable(int fd, const sigset_t *unblocked)
{
	fd_set set;

	while (!interrupted) {
		FD_ZERO(&set);
		FD_SET(fd, &set);
		if (pselect(fd + 1, &set, NULL, NULL, NULL, unblocked) > 0)
			return true;
		if (errno != EINTR)
			return true;	/* read() reports it */
	}
	return false;
}

static int open_stream(const struct mv_options *o, struct mv_source *src,
		       int *fd)
{
	struct mv_error err;

	mv_source_init(src, o->file, MV_FILE_STREAM);
	if (o->file && strcmp(o->file, "-") == 0) {
		*fd = STDIN_FILENO;
		return 0;
	}
	*fd = open(src->path, O_RDONLY | O_CLOEXEC);
	if (*fd < 0) {
		if (errno == EINTR)
			return -1;	/* interrupted while a FIFO had no writer */
		mv_source_explain_open(src, errno, &err);
		mv_report(&err);
		return -1;
	}
	if (o->has_from && lseek(*fd, (off_t)o->from, SEEK_SET) < 0) {
		mv_error(NULL, "%s: cannot start at record %llu: %s", src->name,
			 o->from, strerror(errno));
		close(*fd);
		return -1;
	}
	return 0;
}

int mv_follow(const struct mv_context *ctx)
{
	struct follower f = { .ctx = ctx, .render = ctx->render };
	struct stream_buf b = { 0 };
	sigset_t block, unblocked;
	struct mv_source src;
	struct sigaction sa;
	int status = MV_EXIT_LOADED, fd;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;	/* no SA_RESTART: end the wait */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);

	if (open_stream(ctx->opts, &src, &fd))
		return interrupted ? MV_EXIT_LOADED : MV_EXIT_NO_INPUT;
	f.name = src.name;
	f.render.live = src.debugfs;
	sigprocmask(SIG_BLOCK, &block, &unblocked);
	while (wait_readable(fd, &unblocked)) {
		ssize_t n;

		if (b.size - b.len < 16384) {
			char *grown;

			if (b.size >= MV_RECORD_MAX_BYTES + 16384 * 2) {
				mv_error(NULL, "%s: a record larger than %d bytes (1 MiB): not a modverify stream",
					 src.name, MV_RECORD_MAX_BYTES);
				status = MV_EXIT_NO_INPUT;
				break;
			}
			grown = realloc(b.text, b.size + 65536);
			if (!grown) {
				mv_error(NULL, "out of memory");
				status = MV_EXIT_NO_INPUT;
				break;
			}
			b.text = grown;
			b.size += 65536;
		}
		n = read(fd, b.text + b.len, b.size - b.len);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0) {
			mv_error(NULL, "cannot read %s: %s", src.name, strerror(errno));
			status = MV_EXIT_NO_INPUT;
			break;
		}
		b.len += (size_t)n;
		show_items(&f, &b, n == 0);
		if (n == 0) {
			/* the kernel ends the stream when modverify.ko unloads */
			if (src.debugfs)
				mv_warning("%s ended: the modverify kernel module is being unloaded",
					   src.name);
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &unblocked, NULL);
	if (fd != STDIN_FILENO)
		close(fd);
	free(b.text);
	return status;
}
