"""A cache of built pages and charts: in memory (bounded by size) and, optionally, on disk.

Building an indicator page or a place profile (and rendering its charts) takes a
fraction of a second; serving a built one takes microseconds. Entries are kept
under their key and a *version* (the run of the indicator they come from, or of every
indicator), so recomputing an indicator retires its pages. The disk layer
(``<workspace>/cache/web``) lets the several worker processes of one server (and a
restarted server) share what any of them built. Files are signed with the
workspace's secret key (HMAC-SHA256) and ignored unless the signature matches.

Concurrent requests for the same missing entry build it once: the others wait.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

__all__ = ["PageCache"]

T = TypeVar("T")
_SMALL = 16_384  # assumed size of an entry that is not written to disk


class PageCache:
    """Entries by (key, version); ``max_bytes`` of them in memory, all of them on disk."""

    def __init__(
        self,
        folder: Path | None = None,
        secret: str | None = None,
        *,
        max_bytes: int = 256 * 2**20,
        max_files: int = 20_000,
    ) -> None:
        self.folder = folder if folder is not None and secret else None
        self._secret = (secret or "").encode()
        self.max_bytes = max_bytes
        self.max_files = max_files
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[str, Any, int]] = OrderedDict()
        self._bytes = 0
        self._building: dict[Hashable, threading.Lock] = {}
        self._writes = 0

    def get_or_build(
        self, key: Hashable, version: str, build: Callable[[], T], *, persist: bool = False
    ) -> T:
        """The entry for ``key`` at ``version``, built (once) when missing."""
        found, value = self._memory(key, version)
        if found:
            return value
        with self._lock:
            gate = self._building.setdefault(key, threading.Lock())
        with gate:  # one builder per key; the others wait, then find it
            found, value = self._memory(key, version)
            if found:
                return value
            size = _SMALL
            loaded = self._read(key, version) if persist else None
            if loaded is not None:
                value, size = loaded
            else:
                value = build()
                if persist:
                    size = self._write(key, version, value) or _SMALL
            self._remember(key, version, value, size)
        with self._lock:
            self._building.pop(key, None)
        return value

    # -- memory ------------------------------------------------------------------
    def _memory(self, key: Hashable, version: str) -> tuple[bool, Any]:
        with self._lock:
            hit = self._entries.get(key)
            if hit is None or hit[0] != version:
                return False, None
            self._entries.move_to_end(key)
            return True, hit[1]

    def _remember(self, key: Hashable, version: str, value: Any, size: int) -> None:
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._bytes -= old[2]
            self._entries[key] = (version, value, size)
            self._bytes += size
            while self._bytes > self.max_bytes and len(self._entries) > 1:
                _, (_, _, gone) = self._entries.popitem(last=False)
                self._bytes -= gone

    # -- disk --------------------------------------------------------------------
    def _path(self, key: Hashable, version: str) -> Path | None:
        if self.folder is None:
            return None
        digest = hashlib.sha256(repr((key, version)).encode()).hexdigest()
        return self.folder / digest[:2] / f"{digest}.pickle"

    def _read(self, key: Hashable, version: str) -> tuple[Any, int] | None:
        path = self._path(key, version)
        if path is None:
            return None
        try:
            blob = path.read_bytes()
        except OSError:
            return None
        mac, data = blob[:32], blob[32:]
        expected = hmac.new(self._secret, data, hashlib.sha256).digest()
        if not hmac.compare_digest(mac, expected):
            return None
        try:
            return pickle.loads(data), len(blob)  # signed by this workspace: trusted
        except Exception:  # an entry written by another version of placewell
            return None

    def _write(self, key: Hashable, version: str, value: Any) -> int | None:
        path = self._path(key, version)
        if path is None:
            return None
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            blob = hmac.new(self._secret, data, hashlib.sha256).digest() + data
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
            tmp.write_bytes(blob)
            os.replace(tmp, path)
        except (OSError, pickle.PicklingError, TypeError, AttributeError):
            return None
        self._writes += 1
        if self._writes % 500 == 0:
            self._prune()
        return len(blob)

    def _prune(self) -> None:
        """Keep the newest ``max_files`` files (entries of old runs fall out first)."""
        assert self.folder is not None
        try:
            files = sorted(self.folder.glob("*/*.pickle"), key=lambda p: p.stat().st_mtime)
        except OSError:
            return
        for path in files[: max(len(files) - self.max_files, 0)]:
            path.unlink(missing_ok=True)
