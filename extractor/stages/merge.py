"""Merge: the one place where overlapping candidates are resolved and page furniture dropped.

Entities (organization, alliance, person) compete with each other, figures (count,
percentage, money, date) with each other. Within a group a rule beats the statistical
model (score) whatever the lengths, then the longer span wins, then the earlier start.
Candidates inside page furniture or advertisements are dropped. Survivors land in `doc.user_data["facts"]`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from operator import attrgetter

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, candidates, text_of
from ..normalize import HAN_CHAR
from .metadata import source_parts
from .names import hotline_end
from .person_names import NOT_NAME_END, PEN_NAME_MARKS

GROUPS = {"organization": "entity", "alliance": "entity", "person": "entity",
          "count": "figure", "percentage": "figure", "money": "figure", "date": "date"}
TYPE_RANK = {"alliance": 0, "organization": 1, "person": 2, "percentage": 0, "money": 1, "count": 2, "date": 0}
# A Chinese name of 2-4 Han characters, or a transliterated one in parts joined by a middle
# dot (布佐拉·瓦依提).
PERSON_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,7}(?:[·•・‧][\u4e00-\u9fff]{1,7})+)$")
# A body's name has at least two Han characters and does not open with a figure
# (“4050” alone, 90%以上派出所 are a brand and a share, not names) or with the 委 of a level
# cut off by a bracket (县(市)委政法委 → 委政法委).
BODY_NAME = re.compile(r"^(?![\d.%％委])(?=(?:.*[\u4e00-\u9fff]){2})")
# A brand the text puts in quotes may open with digits (“4050”巡防员队伍): the quote marks
# delimit it, so no figure before it can have run into the name.
QUOTED_BRAND_NAME = re.compile(r"^(?=(?:.*[\u4e00-\u9fff]){2})")


# (六中: a school's number is a whole name in two characters)
_SHORT_NAME_RULES = ("organization.outlet", "organization.numbered_school")


def _passes_filters(c: Candidate) -> bool:
    """The checks every entity passes, whichever stage proposed it (model entities too)."""
    if c.type in ("organization", "alliance"):
        generic = _generic_names()
        name = c.attrs.get("name", "")
        shape = QUOTED_BRAND_NAME if c.rule.startswith("alliance.quoted") else BODY_NAME
        # 明報: a paper named as the source; 省委: a body whose short name stands alone; 六中
        shortest = 2 if c.rule in _SHORT_NAME_RULES or name in _standalone_names() else 3
        if hotline_end(name):  # …save a hotline number, part of the name (110外语志愿服务队)
            shape = QUOTED_BRAND_NAME
        return name not in generic and len(name) >= shortest and bool(shape.match(name))
    if c.type == "person":  # 苏小姐, 王某: a form of address is not a name
        name = c.attrs.get("name", "")
        return bool(PERSON_NAME.match(name)) and not name.endswith(NOT_NAME_END) and not any(
            mark in name for mark in PEN_NAME_MARKS)  # 宁公宣, 公新文: an office's pen name
    return True


class _Occupied:
    """The spans kept so far in one group, answering "does [start, end) overlap one of them?"
    (`start < e and s < end`) by bisection instead of a pass over all of them.

    Kept spans never overlap one another, so the non-empty ones sorted by start also have
    increasing ends: the only one that can overlap [start, end) is the first ending after
    `start`. An empty or reversed span (which only a foreign stage could propose) does not
    fit that order; the few there are, are checked one by one."""

    def __init__(self):
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.odd: list[tuple[int, int]] = []

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect_right(self.ends, start)
        if i < len(self.starts) and self.starts[i] < end:
            return True
        return bool(self.odd) and any(start < e and s < end for s, e in self.odd)

    def add(self, start: int, end: int) -> None:
        if start < end:
            i = bisect_right(self.ends, start)
            self.starts.insert(i, start)
            self.ends.insert(i, end)
        else:
            self.odd.append((start, end))


@lru_cache(maxsize=1)
def _generic_names() -> frozenset[str]:
    return frozenset(patterns.load("organizations").generic_names)


@lru_cache(maxsize=1)
def _standalone_names() -> frozenset[str]:
    return frozenset(patterns.load("organizations").standalone_names)


# Only these types have filters: other candidates skip the call.
_FILTERED = frozenset(("organization", "alliance", "person"))


def resolve(cands: list[Candidate]) -> list[Candidate]:
    """The candidates that win their place, in text order. Run on every document's ~40
    candidates, so the ranks are made in one comprehension (sorting the indices by them is
    a stable sort of the candidates by rank) and `_Occupied.overlaps` is read inline."""
    kept: list[Candidate] = []
    occupied: dict[str, _Occupied] = {}
    # a rule before the model (score), then the longer span, the type's rank, the earlier start
    ranks = [(-c.score, c.start - c.end, TYPE_RANK.get(c.type, 9), c.start) for c in cands]
    for k in sorted(range(len(cands)), key=ranks.__getitem__):
        c = cands[k]
        ctype = c.type
        if ctype in _FILTERED and not _passes_filters_memo(ctype, c):
            continue
        group = GROUPS.get(ctype, ctype)
        spans = occupied.get(group)
        if spans is None:
            spans = occupied[group] = _Occupied()
        start, end = c.start, c.end
        # spans.overlaps(start, end), written out
        i = bisect_right(spans.ends, start)
        if i < len(spans.starts) and spans.starts[i] < end:
            continue
        if spans.odd and any(start < e and s < end for s, e in spans.odd):
            continue
        spans.add(start, end)
        kept.append(c)
    kept.sort(key=_TEXT_ORDER)
    return kept


_TEXT_ORDER = attrgetter("start", "end", "type")
# (type, name, rule facts) -> whether `_passes_filters` keeps it: it reads nothing else, and the same
# names recur in a document (an organization named five times) and across documents.
_FILTER_MEMO: dict[tuple[str, object], bool] = {}


def _passes_filters_memo(ctype: str, c: Candidate) -> bool:
    name = c.attrs.get("name", "")
    if name.__class__ is not str:  # a foreign stage's odd name: as the filters answer it
        return _passes_filters(c)
    # the filters read these: the type, the name and two facts about the rule
    key = (ctype, name, c.rule.startswith("alliance.quoted"), c.rule == "organization.outlet")
    found = _FILTER_MEMO.get(key)
    if found is None:
        if len(_FILTER_MEMO) >= 50_000:
            _FILTER_MEMO.clear()
        found = _FILTER_MEMO[key] = _passes_filters(c)
    return found


def _drop_partial_names(facts: list[Candidate]) -> list[Candidate]:
    """A model's person name that is the tail or head of a rule's name in the same text
    (王伟 of 钱王伟) is a mis-split, not a second person."""
    rule_names = {c.attrs["name"] for c in facts if c.type == "person" and c.score >= 1.0}
    return [c for c in facts if not (c.type == "person" and c.score < 1.0 and any(
        c.attrs["name"] != n and c.attrs["name"] in n for n in rule_names))]


# A group named once (“朝阳群众”) is the same group where the text names it again unquoted
# (朝阳群众提供的线索); a repeat scores below every rule, so a longer name still wins.
REPEAT_SCORE = 0.9
MIN_REPEAT_NAME = 4


def _repeated_mentions(text: str, facts: list[Candidate]) -> list[Candidate]:
    """Every other place the text writes an alliance's name, as a candidate of that alliance."""
    out = []
    names = {c.attrs["name"] for c in facts if c.type == "alliance" and len(c.attrs.get("name", "")) >= MIN_REPEAT_NAME}
    for name in names:
        at = text.find(name)
        while at >= 0:
            if not (name.endswith("队") and text[at + len(name):at + len(name) + 1] in ("员", "长")):
                # (义警队|员: a member of the team, no mention of it)
                out.append(Candidate("alliance", at, at + len(name), "alliance.repeated", {"name": name}, REPEAT_SCORE))
            at = text.find(name, at + len(name))
    return out


def _outside_furniture(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """The candidates not in a blocked range (`sections.is_blocked`, without a call per
    candidate), but for the outlet the metadata stage read as the source; most pages have
    none, and then no test runs."""
    blocked = doc.user_data.get("blocked")
    if not blocked:
        return list(cands)
    source = (doc.user_data.get("meta") or {}).get("source")
    outlets = {p.group().strip() for p in source_parts(source)} if source else set()
    kept = []
    for c in cands:
        start, end = c.start, c.end
        if c.type == "organization" and c.attrs.get("name") in outlets:
            kept.append(c)  # 【 来源:凉山日报: the outlet on a source line of page furniture is still named
            continue
        if c.rule == "person.byline":
            kept.append(c)  # 编辑:张源 新闻热线:…: the page's staff on a furniture line are still named
            continue
        for s, e in blocked:
            if s <= start < e or s < end <= e:
                break
        else:
            kept.append(c)
    return kept


# How far on each side of a figure a Han character must stand for it to be the Chinese text's.
_FOREIGN_REACH = 15


def _in_chinese_text(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """The candidates but figures with no Han character near them: on a bilingual page the
    same figures stand again in the other language (…subida de 5.03% comparativamente…), and
    the facts are the Chinese text's."""
    text = text_of(doc)
    return [c for c in cands if GROUPS.get(c.type) != "figure"
            or HAN_CHAR.search(text, max(0, c.start - _FOREIGN_REACH), c.end + _FOREIGN_REACH)]


@Language.component("extractor_merge")
def merge_component(doc: Doc) -> Doc:
    """Resolve overlaps, drop furniture, and publish `doc.user_data["facts"]`."""
    live = _in_chinese_text(doc, _outside_furniture(doc, candidates(doc)))
    # Names from every alliance candidate: “筑城义警” loses to the longer “筑城义警”志愿者队伍 it
    # opens, yet 筑城义警 alone later in the text is that group. Repeats score below rules.
    repeats = _outside_furniture(doc, _repeated_mentions(text_of(doc), live))
    doc.user_data["facts"] = _drop_partial_names(resolve(live + repeats))
    return doc
