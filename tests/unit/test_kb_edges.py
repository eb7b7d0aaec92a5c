"""Edges of the knowledge base: the bundled files, finding a treaty by any of its names, adding a
user's files, reading bytes, and months or years that a membership only partly covers."""

from pathlib import Path

import pytest

from foedus.kb.base import KnowledgeBase, TreatyFilesError, UnknownTreatyError, bundled
from foedus.kb.dates import FuzzyDate, Tri, holds_during
from foedus.kb.loader import TreatyFileError, bundled_treaty_files, load_treaty_file, read_utf8

FIX = Path(__file__).parent.parent / "fixtures"


def test_the_bundled_files_are_every_yaml_file_of_the_package_in_order():
    files = bundled_treaty_files()
    names = [p.name for p in files]
    assert names == sorted(names) and {"nato.yaml", "cst.yaml", "csto.yaml"} <= set(names)
    assert all(p.exists() and p.suffix == ".yaml" for p in files)
    assert len(files) == len(bundled().treaties)


@pytest.mark.parametrize(
    "text", ["NATO", " nato ", "North Atlantic Treaty Organization", "tashkent treaty", "WTO"]
)
def test_a_treaty_is_found_by_its_id_name_or_alias_in_any_case(text):
    assert bundled().treaty(text).id in {"NATO", "CST", "WARSAW"}


def test_an_unknown_treaty_suggests_close_ids_and_names():
    with pytest.raises(UnknownTreatyError) as err:
        bundled().treaty("NAT0")
    assert "NATO" in err.value.suggestions
    with pytest.raises(UnknownTreatyError) as err:
        bundled().treaty("tashkent pakt")
    assert "CST" in err.value.suggestions and len(err.value.suggestions) <= 6
    with pytest.raises(UnknownTreatyError) as err:
        bundled().treaty("qqqqqqqq")
    assert err.value.suggestions == [] and "did you mean" not in str(err.value)


def test_user_files_stand_alone_or_join_the_bundled_base(tmp_path):
    alone = KnowledgeBase.from_files([FIX / "good_treaty.yaml"])
    assert list(alone.treaties) == ["TEST"]
    both = KnowledgeBase.from_files([FIX / "good_treaty.yaml"], onto=bundled())
    assert {"TEST", "NATO"} <= set(both.treaties)
    clash = tmp_path / "nato.yaml"
    clash.write_text((FIX / "good_treaty.yaml").read_text().replace("id: TEST", "id: NATO"))
    with pytest.raises(TreatyFilesError, match="the knowledge base"):
        KnowledgeBase.from_files([clash], onto=bundled())
    with pytest.raises(TreatyFilesError, match="the bundled treaties"):
        KnowledgeBase.from_files([clash], onto=bundled(), onto_name="the bundled treaties")


def test_bytes_that_are_not_utf8_name_their_line_and_a_folder_is_unreadable(tmp_path):
    bad = tmp_path / "t.yaml"
    bad.write_bytes(b"\n\nid: \xff\n")
    with pytest.raises(TreatyFileError) as err:
        read_utf8(bad)
    assert err.value.problems[0].line == 3 and err.value.path == str(bad)
    with pytest.raises(TreatyFileError) as err:
        load_treaty_file(tmp_path)
    p = err.value.problems[0]
    assert p.field == "(file)" and p.message.startswith("cannot read") and err.value.path == str(tmp_path)


def test_an_empty_document_or_a_list_as_a_key_is_refused(tmp_path):
    empty = tmp_path / "e.yaml"
    empty.write_text("# nothing here\n")
    with pytest.raises(TreatyFileError, match="expected a mapping"):
        load_treaty_file(empty)
    odd = tmp_path / "k.yaml"
    odd.write_text("? [a, b]\n: 1\n")
    with pytest.raises(TreatyFileError, match="expected a plain key, found a list"):
        load_treaty_file(odd)


Y1999 = FuzzyDate.parse("1999")


@pytest.mark.parametrize(
    "start, end, expected",
    [
        ("1999-03-12", None, Tri.UNKNOWN),  # begins within the year
        ("1999-12-31", None, Tri.UNKNOWN),  # begins on its last day
        ("1999-01-01", None, Tri.TRUE),
        ("2000-01-01", None, Tri.FALSE),
        (None, "1990-01-01", Tri.FALSE),  # ended before
        ("1999-05-01", "1999-05-01", Tri.FALSE),  # an empty interval holds on no day
        ("1999-05-01", "1999-05-02", Tri.UNKNOWN),  # one day of the year
        ("1998-05-01", "1999-06-01", Tri.UNKNOWN),  # ends within
    ],
)
def test_a_membership_holds_over_a_year_only_if_on_every_day(start, end, expected):
    s = FuzzyDate.parse(start) if start else None
    e = FuzzyDate.parse(end) if end else None
    assert holds_during(s, e, Y1999) is expected
