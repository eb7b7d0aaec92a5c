"""Every discovered model and strategy passes the shipped conformance suites; so does a toy model,
and a broken model or strategy fails them with the rule it breaks."""

import numpy as np
import pytest
from numba import njit

from foedus.models.geosim.kernel import DECISION_SIGNATURE
from foedus.sim.conformance import ConformanceError, ConformanceWarning, check_model, check_strategy
from foedus.sim.discovery import all_models, all_strategies, get_model, get_strategy
from foedus.sim.strategy import Strategy
from tests.toy_model import Coin, CoinResult


@pytest.mark.parametrize("model", all_models(), ids=lambda m: m.name)
def test_every_model_passes_check_model(model):
    checks = check_model(model)
    assert {c.status for c in checks} == {"passed"}


@pytest.mark.parametrize("strategy", all_strategies(), ids=lambda s: f"{s.model}.{s.name}")
def test_every_strategy_passes_check_strategy(strategy):
    assert {c.status for c in check_strategy(strategy)} == {"passed"}


def test_the_toy_model_passes_and_its_missing_reference_is_skipped_loudly():
    with pytest.warns(ConformanceWarning, match="no reference"):
        checks = check_model(Coin())
    assert {c.name for c in checks if c.status == "skipped"} == {
        "kernel agrees with the reference implementation"
    }


class Unseeded(Coin):
    """Breaks 'same seed gives an identical result': it ignores its seed."""

    name = "unseeded"

    def run(self, params, seed=None):
        heads = np.random.default_rng().random(params.flips) < params.p
        return CoinResult(
            params, seed, {"flips": {"t": np.arange(params.flips, dtype=np.int32), "heads": heads}}
        )


class BadSchema(Coin):
    name = "badschema"

    def run(self, params, seed=None):
        return CoinResult(params, seed, {"flips": {"t": np.arange(3), "heads": np.ones(3, bool)}})  # int64 t


def test_check_model_catches_broken_models():
    with pytest.raises(ConformanceError, match="same seed gives an identical result"):
        check_model(Unseeded(), in_worker=False)
    with pytest.raises(ConformanceError, match="declared schema"):
        check_model(BadSchema(), in_worker=False)


@njit(DECISION_SIGNATURE, cache=True)
def _attack_the_weakest(order, start, stop, w, p):
    """Each state attacks, every period, the neighbour that allocates least against it."""
    for q in range(start, stop):
        i = order[q]
        best, weakest = -1, np.inf
        o = w.neighbours.off[i]
        for k in range(w.neighbours.ln[i]):
            f = w.neighbours.val[o + k]
            if w.alloc[w.f_rev[f]] < weakest:
                best, weakest = f, w.alloc[w.f_rev[f]]
        if best >= 0:
            w.act[best] = True


class AttackTheWeakest(Strategy):
    """A strategy written outside the package: one class and one compiled rule."""

    name = "weakest"
    model = "geosim"
    citation = "a test of the plug-in interface"
    traits = {
        "role": "aggressor",
        "stochastic": False,
        "memory": "none",
        "uses_alliances": False,
        "posture": "honour",
    }
    rule = _attack_the_weakest


def test_an_outside_strategy_plugs_into_geosim_and_changes_its_play():
    assert {c.status for c in check_strategy(AttackTheWeakest())} == {"passed"}
    model = get_model("geosim")
    p = model.example_params()
    own = model.run(p, seed=3)
    greedy = model.run(p, seed=3, strategy=AttackTheWeakest())
    assert len(greedy.severities) != len(own.severities) or greedy.states[-1] != own.states[-1]


def test_check_strategy_catches_bad_traits_and_signatures():
    class NoTraits(AttackTheWeakest):
        traits = {"role": "everyone"}

    with pytest.raises(ConformanceError, match="traits"):
        check_strategy(NoTraits())

    class WrongModel(AttackTheWeakest):
        model = "nonesuch"

    with pytest.raises(ConformanceError, match="unknown model"):
        check_strategy(WrongModel())


def test_discovery_finds_by_name_and_traits():
    assert get_model("geosim").name == "geosim"
    assert [s.name for s in all_strategies(model="geosim", role="aggressor")] == [
        "deterrable",
        "divide_and_conquer",
        "opportunist",
    ]
    assert [s.name for s in all_strategies(model="geosim", stochastic=False)] == ["collective_security"]
    assert [s.name for s in all_strategies(posture="chain_gang")] == ["chain_gang"]
    assert get_strategy("geosim", "geosim").describe()["traits"]["memory"] == "campaign"
