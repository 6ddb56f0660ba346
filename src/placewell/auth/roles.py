"""Roles, what each may do (the role matrix), and who is making a request.

============  =====  ======  =======  ======  =====
capability    admin  editor  analyst  viewer  public
============  =====  ======  =======  ======  =====
read_public     x      x        x       x       x
read_internal   x      x        x       x
edit_strategy   x      x*
define_indicators x             x
view_person_level x             x
administer      x
============  =====  ======  =======  ======  =====

``*`` an editor edits the strategies of their partnership only (the organisation code
given with ``placewell users add --partnership``; none means every partnership).
``public`` is anyone not signed in: published strategies and disclosure-controlled
aggregates only. The web app's ``require(...)`` dependencies read this matrix.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

__all__ = [
    "ANONYMOUS",
    "MATRIX",
    "Capability",
    "Principal",
    "Role",
    "roles_with",
]


class Role(StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    ANALYST = "analyst"
    VIEWER = "viewer"
    PUBLIC = "public"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Capability(StrEnum):
    READ_PUBLIC = "read_public"
    READ_INTERNAL = "read_internal"
    EDIT_STRATEGY = "edit_strategy"
    DEFINE_INDICATORS = "define_indicators"
    VIEW_PERSON_LEVEL = "view_person_level"
    ADMINISTER = "administer"


_ALL = frozenset(Capability)
_INTERNAL = frozenset({Capability.READ_PUBLIC, Capability.READ_INTERNAL})
MATRIX: dict[Role, frozenset[Capability]] = {
    Role.ADMIN: _ALL,
    Role.EDITOR: _INTERNAL | {Capability.EDIT_STRATEGY},
    Role.ANALYST: _INTERNAL | {Capability.DEFINE_INDICATORS, Capability.VIEW_PERSON_LEVEL},
    Role.VIEWER: _INTERNAL,
    Role.PUBLIC: frozenset({Capability.READ_PUBLIC}),
}


def roles_with(capability: Capability) -> tuple[Role, ...]:
    """The roles that have ``capability``, most powerful first."""
    return tuple(role for role in Role if capability in MATRIX[role])


Channel = Literal["anonymous", "session", "token", "cli"]


@dataclass(frozen=True)
class Principal:
    """Who is asking: a signed-in user (by session or token), the CLI, or the public."""

    username: str | None
    role: Role
    partnership: str | None = None
    user_id: int | None = None
    channel: Channel = "anonymous"
    display_name: str | None = None

    @property
    def authenticated(self) -> bool:
        return self.username is not None

    @property
    def name(self) -> str:
        """The name written in logs: the user name, or ``anonymous``."""
        return self.username or "anonymous"

    def can(self, capability: Capability) -> bool:
        """Whether this principal's role has ``capability``."""
        return capability in MATRIX[self.role]

    def may_edit(self, organisation_code: str | None) -> bool:
        """Whether this principal may edit a strategy owned by ``organisation_code``."""
        if not self.can(Capability.EDIT_STRATEGY):
            return False
        if self.role is Role.ADMIN or self.partnership is None:
            return True
        return organisation_code is not None and organisation_code == self.partnership

    @classmethod
    def cli(cls, username: str) -> Principal:
        """The person at the command line (trusted like an administrator)."""
        return cls(f"cli:{username}", Role.ADMIN, channel="cli")


ANONYMOUS = Principal(None, Role.PUBLIC)
