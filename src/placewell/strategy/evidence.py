"""Indicator evidence for the status roll-up, and where it comes from.

The roll-up asks an :class:`EvidenceProvider` for the latest value of each linked
indicator in an area: value, whether a target or standard is met, the recent trend,
the comparison with a comparator (e.g. Scotland) at a confidence level, and whether
the gap between the most and least deprived SIMD quintiles is widening or narrowing.
The labels are Fingertips' (as :mod:`placewell.stats.compare` and
:mod:`placewell.stats.trend` write them). The indicator engine will provide a
warehouse-backed provider; :class:`InMemoryEvidenceProvider` serves tests and the demo.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Literal, Protocol, runtime_checkable

import yaml
from pydantic import BaseModel, ConfigDict
from pydantic import ValidationError as PydanticValidationError

from placewell.errors import DefinitionError

__all__ = [
    "EvidenceProvider",
    "InMemoryEvidenceProvider",
    "IndicatorEvidence",
    "demo_evidence",
    "load_evidence",
]

Polarity = Literal["high_is_good", "low_is_good", "no_judgement"]
GapDirection = Literal["widening", "narrowing", "no_change"]


class IndicatorEvidence(BaseModel):
    """The latest value of one indicator in one area, with its judgements.

    ``trend`` is a Fingertips recent-trend label (``'Increasing and getting worse'``,
    ``'No significant change'`` ...); ``comparison`` a Fingertips comparison label
    (``'Better'``, ``'Similar'``, ``'Worse'``, ``'Worst'`` ...) against ``comparator``
    at ``level`` per cent confidence (95 or 99.8); ``target_met`` the provider's own
    judgement, used when the strategy's link has no target or standard of its own.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    indicator_id: str
    area_code: str | None = None
    period: str
    value: float | None = None
    unit: str | None = None
    title: str | None = None
    polarity: Polarity = "high_is_good"
    target_met: bool | None = None
    trend: str | None = None
    comparison: str | None = None
    comparator: str = "Scotland"
    level: float = 95.0
    inequality_gap: GapDirection | None = None


@runtime_checkable
class EvidenceProvider(Protocol):
    """Anything that can give the latest evidence for an indicator in an area."""

    def evidence(self, indicator_id: str, area_code: str | None) -> IndicatorEvidence | None:
        """The latest evidence, or ``None`` when there is none."""
        ...


class InMemoryEvidenceProvider:
    """Evidence held in a dictionary: for tests, notebooks and the demo.

    A lookup for an area falls back to evidence stored without an area.
    """

    def __init__(self, items: Iterable[IndicatorEvidence] = ()) -> None:
        self._items: dict[tuple[str, str | None], IndicatorEvidence] = {}
        for item in items:
            self.add(item)

    def add(self, item: IndicatorEvidence) -> None:
        """Add (or replace) the evidence for its indicator and area."""
        self._items[(item.indicator_id, item.area_code)] = item

    def __len__(self) -> int:
        return len(self._items)

    def evidence(self, indicator_id: str, area_code: str | None) -> IndicatorEvidence | None:
        found = self._items.get((indicator_id, area_code))
        if found is None and area_code is not None:
            found = self._items.get((indicator_id, None))
        return found

    @classmethod
    def from_yaml(cls, text: str, source: str = "<evidence>") -> InMemoryEvidenceProvider:
        """Read a YAML list of evidence items (the fields of :class:`IndicatorEvidence`)."""
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            raise DefinitionError(f"{source}: not valid YAML: {exc}") from None
        rows = data.get("evidence") if isinstance(data, dict) else data
        if not isinstance(rows, list):
            raise DefinitionError(f"{source}: expected a list of evidence items")
        items = []
        for n, row in enumerate(rows):
            try:
                items.append(IndicatorEvidence.model_validate(row))
            except PydanticValidationError as exc:
                first = exc.errors(include_url=False)[0]
                where = ".".join(str(p) for p in first["loc"])
                raise DefinitionError(
                    f"{source}: evidence item {n + 1}, {where}: {first['msg']}"
                ) from None
        return cls(items)

    @classmethod
    def from_file(cls, path: Path) -> InMemoryEvidenceProvider:
        """Read evidence from a YAML file."""
        return cls.from_yaml(Path(path).read_text("utf-8"), source=str(path))


@cache
def _demo_text() -> str:
    return files("placewell.strategy").joinpath("data/demo_evidence.yaml").read_text("utf-8")


def demo_evidence() -> InMemoryEvidenceProvider:
    """Illustrative evidence for the bundled example strategies in the demo areas."""
    return InMemoryEvidenceProvider.from_yaml(_demo_text(), source="demo evidence")


def load_evidence(spec: str | Path) -> InMemoryEvidenceProvider:
    """Evidence from a YAML file, or the demo's illustrative evidence for ``'demo'``."""
    if str(spec) == "demo":
        return demo_evidence()
    path = Path(spec)
    if not path.is_file():
        raise DefinitionError(f"no evidence file {path}; give a YAML file or 'demo'")
    return InMemoryEvidenceProvider.from_file(path)
