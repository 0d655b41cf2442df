/* cli_init.c — `luoshi init [--demo [--demo-size N]]` and `luoshi migrate`. */
#include "cli/cli.h"
#include "db/schema.h"
#include "domain/audit.h"
#include "domain/demo.h"
#include "domain/refdata.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int migrate(struct db *db)
{
	struct err e = { 0 };
	int applied;
	if (schema_migrate(db, &applied, &e))
		return cli_fail(&e);
	printf("schema at version %d (%d migration%s applied)\n", schema_latest(), applied,
	       applied == 1 ? "" : "s");
	return 0;
}

int cli_migrate(int argc, char **argv, const char *db_url)
{
	struct db *db;
	int rc;
	if (argc != 1)
		return cli_usage("migrate");
	if ((rc = cli_open(db_url, false, &db)))
		return rc;
	rc = migrate(db);
	db_close(db);
	return rc;
}

int cli_init(int argc, char **argv, const char *db_url)
{
	struct db *db;
	struct actor a;
	struct err e = { 0 };
	bool demo = false;
	long size = 400;
	int rc;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--demo"))
			demo = true;
		else if (!strcmp(argv[i], "--demo-size") && i + 1 < argc) {
			char *end;
			size = strtol(argv[++i], &end, 10);
			if (*end || size < 30 || size > 1000000) {
				fprintf(stderr, "luoshi: --demo-size must be 30–1000000\n");
				return 2;
			}
		} else
			return cli_usage("init");
	}
	if ((rc = cli_open(db_url, false, &db)))
		return rc;
	actor_system(&a, "cli");
	if ((rc = migrate(db)))
		goto out;
	if (refdata_load(db, &a, &e)) {
		rc = cli_fail(&e);
		goto out;
	}
	printf("reference data loaded\n");
	if (demo) {
		int seeded = demo_seed(db, &a, (int)size, true, &e);
		if (seeded < 0) {
			rc = cli_fail(&e);
			goto out;
		}
		if (seeded == 0)
			printf("demo data: %ld enterprises with monthly statistics 2015–2020, 160 key projects with "
			       "monthly reports 2017–2020, the seed policy with its targets, measures and department tasks "
			       "(the demo calendar stands on 2020-07-15)\n", size);
	}
out:
	db_close(db);
	return rc;
}
