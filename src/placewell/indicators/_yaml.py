"""YAML with line numbers: where each field of a definition was written.

Definitions are read with PyYAML's safe loader; alongside the data we keep the line
of every mapping key and sequence item (1-based), keyed by its path, so an error can
say ``ni12.yaml line 7, numerator.filter: ...``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from placewell.errors import DefinitionError

__all__ = ["Located", "load_located"]

Path = tuple[str | int, ...]
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when libyaml is there


@dataclass(frozen=True)
class Located:
    """Parsed YAML data with the line of every path in it."""

    data: Any
    source: str
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        parts = tuple(path)
        while parts:
            if parts in self.lines:
                return self.lines[parts]
            parts = parts[:-1]
        return self.lines.get((), None)

    def where(self, path: Sequence[str | int]) -> str:
        """``file line N, a.b.c`` for messages."""
        line = self.line_of(path)
        dotted = ".".join(str(p) for p in path)
        head = f"{self.source} line {line}" if line is not None else self.source
        return f"{head}, {dotted}" if dotted else head


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            name = key.value if isinstance(key, yaml.ScalarNode) else str(key)
            child = (*path, name)
            # a scalar value is reported at its own line (block scalars start below)
            lines[child] = (
                value.start_mark.line + 1
                if isinstance(value, yaml.ScalarNode) and value.style in ("|", ">")
                else key.start_mark.line + 1
            )
            _walk(value, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            child = (*path, i)
            lines[child] = item.start_mark.line + 1
            _walk(item, child, lines)


def load_located(text: str, source: str) -> Located:
    """Parse ``text`` (one YAML document) keeping line numbers; errors name ``source``."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise DefinitionError(f"{source}: the file is empty; write the definition as YAML")
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = f" line {mark.line + 1}" if mark is not None else ""
        problem = exc.problem or exc.context or "invalid YAML"
        raise DefinitionError(f"{source}{line}: invalid YAML: {problem}") from None
    except yaml.YAMLError as exc:
        raise DefinitionError(f"{source}: invalid YAML: {exc}") from None
    finally:
        loader.dispose()
    lines: dict[Path, int] = {(): node.start_mark.line + 1}
    _walk(node, (), lines)
    return Located(data, source, lines)
