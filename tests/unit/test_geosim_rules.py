"""GeoSim's rule functions against the reference values derived from Cederman (2003)."""

import numpy as np
import pytest
from numba import njit

from foedus.errors import ParameterError
from foedus.models.geosim.measures import ccdf, fit_war_sizes, largest_war_share, least_squares
from foedus.models.geosim.params import Damage, GeoSimParams, KernelParams
from foedus.models.geosim.rules import allocate_into, distance_discount, logistic
from foedus.reproductions.cederman_2003 import SETTINGS
from foedus.sim.params import kernel_record, switch_code

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


@njit
def _allocate(res, mobile, opp, fought, active_only):
    out = np.empty(len(opp))
    allocate_into(res, len(opp), mobile, opp, fought, active_only, out)
    return out


def test_allocation_worked_example():
    """APSR p. 147: 50 mobile units, neighbours allocating 10..30, fighting #2 and #4 last period."""
    opp = np.array([10.0, 15.0, 20.0, 25.0, 30.0])
    fought = np.array([False, True, False, True, False])
    got = _allocate(50.0, 1.0, opp, fought, True)  # propMobile = 1: all 50 units are mobile
    assert np.allclose(got, [10.0, 18.75, 50 * 20 / 60, 31.25, 50 * 30 / 70])
    calm = _allocate(50.0, 0.5, opp, np.zeros(5, np.bool_), True)
    assert np.allclose(calm, 5.0 + 25.0)  # nobody fought: every front gets fixed + all mobile
    every = _allocate(50.0, 1.0, opp, fought, False)  # enemyRes over all fronts: no conditional share
    assert np.allclose(every[1], 50 * 15 / 100)


@pytest.mark.parametrize(
    "overrides,needle",
    [
        ({"supThres": 2.5}, "supThres"),
        ({"propMobile": 1.5}, "propMobile"),
        ({"nx": 5, "ny": 5, "initPolarity": 30}, "initPolarity"),
        ({"supThresh": float("inf")}, "supThresh"),
        ({"distSlope": 1e400}, "distSlope"),
        ({"warShadow": 9223372036854775808}, "warShadow"),
        ({"duration": 2_000_000_000}, "duration"),
        ({"switch_damage": "both"}, "switch_damage"),
        ({"strategy": "nonesuch"}, "strategy"),
    ],
)
def test_parameters_are_validated_finite_and_bounded(overrides, needle):
    with pytest.raises(ParameterError, match=needle):
        GeoSimParams.parse(overrides)


def test_parameter_defaults_and_design_settings_validate():
    assert GeoSimParams().periods == 10_500
    for overrides in SETTINGS.values():
        GeoSimParams(**overrides)


def test_switches_reach_the_kernel_as_name_derived_codes():
    p = kernel_record(GeoSimParams(switch_damage="own_allocation"), KernelParams)
    assert p.switch_damage == Damage.OWN_ALLOCATION == switch_code("switch_damage", "own_allocation")
    assert len({int(m) for m in Damage}) == len(Damage)  # codes are distinct
    assert p.supThresh == 3.0 and isinstance(p.initPolarity, int)


def test_ccdf_keeps_duplicates_inclusively():
    s, p = ccdf([5, 1, 5, 2])
    assert list(s) == [1, 2, 5, 5] and list(p) == [1.0, 0.75, 0.5, 0.5]


def test_fit_recovers_a_known_power_law():
    rng = np.random.default_rng(0)
    sizes = 10**2.5 * (1 - rng.random(5000)) ** (-1 / 0.6)  # Pareto with P(S >= s) ~ s^-0.6
    fit = fit_war_sizes(sizes)
    assert abs(fit.slope + 0.6) < 0.05 and fit.r2 > 0.98 and fit.wars == 5000
    assert np.isnan(fit_war_sizes([1.0, 2.0]).slope)


def test_least_squares_matches_the_textbook_line():
    x = np.array([0.0, 1.0, 2.0, 3.0])
    slope, intercept, r = least_squares(x, 2.0 - 0.5 * x)
    assert slope == pytest.approx(-0.5) and intercept == pytest.approx(2.0) and r == pytest.approx(-1.0)


def test_largest_war_share():
    assert largest_war_share([1.0, 3.0]) == 0.75
    assert np.isnan(largest_war_share([]))
