#!/bin/sh
# make bench: the enterprise list endpoint on SQLite and on PostgreSQL against nginx
# serving a static file of the same size, measured with wrk on loopback in one run,
# plus CPU per request (luoshi's and PostgreSQL's own accounting) for a read and a
# write. Appends the figures to docs/BENCHMARKS.md.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/luoshi"
size=${BENCH_ENTERPRISES:-20000}
secs=${BENCH_SECONDS:-10}
tmp=$(mktemp -d /tmp/luoshi-bench-XXXXXX)
chmod 755 "$tmp" # the PostgreSQL server runs as postgres and must reach its directory
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sh "$root/tools/pg-cluster.sh" stop "$tmp/pg" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
hz=$(getconf CLK_TCK)
# CPU seconds (user+system) of the given processes, in microseconds.
cpu_us() { for p in "$@"; do awk -v hz="$hz" '{ print ($14 + $15) * 1000000 / hz }' "/proc/$p/stat" 2>/dev/null; done |
	awk '{ s += $1 } END { printf "%d", s }'; }
rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

echo "bench: seeding $size demo enterprises on SQLite"
t0=$(date +%s)
"$bin" --db "sqlite:$tmp/bench.db" init --demo --demo-size "$size" >/dev/null
seed_secs=$(( $(date +%s) - t0 ))

echo "bench: starting PostgreSQL and copying the same data into it"
pgurl=$(sh "$root/tools/pg-cluster.sh" start "$tmp/pg")
psql -q "$pgurl" -c "CREATE DATABASE bench"
pgdb="${pgurl%/postgres}/bench"
"$bin" copy --from "sqlite:$tmp/bench.db" --to "$pgdb" >/dev/null
postmaster=$(head -n 1 "$tmp/pg/data/postmaster.pid")

serve() { # url → sets port, spid
	port=$(free_port)
	"$bin" --db "$1" serve --listen "127.0.0.1:$port" 2>>"$tmp/serve.log" &
	spid=$!
	pids="$pids $spid"
	for i in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/meta" >/dev/null && break; sleep 0.1; done
}
sign_in() { # → cookie, csrf
	curl -s -D "$tmp/h" -o "$tmp/s.json" -H 'Content-Type: application/json' \
		-d '{"username":"officer","password":"luoshi-demo-2026"}' "http://127.0.0.1:$port/api/v1/session"
	cookie=$(sed -n 's/^Set-Cookie: \(luoshi_session=[0-9a-f]*\).*/\1/p' "$tmp/h")
	csrf=$(sed 's/.*"csrf_token":"\([0-9a-f]*\)".*/\1/' "$tmp/s.json")
	[ -n "$cookie" ] || { echo "bench: sign-in failed" >&2; exit 1; }
}
path="/api/v1/enterprises?division=650100&per_page=20"

# Distinct pages defeat the reply cache: every request is built from the database.
cat >"$tmp/pages.lua" <<'LUA'
counter = 0
request = function()
	counter = counter + 1
	return wrk.format(nil, wrk.path .. "&page=" .. (counter % 300 + 1))
end
LUA
# Writes: each request registers a new enterprise with a valid, unique credit code.
cat >"$tmp/create.lua" <<'LUA'
local alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
local n = 0
local threads = 0
function setup(thread)
	thread:set("tid", threads)
	threads = threads + 1
end
local base = math.random(0, 30 * 31 ^ 5)
function code(k)
	local body = "91650102MA"
	local digits = ""
	for i = 1, 7 do
		local d = k % 31
		digits = string.sub(alphabet, d + 1, d + 1) .. digits
		k = math.floor(k / 31)
	end
	body = body .. digits
	local sum, w = 0, 1
	for i = 1, 17 do
		sum = sum + (string.find(alphabet, string.sub(body, i, i), 1, true) - 1) * w
		w = (w * 3) % 31
	end
	local c = (31 - sum % 31) % 31
	return body .. string.sub(alphabet, c + 1, c + 1)
end
request = function()
	n = n + 1
	local k = base + n * 7919 + (tid or 0) * 1000003
	local b = '{"credit_code":"' .. code(k) .. '","name":"压测企业' .. k .. '","division":"650102","industry":"3821"}'
	return wrk.format("POST", "/api/v1/enterprises", nil, b)
end
LUA

run_wrk() { # conns url [extra wrk args...] → rps p99 requests non2xx
	c=$1; u=$2; shift 2
	wrk -t"$([ "$c" -lt 2 ] && echo 1 || echo 2)" -c"$c" -d"${secs}s" --latency "$@" "$u" >"$tmp/wrk.out" 2>&1
	awk '/Requests\/sec/ {r=$2} $1 == "99%" {p=$2} /requests in/ {n=$1} /Non-2xx/ {b=$5}
		END { printf "%s %s %s %s\n", r, p, n, (b == "" ? 0 : b) }' "$tmp/wrk.out"
}

# nginx serves a file of the same size, as many workers as luoshi has threads.
measure_nginx() {
	mkdir -p "$tmp/nginx/html" "$tmp/nginx/logs"
	cp "$1" "$tmp/nginx/html/list.json"
	nport=$(free_port)
	cat >"$tmp/nginx/nginx.conf" <<NGX
worker_processes $(nproc);
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log;
events { worker_connections 1024; }
http { access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
	server { listen 127.0.0.1:$nport; root $tmp/nginx/html; } }
NGX
	nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/logs/error.log" &
	pids="$pids $!"
	for i in $(seq 50); do curl -sf "http://127.0.0.1:$nport/list.json" >/dev/null && break; sleep 0.1; done
	set -- $(run_wrk 1 "http://127.0.0.1:$nport/list.json"); n1=$1
	set -- $(run_wrk 64 "http://127.0.0.1:$nport/list.json"); n64=$1 n64p=$2
}

# One engine: list cached and uncached at 1 and 64 connections, CPU per read and write.
measure() { # name url
	name=$1
	serve "$2"
	sign_in
	curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$port$path" >"$tmp/body.json"
	bytes=$(wc -c <"$tmp/body.json")
	[ -n "${n1:-}" ] || measure_nginx "$tmp/body.json"
	idle=$(rss_kb "$spid")
	set -- $(run_wrk 1 "http://127.0.0.1:$port$path" -H "Cookie: $cookie"); c1=$1 c1p=$2
	set -- $(run_wrk 64 "http://127.0.0.1:$port$path" -H "Cookie: $cookie"); c64=$1 c64p=$2
	set -- $(run_wrk 1 "http://127.0.0.1:$port$path" -H "Cookie: $cookie" -s "$tmp/pages.lua"); u1=$1 u1p=$2
	pg_before=$(cpu_us $(pgrep -d ' ' -P "$postmaster") "$postmaster")
	lu_before=$(cpu_us "$spid")
	set -- $(run_wrk 64 "http://127.0.0.1:$port$path" -H "Cookie: $cookie" -s "$tmp/pages.lua"); u64=$1 u64p=$2 reads=$3
	read_lu=$(( ($(cpu_us "$spid") - lu_before) / reads ))
	read_pg=$(( ($(cpu_us $(pgrep -d ' ' -P "$postmaster") "$postmaster") - pg_before) / reads ))
	pg_before=$(cpu_us $(pgrep -d ' ' -P "$postmaster") "$postmaster")
	lu_before=$(cpu_us "$spid")
	set -- $(run_wrk 16 "http://127.0.0.1:$port/" -H "Cookie: $cookie" -H "X-CSRF-Token: $csrf" \
		-H "Content-Type: application/json" -s "$tmp/create.lua"); w16=$1 w16p=$2 writes=$3 wbad=$4
	write_lu=$(( ($(cpu_us "$spid") - lu_before) / writes ))
	write_pg=$(( ($(cpu_us $(pgrep -d ' ' -P "$postmaster") "$postmaster") - pg_before) / writes ))
	peak=$(awk '/^VmHWM/ {print $2}' "/proc/$spid/status")
	kill "$spid"
	wait "$spid" 2>/dev/null || true
	if [ "$name" = sqlite ]; then read_pg=0; write_pg=0; fi
	eval "${name}_row=\"| $name | $c1 | $c1p | $c64 | $c64p | $u1 | $u1p | $u64 | $u64p | $w16 | $w16p | $wbad | $read_lu | $read_pg | $write_lu | $write_pg | $((idle / 1024)) | $((peak / 1024)) |\""
	eval "${name}_c64=$c64 ${name}_u64=$u64"
}

echo "bench: measuring SQLite (${secs}s per run)"
measure sqlite "sqlite:$tmp/bench.db"
echo "bench: measuring PostgreSQL"
measure postgres "$pgdb"

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
stamp=$(date -u +%Y-%m-%dT%H:%MZ)
ver=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
out="$root/docs/BENCHMARKS.md"
[ -f "$out" ] || printf '# Benchmarks\n\nMeasured by `make bench` (tools/bench.sh). Shared, noisy machines: compare ratios within a run, not absolute figures across runs.\n' >"$out"
cat >>"$out" <<MD

## $stamp — $ver

- Command: \`make bench\` (BENCH_ENTERPRISES=$size, BENCH_SECONDS=$secs); \`wrk -t2 -cN -d${secs}s --latency\` on
  loopback; luoshi with one thread per core; $size demo enterprises (seeded in ${seed_secs}s), copied into
  PostgreSQL $(psql -XAtq "$pgurl" -c 'SHOW server_version' | cut -d' ' -f1) (a throw-away cluster, fsync off) with \`luoshi copy\`.
- Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"); wrk, luoshi and PostgreSQL share the cores.
- Read: signed-in \`GET $path\` ($bytes bytes). "cached": the same request repeated (the reply cache
  answers); "uncached": pages 1–300 in turn, built from the database. Write: \`POST /api/v1/enterprises\`
  with a new valid credit code each time, 16 connections. CPU µs per request from /proc/PID/stat of the
  luoshi process and of all PostgreSQL processes, over the uncached c64 run (read) and the write run.
- Reference: nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') serving a static file of the same size: $n1 req/s at c1, $n64 req/s (p99 $n64p) at c64.

| engine | cached c1 req/s | p99 | cached c64 req/s | p99 | uncached c1 req/s | p99 | uncached c64 req/s | p99 | write c16 req/s | p99 | non-2xx | read CPU µs luoshi | read CPU µs PostgreSQL | write CPU µs luoshi | write CPU µs PostgreSQL | RSS idle MB | RSS peak MB |
|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|
$sqlite_row
$postgres_row

- Cached list at c64 vs nginx: SQLite **$(ratio "$sqlite_c64" "$n64")×**, PostgreSQL **$(ratio "$postgres_c64" "$n64")×** (goal ≥ 0.5×).
- PostgreSQL vs SQLite at c64: cached **$(ratio "$postgres_c64" "$sqlite_c64")×**, uncached **$(ratio "$postgres_u64" "$sqlite_u64")×** (goal ≥ 0.7×).
MD
echo "bench: written to docs/BENCHMARKS.md"
tail -n 8 "$out"
sh "$root/tools/bench-import.sh"
sh "$root/tools/bench-programme.sh" # issue 4: counters and warnings over 20,000 projects
