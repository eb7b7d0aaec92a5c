"""Bad treaty files stop with file, line, field, what was expected and what was found."""

import textwrap

import pytest

from foedus.kb.base import KnowledgeBase
from foedus.kb.loader import TreatyFileError, load_treaty_file, parse_treaty

GOOD = textwrap.dedent("""\
    id: TEST
    name: Test Pact
    kind: treaty
    defence_pact: true
    summary: a test
    in_force: {date: 2000-01-01, source: [S1]}
    coverage_until: 2020-12-31
    memberships:
      - state: FRA
        phases:
          - {status: member, start: 2000-01-01, end: 2010-01-01, source: [S1]}
          - {status: withdrawn, start: 2010-01-01, source: [S1]}
    sources:
      S1: {title: a source, kind: official}
    """)


def problems(text):
    with pytest.raises(TreatyFileError) as exc:
        parse_treaty(text, "test.yaml")
    return exc.value


def test_good_file_parses():
    assert parse_treaty(GOOD).id == "TEST"


def test_malformed_yaml_names_the_line():
    err = problems(GOOD.replace("kind: treaty", "kind: [treaty"))
    assert "malformed YAML" in str(err) and err.problems[0].line is not None


def test_unknown_field_names_line_and_field():
    err = problems(GOOD.replace("kind: treaty", "kind: treaty\ncolour: blue"))
    p = err.problems[0]
    assert (p.field, p.line, p.message) == ("colour", 4, "unknown field")
    assert "test.yaml" in str(err)


def test_overlapping_phases_are_rejected():
    err = problems(GOOD.replace("start: 2010-01-01, source", "start: 2005-01-01, source"))
    assert "overlap" in str(err) and err.problems[0].field.startswith("memberships.0")


def test_reversed_interval_is_rejected_with_the_line():
    err = problems(GOOD.replace("start: 2000-01-01, end: 2010-01-01", "start: 2010-01-01, end: 2000-01-01"))
    p = err.problems[0]
    assert "must come after" in p.message and p.line == 11


def test_unknown_state_suggests_names():
    err = problems(GOOD.replace("state: FRA", "state: FRX"))
    assert "unknown state 'FRX'" in str(err) and "did you mean" in str(err)


def test_impossible_date_is_named():
    err = problems(GOOD.replace("date: 2000-01-01", "date: 2001-02-29"))
    assert "28 days" in str(err) and err.problems[0].field == "in_force.date"


def test_undefined_source_key_and_conflict_without_alternative():
    assert "S9" in str(problems(GOOD.replace("source: [S1]}\ncoverage", "source: [S9]}\ncoverage")))
    bad = GOOD.replace(
        "{date: 2000-01-01, source: [S1]}", "{date: 2000-01-01, confidence: conflicting, source: [S1]}"
    )
    assert "alternative" in str(problems(bad))


def test_missing_file_and_non_mapping(tmp_path):
    with pytest.raises(TreatyFileError, match="cannot read"):
        load_treaty_file(tmp_path / "nope.yaml")
    assert "expected a mapping" in str(problems("- a\n- b\n"))


def test_duplicate_ids_across_files(tmp_path):
    for name in ("a.yaml", "b.yaml"):
        (tmp_path / name).write_text(GOOD)
    with pytest.raises(TreatyFileError, match="duplicate treaty id"):
        KnowledgeBase.from_files(sorted(tmp_path.iterdir()))
