"""Compile a checked filter tree to an Ibis boolean expression.

The same expression runs on every Ibis backend (DuckDB, PostgreSQL, Spark). Empty
values follow SQL: a comparison with an empty value is neither true nor false and the
record is left out (also under ``not``); inside ``any(...)`` an empty column simply
does not match.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import reduce
from typing import Any

import ibis
import ibis.expr.types as ir

from placewell.indicators.codesets import CODE_SETS
from placewell.indicators.filters import (
    AnyOf,
    BoolOp,
    Call,
    CodeSetRef,
    ColumnRef,
    Compare,
    InList,
    IsNull,
    Literal,
    Node,
    Not,
    Operand,
    StartsWith,
)

__all__ = ["to_ibis"]

Resolve = Callable[[str], ir.Value]


def _date(text: str) -> ir.Value:
    return ibis.literal(dt.date.fromisoformat(text), type="date")


class _Compiler:
    def __init__(self, resolve: Resolve) -> None:
        self.resolve = resolve

    def value(self, op: Operand, *, like: ir.Value | None = None) -> ir.Value:
        """An operand as an Ibis value; text literals become dates beside a date."""
        if isinstance(op, ColumnRef):
            return self.resolve(op.name)
        if isinstance(op, Literal):
            if like is not None and op.kind == "string" and like.type().is_date():
                return _date(str(op.value))
            return ibis.literal(op.value)
        if isinstance(op, Call):
            if op.func == "date":
                arg = op.args[0]
                assert isinstance(arg, Literal)
                return _date(str(arg.value))
            start = self._as_date(op.args[0])
            end = self._as_date(op.args[1])
            return end.delta(start, unit="day")
        raise AssertionError(f"not a value: {op!r}")  # checked before compiling

    def _as_date(self, op: Operand) -> ir.Value:
        if isinstance(op, Literal):
            return _date(str(op.value))
        return self.value(op)

    def columns(self, op: Operand) -> tuple[list[ir.Value], bool]:
        """The column(s) a predicate applies to, and whether it is any(...)."""
        if isinstance(op, AnyOf):
            return [self.resolve(c.name) for c in op.columns], True
        return [self.value(op)], False

    @staticmethod
    def _any(preds: list[ir.BooleanValue], many: bool) -> ir.BooleanValue:
        if not many:
            return preds[0]
        return reduce(lambda a, b: a | b, (p.fill_null(False) for p in preds))

    def node(self, node: Node) -> ir.BooleanValue:
        if isinstance(node, BoolOp):
            parts = [self.node(item) for item in node.items]
            if node.op == "and":
                return reduce(lambda a, b: a & b, parts)
            return reduce(lambda a, b: a | b, parts)
        if isinstance(node, Not):
            return ~self.node(node.item)
        if isinstance(node, Compare):
            return self.compare(node)
        if isinstance(node, InList):
            cols, many = self.columns(node.operand)
            values = self.list_values(node.items, cols[0])
            preds = [c.notin(values) if node.negate else c.isin(values) for c in cols]
            return self._any(preds, many)
        if isinstance(node, IsNull):
            cols, many = self.columns(node.operand)
            preds = [c.notnull() if node.negate else c.isnull() for c in cols]
            return reduce(lambda a, b: a | b, preds) if many else preds[0]
        if isinstance(node, StartsWith):
            cols, many = self.columns(node.operand)
            prefixes = self.prefixes(node.prefixes)
            preds = [reduce(lambda a, b: a | b, (c.startswith(p) for p in prefixes)) for c in cols]
            return self._any(preds, many)
        if isinstance(node, ColumnRef):
            return self.resolve(node.name)
        if isinstance(node, Literal):
            return ibis.literal(bool(node.value))
        raise AssertionError(f"unexpected node {node!r}")

    def compare(self, node: Compare) -> ir.BooleanValue:
        cols, many = self.columns(node.left)
        preds = []
        for left in cols:
            right = self.value(node.right, like=left)
            lhs = left
            if isinstance(node.left, Literal) and right.type().is_date():
                lhs = _date(str(node.left.value))
            preds.append(_OPS[node.op](lhs, right))
        return self._any(preds, many)

    def list_values(self, items: tuple[Literal, ...] | CodeSetRef, like: ir.Value) -> list[Any]:
        if isinstance(items, CodeSetRef):
            return list(CODE_SETS[items.name].values)
        if like.type().is_date():
            return [dt.date.fromisoformat(str(i.value)) for i in items]
        return [i.value for i in items]

    @staticmethod
    def prefixes(items: tuple[Literal | CodeSetRef, ...]) -> list[str]:
        out: list[str] = []
        for item in items:
            if isinstance(item, CodeSetRef):
                out.extend(CODE_SETS[item.name].values)
            else:
                out.append(str(item.value))
        return out


_OPS: dict[str, Callable[[Any, Any], ir.BooleanValue]] = {
    "=": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,
    "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b,
    ">=": lambda a, b: a >= b,
}


def to_ibis(node: Node, resolve: Resolve) -> ir.BooleanValue:
    """The filter as an Ibis boolean; ``resolve(name)`` gives each column's expression."""
    return _Compiler(resolve).node(node)
