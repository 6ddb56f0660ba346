"""Search the strategies, outcomes, actions and areas an audience may see.

Every word of the query must occur (case-insensitive) in an item's title or text;
results are grouped by kind, titles matching first.
"""

from __future__ import annotations

from collections.abc import Iterable

from placewell.portal.areas import AreaDirectory
from placewell.portal.records import SearchHit, SearchResults, StrategyView

__all__ = ["search"]

_KINDS = ("strategy", "outcome", "action", "area")


def _snippet(text: str | None, limit: int = 160) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _score(words: list[str], title: str, *texts: str | None) -> int | None:
    """0 when every word is in the title, 1 when every word is somewhere, else None."""
    head = title.lower()
    body = " ".join([head, *(t.lower() for t in texts if t)])
    if not all(w in body for w in words):
        return None
    return 0 if all(w in head for w in words) else 1


def search(
    text: str,
    strategies: Iterable[StrategyView],
    areas: AreaDirectory | None = None,
    *,
    limit: int = 20,
) -> SearchResults:
    """Hits of every kind for ``text`` (at most ``limit`` of each kind)."""
    words = [w for w in text.lower().split() if w]
    results = SearchResults(text.strip(), {kind: [] for kind in _KINDS})
    if not words:
        return results
    scored: dict[str, list[tuple[int, SearchHit]]] = {kind: [] for kind in _KINDS}
    for s in strategies:
        score = _score(words, s.title, s.key, s.vision, s.description, s.organisation)
        if score is not None:
            hit = SearchHit("strategy", s.title, s.key, s.key, _snippet(s.vision or s.description))
            scored["strategy"].append((score, hit))
        for o in s.outcomes:
            score = _score(words, o.title, o.key, o.what_good_looks_like, o.description)
            if score is not None:
                snippet = _snippet(o.what_good_looks_like or o.description)
                scored["outcome"].append(
                    (score, SearchHit("outcome", o.title, s.key, o.key, snippet))
                )
        for a in s.all_actions():
            score = _score(words, a.title, a.key, a.lead, a.description, " ".join(a.partners))
            if score is not None:
                snippet = _snippet(f"Lead: {a.lead}" if a.lead else a.description)
                scored["action"].append(
                    (score, SearchHit("action", a.title, s.key, a.key, snippet))
                )
    for kind, hits in scored.items():
        hits.sort(key=lambda h: (h[0], h[1].title.lower()))
        results.hits[kind] = [h for _, h in hits[:limit]]
    if areas is not None:
        results.hits["area"] = [
            SearchHit("area", a.name, None, a.code, f"{a.level} {a.code}", a.level)
            for a in areas.search(text.strip(), limit)
        ]
    return results
