#!/bin/sh
# A throw-away PostgreSQL cluster for tests: `pg-cluster.sh start DIR` initialises
# DIR, starts a server on a free port on 127.0.0.1 and prints its URL;
# `pg-cluster.sh stop DIR` stops it and removes DIR; `restart DIR` restarts it.
# Runs the server as the postgres user when called as root (initdb refuses root).
set -eu
cmd=$1
dir=$2
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
case "$cmd" in
start)
	mkdir -p "$dir"
	[ "$(id -u)" -eq 0 ] && chown postgres: "$dir"
	port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
	as_pg "$bin/initdb" -D "$dir/data" -U luoshi --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
		{ cat "$dir/initdb.log" >&2; exit 1; }
	cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 200
fsync = off
full_page_writes = off
random_page_cost = 1.1
log_min_messages = warning
CONF
	as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null ||
		{ cat "$dir/server.log" >&2; exit 1; }
	echo "$port" >"$dir/port"
	echo "postgres://luoshi@127.0.0.1:$port/postgres"
	;;
restart)
	as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 -m fast restart >/dev/null
	;;
stop)
	[ -d "$dir/data" ] && as_pg "$bin/pg_ctl" -D "$dir/data" -w -t 30 -m immediate stop >/dev/null 2>&1 || true
	rm -rf "$dir"
	;;
*)
	echo "usage: pg-cluster.sh start|restart|stop DIR" >&2
	exit 2
	;;
esac
