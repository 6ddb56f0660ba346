"""Strategy YAML in and out: validation with file and line numbers, canonical export.

:func:`load_strategy` reads YAML into a :class:`~placewell.strategy.models.StrategyDoc`.
Syntax errors, schema errors and broken cross-references all raise
:class:`StrategyFileError` (a :class:`~placewell.errors.DefinitionError`) naming the
file and line: the YAML is composed to nodes first, and each problem's location path
(``outcomes[1].priorities[0].due``) is walked down the nodes to the line it came from.

:func:`dump_strategy` writes the *canonical* YAML: fields in the models' order, empty
values left out, whole numbers without ``.0``, short lists of names in brackets,
multi-line text as ``|`` blocks. Canonical YAML round-trips exactly:
``dump_strategy(load_strategy(text)) == text``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from placewell.errors import DefinitionError
from placewell.strategy.models import DocProblem, Loc, StrategyDoc, parse_doc

__all__ = ["StrategyFileError", "dump_strategy", "load_strategy", "read_strategy"]

_SHOWN = 5


class StrategyFileError(DefinitionError):
    """A strategy file was rejected: each problem has a line, a location and a message."""

    def __init__(self, source: str, problems: Sequence[tuple[int | None, str, str]]) -> None:
        self.source = source
        self.problems = list(problems)
        shown = []
        for line, path, message in self.problems[:_SHOWN]:
            where = f"{source}, line {line}" if line else source
            shown.append(f"{where}: {path + ': ' if path else ''}{message}")
        text = "; ".join(shown)
        more = len(self.problems) - _SHOWN
        if more > 0:
            text += f" (and {more} more problem{'s' if more != 1 else ''})"
        super().__init__(text + ". Nothing was imported.")

    @property
    def line(self) -> int | None:
        """The line of the first problem."""
        return self.problems[0][0] if self.problems else None


def _line_of(root: yaml.Node, loc: Loc) -> int | None:
    """The 1-based line a location path points to (its nearest existing ancestor's line)."""
    node = root
    line = root.start_mark.line
    for part in loc:
        if isinstance(node, yaml.MappingNode) and isinstance(part, str):
            for key, value in node.value:
                if isinstance(key, yaml.ScalarNode) and key.value == part:
                    node, line = value, key.start_mark.line
                    break
            else:
                break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            line = node.start_mark.line
        else:
            break
    return line + 1


def _duplicates(node: yaml.Node, path: Loc = ()) -> list[tuple[int, str, str]]:
    """Keys written twice in one mapping (YAML would silently keep the last)."""
    found: list[tuple[int, str, str]] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            if name in seen:
                where = DocProblem((*path, name), "").path
                found.append((key.start_mark.line + 1, where, "this key is written twice"))
            seen.add(name)
            found.extend(_duplicates(value, (*path, name)))
    elif isinstance(node, yaml.SequenceNode):
        for n, item in enumerate(node.value):
            found.extend(_duplicates(item, (*path, n)))
    return found


class _Loader(yaml.SafeLoader):
    """The safe loader, leaving dates as text for pydantic to check (with a location)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def load_strategy(text: str, source: str = "<string>") -> StrategyDoc:
    """Parse and validate a strategy document; raise :class:`StrategyFileError` if invalid."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise StrategyFileError(source, [(None, "", "the file is empty")])
        duplicates = _duplicates(root)
        if duplicates:
            raise StrategyFileError(source, duplicates)
        data = loader.construct_document(root)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(p for p in (exc.context, exc.problem) if p)
        raise StrategyFileError(source, [(line, "", f"not valid YAML: {what}")]) from None
    except yaml.YAMLError as exc:
        raise StrategyFileError(source, [(None, "", f"not valid YAML: {exc}")]) from None
    finally:
        loader.dispose()
    doc, problems = parse_doc(data)
    if doc is None:
        located = [(_line_of(root, p.loc), p.path, p.message) for p in problems]
        located.sort(key=lambda item: item[0] or 0)
        raise StrategyFileError(source, located)
    return doc


def read_strategy(path: str | Path) -> StrategyDoc:
    """Read and validate a strategy file."""
    file = Path(path)
    try:
        text = file.read_text("utf-8")
    except UnicodeDecodeError:
        raise StrategyFileError(file.name, [(None, "", "not UTF-8 text")]) from None
    return load_strategy(text, source=file.name)


class _Flow(list[Any]):
    """A list of short names written in flow style: ``[NHWO-1, NHWO-5]``."""


# names that need no quotes inside [...]: no flow indicators, comments or quotes
_FLOW_SAFE = re.compile(r"^[A-Za-z0-9£(][^,\[\]{}:#'\"\n]*(?<! )$")
_RESOLVER = yaml.resolver.Resolver()


def _flow_safe(value: str) -> bool:
    plain_str = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == "tag:yaml.org,2002:str"
    return plain_str and _FLOW_SAFE.match(value) is not None


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_str(value)


def _flow(dumper: yaml.SafeDumper, value: _Flow) -> yaml.SequenceNode:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _str)
_Dumper.add_representer(_Flow, _flow)


def _plain(value: Any) -> Any:
    if isinstance(value, BaseModel):
        out: dict[str, Any] = {}
        for name in type(value).model_fields:
            item = _plain(getattr(value, name))
            if item is None or item == []:
                continue
            out[name] = item
        return out
    if isinstance(value, list):
        items = [_plain(v) for v in value]
        if all(isinstance(v, str) and _flow_safe(v) for v in items):
            return _Flow(items)
        return items
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return int(value)
    return value


def dump_strategy(doc: StrategyDoc) -> str:
    """The canonical YAML of a strategy document."""
    text: str = yaml.dump(
        _plain(doc),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=88,
        indent=2,
    )
    return text
