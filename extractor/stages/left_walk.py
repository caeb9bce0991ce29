"""Where a name starts: walk left over the segmenter's tokens from a known head.

Organizations (…派出所), alliances (…巡逻队) and counted nouns all end in something we can
find with a pattern; their left edge is the hard part. We walk left token by token while the
token can be part of a name (a noun, place name, unknown word, or another unit of the same
hierarchy) and stop at punctuation, verbs, prepositions, pronouns and listed stop words.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .. import patterns
from ..candidates import text_of, words_of
from .names import (
    FUNCTION_CHARS,
    GLUED_LEADS,
    LEVEL_CHARS,
    NAME_TAGS,
    NUMERAL_LEADS,
    PLACE_LEFT_TAGS,
    PROPER_TAGS,
    PUNCT,
    RANKED_UNITS,
    hotlines,
    token_index_at,
)


def walk_left(doc: Doc, head_start: int, stop_words: set[str], max_chars: int = 24,
              through: tuple[str, ...] = (), glue: bool = False) -> int:
    """Start offset of the name that ends with the head at `head_start`.

    A token counts when its tag is in NAME_TAGS (or it ends with one of `through`, the
    heads of hierarchy units such as 分局), it is not a stop word and holds no
    punctuation. With `glue`, a lone function-word character stuck to an unknown word is
    kept (brand names such as 都小警 are coined from such characters). A token that straddles `head_start` contributes its left part.
    """
    doc_words = words_of(doc)
    i = token_index_at(doc, head_start)
    start = head_start
    tok = doc_words[i] if doc_words else None
    if tok is not None and tok.idx < head_start:
        part = text_of(doc)[tok.idx:head_start]
        if _name_like(part, tok.tag_, stop_words, through) or (tok.tag_ in ("nz", "nt") and PUNCT.isdisjoint(part)):
            start = tok.idx  # (工人|日报, filed whole as a proper name: its 工人 is no role here)
        else:
            return head_start
        if part in LEVEL_CHARS and _level_opens(doc, i):
            return start  # 主动|报告|市政府: the level the head's word opens with starts the name
    i -= 1
    while i >= 0:
        idx, word, tag = doc_words[i]
        if head_start - idx > max_chars:
            break
        if len(word) == 2 and word[0] in _CLAUSE_CONJUNCTIONS and word not in stop_words:
            return idx + 1  # 但司|警局: a conjunction the segmenter glued onto the name's first character
        if (tag == "x" and 3 <= len(word) <= 4 and word[0] in _GLUED_PREPOSITIONS
                and not _region().mention_ends_by_start(doc).get(idx) and word not in _region().place_words()):  # (从化区 is a district, 经开区 a zone)
            return idx + 1  # 据九洪|乡党委: a preposition glued onto an unknown place's name
        if word[0] == "称" and text_of(doc).endswith(("以下", "简", "下"), 0, idx):
            return idx + 1  # (以下称|边管支队): the short name a text gives a body, after its 称
        if len(word) == 2 and word[1] == "该":
            return idx + 2  # 因该|集团: "that" glued to the word before it points back; no name opens there
        if tag == "x" and len(word) >= 2 and word[-1] in GLUED_LEADS:
            break  # 袁观|清率|市人大常委会: a leader's name glued to the 率 that leads the body
        if tag == "x" and len(word) >= 2 and word[-1] == "是":
            break  # 赵梦是|枫桥派出所…, 高明|伟是|南宁东站派出所: a name glued to the copula that names the unit
        if tag == "x" and len(word) == 2 and word[0] in GLUED_LEADS and word[1] in LEVEL_CHARS:
            return idx + 1  # 邹|明远|率市|人大常委会: the 率 glued to the level that opens the body
        if tag == "a" and len(word) >= 2 and i + 1 < len(doc_words) and doc_words[i + 1][2] == "ns":
            break  # 让人深感|嘉峪关市公安局: a quality said before a place is the sentence's, not the name's
        if not _name_like(word, tag, stop_words, through):
            if _split_place_with_he(doc_words, i, start):
                return doc_words[i - 1][0]  # ，杨|和|派出所: 杨和 is the place, no 和 joins two things there
            if _split_place_at_locative(doc_words, i, start):
                return idx  # 下|洋|派出所 opening a line: 下洋 is the place, 下 no locative
            if tag == "r" and len(word) == 2 and word[0] == "各" and len(doc_words[i + 1][1]) == 1:
                return idx  # 各镇|街|交警大队: "every" glued to half a kind of place; the generic prefixes (各, 镇街) cut it all
            if not (_sandwiched_verb(doc, i, stop_words, through)
                    or (word in _FORCE_WORDS and i + 1 < len(doc_words) and doc_words[i + 1][1] in RANKED_UNITS) or (glue and _glued_char(doc, i, stop_words))
                    or _numbered_unit(doc_words, i, through)
                    or (word not in stop_words and _known_place(doc, idx, idx + len(word)))  # (会同 is also a county)
                    or _place_across(doc, idx, idx + len(word))
                    or (tag == "q" and len(word) == 1 and i > 0 and doc_words[i - 1][2] == "ns")  # 杭州|道|派出所
                    or (word in _SHOP_NAME_ENDS and i > 0 and len(doc_words[i - 1][1]) >= 2
                        and doc_words[i - 1][2] in NAME_TAGS)  # 医圣|堂|药业有限公司
                    or _char_after_unit(doc_words, i, stop_words, through)
                    or _numbered_place(doc_words, i, through)
                    or (_NUMBERED_ROAD.fullmatch(word) and i > 0 and doc_words[i - 1][2] in NAME_TAGS)):
                break  # (中山|二路|派出所: a numbered road after its name is a place)
        if word in LEVEL_CHARS and _level_opens(doc, i):
            return idx  # 龙港分局借力|县|互联网协会: a level after a common word opens a new name (双流|区 is a place)
        start = idx
        if word.endswith(_PROVINCE_ENDS) and i > 0 and not doc_words[i - 1][1].endswith(through + _ABOVE_PROVINCES) \
                and _known_place(doc, idx, idx + len(word)):
            return start  # 命案|云南省保山市腾冲市公安局: a name opens with its province (国家税务总局|湖南省税务局 does not)
        i -= 1
    return start


# How a province's full name ends, and the words that may still stand before it in a body's name.
_PROVINCE_ENDS = ("省", "自治区")
_ABOVE_PROVINCES = ("中共", "中国", "中国共产党", "国家")


_NUMBERED_ROAD = re.compile("[一二三四五六七八九十]{1,3}[路街巷段]")
# The police word between a unit's task and its rank (海岸|警察|支队, 巡逻|警察|大队): a stop
# word elsewhere, part of the unit's name there.
_FORCE_WORDS = frozenset({"警察"})


@lru_cache(maxsize=1)
def _counting_chars() -> frozenset[str]:
    """The one-character classifiers of counts.yaml: a numeral before one counts (十八|家|派出所),
    it names nothing."""
    return frozenset(c for group in patterns.load("counts").classifiers.values() for c in group if len(c) == 1)


def _numbered_place(doc_words, i: int, through: tuple[str, ...]) -> bool:
    """Whether word `i` is the numeral that opens a place's name right before a unit
    (花垣县公安局|十八|洞|派出所: the village 十八洞): Chinese numerals, one character that is no
    classifier, then the unit."""
    word, tag = doc_words[i][1], doc_words[i][2]
    if tag != "m" or len(word) < 2 or not all(ch in _UNIT_NUMERALS for ch in word) or i + 2 >= len(doc_words):
        return False
    char, unit = doc_words[i + 1][1], doc_words[i + 2][1]
    return (len(char) == 1 and "\u4e00" <= char <= "\u9fff" and char not in _counting_chars()
            and bool(through) and unit.endswith(through))


def _split_place_with_he(doc_words, i: int, start: int) -> bool:
    """Whether word `i` is a lone 和 that the segmenter split off a place's name whose first
    character stands alone at a clause's start (，杨|和|派出所; places often end in 和: 永和,
    太和, 杨和): a conjunction there would join nothing to the name after it. A pronoun (他和)
    or a level (省和市…) before it is no place."""
    if doc_words[i][1] != "和" or doc_words[i][0] + 1 != start or i == 0:
        return False
    _idx, char, tag = doc_words[i - 1]
    if len(char) != 1 or not "\u4e00" <= char <= "\u9fff" or tag in _NOT_PLACE_CHAR_TAGS or char in LEVEL_CHARS:
        return False
    return i == 1 or doc_words[i - 2][1][-1] in PUNCT


def _split_place_at_locative(doc_words, i: int, start: int) -> bool:
    """Whether word `i` is a lone locative (下, 上, 东) opening a clause right before one lone
    character that opens the name (下|洋|派出所): the segmenter split a two-character place
    (下洋), since a locative would have nothing before it to locate."""
    idx, char, tag = doc_words[i]
    if tag != "f" or len(char) != 1 or i + 1 >= len(doc_words) or doc_words[i + 1][0] != start:
        return False
    if len(doc_words[i + 1][1]) != 1:
        return False
    return i == 0 or doc_words[i - 1][1][-1] in PUNCT


# Tags of a lone character that opens no place: pronouns, prepositions, conjunctions, adverbs,
# particles, numerals and classifiers.
_NOT_PLACE_CHAR_TAGS = frozenset({"r", "p", "c", "d", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "m", "q"})


def _char_after_unit(doc_words, i: int, stop_words, through: tuple[str, ...]) -> bool:
    """Whether word `i` is one of at most two lone characters right after a unit of the
    hierarchy (东城分局|安|外|大街派出所, 森林公安局|格|咱|森林派出所): the segmenter split a
    place's odd name, which joins the chain; a function word (分局|在|…) never does."""
    for k in (i - 1, i - 2):
        char, before = doc_words[k + 1][1], doc_words[k][1] if k >= 0 else ""
        if len(char) != 1 or not "\u4e00" <= char <= "\u9fff" or char in stop_words or char in FUNCTION_CHARS:
            return False
        if len(before) >= 2 and before.endswith(through):
            return True
    return False


def _level_opens(doc: Doc, i: int) -> bool:
    """Whether the level character (市, 县) that word `i` opens with starts a name: it does
    after a common word, not after a place (双流|区) or where a known place runs into it."""
    doc_words = words_of(doc)
    if i == 0:
        return False
    prev = doc_words[i - 1]
    if prev[1].endswith("委"):
        return False  # 区委|区政府: the party and the government together, one run (organizations drops it)
    if (len(prev[1]) == 1 and prev[2] in _PLACE_CHAR_TAGS and prev[1] not in FUNCTION_CHARS
            and prev[1] not in NUMERAL_LEADS and prev[1] not in _POINTING_CHARS and prev[1] not in LEVEL_CHARS):
        return False  # 新|市|派出所: a lone character the segmenter split off a place's name (新市), not a word before it
    level = doc_words[i][0]
    # (循化|县公安局: a county's short name the data knows, then its level)
    return prev[2] not in PLACE_LEFT_TAGS and not _known_place(doc, prev[0], level + 1) \
        and not _known_place(doc, prev[0], level)


# The tags of a lone character that may open a place's name (新 a, 东 f), and the characters that
# point at a place instead of naming it (全市, 我县, 该区, 本市, 其…).
_PLACE_CHAR_TAGS = frozenset({"a", "f", "n", "ns", "nr", "x", "j"})
_POINTING_CHARS = frozenset("全我该本其某此")


def _known_place(doc: Doc, start: int, end: int) -> bool:
    """Whether the word is a place the division data knows, whatever the dictionary files it
    as (大同 d, 合肥 n): 大同|铁路公安处."""
    return end in _region().mention_ends_by_start(doc).get(start, ())


def _place_across(doc: Doc, start: int, word_end: int) -> bool:
    """Whether a place the division data knows opens at this word and runs on, a few
    characters at most, into the words already in the name (公安局|于|洪|分局: 于洪 is a
    district, though 于 is a preposition)."""
    return any(word_end < e <= word_end + 4 for e in _region().mention_ends_by_start(doc).get(start, ()))


@lru_cache(maxsize=1)
def _region():
    """The region stage's module, imported on first use: it imports this one."""
    from . import region

    return region


# The ranked units of a police body, named by their task (禁毒支队, 网络安全保卫支队).
_UNITS = RANKED_UNITS + ("处", "科")
# A verb with one of these complements moves something to a place (送到, 发往, 转至).
_DIRECTIONAL = ("到", "至", "往")
_UNIT_NUMERALS = frozenset("一二三四五六七八九十")
# Prepositions that end an unknown word the segmenter glued onto the next clause (局在, 某到).
_TRAILING_PREPOSITIONS = frozenset("在到向对从把被给于为")


# Words that qualify a numbered unit after a force (交警|直属|一|大队).
_UNIT_QUALIFIERS = frozenset({"直属"})


@lru_cache(maxsize=1)
def _police_forces() -> frozenset[str]:
    """The police forces that name a unit (organizations.yaml `police_forces`: 刑侦, 治安, 禁毒)."""
    return frozenset(patterns.load("organizations").police_forces)


def _numbered_unit(doc_words, i: int, through: tuple[str, ...]) -> bool:
    """A numeral that numbers a unit between two units (侦查支队|三|大队, 刑警大队|三|中队,
    交警大队|巡逻|一|中队)."""
    if not through or doc_words[i][1] not in _UNIT_NUMERALS or i == 0 or i + 1 >= len(doc_words):
        return False
    if not doc_words[i + 1][1].startswith(through):
        return False
    if (doc_words[i - 1][1].endswith(through) or doc_words[i - 1][2] == "ns" or doc_words[i - 1][1].endswith("警")
            or doc_words[i - 1][1] in _police_forces() or doc_words[i - 1][1] in _UNIT_QUALIFIERS):
        return True  # (支队|兴庆|一|大队, 烟台|交警|一|大队, 公安局|刑侦|一|大队: a place's or a police force's numbered unit)
    # 交警大队|巡逻|一|中队: a task word between the unit and the number
    return i >= 2 and doc_words[i - 1][2] in ("v", "vn") and doc_words[i - 2][1].endswith(through)


def _glued_char(doc: Doc, i: int, stop_words: set[str]) -> bool:
    """A single character the dictionary files as a function word, glued to the unknown
    word after it or opening a list item, belongs to the name (的|都|小警反诈宣讲团)."""
    ws = words_of(doc)
    tok = ws[i]
    if len(tok.text) != 1 or not "\u4e00" <= tok.text <= "\u9fff" or tok.tag_ in _NOT_GLUED_TAGS:
        # (写有|反电诈志愿宣传队: a verb ends the name before it; 举行|了|万丰社区…队: so does an aspect particle)
        return False
    after_list_comma = i > 0 and ws[i - 1].text == "、" and tok.text not in stop_words
    before_unknown = i + 1 < len(ws) and ws[i + 1].tag_ == "x" and len(ws[i + 1].text) > 1
    return after_list_comma or before_unknown


# Tags of a lone character that is never glued into a name: prepositions, conjunctions,
# particles (的, 了, 着, 过), pronouns, numerals, classifiers and verbs.
_NOT_GLUED_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "m", "q", "v"})


def _sandwiched_verb(doc: Doc, i: int, stop_words: set[str], through: tuple[str, ...]) -> bool:
    """A verb or locative inside a name run: 管理局|执法|稽查支队, 钱塘|守护|反诈宣讲团, 辽|中|分局.

    Accepted when the word to its left is a proper name or a unit of the hierarchy, so
    that the verb is enclosed by name parts rather than starting the clause.
    """
    ws = words_of(doc)
    tok = ws[i]
    if tok.tag_ not in ("v", "vn", "f") or tok.text in stop_words or i == 0:
        return False
    if len(tok.text) >= 2 and tok.text.endswith(_DIRECTIONAL):
        return False  # 锦旗|送到|普兰县公安局: a verb of motion leads to the body, it is no part of it
    if through and i + 1 < len(ws) and tok.text + ws[i + 1].text in through:
        return True  # 侦查|支队: the verb opens a unit's own name
    if i + 1 < len(ws) and len(ws[i + 1].text) >= 2 and ws[i + 1].text[0] in LEVEL_CHARS:
        return False  # 公安局|提请|区委政法委: a level word after the verb opens another body
    left = ws[i - 1]
    if left.text in stop_words or not PUNCT.isdisjoint(left.text):
        return False
    if (tok.tag_ == "f" and len(left.text) == 1 and i >= 2 and through and ws[i - 2].text.endswith(through)
            and i + 1 < len(ws) and ws[i + 1].text.startswith(through)):
        return True  # 公安局|棠|下|派出所: a place of two characters split at its locative
    if tok.tag_ != "f" and i + 1 < len(ws) and through and ws[i + 1].text.startswith(through):
        # 老裴|想到|派出所: a verb right before the head starts the clause, unless a unit or
        # a proper name encloses it (公安局|禁毒|支队, 网络安全|保卫|支队: the verb names what
        # the sub-unit does)
        # (公安厅|禁毒|缉毒|总队, 公安局|技术|侦察|总队: the task in two words, the unit before them)
        task_pair = left.tag_ in ("v", "vn", "n", "b") and i >= 2 and ws[i - 2].text.endswith(through)
        if (left.tag_ in ("x", "nz", "nt") and len(tok.text) == 2 and tok.text[-1] not in "成为到至"
                and ws[i + 1].text.startswith(_business_heads())):
            return True  # 美团|外卖|公司: a brand, then its trade, then the company
        return (left.text.endswith(through) or left.tag_ in PROPER_TAGS or task_pair) and ws[i + 1].text.startswith(_UNITS)
    if (through and i + 2 < len(ws) and ws[i + 1].text in _UNIT_NUMERALS and ws[i + 2].text.startswith(_UNITS)
            and left.text.endswith(through)):
        return True  # 交警大队|巡逻|一|中队: a numbered sub-unit named by its task
    return left.tag_ in PROPER_TAGS or bool(through and left.text.endswith(through))


@lru_cache(maxsize=1)
def _business_heads() -> tuple[str, ...]:
    """The suffixes of companies and shops (organizations.yaml `suffixes.business`)."""
    return tuple(patterns.load("organizations").suffixes.get("business", ()))


_ORDINAL = re.compile(r"第[一二三四五六七八九十]{1,3}")
# The modal verbs that may open a verb phrase (会帮, 能到): "will", "can", "must".
_MODALS = frozenset("会能要应可")


def _name_like(word: str, tag: str, stop_words: set[str], through: tuple[str, ...]) -> bool:
    if not word or word in stop_words or not PUNCT.isdisjoint(word):
        return False
    if through and word.endswith(through):
        return True
    if word.isdigit():
        return word in hotlines()  # 6月25日公安部: a date is not part of a name; 110指挥中心 is
    if tag == "x" and len(word) == 2 and word[0] in NUMERAL_LEADS and word[1] in FUNCTION_CHARS:
        return False  # 二是|基层派出所: an enumerator opening a point, not a name's first word
    if tag == "x" and (word[-1] in _TRAILING_PREPOSITIONS or "某" in word):
        return False  # (分)局在|全市…, 黄某到|东埔派出所: a clause glued on, or an anonymized person
    if tag == "x" and len(word) > 1 and word[0] in FUNCTION_CHARS:
        # 及多间: an unknown word the segmenter glued onto a conjunction; 从化区, 经开 are places
        return word in _region().place_words()
    if tag == "x" and len(word) == 2 and (_adverb_led(word[0], ("d",)) or word[0] in _MODALS) and _adverb_led(word[1], ("v",)):
        return False  # 警车|刚出|派出所, 有时候|会帮|派出所: an adverb or a modal and a verb glued into an unknown word
    if len(word) >= 3 and _adverb_led(word, ("ad", "d") if tag in ("l", "i") else ("ad",)):
        return False  # 充分调动, 充分发挥 (filed as a noun): an adverb and its verb, not a name's part
    if tag == "l" and len(word) == 3 and word[2] in _VERB_COMPLEMENTS and _adverb_led(word, ("v",)):
        return False  # 打造出|高平市公安局: a verb and its complement (filed as a phrase), not a name's part
    if tag in NAME_TAGS or word in _region().zone_words():
        return True
    if tag == "m" and len(word) >= 2 and word[0] not in NUMERAL_LEADS:
        return True  # 万户 (新村): a word the dictionary files under numerals
    if tag == "m" and len(word) == 2 and word[1] == "里" and word[0] in _UNIT_NUMERALS:
        return True  # 七里|庙村, 三里|屯: a place named by its distance opens with a numeral
    if tag == "m" and _ORDINAL.fullmatch(word):
        return True  # 岳阳市|第一|人民医院: an ordinal numbers the body among its kind
    if tag == "a" and len(word) >= 2:
        return True  # 平安 (服务中心)
    # Single Han characters the dictionary files as something else (亭, 湖) are often
    # parts of place names the segmenter split; accept them when not a stop word.
    if len(word) == 1 and tag == "m":
        return word not in NUMERAL_LEADS  # 月 (塘): a place-name character filed as a numeral
    return len(word) == 1 and "\u4e00" <= word <= "\u9fff" and tag not in {"p", "c", "u", "uj", "ul", "uz", "r", "d", "v", "q", "f", "y", "e", "o", "ad", "vd", "t"}



# Characters that end a shop's or a firm's own name and that the dictionary files as
# classifiers (医圣堂, 老字号, 同仁坊): inside a run, after a noun, they are part of the name.
_SHOP_NAME_ENDS = frozenset("堂号坊斋轩阁")
# Conjunctions that open a clause and never a name (但司警局未曾…: 但|司警局).
_CLAUSE_CONJUNCTIONS = frozenset("但而却")
# Prepositions the segmenter glues onto an unknown name after them (据九洪|乡党委, 在石岗|镇).
_GLUED_PREPOSITIONS = frozenset("据在从向往经由仅兼以")
# Complements a verb takes (打造出, 建设成, 落实好): a phrase of a verb and one of these acts.
_VERB_COMPLEMENTS = frozenset("出成好上起到了过")


@lru_cache(maxsize=65536)  # words recur across a corpus; the dictionary lookup is not free
def _adverb_led(word: str, tags: tuple[str, ...]) -> bool:
    """Whether a word opens with a dictionary adverb of these tags (充分|调动, 积极|参与); a
    plain word is held to adverbial adjectives (ad), as 高新|区 opens with a d."""
    from ..tokenizer import (
        dictionary_tag,  # a module already loaded: the import is a lookup
    )

    return dictionary_tag(word[:2]) in tags
