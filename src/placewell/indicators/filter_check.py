"""Check a parsed filter against the columns it may use (the data contract).

Every column must exist in the table (or be a derived field such as ``age``), values
must have the column's type (a date column is compared with a date written as
``'2023-04-01'``, never a number) and, for coded columns, be one of the codes. Errors
are :class:`~placewell.indicators.filters.FilterError` with the position in the
expression; the caller adds the file, line and field.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Mapping
from dataclasses import dataclass

from placewell.indicators.codesets import CODE_SETS, CodeSet
from placewell.indicators.filters import (
    AnyOf,
    BoolOp,
    Call,
    CodeSetRef,
    ColumnRef,
    Compare,
    FilterError,
    InList,
    IsNull,
    Literal,
    Node,
    Not,
    Operand,
    StartsWith,
)

__all__ = ["Field", "check", "parse_date"]

_NUMERIC = {"integer", "float", "number"}


@dataclass(frozen=True)
class Field:
    """A column a filter may use: its contract type and, for code lists, the codes."""

    name: str
    type: str  # string, integer, float, date, boolean
    codes: frozenset[str] | None = None
    description: str = ""


def parse_date(text: str, pos: int) -> dt.date:
    """An ISO date ``YYYY-MM-DD``; a clear error otherwise."""
    try:
        if len(text) != 10:
            raise ValueError
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FilterError(f"{text!r} is not a date; write dates as 'YYYY-MM-DD'", pos) from None


def _suggest(name: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(name, choices, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]}?)"
    return f"; columns are: {', '.join(sorted(choices))}"


class _Checker:
    def __init__(self, fields: Mapping[str, Field]) -> None:
        self.fields = fields
        self.used: set[str] = set()

    # --- operands -----------------------------------------------------------------
    def column(self, ref: ColumnRef) -> Field:
        field = self.fields.get(ref.name)
        if field is None:
            raise FilterError(
                f"unknown column {ref.name!r}{_suggest(ref.name, list(self.fields))}", ref.pos
            )
        self.used.add(ref.name)
        return field

    def type_of(self, op: Operand, *, allow_any: bool = False) -> str:
        if isinstance(op, ColumnRef):
            return self.column(op).type
        if isinstance(op, Literal):
            return op.kind
        if isinstance(op, AnyOf):
            if not allow_any:
                raise FilterError("any(...) must come first in a condition", op.pos)
            types = {self.column(c).type for c in op.columns}
            if len(types) > 1:
                raise FilterError("the columns in any(...) must all have the same type", op.pos)
            return types.pop()
        if isinstance(op, CodeSetRef):
            raise FilterError(
                f"a code set (@{op.name}) can only follow 'in', 'not in' or startswith", op.pos
            )
        if op.func == "date":
            arg = op.args[0]
            assert isinstance(arg, Literal)
            parse_date(str(arg.value), arg.pos)
            return "date"
        for arg in op.args:  # days_between
            self.expect_date(arg)
        return "integer"

    def expect_date(self, op: Operand) -> None:
        if isinstance(op, Literal) and op.kind == "string":
            parse_date(str(op.value), op.pos)
            return
        kind = self.type_of(op)
        if kind != "date":
            raise FilterError(f"days_between needs dates, but {self.describe(op)} is not", op.pos)

    def describe(self, op: Operand) -> str:
        if isinstance(op, ColumnRef):
            field = self.fields.get(op.name)
            kind = field.type if field else "unknown"
            return f"{'a ' if kind != 'integer' else 'an '}{kind} column {op.name!r}".replace(
                "a integer", "an integer"
            )
        if isinstance(op, AnyOf):
            return "the columns in any(...)"
        if isinstance(op, Literal):
            return {"number": "a number", "boolean": "true/false"}.get(
                op.kind, f"text {op.value!r}"
            )
        if isinstance(op, Call):
            return f"{op.func}(...)"
        return f"@{op.name}"

    def codes_of(self, op: Operand) -> tuple[str, frozenset[str]] | None:
        if isinstance(op, ColumnRef):
            field = self.fields.get(op.name)
            if field is not None and field.codes is not None:
                return field.name, field.codes
        if isinstance(op, AnyOf):
            fields = [self.fields.get(c.name) for c in op.columns]
            if fields and all(f is not None and f.codes is not None for f in fields):
                first = fields[0]
                assert first is not None and first.codes is not None
                return first.name, first.codes
        return None

    def check_code(self, op: Operand, lit: Literal) -> None:
        known = self.codes_of(op)
        if known is not None and lit.kind == "string" and str(lit.value) not in known[1]:
            name, codes = known
            shown = ", ".join(sorted(codes)[:15]) + (", ..." if len(codes) > 15 else "")
            close = difflib.get_close_matches(str(lit.value), list(codes), n=1, cutoff=0.6)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise FilterError(
                f"{lit.value!r} is not a code of {name}{hint}; codes are: {shown}", lit.pos
            )

    # --- predicates ---------------------------------------------------------------
    def node(self, node: Node) -> None:
        if isinstance(node, BoolOp):
            for item in node.items:
                self.node(item)
        elif isinstance(node, Not):
            self.node(node.item)
        elif isinstance(node, Compare):
            self.compare(node)
        elif isinstance(node, InList):
            self.in_list(node)
        elif isinstance(node, IsNull):
            if not isinstance(node.operand, (ColumnRef, AnyOf)):
                raise FilterError("'is null' applies to a column", node.pos)
            self.type_of(node.operand, allow_any=True)
        elif isinstance(node, StartsWith):
            self.starts_with(node)
        elif isinstance(node, ColumnRef):
            if self.column(node).type != "boolean":
                raise FilterError(
                    f"{self.describe(node)} is not true/false; compare it, e.g. {node.name} = ...",
                    node.pos,
                )
        elif isinstance(node, Literal) and node.kind != "boolean":
            raise FilterError("a value on its own is not a condition", node.pos)

    def compare(self, node: Compare) -> None:
        if isinstance(node.right, AnyOf):
            raise FilterError("any(...) must come first in a condition", node.right.pos)
        left = self.type_of(node.left, allow_any=True)
        right = self.type_of(node.right)
        for a, b, lit in ((left, right, node.right), (right, left, node.left)):
            if a == "date" and b == "string" and isinstance(lit, Literal):
                parse_date(str(lit.value), lit.pos)
                return
        if left in _NUMERIC and right in _NUMERIC:
            return
        if left != right:
            raise FilterError(
                f"cannot compare {self.describe(node.left)} with {self.describe(node.right)}"
                + ("; write dates as '2023-04-01'" if "date" in (left, right) else ""),
                node.pos,
            )
        if left == "boolean" and node.op not in ("=", "!="):
            raise FilterError("true/false values can only be compared with = or !=", node.pos)
        for side, other in ((node.left, node.right), (node.right, node.left)):
            if isinstance(other, Literal):
                self.check_code(side, other)

    def in_list(self, node: InList) -> None:
        kind = self.type_of(node.operand, allow_any=True)
        if isinstance(node.items, CodeSetRef):
            code_set = self.code_set(node.items)
            if code_set.kind != "exact":
                raise FilterError(
                    f"@{code_set.name} holds code prefixes; use startswith(column, @{code_set.name})",
                    node.items.pos,
                )
            if kind != "string":
                raise FilterError(f"{self.describe(node.operand)} is not text", node.pos)
            return
        for item in node.items:
            ok = (
                (kind in _NUMERIC and item.kind == "number")
                or (kind == item.kind)
                or (kind == "date" and item.kind == "string")
            )
            if not ok:
                raise FilterError(
                    f"cannot compare {self.describe(node.operand)} with {self.describe(item)}",
                    item.pos,
                )
            if kind == "date":
                parse_date(str(item.value), item.pos)
            self.check_code(node.operand, item)

    def starts_with(self, node: StartsWith) -> None:
        kind = self.type_of(node.operand, allow_any=True)
        if kind != "string":
            raise FilterError(
                f"startswith needs text, but {self.describe(node.operand)} is not", node.pos
            )
        for prefix in node.prefixes:
            if isinstance(prefix, CodeSetRef):
                self.code_set(prefix)
            elif prefix.kind != "string":
                raise FilterError("startswith prefixes must be text such as 'W0'", prefix.pos)

    @staticmethod
    def code_set(ref: CodeSetRef) -> CodeSet:
        code_set = CODE_SETS.get(ref.name)
        if code_set is None:
            close = difflib.get_close_matches(ref.name, list(CODE_SETS), n=1, cutoff=0.6)
            hint = f" (did you mean @{close[0]}?)" if close else ""
            raise FilterError(
                f"unknown code set @{ref.name}{hint}; code sets are: "
                + ", ".join(f"@{n}" for n in sorted(CODE_SETS)),
                ref.pos,
            )
        return code_set


def check(node: Node, fields: Mapping[str, Field]) -> set[str]:
    """Check ``node`` against ``fields``; returns the names of the columns it uses."""
    checker = _Checker(fields)
    checker.node(node)
    return checker.used
