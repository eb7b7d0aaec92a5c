"""GeoSim's measures: the war-size fit (Cederman 2003, pp. 135-136, 141 fn. 8) and others.

The empirical cumulative distribution P(S >= s) of war severities is plotted on log10-log10 axes
and fitted by ordinary least squares; wars below 10^2.5 are dropped because the clustering sets
a lower detection bound. Pure numpy, so a run's summary costs no scipy import.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

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


def ccdf(sizes) -> tuple[np.ndarray, np.ndarray]:
    """Sizes sorted ascending and P(S >= s) for each, duplicates kept (inclusive ranks)."""
    s = np.sort(np.asarray(sizes, dtype=float))
    p = (len(s) - np.searchsorted(s, s, side="left")) / len(s)
    return s, p


def least_squares(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Slope, intercept and r of the OLS line (the same arithmetic as scipy.stats.linregress)."""
    ssxm, ssxym, _, ssym = np.cov(x, y, bias=True).flat
    if ssxm == 0.0 or ssym == 0.0:
        r = float("nan") if ssxym == 0 else 0.0
    else:
        r = float(np.clip(ssxym / np.sqrt(ssxm * ssym), -1.0, 1.0))
    slope = ssxym / ssxm
    return float(slope), float(np.mean(y) - slope * np.mean(x)), r


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
    slope, intercept, r = least_squares(np.log10(s), np.log10(p))
    return PowerLawFit(slope, intercept, r * r, int(len(kept)), float(np.log10(s[-1]) - np.log10(s[0])))


def largest_war_share(severities) -> float:
    """The largest war's share of all recorded war damage (NaN without wars)."""
    sev = np.asarray(severities, dtype=float)
    total = sev.sum()
    return float(sev.max() / total) if len(sev) and total > 0 else float("nan")


def state_sizes(final_map: np.ndarray) -> np.ndarray:
    """Territorial size (cells) of every state on a map of capital ids, ordered by capital."""
    return np.bincount(final_map.ravel())[np.unique(final_map)]
