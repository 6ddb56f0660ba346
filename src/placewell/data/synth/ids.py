"""Pseudonymised person ids and record ids.

Person ids are ``'P'`` + 10 hex digits: a seeded 40-bit Feistel permutation of the
row number, so ids are unique by construction, look random, carry no order or
date of birth and can never be mistaken for a 10-digit CHI number. Record ids
(stays, attendances, ...) are a table letter and a sequence number in date order.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from placewell.data.synth.columns import decimal_ids, hex_ids

__all__ = ["person_ids", "record_ids"]

_HALF_BITS = 20
_MASK = np.uint64((1 << _HALF_BITS) - 1)
_ROUNDS = 4


def _feistel(values: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """A bijection of ``0 .. 2**40 - 1``: four rounds over two 20-bit halves."""
    left = (values >> np.uint64(_HALF_BITS)) & _MASK
    right = values & _MASK
    for key in keys:
        mixed = (right * np.uint64(0x9E3779B1) + key) & _MASK
        mixed ^= mixed >> np.uint64(7)
        mixed = (mixed * np.uint64(0x85EBCA77)) & _MASK
        left, right = right, left ^ mixed
    return (left << np.uint64(_HALF_BITS)) | right


def person_ids(n: int, rng: np.random.Generator) -> pa.Array:
    """``n`` distinct pseudonymous ids like ``'P3fa09c71be'``."""
    keys = rng.integers(0, 1 << _HALF_BITS, size=_ROUNDS, dtype=np.uint64)
    return hex_ids("P", _feistel(np.arange(n, dtype=np.uint64), keys), 10)


def record_ids(prefix: str, n: int, width: int = 9) -> pa.Array:
    """``prefix`` + a zero-padded sequence number 1..n (``'H000000001'``)."""
    return decimal_ids(prefix, np.arange(1, n + 1, dtype=np.uint64), width)
