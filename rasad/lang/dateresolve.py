"""Resolution of a parsed time expression against the publication date.

Conventions (ACLED time precision: 1 day, 2 week, 3 month):
- A weekday alone ("صباح الأربعاء", "on Monday") is the most recent such day on or
  before publication; with "yesterday"/"أمس" or "last"/"الماضي" it is strictly before.
  When "أمس" and a weekday disagree the weekday wins (reports are often dated a day
  after they were written).
- A day and month without a year take the publication year, or the year before when
  that would put the date more than two days after publication.
- Intervals ("خلال اليومين الماضيين", "over the past two days") end at publication;
  their precision follows their length: up to 2 days -> 1, up to 7 -> 2, longer -> 3.
- "last week"/"الأسبوع الماضي" is the 7 days before publication (precision 2);
  "last month"/"الشهر الماضي" the previous calendar month (precision 3).
- "N days ago"/"منذ يومين"/"قبل يومين" is a single day; vague "قبل أيام" ("days ago")
  is the week before publication.
- Without a publication date, relative expressions keep their text and precision,
  with ``start_date``/``end_date`` None and ``relative=True``.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

WITHIN, SINCE, AGO, UNTIL = 0, 1, 2, 3
HOURS = -24


@dataclass(slots=True)
class Parts:
    """What a time expression states; None where it says nothing."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    numdate: date | None = None
    weekday: int | None = None
    relday: int | None = None
    shift: int | None = None
    period: int | None = None  # days per unit; HOURS for hours
    plural: str = "sg"  # sg, du (the unit word is a dual: "يومين") or pl ("أيام")
    count: int | None = None  # "two" in "two days"
    prep: int | None = None

    def has_point(self) -> bool:
        return (self.numdate is not None or self.month is not None
                or self.weekday is not None or self.relday is not None)


Resolved = tuple[date | None, date | None, int, bool]  # start, end, precision, relative


def span_precision(start: date, end: date) -> int:
    days = (end - start).days
    return 1 if days <= 2 else 2 if days <= 7 else 3


def _month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _infer_year(p: Parts, pub: date | None, day: int) -> int | None:
    if p.year is not None:
        return p.year
    if pub is None:
        return None
    if p.shift == 0:
        return pub.year
    d = _safe_date(pub.year, p.month or 1, day)
    if d is not None and d > pub + timedelta(days=2):
        return pub.year - 1
    return pub.year


def _calendar(p: Parts, pub: date | None) -> Resolved | None:
    if p.numdate is not None:
        return p.numdate, p.numdate, 1, False
    if p.month is None:
        return None
    relative = p.year is None
    if p.day is not None:
        year = _infer_year(p, pub, p.day)
        d = _safe_date(year, p.month, p.day) if year is not None else None
        return d, d, 1, relative
    year = _infer_year(p, pub, 1)
    if year is None:
        return None, None, 3, relative
    start, end = _month_range(year, p.month)
    return start, end, 3, relative


def _weekday(p: Parts, pub: date | None) -> Resolved:
    if pub is None or p.weekday is None:
        return None, None, 1, True
    strict = p.relday == -1 or p.shift == -1
    back = (pub.weekday() - p.weekday) % 7
    if back == 0 and strict:
        back = 7
    if p.shift == 1:
        back = -((p.weekday - pub.weekday()) % 7 or 7)
    d = pub - timedelta(days=back)
    return d, d, 1, True


def _point(p: Parts, pub: date | None) -> Resolved | None:
    cal = _calendar(p, pub)
    if cal is not None:
        return cal
    if p.weekday is not None:
        return _weekday(p, pub)
    if p.relday is not None:
        d = pub + timedelta(days=p.relday) if pub is not None else None
        return d, d, 1, True
    return None


def _unit_precision(unit: int) -> int:
    return 1 if unit in (1, HOURS) else 2 if unit == 7 else 3


def _single_period(p: Parts, pub: date, unit: int) -> tuple[date, date, int]:
    """"last week", "الشهر الماضي", "هذا الأسبوع": one unnamed calendar unit."""
    if unit == 30 and p.shift == -1:
        prev = pub.replace(day=1) - timedelta(days=1)
        return (*_month_range(prev.year, prev.month), 3)
    if unit == 30:
        return pub.replace(day=1), pub, 3
    if unit == 7 and p.shift == -1:
        return pub - timedelta(days=7), pub - timedelta(days=1), 2
    if unit == 7:
        return pub - timedelta(days=6), pub, 2
    if p.shift == -1:
        return pub - timedelta(days=1), pub - timedelta(days=1), 1
    return pub, pub, 1


def _period_dates(p: Parts, pub: date, unit: int, count: int | None) -> Resolved:
    if unit == HOURS:
        days = max(1, -(-(count or 24) // 24))
        return pub - timedelta(days=days), pub, 1, True
    if count is None and p.plural == "pl":  # vague "قبل أيام", "over the past days"
        start = pub - timedelta(days=7 * unit)
        end = pub - timedelta(days=unit) if p.prep in (SINCE, AGO) else pub
        return start, end, span_precision(start, end), True
    if count is None:
        start, end, prec = _single_period(p, pub, unit)
        return start, end, prec, True
    if p.prep in (SINCE, AGO):
        d = pub - timedelta(days=count * unit)
        return d, d, _unit_precision(unit), True
    start = pub - timedelta(days=count * unit)
    return start, pub, span_precision(start, pub), True


def _period(p: Parts, pub: date | None) -> Resolved | None:
    unit = p.period
    if unit is None or (p.prep is None and p.shift is None):
        return None
    count = p.count if p.count is not None else 2 if p.plural == "du" else None
    if count is None and p.plural == "sg" and p.prep in (SINCE, AGO):
        count = 1  # "قبل أسبوع", "a week ago"
    if pub is None:
        vague = count is None and p.plural == "pl"
        return None, None, 2 if vague else _unit_precision(unit), True
    return _period_dates(p, pub, unit, count)


def resolve(p: Parts, pub: date | None, until: Parts | None = None) -> Resolved | None:
    """Dates for parsed parts; ``until`` is the end point of "منذ ... حتى ..."."""
    point = _point(p, pub)
    if point is None:
        return _period(p, pub)
    start, end, prec, rel = point
    if until is not None:
        end_point = _point(until, pub)
        if end_point is not None:
            end, rel = end_point[1], rel or end_point[3]
    elif p.prep == SINCE:
        end = pub if pub is not None else None
    if start is not None and end is not None and end != start:
        end = max(end, start)
        prec = max(prec, span_precision(start, end))
    return start, end, prec, rel
