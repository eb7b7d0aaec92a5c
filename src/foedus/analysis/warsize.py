"""The war-size distribution fitted as in Cederman (2003, pp. 135-136, 141 fn. 8).

The empirical cumulative distribution P(S >= s) is plotted on log10-log10 axes and fitted by
OLS; wars below 10^2.5 are dropped because the clustering sets a lower detection bound.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np
from scipy import stats

LOG_CUTOFF = 2.5


@dataclass(frozen=True)
class PowerLawFit:
    slope: float  # D in log P = log C + D log s
    intercept: float  # log10 C
    r2: float
    wars: int  # wars in the fitted region
    range_decades: float  # log10(max) - log10(min) over the fitted region

    def as_dict(self) -> dict:
        return asdict(self)


def ccdf(sizes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sizes sorted ascending and P(S >= s) for each, duplicates kept (inclusive ranks)."""
    s = np.sort(np.asarray(sizes, dtype=float))
    p = (len(s) - np.searchsorted(s, s, side="left")) / len(s)
    return s, p


def fit_war_sizes(sizes, log_cutoff: float = LOG_CUTOFF) -> PowerLawFit:
    sizes = np.asarray(sizes, dtype=float)
    kept = sizes[sizes > 0]
    kept = kept[np.log10(kept) >= log_cutoff]
    if len(kept) < 3 or np.ptp(kept) == 0:
        nan = float("nan")
        return PowerLawFit(
            nan, nan, nan, int(len(kept)), 0.0 if len(kept) == 0 else float(np.ptp(np.log10(kept)))
        )
    s, p = ccdf(kept)
    fit = stats.linregress(np.log10(s), np.log10(p))
    return PowerLawFit(
        float(fit.slope),
        float(fit.intercept),
        float(fit.rvalue**2),
        int(len(kept)),
        float(np.log10(s[-1]) - np.log10(s[0])),
    )
