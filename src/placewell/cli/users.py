"""``placewell users``: local accounts for the web app and API (add, list, token, ...)."""

from __future__ import annotations

import getpass
import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from placewell.cli._context import get_state

if TYPE_CHECKING:
    from placewell.auth import AuthService, Principal

__all__ = ["app"]

app = typer.Typer(
    help="User accounts of the web app and API: roles admin, editor, analyst, viewer.",
    no_args_is_help=True,
)
out = Console()


def _service(ctx: typer.Context) -> AuthService:
    from placewell.auth import AuthService

    state = get_state(ctx)
    if state.settings.database_url is None:
        state.workspace.require()
    return AuthService(state.settings.app_database_url)


def _actor() -> Principal:
    from placewell.auth import Principal

    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # pragma: no cover - no user name in some containers
        name = "unknown"
    return Principal.cli(name)


def _stdin_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        from placewell.errors import ValidationError

        raise ValidationError("no password on standard input (give it on the first line)")
    return password


@app.command("add")
def add(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="User name (letters, digits, . _ - @).")],
    role: Annotated[str, typer.Option("--role", help="admin, editor, analyst or viewer.")],
    partnership: Annotated[
        str | None,
        typer.Option(help="Editors only: the organisation code whose strategies they edit."),
    ] = None,
    name: Annotated[str | None, typer.Option("--name", help="Full name, shown in pages.")] = None,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from standard input (else a random one)."
        ),
    ] = False,
) -> None:
    """Create an account. Without --password-stdin a random password is printed once."""
    from placewell.auth.passwords import new_password

    password = _stdin_password() if password_stdin else new_password()
    user = _service(ctx).add_user(
        username,
        role,
        password=password,
        partnership=partnership,
        display_name=name,
        actor=_actor(),
    )
    scope = f" for {escape(user.partnership)}" if user.partnership else ""
    out.print(f"Added [bold]{escape(user.username)}[/bold] ({user.role.value}{scope})")
    if not password_stdin:
        out.print(f"Password (shown once): [bold]{escape(password)}[/bold]", highlight=False)


@app.command("list")
def list_(ctx: typer.Context) -> None:
    """List the accounts."""
    users = _service(ctx).list_users()
    grid = Table("user", "name", "role", "partnership", "active", "last sign-in", title="Users")
    for u in users:
        grid.add_row(
            escape(u.username),
            escape(u.display_name or ""),
            u.role.value,
            escape(u.partnership or ""),
            "yes" if u.active else "no",
            f"{u.last_login_at:%Y-%m-%d %H:%M}" if u.last_login_at else "",
        )
    out.print(grid)


@app.command("token")
def token(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Whose token.")],
    label: Annotated[str | None, typer.Option(help="What the token is for.")] = None,
    revoke: Annotated[
        bool, typer.Option("--revoke", help="Revoke every token of the user instead.")
    ] = False,
) -> None:
    """Make an API token (sent as 'Authorization: Bearer TOKEN'), printed once."""
    service = _service(ctx)
    if revoke:
        n = service.revoke_tokens(username, actor=_actor())
        out.print(f"Revoked {n} token{'s' if n != 1 else ''} of {escape(username)}")
        return
    value = service.issue_token(username, label=label, actor=_actor())
    out.print(f"API token for {escape(username)} (shown once):")
    sys.stdout.write(value + "\n")


@app.command("password")
def password(
    ctx: typer.Context,
    username: Annotated[str, typer.Argument(help="Whose password.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the new password from standard input.")
    ] = False,
) -> None:
    """Set a new password (random unless --password-stdin) and end the user's sessions."""
    from placewell.auth.passwords import new_password

    value = _stdin_password() if password_stdin else new_password()
    _service(ctx).set_password(username, value, actor=_actor())
    out.print(f"Password of {escape(username)} changed; their sessions were ended")
    if not password_stdin:
        out.print(f"New password (shown once): [bold]{escape(value)}[/bold]", highlight=False)


@app.command("disable")
def disable(
    ctx: typer.Context, username: Annotated[str, typer.Argument(help="Whose account.")]
) -> None:
    """Disable an account: end its sessions and revoke its API tokens."""
    _service(ctx).set_active(username, False, actor=_actor())
    out.print(f"Disabled {escape(username)}")


@app.command("enable")
def enable(
    ctx: typer.Context, username: Annotated[str, typer.Argument(help="Whose account.")]
) -> None:
    """Enable a disabled account again."""
    _service(ctx).set_active(username, True, actor=_actor())
    out.print(f"Enabled {escape(username)}")
