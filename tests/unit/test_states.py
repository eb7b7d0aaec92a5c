import datetime as dt

import pytest

from foedus.kb.states import UnknownStateError, state, state_for_ccode


@pytest.mark.parametrize(
    "text,code",
    [
        ("RUS", "RUS"),
        ("Russia", "RUS"),
        ("United States", "USA"),
        ("Tajikistan", "TJK"),
        ("USSR", "SUN"),
        ("East Germany", "DDR"),
        ("Czechoslovakia", "CSK"),
        ("yugoslavia", "YUG"),
    ],
)
def test_names_and_codes_resolve(text, code):
    assert state(text).code == code


def test_historical_states_are_marked():
    assert state("SUN").historical and not state("RUS").historical
    assert state("DDR").ccode == 265


def test_unknown_state_suggests_nearest():
    with pytest.raises(UnknownStateError) as exc:
        state("Tajikistn")
    assert any("TJK" in s for s in exc.value.suggestions)


def test_cow_code_365_depends_on_date():
    assert state_for_ccode(365, dt.date(1985, 1, 1)).code == "SUN"
    assert state_for_ccode(365, dt.date(1995, 1, 1)).code == "RUS"
    assert state_for_ccode(2).code == "USA"
