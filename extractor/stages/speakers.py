"""Speakers: a full name right before a speech verb (彭金生说, 孙益海介绍), found without a role.

Quoted speakers are named people. The name is one word of the segmenter's (彭金生), or it was
split (梁|捍卫, 杜|清江 with 清江 a river) and then needs an edge before it: a body's name that
it belongs to (省综治办综合处|梁捍卫|告诉本报记者) or the end of a clause or quote
(…安全。”|杜清江|表示).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, text_of, words_of
from .names import token_starts
from .person_names import NAME_TAGS, NEVER_IN_NAME, NOT_NAME_END, common_word_at, plausible_name, speech_verbs, surname_set

# What may stand right before a split name that a speech verb follows: a clause's or a
# quote's end, or a line's start.
_CLAUSE_EDGES = frozenset("”」』\"，,。；;：:！!？?\n")
# What the segmenter makes of a given name split from its surname: a name, a place (杜|清江),
# a proper or common noun.
_GIVEN_NAME_TAGS = NAME_TAGS | {"ns", "nz", "n"}
# The tags of a word the dictionary files as a person's name.
_DICTIONARY_NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})


def speakers(doc: Doc, stoppers) -> list[Candidate]:
    """A full name the segmenter keeps as one word, or one it split after a clause's edge,
    right before a speech verb."""
    out = []
    surnames = surname_set()
    ws = words_of(doc)
    text = text_of(doc)
    for i in _before_speech_verbs(doc):
        tok = ws[i]
        word = tok.text
        split = _split_name(text, ws, i - 1, surnames) if len(word) == 2 and i > 0 and tok.tag_ in _GIVEN_NAME_TAGS else None
        if split is not None:
            out.append(Candidate("person", split, tok.idx + 2, "person.speaker",
                                 {"name": text[split:tok.idx + 2], "role": None, "org": None}, score=0.9))
        elif tok.tag_ in NAME_TAGS and 2 <= len(word) <= 3 and (word[:1] in surnames or word[:2] in surnames):
            if (all("\u4e00" <= ch <= "\u9fff" for ch in word) and not word.endswith(NOT_NAME_END)
                    and word[-1] not in stoppers and plausible_name(word)):
                out.append(Candidate("person", tok.idx, tok.idx + len(word), "person.speaker",
                                     {"name": word, "role": None, "org": None}, score=0.9))
    return out


def _split_name(text: str, ws, i: int, surnames) -> int | None:
    """Where a name opens when word `i` is a lone surname after a clause's edge and the
    two-character word after it (a name word to the segmenter: 清江 a river) ends the name.
    When the dictionary files that word as a given name (光辉 nr), the surname may also follow
    a 的 (来自江苏的|张|光辉|说道) and be filed as anything (张 as a classifier)."""
    first = ws[i]
    start = first.idx
    given_name = ws[i + 1].tag_ in _DICTIONARY_NAME_TAGS
    if first.text not in surnames or len(first.text) != 1 or (first.tag_ not in ("nr", "x") and not given_name):
        return None
    if start > 0 and text[start - 1] not in _CLAUSE_EDGES and not (given_name and text[start - 1] == "的"):
        return None
    name = text[start:start + 3]
    if NEVER_IN_NAME.intersection(name) or name.endswith(NOT_NAME_END) or not plausible_name(name):
        return None
    return start


def named_after_body(doc: Doc, text: str, bodies: list[Candidate], surnames) -> list[Candidate]:
    """A full name right after a body's name and right before a speech verb
    (省综治办综合处|梁捍卫|告诉本报记者), a verb of winning an honour (市公安局特警支队|冯一鸣|获…冠军)
    or a list mark that the next body follows (繁峙县公安局|李建国|、定襄县公安局史志珍: a roll of
    honour gives each winner's unit first): a person of that body, whatever the segmenter made
    of the name (梁|捍卫)."""
    out = []
    verbs = speech_verbs() + award_verbs()
    body_starts = {body.start for body in bodies}
    for body in bodies:
        e = body.end
        for size in (3, 2):
            name = text[e:e + size]
            after = e + size
            if size == 3 and text.startswith(verbs, e + 2):
                continue  # 方圆|分获: the third character opens the verb
            closed = text.startswith(verbs, after) or (
                text.startswith("、", after) and (after + 1 in body_starts or after + 2 in body_starts))
            # (原厅机关党委张继明、原|厅交通警察总队…: one character, "former", may open the next item)
            if (len(name) == size and closed and (name[:1] in surnames or name[:2] in surnames)
                    and all("\u4e00" <= ch <= "\u9fff" for ch in name) and not NEVER_IN_NAME.intersection(name)
                    and plausible_name(name) and not common_word_at(doc, e, e + size)):
                # (派出所|荣誉|称号: a dictionary word before 称号 is no name)
                out.append(Candidate("person", e, e + size, "person.after_body",
                                     {"name": name, "role": None, "org": body.attrs["name"]}, score=0.9))
                break
    return out


@lru_cache(maxsize=1)
def award_verbs() -> tuple[str, ...]:
    """The verbs of winning an honour or a prize (persons.yaml `award_verbs`)."""
    return tuple(patterns.load("persons").award_verbs)


@lru_cache(maxsize=1)
def _speech_verb_firsts() -> re.Pattern:
    return re.compile("[" + "".join(sorted({v[0] for v in speech_verbs()})) + "]")


def _before_speech_verbs(doc: Doc) -> list[int]:
    """Indices of the words followed by a word that opens with a speech verb, in order: found
    from the places of the verbs' first characters rather than by a pass over every word."""
    ws = words_of(doc)
    starts = token_starts(doc)
    out = []
    verbs = speech_verbs()
    for m in _speech_verb_firsts().finditer(text_of(doc)):
        k = bisect_left(starts, m.start())
        if 0 < k < len(starts) and starts[k] == m.start() and ws[k].text.startswith(verbs):
            out.append(k - 1)
    return out
