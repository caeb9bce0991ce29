"""Persons the frame around names says are people: the names before 等 and a count or role
(邵军涛、李鹏飞等4名民警, 郭翔、阿旺浦措等民警), the leaders a gang is named after
(以邓伟、夏雷为首的…, 蔡国强黑社会性质组织案), a name after an age (61岁的葛建春), a name
that a sentence opens and says is someone of a role (陈立是…派出所的社区民警).
persons.py calls these.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, derived, words_of
from ..numbers import parse_number
from .names import token_index_at, token_start_set
from .person_names import FUNCTION_TAGS, NEVER_IN_NAME, common_word_at, full_name, pick_name, plausible_name
from .region import doc_mentions


def longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


# 邵军涛、李鹏飞、余永康等4名民警: names listed before 等, a count and the role they share.
# (等一大批…, 等一批…, 等人: a list of people closed by a vague amount; no role needs to follow)
# (等4人获得…: a count in 人 is of people already, no role needs to follow it either)
# (…李庆峰等20名当选者: as many names as the count says, whatever word follows, are the people counted)
_COUNT_AFTER_NAMES = re.compile(r"等(?:(?P<n>\d+|[一二两三四五六七八九十百]+)(?P<vague>[几多余])?(?P<cls>[名位个])|(一大批|一批|众多|人|(?:\d+|[一二两三四五六七八九十百]+)[几多余]?人))?")
# (李景良、刘家豪等涉黑恶犯罪分子, 李宗盛、许飞等大牌明星: a kind of people after 等, whatever words say which kind)
_PEOPLE_AFTER = re.compile(r"[\u4e00-\u9fff]{0,10}?(?:分子|嫌疑人|逃犯|人员|同志|干部|党员|明星|歌手|歌星|艺人|演员|嘉宾|个人|英雄|模范)")
_NUMERALS = frozenset("一二两三四五六七八九十百千0123456789")
# (邵军涛等30名“四川省特级优秀人民警察”: an honour's title in quotes, ending in the role it honours)
_QUOTED_TITLE = re.compile(r"“([\u4e00-\u9fff]{2,16})”")
# 陈耿忠、张照昌两位老民警: a list with no 等, then as many people as it has items and their role
# (an age or a sex may stand before the role).
_COUNT_RIGHT_AFTER = re.compile(r"([两二三四五六七八九]|[2-9])[名位](?:老|女|男|年轻|青年)?")
_SMALL_NUMBERS = {ch: n for n, chars in enumerate(("", "", "两二2", "三3", "四4", "五5", "六6", "七7", "八8", "九9"))
                  for ch in chars}
# (an item may carry its sex and more in brackets: 陈子丽(女)、何巧(女,藏族))
_LISTED_RUN = re.compile(r"(?:[\u4e00-\u9fff、·•・‧]|[（(][男女][^（()）\n]{0,6}[）)])+$")
_ITEM_NOTE = re.compile(r"[（(][男女][^（()）\n]{0,6}[）)]$")
_DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{1,7}(?:[·•・‧][\u4e00-\u9fff]{1,7})+")


def named_before_count(doc: Doc, text: str, rules, surnames) -> list[Candidate]:
    """Persons listed before 等N名 and a role (邵军涛、李鹏飞等4名民警; 表彰了廖林等48名民警),
    or before a vague amount of people (涌现出了史贤安、向明勇等一大批先进分子), or right before as
    many people as they are and a role (陈耿忠、张照昌两位老民警):
    each item is a full name (a surname and one or two characters, no dictionary word); the
    first may follow other words, and then starts where a word starts."""
    out = []
    roles = derived(rules.roles, longest_first)
    role_re = derived(rules.roles, _roles_re)
    for m in _COUNT_AFTER_NAMES.finditer(text):
        role = (r.group() if (r := role_re.match(text, m.end())) else None)
        if role is None and (quoted := _QUOTED_TITLE.match(text, m.end())):
            role = next((r for r in roles if quoted.group(1).endswith(r)), None)  # 等30名“特级优秀人民警察”
        run = _listed_run(text, m.start())
        if run is None:
            continue
        spans = _item_spans(run.group(), run.start())
        first, pos = spans[0]
        cut = _first_name_cut(doc, first, pos, surnames)  # 表彰了廖林: the first item's tail
        if cut is None and len(spans) > 1 and (not first or text[pos - 1:pos].isdigit()):
            # 112个单位、邵军涛等30名…, …人民警察”、廖林等260名: the item before is a count's tail or a quote's
            spans.pop(0)
            first, pos = spans[0]
            cut = _first_name_cut(doc, first, pos, surnames)
        if cut is None:
            continue
        spans[0] = (first[cut:], pos + cut)
        items = [item for item, _start in spans]
        counted = _counts_the_items(m, len(items))
        if role is None and not m.group(4) and not counted and not _PEOPLE_AFTER.match(text, m.end()):
            continue
        # 郭翔、阿旺浦措、拉巴平措、邹洋等民警: in a list most of whose items are full names, a
        # name of two to four characters with no surname of our list is one too (Tibetan names)
        surnamed = sum(1 for item in items if full_name(item, surnames))

        def is_name(item: str) -> bool:
            dotted = _DOTTED_NAME.fullmatch(item) is not None  # 唐努尔·沙黑: no surname list applies
            bare = ((counted or len(items) >= 3 and 2 * surnamed >= len(items)) and 2 <= len(item) <= 4
                    and item not in roles and item[0] not in _NUMERALS)  # (周杰伦、五条人、李荣浩: 五条人 is a band)
            return dotted or bare or full_name(item, surnames)

        # (…次仁朗珠、成亮等13名: a count of three or more that the list meets item for item
        # vouches for each, a name the dictionary also knows as a word among them)
        out.extend(_listed(doc, spans, is_name, "person.listed_before_count", role, words_are_names=counted and len(items) >= 3))
    for m in _COUNT_RIGHT_AFTER.finditer(text) if "、" in text else ():
        run = _LISTED_RUN.search(text, max(0, m.start() - 40), m.start())
        if run is None or run.group().count("、") + 1 != _SMALL_NUMBERS[m.group(1)]:
            continue  # the count must be of the list's own items: 张三、李四两名民警
        role = next((r for r in roles if text.startswith(r, m.end())), None)
        if role is None:
            continue
        spans = _item_spans(run.group(), run.start())
        cut = _first_name_cut(doc, *spans[0], surnames)
        if cut is not None:
            spans[0] = (spans[0][0][cut:], spans[0][1] + cut)
            out.extend(_listed(doc, spans, lambda item: full_name(item, surnames), "person.listed_before_count", role))
    return out


def _roles_re(roles) -> re.Pattern:
    """The role words as one pattern, the longest matched first (人民警察 over 警察)."""
    return re.compile(patterns.alternation(roles))


# What no list of names runs across: a clause's or a quote's punctuation.
_RUN_BREAKS = "，。；！？：\n“”"


def _listed_run(text: str, end: int) -> re.Match | None:
    """The run of names and list marks that ends at `end`, read back at most 240 characters
    and no further than the clause's last punctuation (the regex is then tried from a few
    places, not from every one of 240)."""
    lo = max(0, end - 240)
    lo = max([lo] + [text.rfind(ch, lo, end) + 1 for ch in _RUN_BREAKS])
    return _LISTED_RUN.search(text, lo, end)


def _counts_the_items(m: re.Match, n_items: int) -> bool:
    """Whether 等N名 (or 位) gives exactly the list's length (傅天雷、…、李庆峰等20名当选者): the
    list is then of the people counted, every item a name, whatever kind of people follows."""
    number = m.group("n")
    if number is None or m.group("vague") or m.group("cls") == "个" or n_items < 2:
        return False
    try:
        return parse_number(number) == n_items
    except ValueError:
        return False


def _item_spans(run: str, start: int) -> list[tuple[str, int]]:
    """The items of a 、 list read from `start`, each with where it starts, a bracketed note
    on the person (陈子丽(女)) cut from its item."""
    spans, pos = [], start
    for item in run.split("、"):
        spans.append((_ITEM_NOTE.sub("", item), pos))
        pos += len(item) + 1
    return spans


def _first_name_cut(doc: Doc, first: str, pos: int, surnames) -> int | None:
    """Where the name in a list's first item starts, the item read from `pos`: the item may
    hold the words before the list (表彰了廖林, 朋友魏南林), and the name is its tail of three or
    two characters that starts a word and opens with no other dictionary word; None when no
    tail is a full name."""
    starts = token_start_set(doc)  # (built once a list is met: most texts have none)
    return next((len(first) - n for n in (3, 2) if len(first) >= n and pos + len(first) - n in starts
                 and full_name(first[-n:], surnames) and not _opens_with_noun(doc, pos + len(first) - n, n)
                 and not common_word_at(doc, pos + len(first) - n, pos + len(first))), None)  # (个|单位: a noun)


def _opens_with_noun(doc: Doc, start: int, length: int) -> bool:
    """Whether a reading opens with a dictionary word of two or more characters that is no name
    (出租车|司机|案等: 司机 is a noun, not 司 and a given name)."""
    word = words_of(doc)[token_index_at(doc, start)]
    return word.idx == start and 2 <= len(word.text) < length and word.tag_ not in _NAME_WORD_TAGS


_NAME_WORD_TAGS = frozenset({"nr", "nrfg", "nrt", "x"})


def _listed(doc: Doc, spans: list[tuple[str, int]], is_name, rule: str, role: str | None,
            words_are_names: bool = False) -> list[Candidate]:
    """One person per item of a 、 list, each item given with where it starts, or none when
    any item is no name (`is_name`) or is a dictionary word (unless `words_are_names`)."""
    found = []
    for item, pos in spans:
        if not is_name(item) or not words_are_names and common_word_at(doc, pos, pos + len(item)):
            return []
        found.append(Candidate("person", pos, pos + len(item), rule, {"name": item, "role": role, "org": None}))
    return found


# Three or more items of two or three Han characters joined by 、 (李赛勇、胡巧峰、周冬平冒雪…).
_NAME_LIST = re.compile(r"[\u4e00-\u9fff]{2,3}(?:、[\u4e00-\u9fff]{2,3}){2,}")


def name_lists(doc: Doc, text: str, stoppers, surnames) -> list[Candidate]:
    """Full names listed with 、, three or more, with no role or count to say they are people
    (李赛勇、胡巧峰、周冬平冒雪…; 其他4人(任昆、龙进辉、秦桂珍、王开林)): every item a surname and
    a given name that is no dictionary word, or the list is something else (places, kinds).
    The first item may follow other words and then starts where a word does (朋友|魏南林); the
    last is read as a name before the words after it (周冬平|冒雪)."""
    if "、" not in text:
        return []
    out = []
    for m in _NAME_LIST.finditer(text):
        spans = _item_spans(m.group(), m.start())
        cut = _first_name_cut(doc, *spans[0], surnames)
        if cut is None:
            continue
        spans[0] = (spans[0][0][cut:], spans[0][1] + cut)
        last_item, last_at = spans[-1]
        closed = m.end() == len(text) or not "\u4e00" <= text[m.end()] <= "\u9fff"
        last = last_item if closed else pick_name(doc, last_at, text[last_at:last_at + 3], stoppers, surnames)
        if not last or not full_name(last, surnames):
            continue
        spans[-1] = (last, last_at)
        if len({item[0] for item, _start in spans}) == 1:
            continue  # 全时空、全要素、全链条: parallel words of a slogan, not people of one family

        def is_name(item: str) -> bool:
            return full_name(item, surnames) and plausible_name(item) and not NEVER_IN_NAME.intersection(item)

        out.extend(_listed(doc, spans, is_name, "person.name_list", None))
    return out


# 以邓伟、夏雷等人为首的…犯罪集团, 以袁忠文为首的黑社会性质组织: the leaders a gang is named after.
_HEADED_BY = re.compile(r"以((?:(?!等)[\u4e00-\u9fff]){2,4}(?:、(?:(?!等)[\u4e00-\u9fff]){2,4})*)(?:等(?:\d+|[一二三四五六七八九十]+)?[人名]?)?为首")


def gang_leaders(doc: Doc, text: str, surnames) -> list[Candidate]:
    """The names between 以 and 为首: the frame says they are people (a gang is named after
    its leaders), so a four-character name (石扎阿发) is taken too; a body (以公安机关为首)
    or an anonymized name (以张某为首) is not."""
    out = []
    def is_name(item: str) -> bool:
        return ((item[:1] in surnames or item[:2] in surnames) and plausible_name(item)
                and not NEVER_IN_NAME.intersection(item))

    for m in _HEADED_BY.finditer(text) if "为首" in text else ():
        out.extend(_listed(doc, _item_spans(m.group(1), m.start(1)), is_name, "person.gang_leader", None))
    return out


@lru_cache(maxsize=1)
def _gang_words_re() -> re.Pattern:
    return re.compile(patterns.alternation(patterns.load("persons").gang_words))


def named_gangs(doc: Doc, text: str, rules, surnames) -> list[Candidate]:
    """A gang a case is named after its leader (侦办的蔡国强黑社会性质组织案, 打掉许联生恶势力
    犯罪集团): the full name right before the gang word (persons.yaml `gang_words`) is a
    person's, where a word starts there and it is no place (邵阳黑社会性质组织 is the place's)."""
    if not rules.gang_words or not any(w in text for w in rules.gang_words):
        return []
    out = []
    starts = token_start_set(doc)
    places = {(s, e) for s, e, _codes in doc_mentions(doc)}
    for m in _gang_words_re().finditer(text):
        for size in (3, 2):
            start = m.start() - size
            name = text[start:m.start()]
            if (start < 0 or start not in starts or not full_name(name, surnames) or not plausible_name(name)
                    or (start, m.start()) in places or common_word_at(doc, start, m.start())
                    or _function_char_at(doc, start)):
                continue  # (黑恶|和|痞霸犯罪团伙: a conjunction, no surname)
            out.append(Candidate("person", start, m.start(), "person.gang_name", {"name": name, "role": None, "org": None}))
            break
    return out


def _function_char_at(doc: Doc, pos: int) -> bool:
    """Whether a one-character function word (和, 对, 在) stands at `pos` as a word of its own."""
    word = words_of(doc)[token_index_at(doc, pos)]
    return word.idx == pos and len(word.text) == 1 and word.tag_ in FUNCTION_TAGS


# 61岁的葛建春, 七十二岁的王桂兰: an age and 的 describe the person whose name follows.
_AGE_BEFORE = re.compile(r"(?:\d{1,3}|[一二三四五六七八九十]{1,3})[周虚]?岁的")


def aged_names(doc: Doc, text: str, stoppers, surnames) -> list[Candidate]:
    """A full name right after an age and 的 (今年6月，61岁的葛建春在…): only a person has an
    age; a role word after it (61岁的老人王桂兰) is the role rules' case."""
    out = []
    for m in _AGE_BEFORE.finditer(text) if "岁的" in text else ():
        start = m.end()
        if text[start:start + 1] not in surnames and text[start:start + 2] not in surnames:
            continue
        name = pick_name(doc, start, text[start:start + 3], stoppers, surnames)
        if name and full_name(name, surnames) and plausible_name(name) and not common_word_at(doc, start, start + len(name)):
            out.append(Candidate("person", start, start + len(name), "person.aged", {"name": name, "role": None, "org": None}))
    return out


@lru_cache(maxsize=1)
def _copula_role_re() -> re.Pattern:
    """A sentence that opens with two or three characters, 是, up to 24 more and 的, then a
    role (persons.yaml `roles`) that ends the clause: 陈立是工农派出所千佛社区的社区民警，…"""
    roles = patterns.alternation(longest_first(patterns.load("persons").roles))
    return re.compile(rf"(?:^|(?<=[。！？\n]))[ \t\u3000]*([\u4e00-\u9fff]{{2,3}})是[^，。；！？\n]{{0,24}}?的(?:一名|一位)?({roles})(?=[，。；！？\n])")


def defined_by_role(doc: Doc, text: str, surnames) -> list[Candidate]:
    """The full name a sentence opens with when it goes on to say who that is (陈立是工农派出所
    千佛社区的社区民警，…; 赵梦是枫桥派出所的一名社区民警): only a person is someone of a role.
    The name starts where a word does and is no dictionary word."""
    if "是" not in text:
        return []
    out = []
    starts = None
    for m in _copula_role_re().finditer(text):
        start, name = m.start(1), m.group(1)
        if not full_name(name, surnames) or not plausible_name(name) or NEVER_IN_NAME.intersection(name):
            continue
        starts = starts or token_start_set(doc)
        if start not in starts or common_word_at(doc, start, m.end(1)):
            continue
        out.append(Candidate("person", start, m.end(1), "person.defined_by_role", {"name": name, "role": m.group(2), "org": None}))
    return out
