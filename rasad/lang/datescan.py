"""Language-independent scanning of time expressions over a normalized view.

Tokens are classified with the time lexicon (month, weekday, relday ...), adjacent
classified tokens form runs, and a run is read left to right into :class:`Parts`,
starting a new expression when a slot is filled twice ("الأحد 29 ... والجمعة 20 ...").
Numbers count only next to a month (day, year), after a year word, or before a period
unit ("3 أيام"), so "الفوج 47" or a bare "2019" never become dates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from ..types import DateMention
from .ar.normalize import NormalizedText, as_view
from .dateresolve import SINCE, UNTIL, Parts, resolve
from .quantities import NumberMatch
from .scan import TokenIndex, Variants, VTok, candidate_indices, lookup, token_index, view_tokens
from .timelex import time_lexicon

_NUMDATE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$|^(\d{4})-(\d{1,2})-(\d{1,2})$")
_PERIODS = ("period", "periods", "perioddual")
_SIGNIFICANT = ("numdate", "month", "weekday", "relday", "num", *_PERIODS, "prep", "shift",
                "yearword")


@dataclass(slots=True, frozen=True)
class DateGrammar:
    lang: str
    variants: Variants  # lookup forms of a written word ("والأحد" -> "الاحد")
    parse_count: Callable[[Sequence[VTok], int], NumberMatch | None]
    month_needs_day: frozenset[str]  # "may", "mar": months only with a day number
    lone_month_cues: frozenset[str]  # "في أيلول", "in September"
    lead_words: frozenset[str]  # connectors kept at the start of the text ("يوم")
    number_starters: frozenset[str]  # the words parse_count may begin with (digits aside)


@dataclass(slots=True)
class Item:
    i: int
    j: int
    kinds: dict[str, int]
    num: int | None = None
    approx: bool = False
    digits: bool = False
    numdate: date | None = None

    def main(self) -> str:
        for kind in _SIGNIFICANT:
            if kind in self.kinds:
                return kind
        return next(iter(self.kinds), "connector")


def _numdate(text: str) -> date | None:
    m = _NUMDATE.match(text)
    if m is None:
        return None
    if m.group(4):
        y, mo, d = int(m.group(4)), int(m.group(5)), int(m.group(6))
    else:
        d, mo, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if mo > 12 >= d:
            d, mo = mo, d  # month/day/year when day/month/year is impossible
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _classify(toks: Sequence[VTok], g: DateGrammar, index: TokenIndex | None = None) -> list[Item]:
    lex = time_lexicon(g.lang)
    items: list[Item] = []
    i = 0
    for candidate in candidate_indices(toks, g.number_starters, [(lex.entries, g.variants)],
                                       index):
        if candidate < i:
            continue  # inside the item just read
        i = candidate
        text = toks[i].text
        hit = lookup(toks, i, lex.entries, lex.max_len, g.variants)
        nd = _numdate(text) if toks[i].is_digits else None
        num = g.parse_count(toks, i) if hit is None and nd is None else None
        if nd is not None:
            items.append(Item(i, i + 1, {"numdate": 0}, numdate=nd))
        elif hit is not None:
            items.append(Item(i, i + hit[1], dict(hit[0])))
        elif num is not None and num.end > i:
            items.append(Item(i, num.end, {"num": num.value}, num.value, num.approximate,
                              toks[i].is_digits))
        i = items[-1].j if items and items[-1].i == i else i + 1
    return items


def _runs(items: list[Item]) -> list[list[Item]]:
    runs: list[list[Item]] = []
    for it in items:
        if runs and runs[-1][-1].j == it.i:
            runs[-1].append(it)
        else:
            runs.append([it])
    return runs


@dataclass(slots=True)
class _Expr:
    parts: Parts = field(default_factory=Parts)
    until: Parts | None = None
    used: list[Item] = field(default_factory=list)

    @property
    def target(self) -> Parts:
        return self.until if self.until is not None else self.parts


def _neighbor(run: list[Item], k: int, step: int) -> Item | None:
    """The next significant item in direction ``step``, skipping up to two connectors
    ("23rd of March" has "rd" and "of")."""
    for m in (k + step, k + 2 * step, k + 3 * step):
        if 0 <= m < len(run):
            if run[m].main() != "connector":
                return run[m]
        else:
            return None
    return None


def _num_role(run: list[Item], k: int, t: Parts) -> str | None:
    it, nxt, prv = run[k], _neighbor(run, k, 1), _neighbor(run, k, -1)
    v = it.num or 0
    nkind = nxt.main() if nxt else ""
    pkind = prv.main() if prv else ""
    if it.digits and 1900 <= v <= 2100 and (t.month is not None or pkind == "yearword"):
        return "year"
    if it.digits and 1 <= v <= 31 and t.day is None and t.numdate is None:
        if nkind == "month" and t.month is None:
            return "day"
        if pkind == "month" and t.month is not None:
            return "day"
    if nkind in _PERIODS:
        return "count"
    return None


def _apply_num(e: _Expr, run: list[Item], k: int) -> bool | None:
    t, it = e.target, run[k]
    role = _num_role(run, k, t)
    if role is None:
        return None
    if role == "day":
        t.day = it.num
    elif role == "year":
        t.year = it.num
    else:
        t.count = None if it.approx else it.num
    return True


def _apply_calendar(e: _Expr, it: Item, kind: str, last: str | None) -> bool:
    t = e.target
    if kind == "numdate":
        if t.numdate is not None or t.month is not None:
            return False
        t.numdate = it.numdate
    elif kind == "month":
        if t.month is not None or t.numdate is not None:
            return last == "month"  # "أيلول/ سبتمبر": the same month twice
        t.month = it.kinds["month"]
    elif kind == "weekday":
        if t.weekday is not None:
            return False
        t.weekday = it.kinds["weekday"]
    elif kind == "relday":
        if t.relday is not None:
            return False
        t.relday = it.kinds["relday"]
    return True


def _has_anchor(p: Parts) -> bool:
    return p.has_point() or p.period is not None


def _apply_prep(e: _Expr, it: Item) -> bool:
    t, v = e.target, it.kinds["prep"]
    if v == UNTIL:
        if e.until is None and _has_anchor(e.parts):
            e.until = Parts()
            return True
        return False
    if t.prep is None and not _has_anchor(t):
        t.prep = v
        return True
    if t.prep is None and t.period is not None and v != SINCE:
        t.prep = v  # "two days ago"
        return True
    return False


def _apply_period(e: _Expr, it: Item, kind: str) -> bool:
    t = e.target
    if t.period is not None:
        return False
    t.period = it.kinds[kind]
    t.plural = {"period": "sg", "periods": "pl", "perioddual": "du"}[kind]
    return True


def _role_kind(run: list[Item], k: int, e: _Expr) -> str:
    """The item's kind here; a word that is both a filler and a unit ("يوم") is a unit
    only after a count or a preposition, or before a shift ("يوم الأحد" vs "منذ يوم")."""
    it = run[k]
    kind = it.main()
    if kind in _PERIODS and "connector" in it.kinds:
        nxt = _neighbor(run, k, 1)
        counted = e.target.count is not None or e.target.prep is not None
        if not counted and not (nxt is not None and nxt.main() == "shift"):
            return "connector"
    return kind


def _apply(e: _Expr, run: list[Item], k: int, kind: str, last: str | None) -> bool | None:
    it = run[k]
    if kind == "num":
        return _apply_num(e, run, k)
    if kind in ("numdate", "month", "weekday", "relday"):
        return _apply_calendar(e, it, kind, last)
    if kind == "prep":
        return _apply_prep(e, it)
    if kind in _PERIODS:
        return _apply_period(e, it, kind)
    if kind == "shift" and e.target.shift is None:
        e.target.shift = it.kinds["shift"]
    return True


def _read_run(run: list[Item]) -> list[_Expr]:
    exprs: list[_Expr] = [_Expr()]
    last: str | None = None
    for k, it in enumerate(run):
        kind = _role_kind(run, k, exprs[-1])
        if kind == "connector":
            continue
        ok = _apply(exprs[-1], run, k, kind, last)
        if ok is False:
            exprs.append(_Expr())
            ok = _apply(exprs[-1], run, k, kind, None)
        if ok is None:
            exprs.append(_Expr())
            last = None
            continue
        if ok:
            exprs[-1].used.append(it)
            last = kind
    return [e for e in exprs if e.used]


def _month_ok(e: _Expr, toks: Sequence[VTok], g: DateGrammar) -> bool:
    p = e.parts
    if p.month is None or p.day is not None or p.numdate is not None:
        return True
    first = e.used[0].i
    if p.prep is not None or (first > 0 and toks[first - 1].text in g.lone_month_cues):
        return True
    month_items = [it for it in e.used if it.main() == "month"]
    if any(toks[it.i].text in g.month_needs_day for it in month_items):
        return False
    return p.year is not None or p.shift is not None


def _mention(e: _Expr, view: NormalizedText, toks: Sequence[VTok], g: DateGrammar,
             published: date | None) -> DateMention | None:
    p = e.parts
    if not _has_anchor(p) or not _month_ok(e, toks, g):
        return None
    resolved = resolve(p, published, e.until)
    if resolved is None:
        return None
    first = e.used[0].i
    if first > 0 and toks[first - 1].text in g.lead_words:
        first -= 1
    last = e.used[-1].j
    if last < len(toks) and toks[last].text in ")]" and any(
            t.text in "([" for t in toks[first:last]):
        last += 1  # "أمس (الإثنين)": keep the closing bracket
    s, end = view.to_original(toks[first].start, toks[last - 1].end)
    start_date, end_date, precision, relative = resolved
    return DateMention(s, end, view.original[s:end], start_date, end_date, precision,
                       relative)


def _implied_published(exprs: list[_Expr]) -> date | None:
    """Without a publication date, "أمس الاثنين 23 أيلول 2019" still tells us the
    report's own "today": the full date minus the relative day."""
    for e in exprs:
        p = e.parts
        if p.relday is None:
            continue
        full = p.numdate
        if full is None and p.year is not None and p.month is not None and p.day is not None:
            try:
                full = date(p.year, p.month, p.day)
            except ValueError:
                continue
        if full is not None:
            return full - timedelta(days=p.relday)
    return None


def scan_dates(text: str | NormalizedText, published: date | None,
               g: DateGrammar) -> list[DateMention]:
    """Time expressions of ``text`` resolved against ``published``, in original offsets.

    When ``published`` is None, a full date stated together with a relative day
    anchors the other relative expressions of the same text.
    """
    view = as_view(text)
    toks = view_tokens(view.text)
    runs = _runs(_classify(toks, g, token_index(view.text)))
    exprs = [e for run in runs for e in _read_run(run)]
    anchor = published if published is not None else _implied_published(exprs)
    out: list[DateMention] = []
    for e in exprs:
        mention = _mention(e, view, toks, g, anchor)
        if mention is not None:
            out.append(mention)
    return out
