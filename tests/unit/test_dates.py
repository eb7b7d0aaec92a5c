import datetime as dt

import pytest

from foedus.kb.dates import DateError, FuzzyDate, Precision, Tri, holds_on, parse_day


def test_precision_is_kept():
    assert FuzzyDate.parse("1999").precision is Precision.YEAR
    assert FuzzyDate.parse("2024-05").precision is Precision.MONTH
    assert FuzzyDate.parse(dt.date(2024, 2, 22)).precision is Precision.DAY
    assert str(FuzzyDate.parse("2024-05")) == "2024-05"


def test_imprecise_date_spans_its_interval():
    d = FuzzyDate.parse("2024-02")
    assert (d.earliest, d.latest) == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert d.exact is None


@pytest.mark.parametrize("bad", ["2023-02-29", "2024-13", "2024-04-31", "99-1-1", "yesterday"])
def test_impossible_dates_are_rejected(bad):
    with pytest.raises(DateError):
        FuzzyDate.parse(bad)


def test_query_dates_must_be_days():
    assert parse_day("2016-09-01") == dt.date(2016, 9, 1)
    with pytest.raises(DateError, match="YYYY-MM-DD"):
        parse_day("2016-09")


def test_holds_on_is_half_open_and_uncertain_inside_imprecision():
    start, end = FuzzyDate.parse("1999"), FuzzyDate.parse("2006-08-16")
    assert holds_on(start, end, dt.date(1999, 6, 1)) is Tri.UNKNOWN
    assert holds_on(start, end, dt.date(2000, 1, 1)) is Tri.TRUE
    assert holds_on(start, end, dt.date(2006, 8, 16)) is Tri.FALSE
    assert holds_on(start, end, dt.date(2006, 8, 15)) is Tri.TRUE
    assert holds_on(None, None, dt.date(1900, 1, 1)) is Tri.TRUE


def test_tri_refuses_truthiness():
    with pytest.raises(TypeError):
        bool(Tri.TRUE)
    assert (Tri.TRUE & Tri.UNKNOWN) is Tri.UNKNOWN
    assert (Tri.UNKNOWN & Tri.FALSE) is Tri.FALSE
