"""GeoSim's rule functions against the reference values derived from Cederman (2003)."""

import numpy as np
import pytest
from pydantic import ValidationError

from foedus.analysis.warsize import ccdf, fit_war_sizes
from foedus.models.geosim.kernel import allocate, distance_discount, logistic
from foedus.models.geosim.params import SETTINGS, GeoSimParams
from foedus.sim.seeding import kernel_seed, replication_seeds

DIST_TABLE = {  # theta -> values at d = 0, 1, 2, 3, 4, 6, 8, 10, 15, 20, 30, 40
    2: [1, 0.900, 0.550, 0.306, 0.200, 0.132, 0.114, 0.107, 0.102, 0.101, 0.100, 0.100],
    12: [1, 0.999, 0.996, 0.986, 0.968, 0.900, 0.794, 0.670, 0.405, 0.260, 0.154, 0.124],
    22: [1, 1.000, 0.999, 0.998, 0.995, 0.982, 0.959, 0.923, 0.783, 0.614, 0.355, 0.228],
}
DISTANCES = [0, 1, 2, 3, 4, 6, 8, 10, 15, 20, 30, 40]


@pytest.mark.parametrize("theta", DIST_TABLE)
def test_distance_discount_table(theta):
    got = [distance_discount(float(d), float(theta), 0.1, 3.0, False) for d in DISTANCES]
    assert np.allclose(got, DIST_TABLE[theta], atol=5e-4)


def test_printed_exponent_rises_with_distance():
    near = distance_discount(1.0, 2.0, 0.1, 3.0, True)
    far = distance_discount(10.0, 2.0, 0.1, 3.0, True)
    assert near < far  # the erratum: taken literally, extraction grows with distance


def test_logistic_table():
    bal = [2.0, 2.5, 2.8, 3.0, 3.2, 3.5, 4.0]
    want = [0.0003, 0.025, 0.201, 0.500, 0.784, 0.956, 0.997]
    assert np.allclose([logistic(b, 3.0, 20.0) for b in bal], want, atol=5e-4)
    assert logistic(0.0, 3.0, 20.0) == 0.0 and logistic(np.inf, 3.0, 20.0) == 1.0


def test_allocation_worked_example():
    """APSR p. 147: 50 mobile units, neighbours allocating 10..30, fighting #2 and #4 last period."""
    opp = np.array([10.0, 15.0, 20.0, 25.0, 30.0])
    fought = np.array([False, True, False, True, False])
    got = allocate(50.0, 5, 1.0, opp, fought, True)  # propMobile = 1: all 50 units are mobile
    assert np.allclose(got, [10.0, 18.75, 50 * 20 / 60, 31.25, 50 * 30 / 70])
    calm = allocate(50.0, 5, 0.5, opp, np.zeros(5, np.bool_), True)
    assert np.allclose(calm, 5.0 + 25.0)  # nobody fought: every front gets fixed + all mobile


def test_parameters_are_validated():
    with pytest.raises(ValidationError, match="supThres"):
        GeoSimParams(supThres=2.5)
    with pytest.raises(ValidationError):
        GeoSimParams(propMobile=1.5)
    with pytest.raises(ValidationError, match="initPolarity"):
        GeoSimParams(nx=5, ny=5, initPolarity=30)
    assert GeoSimParams().periods == 10_500
    for overrides in SETTINGS.values():
        GeoSimParams(**overrides)


def test_seeds_are_deterministic_and_distinct():
    assert kernel_seed(7) == kernel_seed(7) != kernel_seed(8)
    seeds = replication_seeds(42, 50)
    assert seeds == replication_seeds(42, 50) and len(set(seeds)) == 50
    assert replication_seeds(42, 10) == seeds[:10]  # replication i's seed does not depend on n
    with pytest.raises(ValueError):
        kernel_seed(-1)


def test_ccdf_keeps_duplicates_inclusively():
    s, p = ccdf([5, 1, 5, 2])
    assert list(s) == [1, 2, 5, 5] and list(p) == [1.0, 0.75, 0.5, 0.5]


def test_fit_recovers_a_known_power_law():
    rng = np.random.default_rng(0)
    sizes = 10**2.5 * (1 - rng.random(5000)) ** (-1 / 0.6)  # Pareto with P(S >= s) ~ s^-0.6
    fit = fit_war_sizes(sizes)
    assert abs(fit.slope + 0.6) < 0.05 and fit.r2 > 0.98 and fit.wars == 5000
    assert np.isnan(fit_war_sizes([1.0, 2.0]).slope)
