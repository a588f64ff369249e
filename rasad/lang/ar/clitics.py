"""Proclitic segmentation of single normalized Arabic words.

Arabic attaches the conjunctions و/ف, the prepositions ب/ل/ك and the article ال to
the next word. Rules that test one word ("بمقتل", "والآليات") need the stem.
"""

from __future__ import annotations

_MIN_STEM = 2


def _chains() -> tuple[str, ...]:
    conj = ("", "و", "ف")
    prep = ("", "ب", "ك", "ل")
    out = {c + p + a for c in conj for p in prep for a in ("", "ال")}
    out |= {c + "لل" for c in conj}
    out.discard("")
    out.discard("لال")  # written "لل"
    return tuple(sorted(out, key=len, reverse=True))


_CHAINS = _chains()


def split_proclitics(norm_word: str) -> list[tuple[str, str]]:
    """(prefix, stem) readings of a normalized word, longest prefix first.

    The unsplit reading ("", word) is always last. Stems shorter than two letters are
    not offered, so "بل" or "ول" are never split into a clitic plus one letter.
    """
    out: list[tuple[str, str]] = []
    for chain in _CHAINS:
        if norm_word.startswith(chain) and len(norm_word) - len(chain) >= _MIN_STEM:
            out.append((chain, norm_word[len(chain):]))
    out.append(("", norm_word))
    return out


def is_proclitic_chain(prefix: str) -> bool:
    """True when ``prefix`` is a valid (possibly empty) proclitic chain."""
    return prefix == "" or prefix in _CHAINS


def particle_variants(word: str) -> list[str]:
    """The word, then without a leading conjunction/preposition ("والأحد", "بالأمس",
    "ومقتل"): the forms a lexicon of dates or count words is looked up under."""
    out = [word]
    if len(word) > 3 and word[0] in "وفبل":
        out.append(word[1:])
        if len(word) > 4 and word[0] in "وف" and word[1] in "بل":
            out.append(word[2:])
    return out
