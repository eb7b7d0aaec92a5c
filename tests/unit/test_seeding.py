"""One seed everywhere: 64-bit replication seeds, and the kernel's stream equals numpy's."""

import numpy as np
import pytest
from numba import njit

from foedus.errors import ParameterError
from foedus.sim.seeding import (
    mt_key,
    reference_generator,
    replication_seeds,
    seed_compiled_stream,
    seed_sequence,
)


@njit
def _kernel_draws(n):
    out = np.empty(n)
    ints = np.empty(n, np.int64)
    for k in range(n):
        out[k] = np.random.random()
        ints[k] = np.random.randint(1 + (k * 7919) % 1_000_003)
    return out, ints, np.random.randint(2**40)


@pytest.mark.parametrize("seed", [0, 1, 2**63 + 5, 2**64 - 1])
def test_kernel_stream_is_numpys_legacy_stream_on_the_seed_key(seed):
    seed_compiled_stream(mt_key(seed))
    doubles, ints, big = _kernel_draws(3000)
    ref = reference_generator(mt_key(seed))
    want_d = np.empty(3000)
    want_i = np.empty(3000, np.int64)
    for k in range(3000):
        want_d[k] = ref.random_sample()
        want_i[k] = ref.randint(1 + (k * 7919) % 1_000_003)
    assert np.array_equal(doubles, want_d) and np.array_equal(ints, want_i)
    assert big == ref.randint(2**40)


def test_replication_seeds_are_64_bit_distinct_and_fixed_by_index():
    seeds = replication_seeds(42, 2000)
    assert seeds == replication_seeds(42, 2000) and len(set(seeds)) == 2000
    assert replication_seeds(42, 10) == seeds[:10]  # replication i's seed does not depend on n
    assert max(seeds) > 2**32  # the full 64-bit range is used
    assert replication_seeds(43, 10) != seeds[:10]


def test_distinct_seeds_give_distinct_streams():
    assert not np.array_equal(mt_key(5), mt_key(6))
    assert np.array_equal(mt_key(5), mt_key(np.random.SeedSequence(5)))


@pytest.mark.parametrize("bad", [-1, 2**64, 1.5, True, "7"])
def test_bad_seeds_are_refused(bad):
    with pytest.raises(ParameterError, match="seed"):
        seed_sequence(bad)
