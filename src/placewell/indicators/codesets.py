"""Named code sets for filters: ``admission_type in @emergency``.

Each set documents its source. ``exact`` sets are used with ``in``/``not in``;
``prefix`` sets (ICD-10 code prefixes) with ``startswith(...)``.

Sources:
- ``@emergency`` and ``@elective``: SMR01 admission types, Public Health Scotland SMR
  Data Dictionary (see :mod:`placewell.data.codes`).
- ``@falls``: ICD-10 W00-W19 (falls), as PHS uses for NI-16 (any diagnosis position).
- ``@external_causes``: ICD-10 chapter XX, external causes of morbidity and mortality
  (V01-Y98), as PHS excludes from NI-15 (except falls).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from placewell.data import codes

__all__ = ["CODE_SETS", "CodeSet"]


@dataclass(frozen=True)
class CodeSet:
    name: str
    values: tuple[str, ...]
    kind: Literal["exact", "prefix"]
    description: str


def _set(name: str, values: object, kind: Literal["exact", "prefix"], description: str) -> CodeSet:
    return CodeSet(name, tuple(sorted(values)), kind, description)  # type: ignore[call-overload]


CODE_SETS: dict[str, CodeSet] = {
    s.name: s
    for s in (
        _set(
            "emergency",
            codes.EMERGENCY_ADMISSION_TYPES,
            "exact",
            "SMR01 emergency admission types 20-22 and 30-39",
        ),
        _set(
            "elective",
            codes.ELECTIVE_ADMISSION_TYPES,
            "exact",
            "SMR01 elective admission types 10-12 and 19",
        ),
        _set(
            "falls",
            [f"W{n:02d}" for n in range(20)],
            "prefix",
            "ICD-10 W00-W19: falls",
        ),
        _set(
            "external_causes",
            ["V", "W", "X", "Y"],
            "prefix",
            "ICD-10 chapter XX (V01-Y98): external causes",
        ),
    )
}
