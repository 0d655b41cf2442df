/* actor.h — who is acting: the signed-in user, their role and data scope. */
#ifndef DOMAIN_ACTOR_H
#define DOMAIN_ACTOR_H
#include <stdbool.h>
#include <stdint.h>
#include "core/err.h"

#define ROLE_LIST(X) \
	X(ADMIN, admin, "系统管理员", "Administrator") \
	X(OFFICER, officer, "经信厅业务处室", "Programme officer") \
	X(PREFECTURE, prefecture, "地州市经信部门", "Prefecture officer") \
	X(DEPARTMENT, department, "相关部门", "Department") \
	X(ENTERPRISE, enterprise, "企业用户", "Enterprise") \
	X(ASSOCIATION, association, "行业协会", "Association") \
	X(AUDITOR, auditor, "审计监督", "Auditor")

enum role {
	ROLE_NONE = 0,
#define ROLE_ENUM(up, low, zh, en) ROLE_##up,
	ROLE_LIST(ROLE_ENUM)
#undef ROLE_ENUM
	ROLE__COUNT
};

/* Role sets for the route table and for checks. */
#define R(role) (1u << ROLE_##role)
#define ROLES_ALL (R(ADMIN) | R(OFFICER) | R(PREFECTURE) | R(DEPARTMENT) | R(ENTERPRISE) | \
                   R(ASSOCIATION) | R(AUDITOR))
#define ROLES_PUBLIC (1u << ROLE_NONE)

const char *role_name(enum role r);          /* "admin", "" for ROLE_NONE */
enum role role_parse(const char *s);         /* ROLE_NONE if unknown */
const char *role_label(enum role r, enum lang lang);

struct actor {
	int64_t user_id;         /* 0: the system (CLI) or nobody */
	const char *username;    /* "system" for the CLI */
	enum role role;
	char division[8];        /* prefecture users */
	int64_t enterprise_id;   /* enterprise users */
	char department[16];     /* department users */
	const char *client;      /* client address, or "cli" */
	enum lang lang;
};

/* The command line acts as the system with full rights. */
void actor_system(struct actor *a, const char *client);
bool actor_can(const struct actor *a, unsigned roles);

/* The data scope: may the actor see a record of division that belongs to enterprise_id?
 * A prefecture user sees its division and the ones under it; an enterprise user its
 * own enterprise's records; every other role all. */
bool actor_in_scope(const struct actor *a, const char *division, int64_t enterprise_id);

/* Division code ranges: "650000" covers 650000..659999, "650100" 650100..650199. */
void division_range(const char *code, char lo[8], char hi[8]);
#endif
