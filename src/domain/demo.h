/* demo.h — demo data: enterprises across Xinjiang and one account per role. */
#ifndef DOMAIN_DEMO_H
#define DOMAIN_DEMO_H
#include "db/db.h"
#include "domain/actor.h"

#define DEMO_PASSWORD "luoshi-demo-2026"

/* Seeds n enterprises (deterministic for a given n) and, when accounts is set, the
 * demo users; marks the database as demo data. Prints the accounts to stdout.
 * Returns 1, adding nothing, when the database already holds demo data. */
int demo_seed(struct db *db, const struct actor *a, int n, bool accounts, struct err *e);
/* Monthly statistics 2015-01..2020-06 for the above-size ones of enterprises 1..n
 * (demo_statistics.c); run after the enterprises, on the demo calendar. */
int demo_seed_statistics(struct db *db, const struct actor *a, int n, struct err *e);
#endif
