"""The words every name rule reads: the segmenter's tokens by offset, the classes of
characters and tags that may sit inside a name or end one, hotline numbers, and the generic
modifiers cut off a name's front. The walk from a name's head to its start is left_walk.py.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache

from spacy.tokens import Doc

from .. import patterns
from ..candidates import derived, words_of

# jieba dictionary tags that can sit inside a name: nouns of all kinds, place and
# organization names, unknown words, and (for 反诈, 巡逻) verbal nouns.
NAME_TAGS = {"n", "nr", "nrt", "nrfg", "ns", "nt", "nz", "ng", "x", "j", "l", "i", "vn", "an", "eng", "s", "b", "nw"}
FUNCTION_CHARS = set("及和与或从在向对由经据同被把将让给为是到于至的这那此")  # 这/那/此: 这支, 那些, 在此|设
NUMERAL_LEADS = set("0123456789零〇一二两三四五六七八九十百千几数每各整多")
# Verbs of leading that the segmenter glues onto the name before them (袁观|清率): the name
# of whoever leads, never part of the body led.
GLUED_LEADS = frozenset("率")
# The ranked units of a police body (刑侦总队, 交警支队, 刑警大队, 巡逻中队).
RANKED_UNITS = ("总队", "支队", "大队", "中队")
PUNCT = set("@＠#＃-－_+＋=|，。、；：！？“”‘’《》（）()【】[]「」『』〔〕〈〉［］—…·|｜丨/ \t\n,.;:!?\"'"
            + "●■◆▲★•◎○□√✓△▽▼◇☆※"  # list bullets open items, never names (△朝阳社区守望相助队)
            + "<>＜＞‹›«»")  # nor a breadcrumb's arrows (海峡网>新闻中心)
PROPER_TAGS = {"ns", "nr", "nz", "nt", "x", "j"}
# A division level written as a word of its own (苍南|县) belongs to the place before it;
# after a common word (借力|县) it opens a name of its own (县互联网协会).
LEVEL_CHARS = frozenset("省市县区")
PLACE_LEFT_TAGS = PROPER_TAGS


def token_starts(doc: Doc) -> list[int]:
    starts = doc.user_data.get("_token_starts")
    if starts is None:
        starts = [t.idx for t in words_of(doc)]
        doc.user_data["_token_starts"] = starts
    return starts


def token_start_set(doc: Doc) -> frozenset[int]:
    """The words' start offsets as a set, built once per document (the membership tests of the
    list and name rules)."""
    starts = doc.user_data.get("_token_start_set")
    if starts is None:
        starts = doc.user_data["_token_start_set"] = frozenset(token_starts(doc))
    return starts


def token_index_at(doc: Doc, offset: int) -> int:
    """Index of the token containing character `offset`."""
    return max(bisect_right(token_starts(doc), offset) - 1, 0)


@lru_cache(maxsize=1)
def hotlines() -> frozenset[str]:
    """The hotline numbers that belong to a body's name (organizations.yaml hotline_numbers)."""
    return frozenset(patterns.load("organizations").hotline_numbers)


_DIGITS_THEN_HAN = re.compile(r"(\d+)(?=[\u4e00-\u9fff])")


def hotline_end(text: str, pos: int = 0) -> int:
    """Where the hotline number opening a name at `pos` ends (110|指挥中心, 12345|热线话务员),
    or `pos` when no hotline number with Han characters after it stands there."""
    m = _DIGITS_THEN_HAN.match(text, pos)
    return m.end() if m is not None and m.group(1) in hotlines() else pos


def _prefix_index(prefixes) -> tuple[frozenset[str], tuple[int, ...]]:
    """The prefixes as a set and their distinct lengths, longest first."""
    words = frozenset(prefixes)
    return words, tuple(sorted({len(w) for w in words}, reverse=True))


def strip_prefix(text: str, prefixes: list[str]) -> int:
    """Number of leading characters that are generic modifiers (辖区, 各, 全市).

    Repeatedly cuts the longest of `prefixes` that the rest of `text` starts with."""
    return prefix_cuts(text, prefixes)[-1]


def prefix_cuts(text: str, prefixes: list[str]) -> list[int]:
    """Every place `strip_prefix` cuts at on its way, from 0 (我区|公安|局…: 0, 2, 4), so
    that a caller can stop at an earlier one (4 is inside the word 公安局)."""
    words, lengths = derived(prefixes, _prefix_index)
    cuts = [0]
    cut = 0
    n = len(text)
    while cut < n:
        room = n - cut
        for size in lengths:
            if size <= room and text[cut:cut + size] in words:
                cut += size
                cuts.append(cut)
                break
        else:
            break
    return cuts
