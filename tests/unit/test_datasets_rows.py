"""ATOP and COW loaders, cell by cell: every bad value names its file, line and column; empty and
missing values, members out of order, unknown starts and the USSR/Russia switch are kept honestly."""

import csv
import io
from pathlib import Path

import pytest

from foedus.kb.datasets import _provisions, load_atop, load_cow
from foedus.kb.loader import TreatyFileError

FIX = Path(__file__).parent.parent / "fixtures"
ATOP_A, ATOP_M, COW = FIX / "atop5_1a.csv", FIX / "atop5_1m.csv", FIX / "alliance_v4.1_by_member.csv"


def _edit(src: Path, dst: Path, row: int, column: str, value: str) -> Path:
    """Copy a CSV, setting `column` of data row `row` (0-based) to `value`."""
    rows = list(csv.DictReader(io.StringIO(src.read_text())))
    rows[row][column] = value
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    w.writeheader()
    w.writerows(rows)
    dst.write_text(out.getvalue())
    return dst


def _write(dst: Path, header: str, *lines: str) -> Path:
    dst.write_text("\n".join([header, *lines]) + "\n")
    return dst


ATOP_MEMBER_COLUMNS = ["atopid", "member", "yrent", "moent", "dayent", "yrexit", "moexit", "dayexit"]
ATOP_ALLIANCE_COLUMNS = ["atopid", "begyr", "begmo", "begday", "endyr", "endmo", "endday"]
COW_COLUMNS = ["version4id", "ccode", "mem_st_year", "mem_st_month", "mem_st_day", "mem_end_year",
               "mem_end_month", "mem_end_day", "right_censor", "defense", "neutrality", "nonaggression",
               "entente", "all_st_year", "all_st_month", "all_st_day", "all_end_year", "all_end_month",
               "all_end_day"]  # fmt: skip


@pytest.mark.parametrize("column", ATOP_MEMBER_COLUMNS)
def test_a_bad_atop_member_cell_names_the_member_file_line_and_column(tmp_path, column):
    bad = _edit(ATOP_M, tmp_path / "m.csv", 4, column, "x")
    with pytest.raises(TreatyFileError) as err:
        load_atop(ATOP_A, bad)
    assert err.value.path == str(bad)
    assert (err.value.problems[0].line, err.value.problems[0].field) == (6, column)


@pytest.mark.parametrize("column", ATOP_ALLIANCE_COLUMNS)
def test_a_bad_atop_alliance_cell_names_the_alliance_file_line_and_column(tmp_path, column):
    bad = _edit(ATOP_A, tmp_path / "a.csv", 2, column, "x")
    with pytest.raises(TreatyFileError) as err:
        load_atop(bad, ATOP_M)
    assert err.value.path == str(bad)
    assert (err.value.problems[0].line, err.value.problems[0].field) == (4, column)


@pytest.mark.parametrize("column", COW_COLUMNS)
def test_a_bad_cow_cell_names_the_file_line_and_column(tmp_path, column):
    # row 0 is the first member of alliance 1 (not right-censored): its alliance dates are read from it
    bad = _edit(COW, tmp_path / "c.csv", 0, column, "x")
    with pytest.raises(TreatyFileError) as err:
        load_cow(bad)
    assert err.value.path == str(bad)
    assert (err.value.problems[0].line, err.value.problems[0].field) == (2, column)


def test_a_treaty_that_does_not_validate_names_the_file_and_the_field(tmp_path):
    a = _edit(ATOP_A, tmp_path / "a.csv", 2, "endyr", "1980")  # ended before it entered into force
    with pytest.raises(TreatyFileError) as err:
        load_atop(a, ATOP_M)
    p = err.value.problems[0]
    assert err.value.path == str(a) and p.field == "(document)" and "must come after" in p.message
    assert p.message and not p.message.startswith("Value error")
    c = _edit(COW, tmp_path / "c.csv", 0, "all_end_year", "1870")
    c = _edit(c, c, 1, "all_end_year", "1870")
    with pytest.raises(TreatyFileError) as err:
        load_cow(c)
    assert err.value.path == str(c) and err.value.problems[0].message


def test_unknown_dates_stay_unknown_and_an_alliance_without_members_is_kept(tmp_path):
    a = _write(tmp_path / "a.csv",
               "atopid,cowid,begyr,begmo,begday,endyr,endmo,endday,defense,offense,neutral,nonagg,consul",
               "1,77,0,0,0,0,0,0,,0,0,0,0",
               "2,,1950,1,1,0,0,0,1,0,0,0,0")  # fmt: skip
    m = _write(tmp_path / "m.csv", "atopid,member,yrent,moent,dayent,yrexit,moexit,dayexit",
               "1,365,1955,0,0,1995,0,0", "1,365,0,0,0,1950,0,0", "1,2,1996,0,0,0,0,0")  # fmt: skip
    t = {x.id: x for x in load_atop(a, m)}
    one = t["ATOP1"]
    assert one.in_force is None and one.ended is None and one.summary == "ATOP alliance 1 (COW id 77)"
    assert one.defence_pact is False  # a blank flag is not a defence pact
    ussr = next(x for x in one.memberships if x.state == "SUN")  # 365 in 1955 is the USSR
    assert [ph.start is None for ph in ussr.phases] == [True, False]  # the unknown start first
    assert t["ATOP2"].memberships == [] and t["ATOP2"].summary == "ATOP alliance 2"


def test_cow_keeps_its_type_in_the_summary_and_the_ussr_before_1991(tmp_path):
    header = ("version4id,ccode,all_st_day,all_st_month,all_st_year,all_end_day,all_end_month,all_end_year,"
              "mem_st_day,mem_st_month,mem_st_year,mem_end_day,mem_end_month,mem_end_year,right_censor,"
              "defense,neutrality,nonaggression,entente")  # fmt: skip
    c = _write(tmp_path / "c.csv", header, "5,365,1,1,1960,1,1,1970,1,1,1960,1,1,1970,0,0,1,0,0",
               "5,2,1,1,1960,1,1,1970,0,0,0,1,1,1970,0,0,0,0,0")  # fmt: skip
    t = load_cow(c)[0]
    assert t.summary == "COW Formal Alliance 5:" and {m.state for m in t.memberships} == {"SUN", "USA"}
    assert [p.type.value for p in t.provisions] == ["neutrality"]
    usa = next(m for m in t.memberships if m.state == "USA")
    assert usa.phases[0].start is None and str(t.ended.date) == "1970-01-01"


def test_each_dataset_flag_becomes_its_provision_once():
    assert _provisions({}, "S", "n") == []
    flags = {"defense": 1, "offense": 1, "neutral": 1, "neutrality": 1, "nonagg": 1, "consul": 1,
             "entente": 1, "noothall": 1, "defcoloc": 1, "defcoadv": 1}  # fmt: skip
    out = _provisions(flags, "S", "note")
    assert [p["type"] for p in out] == ["defense", "offense", "neutrality", "nonaggression", "consultation",
                                        "exclusivity"]  # fmt: skip
    defence = out[0]
    assert defence["assistance"] == "military" and defence["summary"] == "defense (note)"
    assert [c["kind"] for c in defence["conditions"]] == ["geographic", "named_adversary"]
    assert out[4]["assistance"] == "consultation" and out[5]["reading"] == "any"
    assert all(p["source"] == ["S"] and p["coding_confidence"] == "verified" for p in out)
    for col, kind in (
        ("nonaggression", "nonaggression"),
        ("entente", "consultation"),
        ("neutral", "neutrality"),
    ):
        assert [p["type"] for p in _provisions({col: 1}, "S", "n")] == [kind]
