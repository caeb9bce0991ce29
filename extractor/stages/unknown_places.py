"""Place-shaped names the division data does not know (火星省公安厅): a level word (省,
自治区, or the 市 of a named body) right after a noun word. The region stage leaves the region
null for them and warns which text it could not place.
"""

from __future__ import annotations

import re
from bisect import bisect_left

from spacy.tokens import Doc

from ..candidates import text_of, words_of
from .names import token_starts


# A place level (省, 自治区, or 市 of a named body) right after a noun word of two or more Han
# characters: 火星省公安厅 names a province; 按照省里, 我省, 全省 do not name one.
_LEVELS = ("自治区", "省", "市")
_LEVEL_FIRSTS = frozenset(lv[0] for lv in _LEVELS)
_NOUN_TAGS = {"n", "ns", "nz", "nr", "nrt", "nt", "j"}
_CITY_BODIES = ("市公安", "市委", "市政府", "市人民政府")
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,6}")


def unknown_place_names(doc: Doc, found: list[tuple[int, int, list[str]]]) -> list[str]:
    """Place-shaped names the division data does not know, once each, in order of mention:
    the region stays null for them and the document says which text it could not place.
    `found`: the place mentions the division data knows (region.doc_mentions)."""
    known_ends = {e for _s, e, _c in found}
    words = words_of(doc)
    out: list[str] = []
    for i in _words_opening_with_level(doc):
        prev, word = words[i - 1], words[i]
        level = next((lv for lv in _LEVELS if word.text.startswith(lv)), None)
        if level is None or prev.tag_ not in _NOUN_TAGS or not _HAN_WORD.fullmatch(prev.text):
            continue
        if level == "市" and not word.text.startswith(_CITY_BODIES):
            continue  # 城|市, 夜|市: only a 市 that opens a body's name (市公安局) is a level
        end = word.idx + len(level)
        name = prev.text + level
        if end not in known_ends and name not in out:
            out.append(name)
    return out


_LEVEL_FIRST = re.compile("[" + "".join(sorted(_LEVEL_FIRSTS)) + "]")


def _words_opening_with_level(doc: Doc) -> list[int]:
    """Indices (from 1) of the words that open with the first character of a level, found
    from that character's places in the text rather than by a pass over every word."""
    starts = token_starts(doc)
    out = []
    for m in _LEVEL_FIRST.finditer(text_of(doc)):
        i = bisect_left(starts, m.start())
        if 0 < i < len(starts) and starts[i] == m.start():
            out.append(i)
    return out
