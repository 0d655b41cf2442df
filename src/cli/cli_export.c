/* cli_export.c — `luoshi export enterprises [--format csv|xlsx] [-o FILE] [filters]`. */
#include "cli/cli.h"
#include "domain/enterprise.h"
#include <stdio.h>
#include <string.h>

int cli_export(int argc, char **argv, const char *db_url)
{
	struct enterprise_query q = { .archived = 0 };
	const char *out = "-", *format = "csv";
	bool template_only = false;
	struct strbuf buf = STRBUF_INIT;
	struct err e = { 0 };
	struct actor a;
	struct db *db;
	int rc;
	if (argc < 2 || strcmp(argv[1], "enterprises"))
		return cli_usage("export");
	for (int i = 2; i < argc; i++) {
		const char **opt = NULL;
		if (!strcmp(argv[i], "--template")) {
			template_only = true;
			continue;
		}
		if (!strcmp(argv[i], "--all")) {
			q.archived = -1;
			continue;
		}
		if (!strcmp(argv[i], "--format"))
			opt = &format;
		else if (!strcmp(argv[i], "-o"))
			opt = &out;
		else if (!strcmp(argv[i], "--q"))
			opt = &q.q;
		else if (!strcmp(argv[i], "--division"))
			opt = &q.division;
		else if (!strcmp(argv[i], "--industry"))
			opt = &q.industry;
		else if (!strcmp(argv[i], "--field"))
			opt = &q.field;
		if (!opt || i + 1 >= argc)
			return cli_usage("export");
		*opt = argv[++i];
	}
	if (strcmp(format, "csv") && strcmp(format, "xlsx"))
		return cli_usage("export");
	if (!strcmp(format, "xlsx") && !strcmp(out, "-")) {
		fprintf(stderr, "luoshi: XLSX is binary; give a file with -o\n");
		return 2;
	}
	if ((rc = cli_open(db_url, true, &db)))
		return rc;
	actor_system(&a, "cli");
	if (enterprise_export(db, &a, &q, strcmp(format, "xlsx") ? TABLE_CSV : TABLE_XLSX, template_only, &buf, &e)) {
		rc = cli_fail(&e);
	} else {
		FILE *f = strcmp(out, "-") ? fopen(out, "wb") : stdout;
		if (!f || fwrite(buf.buf, 1, buf.len, f) != buf.len || (f != stdout && fclose(f))) {
			perror(out);
			rc = 1;
		}
	}
	strbuf_release(&buf);
	db_close(db);
	return rc;
}
