/* cli_common.c — what every subcommand shares: errors, usage, opening the database. */
#include "cli/cli.h"
#include "core/strbuf.h"
#include "core/util.h"
#include "db/schema.h"
#include "domain/auth.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_fail(const struct err *e)
{
	char zh[512], en[512];
	err_message(e, LANG_ZH, zh, sizeof(zh));
	err_message(e, LANG_EN, en, sizeof(en));
	if (*e->field && !e->label_en)
		fprintf(stderr, "luoshi: %s: %s (%s)\n", e->field, en, zh);
	else
		fprintf(stderr, "luoshi: %s (%s)\n", en, zh);
	return 1;
}

int cli_usage(const char *name)
{
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		if (!strcmp(c->name, name))
			fprintf(stderr, "usage: luoshi [--db URL] %s\n", c->usage);
	return 2;
}

int cli_open(const char *url, bool need_current, struct db **db)
{
	struct err e = { 0 };
	if (auth_init()) {
		fprintf(stderr, "luoshi: cannot initialise libsodium\n");
		return 1;
	}
	/* Only init and migrate create a database; elsewhere a wrong path must not leave a file. */
	if ((need_current ? db_open_existing(db, url, &e) : db_open(db, url, &e)))
		return cli_fail(&e);
	if (need_current) {
		int v = schema_current(*db, &e);
		if (v < 0)
			return cli_fail(&e);
		if (v < schema_latest()) {
			fprintf(stderr, "luoshi: the database %s is at schema %d, this luoshi needs %d; "
			                "run `luoshi init` (new) or `luoshi migrate` (existing)\n",
			        url, v, schema_latest());
			db_close(*db);
			*db = NULL;
			return 1;
		}
	}
	return 0;
}

char *cli_read_file(const char *path, size_t *len, struct err *e)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	size_t n;
	if (!f) {
		err_setf(e, ERR_NOT_FOUND, "file", "%s: %s", path, strerror(errno));
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		strbuf_add(&sb, buf, n);
	if (f != stdin)
		fclose(f);
	return strbuf_detach(&sb, len);
}
