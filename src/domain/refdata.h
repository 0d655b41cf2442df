/* refdata.h — reference data: loaded from the files built into the binary, listed for clients. */
#ifndef DOMAIN_REFDATA_H
#define DOMAIN_REFDATA_H
#include <jansson.h>
#include "db/db.h"
#include "db/ref_store.h"
#include "domain/actor.h"

/* Loads (or refreshes) every reference table from the data CSV files in one transaction. */
int refdata_load(struct db *db, const struct actor *a, struct err *e);
/* {items: [...]} for a kind; ownerships and scales come from the enterprise spec. */
json_t *refdata_list(struct db *db, enum ref_kind kind, struct err *e);
json_t *refdata_choices(const char *which); /* "ownerships" or "scales" */
#endif
