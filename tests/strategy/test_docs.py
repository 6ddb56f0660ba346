"""The strategy documentation: every rule and setting documented, the YAML example valid."""

from __future__ import annotations

import re
from pathlib import Path

from placewell.strategy import RulesConfig, Weights, load_strategy

DOCS = Path(__file__).parents[2] / "docs"


def _number(value: float) -> str:
    text = f"{value:+g}" if value else "0"
    return text.replace("-", "−")


def test_every_rule_is_documented_with_its_default() -> None:
    text = (DOCS / "strategy-status.md").read_text("utf-8")
    for name, field in Weights.model_fields.items():
        row = re.search(rf"^\| `{name}` \| (\S+) \|", text, re.MULTILINE)
        assert row is not None, f"weight {name} is not documented"
        assert row.group(1) == _number(float(field.default)), name
    for name, field in RulesConfig.model_fields.items():
        if name == "weights":
            continue
        row = re.search(rf"^\| `{name}` \| (\S+) \|", text, re.MULTILINE)
        assert row is not None, f"setting {name} is not documented"
        assert float(row.group(1).replace("−", "-")) == field.default, name


def test_the_yaml_example_in_the_docs_is_valid() -> None:
    text = (DOCS / "strategy.md").read_text("utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert block is not None
    doc = load_strategy(block.group(1), source="docs/strategy.md")
    assert doc.id == "demo-vision"


def test_the_decision_record_exists() -> None:
    assert (DOCS / "decisions" / "0002-app-store.md").is_file()
