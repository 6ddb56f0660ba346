"""Hospital stays in time: who is admitted when, for how long, and who dies there.

Emergency admissions and falls are Poisson events at each person's own rate
(:mod:`.risk`), elective admissions at an age rate; some discharges are followed by
a readmission within 28 days; people in their last six months have extra emergency
stays. Nobody is admitted while already in hospital (such admissions are dropped
in a few vectorised passes, no loop per person); stays are cut at death or the end
of the period, and topped up with terminal stays so that a realistic share of
deaths happen in hospital. Delayed discharge days lengthen a stay after its clinical part.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from placewell.data.synth import calibration as cal
from placewell.data.synth.config import NEVER, DemoConfig
from placewell.data.synth.people import Spine
from placewell.data.synth.risk import EmergencyRisk
from placewell.data.synth.timeline import neg_binomial, poisson_events, weighted_choice

__all__ = ["EMERGENCY_KINDS", "Kind", "Stays", "draw_stays"]


class Kind:
    """Why a stay exists (internal; the table shows admission types and codes)."""

    EMERGENCY, FALL, ELECTIVE, READMISSION, END_OF_LIFE, TERMINAL = range(6)


EMERGENCY_KINDS = (Kind.EMERGENCY, Kind.FALL, Kind.READMISSION, Kind.END_OF_LIFE, Kind.TERMINAL)


@dataclass
class Stays:
    """One entry per stay, sorted by admission day."""

    person: np.ndarray
    admission: np.ndarray
    discharge: np.ndarray  # may lie after the period: still in hospital
    kind: np.ndarray
    ready: np.ndarray  # day the patient was ready for discharge (= discharge if no delay)
    delay_reason: np.ndarray  # index into calibration.DELAY_REASONS, -1 none
    died_in_hospital: np.ndarray  # per person

    @property
    def emergency(self) -> np.ndarray:
        return np.isin(self.kind, EMERGENCY_KINDS)


def _select(arrays: dict[str, np.ndarray], keep: np.ndarray) -> dict[str, np.ndarray]:
    return {k: v[keep] for k, v in arrays.items()}


def _emergency_los(rng: np.random.Generator, age: np.ndarray, kind: np.ndarray) -> np.ndarray:
    mean = np.where(
        (kind == Kind.FALL) & (age >= 65), cal.FALL_LOS_MEAN, cal.EMERGENCY_LOS[age]
    ) * np.where(kind == Kind.END_OF_LIFE, cal.END_OF_LIFE_LOS_FACTOR, 1.0)
    return neg_binomial(rng, mean, cal.LOS_SHAPE)


def _elective_los(rng: np.random.Generator, n: int) -> np.ndarray:
    longer = 1 + neg_binomial(rng, np.full(n, cal.ELECTIVE_LOS_MEAN - 1), cal.ELECTIVE_LOS_SHAPE)
    return np.where(rng.random(n) < cal.ELECTIVE_DAY_CASE, 0, longer)


def _base_events(
    cfg: DemoConfig, spine: Spine, risk: EmergencyRisk, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    parts = [
        (Kind.EMERGENCY, *poisson_events(rng, spine, cfg, risk.emergency)),
        (Kind.FALL, *poisson_events(rng, spine, cfg, risk.falls)),
        (Kind.ELECTIVE, *poisson_events(rng, spine, cfg, lambda _y, a: cal.ELECTIVE[a])),
    ]
    dead = np.flatnonzero(spine.death < NEVER)
    n_eol = rng.poisson(cal.END_OF_LIFE_STAYS, len(dead))
    who = np.repeat(dead, n_eol)
    lo = np.maximum(np.maximum(spine.death[who] - 180, cfg.start), spine.birth[who])
    span = spine.death[who] - lo
    ok = span > 0
    when = lo + np.floor(rng.random(len(who)) * span).astype(np.int64)
    parts.append((Kind.END_OF_LIFE, who[ok], when[ok]))
    person = np.concatenate([p for _, p, _ in parts])
    return {
        "person": person,
        "admission": np.concatenate([d for _, _, d in parts]),
        "kind": np.concatenate([np.full(len(p), k, dtype=np.int64) for k, p, _ in parts]),
    }


def _with_los_and_readmissions(
    ev: dict[str, np.ndarray], spine: Spine, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    age = spine.age_at(ev["person"], ev["admission"])
    elective = ev["kind"] == Kind.ELECTIVE
    los = _emergency_los(rng, age, ev["kind"])
    los[elective] = _elective_los(rng, int(elective.sum()))
    ev = {**ev, "los": los, "age": age}
    # Readmissions within 28 days of discharge (before the stays are laid end to end).
    parent = np.flatnonzero(rng.random(len(age)) < cal.READMISSION[age])
    gap = 1 + np.floor(27 * rng.random(len(parent)) ** 1.6).astype(np.int64)
    child = {
        "person": ev["person"][parent],
        "admission": ev["admission"][parent] + los[parent] + gap,
        "kind": np.full(len(parent), Kind.READMISSION, dtype=np.int64),
        "age": age[parent],
    }
    child["los"] = _emergency_los(rng, child["age"], child["kind"])
    return {k: np.concatenate([ev[k], child[k]]) for k in ev}


def _with_delays(ev: dict[str, np.ndarray], rng: np.random.Generator) -> dict[str, np.ndarray]:
    n = len(ev["age"])
    emergency = np.isin(ev["kind"], EMERGENCY_KINDS)
    delayed = emergency & (rng.random(n) < cal.DELAY[ev["age"]])
    reason = np.full(n, -1, dtype=np.int64)
    k = int(delayed.sum())
    reason[delayed] = weighted_choice(rng, [p for _, p in cal.DELAY_REASONS], k)
    code9 = [name for name, _ in cal.DELAY_REASONS].index("code_9")
    mean = np.where(reason[delayed] == code9, cal.CODE_9_LENGTH_FACTOR, 1.0) * cal.DELAY_MEAN_DAYS
    length = np.zeros(n, dtype=np.int64)
    length[delayed] = 1 + neg_binomial(rng, mean - 1, cal.DELAY_SHAPE)
    return {**ev, "delay": length, "reason": reason}


def _without_overlaps(ev: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Drop admissions that fall inside an earlier stay of the same person.

    Nobody can be admitted while already in hospital: in admission order, a stay
    that starts before the previous kept stay ends is dropped. Each pass drops the
    first clash of every run of clashes; a handful of vectorised passes settle all.
    """
    order = np.lexsort((ev["admission"], ev["person"]))
    ev = _select(ev, order)
    while True:
        person, start = ev["person"], ev["admission"]
        end = start + ev["los"] + ev["delay"]
        clash = np.r_[False, (person[1:] == person[:-1]) & (start[1:] < end[:-1])]
        first = clash & ~np.r_[False, clash[:-1]]
        if not first.any():
            return {**ev, "discharge": end}
        ev = _select(ev, ~first)


def _terminal_stays(
    cfg: DemoConfig,
    spine: Spine,
    died_in_hospital: np.ndarray,
    care_home_death: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """(person, admission day) of final stays that bring hospital deaths to the target share.

    Per age band, the deaths still needed are spread over decedents not yet dying in
    hospital, care home residents with a lower weight.
    """
    dead = np.flatnonzero(spine.death < NEVER)
    band = np.searchsorted([65, 85], spine.age_at(dead, spine.death[dead]), side="right")
    target = np.array([cal.HOSPITAL_DEATH_SHARE[a] for a in (0, 65, 85)])
    wanted = np.maximum(
        target * np.bincount(band, minlength=3)
        - np.bincount(band, weights=died_in_hospital[dead], minlength=3),
        0,
    )
    weight = np.where(care_home_death[dead], cal.CARE_HOME_HOSPITAL_DEATH_FACTOR, 1.0)
    weight[died_in_hospital[dead]] = 0
    per_weight = wanted / np.maximum(np.bincount(band, weights=weight, minlength=3), 1e-9)
    chosen = dead[rng.random(len(dead)) < weight * per_weight[band]]
    length = 1 + neg_binomial(rng, np.full(len(chosen), cal.TERMINAL_STAY_MEAN - 1), cal.LOS_SHAPE)
    start = np.maximum(spine.death[chosen] - length, np.maximum(cfg.start, spine.birth[chosen]))
    return chosen, start


def draw_stays(
    cfg: DemoConfig,
    spine: Spine,
    risk: EmergencyRisk,
    care_home_death: np.ndarray,
    rng: np.random.Generator,
) -> Stays:
    """Stays of everyone; ``care_home_death`` (per person) makes a hospital death rarer."""
    ev = _base_events(cfg, spine, risk, rng)
    ev = _with_delays(_with_los_and_readmissions(ev, spine, rng), rng)
    ev = _without_overlaps(ev)
    death = spine.death[ev["person"]]
    ev = _select(ev, (ev["admission"] <= np.minimum(death, cfg.end)))
    death = spine.death[ev["person"]]

    # Deaths during a stay end it; then terminal stays top up the share dying in hospital.
    covers = (ev["admission"] <= death) & ((death < ev["discharge"]) | (ev["admission"] == death))
    died_in_hospital = np.zeros(len(spine), dtype=bool)
    died_in_hospital[ev["person"][covers]] = True
    ev["discharge"] = np.minimum(ev["discharge"], death)

    chosen, t_start = _terminal_stays(cfg, spine, died_in_hospital, care_home_death, rng)
    cut = np.full(len(spine), NEVER, dtype=np.int64)
    cut[chosen] = t_start
    ev = _select(ev, ev["admission"] < cut[ev["person"]])
    ev["discharge"] = np.minimum(ev["discharge"], cut[ev["person"]])
    died_in_hospital[chosen] = True

    n_t = len(chosen)
    ready = np.minimum(ev["admission"] + ev["los"], ev["discharge"])
    reason = np.where(ready < ev["discharge"], ev["reason"], -1)
    ready = np.where(reason >= 0, ready, ev["discharge"])
    person = np.concatenate([ev["person"], chosen])
    admission = np.concatenate([ev["admission"], t_start])
    order = np.lexsort((person, admission))
    return Stays(
        person=person[order],
        admission=admission[order],
        discharge=np.concatenate([ev["discharge"], spine.death[chosen]])[order],
        kind=np.concatenate([ev["kind"], np.full(n_t, Kind.TERMINAL)])[order],
        ready=np.concatenate([ready, spine.death[chosen]])[order],
        delay_reason=np.concatenate([reason, np.full(n_t, -1)])[order],
        died_in_hospital=died_in_hospital,
    )
