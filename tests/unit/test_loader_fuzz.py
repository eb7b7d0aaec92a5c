"""Every bad treaty file is a clean error naming file, line and field; no mutation of a good file
crashes the loader or, once accepted, the queries that read it."""

import datetime as dt
import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from foedus.errors import InputError
from foedus.kb.base import KnowledgeBase, TreatyFilesError
from foedus.kb.loader import TreatyFileError, load_treaty_file, parse_treaty
from foedus.kb.queries import cite, facts, history, in_force, members, timeline
from foedus.law.obligations import obligations

FIXTURES = Path(__file__).parents[1] / "fixtures"
CORPUS = sorted((FIXTURES / "bad_treaties").glob("*.yaml"))
GOOD = (FIXTURES / "good_treaty.yaml").read_text(encoding="utf-8")


def expected(path: Path) -> str:
    first = path.read_bytes().split(b"\n", 1)[0].decode()
    return first.removeprefix("# expect: ")


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_each_bad_file_is_refused_naming_file_line_and_field(path):
    with pytest.raises(TreatyFileError) as exc:
        load_treaty_file(path)
    err = exc.value
    assert str(path) in str(err)
    assert expected(path) in str(err), str(err)
    for p in err.problems:
        assert p.line is not None and p.field, p


def test_the_corpus_covers_every_reported_kind():
    assert len(CORPUS) >= 19


def test_validate_checks_each_file_on_its_own_and_exits_1(tmp_path):
    good = tmp_path / "good.yaml"
    good.write_text(GOOD)
    files = [str(CORPUS[0]), str(good), *map(str, CORPUS[1:])]
    out = subprocess.run(
        [sys.executable, "-m", "foedus", "validate", *files], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 1 and "Traceback" not in out.stderr
    assert f"{good}: ok (TEST" in out.stdout  # a bad file before it did not stop its validation
    for path in CORPUS:
        assert str(path) in out.stderr


def test_a_file_reusing_a_bundled_id_is_refused(tmp_path):
    clash = tmp_path / "nato.yaml"
    clash.write_text(GOOD.replace("id: TEST", "id: NATO"))
    out = subprocess.run(
        [sys.executable, "-m", "foedus", "validate", str(clash)], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 1 and "line 1, field `id`: duplicate treaty id" in out.stderr


def test_the_knowledge_base_reports_every_bad_file_not_just_the_first(tmp_path):
    paths = []
    for i, name in enumerate(["huge_year", "duplicate_key"]):
        paths.append(tmp_path / f"{i}.yaml")
        paths[-1].write_bytes((FIXTURES / "bad_treaties" / f"{name}.yaml").read_bytes())
    with pytest.raises(TreatyFilesError) as exc:
        KnowledgeBase.from_files(paths)
    assert {Path(e.path) for e in exc.value.errors} == set(paths)


def exercise(treaty) -> None:
    """Every query over an accepted treaty either answers or raises a clean InputError."""
    kb = KnowledgeBase({treaty.id: treaty})
    days = [dt.date(1999, 12, 31), dt.date(2000, 1, 1), dt.date(2005, 6, 1), dt.date(2020, 12, 31)]
    for day in days:
        for call in (
            lambda d=day: in_force(kb, d),
            lambda d=day: members(kb, treaty.id, d),
            lambda d=day: obligations(kb, "FRA", "DEU", d),
            lambda d=day: obligations(kb, "FRA", None, d, theatre="unknown"),
        ):
            try:
                call()
            except InputError:
                pass
    timeline(kb, treaty.id)
    history(kb, "FRA")
    facts(kb)
    cite(kb, treaty.id)


LINES = GOOD.splitlines()
noise = st.text(alphabet=string.printable + "\uff12\u00e9[]{}:,-!&*|>'\"#%@`", max_size=12)


@st.composite
def mutated(draw) -> str:
    lines = list(LINES)
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["replace_value", "delete", "duplicate", "insert", "swap_dates"]))
        if op == "replace_value" and ":" in lines[i]:
            head = lines[i].rsplit(":", 1)[0]
            odd = st.sampled_from(["0000", "-1", "2000-00", "2000-02-30", "2000", "~", "[]", "{}"])
            value = draw(st.one_of(noise, st.integers(-(2**70), 2**70).map(str), odd))
            lines[i] = f"{head}: {value}"
        elif op == "delete":
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "insert":
            lines.insert(i, draw(noise))
        else:
            lines[i] = lines[i].replace("2000", draw(st.sampled_from(["2011", "1990", "2000-05", "2010"])))
    return "\n".join(lines) + "\n"


@settings(
    max_examples=int(os.environ.get("FOEDUS_FUZZ_EXAMPLES", 300)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(mutated())
def test_fuzz_any_mutation_is_refused_cleanly_or_answers_every_query(text):
    try:
        treaty = parse_treaty(text, "fuzz.yaml")
    except TreatyFileError as err:
        assert "fuzz.yaml" in str(err) and err.problems
        return
    exercise(treaty)
