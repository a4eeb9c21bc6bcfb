"""Word lists the corpus generator draws from: places, buyers, agencies, suppliers, products.

The lists are data (data/vocab.toml, provinces in replay/data/provinces.toml); this module gives them
names and the few rules that pick among them. Names follow the patterns seen on the portals
(docs/portals.md §5): hospitals as 采购人, agencies as 代理机构, carriers and integrators as frequent
winners. Organisation names are built from places and generic words; the few real company names are
the well-known market players docs/domain.md §7 names.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from replay.provinces import PROVINCE_BY_NAME, PROVINCE_BY_ZONE, PROVINCES, Province

DATA_DIR = Path(__file__).parent / "data"


def load_data(name: str) -> dict[str, Any]:
    """One TOML file of data/ (the generator's vocabularies)."""
    with (DATA_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


def _pairs(rows: list[list[str]]) -> tuple[tuple[str, str], ...]:
    return tuple((a, b) for a, b in rows)


_V = load_data("vocab.toml")

PROVINCE_WEIGHTS: dict[str, int] = _V["province_weights"]
CODE_PREFIX: dict[str, str] = _V["code_prefix"]
DISTRICTS: tuple[str, ...] = tuple(_V["districts"])
CITIES: dict[str, tuple[str, ...]] = {zone: tuple(names) for zone, names in _V["cities"].items()}
TOWNS: tuple[str, ...] = tuple(_V["towns"])
ROADS: tuple[str, ...] = tuple(_V["roads"])
MEDICAL_BUYERS = _pairs(_V["medical_buyers"])
OTHER_BUYERS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _V["other_buyers"].items()}
CENTRAL_BUYERS: dict[str, tuple[str, ...]] = {k: tuple(v) for k, v in _V["central_buyers"].items()}
AGENCY_WORDS: tuple[str, ...] = tuple(_V["agency_words"])
AGENCY_FORMS: tuple[str, ...] = tuple(_V["agency_forms"])
INTEGRATOR_WORDS: tuple[str, ...] = tuple(_V["integrator_words"])
INTEGRATOR_FORMS: tuple[str, ...] = tuple(_V["integrator_forms"])
CARRIERS: tuple[str, ...] = tuple(_V["carriers"])
SUPPLIERS: dict[str, tuple[str, ...]] = {group: tuple(names) for group, names in _V["suppliers"].items()}
MEDICAL_VENDORS = frozenset(_V["medical_vendors"])
GPU_SERVERS = _pairs(_V["gpu_servers"])
AIO_MACHINES = _pairs(_V["aio_machines"])
AIO_MACHINES_MEDICAL = _pairs(_V["aio_machines_medical"])
MODELS_GENERAL: tuple[str, ...] = tuple(_V["models_general"])
MODELS_MEDICAL: tuple[str, ...] = tuple(_V["models_medical"])
SURNAMES: str = _V["surnames"]
GIVEN: str = _V["given"]

__all__ = ["PROVINCES", "PROVINCE_BY_NAME", "PROVINCE_BY_ZONE", "Province"]


def vendors(group: str, medical: bool) -> tuple[str, ...]:
    """The named vendors of a supplier group (data/vocab.toml [suppliers]); vendors sold as medical
    only for medical projects."""
    names = SUPPLIERS[group]
    return names if medical else tuple(n for n in names if n not in MEDICAL_VENDORS)


def appliances(medical: bool) -> tuple[tuple[str, str], ...]:
    """The 一体机 a buyer can draw: medical-branded ones only for medical projects."""
    return AIO_MACHINES + AIO_MACHINES_MEDICAL if medical else AIO_MACHINES
