/* user.h — user accounts: created and changed by admins (and by `luoshi user add`). */
#ifndef DOMAIN_USER_H
#define DOMAIN_USER_H
#include <jansson.h>
#include "core/jspec.h"
#include "db/db.h"
#include "domain/actor.h"

extern const struct jspec_field user_create_spec[];
extern const struct jspec_field user_update_spec[];

json_t *user_create(struct db *db, const struct actor *a, json_t *body, struct err *e);
json_t *user_update(struct db *db, const struct actor *a, int64_t id, json_t *body, struct err *e);
json_t *user_list(struct db *db, const struct actor *a, const char *q, int64_t page,
                  int64_t per_page, struct err *e);
#endif
