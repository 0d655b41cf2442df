/* blobstore.c — content-addressed files under a directory. */
#include "core/blobstore.h"
#include "core/util.h"
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void blob_hash(const void *data, size_t len, char hex[65])
{
	unsigned char h[crypto_hash_sha256_BYTES];
	crypto_hash_sha256(h, data, (unsigned long long)len);
	hex_encode(h, sizeof(h), hex);
}

static int make_dir(const char *path, struct err *e)
{
	if (mkdir(path, 0750) && errno != EEXIST)
		return err_setf(e, ERR_INTERNAL, "files", "cannot create %s: %s", path, strerror(errno));
	return 0;
}

static bool valid_hex(const char *hex)
{
	return strlen(hex) == 64 && strspn(hex, "0123456789abcdef") == 64;
}

int blob_put(const char *dir, const void *data, size_t len, char hex[65], struct err *e)
{
	char sub[4096], path[4200], tmp[4200];
	struct stat sb;
	blob_hash(data, len, hex);
	if (strlen(dir) > sizeof(sub) - 100)
		return err_set(e, ERR_INTERNAL, "files", "directory name too long");
	snprintf(sub, sizeof(sub), "%s/%.2s", dir, hex);
	snprintf(path, sizeof(path), "%.4000s/%s", sub, hex);
	if (!stat(path, &sb) && (uint64_t)sb.st_size == len)
		return 0; /* the same content is already there */
	if (make_dir(dir, e) || make_dir(sub, e))
		return -1;
	snprintf(tmp, sizeof(tmp), "%.4000s/.tmp-XXXXXX", sub);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return err_setf(e, ERR_INTERNAL, "files", "cannot write in %s: %s", sub, strerror(errno));
	const char *p = data;
	size_t left = len;
	while (left) {
		ssize_t n = write(fd, p, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto fail;
		p += n;
		left -= (size_t)n;
	}
	if (fsync(fd) || close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail;
	return 0;
fail:
	err_setf(e, ERR_INTERNAL, "files", "cannot store %s: %s", path, strerror(errno));
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}

int blob_open(const char *dir, const char *hex, uint64_t *size, struct err *e)
{
	char path[4096];
	struct stat sb;
	if (!valid_hex(hex))
		return err_set(e, ERR_NOT_FOUND, "sha256", hex);
	if (strlen(dir) > sizeof(path) - 100)
		return err_set(e, ERR_INTERNAL, "files", "directory name too long");
	snprintf(path, sizeof(path), "%.3900s/%.2s/%s", dir, hex, hex);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_setf(e, ERR_NOT_FOUND, "sha256", "%s (file missing)", hex);
	if (fstat(fd, &sb)) {
		close(fd);
		return err_set(e, ERR_INTERNAL, "sha256", hex);
	}
	*size = (uint64_t)sb.st_size;
	return fd;
}
