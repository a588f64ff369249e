"""Event triggers: lexicon matches that survive the "did it happen?" filters.

A trigger word is dropped when its clause reports something other than a fact that
happened: a plan or threat ("تستعد لـ", "threatened to"), a negation ("لم", "نفى"),
a hypothetical ("في حال"), background history ("سبق أن", "in 2015"), or a relative
clause that refers back to an event told elsewhere ("المواقع التي انسحبت منها").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..knowledge import NegationCue, TriggerEntry, load_negation_cues, load_triggers
from ..lang.ar.normalize import NormalizedText
from ..match import PhraseMatcher
from ..types import DateMention, Trigger
from .compose import ComposedTriggers

# How far back (in characters of the same clause) a blocking cue reaches: a negation or
# a plan governs the coordinated verbs after it; a history cue only its neighbour.
_CUE_REACH = {"history": 70, "year": 70, "breach": 60, "support": 30}
# Kinds that tell only about one sub-type's trigger right after them: "خروقات لاتفاق وقف
# إطلاق النار" names an agreement already in force (the breach is the news), "مدعومة
# بالطيران المروحي" air support of a ground operation (no strike is told).
_ONLY = {"breach": "Agreement", "support": "Air/drone strike"}
_DEFAULT_REACH = 160
# A relative pronoun right before a trigger: the verb describes a noun, not a new event.
_RELATIVE_BEFORE = re.compile(r"(?:التي|الذي|اللذين|اللتين|اللواتي|الذين|التى|which|that|who)"
                              r"\s+(?:\S+\s+)?$")

# "ويرى مراقبون أن هذه الغارات تمثل خروقات": a demonstrative points back to an event
# the report has told already.
_DEMONSTRATIVE_BEFORE = re.compile(r"(?<!\S)(?:هذه|هذا|هذين|هاتين|تلك|these|this)\s+$")

# English "that" after a verb of saying or knowing opens reported speech, not a relative
# clause: "activists reported that protests broke out" tells the protests as news.
_SAYING_THAT = re.compile(
    r"(?<![A-Za-z])(?:said|says|say|stated|states|reported|reports|added|announced|confirmed|"
    r"claimed|noted|told\s+\S+|showed|indicated|revealed|learned|explained|mentioned)"
    r"\s+that\s+(?:\S+\s+)?$"
)


_ATTACKED_BEFORE = re.compile(
    r"(?<![A-Za-z])(?:attacked|targeted|ambushed|hit|struck|bombed)\s+(?:the\s+|an?\s+)?"
    r"(?:[\w-]+\s+){0,2}$"
    # "انفجار عبوة ناسفة على رتل", "مستهدفة رتل دعم لوجستي": the convoy is the target
    r"|(?:^|\s)(?:على|\S*ستهدف\S*|هاجم\S*|كمين\S*\s+ل)\s+$"
)


# "عام 2018", "سنة 2015", "صيف 2014", "in 2016": compared with the report's own year.
_YEAR = re.compile(r"(?:عام|العام|سنة|صيف|شتاء|ربيع|خريف|مطلع|أواخر|أوائل|منتصف|in|since|منذ)"
                   r"\s+((?:19|20)\d\d)(?!\d)")
_YEAR_AFTER = 40
_WITHOUT_GAP = 2


def reference_year(text: str, published_year: int | None) -> int | None:
    """The report's own year: its publication year, else the latest year it mentions."""
    if published_year is not None:
        return published_year
    years = [int(y) for y in re.findall(r"(?<!\d)((?:19|20)\d\d)(?!\d)", text)]
    return max(years) if years else None


@dataclass(slots=True)
class TriggerFinder:
    lang: str
    matcher: PhraseMatcher[TriggerEntry]
    blockers: PhraseMatcher[NegationCue]
    composed: ComposedTriggers

    @classmethod
    def build(cls, lang: str) -> TriggerFinder:
        matcher: PhraseMatcher[TriggerEntry] = PhraseMatcher()
        for entry in load_triggers(lang):
            matcher.add(entry.pattern, entry, allow_suffix=entry.suffix)
        blockers: PhraseMatcher[NegationCue] = PhraseMatcher()
        for cue in load_negation_cues():
            if cue.lang in (lang, "*", None):
                blockers.add(cue.pattern, cue, allow_suffix=True)
        return cls(lang, matcher, blockers, ComposedTriggers.build(lang))

    def find(self, text: str, view: NormalizedText, bounds: list[tuple[int, int]],
             ref_year: int | None = None) -> list[Trigger]:
        """Triggers in ``text``; ``bounds`` are clause spans limiting each cue's reach;
        a year before ``ref_year`` next to a trigger marks it as history."""
        blocks = [(*view.to_original(m.start, m.end), m.payloads[0].kind)
                  for m in self.blockers.find(view)]
        if ref_year is not None:
            blocks += [(m.start(), m.end(), "year") for m in _YEAR.finditer(text)
                       if int(m.group(1)) < ref_year]
        out: list[Trigger] = []
        for m in self.matcher.find(view):
            start, end = view.to_original(m.start, m.end)
            entry = _best(m.payloads)
            clause_start = next((s for s, e in bounds if s <= start < e), 0)
            if _blocked(text, start, clause_start, blocks, entry.sub_event_type):
                continue
            if entry.frame == "movement" and \
                    _ATTACKED_BEFORE.search(text[max(clause_start, start - 40):start]):
                continue  # "gunmen attacked the convoy of the governor": a target, no move
            out.append(Trigger(start, end, text[start:end], entry.sub_event_type,
                               entry.weight, entry.frame))
        for t in self.composed.find(text, view, bounds):
            clause_start = next((s for s, e in bounds if s <= t.start < e), 0)
            if not _blocked(text, t.start, clause_start, blocks, t.sub_event_type) \
                    and not _covered(t, out):
                out.append(t)
        out.sort(key=lambda t: t.start)
        return out


def _covered(t: Trigger, found: list[Trigger]) -> bool:
    """A phrase trigger of the same sub-type already stands inside the composed span."""
    return any(f.sub_event_type == t.sub_event_type and t.start <= f.start < t.end
               for f in found)


def _best(entries: tuple[TriggerEntry, ...]) -> TriggerEntry:
    return max(entries, key=lambda e: e.weight)


def _blocked(text: str, start: int, clause_start: int,
             blocks: list[tuple[int, int, str]], sub_event_type: str = "") -> bool:
    for b_start, b_end, kind in blocks:
        if kind in _ONLY and _ONLY[kind] != sub_event_type:
            continue
        if kind == "without":
            # only the word right after: "دون قتال", but not "طائرة بدون طيار استهدفت"
            if 0 <= start - b_end <= _WITHOUT_GAP:
                return True
            continue
        reach = max(clause_start, start - _CUE_REACH.get(kind, _DEFAULT_REACH))
        if reach <= b_start and b_end <= start:
            return True
        if kind == "year" and start < b_start <= start + _YEAR_AFTER:
            return True  # "اتفاقية التسوية عام 2018"
    window = text[max(clause_start, start - 40):start]
    if _DEMONSTRATIVE_BEFORE.search(window):
        return True
    rel = _RELATIVE_BEFORE.search(window)
    return rel is not None and not _SAYING_THAT.search(window, 0, rel.end())


def outside_dates(triggers: list[Trigger], dates: list[DateMention]) -> list[Trigger]:
    """A word that is part of a date ("March 6", "on March 3") names a month, not a march."""
    return [t for t in triggers
            if not any(d.start <= t.start and t.end <= d.end for d in dates)]
