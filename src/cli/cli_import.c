/* cli_import.c — `luoshi import enterprises FILE [--dry-run] [--valid-only]`. */
#include "cli/cli.h"
#include "domain/enterprise.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_report(const json_t *rep)
{
	size_t i;
	json_t *r;
	printf("%s: %lld rows, %lld created, %lld updated, %lld unchanged, %zu bad\n",
	       json_is_true(json_object_get(rep, "dry_run")) ? "dry run" : "imported",
	       (long long)json_integer_value(json_object_get(rep, "total_rows")),
	       (long long)json_integer_value(json_object_get(rep, "created")),
	       (long long)json_integer_value(json_object_get(rep, "updated")),
	       (long long)json_integer_value(json_object_get(rep, "unchanged")),
	       json_array_size(json_object_get(rep, "errors")));
	json_array_foreach(json_object_get(rep, "errors"), i, r) {
		fprintf(stderr, "row %lld, %s \"%s\": %s\n", (long long)json_integer_value(json_object_get(r, "row")),
		        json_string_value(json_object_get(r, "column")), json_string_value(json_object_get(r, "value")),
		        json_string_value(json_object_get(r, "message")));
	}
}

int cli_import(int argc, char **argv, const char *db_url)
{
	const char *file = NULL;
	bool dry = false;
	enum import_mode mode = IMPORT_ALL;
	struct err e = { 0 };
	struct actor a;
	struct db *db;
	json_t *report = NULL;
	size_t len;
	int rc;
	if (argc < 3 || strcmp(argv[1], "enterprises"))
		return cli_usage("import");
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			dry = true;
		else if (!strcmp(argv[i], "--valid-only"))
			mode = IMPORT_VALID;
		else if (!file)
			file = argv[i];
		else
			return cli_usage("import");
	}
	if (!file)
		return cli_usage("import");
	char *buf = cli_read_file(file, &len, &e);
	if (!buf)
		return cli_fail(&e);
	if ((rc = cli_open(db_url, true, &db))) {
		free(buf);
		return rc;
	}
	actor_system(&a, "cli");
	json_t *rep = enterprise_import(db, &a, buf, len, dry, mode, &report, &e);
	if (rep) {
		print_report(rep);
		rc = json_array_size(json_object_get(rep, "errors")) ? 1 : 0;
	} else {
		if (report)
			print_report(report);
		rc = cli_fail(&e);
	}
	json_decref(rep);
	json_decref(report);
	free(buf);
	db_close(db);
	return rc;
}
