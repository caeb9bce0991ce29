"""Bodies named by a place's short name and one word (江阴公安, 广东交警, 滨州移动): the police
short names readers use as the body's own name, and a telecom operator's branch. The words
and what may not follow them are organizations.yaml's (`police_short_words`, `police_short_forces`,
`police_short_blockers`, `police_short_verbs`, `operator_short_words`,
`operator_short_blockers`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, text_of, words_of
from .names import PROPER_TAGS, token_index_at
from .region import doc_mentions


@lru_cache(maxsize=1)
def _zone_names_re() -> re.Pattern:
    """Development zones' short names followed by 公安 (regions.yaml zone_names)."""
    return re.compile(f"(?:{patterns.alternation(patterns.load('regions').zone_names)})(?=公安)")


def place_short_names(doc: Doc, rules) -> list[Candidate]:
    """江阴公安 / 云南公安 / 广东交警: a place name + a police word (`police_short_words`) used
    as the body's own name; 滨州移动 / 玉溪电信: a place + a telecom operator's word
    (`operator_short_words`), the operator's branch there."""
    return (_place_short_names(doc, tuple(rules.police_short_words), tuple(rules.police_short_blockers),
                               tuple(rules.police_short_verbs), "organization.place_police",
                               frozenset(rules.levels_before_police_short_word), tuple(rules.police_short_forces))
            + _place_short_names(doc, tuple(rules.operator_short_words), tuple(rules.operator_short_blockers),
                                 (), "organization.place_operator", frozenset(), ()))


_PROPER_OR_UNKNOWN = frozenset(PROPER_TAGS | {"nrfg", "nrt"})


def _inside_common_word(doc: Doc, pos: int) -> bool:
    """Whether `pos` falls inside a common dictionary word (居|民 of 居民); inside a word the
    segmenter glued or filed as a name or place (山西晋|中, nr) a place may still start."""
    word = words_of(doc)[token_index_at(doc, pos)]
    return word.idx < pos and word.tag_ not in _PROPER_OR_UNKNOWN


def _place_short_names(doc: Doc, words: tuple[str, ...], blockers: tuple[str, ...], verbs: tuple[str, ...],
                       rule: str, levels: frozenset[str], forces: tuple[str, ...]) -> list[Candidate]:
    """A place name + one of `words` (two characters each) used as a body's own name, unless a
    blocker opens what follows (江阴公安|局 is the longer name's; 山东电信|诈骗 is a crime), or a
    verb opening with a blocker does (东莞公安|交出). A place's level in `levels` may stand
    between the two (黔西南|州|公安); a force in `forces` right after the word is the name's
    (江苏公安|特警)."""
    text = text_of(doc)
    if not words or not any(w in text for w in words):
        return []
    out = []
    zones = [(m.start(), m.end(), ()) for m in _zone_names_re().finditer(text)]  # 经开公安, 高新公安
    for start, end, _ in sorted(doc_mentions(doc) + zones):
        if _inside_common_word(doc, start):
            continue  # 居|民和|交警: a place read across a dictionary word (居民) names nothing
        if text[end:end + 1] in levels and text.startswith(words, end + 1):
            end += 1  # 黔西南|州|公安: the place's level written out before the police word
        if not text.startswith(words, end):
            continue
        after = text[end + 2:end + 3]
        # 云南公安5年共侦办…, 云南公安“新征程”发布会: a figure or a quote may follow the name
        name_like = "\u4e00" <= after <= "\u9fff" or after.isdigit() or after in "“\"："  # (大渡口公安：创新构建…)
        if start > 0 and text[start - 1] in "“\"「":
            continue  # “四川公安荣誉授予日”: the opening words of a quoted title
        if after and name_like and (not after.startswith(blockers) or text.startswith(verbs, end + 2)):
            start = next((s for s, e, _ in doc_mentions(doc) if e == start), start)  # 成都|新津公安: the city too
            start = _with_direction(doc, start)
            end += 2
            force = next((f for f in forces if text.startswith(f, end)), None)
            if force and not text.startswith(blockers, end + len(force)):
                end += len(force)  # 江苏公安|特警: the province's special police named as a team
            out.append(Candidate("organization", start, end, rule, {"name": text[start:end]}))
    return out


def _with_direction(doc: Doc, start: int) -> int:
    """Where a place starts when the segmenter's word holds one direction character before
    it (西九龙|交警: the word 西九龙 is the district, the place data knows only 九龙)."""
    word = words_of(doc)[token_index_at(doc, start)]
    if word.idx == start - 1 and text_of(doc)[word.idx] in "东西南北" and word.tag_ in _PROPER_OR_UNKNOWN:
        return word.idx
    return start
