/* main.c — the luoshi binary: global options and the command table. */
#include "cli/cli.h"
#include "version.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cli_cmd cli_cmds[] = {
	{ "init", cli_init, "init [--demo [--demo-size N]]", "create the database with reference data (and demo data)" },
	{ "migrate", cli_migrate, "migrate", "upgrade the database schema in place" },
	{ "serve", cli_serve, "serve [--listen HOST:PORT] [--threads N] [--trust-proxy ADDR] [--files DIR]", "serve the API and the web console" },
	{ "user", cli_user, "user add NAME --role ROLE [--division CODE | --enterprise CREDIT_CODE | --department CODE] [--password-stdin]", "add a user" },
	{ "import", cli_import, "import enterprises FILE [--dry-run] [--valid-only] [--mode all|valid] [--as USER]\n"
	  "       import projects|reports FILE [--dry-run] [--mode all|valid] [--as USER]\n"
	  "       import statistics FILE [--cumulative] [--dry-run] [--mode all|valid] [--as USER]\n"
	  "       import policy FILE.xlsx|FILE.json [--dry-run] [--as USER]", "import enterprises, projects or a filled monthly workbook from CSV or XLSX" },
	{ "export", cli_export, "export enterprises [--format csv|xlsx] [-o FILE] [--template] [--all] [--q TEXT] [--division CODE] [--industry CODE] [--field CODE]\n"
	  "       export projects [--format csv|xlsx] [-o FILE] [--template] [--q TEXT] [--division CODE] [--category CODE] [--field CODE] [--base CODE] [--status S] [--as USER]\n"
	  "       export reports --month YYYY-MM [--workbook] [--format csv|xlsx] [-o FILE] [project filters] [--as USER]\n"
	  "       export statistics --month YYYY-MM|YYYY [--template] [--division CODE] [--format csv|xlsx] [-o FILE] [--as USER]\n"
	  "       export policy ID|--template -o FILE.xlsx [--as USER]", "export enterprises, projects, a month's reports or its pre-filled workbook" },
	{ "audit", cli_audit, "audit verify", "verify the audit hash chain" },
	{ "backup", cli_backup, "backup FILE", "write a consistent copy of the database into a new SQLite file, while serving" },
	{ "copy", cli_copy, "copy [--from URL] --to URL [--force]", "copy a whole deployment to another database (e.g. SQLite to PostgreSQL)" },
	{ "summaries", cli_summaries, "summaries check|rebuild", "compare the statistics summaries with a recomputation from the rows, or write them afresh" },
	{ "help", cli_help, "help [COMMAND]", "show help" },
	{ NULL, NULL, NULL, NULL },
};

int cli_help(int argc, char **argv, const char *db_url)
{
	if (argc > 1) {
		for (const struct cli_cmd *c = cli_cmds; c->name; c++) {
			if (!strcmp(c->name, argv[1])) {
				printf("usage: luoshi [--db URL] %s\n\n%s\n", c->usage, c->summary);
				return 0;
			}
		}
		fprintf(stderr, "luoshi: no such command: %s\n", argv[1]);
		return 2;
	}
	printf("luoshi %s — 落实: putting an industrial policy into effect\n\n"
	       "usage: luoshi [--db URL] COMMAND [ARGS]\n\n", LUOSHI_VERSION);
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		printf("  %-10s %s\n", c->name, c->summary);
	printf("\n--db URL    sqlite:PATH or postgres://user:pass@host:port/dbname\n"
	       "            (default from LUOSHI_DB, else sqlite:luoshi.db)\n");
	return 0;
}

int main(int argc, char **argv)
{
	const char *db_url = getenv("LUOSHI_DB");
	int i = 1;
	if (!db_url || !*db_url)
		db_url = "sqlite:luoshi.db";
	while (i < argc && argv[i][0] == '-') {
		if (!strcmp(argv[i], "--db") && i + 1 < argc) {
			db_url = argv[i + 1];
			i += 2;
		} else if (!strncmp(argv[i], "--db=", 5)) {
			db_url = argv[i] + 5;
			i++;
		} else if (!strcmp(argv[i], "--version")) {
			printf("luoshi %s\n", LUOSHI_VERSION);
			return 0;
		} else if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			return cli_help(1, argv, db_url);
		} else {
			fprintf(stderr, "luoshi: unknown option %s\n", argv[i]);
			return 2;
		}
	}
	if (i >= argc) {
		cli_help(1, argv, db_url);
		return 2;
	}
	for (const struct cli_cmd *c = cli_cmds; c->name; c++)
		if (!strcmp(c->name, argv[i]))
			return c->run(argc - i, argv + i, db_url);
	fprintf(stderr, "luoshi: no such command: %s (see `luoshi help`)\n", argv[i]);
	return 2;
}
