"""Generated small worlds: invariants hold and the kernel matches the reference, whatever the draw."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from foedus.models.geosim.model import run_geosim
from foedus.models.geosim.params import GeoSimParams
from foedus.models.geosim.reference import run_reference
from tests.integration.test_geosim_model import check_invariants


@st.composite
def worlds(draw):
    nx, ny = draw(st.integers(4, 12)), draw(st.integers(4, 12))
    return GeoSimParams(
        nx=nx,
        ny=ny,
        initPolarity=draw(st.integers(1, nx * ny // 3)),
        initPeriod=draw(st.integers(0, 30)),
        duration=draw(st.integers(50, 400)),
        pAttack=draw(st.sampled_from([0.01, 0.1, 0.5])),
        supThresh=draw(st.sampled_from([1.2, 2.0, 3.0])),
        victThresh=draw(st.sampled_from([1.2, 2.0, 3.0])),
        propMobile=draw(st.floats(0, 1)),
        pShock=0.01,
        warShadow=draw(st.integers(1, 30)),
        switch_capital_annexed=draw(st.booleans()),
        switch_open_wars="include",
    )


@settings(max_examples=25, deadline=None)
@given(worlds(), st.integers(0, 2**32 - 1))
def test_invariants_and_agreement_on_generated_worlds(params, seed):
    run = run_geosim(params, seed=seed)
    check_invariants(run)
    assert run.severities.sum() == np.float64(run.total_severity) or abs(
        run.severities.sum() - run.total_severity
    ) <= 1e-9 * max(1.0, run.total_severity)
    states, wars, final = run_reference(params, seed=seed)
    assert np.array_equal(states, run.states) and np.array_equal(final, run.final_map)
    assert np.allclose(wars, run.wars, rtol=1e-9)
