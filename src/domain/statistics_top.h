/* statistics_top.h — the enterprises with the largest year to date of an indicator (dashboards). */
#ifndef DOMAIN_STATISTICS_TOP_H
#define DOMAIN_STATISTICS_TOP_H
#include <jansson.h>
#include "db/db.h"
#include "domain/actor.h"

/* The limit (1..100, 0: 10) enterprises in the actor's scope — officers and the region-wide
 * roles all, a prefecture user its division and those under it, an enterprise user only
 * itself — with the largest January..month sum of a money indicator (output, revenue, profit,
 * export, rd): {indicator, month, limit, items: [{rank, enterprise_id, credit_code, name,
 * division, month_fen, ytd_fen, ytd_last_year_fen, yoy_pct}]}; yoy_pct the enterprise's own
 * growth over the same months a year before (null without a base). */
json_t *statistics_top(struct db *db, const struct actor *a, const char *indicator, const char *month,
                       int64_t limit, struct err *e);
#endif
