"""Engines and sessions of the application store: the only place sessions are opened.

``session_scope(url)`` is one transaction: it commits when the block ends and rolls
back on any error, so an import that fails half-way changes nothing. SQLite gets
``PRAGMA foreign_keys = ON`` on every connection (cascades and references are
enforced as on PostgreSQL). Engines are cached per URL for the life of the process;
``dispose_engines()`` closes them (tests, before dropping a database).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from placewell.errors import ConfigError, ConflictError, WorkspaceError

__all__ = [
    "describe_url",
    "dispose_engines",
    "get_engine",
    "schema_checked",
    "session_scope",
]

_ENGINES: dict[str, Engine] = {}
_FACTORIES: dict[str, sessionmaker[Session]] = {}
_CURRENT: set[str] = set()  # URLs whose schema was found at the newest revision
_LOCK = threading.Lock()


def describe_url(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<invalid URL>"


def _enable_sqlite_foreign_keys(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.close()


def _create(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(
            f"the application database URL {url!r} is not a SQLAlchemy URL; "
            "use e.g. sqlite:///app.sqlite or postgresql+psycopg://user@host/db "
            "(PLACEWELL_DATABASE_URL)"
        ) from None
    backend = parsed.get_backend_name()
    if backend not in {"sqlite", "postgresql"}:
        raise ConfigError(
            f"the application database must be SQLite or PostgreSQL, not {backend!r} "
            "(PLACEWELL_DATABASE_URL)"
        )
    if backend == "postgresql" and parsed.drivername == "postgresql":
        parsed = parsed.set(drivername="postgresql+psycopg")
    kwargs: dict[str, Any] = {"future": True}
    if backend == "sqlite":
        kwargs["connect_args"] = {"timeout": 30}
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(parsed, **kwargs)
    if backend == "sqlite":
        event.listen(engine, "connect", _enable_sqlite_foreign_keys)
    return engine


def get_engine(url: str) -> Engine:
    """The (cached) engine for an application database URL."""
    with _LOCK:
        engine = _ENGINES.get(url)
        if engine is None:
            engine = _ENGINES[url] = _create(url)
            _FACTORIES[url] = sessionmaker(engine, expire_on_commit=False)
        return engine


def dispose_engines(url: str | None = None) -> None:
    """Close the pooled connections of one URL's engine (or of every engine)."""
    with _LOCK:
        urls = [url] if url is not None else list(_ENGINES)
        for u in urls:
            engine = _ENGINES.pop(u, None)
            _FACTORIES.pop(u, None)
            _CURRENT.discard(u)
            if engine is not None:
                engine.dispose()


def schema_checked(url: str, value: bool | None = None) -> bool:
    """Whether the schema at ``url`` is known to be current (set it with ``value``)."""
    with _LOCK:
        if value is True:
            _CURRENT.add(url)
        elif value is False:
            _CURRENT.discard(url)
        return url in _CURRENT


@contextmanager
def session_scope(url: str) -> Iterator[Session]:
    """One unit of work: commit at the end of the block, roll back on any error.

    A concurrent edit detected by the version counter becomes a :class:`ConflictError`;
    a database that cannot be reached becomes a :class:`WorkspaceError`.
    """
    get_engine(url)
    factory = _FACTORIES[url]
    session = factory()
    try:
        yield session
        session.commit()
    except StaleDataError as exc:
        session.rollback()
        raise ConflictError(
            "somebody else saved this item while you were editing it; reload and "
            f"reapply your change ({exc})"
        ) from None
    except OperationalError as exc:
        session.rollback()
        if getattr(exc, "connection_invalidated", False) or _is_connect_error(exc):
            raise WorkspaceError(
                f"cannot open the application database {describe_url(url)}: "
                f"{str(exc.orig).strip().splitlines()[0] if exc.orig else exc}"
            ) from None
        raise
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def _is_connect_error(exc: OperationalError) -> bool:
    text = str(exc.orig or exc).lower()
    return any(
        s in text
        for s in (
            "unable to open database",
            "connection refused",
            "could not connect",
            "connection failed",
        )
    )
