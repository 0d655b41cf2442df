/* cli_summaries.c — `luoshi summaries check|rebuild`: the statistics summaries against the rows. */
#include "cli/cli.h"
#include "domain/summary.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_summaries(int argc, char **argv, const char *db_url)
{
	struct err e = { 0 };
	struct actor a;
	struct db *db;
	json_t *out;
	int rc;
	bool check = argc == 2 && !strcmp(argv[1], "check");
	if (argc != 2 || (!check && strcmp(argv[1], "rebuild")))
		return cli_usage("summaries");
	if ((rc = cli_open(db_url, true, &db)))
		return rc;
	actor_system(&a, "cli");
	if (!check) {
		if (summary_rebuild(db, &a, &e))
			rc = cli_fail(&e);
		else
			printf("summaries rebuilt\n");
	} else if (!(out = summary_check(db, &e))) {
		rc = cli_fail(&e);
	} else {
		json_int_t n = json_integer_value(json_object_get(out, "differences"));
		char *s = json_dumps(out, JSON_INDENT(1) | JSON_SORT_KEYS);
		printf(n ? "%lld summary rows differ from the rows (rebuild with `luoshi summaries rebuild`):\n%s\n"
		         : "summaries agree with the rows (%lld differences)\n",
		       (long long)n, s);
		free(s);
		rc = n ? 1 : 0;
		json_decref(out);
	}
	db_close(db);
	return rc;
}
