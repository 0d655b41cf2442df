/* routes.c — the route table: every endpoint, who may call it, what it takes. */
#include "api/api.h"
#include "domain/attachment.h"
#include "domain/enterprise.h"
#include "domain/policy.h"
#include "domain/project.h"
#include "domain/project_change.h"
#include "domain/report.h"
#include "domain/scorecard.h"
#include "domain/statistics.h"
#include "domain/task.h"
#include "domain/user.h"

static const struct jspec_field session_spec[] = {
	{ "username", JSPEC_STRING, JSPEC_REQUIRED, 0, 64, "用户名", "user name", NULL, NULL },
	{ "password", JSPEC_STRING, JSPEC_REQUIRED, 0, 256, "密码", "password", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

static const struct jspec_field archive_spec[] = {
	{ "version", JSPEC_INT, JSPEC_REQUIRED, 1, INT32_MAX, "版本", "version", NULL, NULL },
	{ NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL },
};

#define ENT_WRITERS (R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE))
#define AUDIT_READERS (R(ADMIN) | R(OFFICER) | R(AUDITOR))
#define LEDGER_WRITERS (R(ADMIN) | R(OFFICER))
#define PROJECT_WRITERS (R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE))
#define STAT_WRITERS (R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(ENTERPRISE))
#define STAT_OVERSEERS (R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(DEPARTMENT) | R(ASSOCIATION) | R(AUDITOR))

const struct api_route api_routes[] = {
	{ "GET", "/api/v1/meta", api_meta, ROLES_PUBLIC | ROLES_ALL, NULL, 0, "version and whether this is demo data" },
	{ "GET", "/api/v1/openapi.json", api_openapi, ROLES_PUBLIC | ROLES_ALL, NULL, 0, "this document" },
	{ "POST", "/api/v1/session", api_session_create, ROLES_PUBLIC | ROLES_ALL, session_spec, API_JSON_BODY | API_NO_CSRF, "sign in" },
	{ "GET", "/api/v1/session", api_session_get, ROLES_ALL, NULL, 0, "the signed-in user and CSRF token" },
	{ "DELETE", "/api/v1/session", api_session_delete, ROLES_ALL, NULL, 0, "sign out" },
	{ "GET", "/api/v1/divisions", api_ref_divisions, ROLES_ALL, NULL, API_CACHED, "administrative divisions (GB/T 2260)" },
	{ "GET", "/api/v1/industries", api_ref_industries, ROLES_ALL, NULL, API_CACHED, "industry classes (GB/T 4754-2017)" },
	{ "GET", "/api/v1/fields", api_ref_fields, ROLES_ALL, NULL, API_CACHED, "the policy's key and growth fields" },
	{ "GET", "/api/v1/bases", api_ref_bases, ROLES_ALL, NULL, API_CACHED, "manufacturing bases and zones" },
	{ "GET", "/api/v1/departments", api_ref_departments, ROLES_ALL, NULL, API_CACHED, "government departments" },
	{ "GET", "/api/v1/ownerships", api_ref_ownerships, ROLES_ALL, NULL, API_CACHED, "ownership types" },
	{ "GET", "/api/v1/scales", api_ref_scales, ROLES_ALL, NULL, API_CACHED, "enterprise scales" },
	{ "GET", "/api/v1/enterprises", api_enterprise_list, ROLES_ALL, NULL, API_CACHED, "search and list enterprises" },
	{ "POST", "/api/v1/enterprises", api_enterprise_create, R(ADMIN) | R(OFFICER) | R(PREFECTURE), enterprise_spec, API_JSON_BODY, "register an enterprise" },
	{ "POST", "/api/v1/enterprises/import", api_enterprise_import, R(ADMIN) | R(OFFICER) | R(PREFECTURE), NULL, API_FILE_BODY, "import a CSV or XLSX file (dry_run=1 to check only)" },
	{ "GET", "/api/v1/enterprises/export", api_enterprise_export, ROLES_ALL, NULL, API_FILE_REPLY, "export the filtered list (format=xlsx|csv)" },
	{ "GET", "/api/v1/enterprises/template", api_enterprise_template, ROLES_ALL, NULL, API_FILE_REPLY, "the import template (format=xlsx|csv)" },
	{ "GET", "/api/v1/enterprises/{id}", api_enterprise_get, ROLES_ALL, NULL, API_CACHED, "one enterprise" },
	{ "PATCH", "/api/v1/enterprises/{id}", api_enterprise_update, ENT_WRITERS, enterprise_spec, API_JSON_BODY, "change an enterprise (with its version)" },
	{ "POST", "/api/v1/enterprises/{id}/archive", api_enterprise_archive, R(ADMIN) | R(OFFICER) | R(PREFECTURE), archive_spec, API_JSON_BODY, "archive an enterprise" },
	{ "GET", "/api/v1/project-categories", api_project_categories, ROLES_ALL, NULL, API_CACHED, "programme categories of key projects" },
	{ "POST", "/api/v1/project-categories", api_project_category_add, R(ADMIN), project_category_spec, API_JSON_BODY, "add a programme category" },
	{ "GET", "/api/v1/policy-items", api_policy_items, ROLES_ALL, NULL, API_CACHED, "the policy's targets and measures" },
	{ "GET", "/api/v1/funding-sources", api_funding_sources, ROLES_ALL, NULL, API_CACHED, "funding sources of a project" },
	{ "GET", "/api/v1/projects", api_project_list, ROLES_ALL, NULL, API_CACHED | API_BY_DAY, "search and list key projects" },
	{ "POST", "/api/v1/projects", api_project_create, PROJECT_WRITERS, project_spec, API_JSON_BODY, "apply for a key project (a draft)" },
	{ "POST", "/api/v1/projects/transitions", api_project_transition_many, R(ADMIN) | R(OFFICER) | R(PREFECTURE), project_batch_spec, API_JSON_BODY, "take one review step on several projects" },
	{ "GET", "/api/v1/projects/export", api_project_export, ROLES_ALL, NULL, API_FILE_REPLY, "export the filtered project list (format=xlsx|csv)" },
	{ "GET", "/api/v1/projects/template", api_project_template, ROLES_ALL, NULL, API_FILE_REPLY, "the project import template (format=xlsx|csv)" },
	{ "POST", "/api/v1/projects/import", api_project_import, PROJECT_WRITERS, NULL, API_FILE_BODY, "import projects from CSV or XLSX: new drafts, changes to drafts (dry_run=1, mode=all|valid)" },
	{ "GET", "/api/v1/reports/workbook", api_report_workbook, PROJECT_WRITERS, NULL, API_FILE_REPLY, "the month's workbook pre-filled with the projects in progress of the user's scope (month=YYYY-MM)" },
	{ "POST", "/api/v1/reports/import", api_report_import, PROJECT_WRITERS, NULL, API_FILE_BODY, "import a filled monthly workbook (dry_run=1, mode=all|valid)" },
	{ "GET", "/api/v1/reports/export", api_report_export, ROLES_ALL, NULL, API_FILE_REPLY, "export a month's reports with the computed figures (month=YYYY-MM, project filters)" },
	{ "GET", "/api/v1/projects/counters", api_project_counters, ROLES_ALL, NULL, API_CACHED, "the programme counters against the policy's targets" },
	{ "GET", "/api/v1/warnings", api_warnings, ROLES_ALL, NULL, API_CACHED | API_BY_DAY, "warnings computed from the projects' data, a page at a time (cached per calendar day)" },
	{ "GET", "/api/v1/warnings/summary", api_warning_summary, ROLES_ALL, NULL, API_CACHED | API_BY_DAY, "today's warnings of the user's scope: counts, new and cleared since yesterday, the top items" },
	{ "GET", "/api/v1/projects/{id}", api_project_get, ROLES_ALL, NULL, API_CACHED, "one project with its timeline" },
	{ "PATCH", "/api/v1/projects/{id}", api_project_update, PROJECT_WRITERS, project_spec, API_JSON_BODY, "change a draft or returned project (with its version)" },
	{ "POST", "/api/v1/projects/{id}/transitions", api_project_transition, PROJECT_WRITERS, project_transition_spec, API_JSON_BODY, "take a step of the life cycle" },
	{ "GET", "/api/v1/projects/{id}/reports", api_report_list, ROLES_ALL, NULL, API_CACHED, "a project's monthly reports with computed figures" },
	{ "POST", "/api/v1/projects/{id}/reports", api_report_create, PROJECT_WRITERS, report_spec, API_JSON_BODY, "file a monthly progress report" },
	{ "PATCH", "/api/v1/projects/{id}/reports/{month}", api_report_update, PROJECT_WRITERS, report_spec, API_JSON_BODY, "change a report (after its window: once unlocked, with a reason)" },
	{ "POST", "/api/v1/projects/{id}/reports/{month}/unlock", api_report_unlock, R(ADMIN) | R(OFFICER), report_unlock_spec, API_JSON_BODY, "unlock a closed report for one change" },
	{ "POST", "/api/v1/projects/{id}/reports/{month}/resolve", api_report_resolve, R(ADMIN) | R(OFFICER) | R(DEPARTMENT), report_resolve_spec, API_JSON_BODY, "mark a request for help resolved" },
	{ "GET", "/api/v1/projects/{id}/changes", api_change_list, ROLES_ALL, NULL, API_CACHED, "a project's change requests: approved and requested records side by side" },
	{ "POST", "/api/v1/projects/{id}/changes", api_change_create, PROJECT_WRITERS, project_change_spec, API_JSON_BODY, "request a change to an approved or in-progress project" },
	{ "POST", "/api/v1/projects/{id}/changes/{cid}/decision", api_change_decide, PROJECT_WRITERS, project_change_decision_spec, API_JSON_BODY, "approve or reject a change request (officer), or withdraw it (requester)" },
	{ "GET", "/api/v1/projects/{id}/attachments", api_attachment_list, ROLES_ALL, NULL, API_CACHED, "a project's attachments" },
	{ "POST", "/api/v1/projects/{id}/attachments", api_attachment_upload, PROJECT_WRITERS, NULL, API_FILE_BODY, "upload an attachment (name=FILENAME, the file as the body)" },
	{ "GET", "/api/v1/projects/{id}/attachments/{aid}", api_attachment_get, ROLES_ALL, NULL, API_FILE_REPLY, "download an attachment" },
	{ "DELETE", "/api/v1/projects/{id}/attachments/{aid}", api_attachment_delete, PROJECT_WRITERS, NULL, 0, "delete an attachment (the file is kept for the audit trail)" },
	{ "GET", "/api/v1/policies", api_policy_list, ROLES_ALL, NULL, API_CACHED, "the policies in the ledger" },
	{ "POST", "/api/v1/policies", api_policy_create, LEDGER_WRITERS, policy_spec, API_JSON_BODY, "enter a policy: bare, or whole with its measures, targets and tasks (docs/POLICY-FORMAT.md)" },
	{ "POST", "/api/v1/policies/import", api_policy_import, LEDGER_WRITERS, NULL, API_FILE_BODY, "import a policy from its workbook (XLSX) or its JSON document (docs/POLICY-FORMAT.md; dry_run=1 to check only)" },
	{ "GET", "/api/v1/policies/template", api_policy_template, LEDGER_WRITERS, NULL, API_FILE_REPLY, "the policy workbook template (XLSX)" },
	{ "GET", "/api/v1/policies/{id}/export", api_policy_export, R(ADMIN) | R(OFFICER) | R(AUDITOR), NULL, API_FILE_REPLY, "a policy with its text, measures, targets and tasks as a workbook (XLSX)" },
	{ "GET", "/api/v1/policies/{id}", api_policy_get, ROLES_ALL, NULL, API_CACHED, "a policy with its text, measures and targets" },
	{ "PATCH", "/api/v1/policies/{id}", api_policy_update, LEDGER_WRITERS, policy_spec, API_JSON_BODY, "change a policy's own fields (with its version)" },
	{ "POST", "/api/v1/policies/{id}/measures", api_measure_create, LEDGER_WRITERS, policy_measure_spec, API_JSON_BODY, "add a measure to a policy" },
	{ "POST", "/api/v1/policies/{id}/targets", api_target_create, LEDGER_WRITERS, policy_target_spec, API_JSON_BODY, "add a target to a policy" },
	{ "GET", "/api/v1/measures", api_measure_list, ROLES_ALL, NULL, API_CACHED, "a policy's measures (policy=ID)" },
	{ "PATCH", "/api/v1/measures/{id}", api_measure_update, LEDGER_WRITERS, policy_measure_spec, API_JSON_BODY, "change a measure (with its version)" },
	{ "GET", "/api/v1/targets", api_target_list, ROLES_ALL, NULL, API_CACHED, "a policy's targets (policy=ID)" },
	{ "PATCH", "/api/v1/targets/{id}", api_target_update, LEDGER_WRITERS, policy_target_spec, API_JSON_BODY, "change a target (with its version)" },
	{ "GET", "/api/v1/targets/{id}/entries", api_target_entries, ROLES_ALL, NULL, API_CACHED, "values entered for a target measured by hand" },
	{ "POST", "/api/v1/targets/{id}/entries", api_target_add_entry, LEDGER_WRITERS, target_entry_spec, API_JSON_BODY, "enter a target's value as of a month, with its evidence" },
	{ "GET", "/api/v1/tasks", api_task_list, TASK_READERS, NULL, 0, "department tasks with overdue and escalation flags (not cached: they move with the calendar)" },
	{ "POST", "/api/v1/tasks", api_task_create, LEDGER_WRITERS, task_spec, API_JSON_BODY, "give a department a task under a measure" },
	{ "GET", "/api/v1/tasks/record", api_task_record, TASK_READERS, NULL, 0, "each lead department's on-time record" },
	{ "GET", "/api/v1/tasks/{id}", api_task_get, TASK_READERS, NULL, 0, "a task with its updates" },
	{ "PATCH", "/api/v1/tasks/{id}", api_task_update, LEDGER_WRITERS, task_spec, API_JSON_BODY, "change or reopen a task (with its version)" },
	{ "POST", "/api/v1/tasks/{id}/updates", api_task_post_update, R(ADMIN) | R(OFFICER) | R(DEPARTMENT), task_update_spec, API_JSON_BODY, "post progress on a task (its departments)" },
	{ "POST", "/api/v1/tasks/{id}/complete", api_task_complete, R(ADMIN) | R(OFFICER) | R(DEPARTMENT), task_complete_spec, API_JSON_BODY, "complete a task with evidence (its lead department)" },
	{ "GET", "/api/v1/statistics", api_statistics_list, ROLES_ALL, NULL, 0, "monthly industry statistics in the user's scope (enterprise_id, month=YYYY-MM or YYYY, division, page, per_page; not cached: lock state moves with the calendar)" },
	{ "POST", "/api/v1/statistics", api_statistics_create, STAT_WRITERS, statistics_spec, API_JSON_BODY, "file an enterprise's monthly statistics" },
	{ "GET", "/api/v1/statistics/completeness", api_statistics_completeness, STAT_OVERSEERS, NULL, API_CACHED, "which enterprises should report for a month and which have not, per prefecture or county (month, division)" },
	{ "GET", "/api/v1/statistics/aggregate", api_statistics_aggregate, ROLES_ALL, NULL, API_CACHED, "sums of an indicator over the rows in the user's scope by division, industry, field, base or scale: month, year to date, same period last year, year-on-year (indicator, by, month=YYYY-MM, division)" },
	{ "GET", "/api/v1/statistics/enterprises", api_statistics_enterprises, ROLES_ALL, NULL, API_CACHED, "the enterprises behind one group of the aggregate, in the user's scope, each with its month, year to date and same period last year (indicator, by, key, month=YYYY-MM, division)" },
	{ "GET", "/api/v1/statistics/enterprises/export", api_statistics_enterprises_export, ROLES_ALL, NULL, API_FILE_REPLY, "the enterprises behind one group of the aggregate as a file (the same arguments, format=xlsx|csv)" },
	{ "GET", "/api/v1/statistics/top", api_statistics_top, ROLES_ALL, NULL, API_CACHED, "the enterprises in the user's scope with the largest year to date of a money indicator, largest first (indicator, month=YYYY-MM, limit 1..100, default 10)" },
	{ "GET", "/api/v1/statistics/template", api_statistics_template, ROLES_ALL, NULL, API_FILE_REPLY, "the statistics import template (format=xlsx|csv)" },
	{ "GET", "/api/v1/statistics/export", api_statistics_export, ROLES_ALL, NULL, API_FILE_REPLY, "export statistics in the user's scope (month, division, enterprise_id, format)" },
	{ "POST", "/api/v1/statistics/import", api_statistics_import, STAT_WRITERS, NULL, API_FILE_BODY, "import a statistics-bureau file (dry_run=1, mode=all|valid, cumulative=1 for 1–M figures)" },
	{ "GET", "/api/v1/statistics/{id}/{month}", api_statistics_get, ROLES_ALL, NULL, 0, "one enterprise's month with its lock state and revisions" },
	{ "PATCH", "/api/v1/statistics/{id}/{month}", api_statistics_update, STAT_WRITERS, statistics_spec, API_JSON_BODY, "change a month's figures (after its window: once unlocked, with a reason)" },
	{ "POST", "/api/v1/statistics/{id}/{month}/unlock", api_statistics_unlock, R(ADMIN) | R(OFFICER), statistics_unlock_spec, API_JSON_BODY, "unlock a closed month for one change" },
	{ "GET", "/api/v1/scorecard", api_scorecard, SCORECARD_READERS, NULL, API_CACHED | API_BY_DAY, "each target's standing, forecast and status, and each measure's tasks and projects, as of a month (policy=ID&as_of=YYYY-MM)" },
	{ "GET", "/api/v1/users", api_user_list, R(ADMIN), NULL, API_CACHED, "list users" },
	{ "POST", "/api/v1/users", api_user_create, R(ADMIN), user_create_spec, API_JSON_BODY, "create a user" },
	{ "PATCH", "/api/v1/users/{id}", api_user_update, R(ADMIN), user_update_spec, API_JSON_BODY, "change a user" },
	{ "GET", "/api/v1/audit", api_audit_list, AUDIT_READERS, NULL, API_CACHED, "browse the audit log" },
	{ "GET", "/api/v1/audit/verify", api_audit_verify, AUDIT_READERS, NULL, 0, "verify the audit hash chain" },
};

const size_t api_routes_count = sizeof(api_routes) / sizeof(api_routes[0]);
