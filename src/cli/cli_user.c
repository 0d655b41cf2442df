/* cli_user.c — `luoshi user add NAME --role ROLE [scope] [--password-stdin]`. */
#include "cli/cli.h"
#include "core/creditcode.h"
#include "core/util.h"
#include "db/enterprise_store.h"
#include "domain/user.h"
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

static int read_password(bool from_stdin, char *buf, size_t size)
{
	struct termios old, quiet;
	bool tty = !from_stdin && isatty(STDIN_FILENO);
	if (tty) {
		fprintf(stderr, "password: ");
		tcgetattr(STDIN_FILENO, &old);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
	}
	char *ok = fgets(buf, (int)size, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSANOW, &old);
		fprintf(stderr, "\n");
	}
	if (!ok)
		return -1;
	buf[strcspn(buf, "\r\n")] = '\0';
	return 0;
}

int cli_user(int argc, char **argv, const char *db_url)
{
	const char *name, *role = NULL, *division = NULL, *enterprise = NULL, *department = NULL;
	bool from_stdin = false;
	char password[512];
	struct err e = { 0 };
	struct actor a;
	struct db *db;
	int rc;
	if (argc < 3 || strcmp(argv[1], "add"))
		return cli_usage("user");
	name = argv[2];
	for (int i = 3; i < argc; i++) {
		if (!strcmp(argv[i], "--role") && i + 1 < argc)
			role = argv[++i];
		else if (!strcmp(argv[i], "--division") && i + 1 < argc)
			division = argv[++i];
		else if (!strcmp(argv[i], "--enterprise") && i + 1 < argc)
			enterprise = argv[++i];
		else if (!strcmp(argv[i], "--department") && i + 1 < argc)
			department = argv[++i];
		else if (!strcmp(argv[i], "--password-stdin"))
			from_stdin = true;
		else
			return cli_usage("user");
	}
	if (!role)
		return cli_usage("user");
	if ((rc = cli_open(db_url, true, &db)))
		return rc;
	json_t *body = json_pack("{s:s, s:s}", "username", name, "role", role);
	if (division)
		json_object_set_new(body, "division", json_string(division));
	if (department)
		json_object_set_new(body, "department", json_string(department));
	if (enterprise) {
		/* Named by credit code, as people know it. */
		char code[CREDITCODE_LEN + 1];
		bool w;
		int64_t id;
		if (creditcode_check(enterprise, code, &w, &e) || (id = enterprise_store_id_by_code(db, code, &e)) < 0) {
			rc = cli_fail(&e);
			goto out;
		}
		if (!id) {
			err_set(&e, ERR_NOT_FOUND, "enterprise", code);
			rc = cli_fail(&e);
			goto out;
		}
		json_object_set_new(body, "enterprise_id", json_integer(id));
	}
	if (read_password(from_stdin, password, sizeof(password))) {
		fprintf(stderr, "luoshi: no password given\n");
		rc = 1;
		goto out;
	}
	json_object_set_new(body, "password", json_string(password));
	actor_system(&a, "cli");
	json_t *u = user_create(db, &a, body, &e);
	if (!u) {
		rc = cli_fail(&e);
		goto out;
	}
	printf("user %s (%s) created, id %lld\n", name, role, (long long)json_integer_value(json_object_get(u, "id")));
	json_decref(u);
out:
	json_decref(body);
	db_close(db);
	return rc;
}
