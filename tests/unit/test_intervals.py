"""95% intervals over replications: bootstrap means and Wilson shares."""

import math

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from foedus.analysis.intervals import mean_band, mean_interval, share_interval

finite = st.floats(-1e6, 1e6, allow_nan=False)


@given(st.lists(finite, min_size=1, max_size=60))
def test_a_mean_lies_in_its_interval_and_the_interval_in_the_data_range(values):
    e = mean_interval(values)
    assert e.n == len(values)
    tol = 1e-9 * max(1.0, max(abs(v) for v in values))
    assert min(values) - tol <= e.low <= e.value + tol and e.value - tol <= e.high <= max(values) + tol


def test_undefined_values_are_left_out_and_nothing_gives_nan():
    assert mean_interval([1.0, None, float("nan"), 3.0]).n == 2
    assert math.isnan(mean_interval([None]).value) and mean_interval([]).text() == "n/a"


def test_the_bootstrap_interval_narrows_with_replications_and_covers_the_mean():
    rng = np.random.default_rng(1)
    small = mean_interval(rng.normal(5, 1, 10))
    large = mean_interval(rng.normal(5, 1, 1000))
    assert large.high - large.low < (small.high - small.low) / 5
    assert large.low < 5 < large.high
    # about 1.96 standard errors either side
    assert abs((large.high - large.low) / 2 - 1.96 / math.sqrt(1000)) < 0.015


@given(st.integers(0, 500), st.integers(1, 500))
def test_a_wilson_interval_stays_in_0_1_and_contains_the_share(k, n):
    k = min(k, n)
    e = share_interval(k, n)
    assert 0.0 <= e.low <= e.value <= e.high <= 1.0


def test_wilson_matches_a_textbook_value():
    # Newcombe (1998), Table I: 81/263 gives 0.2553 to 0.3662
    e = share_interval(81, 263)
    assert abs(e.low - 0.2553) < 5e-4 and abs(e.high - 0.3662) < 5e-4
    assert share_interval(0, 20).low == 0.0 and share_interval(0, 20).high > 0.1


def test_a_band_follows_every_time_point():
    runs = np.array([[0.0, 1.0, 2.0], [0.0, 3.0, 2.0], [0.0, 2.0, 2.0]])
    mean, low, high = mean_band(runs)
    assert np.allclose(mean, [0, 2, 2]) and np.all(low <= mean) and np.all(mean <= high)
    assert low[0] == high[0] == 0 and low[1] < 2 < high[1]
