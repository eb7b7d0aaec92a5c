"""`cite`: every fact's name, value, confidence, alternative and sources, for treaties, provisions
and memberships (with their participation), matched without regard to case."""

import pytest

from foedus.kb.base import bundled
from foedus.kb.queries import UnknownFactError, cite, facts
from tests.helpers import check_golden

REFS = ["NATO", "NATO.art5", "nato.fra", "CSTO.SRB", "ANZUS.NZL", "SEATO.art4_1", "RIO"]


def _line(c) -> str:
    sources = ", ".join(f"{k}: {title}" + (f" <{url}>" if url else "") for k, title, url in c.sources)
    alt = f" | alternative: {c.alternative}" if c.alternative else ""
    return f"{c.fact} = {c.value} [{c.confidence}]{alt} | {sources}"


def test_citations_match_the_golden_file():
    kb = bundled()
    out = []
    for ref in REFS:
        out += [f"## {ref}", *[_line(c) for c in cite(kb, ref)], ""]
    check_golden("cite.txt", "\n".join(out) + "\n")


def test_every_citation_of_a_treaty_is_also_a_fact():
    kb = bundled()
    every = {(f.fact, f.value) for f in facts(kb, treaty="NATO")}
    for ref in ("NATO", "NATO.FRA", "NATO.art5"):
        assert {(c.fact, c.value) for c in cite(kb, ref)} <= every


def test_an_unknown_part_lists_what_the_treaty_has():
    with pytest.raises(UnknownFactError, match=r"NATO has no provision or member 'XYZ'.*art5.*USA"):
        cite(bundled(), "NATO.XYZ")
