/* cli_export.c — `luoshi export enterprises|projects|reports|statistics|policy [--format csv|xlsx] [-o FILE] [filters]`. */
#include "cli/cli.h"
#include "domain/enterprise.h"
#include "domain/policy.h"
#include "domain/project.h"
#include "domain/report.h"
#include "domain/statistics.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_export(int argc, char **argv, const char *db_url)
{
	struct enterprise_query q = { .archived = 0 };
	struct project_query pq = { .national = -1 };
	struct statistics_query sq = { 0 };
	const char *out = "-", *format = "csv", *month = NULL, *as = NULL, *what = argc >= 2 ? argv[1] : "";
	bool template_only = false, workbook = false;
	struct strbuf buf = STRBUF_INIT;
	struct err e = { 0 };
	struct actor a;
	struct db *db;
	json_t *user = NULL;
	int rc;
	bool ent = !strcmp(what, "enterprises"), proj = !strcmp(what, "projects"), rep = !strcmp(what, "reports");
	bool stat = !strcmp(what, "statistics"), pol = !strcmp(what, "policy");
	long long policy_id = 0; /* export policy ID: the workbook, always XLSX */
	if (!ent && !proj && !rep && !stat && !pol)
		return cli_usage("export");
	if (pol)
		format = "xlsx";
	for (int i = 2; i < argc; i++) {
		const char **opt = NULL;
		char *end;
		if (pol && !policy_id && (policy_id = strtoll(argv[i], &end, 10)) > 0 && !*end)
			continue;
		if (!strcmp(argv[i], "--template") && !rep) {
			template_only = true;
			continue;
		}
		if (!strcmp(argv[i], "--workbook") && rep) {
			workbook = true;
			continue;
		}
		if (!strcmp(argv[i], "--all") && ent) {
			q.archived = -1;
			continue;
		}
		if (!strcmp(argv[i], "--format"))
			opt = &format;
		else if (!strcmp(argv[i], "-o"))
			opt = &out;
		else if (!strcmp(argv[i], "--as"))
			opt = &as;
		else if (!strcmp(argv[i], "--q"))
			opt = ent ? &q.q : &pq.q;
		else if (!strcmp(argv[i], "--division"))
			opt = ent ? &q.division : &pq.division;
		else if (!strcmp(argv[i], "--industry") && ent)
			opt = &q.industry;
		else if (!strcmp(argv[i], "--field"))
			opt = ent ? &q.field : &pq.field;
		else if (!strcmp(argv[i], "--category") && !ent)
			opt = &pq.category;
		else if (!strcmp(argv[i], "--base") && !ent)
			opt = &pq.base;
		else if (!strcmp(argv[i], "--status") && !ent)
			opt = &pq.status;
		else if (!strcmp(argv[i], "--month") && (rep || stat))
			opt = &month;
		if (!opt || i + 1 >= argc)
			return cli_usage("export");
		*opt = argv[++i];
	}
	if ((strcmp(format, "csv") && strcmp(format, "xlsx")) || (rep && !month) || (stat && !month && !template_only) ||
	    (pol && (strcmp(format, "xlsx") || !policy_id == !template_only)))
		return cli_usage("export");
	if (!strcmp(format, "xlsx") && !strcmp(out, "-")) {
		fprintf(stderr, "luoshi: XLSX is binary; give a file with -o\n");
		return 2;
	}
	if ((rc = cli_open(db_url, true, &db)))
		return rc;
	if ((rc = cli_actor(db, as, &a, &user)))
		goto done;
	enum table_format fmt = strcmp(format, "xlsx") ? TABLE_CSV : TABLE_XLSX;
	sq.month = month;
	sq.division = pq.division;
	int r = pol    ? policy_export_workbook(db, &a, policy_id, &buf, &e)
	      : stat ? statistics_export(db, &a, &sq, fmt, template_only, &buf, &e)
	      : ent ? enterprise_export(db, &a, &q, fmt, template_only, &buf, &e)
	      : proj ? project_export(db, &a, &pq, fmt, template_only, &buf, &e)
	      : workbook ? report_workbook(db, &a, month, &pq, fmt, &buf, &e)
	                 : report_export(db, &a, month, &pq, fmt, &buf, &e);
	if (r) {
		rc = cli_fail(&e);
	} else {
		FILE *f = strcmp(out, "-") ? fopen(out, "wb") : stdout;
		if (!f || fwrite(buf.buf, 1, buf.len, f) != buf.len || (f != stdout && fclose(f))) {
			perror(out);
			rc = 1;
		}
	}
done:
	json_decref(user);
	strbuf_release(&buf);
	db_close(db);
	return rc;
}
