/* cli_import.c — `luoshi import enterprises|projects|reports|statistics|policy FILE [--cumulative] [--dry-run] [--mode all|valid] [--as USER]`. */
#include "cli/cli.h"
#include "domain/auth.h"
#include "domain/enterprise.h"
#include "domain/policy.h"
#include "domain/project.h"
#include "domain/report.h"
#include "domain/statistics.h"
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

typedef json_t *(*import_fn)(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
                             enum import_mode mode, json_t **report, struct err *e);

/* --cumulative: the statistics file holds 1–M year-to-date figures. */
static bool cumulative;

static json_t *import_statistics(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
                                 enum import_mode mode, json_t **report, struct err *e)
{
	return statistics_import(db, a, buf, len, dry_run, mode, cumulative, report, e);
}

static const struct {
	const char *what;
	import_fn run;
} kinds[] = {
	{ "enterprises", enterprise_import },
	{ "projects", project_import },
	{ "reports", report_import },
	{ "statistics", import_statistics },
};

/* The command line acts as the system, or as a user (their role and scope) with --as. */
int cli_actor(struct db *db, const char *as, struct actor *a, json_t **user)
{
	struct err e = { 0 };
	*user = NULL;
	if (!as) {
		actor_system(a, "cli");
		return 0;
	}
	return auth_actor_by_name(db, as, "cli", a, user, &e) ? cli_fail(&e) : 0;
}

/* `import policy FILE [--as USER]`: a policy workbook (XLSX) or its JSON document, whole or not at all. */
static int import_policy(int argc, char **argv, const char *db_url)
{
	const char *file = NULL, *as = NULL;
	struct err e = { 0 };
	struct actor a;
	struct db *db;
	json_t *report = NULL, *user = NULL, *p = NULL, *r;
	size_t len, i;
	int rc;
	for (int k = 2; k < argc; k++) {
		if (!strcmp(argv[k], "--as") && k + 1 < argc)
			as = argv[++k];
		else if (!file && (argv[k][0] != '-' || !strcmp(argv[k], "-")))
			file = argv[k];
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
	if ((rc = cli_actor(db, as, &a, &user)))
		goto out;
	if ((p = policy_import(db, &a, buf, len, &report, &e))) {
		printf("imported policy %lld %s: %zu targets, %zu measures\n", (long long)json_integer_value(json_object_get(p, "id")),
		       json_string_value(json_object_get(p, "doc_no")), json_array_size(json_object_get(p, "targets")),
		       json_array_size(json_object_get(p, "measures")));
	} else {
		json_array_foreach(json_object_get(report, "errors"), i, r)
			fprintf(stderr, "%s\n", json_string_value(json_object_get(r, "message")));
		rc = cli_fail(&e);
	}
out:
	json_decref(p);
	json_decref(report);
	json_decref(user);
	free(buf);
	db_close(db);
	return rc;
}

int cli_import(int argc, char **argv, const char *db_url)
{
	const char *file = NULL, *as = NULL;
	bool dry = false;
	enum import_mode mode = IMPORT_ALL;
	import_fn run = NULL;
	struct err e = { 0 };
	struct actor a;
	struct db *db;
	json_t *report = NULL, *user = NULL;
	size_t len;
	int rc;
	if (argc >= 2 && !strcmp(argv[1], "policy"))
		return import_policy(argc, argv, db_url);
	for (size_t k = 0; argc >= 2 && k < sizeof(kinds) / sizeof(kinds[0]); k++)
		if (!strcmp(argv[1], kinds[k].what))
			run = kinds[k].run;
	if (argc < 3 || !run)
		return cli_usage("import");
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--dry-run"))
			dry = true;
		else if (!strcmp(argv[i], "--cumulative") && run == import_statistics)
			cumulative = true;
		else if (!strcmp(argv[i], "--valid-only"))
			mode = IMPORT_VALID;
		else if (!strcmp(argv[i], "--mode") && i + 1 < argc && !strcmp(argv[i + 1], "all"))
			mode = IMPORT_ALL, i++;
		else if (!strcmp(argv[i], "--mode") && i + 1 < argc && !strcmp(argv[i + 1], "valid"))
			mode = IMPORT_VALID, i++;
		else if (!strcmp(argv[i], "--as") && i + 1 < argc)
			as = argv[++i];
		else if (!file && argv[i][0] != '-')
			file = argv[i];
		else if (!file && !strcmp(argv[i], "-"))
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
	if ((rc = cli_actor(db, as, &a, &user)))
		goto out;
	json_t *rep = run(db, &a, buf, len, dry, mode, &report, &e);
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
out:
	json_decref(user);
	free(buf);
	db_close(db);
	return rc;
}
