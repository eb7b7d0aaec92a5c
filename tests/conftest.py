import datetime as dt

import pytest

from foedus.kb.base import bundled


@pytest.fixture(scope="session")
def kb():
    return bundled()


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
