#!/bin/sh
# Installs what the build and the tests need; fails loudly when it cannot.
set -e
DEB="build-essential pkg-config clang libclang-rt-14-dev libmicrohttpd-dev libjansson-dev
libsqlite3-dev sqlite3 libsodium-dev libxlsxwriter-dev libzip-dev libexpat1-dev libcsv-dev uthash-dev
libcmocka-dev libpq-dev postgresql chromium fonts-noto-cjk nginx-light wrk"
missing=""
for p in $DEB; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "luoshi: missing Debian packages; run as root:" >&2
		echo "  apt-get install -y$missing" >&2
		exit 1
	fi
	echo "luoshi: installing$missing"
	apt-get update -qq
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
	[ "$(id -u)" -eq 0 ] || { echo "luoshi: node and npm missing; run as root: apt-get install -y nodejs npm" >&2; exit 1; }
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm
fi
