"""The national catalogue of model types, shipped as `data/model_types.yaml` (Hướng dẫn 22/HD-BCA-V05).

`national_types()` reads and checks the file; the data migration `0002_national_model_types` and the
idempotent service `model_types_load_national` write it (matched by code, so a rerun changes nothing).
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from antq.core.text import nfc

DATA_FILE = Path(__file__).parent / "data" / "model_types.yaml"
SECTORS = ("society", "organisations")


@dataclass(frozen=True)
class NationalType:
    code: str
    name: str
    sector: str


def parse(document: dict) -> tuple[NationalType, ...]:
    """The types of a catalogue document; ValueError for a bad one (unknown sector, doubled code or name)."""
    types = []
    seen: set[str] = set()
    for entry in document.get("types") or []:
        item = NationalType(code=str(entry["code"]), name=nfc(str(entry["name"])), sector=str(entry["sector"]))
        if item.sector not in SECTORS:
            raise ValueError(f"{item.code}: unknown sector {item.sector!r}")
        if item.code in seen or item.name in seen:
            raise ValueError(f"{item.code}: doubled code or name")
        seen |= {item.code, item.name}
        types.append(item)
    return tuple(types)


@cache
def national_types() -> tuple[NationalType, ...]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return parse(yaml.safe_load(handle))
