"""mentions.places.v1: place mentions with their relational cue ("ريف X الشرقي", "قرب X").

Names come from the gazetteer (a clitic-aware PhraseMatcher over every spelling); the
words around a name decide whether it is a place at all (not "تدمر" the verb, not the
"اللبناني" of an actor name, not a person after "القيادي") and how the report locates
an event relative to it. Candidate places go to ``alternatives``; geocode picks one.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from ..gazetteer import Gazetteer
from ..gazetteer.embedded import load_word_frequencies
from ..gazetteer.loader import open_gazetteer
from ..lang.ar.normalize import NormalizedText, normalize_str
from ..match import Match, PhraseMatcher
from ..pipeline import NamedStep, Resources, register
from ..spans import SpanIndex
from ..types import Document, Place, PlaceMention
from .geocode import strong_place
from .place_context import Context, analyze_context
from .place_cues import (
    CueLexicon,
    Word,
    cue_in,
    load_cues,
    split_words,
)
from .place_english import (
    capitalized_runs,
    find_english,
    to_matches,
    unknown_after_cues,
)
from .place_region import (
    LIST_GAP,
    governorate_lists,
    governorate_of,
    hashtags_spaced,
    link_between,
    parenthesized_governorates,
    prune_abroad,
)
from .place_unknown import (
    SENTENCE_PUNCT,
    continued_places,
    is_name_word,
    unknown_places,
)

GAZETTEER_KEY = "gazetteer.embedded"
_HINT_GAP_MAX_WORDS = 3
URBAN_REASON = "street, square or quarter: not the town of that name"
_NEST_MAX_WORDS = 3


_COMMON_ENGLISH_ZIPF = 4.0  # about once per 100k words: "has" 6.6, "said" 6.2, "Idlib" 2.6
_LATIN_ARTICLE = re.compile(r"^[a-z]{1,3}[-‐ ](?=[A-Z])")


def load_gazetteer(resources: Resources) -> Gazetteer:
    """The pipeline's gazetteer (built SQLite file, or embedded default), loaded once."""
    gaz = resources.get(GAZETTEER_KEY, lambda: open_gazetteer(resources.gazetteer_path))
    return gaz  # type: ignore[return-value]


class PlaceMatcher:
    """Two PhraseMatchers: one for names written with the article, one without.

    A single PhraseMatcher merges "الرويشد" and "رويشد" into one entry that accepts only
    one of the two forms; keeping them apart lets both be found.
    """

    def __init__(self, gaz: Gazetteer, fused_heads: frozenset[str] = frozenset()) -> None:
        self.with_article: PhraseMatcher[str] = PhraseMatcher()
        self.bare: PhraseMatcher[str] = PhraseMatcher()
        heads = tuple(fused_heads)
        for surface, key in gaz.names():
            norm = " ".join(normalize_str(surface).split())
            target = self.with_article if norm.startswith("ال") and len(norm) > 3 else self.bare
            target.add_normalized(norm, key)
            if target is self.bare and norm.startswith(heads) \
                    and _fused_compound(norm, fused_heads):
                self.with_article.add_normalized("ال" + norm, key)  # "الديرخبية"

    def find(self, view: NormalizedText) -> list[Match[str]]:
        hits = self.with_article.find(view) + self.bare.find(view)
        hits.sort(key=lambda m: (m.prefix_start, -(m.end - m.prefix_start)))
        out: list[Match[str]] = []
        last_end = -1
        for m in hits:
            if m.prefix_start >= last_end:
                out.append(m)
                last_end = m.end
        return out


def _fused_compound(norm: str, heads: frozenset[str]) -> bool:
    """"ديرخبيه": one written word made of a generic head and a name of 3+ letters."""
    return " " not in norm and any(
        norm.startswith(h) and len(norm) - len(h) >= 3 for h in heads)


@dataclass(slots=True)
class PlaceRecognizer:
    gazetteer: Gazetteer
    matcher: PlaceMatcher
    cues: CueLexicon

    def __call__(self, doc: Document) -> Document:
        view = hashtags_spaced(doc.view)
        words = split_words(view.text)
        actor_spans = [(a.start, a.end) for a in doc.actors]
        mentions, covered = self._known(doc, view, words, actor_spans)
        mentions += unknown_places(doc, view, words, covered, actor_spans, self.cues)
        if doc.lang != "en":
            mentions += continued_places(doc, view, words, mentions, covered, actor_spans,
                                         self.cues)
        if doc.lang == "en":
            mentions += self._english_unknown(doc, view, covered, actor_spans,
                                              [(m.start, m.end) for m in mentions])
        mentions.sort(key=lambda m: m.start)
        link_between(doc.text, mentions, self.cues)
        governorate_lists(doc.text, mentions, self.cues)
        parenthesized_governorates(doc.text, mentions)
        self._nest_urban(doc.text, mentions)
        self._admin_hints(doc.text, mentions)
        doc.places = mentions
        return doc

    def _known(self, doc: Document, view: NormalizedText, words: list[Word],
               actor_spans: list[tuple[int, int]]
               ) -> tuple[list[PlaceMention], list[tuple[int, int]]]:
        """Gazetteer names read in context, with the normalized spans they cover."""
        word_of = _word_index(words, len(view.text))
        mentions: list[PlaceMention] = []
        cued: set[int] = set()  # ids of mentions after a settlement word or with a relation
        names: dict[int, str] = {}  # mention id -> the name as written
        covered: list[tuple[int, int]] = []
        hits = self.matcher.find(view)
        if doc.lang == "en":
            hits = self._english_hits(doc.text, view, hits)
        actors = SpanIndex.of_pairs(actor_spans)
        for hit in hits:
            if self._clitic_after_cue(view, words, word_of, hit) or \
                    self._part_of_headed_name(view, words, word_of, hit):
                continue
            ctx = analyze_context(view, words, word_of, hit, self.cues)
            if ctx is None or self._common_word(doc.text, view, hit, ctx):
                continue
            mention = self._mention(doc, view, hit, ctx)
            if actors.overlaps(mention.start, mention.end):
                continue
            mentions.append(mention)
            covered.append((hit.prefix_start, hit.end))
            start, end = view.to_original(hit.start, hit.end)
            names[id(mention)] = doc.text[start:end]
            if ctx.settlement or ctx.relation is not None:
                cued.add(id(mention))
        return prune_abroad(mentions, cued, names, self.gazetteer), covered

    def _clitic_after_cue(self, view: NormalizedText, words: list[Word], word_of: list[int],
                          hit: Match[str]) -> bool:
        """"قرية بارة" is the village Bara, not "ارة" behind a preposition: a settlement
        word is followed by a name, never by a preposition and its object."""
        clitic = view.text[hit.prefix_start:hit.start].removesuffix("ال")
        i = word_of[hit.prefix_start]
        if not clitic or i <= 0 or view.text[words[i - 1].end:hit.prefix_start] != " ":
            return False
        return cue_in(words[i - 1].text, self.cues.unknown_place) is not None

    def _part_of_headed_name(self, view: NormalizedText, words: list[Word],
                             word_of: list[int], hit: Match[str]) -> bool:
        """"عين الحلوة", "بني حيان" where the gazetteer knows only "عين" or "حيان": a
        generic head and the word after it make one name no gazetteer holds."""
        i = word_of[hit.prefix_start]
        if i < 0:
            return False
        heads = self.cues.name_heads
        alone = view.text[hit.prefix_start:hit.end] in heads and i + 1 < len(words) \
            and view.text[hit.end:words[i + 1].start] == " " \
            and is_name_word(words[i + 1].text, self.cues)
        after_head = i > 0 and hit.prefix_start == hit.start and words[i - 1].text in heads \
            and view.text[words[i - 1].end:hit.prefix_start] == " "
        return alone or after_head

    def _english_hits(self, text: str, view: NormalizedText,
                      hits: list[Match[str]]) -> list[Match[str]]:
        """Capitalized runs are read by the transliteration-aware scanner; the exact
        matcher keeps only what lies outside them ("Ain" inside "Ras al Ain" goes)."""
        runs = SpanIndex.of_pairs((view.from_original(s), view.from_original(e))
                                  for s, e, _ in capitalized_runs(text))
        # English writes names capitalized: a hit outside the runs is a lowercase word
        # ("has", "area"); only Arabic-script names in English text stay.
        kept = [h for h in hits if not view.text[h.start:h.start + 1].isascii()
                and not runs.contains(h.start, h.end)]
        found = to_matches(view, find_english(text, self.gazetteer, self.cues))
        return sorted(kept + found, key=lambda m: m.start)

    def _english_unknown(self, doc: Document, view: NormalizedText,
                         covered: list[tuple[int, int]],
                         actors: list[tuple[int, int]],
                         known: list[tuple[int, int]]) -> list[PlaceMention]:
        taken = [view.to_original(s, e) for s, e in covered]
        out: list[PlaceMention] = []
        for hit in unknown_after_cues(doc.text, self.cues, taken + actors, known):
            out.append(PlaceMention(start=hit.start, end=hit.end,
                                    text=doc.text[hit.start:hit.end],
                                    reason="cue word, not in gazetteer"))
        return out

    def _common_word(self, text: str, view: NormalizedText, hit: Match[str],
                     ctx: Context) -> bool:
        """A frequent word only minor villages bear ("عدوان", "جروح") is a place only after
        a settlement or relation word ("قرية جديدة", "قرب جديدة")."""
        if ctx.settlement or ctx.relation is not None:
            return False
        start, end = view.to_original(hit.start, hit.end)  # frequency needs the spelling
        surface = _LATIN_ARTICLE.sub("", text[start:end])  # "al-Atarib" is capitalized
        if surface[:1].isascii() and surface[:1].isalpha():
            # English writes place names capitalized: "said" and "has" are words, and a
            # capitalized frequent English word ("Has" opening a sentence) needs a cue.
            return not surface[:1].isupper() or _frequent_english(surface)
        return self.gazetteer.common_word(surface)

    def _mention(self, doc: Document, view: NormalizedText, hit: Match[str],
                 ctx: Context) -> PlaceMention:
        start, end = view.to_original(ctx.span_start, ctx.span_end)
        core_s, core_e = view.to_original(hit.start, hit.end)
        mention = PlaceMention(start=start, end=end, text=doc.text[start:end],
                               relation=ctx.relation, direction=ctx.direction)
        cands = self.gazetteer.candidates(doc.text[core_s:core_e])
        # "مستشفى حلب الجامعي" is in Aleppo; "مستشفى عائشة" is not in a village Aysha
        if ctx.urban and not (ctx.building and any(map(strong_place, cands))):
            mention.reason = URBAN_REASON
        else:
            mention.alternatives = self._admin_system(view.text[ctx.span_start:hit.start], cands)
        return mention

    def _admin_system(self, before: str, places: list[Place]) -> list[Place]:
        """"قضاء سنجار": a district word of Iraq's or Lebanon's system puts the seat there."""
        words = before.split()
        countries = self.cues.admin_word_countries.get(words[0], ()) if words else ()
        local = [p for p in places if p.country in countries]
        return local or places

    def _nest_urban(self, text: str, mentions: list[PlaceMention]) -> None:
        """"ساحة الكرامة وسط مدينة السويداء": the square is located by its town."""
        for m, n in itertools.pairwise(mentions):
            if not self._urban(m) or self._urban(n) or not n.alternatives:
                continue
            # "بحي الضاحية بدرعا": the preposition is a clitic of the town's name
            clitic = text[n.start - 1:n.start] == "ب"
            gap = normalize_str(text[m.end:n.start - clitic])
            words = gap.split()
            if SENTENCE_PUNCT.search(gap) or len(words) > _NEST_MAX_WORDS:
                continue
            if (clitic and not words) or (words and all(cue_in(w, self.cues.nesting)
                                                        for w in words)):
                m.relation, m.other = "area", replace(n, other=None)
        _in_the_reports_town(mentions, self._urban)

    def _urban(self, m: PlaceMention) -> bool:
        if m.reason == URBAN_REASON:
            return True
        if m.place is not None or m.alternatives:
            return False
        first = _first_word(m.text)
        return bool(first) and cue_in(first, self.cues.urban) is not None

    def _admin_hints(self, text: str, mentions: list[PlaceMention]) -> None:
        for m, n in itertools.pairwise(mentions):
            gov = governorate_of(n)
            if gov is None or n.relation not in (None, "countryside"):
                continue
            gap = normalize_str(text[m.end:n.start])
            gap_words = [w for w in gap.split() if len(w) > 1]
            if SENTENCE_PUNCT.search(gap) or len(gap_words) > _HINT_GAP_MAX_WORDS:
                continue
            if all(_hint_word(w, self.cues) for w in gap_words):
                m.admin_hint = gov
        for m, n in reversed(list(itertools.pairwise(mentions))):
            if m.admin_hint is None and n.admin_hint and LIST_GAP.match(text[m.end:n.start]):
                m.admin_hint = n.admin_hint


@lru_cache(maxsize=4096)
def _first_word(text: str) -> str:
    """The first word of a mention's normalized text ("" when it has none)."""
    words = normalize_str(text).split()
    return words[0] if words else ""


@cache
def _frequent_english(word: str) -> bool:
    """A one-word name that is also a frequent English word ("Has", "Said", "Sur"); a
    word with an apostrophe or hyphen ("Da'el") is a transliteration, not English."""
    if not word.strip().isalpha():
        return False
    try:
        from wordfreq import zipf_frequency
    except ImportError:  # the optional `geo` extra
        return False
    return zipf_frequency(word.lower(), "en") >= _COMMON_ENGLISH_ZIPF


def _hint_word(word: str, cues: CueLexicon) -> bool:
    if word in cues.en_locative or word in cues.en_directions or word in cues.en_countryside:
        return True
    return any(
        cue_in(word, s) is not None
        for s in (cues.countryside, cues.governorate_word, cues.town_word, cues.prepositions,
                  cues.directions, cues.direction_adjectives, cues.desert, cues.locative)
    )


_TOWN_FEATURES = frozenset({"city", "town", "village"})
_TOWN_REACH = 600  # characters back to the town a quarter's report is about


def _in_the_reports_town(mentions: list[PlaceMention],
                         urban: Callable[[PlaceMention], bool]) -> None:
    """"داهمت منازل في حي البساتين": a quarter named without its town lies in the town
    the report named last before it (within a few sentences)."""
    town: PlaceMention | None = None
    for m in mentions:
        if urban(m):
            if m.other is None and town is not None and m.start - town.end <= _TOWN_REACH:
                m.relation, m.other = "area", replace(town, other=None)
        elif m.relation is None and m.alternatives and \
                any(p.feature in _TOWN_FEATURES for p in m.alternatives):
            town = m


def _word_index(words: list[Word], length: int) -> list[int]:
    index = [-1] * (length + 1)
    for i, w in enumerate(words):
        index[w.start:w.end] = [i] * (w.end - w.start)
    return index


@register("mentions.places.v1")
def places_step(resources: Resources) -> NamedStep:
    gaz = load_gazetteer(resources)
    cues = resources.get("places.cues", load_cues)
    assert isinstance(cues, CueLexicon)
    matcher = resources.get("places.matcher", lambda: PlaceMatcher(gaz, cues.fused_heads))
    # English frequencies are read per English report. Arabic ones (90 MB) are not: the
    # packaged gazetteer stores its common words, only an embedded one reads them lazily.
    resources.get("wordfreq.en", lambda: load_word_frequencies(("en",)))
    assert isinstance(matcher, PlaceMatcher) and isinstance(cues, CueLexicon)
    return NamedStep("mentions.places.v1", PlaceRecognizer(gaz, matcher, cues))
