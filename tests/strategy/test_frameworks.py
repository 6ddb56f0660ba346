"""National outcome frameworks and the evidence provider."""

from __future__ import annotations

from pathlib import Path

import pytest

from placewell.errors import DefinitionError
from placewell.strategy import (
    EvidenceProvider,
    IndicatorEvidence,
    InMemoryEvidenceProvider,
    national_outcomes,
    wellbeing_indicators,
)
from placewell.strategy.evidence import load_evidence
from placewell.strategy.frameworks import national_outcome


def test_the_nine_national_health_and_wellbeing_outcomes() -> None:
    outcomes = national_outcomes()
    assert [o.code for o in outcomes] == [f"NHWO-{n}" for n in range(1, 10)]
    assert [o.short_title for o in outcomes] == [
        "Healthier living",
        "Independent living",
        "Positive experiences and outcomes",
        "Quality of life",
        "Reduce health inequality",
        "Carers are supported",
        "People are safe",
        "Engaged workforce",
        "Resources are used efficiently and effectively",
    ]
    assert national_outcome("NHWO-6").statement.startswith("People who provide unpaid care")
    with pytest.raises(KeyError):
        national_outcome("NHWO-10")


def test_shanarri_wellbeing_indicators() -> None:
    assert [w.code for w in wellbeing_indicators()] == [
        "Safe", "Healthy", "Achieving", "Nurtured", "Active", "Respected", "Responsible", "Included",
    ]  # fmt: skip
    assert all(w.description for w in wellbeing_indicators())


def test_in_memory_provider_lookups() -> None:
    area = IndicatorEvidence(indicator_id="NI-12", area_code="S37000020", period="2025/26", value=1)
    anywhere = IndicatorEvidence(indicator_id="NI-12", period="2025/26", value=2)
    provider = InMemoryEvidenceProvider([area, anywhere])
    assert isinstance(provider, EvidenceProvider) and len(provider) == 2
    assert provider.evidence("NI-12", "S37000020") is area
    assert provider.evidence("NI-12", "S37000008") is anywhere
    assert provider.evidence("NI-13", "S37000020") is None


def test_evidence_from_yaml(tmp_path: Path) -> None:
    path = tmp_path / "evidence.yaml"
    path.write_text("- indicator_id: NI-12\n  period: 2025/26\n  value: 5\n  comparison: Worse\n")
    assert load_evidence(path).evidence("NI-12", None) is not None
    assert len(load_evidence("demo")) > 20
    path.write_text("- indicator_id: NI-12\n  value: 5\n")
    with pytest.raises(DefinitionError, match="evidence item 1, period: Field required"):
        load_evidence(path)
    with pytest.raises(DefinitionError, match="no evidence file"):
        load_evidence(tmp_path / "missing.yaml")
    with pytest.raises(DefinitionError, match="expected a list"):
        InMemoryEvidenceProvider.from_yaml("just text")
