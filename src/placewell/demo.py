"""Set up the whole demo: synthetic data, example strategies and computed indicators.

One service used by ``placewell demo`` (and by the web app's first start), so the
steps are not repeated in adapters.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from placewell.config import Settings
from placewell.data.demo import WorkspaceSummary, build_demo, summarise
from placewell.workspace import Workspace

__all__ = ["DEFAULT_PEOPLE", "DEFAULT_SEED", "DemoResult", "setup_demo"]

DEFAULT_PEOPLE = 365_300
DEFAULT_SEED = 20240401

Progress = Callable[[str, int, int], None]


@dataclass(frozen=True)
class DemoResult:
    summary: WorkspaceSummary
    built: bool
    strategies: list[str] = field(default_factory=list)
    indicators: int = 0
    failed: list[str] = field(default_factory=list)


def setup_demo(
    settings: Settings,
    *,
    people: int = DEFAULT_PEOPLE,
    seed: int = DEFAULT_SEED,
    rebuild: bool = False,
    progress: Progress | None = None,
) -> DemoResult:
    """Build the demo workspace if it is missing (or ``rebuild``), load the examples and
    compute every bundled indicator pack (unchanged indicators are skipped)."""
    from placewell.data.synth import DemoConfig
    from placewell.indicators import compute_many, list_packs, load_pack
    from placewell.strategy import load_examples

    workspace = Workspace(settings.home)
    built = False
    if rebuild or not (workspace.exists and workspace.warehouse.table_counts().get("people")):
        build_demo(workspace, DemoConfig(people=people, seed=seed), progress=progress)
        built = True
    if progress:
        progress("example strategies", 0, 1)
    strategies = load_examples(settings.app_database_url)
    if progress:
        progress("example strategies", 1, 1)

    def computing(step: str, done: int, total: int) -> None:
        if progress:
            progress("indicators" if step == "done" else f"indicator {step}", done, total)

    definitions = [d for name in list_packs() for d in load_pack(name).definitions]
    outcomes = compute_many(
        workspace, definitions, engine=settings.engine, progress=computing, keep=False
    )
    computed = sum(o.status != "failed" for o in outcomes)
    failed = [f"{o.indicator}: {o.message}" for o in outcomes if o.status == "failed"]
    return DemoResult(summarise(workspace), built, strategies, computed, failed)
