"""Collective security as a policy style (Cusack & Stoll 1994): never attack first. The state
fights back when attacked (the grim trigger) and answers its alliance's obligations through the
alliance layer; it opens no unprovoked attack."""

from __future__ import annotations

from numba import njit

from foedus.models.geosim.kernel import DECISION_SIGNATURE
from foedus.sim.strategy import Strategy


@njit(DECISION_SIGNATURE, cache=True)
def never_first(order, start, stop, w, p):
    return


class NeverFirst(Strategy):
    name = "collective_security"
    model = "geosim"
    citation = "Cusack & Stoll (1994), collective security: never initiate, defend the victim"
    traits = {
        "role": "member",
        "stochastic": False,
        "memory": "none",
        "uses_alliances": True,
        "posture": "honour",
    }
    rule = never_first
