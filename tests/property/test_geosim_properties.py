"""Generated small worlds: invariants hold and the kernel matches the reference, whatever the draw."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from foedus.models.geosim.model import GeoSim
from foedus.models.geosim.params import GeoSimParams
from foedus.models.geosim.reference import run_reference
from foedus.sim.conformance import same_tables

MODEL = GeoSim()


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
        switch_new_state_resources=draw(st.sampled_from(["unit", "zero", "centre_share"])),
        switch_stalled_campaign=draw(st.sampled_from(["kept", "ended"])),
        switch_balance_site=draw(st.sampled_from(["target_cell", "own_cells"])),
        switch_repulse=draw(st.sampled_from(["attack_stops", "all_action_stops"])),
        switch_decision_order=draw(st.sampled_from(["path_first", "decide_first"])),
        switch_open_wars="include",
    )


@settings(max_examples=25, deadline=None)
@given(worlds(), st.integers(0, 2**64 - 1))
def test_invariants_and_agreement_on_generated_worlds(params, seed):
    run = MODEL.run(params, seed=seed)
    assert MODEL.invariants(run) == []
    total = run.extras["total_severity"]
    assert abs(run.severities.sum() - total) <= 1e-9 * max(1.0, total)
    assert same_tables(run, run_reference(params, seed=seed))
    assert np.all(run.tables["final_states"]["cells"] >= 1)
