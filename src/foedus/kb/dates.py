"""Dates known to a day, a month or only a year, kept at the precision the sources give.

A `FuzzyDate` stands for the interval of days it could be. Comparisons against an exact day
answer True, False or UNKNOWN, so a membership that began "in 1999" is neither silently moved
to 1 January nor to any other day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import dataclass

from foedus.errors import InputError


class Tri(enum.Enum):
    """Three-valued truth: used wherever the sources may not settle a question."""

    TRUE = "true"
    FALSE = "false"
    UNKNOWN = "unknown"

    def __bool__(self) -> bool:  # pragma: no cover - guard against accidental truthiness
        raise TypeError("Tri has no truth value; compare with Tri.TRUE explicitly")

    @classmethod
    def of(cls, value: bool) -> Tri:
        return cls.TRUE if value else cls.FALSE

    def __and__(self, other: Tri) -> Tri:
        if Tri.FALSE in (self, other):
            return Tri.FALSE
        if Tri.UNKNOWN in (self, other):
            return Tri.UNKNOWN
        return Tri.TRUE

    def as_json(self) -> bool | str:
        return {Tri.TRUE: True, Tri.FALSE: False, Tri.UNKNOWN: "unknown"}[self]


class Precision(enum.StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


# ASCII digits only: Python's \d would also take full-width and other scripts' digits.
_PATTERN = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")
YEARS = (1, 9999)  # what a calendar day (datetime.date) can hold


class DateError(InputError, ValueError):
    """A date that is malformed or impossible (e.g. 2023-02-30)."""


@dataclass(frozen=True, order=False)
class FuzzyDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not YEARS[0] <= self.year <= YEARS[1]:
            raise DateError(f"year {self.year} is not between {YEARS[0]} and {YEARS[1]}")
        if self.day is not None and self.month is None:
            raise DateError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise DateError(f"month {self.month} is not between 1 and 12")
        if self.day is not None:
            last = calendar.monthrange(self.year, self.month)[1]
            if not 1 <= self.day <= last:
                raise DateError(f"{self.year:04d}-{self.month:02d} has {last} days, not day {self.day}")

    @classmethod
    def parse(cls, value: object) -> FuzzyDate:
        """Accept 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', an int year, or a datetime.date."""
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            return cls(value)
        if isinstance(value, str):
            m = _PATTERN.match(value.strip())
            if m:
                y, mo, d = m.groups()
                return cls(int(y), int(mo) if mo else None, int(d) if d else None)
        raise DateError(f"expected a date as YYYY, YYYY-MM or YYYY-MM-DD, found {value!r}")

    @property
    def precision(self) -> Precision:
        if self.day is not None:
            return Precision.DAY
        return Precision.MONTH if self.month is not None else Precision.YEAR

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        if self.day is not None:
            return dt.date(self.year, self.month, self.day)
        if self.month is not None:
            return dt.date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])
        return dt.date(self.year, 12, 31)

    @property
    def exact(self) -> dt.date | None:
        return self.earliest if self.precision is Precision.DAY else None

    def on_or_before(self, day: dt.date) -> Tri:
        """Has this (possibly imprecise) date happened by `day`?"""
        if self.latest <= day:
            return Tri.TRUE
        if self.earliest > day:
            return Tri.FALSE
        return Tri.UNKNOWN

    def __str__(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


def parse_day(text: str) -> dt.date:
    """Parse a query date, which must be an exact day (YYYY-MM-DD)."""
    fuzzy = FuzzyDate.parse(text)
    if fuzzy.precision is not Precision.DAY:
        raise DateError(f"expected a day as YYYY-MM-DD, found {text!r}")
    return fuzzy.earliest


def day_of(text: str, field: str = "on") -> dt.date:
    """An exact day for a question judged on one (obligations, audits); a month or a year is an
    error that says so. `field` names the input in the message (`--on`, `on`)."""
    try:
        return parse_day(text)
    except DateError as exc:
        try:
            vague = FuzzyDate.parse(text).precision is not Precision.DAY
        except DateError:
            vague = False
        why = " (this question is judged on an exact day)" if vague else ""
        raise DateError(f"{field}: {exc}{why}") from None


def period_of(text: str, field: str = "on") -> dt.date | FuzzyDate:
    """A day, a month or a year (membership questions): a day comes back as a date."""
    try:
        found = FuzzyDate.parse(text)
    except DateError as exc:
        raise DateError(f"{field}: {exc}") from None
    return found.exact or found


def holds_on(start: FuzzyDate | None, end: FuzzyDate | None, day: dt.date) -> Tri:
    """Does the half-open interval [start, end) contain `day`? Open ends are unbounded."""
    began = Tri.TRUE if start is None else start.on_or_before(day)
    if end is None:
        return began
    ended = end.on_or_before(day)
    not_ended = {Tri.TRUE: Tri.FALSE, Tri.FALSE: Tri.TRUE, Tri.UNKNOWN: Tri.UNKNOWN}[ended]
    return began & not_ended


def holds_during(start: FuzzyDate | None, end: FuzzyDate | None, span: FuzzyDate) -> Tri:
    """Does [start, end) hold over a whole month or year? TRUE if on every day of `span`, FALSE if
    on none, UNKNOWN if on part of it (or if imprecise dates leave it open)."""
    first, last = holds_on(start, end, span.earliest), holds_on(start, end, span.latest)
    if first is Tri.TRUE and last is Tri.TRUE:
        return Tri.TRUE  # one interval: true at both ends is true throughout
    if first is Tri.FALSE and last is Tri.FALSE:
        nonempty = start is not None and (end is None or end.latest > start.earliest)
        inside = nonempty and span.earliest < start.earliest <= span.latest  # begins (and maybe ends) within
        return Tri.UNKNOWN if inside else Tri.FALSE
    return Tri.UNKNOWN


def holds_at(start: FuzzyDate | None, end: FuzzyDate | None, when: dt.date | FuzzyDate) -> Tri:
    """`holds_on` for a day, `holds_during` for a month or a year."""
    return holds_during(start, end, when) if isinstance(when, FuzzyDate) else holds_on(start, end, when)
