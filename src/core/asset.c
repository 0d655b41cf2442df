/* asset.c — lookup in the sorted table that tools/embed.c generates. */
#include "core/asset.h"
#include <string.h>

extern const struct asset assets[];
extern const size_t assets_count;

const struct asset *asset_find(const char *path)
{
	size_t lo = 0, hi = assets_count;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(path, assets[mid].path);
		if (!c)
			return &assets[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}
