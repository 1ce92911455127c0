"""Dates with a stated precision.

A source rarely dates a fact to the day. ``FuzzyDate`` keeps what the source
says ("June 2020", "early June 2020", "2015") as text plus a precision, and
exposes the span of days it can denote: ``earliest`` and ``latest``.

The time logic keys every boundary on ``earliest``: a record dated "June 2020"
takes effect on 2020-06-01 for ordering and interval tests, and a snapshot
taken inside the span [earliest, latest] is flagged as uncertain rather than
pretending to know the day.

Precisions and the text each one takes:

==============  ===========  ==========================
precision       text         span
==============  ===========  ==========================
``day``         YYYY-MM-DD   that day
``early-month`` YYYY-MM      days 1-10
``mid-month``   YYYY-MM      days 11-20
``late-month``  YYYY-MM      day 21 to the month's end
``month``       YYYY-MM      the whole month
``year``        YYYY         the whole year
==============  ===========  ==========================
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

PRECISIONS = ("day", "early-month", "mid-month", "late-month", "month", "year")

_PATTERNS = {
    "day": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "early-month": re.compile(r"^\d{4}-\d{2}$"),
    "mid-month": re.compile(r"^\d{4}-\d{2}$"),
    "late-month": re.compile(r"^\d{4}-\d{2}$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "year": re.compile(r"^\d{4}$"),
}
_SHAPES = {"day": "YYYY-MM-DD", "year": "YYYY"}
_PART_LABEL = {"early-month": "early", "mid-month": "mid", "late-month": "late"}


class DateError(ValueError):
    """A date text that does not fit its precision or the calendar."""


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A date as a source gives it: ``earliest``/``latest`` bound the days it may mean."""

    earliest: dt.date
    latest: dt.date
    precision: str
    text: str

    @property
    def is_exact(self) -> bool:
        return self.precision == "day"

    def covers(self, day: dt.date) -> bool:
        """True when ``day`` lies in the span this date may denote."""
        return self.earliest <= day <= self.latest

    def label(self) -> str:
        """A human label: '5 Jun 2020', 'early Jun 2020', 'Jun 2020', '2015'."""
        if self.precision == "day":
            return day_label(self.earliest)
        if self.precision == "year":
            return self.text
        month = f"{self.earliest:%b %Y}"
        part = _PART_LABEL.get(self.precision)
        return f"{part} {month}" if part else month


def parse_fuzzy_date(text: str, precision: str) -> FuzzyDate:
    """Parse ``text`` at ``precision``; raise ``DateError`` naming what is wrong."""
    text = (text or "").strip()
    precision = (precision or "").strip()
    if precision not in PRECISIONS:
        raise DateError(f"unknown precision {precision!r}; expected one of {', '.join(PRECISIONS)}")
    if not _PATTERNS[precision].match(text):
        shape = _SHAPES.get(precision, "YYYY-MM")
        raise DateError(f"{text!r} does not match precision {precision!r} (expected {shape})")
    parts = [int(p) for p in text.split("-")]
    try:
        earliest, latest = _span(parts, precision)
    except ValueError as exc:
        raise DateError(f"{text!r} is not a real date ({exc})") from None
    return FuzzyDate(earliest, latest, precision, text)


def _span(parts: list[int], precision: str) -> tuple[dt.date, dt.date]:
    if precision == "day":
        day = dt.date(*parts)
        return day, day
    if precision == "year":
        return dt.date(parts[0], 1, 1), dt.date(parts[0], 12, 31)
    year, month = parts
    last = calendar.monthrange(year, month)[1] if 1 <= month <= 12 else 0
    first_day, last_day = {
        "early-month": (1, 10),
        "mid-month": (11, 20),
        "late-month": (21, last),
        "month": (1, last),
    }[precision]
    return dt.date(year, month, first_day), dt.date(year, month, last_day)


def day_label(day: dt.date) -> str:
    """'5 Jun 2020'."""
    return f"{day.day} {day:%b %Y}"


def parse_day(text: str) -> dt.date:
    """Parse an exact ISO day (YYYY-MM-DD), as taken by the CLI and the app."""
    try:
        return dt.date.fromisoformat(text.strip())
    except (AttributeError, ValueError):
        raise DateError(f"{text!r} is not a date in the form YYYY-MM-DD") from None
