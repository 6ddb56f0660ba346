"""``placewell import`` and ``placewell fetch``: official open-data formats."""

from __future__ import annotations

import typer

import_app = typer.Typer(
    help="Import official files (SIMD, localities, populations).", no_args_is_help=True
)
fetch_app = typer.Typer(help="Download Public Health Scotland open data.", no_args_is_help=True)
