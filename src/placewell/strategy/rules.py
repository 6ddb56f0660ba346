"""The configurable rules of the status roll-up (``docs/strategy-status.md`` explains them).

Every piece of evidence about an item is a *signal* with a weight: positive when it
says things are going well, negative when not. Signals are summed per *source* (one
linked indicator, one action, one child priority or outcome) and the item's score is
the mean over its sources. The thresholds turn the score into a status; two hard rules
(share of overdue actions, share of red actions) and serious signals override it.

Load your own rules from YAML (any field may be left out)::

    weights:
      much_worse_than_comparator: -3
    off_track_at: -1.25
    stale_update_days: 90
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticValidationError

from placewell.errors import DefinitionError

__all__ = ["RulesConfig", "Weights"]


class Weights(BaseModel):
    """The weight of each kind of signal (positive: good news; negative: concern)."""

    model_config = ConfigDict(extra="forbid")

    target_met: float = Field(1.0, description="the latest value meets the link's target")
    target_not_yet_met: float = Field(
        -0.5, description="not at the target yet, but its date has not passed"
    )
    target_missed: float = Field(-2.0, description="not at the target and its date has passed")
    standard_met: float = Field(1.0, description="the latest value meets the national standard")
    standard_not_met: float = Field(-1.5, description="the national standard is not met")
    trend_better: float = Field(1.0, description="recent trend: getting better")
    trend_worse: float = Field(-1.0, description="recent trend: getting worse")
    better_than_comparator: float = Field(
        1.0, description="significantly better than the comparator"
    )
    worse_than_comparator: float = Field(
        -1.0, description="significantly worse than the comparator at the 95% level"
    )
    much_worse_than_comparator: float = Field(
        -2.0, description="significantly worse than the comparator at the 99.8% level"
    )
    gap_narrowing: float = Field(0.5, description="the SIMD quintile gap is narrowing")
    gap_widening: float = Field(-1.0, description="the SIMD quintile gap is widening")
    action_completed: float = Field(1.0, description="the action is complete")
    action_green: float = Field(1.0, description="the latest update is green")
    action_amber: float = Field(-0.5, description="the latest update is amber")
    action_red: float = Field(-2.0, description="the latest update is red")
    action_overdue: float = Field(-1.5, description="past its due date and not complete")
    action_no_recent_update: float = Field(
        -0.5, description="no update for more than stale_update_days"
    )
    child_on_track: float = Field(1.0, description="a priority or outcome below is on track")
    child_some_concern: float = Field(
        -0.5, description="a priority or outcome below has some concern"
    )
    child_off_track: float = Field(-2.0, description="a priority or outcome below is off track")


class RulesConfig(BaseModel):
    """Thresholds and weights of the status roll-up; the defaults suit most strategies."""

    model_config = ConfigDict(extra="forbid")

    weights: Weights = Field(default_factory=Weights)
    off_track_at: float = Field(-1.0, description="mean score at or below this: off track")
    concern_below: float = Field(
        0.0, description="mean score below this (and above off_track_at): some concern"
    )
    serious_at: float = Field(
        -2.0, description="any one signal weighing this or less makes at least some concern"
    )
    overdue_share_concern: float = Field(
        0.2, ge=0, le=1, description="more than this share of live actions overdue: some concern"
    )
    overdue_share_off_track: float = Field(
        0.5, ge=0, le=1, description="more than this share of live actions overdue: off track"
    )
    red_share_off_track: float = Field(
        0.5, ge=0, le=1, description="more than this share of rated actions red: off track"
    )
    maintain_tolerance: float = Field(
        0.05, ge=0, description="a 'maintain' target is met within this relative distance"
    )
    stale_update_days: int = Field(
        120, ge=1, description="an action without an update for longer than this is stale"
    )
    min_sources: int = Field(
        1, ge=1, description="fewer sources of evidence than this: not enough data"
    )

    @model_validator(mode="after")
    def _order(self) -> RulesConfig:
        if self.off_track_at > self.concern_below:
            raise ValueError("off_track_at must not be above concern_below")
        return self

    @classmethod
    def from_yaml(cls, text: str, source: str = "<rules>") -> RulesConfig:
        """Read rules from YAML; fields left out keep their defaults."""
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as exc:
            raise DefinitionError(f"{source}: not valid YAML: {exc}") from None
        try:
            return cls.model_validate(data)
        except PydanticValidationError as exc:
            first = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in first["loc"]) or "(rules)"
            raise DefinitionError(f"{source}: {where}: {first['msg']}") from None

    @classmethod
    def from_file(cls, path: Path) -> RulesConfig:
        """Read rules from a YAML file."""
        return cls.from_yaml(Path(path).read_text("utf-8"), source=str(path))
