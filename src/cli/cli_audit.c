/* cli_audit.c — `luoshi audit verify`. */
#include "cli/cli.h"
#include "domain/audit.h"
#include <stdio.h>
#include <string.h>

int cli_audit(int argc, char **argv, const char *db_url)
{
	struct audit_report rep;
	struct err e = { 0 };
	struct db *db;
	int rc;
	if (argc != 2 || strcmp(argv[1], "verify"))
		return cli_usage("audit");
	if ((rc = cli_open(db_url, true, &db)))
		return rc;
	if (audit_verify(db, &rep, &e)) {
		rc = cli_fail(&e);
	} else if (rep.first_bad_id) {
		fprintf(stderr, "luoshi: audit chain broken at row %lld: %s\n", (long long)rep.first_bad_id, rep.reason);
		fprintf(stderr, "luoshi: 审计链在第 %lld 行处断裂\n", (long long)rep.first_bad_id);
		rc = 1;
	} else {
		printf("audit chain ok: %lld rows, head %s\n", (long long)rep.rows, rep.head);
	}
	db_close(db);
	return rc;
}
