/* cli_backup.c — `luoshi backup FILE`: an online, consistent SQLite copy while serving. */
#include "cli/cli.h"
#include "domain/transfer.h"
#include <stdio.h>
#include <sys/stat.h>

int cli_backup(int argc, char **argv, const char *db_url)
{
	struct err e = { 0 };
	struct stat st;
	struct db *db;
	int rc;
	if (argc != 2)
		return cli_usage("backup");
	if (!stat(argv[1], &st)) {
		fprintf(stderr, "luoshi: %s exists; refusing to overwrite it\n", argv[1]);
		return 1;
	}
	if ((rc = cli_open(db_url, true, &db)))
		return rc;
	if (transfer_backup(db, argv[1], &e))
		rc = cli_fail(&e);
	else
		printf("backup written to %s\n", argv[1]);
	db_close(db);
	return rc;
}
