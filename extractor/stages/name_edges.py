"""Where an organization's name starts when the token walk (names.walk_left) cannot tell.

The walk stops at verbs, prepositions and generic words; a few kinds of names hold them all
the same: a committee named by its task (市打击走私综合治理领导小组办公室), a district's police
branch written 公安 + district + 分局 (公安朝阳分局). And a name in quotes before App is the
app's, not the body's; a name between a unit and its chief's title (一大队杨涛大队长) is the
chief's, no part of a unit. organizations.py asks these around its walk.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..candidates import text_of, words_of
from .names import FUNCTION_CHARS, LEVEL_CHARS, PUNCT, strip_prefix, token_index_at
from .person_names import surname_set
from .region import doc_mentions, mention_ends_by_start

# Tags of the words a committee's task may be written with (打击|走私, 处理|工作, 涉法|涉诉).
_TASK_TAGS = frozenset({"n", "v", "vn", "nz", "ns", "x", "j", "l", "i", "b", "nt", "an"})
# How far back a committee's name may reach from its suffix (国务院打击治理电信网络新型违法犯罪
# 工作部际联席会议: 25 characters).
_COMMITTEE_REACH = 28


_FOUNDED = ("成立", "成立了", "组建", "组建了", "设立", "设立了")


def committee_start(doc: Doc, start: int, m: re.Match, stop_words: set[str], rules) -> int:
    """市涉法涉诉信访问题处理工作办公室, 市打击走私综合治理领导小组办公室: a committee or its
    office is named by the task it was set up for, verbs and all, from the level of
    government, or the body (organizations.yaml `standalone_names`: 国务院), that set it up. When the walk stopped inside such a run, the name starts at
    the level character that opens the clause; else where the walk put it."""
    if m.group() not in rules.committee_suffixes:
        return start
    text = text_of(doc)
    if start == m.start() and text[start - 1:start] == "”":
        opening = text.rfind("“", max(0, start - 14), start - 1)
        if opening >= 0 and "，" not in text[opening:start]:
            return opening  # 成立“长江大保护”领导小组: the quoted task names the committee
    ws = words_of(doc)
    i = token_index_at(doc, start) - 1
    best = start
    while i >= 0 and m.start() - ws[i].idx <= _COMMITTEE_REACH:
        w = ws[i]
        if w.text in stop_words or not PUNCT.isdisjoint(w.text) or w.tag_ not in _TASK_TAGS:
            break
        opener = w.text[0] in LEVEL_CHARS or w.tag_ == "ns" or w.text in rules.standalone_names  # (国务院…联席会议)
        if opener and (w.idx == 0 or text[w.idx - 1] in PUNCT
                                                             or text[w.idx - 1] in FUNCTION_CHARS):  # (从|六盘水市…)
            best = w.idx  # (the level or the place opens the clause: 、市涉法涉诉…, 六盘水市扫黑除恶…)
        elif w.idx == 0 or text[w.idx - 1] in "、，。：；\n”" or text.endswith(_FOUNDED, 0, w.idx):
            best = w.idx  # (副局长、|破案会战领导小组副组长, 会上，|扫黑除恶专项斗争领导小组: the clause names it whole;
            # so does a founding verb: 成立了|打击非法集资犯罪专项行动领导小组)
        i -= 1
    return best


def police_then_branch(doc: Doc, start: int, cut: int) -> bool:
    """公安朝阳分局, 公安杏花岭分局巨轮派出所: 公安 + a district + 分局 is how some cities name a
    district's police branch; its 公安 is part of the name, not a generic modifier."""
    text = text_of(doc)
    if text[start:start + cut] != "公安":
        return False
    place = start + cut
    ends = list(mention_ends_by_start(doc).get(place, ()))
    ws = words_of(doc)
    i = token_index_at(doc, place)
    while i < len(ws) and ws[i].idx >= place and ws[i].tag_ == "ns":  # (朝阳: the data keeps only its full forms)
        ends.append(ws[i].idx + len(ws[i].text))
        i += 1
    return any(text.startswith("分局", e) for e in ends)


# A figure and a classifier of bodies right after a name (专门学校58所, 派出所12个).
_COUNT_AFTER = re.compile(r"(?:\d+|[一二两三四五六七八九十百千]+)[余多]?[所个家处座]")
_COUNT_BEFORE = re.compile(r"(?:\d+|[一二两三四五六七八九十百千]+)[余多]?[所家座]$")
# A quoted name before these is a campaign's (“平安医院”等创建活动, “平安校园”创建).
_CAMPAIGN_AFTER = re.compile(r"”(?:“[^”]{1,10}”)*(?:等)?(?:创建|活动)")


def counted_kind(text: str, start: int, end: int, units: tuple[str, ...] = ()) -> bool:
    """A name right before or after its own count (建成…专门学校58所, 建成5所专门学校) names a
    kind of body, counted; a count after it of units of its own (台中市政府警察局15个分局:
    one of `units`) counts those, and the name stands;
    one in quotes before 创建 or 活动 (“平安医院”等创建活动) names a campaign."""
    after = _COUNT_AFTER.match(text, end)
    if (after and not text.startswith(units, after.end())) or _COUNT_BEFORE.search(text, max(0, start - 8), start):
        return True  # (建成5所|专门学校: the count may come first)
    return start > 0 and text[start - 1] == "“" and _CAMPAIGN_AFTER.match(text, end) is not None


def names_product(text: str, start: int, end: int, rules) -> bool:
    """A name in quotes right before a product word ("国家反诈中心"App) names the product, as
    does one with an app's Latin name glued to it (推广国家反诈中心APP)."""
    if text.startswith(("App", "APP", "app"), end):
        return True
    return (start > 0 and text[start - 1] in "“「\"" and text[end:end + 1] in "”」\""
            and text.startswith(tuple(rules.product_words), end + 1))


def name_between_unit_and_title(doc: Doc, title_start: int, suffixes: tuple[str, ...]) -> bool:
    """Whether a person's name (a surname and one or two characters, one word) stands
    between a unit's name and the title (一大队|杨涛|大队长)."""
    if title_start == 0:
        return False
    word = words_of(doc)[token_index_at(doc, title_start - 1)]
    return (word.idx + len(word.text) == title_start and 2 <= len(word.text) <= 3 and word.tag_ in ("x", "nr", "nrfg")
            and word.text[0] in surname_set() and text_of(doc).endswith(suffixes, 0, word.idx))


def generic_word(doc: Doc, start: int, end: int, rules) -> bool:
    """A name that is one dictionary word opening with a generic modifier (大型商场): a kind."""
    word = words_of(doc)[token_index_at(doc, start)]
    if not (word.idx == start and word.idx + len(word.text) == end and word.tag_ != "x"):
        return False
    cut = strip_prefix(word.text, rules.generic_prefixes)
    # (a preposition is no modifier inside a word: the 经 of 经济日报, the 对 of 对外…)
    return cut > 0 and not all(ch in FUNCTION_CHARS for ch in word.text[:cut])


def inside_known_word(doc: Doc, pos: int) -> bool:
    """Whether `pos` falls inside a word the dictionary knows (公安|部 of 公安部), not inside
    an unknown word the segmenter glued together (归|黔 of 归黔) or between two words."""
    word = words_of(doc)[token_index_at(doc, pos)]
    return word.idx < pos and word.tag_ != "x"


def place_across_space(doc: Doc, start: int) -> int | None:
    """The start of a known place name that a single space parts from a name opening with
    its level (兰州 市公安局城关分局, as scraped pages break lines), else None."""
    text = text_of(doc)
    if start < 3 or text[start] not in LEVEL_CHARS or text[start - 1] not in " \u3000" or text[start - 2] == " ":
        return None
    return next((s for s, e, _codes in doc_mentions(doc) if e == start - 1 and e - s >= 2), None)


# Tags of words that describe rather than name: adjectives, distinguishing words, adverbs.
_DESCRIBING_TAGS = frozenset({"a", "ad", "b", "d"})


def described_institution(doc: Doc, start: int, suffix_start: int, suffix: str, rules) -> bool:
    """平安医院, 好医院, 附属医院: an institution's kind (organizations.yaml `suffixes.business`)
    before which stand only describing words is a kind of institution, not one named; nor is
    "a" hotel somewhere (晋江|一|酒店: 一 as the article, not 第一)."""
    if suffix not in rules.suffixes.get("business", ()) or start >= suffix_start:
        return False
    text = text_of(doc)
    if len(suffix) >= 2 and text[suffix_start - 1] == "一" and text[suffix_start - 2:suffix_start - 1] != "第":
        return True
    ws = words_of(doc)
    i = token_index_at(doc, start)
    found = False
    while i < len(ws) and ws[i].idx < suffix_start:
        if ws[i].idx < start or ws[i].tag_ not in _DESCRIBING_TAGS:
            return False
        found = True
        i += 1
    return found


def opens_with_unit(doc: Doc, start: int, units: tuple[str, ...]) -> bool:
    """Whether the word at `start` is a unit (支队|三大队: a run that lost its body), not a
    verb that opens with a unit's character (处置|非法集资部际联席会议办公室)."""
    word = words_of(doc)[token_index_at(doc, start)]
    return word.idx == start and word.text.startswith(units) and word.tag_ not in ("v", "vn", "vd")


def at_token_edge(doc: Doc, start: int, end: int, roles: frozenset[str] = frozenset()) -> bool:
    """The suffix ends where a word ends (not the 局 of 局面), or where a role word glued to
    it begins (协会|会长: the dictionary has 协会会长); a one-character suffix is its own word
    or ends a dictionary organization word (司法局, not the 局 of 格局)."""
    if end - start >= 3:
        return True
    last = words_of(doc)[token_index_at(doc, end - 1)]
    word_end = last.idx + len(last.text)
    if word_end != end and not (end - start == 2 and doc.user_data["text"][end:word_end] in roles):
        return False
    if end - start == 2:
        return True
    return last.idx == start or last.tag_ in {"nt", "nz"}


def only_generic(name: str, rules) -> bool:
    """A name of generic modifiers and a generic name or suffix only (辖区派出所, 各级公安机关)."""
    cut = strip_prefix(name, rules.generic_prefixes)
    return name[cut:] in rules.generic_names or cut >= len(name) - 1
