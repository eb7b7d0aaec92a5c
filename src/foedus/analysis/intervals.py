"""95% intervals over replications: a percentile bootstrap for means, Wilson's for shares of runs.

Replication measures are often skewed or piled up at a bound (a democratic share that is 0 in
most runs, a survival share of 1), so means get a percentile bootstrap (Efron & Tibshirani 1993,
ch. 13) rather than a normal interval; its resampling generator is seeded, so a report is the
same every time it is written. A share of runs in which something happened gets the Wilson score
interval (Wilson 1927), which stays inside [0, 1] and behaves at 0 and 1 successes.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

LEVEL = 0.95
RESAMPLES = 4_000
Z = 1.959963984540054  # the standard normal's 97.5% quantile


@dataclass(frozen=True)
class Estimate:
    value: float
    low: float
    high: float
    n: int

    def as_dict(self, prefix: str) -> dict[str, float | int]:
        return {prefix: self.value, f"{prefix}_low": self.low, f"{prefix}_high": self.high}

    def text(self, digits: int | None = None) -> str:
        """'value [low, high]'; three decimals, none for counts of periods and other large values."""
        if self.n == 0:
            return "n/a"
        if digits is None:
            digits = 0 if abs(self.value) >= 100 else 3
        return f"{self.value:.{digits}f} [{self.low:.{digits}f}, {self.high:.{digits}f}]"


NOTHING = Estimate(math.nan, math.nan, math.nan, 0)


def mean_interval(values) -> Estimate:
    """The mean of the defined values and its 95% percentile-bootstrap interval."""
    x = np.array([v for v in values if v is not None and not math.isnan(v)], dtype=float)
    if len(x) == 0:
        return NOTHING
    if len(x) == 1 or np.all(x == x[0]):
        return Estimate(float(x.mean()), float(x[0]), float(x[0]), len(x))
    rng = np.random.default_rng(len(x))
    means = x[rng.integers(0, len(x), size=(RESAMPLES, len(x)))].mean(axis=1)
    low, high = np.quantile(means, [(1 - LEVEL) / 2, (1 + LEVEL) / 2])
    return Estimate(float(x.mean()), float(low), float(high), len(x))


def paired_difference(treated, control) -> Estimate:
    """Mean of treated - control over the replications where both are defined (the same seed in
    both settings: common random numbers), with its 95% bootstrap interval."""
    pairs = [
        (a, b)
        for a, b in zip(treated, control, strict=True)
        if a is not None and b is not None and not (math.isnan(a) or math.isnan(b))
    ]
    return mean_interval([a - b for a, b in pairs])


def share_interval(successes: int, n: int) -> Estimate:
    """A share of runs and its 95% Wilson score interval."""
    if n == 0:
        return NOTHING
    p = successes / n
    centre = (p + Z * Z / (2 * n)) / (1 + Z * Z / n)
    half = Z / (1 + Z * Z / n) * math.sqrt(p * (1 - p) / n + Z * Z / (4 * n * n))
    low = 0.0 if successes == 0 else max(0.0, centre - half)  # exact bounds where rounding strays
    high = 1.0 if successes == n else min(1.0, centre + half)
    return Estimate(p, min(low, p), max(high, p), n)


def mean_band(runs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Mean over runs (axis 0) at each time, with its pointwise 95% percentile-bootstrap band."""
    x = np.asarray(runs, dtype=float)
    rng = np.random.default_rng(len(x))
    means = x[rng.integers(0, len(x), size=(RESAMPLES, len(x)))].mean(axis=1)
    low, high = np.quantile(means, [(1 - LEVEL) / 2, (1 + LEVEL) / 2], axis=0)
    return x.mean(axis=0), low, high
