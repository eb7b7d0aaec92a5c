"""State capabilities: COW National Material Capabilities v6.0 (CINC), bundled unchanged and
verified against its published checksum every time it is read."""

from __future__ import annotations

import csv
import hashlib
import io
from functools import cache
from importlib import resources

from foedus.errors import InputError

NMC_FILE = "NMC-60-abridged.csv"
NMC_SHA256 = "cd8465ea476da51d3e91261e216e96cfaf1fbf309dbe6bfc25a99bfb9fa7cfde"
NMC_LAST_YEAR = 2016
MISSING = -9.0
CITATION = (
    "Singer, Bremer & Stuckey (1972), Capability Distribution, Uncertainty, and Major Power War, "
    "1820-1965, in Russett (ed.), Peace, War, and Numbers, 19-48; Greig & Enterline (2021), National "
    "Material Capabilities (NMC) Data Documentation, Version 6.0, Correlates of War Project"
)


class ChecksumError(InputError):
    pass


def verified_bytes(data: bytes, expected: str = NMC_SHA256, name: str = NMC_FILE) -> bytes:
    found = hashlib.sha256(data).hexdigest()
    if found != expected:
        raise ChecksumError(
            f"{name}: SHA-256 {found} differs from the published {expected}; the bundled COW file "
            "was changed or damaged (reinstall foedus)"
        )
    return data


@cache
def cinc_table() -> dict[tuple[int, int], float]:
    """(COW state number, year) -> CINC, from the verified bundled file; missing values left out."""
    raw = resources.files("foedus.data").joinpath("cow", NMC_FILE).read_bytes()
    text = verified_bytes(raw).decode("utf-8")
    out = {}
    for row in csv.DictReader(io.StringIO(text)):
        value = float(row["cinc"])
        if value != MISSING:
            out[(int(row["ccode"]), int(row["year"]))] = value
    return out


def cinc(ccode: int, year: int, state: str = "") -> float:
    """A state's CINC in `year`; an error says why there is none (after 2016, not a COW system
    member that year, or a missing value)."""
    who = f"{state} (COW {ccode})" if state else f"COW state {ccode}"
    if year > NMC_LAST_YEAR:
        raise InputError(
            f"capability of {who} in {year}: COW NMC v6.0 ends in {NMC_LAST_YEAR}; a later date needs "
            "another sourced capability figure: edit a world file's `capability` and `source`, or build with "
            f"--capability-year {NMC_LAST_YEAR} to use COW's last year as a stated assumption"
        )
    value = cinc_table().get((ccode, year))
    if value is None:
        raise InputError(f"capability of {who} in {year}: no CINC in COW NMC v6.0 for that year")
    return value
