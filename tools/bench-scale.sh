#!/bin/sh
# make bench-scale: the monthly industry statistics at national scale — BENCH_SCALE_ENTERPRISES
# (100,000) enterprises × BENCH_SCALE_MONTHS (120) months = 12 million rows, on SQLite.
#  1. tools/gen-scale.py writes the enterprises and the statistics bureau's file (CSV, the
#     import's columns); the enterprises go into a demo database (its users and seed policy).
#  2. Import rate: `luoshi import statistics` (every rule: credit code, scope, month, window,
#     figures, duplicates, revisions; the audit row; the summaries) on the file's first
#     BENCH_SCALE_IMPORT_ROWS rows (1,000,000; the command line streams the file), wall seconds, rows/s and peak memory; reference
#     in the same run: the sqlite3 shell's `.import` of the same rows, into a table of the file's
#     columns, and into one of the statistics table's shape (its keys and index).
#  3. The 12 million rows: `.import` of the whole file (timed: the reference rate at full size),
#     turned into statistics rows by one INSERT ... SELECT, then `luoshi summaries rebuild`
#     (timed) and `luoshi summaries check`.
#  4. Latency of the aggregate (by prefecture, industry, county for a prefecture user), the
#     scorecard and the top enterprises (the overview's list; it reads the raw rows), p50/p95/max of BENCH_REQUESTS cold requests (each with a distinct unused
#     parameter, so the reply cache misses); reference: the same aggregate as one SQL GROUP BY
#     over the raw rows (what the aggregate did before the summaries), timed in the sqlite3 shell.
# With BENCH_SCALE_PG=1 the same latencies on PostgreSQL (the database copied with `luoshi copy`).
# Appends the figures to docs/BENCHMARKS.md. Needs ~3 GB in /tmp and ~15 minutes.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin="${LUOSHI_BIN:-$root/luoshi}"
n=${BENCH_SCALE_ENTERPRISES:-100000}
months=${BENCH_SCALE_MONTHS:-120}
slice=${BENCH_SCALE_IMPORT_ROWS:-1000000}
requests=${BENCH_REQUESTS:-50}
first_year=$((2021 - (months + 11) / 12))
tmp=$(mktemp -d /tmp/luoshi-bench-scale-XXXXXX)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	sh "$root/tools/pg-cluster.sh" stop "$tmp/pg" 2>/dev/null || true
	[ -n "${BENCH_KEEP:-}" ] || rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
secs() { python3 -c 'import time; print("%.3f" % time.time())'; }
elapsed() { python3 -c "print('%.1f' % ($(secs) - $1))"; }
# The calendar on 2021-01-05: December 2020's window is open, every earlier month has closed
# (an import files them late, as a backfill of history is).
export LUOSHI_TODAY=2021-01-05

echo "bench-scale: generating $n enterprises × $months months from $first_year-01"
t=$(secs)
python3 "$root/tools/gen-scale.py" "$root/data" "$n" "$months" "$first_year" "$tmp"
gen_secs=$(elapsed "$t")
rows_total=$(($(wc -l <"$tmp/statistics.csv") - 1))
bytes=$(stat -c %s "$tmp/statistics.csv")

mkdb() { # path: the demo plus the generated enterprises
	"$bin" --db "sqlite:$1" init --demo >/dev/null
	sqlite3 "$1" <<SQL
CREATE TEMP TABLE ge(id, credit_code, name, division, industry, above_size, scale, base, field);
.mode list
.separator |
.import $tmp/enterprises.csv ge
INSERT INTO enterprises (id, credit_code, name, division, industry, above_size, scale, base, pinyin, created_at,
	updated_at)
SELECT id, credit_code, name, division, industry, above_size, scale, nullif(base, ''), '', '2021-01-01T00:00:00Z',
       '2021-01-01T00:00:00Z' FROM ge;
INSERT INTO enterprise_fields (enterprise_id, field) SELECT id, field FROM ge WHERE field <> '';
SQL
}

echo "bench-scale: import rate on the first $slice rows"
head -n $((slice + 1)) "$tmp/statistics.csv" >"$tmp/slice.csv"
mkdb "$tmp/import.db"
t=$(secs)
/usr/bin/time -f "%M" -o "$tmp/rss" "$bin" --db "sqlite:$tmp/import.db" import statistics "$tmp/slice.csv" >"$tmp/import.out"
imp_secs=$(elapsed "$t")
imp_rss=$(($(cat "$tmp/rss") / 1024))
cat "$tmp/import.out"
t=$(secs)
sqlite3 "$tmp/ref1.db" -cmd ".mode csv" ".import $tmp/slice.csv ref"
ref1_secs=$(elapsed "$t")
sqlite3 "$tmp/ref2.db" "CREATE TABLE statistics (enterprise_id INTEGER NOT NULL, month TEXT NOT NULL,
	output_fen INTEGER NOT NULL, revenue_fen INTEGER NOT NULL, profit_fen INTEGER NOT NULL, export_fen INTEGER NOT NULL,
	rd_fen INTEGER NOT NULL, employees INTEGER NOT NULL, PRIMARY KEY (enterprise_id, month));
	CREATE INDEX statistics_month ON statistics(month, enterprise_id);"
# The same rows with the keys and fen the table holds (enterprise id for the credit code).
python3 - "$tmp/slice.csv" "$tmp/enterprises.csv" "$tmp/slice-ids.csv" <<'PY'
import sys
ids = {l.split('|')[1]: l.split('|')[0] for l in open(sys.argv[2], encoding='utf-8')}
fen = lambda s: str(round(float(s) * 1000000)) if s else '0'
with open(sys.argv[3], 'w', encoding='utf-8') as out:
    for i, l in enumerate(open(sys.argv[1], encoding='utf-8')):
        if i == 0:
            continue
        c = l.rstrip('\n').split(',')
        out.write(','.join([ids[c[0]], c[2]] + [fen(x) for x in c[3:8]] + [c[8]]) + '\n')
PY
t=$(secs)
sqlite3 "$tmp/ref2.db" -cmd ".mode csv" ".import $tmp/slice-ids.csv statistics"
ref2_secs=$(elapsed "$t")
rm -f "$tmp/ref1.db" "$tmp/ref2.db" "$tmp/import.db"*

echo "bench-scale: $rows_total rows into SQLite (.import, INSERT ... SELECT, summaries rebuild)"
db="$tmp/scale.db"
mkdb "$db"
t=$(secs)
sqlite3 "$db" -cmd ".mode csv" ".import $tmp/statistics.csv staging"
full_secs=$(elapsed "$t")
t=$(secs)
sqlite3 "$db" <<'SQL'
PRAGMA cache_size = -1048576;
INSERT INTO statistics (enterprise_id, month, output_fen, revenue_fen, profit_fen, export_fen, rd_fen, employees,
	submitted_at, submitted_on, late, unlocked)
SELECT e.id, s."月份", CAST(round(s."工业总产值（万元）" * 1000000) AS INTEGER),
	CAST(round(s."营业收入（万元）" * 1000000) AS INTEGER), CAST(round(s."利润总额（万元）" * 1000000) AS INTEGER),
	CAST(round(s."出口交货值（万元）" * 1000000) AS INTEGER), CAST(round(s."研发经费支出（万元）" * 1000000) AS INTEGER),
	CAST(s."期末从业人数" AS INTEGER), s."月份" || '-12T00:00:00Z', s."月份" || '-12', 0, 0
FROM staging s JOIN enterprises e ON e.credit_code = s."统一社会信用代码" ORDER BY e.id, s."月份";
DROP TABLE staging;
ANALYZE;
SQL
load_secs=$(elapsed "$t")
t=$(secs)
"$bin" --db "sqlite:$db" summaries rebuild >/dev/null
rebuild_secs=$(elapsed "$t")
nstat=$(sqlite3 "$db" "SELECT count(*) FROM statistics")
nsums=$(sqlite3 "$db" "SELECT count(*) FROM statistics_sums")
ntsums=$(sqlite3 "$db" "SELECT count(*) FROM target_sums")
t=$(secs)
"$bin" --db "sqlite:$db" summaries check
check_secs=$(elapsed "$t")
dbsize=$(($(stat -c %s "$db") / 1048576))

cat >"$tmp/lat.py" <<'PY'
import http.client, sys, time
port, cookie, path, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
c = http.client.HTTPConnection("127.0.0.1", port)
def get(p):
	c.request("GET", p, headers={"Cookie": cookie})
	r = c.getresponse(); b = r.read()
	if r.status != 200: sys.exit("bench-scale: %s → %d %s" % (p, r.status, b[:200]))
	return b
body = get(path)
t = []
for i in range(n):
	s = time.perf_counter(); get(path + ("&" if "?" in path else "?") + "bench=%d" % i); t.append((time.perf_counter() - s) * 1000)
t.sort()
q = lambda f: t[min(len(t) - 1, int(round(f * (len(t) - 1))))]
print("%.1f %.1f %.1f %d" % (q(0.5), q(0.95), t[-1], len(body)))
PY
sign_in() {
	curl -s -D "$tmp/h" -o /dev/null -H 'Content-Type: application/json' \
		-d "{\"username\":\"$1\",\"password\":\"luoshi-demo-2026\"}" "http://127.0.0.1:$port/api/v1/session"
	sed -n 's/^Set-Cookie: \(luoshi_session=[0-9a-f]*\).*/\1/p' "$tmp/h"
}
policy=$(sqlite3 "$db" "SELECT min(id) FROM policies")
rows=""
measure() { # engine url
	port=$(free_port)
	"$bin" --db "$2" serve --listen "127.0.0.1:$port" 2>>"$tmp/serve.log" &
	spid=$!
	pids="$pids $spid"
	for i in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/meta" >/dev/null && break; sleep 0.1; done
	officer=$(sign_in officer)
	prefecture=$(sign_in prefecture)
	for call in "officer:/api/v1/statistics/aggregate?indicator=revenue&by=division&month=2020-06" \
		"officer:/api/v1/statistics/aggregate?indicator=revenue&by=industry&month=2020-12" \
		"officer:/api/v1/statistics/aggregate?indicator=output&by=field&month=2020-06" \
		"prefecture:/api/v1/statistics/aggregate?indicator=revenue&by=division&month=2020-06" \
		"officer:/api/v1/scorecard?policy=$policy" "officer:/api/v1/scorecard?policy=$policy&as_of=2019-06" \
		"officer:/api/v1/statistics/top?indicator=revenue&month=2020-12"; do
		who=${call%%:*} path=${call#*:}
		eval "ck=\$$who"
		lat=$(python3 "$tmp/lat.py" "$port" "$ck" "$path" "$requests")
		set -- $lat
		rows="$rows| $engine | $who | \`$path\` | $4 | $1 | $2 | $3 |
"
	done
	kill "$spid"
	wait "$spid" 2>/dev/null || true
}
engine=sqlite
measure sqlite "sqlite:$db"
pgnote=""
if [ "${BENCH_SCALE_PG:-0}" = 1 ]; then
	echo "bench-scale: copying into PostgreSQL (a throw-away cluster)"
	chmod 755 "$tmp"
	pgurl=$(sh "$root/tools/pg-cluster.sh" start "$tmp/pg")
	psql -q "$pgurl" -c "CREATE DATABASE scale"
	pgdb="${pgurl%/postgres}/scale"
	t=$(secs)
	"$bin" copy --from "sqlite:$db" --to "$pgdb" >/dev/null
	copy_secs=$(elapsed "$t")
	psql -q "$pgdb" -c "VACUUM ANALYZE"
	engine=postgres
	measure postgres "$pgdb"
	sh "$root/tools/pg-cluster.sh" stop "$tmp/pg"
	pgnote=" PostgreSQL $(psql --version | awk '{print $3}') too (BENCH_SCALE_PG=1: the database copied with \`luoshi copy\` in ${copy_secs} s, a throw-away cluster, fsync off)."
fi

# The naive reference: the aggregate by prefecture as one GROUP BY over the raw rows.
naive() {
	sqlite3 "$db" <<'SQL' | awk '/^Run Time/ {print $4 * 1000}'
.timer on
SELECT substr(e.division, 1, 4) || '00', sum(CASE WHEN s.month = '2020-06' THEN s.revenue_fen ELSE 0 END),
	sum(CASE WHEN s.month >= '2020-01' THEN s.revenue_fen ELSE 0 END),
	sum(CASE WHEN s.month <= '2019-06' THEN s.revenue_fen ELSE 0 END), count(DISTINCT CASE WHEN s.month = '2020-06' THEN s.enterprise_id END)
FROM statistics s JOIN enterprises e ON e.id = s.enterprise_id
WHERE (s.month >= '2019-01' AND s.month <= '2019-06') OR (s.month >= '2020-01' AND s.month <= '2020-06')
GROUP BY 1 ORDER BY 1;
SQL
}
naive1=$(naive | tail -n 1)
naive2=$(naive | tail -n 1)
naive3=$(naive | tail -n 1)

rate() { python3 -c "print('{:,.0f}'.format($1 / $2))"; }
imp_rate=$(rate "$slice" "$imp_secs")
ref1_rate=$(rate "$slice" "$ref1_secs")
ref2_rate=$(rate "$slice" "$ref2_secs")
full_rate=$(rate "$rows_total" "$full_secs")
ratio1=$(python3 -c "print('%.3f' % ($ref1_secs / $imp_secs))")
ratio2=$(python3 -c "print('%.3f' % ($ref2_secs / $imp_secs))")
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
stamp=$(date -u +%Y-%m-%dT%H:%MZ)
ver=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
cat >>"$root/docs/BENCHMARKS.md" <<MD

## Statistics at national scale, $stamp — $ver

- Command: \`make bench-scale\` (tools/bench-scale.sh; BENCH_SCALE_ENTERPRISES=$n, BENCH_SCALE_MONTHS=$months,
  BENCH_SCALE_IMPORT_ROWS=$slice, BENCH_REQUESTS=$requests). SQLite $(sqlite3 --version | cut -d' ' -f1). Calendar 2021-01-05.
- Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"); shared, load $(cut -d' ' -f1-3 /proc/loadavg) at the end.
- Data: $n enterprises × $months months = $rows_total rows, a $((bytes / 1048576)) MB CSV, generated in ${gen_secs} s
  (tools/gen-scale.py); database $dbsize MB with $nstat statistics rows, $nsums statistics_sums rows, $ntsums target_sums rows.
- **Import** of the first $slice rows through \`luoshi import statistics\` (every rule; new rows written from their
  cells, 100 to an INSERT, summed in memory, the import's one audit row with their control totals): **${imp_secs} s, $imp_rate rows/s, peak memory ${imp_rss} MB**. Reference, the same
  rows with the sqlite3 shell's \`.import\`: into a table of the file's columns ${ref1_secs} s ($ref1_rate rows/s) —
  **luoshi at ${ratio1}× that rate**; into a table of the statistics table's shape (ids, fen, its key and index)
  ${ref2_secs} s ($ref2_rate rows/s) — luoshi at ${ratio2}×. Goal: ≥ 0.5× with bounded memory.
- The whole file with \`.import\`: ${full_secs} s ($full_rate rows/s); into the statistics table by one INSERT ... SELECT:
  ${load_secs} s; \`luoshi summaries rebuild\`: ${rebuild_secs} s; \`luoshi summaries check\` (a recomputation of both
  summaries compared with them): ${check_secs} s, no difference.
- Latency over $nstat rows on SQLite.$pgnote One keep-alive connection, cold (a distinct unused parameter per request, so the reply
  cache misses), ms. Goal: p95 under 50 ms. Reference: the aggregate by prefecture as one SQL GROUP BY over the raw
  rows (the aggregate's query before the summaries), sqlite3 shell, three runs: ${naive1} / ${naive2} / ${naive3} ms.

| engine | user | request | bytes | p50 | p95 | max |
|---|---|---|---|---|---|---|
$rows
MD
echo "bench-scale: written to docs/BENCHMARKS.md"
tail -n 22 "$root/docs/BENCHMARKS.md"
