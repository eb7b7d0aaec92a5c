"""Treaty-bound defence on a map world: who honours a call for help from whom, with what probability.

duty[k, j] is the probability that state k joins the war on j's side when j is attacked: `p_honor`
for each member the world's alliance obliges towards j (the law engine's MUST; its MAYBE only under
`switch_maybe=honour_as_must`), cut by a wedge campaign aimed at one member. An observer owes
nothing and is owed nothing; a frozen member follows `switch_frozen`; an "on request" duty follows
`switch_request`. Each honouring ally is drawn once per war (kernel.py).
"""

from __future__ import annotations

import numpy as np

from foedus.errors import ParameterError
from foedus.models.earth.params import EarthParams
from foedus.models.earth.world import MapWorld, WorldMember


def counts(m: WorldMember, p: EarthParams) -> bool:
    """Does this member's duty bind it (and protect it) under the run's switches?"""
    if m.participation == "frozen" and p.switch_frozen == "excluded":
        return False
    if m.on_request and p.switch_request == "not_requested":
        return False
    return m.duty == "must" or (m.duty == "maybe" and p.switch_maybe == "honour_as_must")


def obligation_weights(world: MapWorld, p: EarthParams) -> np.ndarray:
    """owes[k, j] = 1 where some alliance of the world obliges k to help j (before p_honor)."""
    idx = world.index()
    owes = np.zeros((len(world.states),) * 2)
    for al in world.alliances:
        bound = [idx[m.state] for m in al.members if counts(m, p)]
        for k in bound:
            for j in bound:
                if k != j:
                    owes[k, j] = 1.0
        for helper, victim in al.suspended:
            owes[idx[helper], idx[victim]] = 0.0
    return owes


def wedged_member(world: MapWorld, p: EarthParams, owes: np.ndarray | None = None) -> int | None:
    """The state the wedge campaign aims at: a named state, the least committed member of the
    world's first alliance (fewest partners it is bound to help; ties: the smallest capability), or
    its most capable member."""
    if p.wedge_effect == 0 or not world.alliances:
        return None
    idx = world.index()
    if p.wedge_target == "most_capable":
        bound = [idx[m.state] for m in world.alliances[0].members if counts(m, p)]
        return max(bound, key=lambda k: (world.states[k].capability, -k)) if bound else None
    if p.wedge_target != "least_committed":
        if p.wedge_target not in idx:
            raise ParameterError(f"wedge_target: expected least_committed, most_capable or a state, "
                                 f"found {p.wedge_target!r}")  # fmt: skip
        return idx[p.wedge_target]
    owes = obligation_weights(world, p) if owes is None else owes
    members = [idx[m.state] for m in world.alliances[0].members if counts(m, p)]
    if not members:
        return None
    return min(members, key=lambda k: (owes[k].sum(), world.states[k].capability, k))


def duty_matrix(world: MapWorld, p: EarthParams) -> np.ndarray:
    owes = obligation_weights(world, p)
    duty = owes * p.p_honor
    target = wedged_member(world, p, owes)
    if target is not None:
        duty[target] *= 1.0 - p.wedge_effect
    return duty
