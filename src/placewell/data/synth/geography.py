"""Invented small areas inside three real Ayrshire partnerships and their localities.

Data zones of 570-930 planned residents (so 500-1,000 over the years) are grouped
into intermediate zones of about 4-8 data zones inside each real locality. Codes
cannot clash with real ones (``S01900001``..., ``S02900001``..., ``LOC-NA-IRVINE``);
partnerships, health board and country carry their real codes. Each data zone gets
a national SIMD rank in 1..6,976 so that each partnership has the real SIMD 2020v2
mix of national deciles, with deprivation clustered by locality and intermediate
zone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from placewell.data.synth import calibration as cal
from placewell.data.synth.columns import decimal_ids, labels, to_table

__all__ = ["Geography", "areas_table", "build_geography", "largest_remainder"]


@dataclass(frozen=True)
class Geography:
    """The area hierarchy as arrays, one entry per data zone / intermediate zone."""

    dz_code: pa.Array
    dz_name: pa.Array
    dz_locality: np.ndarray  # index into calibration.LOCALITIES
    dz_partnership: np.ndarray  # index into calibration.PARTNERSHIPS
    dz_intzone: np.ndarray  # index into iz_code
    dz_residents: np.ndarray  # planned residents on the first day of the period
    dz_rank: np.ndarray  # national SIMD rank, 1 = most deprived
    dz_older: np.ndarray  # log-odds shift of the share aged 65+
    iz_code: pa.Array
    iz_name: pa.Array
    iz_locality: np.ndarray

    @property
    def n_datazones(self) -> int:
        return len(self.dz_rank)

    @property
    def dz_percentile(self) -> np.ndarray:
        """National rank as a fraction in (0, 1): 0 most deprived."""
        return (self.dz_rank - 0.5) / cal.SIMD_DATAZONES


def largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    """Integers proportional to ``weights`` summing exactly to ``total``."""
    share = np.asarray(weights, dtype=float) / np.sum(weights) * total
    out = np.floor(share).astype(np.int64)
    short = total - int(out.sum())
    if short:
        out[np.argsort(-(share - out), kind="stable")[:short]] += 1
    return out


def _group_positions(group: np.ndarray, n_groups: int) -> np.ndarray:
    """Position of each element within its group (elements sorted by group)."""
    starts = np.concatenate([[0], np.cumsum(np.bincount(group, minlength=n_groups))[:-1]])
    return np.arange(len(group)) - starts[group]


def build_geography(people: int, rng: np.random.Generator) -> Geography:
    """Localities scaled to ``people`` residents, split into data and intermediate zones."""
    locs = cal.LOCALITIES
    n_loc = len(locs)
    loc_pop = largest_remainder(np.array([loc.population for loc in locs]), people)
    n_dz_loc = np.maximum(1, np.rint(loc_pop / cal.DATAZONE_MEAN_RESIDENTS)).astype(np.int64)
    dz_loc = np.repeat(np.arange(n_loc), n_dz_loc)
    n_dz = len(dz_loc)

    # Residents: uniform weights scaled to the locality total, rounded on the cumulative sum.
    lo, hi = cal.DATAZONE_RESIDENTS
    w = rng.uniform(lo, hi, n_dz)
    planned = w * (loc_pop / np.bincount(dz_loc, weights=w, minlength=n_loc))[dz_loc]
    residents = np.diff(np.concatenate([[0], np.rint(np.cumsum(planned)).astype(np.int64)]))

    # Intermediate zones: an even split of each locality's data zones.
    n_iz_loc = np.maximum(1, np.rint(n_dz_loc / cal.INTZONE_MEAN_DATAZONES)).astype(np.int64)
    pos = _group_positions(dz_loc, n_loc)
    iz_offset = np.concatenate([[0], np.cumsum(n_iz_loc)[:-1]])
    dz_iz = iz_offset[dz_loc] + pos * n_iz_loc[dz_loc] // n_dz_loc[dz_loc]
    iz_loc = np.repeat(np.arange(n_loc), n_iz_loc)
    n_iz = len(iz_loc)

    # Latent deprivation: locality effect + intermediate zone effect + data zone noise.
    loc_effect = np.array([loc.deprivation for loc in locs])
    sd = cal.LOCALITY_NOISE_SD
    latent = (
        loc_effect[dz_loc] + rng.normal(0, sd * 0.65, n_iz)[dz_iz] + rng.normal(0, sd * 0.75, n_dz)
    )
    dz_part = np.array([loc.partnership for loc in locs])[dz_loc]
    ranks = _simd_ranks(latent, dz_part, rng)
    z = (latent - latent.mean()) / latent.std()
    older = -cal.DATAZONE_AGE_DEPRIVATION * z + rng.normal(0, cal.DATAZONE_AGE_TILT_SD, n_dz)
    # Centre within each partnership so its own 65+ share stays on target.
    n_part = len(cal.PARTNERSHIPS)
    mean = np.bincount(dz_part, weights=older * residents, minlength=n_part) / np.bincount(
        dz_part, weights=residents, minlength=n_part
    )
    older = older - mean[dz_part]

    loc_names = pa.array([loc.name for loc in locs], pa.string())
    width = max(2, len(str(int(n_dz_loc.max()))))
    dz_name = pc.binary_join_element_wise(
        labels(loc_names, dz_loc), decimal_ids("", pos + 1, width), " "
    )
    return Geography(
        dz_code=decimal_ids("S01", cal.DATAZONE_CODE_START + np.arange(n_dz), 6),
        dz_name=dz_name,
        dz_locality=dz_loc,
        dz_partnership=dz_part,
        dz_intzone=dz_iz,
        dz_residents=residents,
        dz_rank=ranks,
        dz_older=older,
        iz_code=decimal_ids("S02", cal.INTZONE_CODE_START + np.arange(n_iz), 6),
        iz_name=_intzone_names(iz_loc, n_loc),
        iz_locality=iz_loc,
    )


def _simd_ranks(latent: np.ndarray, part: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """National ranks: each partnership's real decile mix, ordered by latent deprivation."""
    n = len(latent)
    decile = np.empty(n, dtype=np.int64)
    for p, partnership in enumerate(cal.PARTNERSHIPS):
        members = np.flatnonzero(part == p)
        counts = largest_remainder(np.array(partnership.simd_deciles), len(members))
        ordered = members[np.argsort(-latent[members], kind="stable")]
        decile[ordered] = np.repeat(np.arange(1, 11), counts)
    rank = np.empty(n, dtype=np.int64)
    step = cal.SIMD_DATAZONES / 10
    for d in range(1, 11):
        members = np.flatnonzero(decile == d)
        if not len(members):
            continue
        low, high = int(np.floor((d - 1) * step)) + 1, int(np.floor(d * step))
        size = high - low + 1
        drawn = rng.choice(size, len(members), replace=len(members) > size)
        ordered = members[np.argsort(-latent[members], kind="stable")]
        rank[ordered] = low + np.sort(drawn)
    return rank


def _intzone_names(iz_loc: np.ndarray, n_loc: int) -> pa.Array:
    """'<place> <suffix>' names cycling through each locality's towns and villages."""
    places = [loc.places for loc in cal.LOCALITIES]
    n_places = np.array([len(p) for p in places])
    place_offset = np.concatenate([[0], np.cumsum(n_places)[:-1]])
    flat_places = pa.array([name for group in places for name in group], pa.string())
    k = _group_positions(iz_loc, n_loc)
    per_loc = n_places[iz_loc]
    n_suffix = len(cal.INTZONE_SUFFIXES)
    name = pc.binary_join_element_wise(
        labels(flat_places, place_offset[iz_loc] + k % per_loc),
        labels(cal.INTZONE_SUFFIXES, (k // per_loc) % n_suffix),
        " ",
    )
    repeat = k // (per_loc * n_suffix)
    numbered = pc.binary_join_element_wise(name, pc.cast(pa.array(repeat + 1), pa.string()), " ")
    return pc.if_else(pa.array(repeat > 0), numbered, name)


def areas_table(geo: Geography) -> pa.Table:
    """Every area from country down to data zone, with its level and parent."""
    country_code, country_name = cal.COUNTRY
    hb_code, hb_name = cal.HEALTH_BOARD
    parts, locs = cal.PARTNERSHIPS, cal.LOCALITIES
    loc_codes = pa.array([loc.code for loc in locs], pa.string())
    part_codes = pa.array([p.code for p in parts], pa.string())
    small = pa.array(
        [country_code, hb_code, *part_codes.to_pylist(), *loc_codes.to_pylist()], pa.string()
    )
    small_names = [country_name, hb_name, *(p.name for p in parts), *(loc.name for loc in locs)]
    small_levels = ["country", "health_board", *["partnership"] * len(parts)]
    small_levels += ["locality"] * len(locs)
    small_parents = [None, country_code, *[hb_code] * len(parts)]
    small_parents += [parts[loc.partnership].code for loc in locs]
    n_iz, n_dz = len(geo.iz_locality), geo.n_datazones
    return to_table(
        "areas",
        {
            "area_code": pa.concat_arrays([small, geo.iz_code, geo.dz_code]),
            "area_name": pa.concat_arrays(
                [pa.array(small_names, pa.string()), geo.iz_name, geo.dz_name]
            ),
            "level": pa.concat_arrays(
                [
                    pa.array(small_levels, pa.string()),
                    labels(["intzone"], np.zeros(n_iz, dtype=np.int64)),
                    labels(["datazone"], np.zeros(n_dz, dtype=np.int64)),
                ]
            ),
            "parent_code": pa.concat_arrays(
                [
                    pa.array(small_parents, pa.string()),
                    labels(loc_codes, geo.iz_locality),
                    labels(geo.iz_code, geo.dz_intzone),
                ]
            ),
        },
    )
