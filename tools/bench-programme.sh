#!/bin/sh
# Part of make bench: the programme counters and the warning list over BENCH_PROJECTS
# (20,000) synthetic key projects with BENCH_MONTHS (60) monthly reports each, on SQLite
# and (unless BENCH_NO_PG=1) on PostgreSQL. p50/p95/max latency of each API call, cold
# (the reply cache defeated: every request carries a distinct unused query parameter,
# so it has its own cache key and is built from the database) and cached (the same
# request repeated). Reference in the same run: nginx serving a static file of the
# size of the warnings reply. Appends the figures to docs/BENCHMARKS.md.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/luoshi"
projects=${BENCH_PROJECTS:-20000}
months=${BENCH_MONTHS:-60}
requests=${BENCH_REQUESTS:-50}
tmp=$(mktemp -d /tmp/luoshi-bench-programme-XXXXXX)
chmod 755 "$tmp"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sh "$root/tools/pg-cluster.sh" stop "$tmp/pg" 2>/dev/null || true
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

echo "bench-programme: $projects projects with $months monthly reports each on SQLite"
t0=$(date +%s)
db="$tmp/programme.db"
"$bin" --db "sqlite:$db" init --demo >/dev/null
# The demo's reference data, enterprises, users and calendar (2020-07-15), plus the synthetic
# projects: 80 % in progress, the rest spread over the other statuses; starts in July 2015;
# 60 reports from the start month (2015-07 to 2020-06, all due by the calendar's day), one missing in every 7th project, an open
# help request in every 50th; a yearly plan 2015–2021 that every 4th project lags; two
# milestones, the second overdue in every 3rd project. Demo users see them all.
sqlite3 "$db" >/dev/null <<SQL
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
BEGIN;
CREATE TEMP TABLE cnty AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code FROM divisions
	WHERE code LIKE '65%' AND code NOT LIKE '%00';
CREATE TEMP TABLE cat AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code FROM project_categories;
CREATE TEMP TABLE fld AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code FROM fields;
CREATE TEMP TABLE bas AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code FROM bases;
CREATE TEMP TABLE ent AS SELECT row_number() OVER (ORDER BY id) - 1 AS i, id FROM enterprises;
CREATE TEMP TABLE tgt AS SELECT row_number() OVER (ORDER BY code) - 1 AS i, code FROM policy_items WHERE kind = 'target';
CREATE TEMP TABLE n(k INTEGER PRIMARY KEY);
WITH RECURSIVE c(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM c WHERE k < $projects) INSERT INTO n SELECT k FROM c;
CREATE TEMP TABLE m(j INTEGER PRIMARY KEY);
WITH RECURSIVE c(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM c WHERE j < $months - 1) INSERT INTO m SELECT j FROM c;
INSERT INTO projects (id, enterprise_id, name, division, base, category, field, target, measure, content, total_fen,
	start_date, end_date, national, status, version, created_at, updated_at)
SELECT 100000 + k, (SELECT id FROM ent WHERE i = k % (SELECT count(*) FROM ent)), '压测项目' || k,
	(SELECT code FROM cnty WHERE i = k % (SELECT count(*) FROM cnty)),
	CASE WHEN k % 3 = 0 THEN NULL ELSE (SELECT code FROM bas WHERE i = k % (SELECT count(*) FROM bas)) END,
	(SELECT code FROM cat WHERE i = k % (SELECT count(*) FROM cat)),
	(SELECT code FROM fld WHERE i = k % (SELECT count(*) FROM fld)),
	(SELECT code FROM tgt WHERE i = k % (SELECT count(*) FROM tgt)), NULL, '', 700000000000,
	printf('2015-07-%02d', 1 + k % 28), '2021-12-31', k % 11 = 0,
	CASE WHEN k % 10 < 8 THEN 'in_progress' WHEN k % 10 = 8 THEN 'completed'
	     WHEN k % 20 = 9 THEN 'approved' ELSE 'submitted' END,
	1, '2026-11-28T00:00:00Z', '2026-11-28T00:00:00Z'
FROM n;
INSERT INTO project_plan (project_id, year, amount_fen)
SELECT 100000 + k, 2015 + y.j, 100000000000 FROM n, m y WHERE y.j < 7;
INSERT INTO project_milestones (project_id, name, planned_date, actual_date, seq)
SELECT 100000 + k, '主体工程开工', '2015-12-15', '2015-12-20', 0 FROM n;
INSERT INTO project_milestones (project_id, name, planned_date, actual_date, seq)
SELECT 100000 + k, '设备安装调试', '2019-06-30', CASE WHEN k % 3 = 0 THEN NULL ELSE '2019-07-02' END, 1 FROM n;
INSERT INTO project_reports (project_id, month, investment_fen, progress, problems, help_department,
	help_resolved_at, jobs, milestones_reached, submitted_at, late, unlocked)
SELECT 100000 + k, printf('%04d-%02d', (2015 * 12 + 6 + j) / 12, (2015 * 12 + 6 + j) % 12 + 1),
	CASE WHEN k % 4 = 0 THEN 3000000000 ELSE 8000000000 + (k * 7 + j * 13) % 1000 * 1000000 END,
	'设备安装', CASE WHEN k % 50 = 0 AND j = 50 THEN '用地手续' ELSE '' END,
	CASE WHEN k % 50 = 0 AND j = 50 THEN 'fg' END, NULL, k % 7 + j % 5, '[]', '2026-11-28T00:00:00Z', 0, 0
FROM n, m WHERE NOT (k % 7 = 0 AND j = 30);
COMMIT;
ANALYZE;
SQL
seed_secs=$(( $(date +%s) - t0 ))
nrep=$(sqlite3 "$db" "SELECT count(*) FROM project_reports")
echo "bench-programme: seeded in ${seed_secs}s ($nrep reports)"

# p50/p95/max of N keep-alive requests; a distinct unused parameter per request when cold.
cat >"$tmp/lat.py" <<'PY'
import http.client, json, sys, time
port, cookie, path, n, mode = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
c = http.client.HTTPConnection("127.0.0.1", port)
sep = "&" if "?" in path else "?"
def get(p):
	c.request("GET", p, headers={"Cookie": cookie})
	r = c.getresponse(); b = r.read()
	if r.status != 200: sys.exit("bench-programme: %s → %d %s" % (p, r.status, b[:200]))
	return b
body = get(path)  # warm: the first request pays the page cache
t = []
for i in range(n):
	p = path + sep + "bench=%d" % i if mode == "cold" else path
	s = time.perf_counter(); get(p); t.append((time.perf_counter() - s) * 1000)
t.sort()
q = lambda f: t[min(len(t) - 1, int(round(f * (len(t) - 1))))]
print("%.1f %.1f %.1f %d" % (q(0.5), q(0.95), t[-1], len(body)))
PY

serve() { # url → port, spid
	port=$(free_port)
	"$bin" --db "$1" serve --listen "127.0.0.1:$port" 2>>"$tmp/serve.log" &
	spid=$!
	pids="$pids $spid"
	for i in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/meta" >/dev/null && break; sleep 0.1; done
}
sign_in() { # user → cookie
	curl -s -D "$tmp/h" -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"luoshi-demo-2026\"}" "http://127.0.0.1:$port/api/v1/session"
	cookie=$(sed -n 's/^Set-Cookie: \(luoshi_session=[0-9a-f]*\).*/\1/p' "$tmp/h")
	[ -n "$cookie" ] || { echo "bench-programme: sign-in failed" >&2; exit 1; }
}
calls=${BENCH_CALLS:-"officer:/api/v1/projects/counters officer:/api/v1/warnings officer:/api/v1/warnings/summary \
prefecture:/api/v1/projects/counters prefecture:/api/v1/warnings officer:/api/v1/projects?warning=any"}
rows=""
measure() { # engine url
	serve "$2"
	sign_in officer; officer=$cookie
	sign_in prefecture; prefecture=$cookie
	for call in $calls; do
		who=${call%%:*} path=${call#*:}
		eval "ck=\$$who"
		set -- $(python3 "$tmp/lat.py" "$port" "$ck" "$path" "$requests" cold); cold="$1 | $2 | $3" bytes=$4
		set -- $(python3 "$tmp/lat.py" "$port" "$ck" "$path" "$requests" cached); cached="$1 | $2 | $3"
		rows="$rows| $engine | $who | \`$path\` | $bytes | $cold | $cached |
"
		[ "$engine/$who$path" = "sqlite/officer/api/v1/warnings" ] && curl -sf -H "Cookie: $ck" \
			"http://127.0.0.1:$port$path" >"$tmp/warnings.json"
	done
	kill "$spid"
	wait "$spid" 2>/dev/null || true
}
engine=sqlite
echo "bench-programme: measuring SQLite ($requests requests per call and mode)"
measure sqlite "sqlite:$db"
pgver=""
if [ "${BENCH_NO_PG:-0}" != 1 ]; then
	echo "bench-programme: copying into PostgreSQL"
	pgurl=$(sh "$root/tools/pg-cluster.sh" start "$tmp/pg")
	psql -q "$pgurl" -c "CREATE DATABASE programme"
	pgdb="${pgurl%/postgres}/programme"
	"$bin" copy --from "sqlite:$db" --to "$pgdb" >/dev/null
	psql -q "$pgdb" -c "ANALYZE"
	pgver=", PostgreSQL $(psql -XAtq "$pgurl" -c 'SHOW server_version' | cut -d' ' -f1) (a throw-away cluster, fsync off, copied with \`luoshi copy\`)"
	engine=postgres
	echo "bench-programme: measuring PostgreSQL"
	measure postgres "$pgdb"
fi

# nginx serves a file of the size of the officer's warnings reply: the floor for the transfer.
mkdir -p "$tmp/nginx/html" "$tmp/nginx/logs"
cp "$tmp/warnings.json" "$tmp/nginx/html/w.json"
nport=$(free_port)
cat >"$tmp/nginx/nginx.conf" <<NGX
worker_processes 1;
daemon off;
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log;
events { worker_connections 64; }
http { access_log off; sendfile on; server { listen 127.0.0.1:$nport; root $tmp/nginx/html; } }
NGX
nginx -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" -e "$tmp/nginx/logs/error.log" &
pids="$pids $!"
for i in $(seq 50); do curl -sf "http://127.0.0.1:$nport/w.json" >/dev/null && break; sleep 0.1; done
set -- $(python3 "$tmp/lat.py" "$nport" x /w.json "$requests" cached)
nginx_ref="$1 ms p50, $2 ms p95, $3 ms max for $4 bytes"

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
stamp=$(date -u +%Y-%m-%dT%H:%MZ)
ver=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
cat >>"$root/docs/BENCHMARKS.md" <<MD

## Programme counters and warnings, $stamp — $ver

- Command: \`make bench\` (tools/bench-programme.sh; BENCH_PROJECTS=$projects, BENCH_MONTHS=$months,
  BENCH_REQUESTS=$requests): the demo database plus $projects synthetic projects ($nrep monthly reports),
  seeded with the sqlite3 shell in ${seed_secs}s; SQLite$pgver. Calendar: the demo's 2020-07-15.
- Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"); client, luoshi and PostgreSQL share the cores.
- Latency of one keep-alive connection (python http.client), $requests requests per row and mode, in ms.
  "cold": each request carries a distinct unused parameter (\`&bench=N\`), so the reply cache misses and
  the reply is built from the database; "cached": the same request repeated. officer: all projects;
  prefecture: 乌鲁木齐市 (650100) and the divisions under it.
- Reference: nginx $(nginx -v 2>&1 | sed 's/.*nginx\///') serving a static file the size of the officer's warnings reply: $nginx_ref.
- Goal (issue 4): counters and warnings p95 under 50 ms.

| engine | user | request | bytes | cold p50 | cold p95 | cold max | cached p50 | cached p95 | cached max |
|---|---|---|---|---|---|---|---|---|---|
$rows
MD
echo "bench-programme: written to docs/BENCHMARKS.md"
tail -n 14 "$root/docs/BENCHMARKS.md"
