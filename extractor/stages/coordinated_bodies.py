"""Bodies listed with one shared suffix: 城东、城南和城北派出所, 九龙坡区公安分局九龙、石桥铺派出所,
小西湖、敦煌路两个派出所.

The organization stage finds the last conjunct by its suffix (城北派出所); the conjuncts
before it are expanded here, one candidate each, named conjunct + suffix.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, derived, text_of, words_of
from ..numbers import parse_number
from .left_walk import walk_left
from .names import LEVEL_CHARS, RANKED_UNITS, token_index_at
from .region import doc_mentions

# The list marks before a conjunct: 、 between items, 和/及/与 before the last one.
JOINERS = "、和及与"
# A conjunct ending in one of these names people, no body (派出所护校学警、实验幼儿园保安).
_PEOPLE_ENDS = "警员者"
# The levels of a place a unit's sub-units are never named after: a list whose last item opens
# with one (…、定襄县公安局) lists whole bodies, each with its own place.
_COUNTY_AND_ABOVE = "省市县区州"
# A conjunct ending in a unit's own word is a whole body already (公安局林业公安科、…森林公安局):
# the suffix after the last conjunct is not shared with it.
_UNIT_ENDS = "科处局队所厅部委办站室组"


def coordinated_bodies(doc: Doc, start: int, suffix_start: int, end: int, suffixes, stop_words) -> list[Candidate]:
    """X、Y派出所 after a shared prefix unit: one candidate per conjunct X, named X+suffix.

    Only expanded when the leftmost conjunct sits right after a suffixed unit (the shared
    prefix, 九龙坡区公安分局): plain lists such as 医院、学校 are left alone.
    """
    text = text_of(doc)
    if text[start:suffix_start] in LEVEL_CHARS:
        return []  # …禁毒支队戈文光、市公安局审计处: a level alone opens a whole body, no list's last item
    level_end = next((e for s, e, _codes in doc_mentions(doc) if s == start and text[e - 1] in _COUNTY_AND_ABOVE), None)
    if level_end is not None:
        # 繁峙县公安局李建国、定襄县公安局…: the last item names its own county, no unit's sub-unit;
        # 南京、南通和盐城市公安局: bare places before it share its level and kind
        return _places_sharing_level(doc, start, text[level_end - 1], text[level_end:end])
    suffix = text[suffix_start:end]
    if start == suffix_start and len(suffix) > 2 and suffix.endswith(RANKED_UNITS):
        suffix = suffix[-2:]  # 治安管理和特巡警支队: the last conjunct is a unit word itself; the rank is shared
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
            if words_of(doc)[token_index_at(doc, conjunct_start)].idx != conjunct_start:
                return []  # 市政府办、市检察院: the run ends in one word (市政府办), no conjunct after a unit
            if (0 < conj_end - conjunct_start <= 6 and not _has_role(text[conjunct_start:conj_end], stop_words)
                    and text[conj_end - 1] not in _PEOPLE_ENDS and text[conj_end - 1] not in _UNIT_ENDS):
                found.append((conjunct_start, conj_end))
                return [Candidate("organization", s, e, "organization.coordinated", {"name": text[s:e] + suffix})
                        for s, e in found]
            return []
        if not run or len(run) > 6:
            return []
        if _has_role(text[max(0, conj_start - 4):conj_start], stop_words):
            return []  # 指导员李永权、泸州市公安局…: a name after its holder's post, then the next body
        found.append((conj_start, conj_end))
        pos = conj_start
    if found and _place_word(doc, start, suffix_start) and all(
            _place_word(doc, s, e) or _name_word(doc, s, e, suffixes, stop_words) for s, e in found):
        # 城东、城南、城北派出所: the last conjunct a place word and the others place words or
        # other short name words (西街、海角和海西派出所), so one suffix serves all
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


_NAME_WORD_TAGS = {"n", "nr", "nz", "x"}


def _name_word(doc: Doc, start: int, end: int, suffixes, stop_words: set[str]) -> bool:
    """One word of two or three characters that may name a place though the dictionary files
    it otherwise (海角 n), and is no body of its own (医院、学校和城东派出所 lists three bodies)
    nor a stop word."""
    ws = words_of(doc)
    i = token_index_at(doc, start)
    if not (i < len(ws) and ws[i].idx == start and len(ws[i].text) == end - start and 2 <= end - start <= 3):
        return False
    word = ws[i].text
    return ws[i].tag_ in _NAME_WORD_TAGS and not word.endswith(tuple(suffixes)) and word not in stop_words


def _has_role(text: str, stop_words: set[str]) -> bool:
    """Some stop word of two or more characters (a role word) occurs in `text`."""
    return derived(stop_words, _long_words_regex).search(text) is not None


def _long_words_regex(words) -> re.Pattern:
    """One regex finding any of the words of two or more characters: the same answer as
    testing each word with `in`, in one pass over the text."""
    return re.compile(patterns.alternation([w for w in words if len(w) >= 2]))


# 小西湖、敦煌路两个派出所: short names listed with 、, then how many there are and the suffix.
_COUNTED_LIST = re.compile(r"((?:[\u4e00-\u9fff]{2,5}、)+[\u4e00-\u9fff]{2,5})([两二三四五六七八九十])个(?=[\u4e00-\u9fff])")


def counted_bodies(doc: Doc, suffixes, stop_words) -> list[Candidate]:
    """X、Y两个派出所: one candidate per listed name, named name + suffix, when the number
    stated is the number of names listed (the count checks that the list is the bodies')."""
    text = text_of(doc)
    out = []
    for m in _COUNTED_LIST.finditer(text):
        suffix = next((s for s in suffixes if text.startswith(s, m.end())), None)
        if suffix is None:
            continue
        names = m.group(1).split("、")
        if parse_number(m.group(2)) != len(names):
            continue  # the list begins before the match: walk its first name in from the left
        first_end = m.start(1) + len(names[0])
        pos = walk_left(doc, first_end, stop_words, max_chars=5)  # 公安局向|小西湖: where the first name starts
        names[0] = text[pos:first_end]
        if len(names[0]) < 2 or any(_has_role(n, stop_words) or n.endswith(tuple(suffixes)) for n in names):
            continue
        for name in names:
            out.append(Candidate("organization", pos, pos + len(name), "organization.coordinated",
                                 {"name": name + suffix}))
            pos += len(name) + 1
    return out


def places_listed_before(doc: Doc, start: int, end: int) -> list[Candidate]:
    """北京、上海、深圳等铁路公安处: places listed before 等 and a kind of body name one body
    each, place + kind. Every item must be a place the division data knows, or the list is no
    such list (and none is returned)."""
    text = text_of(doc)
    kind = text[start:end]
    places = {(s, e) for s, e, _codes in doc_mentions(doc)}
    items = []
    pos = start - 1  # the 等
    while True:
        item = next(((s, e) for s, e in places if e == pos), None)
        if item is None:
            return []
        items.append(item)
        if item[0] == 0 or text[item[0] - 1] != "、":
            break
        pos = item[0] - 1
    if len(items) < 2:
        return []
    return [Candidate("organization", s, e, "organization.coordinated", {"name": text[s:e] + kind})
            for s, e in reversed(items)]


def _places_sharing_level(doc: Doc, start: int, level: str, kind: str) -> list[Candidate]:
    """南京、南通和盐城市公安局: places the division data knows, listed before a last item that
    writes the level (市) and the kind, name one body each: place + level + kind (a place
    that writes the level itself, 江苏省、浙江省公安厅, takes the kind alone). A list item that
    is no place (a person's name, 李建国) makes it no such list."""
    text = text_of(doc)
    places = {e: s for s, e, _codes in doc_mentions(doc)}
    items = []
    pos = start
    while pos > 0 and text[pos - 1] in JOINERS and (pos == start or text[pos - 1] == "、"):
        s = places.get(pos - 1)
        if s is None:
            return []
        items.append((s, pos - 1))
        pos = s
    return [Candidate("organization", s, e, "organization.coordinated",
                      {"name": text[s:e] + ("" if text[e - 1] == level else level) + kind})
            for s, e in reversed(items)]
