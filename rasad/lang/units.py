"""The unit lexicon (rasad/knowledge/units.tsv) for quantity extraction.

Columns: lang, word, unit, form, source_note. ``form`` says how a word relates to a
number:
  sg / pl  a counted noun after the number ("9 مواقع", "90 عنصرا", "5 soldiers");
  du       an Arabic dual that IS the number 2 ("قتيلان"); duals of ``sg`` nouns
           ("نقطتين", "مقرين") are derived here unless they coincide with a listed
           plural ("مقاتلين" is a plural, not a dual);
  pre      a head before the number that fixes the unit ("مقتل 5", "killing 5");
  post     an English word after the number that fixes the unit ("5 killed");
  block    a word after which a number is a name, not a count ("الفوج 47");
  mod      a modifier before the number; ``unit`` is the flag it sets
           (lower_bound or approximate).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from .ar.normalize import normalize_str
from .lexicon import read_tsv
from .scan import Phrases

Words = tuple[str, ...]


@dataclass(slots=True)
class UnitLexicon:
    nouns: Phrases[tuple[str, str]] = field(default_factory=Phrases)  # -> (unit, sg|pl)
    duals: Phrases[str] = field(default_factory=Phrases)  # -> unit
    pre: Phrases[str] = field(default_factory=Phrases)
    post: Phrases[str] = field(default_factory=Phrases)
    mods: Phrases[str] = field(default_factory=Phrases)  # -> flag
    block: frozenset[str] = frozenset()
    max_len: int = 1


def _key(word: str) -> Words:
    return tuple(normalize_str(word).split())


def _arabic_duals(singular: Words) -> list[Words]:
    """Dual spellings of an Arabic singular (ة written ت before the suffix)."""
    head, rest = singular[0], singular[1:]
    stem = head[:-1] + "ت" if head.endswith("ه") else head
    return [(stem + suffix, *rest) for suffix in ("ين", "ان")]


def _add_arabic_variants(lex: UnitLexicon, sg: list[tuple[Words, str]]) -> None:
    plurals = {k for k, (_, form) in lex.nouns.items() if form == "pl"}
    for key, unit in sg:
        for dual in _arabic_duals(key):
            if dual not in plurals and dual not in lex.nouns:
                lex.duals.setdefault(dual, unit)
        head = key[0]
        if not head.endswith(("ه", "ا")):
            # accusative after 11-99: "عنصرًا" -> normalized "عنصرا"
            lex.nouns.setdefault((head + "ا", *key[1:]), (unit, "sg"))


@cache
def unit_lexicon(lang: str) -> UnitLexicon:
    """The lexicon for ``lang`` ("ar" or "en"), keys as normalized word tuples."""
    lex = UnitLexicon()
    singulars: list[tuple[Words, str]] = []
    block: set[str] = set()
    for row in read_tsv("units.tsv"):
        if row["lang"] != lang:
            continue
        key, unit, form = _key(row["word"]), row["unit"], row["form"]
        if not key:
            continue
        if form in ("sg", "pl"):
            lex.nouns.setdefault(key, (unit, form))
            if form == "sg":
                singulars.append((key, unit))
        elif form == "du":
            lex.duals[key] = unit
        elif form == "pre":
            lex.pre[key] = unit
        elif form == "post":
            lex.post[key] = unit
        elif form == "mod":
            lex.mods[key] = unit
        elif form == "block":
            block.add(key[0])
        lex.max_len = max(lex.max_len, len(key))
    if lang == "ar":
        _add_arabic_variants(lex, singulars)
    lex.block = frozenset(block)
    return lex
