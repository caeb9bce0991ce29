"""Schools named by number, as exam-season and campus stories write them: 市七中, 湛一中,
十八中, 呼市第二十九中 ("No. 7 Middle School" of the city). The suffix rules cannot find
them: 中 alone is no suffix (一中队 is a squad, 三中全会 a plenum), so a numbered 中 is a
school only where what follows says so (考场, 考点, a list mark, the end of a clause).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..candidates import Candidate, text_of
from .names import FUNCTION_CHARS
from .region import doc_mentions

# 第 and the number, 中, and 学 when written out; what stands before it is read in code.
_NUMBERED = re.compile(r"(?:第)?(?:[一二三四五六七八九十]{1,3}|\d{1,3})中(?:学)?")
# What may follow a school's short name: an exam site, its pupils, a list mark, a clause's end.
_SCHOOL_CONTEXT = re.compile(r"考场|考点|考区|参加|应考|高考|中考|学生|门口|校门|校区|的|[、，。；,;）)]|$")
_LEVELS = "市县区"
_PLENUM_LIST = re.compile(r"(?:[、，和及][一二三四五六七八九十]{1,3}中)*全会")
# Characters that end the words before a school's name, never its place (在|六中, 送往|市二中).
_BEFORE = FUNCTION_CHARS | set("往去赴进入送")


def _place_start(text: str, pos: int) -> int:
    """Where the school's place starts before `pos`: a level (市七中), a place's one-character
    short name (湛一中), or both (呼市第二十九中); none after a function word (在|六中)."""
    start = pos - 1 if pos > 0 and text[pos - 1] in _LEVELS else pos
    if not _content_char(text, start - 1) or text[start - 1] in _LEVELS:
        return start
    if start < pos and _content_char(text, start - 2):
        return start  # (…X市|二中 after two content characters: the level's own place is longer)
    return start - 1


def _content_char(text: str, i: int) -> bool:
    """Whether text[i] is a Han character that no function word ends with."""
    return i >= 0 and "\u4e00" <= text[i] <= "\u9fff" and text[i] not in _BEFORE


def numbered_schools(doc: Doc) -> list[Candidate]:
    """Each numbered school a text names where the words after it say it is a school."""
    text = text_of(doc)
    if "中" not in text:
        return []
    out = []
    for m in _NUMBERED.finditer(text):
        if m.start() > 0 and text[m.start() - 1] in "一二三四五六七八九十第初高":
            continue  # (初一中…, 高三中: a grade, not a school)
        if m.group()[0].isdigit() and not m.group().endswith("中学"):
            continue  # (3中: a figure, unless its 中学 is written out)
        if not m.group().endswith("中学") and (not _SCHOOL_CONTEXT.match(text, m.end()) or _PLENUM_LIST.match(text, m.end())):
            continue  # (十八届三中、四中、五中全会: the party's plenums, listed; 中学 written out says school)
        if m.start() > 0 and text[m.start() - 1] == "届":
            continue
        start = min(_place_start(text, m.start()), _places_before(doc, m.start()))
        # (乌鲁木齐市|第51中学, 吉林省|长春市|第五十六中学: the places the division data knows, whole)
        out.append(Candidate("organization", start, m.end(), "organization.numbered_school", {"name": text[start:m.end()]}))
    return out


def _places_before(doc: Doc, pos: int) -> int:
    """Where the run of known places that ends at `pos` starts (吉林省长春市), or `pos`."""
    starts_by_end: dict[int, int] = {}
    for s, e, _codes in doc_mentions(doc):
        starts_by_end[e] = min(s, starts_by_end.get(e, s))
    while pos in starts_by_end:
        pos = starts_by_end[pos]
    return pos
