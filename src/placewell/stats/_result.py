"""The result type every statistical method returns.

Like PHEindicatormethods' output columns, each result states its ``statistic``
(what was estimated), its ``method`` (how the interval was built, per group where it
varies, e.g. ``Exact`` below 10 events and ``Byars`` from 10) and its ``confidence``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:  # pandas is only needed for to_frame()
    import pandas as pd

__all__ = ["StatResult"]

FloatArray = npt.NDArray[np.float64]


@dataclass(frozen=True)
class StatResult:
    """Vectorised estimates with confidence limits for many groups at once.

    Attributes:
        value: point estimates, one per group (NaN where not calculated).
        lower, upper: confidence limits at ``confidence`` (NaN where not calculated).
        method: interval method, one label for all groups or one per group.
        statistic: what was estimated, e.g. ``"proportion"`` or ``"dsr per 100000"``.
        confidence: the confidence level(s) of ``lower``/``upper``.
        extra: further per-group arrays (``numerator``, ``lower_99_8`` ...), shown as
            extra columns by :meth:`to_frame`.
    """

    value: FloatArray
    lower: FloatArray
    upper: FloatArray
    method: str | npt.NDArray[np.str_]
    statistic: str
    confidence: float
    extra: Mapping[str, npt.NDArray[Any]] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(np.asarray(self.value).shape[0]) if np.ndim(self.value) else 1

    def methods(self) -> npt.NDArray[np.str_]:
        """The method label of every group as an array."""
        if isinstance(self.method, str):
            return np.full(len(self), self.method, dtype=object)
        return np.asarray(self.method, dtype=object)

    def to_frame(self) -> pd.DataFrame:
        """One row per group: value, lower, upper, extras, statistic, method, confidence."""
        import pandas as pd

        data: dict[str, Any] = {
            "value": np.atleast_1d(self.value),
            "lower": np.atleast_1d(self.lower),
            "upper": np.atleast_1d(self.upper),
        }
        for name, arr in self.extra.items():
            data[name] = np.atleast_1d(arr)
        frame = pd.DataFrame(data)
        frame["statistic"] = self.statistic
        frame["method"] = self.methods()
        frame["confidence"] = self.confidence
        return frame
