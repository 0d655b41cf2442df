/* actor.c — roles and data scope helpers. */
#include "domain/actor.h"
#include "core/util.h"
#include <string.h>

static const struct {
	const char *name, *zh, *en;
} roles[ROLE__COUNT] = {
	[ROLE_NONE] = { "", "公众", "Public" },
#define ROLE_ROW(up, low, zh, en) [ROLE_##up] = { #low, zh, en },
	ROLE_LIST(ROLE_ROW)
#undef ROLE_ROW
};

const char *role_name(enum role r)
{
	return (unsigned)r < ROLE__COUNT ? roles[r].name : "";
}

enum role role_parse(const char *s)
{
	for (int r = 1; r < ROLE__COUNT; r++)
		if (s && !strcmp(s, roles[r].name))
			return (enum role)r;
	return ROLE_NONE;
}

const char *role_label(enum role r, enum lang lang)
{
	if ((unsigned)r >= ROLE__COUNT)
		r = ROLE_NONE;
	return lang == LANG_EN ? roles[r].en : roles[r].zh;
}

void actor_system(struct actor *a, const char *client)
{
	memset(a, 0, sizeof(*a));
	a->username = "system";
	a->role = ROLE_ADMIN;
	a->client = client;
	a->lang = LANG_ZH;
}

bool actor_can(const struct actor *a, unsigned set)
{
	return (set & (1u << a->role)) != 0;
}

void division_range(const char *code, char lo[8], char hi[8])
{
	size_t keep = 6;
	if (strlen(code) == 6) {
		if (!strcmp(code + 2, "0000"))
			keep = 2;
		else if (!strcmp(code + 4, "00"))
			keep = 4;
	}
	strlcpy_(lo, code, 8);
	strlcpy_(hi, code, 8);
	for (size_t i = keep; i < 6 && i < strlen(code); i++) {
		lo[i] = '0';
		hi[i] = '9';
	}
}

bool actor_in_scope(const struct actor *a, const char *division, int64_t enterprise_id)
{
	char lo[8], hi[8];
	switch (a->role) {
	case ROLE_PREFECTURE:
		division_range(a->division, lo, hi);
		return strcmp(division, lo) >= 0 && strcmp(division, hi) <= 0;
	case ROLE_ENTERPRISE:
		return enterprise_id && enterprise_id == a->enterprise_id;
	default:
		return true;
	}
}
