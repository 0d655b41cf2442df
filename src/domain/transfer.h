/* transfer.h — moving a whole deployment between databases, and backups. */
#ifndef DOMAIN_TRANSFER_H
#define DOMAIN_TRANSFER_H
#include "db/copy.h"
#include "db/db.h"
#include "domain/audit.h"

#define TRANSFER_TABLES 48

struct transfer_report {
	struct copy_count counts[TRANSFER_TABLES];
	struct audit_report source_chain, target_chain;
};

/* Copies every row from src to the database at to_url (created and migrated if
 * new), then checks the row counts of every table and that the audit chain
 * verifies on the target with the same head as on the source. */
int transfer_copy(struct db *src, const char *to_url, bool force, struct transfer_report *rep, struct err *e);
/* A consistent copy of db into a new SQLite file at path, while others write. */
int transfer_backup(struct db *db, const char *path, struct err *e);
#endif
