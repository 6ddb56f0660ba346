"""Indicators for people and programs: the catalogue, an indicator's page, values, downloads.

::

    service = IndicatorService(workspace, areas)
    service.catalogue()                           # packs and their indicators
    service.page("NI-12", "LOC-EA-KILMARNOCK")    # trend, comparison, rankings, deprivation
    service.values(ValueQuery(indicator="NI-12", area_level="locality"), Audience.PUBLIC)
    service.export("NI-12", Audience.PUBLIC, "csv")

Everything comes from the stored results (:class:`~placewell.portal.results.ResultStore`):
aggregates that passed disclosure control. A suppressed value is never shown: its
numerator, denominator, value and limits are empty and ``suppressed`` is true, for
every audience. Staff also get the number of records behind each value.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from placewell.errors import NotFoundError, PlacewellError, ValidationError
from placewell.indicators.definition import Definition
from placewell.indicators.evidence import unit_of
from placewell.indicators.packs import list_packs, load_pack
from placewell.portal.areas import AreaDirectory
from placewell.portal.export import export_results, public_records
from placewell.portal.indicator_page import PageBuilder
from placewell.portal.indicator_views import (
    PERIOD_WORDS,
    AreaRef,
    IndicatorPage,
    IndicatorSummary,
    PackView,
    measure_words,
    polarity_words,
)
from placewell.portal.page_cache import PageCache
from placewell.portal.results import ResultStore
from placewell.portal.tracking import Audience
from placewell.workspace import Workspace

__all__ = ["IndicatorService", "ValueQuery"]


@dataclass(frozen=True)
class ValueQuery:
    """Filters of ``/api/v1/values``; None means any."""

    indicator: str | None = None
    area: str | None = None
    area_level: str | None = None
    period: str | None = None
    breakdown: str | None = None
    breakdown_value: str | None = None


class IndicatorService:
    """Read models of the indicators of one workspace."""

    def __init__(
        self, workspace: Workspace, areas: AreaDirectory, *, secret: str | None = None
    ) -> None:
        self.workspace = workspace
        self.areas = areas
        folder = workspace.home / "cache" / "web"
        self.store = ResultStore(workspace, pages=PageCache(folder, secret))

    # -- the catalogue -------------------------------------------------------------
    def _stamp(self) -> tuple[str, float]:
        folder = self.workspace.home / "indicators"
        return self.store.fingerprint(), folder.stat().st_mtime if folder.is_dir() else 0.0

    def _packs(self) -> list[tuple[str, str, str, str, list[Definition]]]:
        def build() -> list[tuple[str, str, str, str, list[Definition]]]:
            out = []
            for name in list_packs(self.workspace):
                try:
                    pack = load_pack(name, self.workspace)
                except PlacewellError:
                    continue  # a broken workspace definition must not hide the others
                out.append((name, pack.title, pack.description, pack.source, pack.definitions))
            return out

        return self.store.cached(None, ("packs", self._stamp()), build)

    def definitions(self) -> dict[str, tuple[str, Definition]]:
        """Indicator id to (pack name, definition)."""
        return {d.id: (name, d) for name, _, _, _, defs in self._packs() for d in defs}

    def definition(self, indicator: str) -> Definition:
        found = self.definitions().get(indicator.strip().upper())
        if found is None:
            raise NotFoundError(f"no indicator {indicator!r}; the indicator list shows them all")
        return found[1]

    def catalogue(self) -> tuple[PackView, ...]:
        """Every pack with its indicators, and whether each has results."""

        def build() -> tuple[PackView, ...]:
            runs = self.store.runs()
            return tuple(
                PackView(
                    name,
                    title,
                    description,
                    source,
                    tuple(self._summary(name, d, d.id in runs) for d in defs),
                )
                for name, title, description, source, defs in self._packs()
            )

        return self.store.cached(None, ("catalogue", self._stamp()), build)

    def summary(self, indicator: str) -> IndicatorSummary:
        pack, definition = self.definitions().get(indicator.strip().upper(), (None, None))
        if definition is None or pack is None:
            raise NotFoundError(f"no indicator {indicator!r}; the indicator list shows them all")
        computed = definition.id in self.store.runs()
        if not computed:
            return self._summary(pack, definition, False)
        return self.store.cached(
            definition.id, ("summary", pack), lambda: self._summary(pack, definition, True)
        )

    def _summary(self, pack: str, d: Definition, computed: bool) -> IndicatorSummary:
        latest = None
        if computed:
            rows = self.store.data(d.id).rows(breakdown="all")
            rows = rows[rows["value"].notna()]
            if not rows.empty:
                latest = str(rows.sort_values("period_end")["period"].iloc[-1])
        return IndicatorSummary(
            id=d.id,
            title=d.title,
            description=d.description.strip(),
            pack=pack,
            measure=measure_words(d),
            unit=unit_of(d),
            period_type=PERIOD_WORDS.get(d.period.value, d.period.value),
            polarity=polarity_words(d.polarity),
            outcomes=tuple(d.outcomes),
            has_results=computed,
            latest_period=latest,
        )

    # -- an indicator's page -------------------------------------------------------
    def page(
        self, indicator: str, area: str | None = None, breakdown: str = "all"
    ) -> IndicatorPage:
        """Everything the indicator page shows for ``area`` (default: the country)."""
        definition = self.definition(indicator)
        allowed = ["all", *definition.breakdowns.by]
        if breakdown not in allowed:
            raise ValidationError(
                f"breakdown must be one of {', '.join(allowed)} for {definition.id}"
            )
        key = ("page", area, breakdown)
        if definition.id not in self.store.runs():
            return self._empty_page(definition)
        summary = self.summary(definition.id)
        builder = PageBuilder(self.store.data(definition.id), definition, summary, self.areas)
        return self.store.cached(
            definition.id, key, lambda: builder.page(area, breakdown), persist=True
        )

    def _empty_page(self, definition: Definition) -> IndicatorPage:
        summary = self.summary(definition.id)
        return IndicatorPage(
            summary, definition, AreaRef("", "", ""), "all", None, (), (), None, (), None, ()
        )

    # -- values and downloads -------------------------------------------------------
    def values(
        self, query: ValueQuery, audience: Audience, *, limit: int = 50, offset: int = 0
    ) -> tuple[list[dict[str, object]], int]:
        """A page of result rows matching ``query``, disclosure-controlled; and their count."""
        runs = self.store.runs()
        if query.indicator is not None:
            indicator = query.indicator.strip().upper()
            if indicator not in runs:
                self.definition(indicator)  # unknown indicator: 404 with a hint
                return [], 0
            names = [indicator]
        else:
            names = sorted(runs)
        pieces: list[pd.DataFrame] = []
        total = 0
        for name in names:
            frame = self.store.results(name)
            mask = pd.Series(True, index=frame.index)
            for column, wanted in (
                ("area_code", query.area),
                ("area_level", query.area_level),
                ("period", query.period),
                ("breakdown", query.breakdown),
                ("breakdown_value", query.breakdown_value),
            ):
                if wanted is not None:
                    mask &= frame[column] == wanted
            hits = frame[mask]
            start = max(offset - total, 0)
            if len(pieces) < 1 or sum(len(p) for p in pieces) < limit:
                need = limit - sum(len(p) for p in pieces)
                if start < len(hits) and need > 0:
                    pieces.append(hits.iloc[start : start + need])
            total += len(hits)
        if not pieces:
            return [], total
        return public_records(pd.concat(pieces), audience), total

    def export(
        self, indicator: str, audience: Audience, fmt: str, area: str | None = None
    ) -> tuple[bytes, str, str]:
        """The indicator's results as CSV or Excel: (content, media type, file name)."""
        definition = self.definition(indicator)
        frame = self.store.results(definition.id)
        if area is not None:
            frame = frame[frame["area_code"] == area]
            if frame.empty:
                raise NotFoundError(f"{definition.id} has no results for area {area!r}")
        key = ("export", fmt, area, audience.value)
        return self.store.cached(
            definition.id, key, lambda: export_results(frame, definition, audience, fmt, area)
        )
