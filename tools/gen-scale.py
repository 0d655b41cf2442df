#!/usr/bin/env python3
"""The national-scale synthetic set for `make bench-scale` (tools/bench-scale.sh).

gen-scale.py DATA_DIR N MONTHS FIRST_YEAR OUT_DIR writes, from the reference lists in DATA_DIR,
  enterprises.csv  id|credit_code|name|division|industry|above_size|scale|base|field — N
                   enterprises, valid credit codes (GB 32100 check characters), spread over the
                   counties and machinery classes, 70 % above designated size, a third in a base,
                   half in a key field;
  statistics.csv   the statistics bureau's monthly file (the import's columns, 万元 with two
                   decimals), MONTHS months from FIRST_YEAR-01 for every enterprise, rows by
                   enterprise then month: seasonality, growth by enterprise, a few loss months.
Deterministic (a fixed seed), so two runs write the same bytes.
"""
import csv, random, sys

USCC = '0123456789ABCDEFGHJKLMNPQRTUWXY'
W = [pow(3, i, 31) for i in range(17)]
ORG_W = [3, 7, 9, 10, 5, 8, 4, 2]
SEASON = [70, 80, 100, 100, 105, 110, 95, 95, 105, 105, 110, 125]  # per cent of an average month


def credit_code(n, division):
    body = '%08d' % n
    s = sum(int(ch) * w for ch, w in zip(body, ORG_W))
    c = 11 - s % 11
    oc = 'X' if c == 10 else '0' if c == 11 else str(c)
    if oc not in USCC:  # 'X' is not a credit-code character: move to the next body
        return None
    first = '91' + division + body + oc
    return first + USCC[(31 - sum(USCC.index(ch) * w for ch, w in zip(first, W)) % 31) % 31]


def main():
    data, n, months, first_year, out = sys.argv[1:6]
    n, months, first_year = int(n), int(months), int(first_year)
    rows = lambda name: list(csv.DictReader(open('%s/%s.csv' % (data, name), encoding='utf-8')))
    counties = [r['code'] for r in rows('divisions') if r['level'] == 'county' and r['code'].startswith('65')]
    classes = [r['code'] for r in rows('industries') if r['level'] == 'class']
    bases = [r['code'] for r in rows('bases')]
    fields = [r['code'] for r in rows('fields')]
    rnd = random.Random(20261128)
    ents = []
    k = 0
    with open(out + '/enterprises.csv', 'w', encoding='utf-8', newline='') as f:
        while len(ents) < n:
            k += 1
            div = counties[k % len(counties)]
            code = credit_code(50000000 + k, div)
            if not code:
                continue
            above = rnd.random() < 0.7
            scale = rnd.choice(['large', 'medium', 'small', 'micro'])
            annual = int(rnd.lognormvariate(8.5, 1.2)) * 100  # 万元 ×100: 0.01 万元 units
            growth = rnd.uniform(-0.05, 0.15)
            i = len(ents) + 1
            ents.append((code, '规模测试企业%06d' % i, annual, growth))
            base = rnd.choice(bases) if rnd.random() < 0.33 else ''
            field = rnd.choice(fields) if rnd.random() < 0.5 else ''
            f.write('%d|%s|%s|%s|%s|%d|%s|%s|%s\n' % (1000000 + i, code, ents[-1][1], div,
                                                       classes[rnd.randrange(len(classes))], above, scale, base, field))
    with open(out + '/statistics.csv', 'w', encoding='utf-8', newline='') as f:
        f.write('统一社会信用代码,企业名称,月份,工业总产值（万元）,营业收入（万元）,利润总额（万元）,'
                '出口交货值（万元）,研发经费支出（万元）,期末从业人数\n')
        for code, name, annual, growth in ents:
            size = annual
            emp = 20 + annual // 20000
            for j in range(months):
                y, m = first_year + j // 12, j % 12 + 1
                if m == 1 and j:
                    size = int(size * (1 + growth))
                rev = size * SEASON[m - 1] // 1200 + rnd.randrange(100)
                profit = rev * rnd.randrange(-15, 80) // 1000
                f.write('%s,%s,%d-%02d,%d.%02d,%d.%02d,%s%d.%02d,%d.%02d,%d.%02d,%d\n' % (
                    code, name, y, m, rev * 104 // 10000, rev * 104 // 100 % 100, rev // 100, rev % 100,
                    '-' if profit < 0 else '', abs(profit) // 100, abs(profit) % 100,
                    rev // 10 // 100, rev // 10 % 100, rev // 50 // 100, rev // 50 % 100, emp))


main()
