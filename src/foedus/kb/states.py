"""States: ISO 3166-1 alpha-3 codes (ISO 3166-3 for historical states), COW codes, names."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
from dataclasses import dataclass
from functools import cache
from importlib import resources

import pycountry

from foedus.errors import InputError

# Names people use that ISO's official short names do not match.
_COMMON_NAMES = {
    "russia": "RUS",
    "ussr": "SUN",
    "soviet union": "SUN",
    "turkey": "TUR",
    "turkiye": "TUR",
    "west germany": "DEU",
    "frg": "DEU",
    "east germany": "DDR",
    "gdr": "DDR",
    "uk": "GBR",
    "britain": "GBR",
    "great britain": "GBR",
    "us": "USA",
    "usa": "USA",
    "america": "USA",
    "dprk": "PRK",
    "rok": "KOR",
    "czechoslovakia": "CSK",
    "yugoslavia": "YUG",
    "macedonia": "MKD",
    "kyrgyzstan": "KGZ",
    "kirghizia": "KGZ",
    "kirgizia": "KGZ",
    "ivory coast": "CIV",
    "cote d'ivoire": "CIV",
    "laos": "LAO",
    "vietnam": "VNM",
    "iran": "IRN",
    "syria": "SYR",
    "bolivia": "BOL",
    "venezuela": "VEN",
    "moldova": "MDA",
    "tanzania": "TZA",
}

# COW code 365 is used for the USSR until its dissolution and for Russia after it.
_USSR_DISSOLVED = dt.date(1991, 12, 26)


class UnknownStateError(InputError, LookupError):
    def __init__(self, text: str, suggestions: list[str]):
        self.text = text
        self.suggestions = suggestions
        hint = f"; did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"unknown state {text!r}: expected an ISO alpha-3 code or a name{hint}")


@dataclass(frozen=True)
class State:
    code: str  # ISO 3166-1 alpha-3, or the ISO 3166-3 alpha-3 of a historical state
    name: str
    ccode: int | None  # Correlates of War state number, where one exists
    historical: bool

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


@cache
def _cow_rows() -> list[dict[str, str]]:
    text = resources.files("foedus.data").joinpath("cow_codes.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


@cache
def _ccode_of() -> dict[str, int]:
    out: dict[str, int] = {}
    for row in _cow_rows():
        out.setdefault(row["alpha3"], int(row["ccode"]))
    return out


@cache
def _all_names() -> dict[str, str]:
    """Lower-cased name or code -> alpha-3."""
    names: dict[str, str] = dict(_COMMON_NAMES)
    for db in (pycountry.historic_countries, pycountry.countries):
        for c in db:
            for attr in ("alpha_3", "name", "common_name", "official_name"):
                value = getattr(c, attr, None)
                if value:
                    names.setdefault(value.lower(), c.alpha_3)
    return names


@cache
def state(code_or_name: str) -> State:
    """Resolve an ISO alpha-3 code or a common English name to a `State`."""
    text = code_or_name.strip()
    code = _all_names().get(text.lower())
    if code is None:
        raise UnknownStateError(text, suggest_states(text))
    current = pycountry.countries.get(alpha_3=code)
    record = current or pycountry.historic_countries.get(alpha_3=code)
    name = getattr(record, "common_name", None) or record.name
    return State(code=code, name=name, ccode=_ccode_of().get(code), historical=current is None)


def suggest_states(text: str, n: int = 3) -> list[str]:
    names = _all_names()
    close = difflib.get_close_matches(text.lower(), list(names), n=3 * n, cutoff=0.6)
    codes = list(dict.fromkeys(names[c] for c in close))[:n]
    return [f"{code} ({state(code).name})" for code in codes]


def state_for_ccode(ccode: int, on: dt.date | None = None) -> State:
    """The ISO state for a COW code; `on` disambiguates 365 (USSR vs Russia)."""
    if ccode == 365:
        return state("SUN" if on is not None and on < _USSR_DISSOLVED else "RUS")
    for row in _cow_rows():
        if int(row["ccode"]) == ccode:
            return state(row["alpha3"])
    raise UnknownStateError(f"COW ccode {ccode}", [])
