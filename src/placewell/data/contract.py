"""Building blocks of the data contract: columns, tables and their checks.

The contract itself (which tables and columns exist) lives in
:mod:`placewell.data.schemas`; this module only defines what a column or table
specification is, and how it maps onto Arrow and DuckDB types.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import pyarrow as pa

__all__ = ["Column", "ColumnType", "RowCheck", "Table", "TableKind"]


class ColumnType(StrEnum):
    """Logical column types of the contract."""

    STRING = "string"
    INTEGER = "integer"
    FLOAT = "float"
    DATE = "date"
    BOOLEAN = "boolean"

    @property
    def arrow(self) -> pa.DataType:
        return {
            ColumnType.STRING: pa.string(),
            ColumnType.INTEGER: pa.int64(),
            ColumnType.FLOAT: pa.float64(),
            ColumnType.DATE: pa.date32(),
            ColumnType.BOOLEAN: pa.bool_(),
        }[self]

    @property
    def sql(self) -> str:
        return {
            ColumnType.STRING: "VARCHAR",
            ColumnType.INTEGER: "BIGINT",
            ColumnType.FLOAT: "DOUBLE",
            ColumnType.DATE: "DATE",
            ColumnType.BOOLEAN: "BOOLEAN",
        }[self]

    @property
    def expected(self) -> str:
        """How the type is described to a user in an error message."""
        return {
            ColumnType.STRING: "text",
            ColumnType.INTEGER: "a whole number",
            ColumnType.FLOAT: "a number",
            ColumnType.DATE: "a date as YYYY-MM-DD",
            ColumnType.BOOLEAN: "true or false",
        }[self]


class TableKind(StrEnum):
    RECORD = "record"
    REFERENCE = "reference"
    OPEN_DATA = "open_data"
    SYNTHETIC = "synthetic"


@dataclass(frozen=True)
class Column:
    """One column of a contract table.

    Attributes:
        name: column name as it appears in files (snake_case).
        type: logical type.
        description: what the column means, for the data manager's table.
        nullable: whether an empty value is allowed.
        codes: allowed values and their meanings (for code lists).
        pattern: a regular expression every value must match (strings only),
            with ``pattern_help`` saying in words what is expected.
        minimum, maximum: inclusive numeric bounds.
        references: ``"table.column"`` whose values this column must exist in
            (checked when that table is already loaded).
    """

    name: str
    type: ColumnType
    description: str
    nullable: bool = False
    codes: Mapping[str, str] | None = None
    pattern: str | None = None
    pattern_help: str | None = None
    minimum: float | None = None
    maximum: float | None = None
    references: str | None = None

    def __post_init__(self) -> None:
        if self.pattern is not None:
            re.compile(self.pattern)

    @property
    def allowed(self) -> str:
        """Human description of the allowed values (for docs and messages)."""
        parts: list[str] = []
        if self.codes is not None:
            codes = list(self.codes)
            shown = ", ".join(codes[:12]) + (", ..." if len(codes) > 12 else "")
            parts.append(f"one of {shown}")
        if self.pattern_help:
            parts.append(self.pattern_help)
        if self.minimum is not None and self.maximum is not None:
            parts.append(f"between {_num(self.minimum)} and {_num(self.maximum)}")
        elif self.minimum is not None:
            parts.append(f"at least {_num(self.minimum)}")
        elif self.maximum is not None:
            parts.append(f"at most {_num(self.maximum)}")
        return "; ".join(parts)


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else str(x)


@dataclass(frozen=True)
class RowCheck:
    """A rule across columns of one row, e.g. ``discharge_date >= admission_date``.

    ``left op right`` where both sides are column names; rows where either side is
    empty pass (nullability is checked separately).
    """

    left: str
    op: str
    right: str
    message: str

    def __post_init__(self) -> None:
        if self.op not in {"<", "<=", ">", ">=", "==", "!="}:
            raise ValueError(f"unsupported operator {self.op!r}")


@dataclass(frozen=True)
class Table:
    """One table of the contract."""

    name: str
    kind: TableKind
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...] = ()
    checks: tuple[RowCheck, ...] = ()
    source: str = ""
    column_index: Mapping[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {c.name: c for c in self.columns}
        if len(index) != len(self.columns):
            raise ValueError(f"table {self.name}: duplicate column names")
        for key in self.primary_key:
            if key not in index:
                raise ValueError(f"table {self.name}: primary key {key} is not a column")
        for check in self.checks:
            for side in (check.left, check.right):
                if side not in index:
                    raise ValueError(f"table {self.name}: check refers to unknown {side}")
        object.__setattr__(self, "column_index", index)

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if not c.nullable]

    @property
    def arrow_schema(self) -> pa.Schema:
        return pa.schema(
            [pa.field(c.name, c.type.arrow, nullable=c.nullable) for c in self.columns]
        )

    def select_sql(self, table_name: str | None = None) -> str:
        """A query of the contract's columns (not the warehouse's own, such as person keys)."""
        cols = ", ".join(f'"{c.name}"' for c in self.columns)
        return f'SELECT {cols} FROM "{table_name or self.name}"'

    def create_sql(self, table_name: str | None = None) -> str:
        """DuckDB DDL for an empty table with the contract's types."""
        cols = ", ".join(
            f'"{c.name}" {c.type.sql}{"" if c.nullable else " NOT NULL"}' for c in self.columns
        )
        return f'CREATE TABLE "{table_name or self.name}" ({cols})'
