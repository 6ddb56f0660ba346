"""Benchmark placewell.stats against PHStatsMethods on the same seeded inputs.

Run by hand (``python bench/stats.py``; ``--smoke`` for a small, quick version).
Prints one JSON line per result: timings, speed-up and the largest relative
difference between the two implementations (they must agree to 1e-9).

PHStatsMethods (PyPI ``phstatsmethods``, GPL-3) is a benchmark-only dependency: it
is imported here and nowhere in the package or its tests.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from placewell.stats import ESP2013, dsr, proportion

TOLERANCE = 1e-9


def _best_of(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, out = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return best, out


def _max_rel_diff(ours: np.ndarray, theirs: np.ndarray) -> float:
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    if not np.array_equal(np.isnan(ours), np.isnan(theirs)):
        return float("inf")
    ok = ~np.isnan(ours)
    scale = np.maximum(np.abs(theirs[ok]), 1e-300)
    return float(np.max(np.abs(ours[ok] - theirs[ok]) / scale, initial=0.0))


def _report(name: str, size: dict[str, int], ours_s: float, theirs_s: float, diff: float) -> None:
    print(
        json.dumps(
            {
                "benchmark": name,
                **size,
                "placewell_s": round(ours_s, 6),
                "phstatsmethods_s": round(theirs_s, 3),
                "speedup": round(theirs_s / ours_s, 1),
                "max_rel_diff": diff,
                "agree": diff <= TOLERANCE,
            }
        ),
        flush=True,
    )


def bench_dsr(phm: Any, areas: int, rng: np.random.Generator) -> bool:
    bands = ESP2013.shape[0]
    pops = rng.integers(20, 6_000, size=(areas, bands)).astype(float)
    band_rate = np.geomspace(2e-4, 0.15, bands)  # mortality-like, rising with age
    counts = rng.poisson(pops * band_rate * rng.uniform(0.3, 2.0, size=(areas, 1))).astype(float)
    frame = pd.DataFrame(
        {
            "area": np.repeat(np.arange(areas), bands),
            "num": counts.ravel(),
            "den": pops.ravel(),
            "esp": np.tile(ESP2013, areas),
        }
    )
    ours_s, ours = _best_of(lambda: dsr(counts, pops), repeat=5)
    start = time.perf_counter()
    theirs = phm.ph_dsr(frame, "num", "den", "esp", group_cols="area", euro_standard_pops=False)
    theirs_s = time.perf_counter() - start
    theirs = theirs.sort_values("area")
    diff = max(
        _max_rel_diff(ours.value, theirs["Value"].to_numpy()),
        _max_rel_diff(ours.lower, theirs["lower_95_ci"].to_numpy()),
        _max_rel_diff(ours.upper, theirs["upper_95_ci"].to_numpy()),
    )
    _report("dsr_dobson", {"groups": areas, "age_bands": bands}, ours_s, theirs_s, diff)
    return diff <= TOLERANCE


def bench_proportion(phm: Any, groups: int, rng: np.random.Generator) -> bool:
    den = rng.integers(1, 100_000, size=groups).astype(float)
    num = rng.binomial(den.astype(np.int64), rng.uniform(0, 1, size=groups)).astype(float)
    frame = pd.DataFrame({"num": num, "den": den})
    ours_s, ours = _best_of(lambda: proportion(num, den), repeat=5)
    start = time.perf_counter()
    theirs = phm.ph_proportion(frame, "num", "den")
    theirs_s = time.perf_counter() - start
    diff = max(
        _max_rel_diff(ours.value, theirs["Value"].to_numpy()),
        _max_rel_diff(ours.lower, theirs["lower_95_ci"].to_numpy()),
        _max_rel_diff(ours.upper, theirs["upper_95_ci"].to_numpy()),
    )
    _report("proportion_wilson", {"groups": groups}, ours_s, theirs_s, diff)
    return diff <= TOLERANCE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="small sizes, for CI")
    parser.add_argument("--seed", type=int, default=20261101)
    args = parser.parse_args(argv)
    try:
        import PHStatsMethods as phm
    except ImportError:
        print("install the benchmark peer first: pip install phstatsmethods", file=sys.stderr)
        return 2
    rng = np.random.default_rng(args.seed)
    areas, groups = (200, 2_000) if args.smoke else (20_000, 200_000)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ok = bench_dsr(phm, areas, rng)
        ok = bench_proportion(phm, groups, rng) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
