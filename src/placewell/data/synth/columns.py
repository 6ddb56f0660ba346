"""Arrow columns from numpy arrays, without a Python loop per value.

Identifiers are built as fixed-width byte matrices and handed to Arrow as one
buffer; code columns are ``take`` from a small array of labels; dates are day
numbers viewed as ``date32``. :func:`to_table` orders and casts the columns to
the contract's Arrow schema, so every generated table matches it exactly.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from placewell.data.schemas import get_table

__all__ = [
    "dates",
    "decimal_ids",
    "fixed_width_strings",
    "floats",
    "hex_ids",
    "integers",
    "labels",
    "to_table",
]

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)


def fixed_width_strings(chars: np.ndarray) -> pa.Array:
    """A string array from an ``(n, width)`` matrix of ASCII bytes, one row a value."""
    n, width = chars.shape
    data = np.ascontiguousarray(chars, dtype=np.uint8)
    offsets = np.arange(0, (n + 1) * width, width, dtype=np.int32)
    return pa.Array.from_buffers(
        pa.string(), n, [None, pa.py_buffer(offsets), pa.py_buffer(data.reshape(-1))]
    )


def _digits(values: np.ndarray, width: int, base: int) -> np.ndarray:
    values = np.asarray(values, dtype=np.uint64)
    powers = np.uint64(base) ** np.arange(width - 1, -1, -1, dtype=np.uint64)
    return ((values[:, None] // powers[None, :]) % np.uint64(base)).astype(np.uint8)


def _with_prefix(prefix: str, body: np.ndarray) -> pa.Array:
    head = np.frombuffer(prefix.encode("ascii"), dtype=np.uint8)
    chars = np.empty((body.shape[0], len(head) + body.shape[1]), dtype=np.uint8)
    chars[:, : len(head)] = head
    chars[:, len(head) :] = body
    return fixed_width_strings(chars)


def hex_ids(prefix: str, values: np.ndarray, width: int) -> pa.Array:
    """``prefix`` + ``width`` lowercase hex digits of each value."""
    return _with_prefix(prefix, _HEX[_digits(values, width, 16)])


def decimal_ids(prefix: str, values: np.ndarray, width: int) -> pa.Array:
    """``prefix`` + ``width`` zero-padded decimal digits of each value."""
    return _with_prefix(prefix, _digits(values, width, 10) + np.uint8(ord("0")))


def _mask(valid: np.ndarray | None) -> np.ndarray | None:
    return None if valid is None else ~np.asarray(valid, dtype=bool)


def dates(days: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    """A ``date32`` array from day numbers; ``valid`` False gives null."""
    values = np.asarray(days, dtype=np.int64)
    if valid is not None:
        values = np.where(valid, values, 0)
    arr = pa.array(values.astype(np.int32), type=pa.int32(), mask=_mask(valid))
    return arr.view(pa.date32())


def labels(
    categories: Sequence[str] | pa.Array, index: np.ndarray, valid: np.ndarray | None = None
) -> pa.Array:
    """String column: ``categories[index]`` (null where ``valid`` is False)."""
    cats = (
        categories if isinstance(categories, pa.Array) else pa.array(list(categories), pa.string())
    )
    idx = np.asarray(index, dtype=np.int64)
    if valid is not None:
        idx = np.where(valid, idx, 0)
    return pc.take(cats, pa.array(idx, type=pa.int64(), mask=_mask(valid)))


def floats(values: np.ndarray, valid: np.ndarray | None = None) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.float64), type=pa.float64(), mask=_mask(valid))


def integers(values: np.ndarray) -> pa.Array:
    return pa.array(np.asarray(values, dtype=np.int64), type=pa.int64())


def to_table(name: str, columns: Mapping[str, pa.Array]) -> pa.Table:
    """The contract table ``name`` from its columns, in the contract's order and types."""
    schema = get_table(name).arrow_schema
    missing = [f.name for f in schema if f.name not in columns]
    extra = [c for c in columns if c not in schema.names]
    if missing or extra:
        raise RuntimeError(f"{name}: columns missing {missing}, unexpected {extra}")
    arrays = []
    for field in schema:
        arr = columns[field.name]
        if not arr.type.equals(field.type):
            arr = arr.cast(field.type)
        if not field.nullable and arr.null_count:
            raise RuntimeError(f"{name}.{field.name}: {arr.null_count} nulls in a required column")
        arrays.append(arr)
    return pa.Table.from_arrays(arrays, schema=schema)
