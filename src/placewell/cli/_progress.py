"""A rich progress bar fed by services' ``progress(step, done, total)`` callbacks."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

Callback = Callable[[str, int, int], None]


@contextmanager
def progress_bar(console: Console, title: str) -> Iterator[Callback]:
    """Yield a callback; each call moves the bar and names the current step."""
    columns = (
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        TextColumn("{task.fields[step]}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=False) as bar:
        task = bar.add_task(title, total=None, step="")

        def update(step: str, done: int, total: int) -> None:
            bar.update(task, total=max(total, 1), completed=done, step=step)

        yield update
        bar.update(task, step="done")
