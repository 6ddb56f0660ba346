"""Strategies as data: outcomes, priorities, actions, themes, indicator links, updates.

::

    from placewell.strategy import StrategyService, load_examples, demo_evidence

    keys = load_examples(url)                        # the bundled examples
    service = StrategyService(url, evidence=demo_evidence())
    tree = service.status(keys[0])                   # statuses with reasons
    print(service.export_yaml(keys[0]))              # canonical YAML

See ``docs/strategy.md`` (concepts, YAML, CLI) and ``docs/strategy-status.md`` (the
roll-up rules).
"""

from __future__ import annotations

from placewell.strategy.demo import example_files, load_examples
from placewell.strategy.evidence import (
    EvidenceProvider,
    IndicatorEvidence,
    InMemoryEvidenceProvider,
    demo_evidence,
)
from placewell.strategy.frameworks import national_outcomes, wellbeing_indicators
from placewell.strategy.models import StrategyDoc
from placewell.strategy.rules import RulesConfig, Weights
from placewell.strategy.service import (
    ChangeRecord,
    ImportResult,
    ItemView,
    StrategyService,
    StrategySummary,
    UpdateRecord,
)
from placewell.strategy.status import (
    IndicatorAssessment,
    ItemAssessment,
    Status,
    StatusValue,
    assess_strategy,
)
from placewell.strategy.yaml_io import (
    StrategyFileError,
    dump_strategy,
    load_strategy,
    read_strategy,
)

__all__ = [
    "ChangeRecord",
    "EvidenceProvider",
    "ImportResult",
    "InMemoryEvidenceProvider",
    "IndicatorAssessment",
    "IndicatorEvidence",
    "ItemAssessment",
    "ItemView",
    "RulesConfig",
    "Status",
    "StatusValue",
    "StrategyDoc",
    "StrategyFileError",
    "StrategyService",
    "StrategySummary",
    "UpdateRecord",
    "Weights",
    "assess_strategy",
    "demo_evidence",
    "dump_strategy",
    "example_files",
    "load_examples",
    "load_strategy",
    "national_outcomes",
    "read_strategy",
    "wellbeing_indicators",
]
