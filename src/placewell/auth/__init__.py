"""Who may do what: roles, local accounts, sessions, API tokens and the audit log.

::

    from placewell.auth import AuthService, AuditService, Principal, Role, Capability

The role matrix is in :mod:`placewell.auth.roles`; accounts, sign-in (with a rate
limit), sessions and tokens in :mod:`placewell.auth.service`; the audit log in
:mod:`placewell.auth.audit`. See ``docs/web.md``.
"""

from __future__ import annotations

from placewell.auth.audit import AuditFilter, AuditPage, AuditRecord, AuditService
from placewell.auth.errors import AuthenticationError, RateLimitedError
from placewell.auth.roles import ANONYMOUS, MATRIX, Capability, Principal, Role, roles_with
from placewell.auth.service import AuthService, UserRecord

__all__ = [
    "ANONYMOUS",
    "MATRIX",
    "AuditFilter",
    "AuditPage",
    "AuditRecord",
    "AuditService",
    "AuthService",
    "AuthenticationError",
    "Capability",
    "Principal",
    "RateLimitedError",
    "Role",
    "UserRecord",
    "roles_with",
]
