"""The two helper threads of an indicator run: fetching ahead, and storing behind.

:func:`placewell.indicators.engine.run` judges definitions (Python) on the calling
thread; a :class:`Prefetcher` has the engine fetch the next definition's cells
meanwhile, and a :class:`Writer` stores finished results. The engines release the GIL
while they work, so the three overlap on a multi-core machine.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Generic, TypeVar

import pyarrow as pa

from placewell.errors import PlacewellError
from placewell.indicators.definition import Definition
from placewell.indicators.results import RunRecord

__all__ = ["Prefetcher", "Writer"]

T = TypeVar("T")


class Prefetcher(Generic[T]):
    """Fetches definitions' cells in order on one worker thread, one ahead of use.

    :meth:`take` returns a definition's cells (raising what fetching raised) and
    starts fetching the next one, so the backend works while the caller judges.
    """

    def __init__(self, fetch: Callable[[Definition], T], definitions: Sequence[Definition]) -> None:
        self._fetch = fetch
        self._order = list(definitions)
        self._ids = {d.id for d in definitions}
        self._next = 0
        self._futures: dict[str, Future[tuple[T, float]]] = {}
        self._seconds: dict[str, float] = {}
        self._pool: ThreadPoolExecutor | None = None

    def __enter__(self) -> Prefetcher[T]:
        if self._order:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="placewell-fetch")
            self._submit()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def has(self, definition: Definition) -> bool:
        return definition.id in self._ids

    def _submit(self) -> None:
        if self._pool is None or self._next >= len(self._order):
            return
        definition = self._order[self._next]
        self._next += 1
        self._futures[definition.id] = self._pool.submit(self._timed_fetch, definition)

    def _timed_fetch(self, definition: Definition) -> tuple[T, float]:
        start = time.perf_counter()
        return self._fetch(definition), time.perf_counter() - start

    def take(self, definition: Definition) -> T:
        future = self._futures.pop(definition.id)
        self._submit()  # the next definition is fetched while this one is judged
        fetched, seconds = future.result()
        self._seconds[definition.id] = seconds
        return fetched

    def seconds(self, definition: Definition) -> float:
        """How long fetching took (part of the definition's compute time)."""
        return self._seconds.get(definition.id, 0.0)


class Writer:
    """Stores results on one writer thread, in order, while the next ones are judged.

    The warehouse insert runs in the engine without the GIL, so Python goes on with
    the next definition meanwhile. Leaving the context waits for every store;
    :meth:`failures` names the definitions whose results could not be stored.
    """

    def __init__(self, store: Callable[[pa.Table, pa.Table, RunRecord], None] | None) -> None:
        self._store_fn = store  # None: results are not stored
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[tuple[str, Future[None]]] = []
        self._failed: dict[str, str] = {}

    @property
    def active(self) -> bool:
        return self._store_fn is not None

    def __enter__(self) -> Writer:
        if self._store_fn is not None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="placewell-store")
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is None:
            return
        self._pool.shutdown(wait=True)
        for indicator, future in self._pending:
            error = future.exception()
            if isinstance(error, PlacewellError):
                self._failed[indicator] = error.message
            elif error is not None and exc[0] is None:
                raise error

    def store(self, results: pa.Table, inequality: pa.Table, record: RunRecord) -> None:
        assert self._pool is not None
        self._pending.append(
            (record.indicator, self._pool.submit(self._store, results, inequality, record))
        )

    def _store(self, results: pa.Table, inequality: pa.Table, record: RunRecord) -> None:
        assert self._store_fn is not None
        self._store_fn(results, inequality, record)

    def failures(self) -> dict[str, str]:
        """Definitions whose results could not be stored, with the reason (after exit)."""
        return dict(self._failed)
