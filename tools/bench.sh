#!/bin/sh
# make bench: the enterprise list endpoint against nginx serving a static file of
# the same size, measured with wrk on loopback in one run; writes docs/BENCHMARKS.md.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/luoshi"
size=${BENCH_ENTERPRISES:-20000}
secs=${BENCH_SECONDS:-10}
tmp=$(mktemp -d)
pids=""
cleanup() { for p in $pids; do kill "$p" 2>/dev/null || true; done; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "bench: seeding $size demo enterprises"
t0=$(date +%s)
"$bin" --db "sqlite:$tmp/bench.db" init --demo --demo-size "$size" >/dev/null
seed_secs=$(( $(date +%s) - t0 ))

port=$(free_port)
"$bin" --db "sqlite:$tmp/bench.db" serve --listen "127.0.0.1:$port" 2>"$tmp/serve.log" &
spid=$!
pids="$pids $spid"
for i in $(seq 50); do curl -sf "http://127.0.0.1:$port/api/v1/meta" >/dev/null && break; sleep 0.1; done

cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
	-d '{"username":"officer","password":"luoshi-demo-2026"}' "http://127.0.0.1:$port/api/v1/session" |
	sed -n 's/^Set-Cookie: \(luoshi_session=[0-9a-f]*\).*/\1/p')
[ -n "$cookie" ] || { echo "bench: sign-in failed" >&2; exit 1; }
path="/api/v1/enterprises?division=650100&per_page=20"
curl -sf -H "Cookie: $cookie" "http://127.0.0.1:$port$path" >"$tmp/body.json"
bytes=$(wc -c <"$tmp/body.json")

# nginx serves a file of the same size, as many workers as luoshi has threads.
mkdir -p "$tmp/nginx/html" "$tmp/nginx/logs"
cp "$tmp/body.json" "$tmp/nginx/html/list.json"
nport=$(free_port)
cat >"$tmp/nginx/nginx.conf" <<NGX
worker_processes $(nproc);
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	server { listen 127.0.0.1:$nport; root $tmp/nginx/html; }
}
NGX
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/logs/error.log" &
npid=$!
pids="$pids $npid"
for i in $(seq 50); do curl -sf "http://127.0.0.1:$nport/list.json" >/dev/null && break; sleep 0.1; done

rss_kb() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
rss_idle=$(rss_kb "$spid")

# wrk prints "Requests/sec: N" and the latency distribution's "99% X".
# Distinct pages defeat the reply cache: every request is built from the database.
cat >"$tmp/pages.lua" <<'LUA'
counter = 0
request = function()
	counter = counter + 1
	return wrk.format(nil, wrk.path .. "&page=" .. (counter % 300 + 1))
end
LUA
run() { # url conns [cookie [script]]
	if [ -n "${4:-}" ]; then
		wrk -t"$([ "$2" -lt 2 ] && echo 1 || echo 2)" -c"$2" -d"${secs}s" --latency -H "Cookie: $3" -s "$4" "$1" >"$tmp/wrk.out"
	elif [ -n "${3:-}" ]; then
		wrk -t"$([ "$2" -lt 2 ] && echo 1 || echo 2)" -c"$2" -d"${secs}s" --latency -H "Cookie: $3" "$1" >"$tmp/wrk.out"
	else
		wrk -t"$([ "$2" -lt 2 ] && echo 1 || echo 2)" -c"$2" -d"${secs}s" --latency "$1" >"$tmp/wrk.out"
	fi
	rps=$(awk '/Requests\/sec/ {print $2}' "$tmp/wrk.out")
	p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.out")
	non2xx=$(awk '/Non-2xx/ {print $5}' "$tmp/wrk.out")
	echo "$rps $p99 ${non2xx:-0}"
}

echo "bench: measuring (${secs}s per run)"
set -- $(run "http://127.0.0.1:$nport/list.json" 1); n1_rps=$1 n1_p99=$2
set -- $(run "http://127.0.0.1:$port$path" 1 "$cookie"); l1_rps=$1 l1_p99=$2 l1_bad=$3
set -- $(run "http://127.0.0.1:$nport/list.json" 64); n64_rps=$1 n64_p99=$2
set -- $(run "http://127.0.0.1:$port$path" 64 "$cookie"); l64_rps=$1 l64_p99=$2 l64_bad=$3
set -- $(run "http://127.0.0.1:$port$path" 1 "$cookie" "$tmp/pages.lua"); u1_rps=$1 u1_p99=$2
set -- $(run "http://127.0.0.1:$port$path" 64 "$cookie" "$tmp/pages.lua"); u64_rps=$1 u64_p99=$2
rss_peak=$(awk '/^VmHWM/ {print $2}' "/proc/$spid/status")

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
r1=$(ratio "$l1_rps" "$n1_rps")
r64=$(ratio "$l64_rps" "$n64_rps")
ru1=$(ratio "$u1_rps" "$n1_rps")
ru64=$(ratio "$u64_rps" "$n64_rps")
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
stamp=$(date -u +%Y-%m-%dT%H:%MZ)
ver=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)

result="| $stamp | $ver | $l1_rps | $l1_p99 | $n1_rps | $r1 | $l64_rps | $l64_p99 | $n64_rps | $n64_p99 | **$r64** | $((rss_idle / 1024)) | $((rss_peak / 1024)) |"
uncached="| $stamp | $ver | $u1_rps | $u1_p99 | $ru1 | $u64_rps | $u64_p99 | **$ru64** |"
echo "$result"
echo "$uncached"
[ "$l1_bad" = 0 ] && [ "$l64_bad" = 0 ] || echo "bench: WARNING: non-2xx replies ($l1_bad, $l64_bad)" >&2

out="$root/docs/BENCHMARKS.md"
if [ ! -f "$out" ]; then
	cat >"$out" <<HDR
# Benchmarks

Measured by \`make bench\` (tools/bench.sh). Numbers from a shared, noisy machine:
compare the ratio to nginx in the same run, not absolute figures across runs.

HDR
fi
cat >>"$out" <<MD

## Enterprise list, $stamp

- Command: \`make bench\` (BENCH_ENTERPRISES=$size, BENCH_SECONDS=$secs): \`wrk -t2 -cN -d${secs}s --latency\`
  on loopback, luoshi with its default thread pool (one thread per core) on a demo
  database of $size enterprises (seeded in ${seed_secs}s).
- Request: signed-in \`GET $path\` ($bytes bytes, 20 rows, 29 columns each plus key fields,
  with the total count). Reference: nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') serving a static file of the same size,
  $(nproc) workers, in the same run.
- Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME").
- Goal: list at 64 connections ≥ 0.5× nginx; resident memory < 50 MB.

The same request repeated (the reply cache answers; see src/api/cache.h):

| when | version | list c1 req/s | list c1 p99 | nginx c1 req/s | ratio c1 | list c64 req/s | list c64 p99 | nginx c64 req/s | nginx c64 p99 | ratio c64 | RSS idle MB | RSS peak MB |
|---|---|---|---|---|---|---|---|---|---|---|---|---|
$result

Every request a different page (pages 1–300 in turn; the reply is built from the database each time):

| when | version | list c1 req/s | list c1 p99 | ratio c1 | list c64 req/s | list c64 p99 | ratio c64 |
|---|---|---|---|---|---|---|---|
$uncached
MD
echo "bench: written to docs/BENCHMARKS.md"
