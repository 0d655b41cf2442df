/* cli_copy.c — `luoshi copy --from URL --to URL [--force]`: move a whole deployment. */
#include "cli/cli.h"
#include "domain/transfer.h"
#include <stdio.h>
#include <string.h>

int cli_copy(int argc, char **argv, const char *db_url)
{
	const char *from = db_url, *to = NULL;
	bool force = false;
	struct transfer_report rep;
	struct err e = { 0 };
	struct db *src;
	int rc;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--from") && i + 1 < argc)
			from = argv[++i];
		else if (!strcmp(argv[i], "--to") && i + 1 < argc)
			to = argv[++i];
		else if (!strcmp(argv[i], "--force"))
			force = true;
		else
			return cli_usage("copy");
	}
	if (!to)
		return cli_usage("copy");
	if ((rc = cli_open(from, true, &src)))
		return rc;
	if (transfer_copy(src, to, force, &rep, &e)) {
		rc = cli_fail(&e);
	} else {
		for (struct copy_count *c = rep.counts; c->table; c++)
			printf("  %-18s %8lld rows\n", c->table, (long long)c->to);
		printf("copied; audit chain verified: %lld rows, head %s\n", (long long)rep.target_chain.rows,
		       rep.target_chain.head);
	}
	db_close(src);
	return rc;
}
