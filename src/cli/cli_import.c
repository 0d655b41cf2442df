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
	long long omitted = json_integer_value(json_object_get(rep, "errors_omitted"));
	printf("%s: %lld rows, %lld created, %lld updated, %lld unchanged, %lld bad\n",
	       json_is_true(json_object_get(rep, "dry_run")) ? "dry run" : "imported",
	       (long long)json_integer_value(json_object_get(rep, "total_rows")),
	       (long long)json_integer_value(json_object_get(rep, "created")),
	       (long long)json_integer_value(json_object_get(rep, "updated")),
	       (long long)json_integer_value(json_object_get(rep, "unchanged")),
	       (long long)json_array_size(json_object_get(rep, "errors")) + omitted);
	if (omitted)
		fprintf(stderr, "(the first %zu bad rows are listed, %lld more are not)\n",
		        json_array_size(json_object_get(rep, "errors")), omitted);
	if ((r = json_object_get(rep, "policy")) && json_object_get(r, "id"))
		printf("policy %lld %s: %lld targets, %lld measures\n", (long long)json_integer_value(json_object_get(r, "id")),
		       json_string_value(json_object_get(r, "doc_no")),
		       (long long)json_integer_value(json_object_get(r, "targets")),
		       (long long)json_integer_value(json_object_get(r, "measures")));
	else if (r)
		printf("policy %s: %lld targets, %lld measures, %lld tasks\n", json_string_value(json_object_get(r, "doc_no")),
		       (long long)json_integer_value(json_object_get(r, "targets")),
		       (long long)json_integer_value(json_object_get(r, "measures")),
		       (long long)json_integer_value(json_object_get(r, "tasks")));
	json_array_foreach(json_object_get(rep, "errors"), i, r) {
		/* A policy's message says where: sheet, row and column, or the place in the document. */
		if (json_object_get(r, "sheet") || !json_object_get(r, "row")) {
			fprintf(stderr, "%s\n", json_string_value(json_object_get(r, "message")));
			continue;
		}
		fprintf(stderr, "row %lld, %s \"%s\": %s\n", (long long)json_integer_value(json_object_get(r, "row")),
		        json_string_value(json_object_get(r, "column")), json_string_value(json_object_get(r, "value")),
		        json_string_value(json_object_get(r, "message")));
	}
}

typedef json_t *(*import_fn)(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
                             enum import_mode mode, json_t **report, struct err *e);

/* Whether path names a readable file that is not a workbook (a ZIP) or another binary. */
static bool csv_file(const char *path)
{
	char head[512];
	FILE *f = fopen(path, "rb");
	if (!f)
		return false;
	size_t n = fread(head, 1, sizeof(head), f);
	fclose(f);
	return n > 0 && table_sniff(head, n) == TABLE_CSV;
}

/* --cumulative: the statistics file holds 1–M year-to-date figures. */
static bool cumulative;

static json_t *import_statistics(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
                                 enum import_mode mode, json_t **report, struct err *e)
{
	return statistics_import(db, a, buf, len, dry_run, mode, cumulative, report, e);
}

/* A policy (workbook or JSON document) is written whole or not at all: no modes; a dry run
 * checks it all and writes nothing. Its report says what was created, or lists the errors with
 * their sheet, row and column (a document's: their place in it). */
static json_t *import_policy(struct db *db, const struct actor *a, const char *buf, size_t len, bool dry_run,
                             enum import_mode mode, json_t **report, struct err *e)
{
	json_t *p;
	if (mode != IMPORT_ALL)
		return err_set(e, ERR_UNPROCESSABLE, NULL, "a policy is imported whole: no --mode"), NULL;
	if (!(p = policy_import(db, a, buf, len, dry_run, report, e)) || dry_run)
		return p;
	json_t *rep = json_pack("{s:b, s:i, s:i, s:i, s:i, s:[], s:{s:O, s:O, s:i, s:i}}", "dry_run", 0, "total_rows", 1,
	                        "created", 1, "updated", 0, "unchanged", 0, "errors", "policy", "id",
	                        json_object_get(p, "id"), "doc_no", json_object_get(p, "doc_no"), "targets",
	                        (int)json_array_size(json_object_get(p, "targets")), "measures",
	                        (int)json_array_size(json_object_get(p, "measures")));
	json_decref(p);
	return rep;
}

static const struct {
	const char *what;
	import_fn run;
} kinds[] = {
	{ "enterprises", enterprise_import },
	{ "projects", project_import },
	{ "reports", report_import },
	{ "statistics", import_statistics },
	{ "policy", import_policy },
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
	/* A monthly statistics file in CSV is read a batch at a time (it may hold millions of
	 * rows); everything else is read whole (cumulative files need two passes). */
	FILE *stream = NULL;
	char *buf = NULL;
	if (run == import_statistics && !cumulative && strcmp(file, "-") && csv_file(file))
		stream = fopen(file, "rb");
	if (!stream && !(buf = cli_read_file(file, &len, &e)))
		return cli_fail(&e);
	if ((rc = cli_open(db_url, true, &db))) {
		free(buf);
		if (stream)
			fclose(stream);
		return rc;
	}
	if ((rc = cli_actor(db, as, &a, &user)))
		goto out;
	json_t *rep = stream ? statistics_import_csv(db, &a, stream, dry, mode, &report, &e)
	                     : run(db, &a, buf, len, dry, mode, &report, &e);
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
	if (stream)
		fclose(stream);
	db_close(db);
	return rc;
}
