"""Bodies listed with one shared suffix: 城东、城南和城北派出所, 九龙坡区公安分局九龙、石桥铺派出所.

The organization stage finds the last conjunct by its suffix (城北派出所); the conjuncts
before it are expanded here, one candidate each, named conjunct + suffix.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, derived, text_of, words_of
from .names import token_index_at, walk_left

# The list marks before a conjunct: 、 between items, 和/及/与 before the last one.
JOINERS = "、和及与"


def coordinated_bodies(doc: Doc, start: int, suffix_start: int, end: int, suffixes, stop_words) -> list[Candidate]:
    """X、Y派出所 after a shared prefix unit: one candidate per conjunct X, named X+suffix.

    Only expanded when the leftmost conjunct sits right after a suffixed unit (the shared
    prefix, 九龙坡区公安分局): plain lists such as 医院、学校 are left alone.
    """
    text = text_of(doc)
    suffix = text[suffix_start:end]
    found = []
    pos = start
    # the last conjunct may follow 和/及/与 (西街、海角和海西派出所), the others follow 、
    while pos > 0 and (text[pos - 1] == "、" or (pos == start and text[pos - 1] in JOINERS)):
        conj_end = pos - 1
        conj_start = walk_left(doc, conj_end, stop_words, max_chars=16, through=suffixes)
        run = text[conj_start:conj_end]
        cut = max((run.rfind(s) + len(s) for s in suffixes if s in run), default=-1)
        if cut > 0:  # the shared prefix unit ends inside the run: the conjunct follows it
            conjunct_start = conj_start + cut
            if text.startswith("长", conjunct_start):
                return []  # …大队|长江筱辉、…公安局: the unit and 长 are a title, a name follows
            if 0 < conj_end - conjunct_start <= 6 and not _has_role(text[conjunct_start:conj_end], stop_words):
                found.append((conjunct_start, conj_end))
                return [Candidate("organization", s, e, "organization.coordinated", {"name": text[s:e] + suffix})
                        for s, e in found]
            return []
        if not run or len(run) > 6:
            return []
        found.append((conj_start, conj_end))
        pos = conj_start
    if found and all(_place_word(doc, s, e) for s, e in found + [(start, suffix_start)]):
        # 城东、城南、城北派出所: every conjunct a single place word, so one suffix serves all
        return [Candidate("organization", s, e, "organization.coordinated", {"name": text[s:e] + suffix})
                for s, e in found]
    return []


_PLACE_WORD_TAGS = {"ns", "s"}


def _place_word(doc: Doc, start: int, end: int) -> bool:
    """Whether text[start:end] is one word of two or three characters the dictionary files
    as a place (城东 ns, 城北 s)."""
    ws = words_of(doc)
    i = token_index_at(doc, start)
    return (i < len(ws) and ws[i].idx == start and len(ws[i].text) == end - start
            and 2 <= end - start <= 3 and ws[i].tag_ in _PLACE_WORD_TAGS)


def _has_role(text: str, stop_words: set[str]) -> bool:
    """Some stop word of two or more characters (a role word) occurs in `text`."""
    return derived(stop_words, _long_words_regex).search(text) is not None


def _long_words_regex(words) -> re.Pattern:
    """One regex finding any of the words of two or more characters: the same answer as
    testing each word with `in`, in one pass over the text."""
    return re.compile(patterns.alternation([w for w in words if len(w) >= 2]))
