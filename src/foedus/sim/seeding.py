"""One `seed` argument everywhere, resolved in one place; child seeds drawn in the parent.

A seed may be None (fresh entropy), an int, or a numpy SeedSequence. Replication seeds are
spawned from it before any work is scheduled, so one worker and many give identical results.
"""

from __future__ import annotations

import numpy as np

SeedLike = int | np.random.SeedSequence | None


def seed_sequence(seed: SeedLike) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is not None and (not isinstance(seed, int) or isinstance(seed, bool) or seed < 0):
        raise ValueError(f"seed: expected None, a non-negative int or a SeedSequence, found {seed!r}")
    return np.random.SeedSequence(seed)


def kernel_seed(seed: SeedLike) -> int:
    """A 32-bit integer for a compiled kernel's generator, derived from `seed`."""
    return int(seed_sequence(seed).generate_state(1, np.uint32)[0])


def replication_seeds(seed: SeedLike, n: int) -> list[int]:
    """`n` independent kernel seeds, fixed before scheduling (replication i always gets seed i)."""
    return [kernel_seed(child) for child in seed_sequence(seed).spawn(n)]
