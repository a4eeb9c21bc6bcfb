"""Province-level divisions as the portals code them (docs/portals.md §1.1 zoneId, §2.1 DEAL_PROVINCE).

The list is data (replay/data/provinces.toml); the ccgp renderer needs the short names and the
separately-listed cities' own zones."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

PROVINCES_FILE = Path(__file__).parent / "data" / "provinces.toml"


@dataclass(frozen=True)
class Province:
    """A province-level division: GB code, full and short names, cities, separately-listed cities."""

    zone: str  # GB 2-digit code, ccgp zoneId
    name: str  # full name, the 行政区域 value
    short: str  # display name in ccgp search rows
    # Separately-listed cities (计划单列市) have their own 4-digit ccgp zone, excluded from the province's.
    listed: tuple[tuple[str, str], ...] = ()

    @property
    def ggzy(self) -> str:
        return f"{self.zone}0000"


def _load(path: Path) -> tuple[Province, ...]:
    with path.open("rb") as handle:
        rows = tomllib.load(handle)["province"]
    return tuple(
        Province(
            zone=row["zone"],
            name=row["name"],
            short=row["short"],
            listed=tuple((city, zone) for city, zone in row.get("listed", ())),
        )
        for row in rows
    )


PROVINCES: tuple[Province, ...] = _load(PROVINCES_FILE)
PROVINCE_BY_ZONE = {p.zone: p for p in PROVINCES}
PROVINCE_BY_NAME = {p.name: p for p in PROVINCES}
