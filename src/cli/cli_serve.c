/* cli_serve.c — `luoshi serve [--listen HOST:PORT] [--threads N] [--trust-proxy ADDR] [--files DIR]`. */
#include "api/api.h"
#include "cli/cli.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "domain/attachment.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_serve(int argc, char **argv, const char *db_url)
{
	struct http_config cfg = { "127.0.0.1:8080", 0, NULL, api_handle, api_thread_done };
	struct err e = { 0 };
	struct db *db;
	struct strbuf files = STRBUF_INIT;
	const char *files_arg = NULL;
	int rc;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--listen") && i + 1 < argc)
			cfg.listen = argv[++i];
		else if (!strcmp(argv[i], "--files") && i + 1 < argc && *argv[i + 1])
			files_arg = argv[++i];
		else if (!strcmp(argv[i], "--trust-proxy") && i + 1 < argc)
			cfg.trusted_proxy = argv[++i];
		else if (!strcmp(argv[i], "--threads") && i + 1 < argc) {
			char *end;
			long n = strtol(argv[++i], &end, 10);
			if (*end || n < 1 || n > 256)
				return cli_usage("serve");
			cfg.threads = (unsigned)n;
		} else
			return cli_usage("serve");
	}
	/* Check the database once here, so a wrong path fails now, not on the first request. */
	if ((rc = cli_open(db_url, true, &db)))
		return rc;
	/* Attachments: beside a SQLite file by default; PostgreSQL has no "beside". */
	if (files_arg)
		strbuf_addstr(&files, files_arg);
	else if (!strcmp(db_engine(db), "sqlite")) {
		const char *url = db_url;
		strbuf_addf(&files, "%s.files", str_starts(url, "sqlite:") ? url + 7 : url);
	}
	if (!files.len)
		fprintf(stderr, "luoshi: no --files DIR given: attachments cannot be uploaded or downloaded\n");
	attachment_set_dir(files.buf);
	db_close(db);
	api_set_db_url(db_url);
	rc = http_serve(&cfg, &e) ? cli_fail(&e) : 0;
	attachment_set_dir(NULL);
	strbuf_release(&files);
	return rc;
}
