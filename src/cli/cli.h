/* cli.h — subcommands of the luoshi binary; main.c holds the table. */
#ifndef CLI_CLI_H
#define CLI_CLI_H
#include <stdbool.h>
#include "core/err.h"
#include "db/db.h"

struct cli_cmd {
	const char *name;
	int (*run)(int argc, char **argv, const char *db_url);
	const char *usage;
	const char *summary;
};

extern const struct cli_cmd cli_cmds[];

/* Prints "luoshi: <message>" in Chinese and English for an error; returns 1. */
int cli_fail(const struct err *e);
/* Usage error: prints the usage line; returns 2. */
int cli_usage(const char *name);
/* Opens the database; unless migrating, a schema older than the binary is an error. */
int cli_open(const char *url, bool need_current, struct db **db);
/* The actor of a command: the system, or with `--as NAME` that user (role and scope;
 * *user, freed by the caller, holds its strings). 0, or the exit code after an error. */
struct actor;
int cli_actor(struct db *db, const char *as, struct actor *a, json_t **user);
/* Reads a whole file ("-" is stdin) into a malloc'd buffer. */
char *cli_read_file(const char *path, size_t *len, struct err *e);

int cli_init(int argc, char **argv, const char *db_url);
int cli_migrate(int argc, char **argv, const char *db_url);
int cli_serve(int argc, char **argv, const char *db_url);
int cli_user(int argc, char **argv, const char *db_url);
int cli_import(int argc, char **argv, const char *db_url);
int cli_export(int argc, char **argv, const char *db_url);
int cli_audit(int argc, char **argv, const char *db_url);
int cli_backup(int argc, char **argv, const char *db_url);
int cli_copy(int argc, char **argv, const char *db_url);
int cli_summaries(int argc, char **argv, const char *db_url);
int cli_help(int argc, char **argv, const char *db_url);
#endif
