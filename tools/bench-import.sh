#!/bin/sh
# The monthly workbook import at scale: a SQLite database with 5,000 projects in progress
# (made with direct SQL on top of the demo data), a 5,000-row XLSX workbook for one month,
# then `luoshi import reports` dry run, real run and the same file again, wall and CPU
# seconds each; reference: the sqlite3 shell importing the same rows as CSV into a table.
# The same on PostgreSQL (a throw-away cluster; the database copied with `luoshi copy`).
# Appends the figures to docs/BENCHMARKS.md. Called by tools/bench.sh; runs on its own too.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/luoshi"
rows=${BENCH_IMPORT_ROWS:-5000}
month=2020-06
tmp=$(mktemp -d /tmp/luoshi-bench-import-XXXXXX)
chmod 755 "$tmp" # the PostgreSQL server runs as postgres and must reach its directory
cleanup() {
	sh "$root/tools/pg-cluster.sh" stop "$tmp/pg" 2>/dev/null || true
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
db="$tmp/import.db"
export LUOSHI_TODAY=2020-07-05 # June 2020's window is open: reports are filed on time

echo "bench-import: demo database plus $rows projects in progress"
"$bin" --db "sqlite:$db" init --demo >/dev/null
sqlite3 "$db" <<SQL
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $rows),
ents AS (SELECT id, division, row_number() OVER (ORDER BY id) - 1 AS k FROM enterprises WHERE NOT archived)
INSERT INTO projects (enterprise_id, name, division, category, content, total_fen, start_date, end_date, national,
                      contact, phone, status, version, created_at, updated_at)
SELECT e.id, '基准项目' || n.i, e.division, 'techreform', '', 1000000000, '2019-01-01', '2021-12-31', 0, '', '',
       'in_progress', 1, '2019-01-01T00:00:00Z', '2019-01-01T00:00:00Z'
FROM n JOIN ents e ON e.k = n.i % (SELECT count(*) FROM ents);
INSERT INTO project_plan (project_id, year, amount_fen)
SELECT id, 2020, 400000000 FROM projects WHERE name LIKE '基准项目%';
SQL
sqlite3 "$db" "SELECT id, name FROM projects WHERE name LIKE '基准项目%' ORDER BY id" >"$tmp/ids"

echo "bench-import: starting PostgreSQL and copying the same database into it"
pgurl=$(sh "$root/tools/pg-cluster.sh" start "$tmp/pg")
psql -q "$pgurl" -c "CREATE DATABASE bench_import"
pgdb="${pgurl%/postgres}/bench_import"
"$bin" copy --from "sqlite:$db" --to "$pgdb" >/dev/null

echo "bench-import: writing the $rows-row workbook (XLSX) and the same rows as CSV"
python3 - "$tmp/ids" "$tmp/workbook.xlsx" "$tmp/rows.csv" "$month" <<'PY'
import sys, zipfile
from xml.sax.saxutils import escape
ids, xlsx, csv, month = sys.argv[1:5]
head = ['项目编号', '月份', '项目名称', '本月完成投资（万元）', '形象进度', '存在问题', '需协调部门', '新增就业']
rows = []
for line in open(ids, encoding='utf-8'):
    pid, name = line.rstrip('\n').split('|', 1)
    k = int(pid)
    rows.append([pid, month, name, '%d.%02d' % (k % 97, k % 100), '按计划推进，完成第%d标段' % (k % 9 + 1),
                 '用地手续待办' if k % 10 == 0 else '', '财政厅' if k % 10 == 0 else '', str(k % 7)])
def col(i):
    return chr(65 + i)
def cell(r, c, v):
    return '<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (col(c), r, escape(v)) if v else ''
sheet = ''.join('<row r="%d">%s</row>' % (r + 1, ''.join(cell(r + 1, c, v) for c, v in enumerate(row)))
                for r, row in enumerate([head] + rows))
parts = {
    '[Content_Types].xml': '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    '_rels/.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="月度调度" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    'xl/worksheets/sheet1.xml': '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>%s</sheetData></worksheet>' % sheet,
}
with zipfile.ZipFile(xlsx, 'w', zipfile.ZIP_DEFLATED) as z:
    for n, t in parts.items():
        z.writestr(n, t)
with open(csv, 'w', encoding='utf-8') as f:
    for row in [head] + rows:
        f.write(','.join('"%s"' % v.replace('"', '""') for v in row) + '\n')
PY

# Runs a command under /usr/bin/time; sets t_wall, t_cpu (user + system seconds) and t_out (its stdout).
timed() {
	/usr/bin/time -f '%e %U %S' -o "$tmp/time" "$@" >"$tmp/out" 2>"$tmp/err" || true
	t_wall=$(awk '{ print $1 }' "$tmp/time")
	t_cpu=$(awk '{ printf "%.2f", $2 + $3 }' "$tmp/time")
	t_out=$(head -n 1 "$tmp/out")
}

echo "bench-import: luoshi import reports (dry run, real, again)"
timed "$bin" --db "sqlite:$db" export reports --workbook --month "$month" --format xlsx -o "$tmp/prefilled.xlsx"
wb_wall=$t_wall wb_cpu=$t_cpu
wb_rows=$(($(sqlite3 "$db" "SELECT count(*) FROM projects WHERE status = 'in_progress' AND start_date <= '$month-31'")))
timed "$bin" --db "sqlite:$db" import reports "$tmp/workbook.xlsx" --dry-run
dry_wall=$t_wall dry_cpu=$t_cpu dry_out=$t_out
timed "$bin" --db "sqlite:$db" import reports "$tmp/workbook.xlsx"
real_wall=$t_wall real_cpu=$t_cpu real_out=$t_out
timed "$bin" --db "sqlite:$db" import reports "$tmp/workbook.xlsx"
again_wall=$t_wall again_cpu=$t_cpu again_out=$t_out
echo "bench-import: the same on PostgreSQL"
timed "$bin" --db "$pgdb" import reports "$tmp/workbook.xlsx" --dry-run
pg_dry_wall=$t_wall pg_dry_cpu=$t_cpu pg_dry_out=$t_out
timed "$bin" --db "$pgdb" import reports "$tmp/workbook.xlsx"
pg_real_wall=$t_wall pg_real_cpu=$t_cpu pg_real_out=$t_out
timed "$bin" --db "$pgdb" import reports "$tmp/workbook.xlsx"
pg_again_wall=$t_wall pg_again_cpu=$t_cpu pg_again_out=$t_out
timed sqlite3 "$tmp/ref.db" ".import --csv $tmp/rows.csv reports"
ref_wall=$t_wall ref_cpu=$t_cpu
filed=$(sqlite3 "$db" "SELECT count(*) FROM project_reports WHERE month = '$month'")

cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
stamp=$(date -u +%Y-%m-%dT%H:%MZ)
ver=$(git -C "$root" describe --always --dirty 2>/dev/null || echo unknown)
out="$root/docs/BENCHMARKS.md"
ok() { awk -v s="$1" 'BEGIN { print (s < 2 ? "met" : "**missed**") }'; }
cat >>"$out" <<MD

## Monthly workbook import, $stamp — $ver

- Command: \`tools/bench-import.sh\` (from \`make bench\`; BENCH_IMPORT_ROWS=$rows): the demo database on
  SQLite plus $rows projects in progress made with direct SQL; a $rows-row XLSX workbook for $month
  (项目编号, 月份, 项目名称, 本月完成投资（万元）, 形象进度, 存在问题, 需协调部门, 新增就业; every row files a report);
  \`luoshi import reports FILE [--dry-run]\` as the system user, LUOSHI_TODAY=2020-07-05 (the window open);
  wall and CPU (user + system) seconds from /usr/bin/time.
- Machine: $(nproc) cores ($cpu), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"); shared with other work.
- Reference: the sqlite3 shell ($(sqlite3 --version | cut -d' ' -f1)) importing the same $rows rows as CSV into a new table: ${ref_wall} s wall, ${ref_cpu} s CPU.

  PostgreSQL $(psql -XAtq "$pgurl" -c 'SHOW server_version' | cut -d' ' -f1) (a throw-away cluster, fsync off, on the same machine) gets a copy of the
  same database (\`luoshi copy\`); CPU there is luoshi's only, not the server's.

| engine | step | wall s | CPU s | result |
|---|---|---|---|---|
| sqlite | pre-filled workbook, \`export reports --workbook\` ($wb_rows rows, XLSX) | $wb_wall | $wb_cpu | |
| sqlite | import, dry run | $dry_wall | $dry_cpu | $dry_out |
| sqlite | import, real | $real_wall | $real_cpu | $real_out ($filed reports for $month) |
| sqlite | the same file again | $again_wall | $again_cpu | $again_out |
| postgres | import, dry run | $pg_dry_wall | $pg_dry_cpu | $pg_dry_out |
| postgres | import, real | $pg_real_wall | $pg_real_cpu | $pg_real_out |
| postgres | the same file again | $pg_again_wall | $pg_again_cpu | $pg_again_out |

- Goal: the $rows-row import under 2 s — SQLite: dry run $(ok "$dry_wall"), real run $(ok "$real_wall");
  PostgreSQL: dry run $(ok "$pg_dry_wall"), real run $(ok "$pg_real_wall").
MD
echo "bench-import: written to docs/BENCHMARKS.md"
tail -n 16 "$out"
