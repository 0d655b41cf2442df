/* fuzz_json.c — the JSON body path: parse as the router does, then check against
 * the enterprise and user specs and format the error in both languages. */
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "core/jspec.h"
#include "domain/enterprise.h"
#include "domain/project.h"
#include "domain/user.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct jspec_field *specs[] = { enterprise_spec, user_create_spec, user_update_spec, project_spec,
		                              project_transition_spec, project_batch_spec };
	for (size_t i = 0; i < sizeof(specs) / sizeof(specs[0]); i++) {
		json_error_t je;
		json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
		if (!body)
			return 0;
		struct err e = { 0 };
		char msg[512];
		for (int mode = 0; mode < 2; mode++) {
			if (jspec_check(specs[i], body, mode ? JSPEC_PATCH : JSPEC_CREATE, &e)) {
				err_message(&e, LANG_ZH, msg, sizeof(msg));
				err_message(&e, LANG_EN, msg, sizeof(msg));
			}
		}
		json_decref(body);
	}
	return 0;
}
