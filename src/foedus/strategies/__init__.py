"""Strategies, one module per family; found by `foedus.sim.discovery.all_strategies`."""
