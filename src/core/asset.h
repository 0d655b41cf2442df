/* asset.h — files built into the binary: the web console and the reference data. */
#ifndef CORE_ASSET_H
#define CORE_ASSET_H
#include <stddef.h>

struct asset {
	const char *path;           /* "web/index.html", "data/divisions.csv" */
	const unsigned char *data;  /* NUL-terminated after len bytes */
	size_t len;
};

/* The asset at path, or NULL. */
const struct asset *asset_find(const char *path);
#endif
