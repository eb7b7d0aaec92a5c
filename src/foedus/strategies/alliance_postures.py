"""How alliance members answer an obligation (Christensen & Snyder 1990, "Chain Gangs and Passed
Bucks"): chain-gangers join at once and unconditionally; buck-passers stay out when another
member already fights the aggressor, and otherwise honour with the alliance's reliability; the
third posture chooses between them by the perceived offence-defence balance (offence perceived
dominant: chain-gang). In everything else they play GeoSim's own rule."""

from __future__ import annotations

from foedus.sim.strategy import Strategy
from foedus.strategies.geosim_rule import geosim_decisions, geosim_decisions_with_regimes

_TRAITS = {"role": "member", "stochastic": True, "memory": "campaign", "uses_alliances": True}


class ChainGang(Strategy):
    name = "chain_gang"
    model = "geosim"
    citation = "Christensen & Snyder (1990), IO 44(2): 137-168: perceived offence advantage"
    traits = {**_TRAITS, "posture": "chain_gang"}
    rule = geosim_decisions
    rule_with_regimes = geosim_decisions_with_regimes


class BuckPass(Strategy):
    name = "buck_pass"
    model = "geosim"
    citation = "Christensen & Snyder (1990), IO 44(2): 137-168: perceived defence advantage"
    traits = {**_TRAITS, "posture": "buck_pass"}
    rule = geosim_decisions
    rule_with_regimes = geosim_decisions_with_regimes


class ByPerception(Strategy):
    name = "offence_defence"
    model = "geosim"
    citation = "Christensen & Snyder (1990): chain-gang or pass the buck as perceived_offense > 0.5 or not"
    traits = {**_TRAITS, "posture": "by_perception"}
    rule = geosim_decisions
    rule_with_regimes = geosim_decisions_with_regimes
