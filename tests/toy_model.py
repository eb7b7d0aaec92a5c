"""A second model in a dozen lines: it runs through experiments, the store and `results` untouched."""

import numpy as np
from pydantic import Field

from foedus.sim.model import Model
from foedus.sim.params import ModelParams
from foedus.sim.result import Result, TableSchema
from foedus.sim.seeding import seed_sequence


class CoinParams(ModelParams):
    flips: int = Field(100, ge=1, le=100_000)
    p: float = Field(0.5, ge=0, le=1)


class CoinResult(Result):
    schema = (TableSchema("flips", {"t": "int32", "heads": "bool"}),)

    def summary(self):
        return {"share": float(np.mean(self.tables["flips"]["heads"]))}


class Coin(Model):
    name, Params, Result, citation = "coin", CoinParams, CoinResult, "a coin, flipped"

    def run(self, params, seed=None):
        heads = np.random.default_rng(seed_sequence(seed)).random(params.flips) < params.p
        return CoinResult(
            params, seed, {"flips": {"t": np.arange(params.flips, dtype=np.int32), "heads": heads}}
        )
