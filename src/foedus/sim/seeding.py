"""One `seed` argument everywhere, resolved in one place; child seeds drawn in the parent.

A seed is None (fresh entropy), a non-negative integer below 2**64, or a numpy SeedSequence.
A run's random stream is the Mersenne Twister state that numpy's `MT19937` derives from the
seed's SeedSequence (all 624 words come from the sequence's hash, so distinct 64-bit seeds give
distinct streams). Replication seeds are 64-bit integers spawned from the experiment seed before
any work is scheduled; any of them given back to `run` reproduces that replication exactly.
"""

from __future__ import annotations

import numpy as np

from foedus.errors import ParameterError

SeedLike = int | np.random.SeedSequence | None
SEED_LIMIT = 2**64


def seed_sequence(seed: SeedLike) -> np.random.SeedSequence:
    if isinstance(seed, np.random.SeedSequence):
        return seed
    if seed is not None and (
        not isinstance(seed, int | np.integer) or isinstance(seed, bool) or not 0 <= seed < SEED_LIMIT
    ):
        raise ParameterError(f"seed: expected None or an integer from 0 to 2**64 - 1, found {seed!r}")
    return np.random.SeedSequence(None if seed is None else int(seed))


def mt_key(seed: SeedLike) -> np.ndarray:
    """The 624-word Mersenne Twister key of a run's stream (numpy's MT19937 seeding)."""
    return np.random.MT19937(seed_sequence(seed)).state["state"]["key"]


def legacy_mt_key(seed32: int) -> np.ndarray:
    """The key numpy's legacy `RandomState(seed32)` starts from (init_genrand), for old golden runs."""
    return np.random.RandomState(seed32).get_state()[1]


def seed_compiled_stream(key: np.ndarray) -> None:
    """Set the calling thread's compiled-code generator (`np.random` inside Numba, a Mersenne
    Twister that draws numpy's legacy stream) to the state `key`. Call it in the thread that
    runs the kernel, right before it."""
    from numba import _helperlib

    _helperlib.rnd_set_state(_helperlib.rnd_get_np_state_ptr(), (624, [int(x) for x in key]))


def side_key(seed: SeedLike) -> np.ndarray:
    """The key of a run's second stream (for rules that must not disturb the first)."""
    root = seed_sequence(seed)
    side = np.random.SeedSequence(
        root.entropy, spawn_key=(*root.spawn_key, 2**32 - 1), pool_size=root.pool_size
    )
    return mt_key(side)


def seed_compiled_side_stream(key: np.ndarray) -> None:
    """Set the calling thread's second compiled-code generator (`random` inside Numba)."""
    from numba import _helperlib

    _helperlib.rnd_set_state(_helperlib.rnd_get_py_state_ptr(), (624, [int(x) for x in key]))


def reference_generator(key: np.ndarray) -> np.random.RandomState:
    """A legacy RandomState on the given key: the stream a compiled kernel draws from."""
    bits = np.random.MT19937()
    bits.state = {"bit_generator": "MT19937", "state": {"key": key, "pos": 624}}
    return np.random.RandomState(bits)


def replication_seeds(seed: SeedLike, n: int) -> list[int]:
    """`n` distinct 64-bit seeds; replication i's seed depends only on `seed` and i."""
    root = seed_sequence(seed)
    seeds: list[int] = []
    seen: set[int] = set()
    k = 0
    while len(seeds) < n:
        child = np.random.SeedSequence(root.entropy, spawn_key=(*root.spawn_key, k), pool_size=root.pool_size)
        value = int(child.generate_state(1, np.uint64)[0])
        k += 1
        if value not in seen:  # a 64-bit collision is astronomically rare; skip it, never reuse a stream
            seen.add(value)
            seeds.append(value)
    return seeds
