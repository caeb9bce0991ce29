"""Alliances and volunteer groups: a brand, usually in quotes, and a group head noun.

“东亭有义”平安联盟 → 东亭有义平安联盟; 益海志愿联盟; a bare quoted brand that names the
group (加入了“东亭有义”, “南通义警”) → the brand. A quoted brand followed by 行动, 工程 or
another campaign word is a campaign, not a group; a slogan in quotes is never a group.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, add, text_of, words_of
from .alliance_names import NUMERALS, formula, group_heads, has_proper_word, named_group, nouns_only, short_form, task_named, without_hotline
from .brand_lists import coordinated_brands, listed_brands
from .left_walk import walk_left
from .names import FUNCTION_CHARS, hotlines, prefix_cuts, strip_prefix, token_index_at, token_start_set

# A Chinese numeral with a classifier (两支|义警队, 十余名|志愿者) counts teams or members; a
# numeral character inside a name (万达金街) does not.
COUNTED = re.compile(r"[零〇一二两三四五六七八九十百千万]+[余多]?[支个名人位家批类届期队]")
# 1+3+N: a letter standing for a number before a classifier (N支义警队) counts teams, it names none.
PLACEHOLDER_COUNT = re.compile(r"[A-Za-z][支个名家类]")
# Classifiers that open a name run after a figure (5支|明星义警志愿队): the run is counted.
_CLASSIFIER_LEADS = frozenset("支个名家类届期队批")
# The rest of a list of teams that a count of teams closes (红烛志愿队|、平安志愿队、先锋志愿队等7支
# 志愿者巡逻队): the items are the teams counted, each named, though by common words.
_LISTED_TEAMS = re.compile(r"(?:、[\u4e00-\u9fff]{2,12})*等(?:\d+|[一二两三四五六七八九十]+)[支个]")
QUOTED = re.compile(r"[“\"「『‘]([^“”\"「」『』‘’\n，。；！？]{2,14})[”\"」』’]")


@lru_cache(maxsize=1)
def _rules():
    rules = patterns.load("alliances")
    orgs = patterns.load("organizations")
    heads = re.compile(patterns.alternation(rules.head_nouns))
    return rules, heads, set(orgs.stop_words) | set(rules.stop_words), orgs.generic_prefixes


@lru_cache(maxsize=1)
def _tuples() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The word lists that `str.startswith`/`endswith` take as tuples, built once:
    not_group_after, bare_brand_heads, bare_brand_verbs."""
    rules = _rules()[0]
    return tuple(rules.not_group_after), tuple(rules.bare_brand_heads), tuple(rules.bare_brand_verbs)


# A dateline's 讯 or 电 right after a name, then the reporters' bracket or the lead: the name is an
# outlet's (中国传媒联盟讯(于杰 刘翔)), whatever its head.
_DATELINE_AFTER = re.compile(r"(?:\d{1,2}月\d{1,2}日)?[讯电][（(\s]")


def find_alliances(doc: Doc) -> list[Candidate]:
    rules, heads, stop_words, generic = _rules()
    not_group_after, bare_brand_heads, verbs = _tuples()
    text = text_of(doc)
    quoted = list(QUOTED.finditer(text))  # read three times below
    out: list[Candidate] = []
    quoted_spans = []
    brands_with_heads: set[str] = set()
    for m in quoted:
        brand = m.group(1)
        quoted_spans.append((m.start(), m.end()))
        if formula(brand):
            continue  # “民警+辅警+网格员”, “1+N+X”: a formula for how a team is made, not its name
        if brand in rules.head_nouns and heads.match(text, m.end()):
            continue  # “义警”队伍: a kind of group, not a name
        rest = text[m.end(): m.end() + 10]
        if rest.startswith(not_group_after):
            continue
        h = heads.match(text, m.end()) or _head_after_modifier(text, m.end(), heads)
        head, head_end = (h.group(), h.end()) if h else _quoted_brand_head(doc, m.end(), rules)
        while head and (more := heads.match(text, head_end)):
            head, head_end = head + more.group(), more.end()  # “滨城”义警|巡逻队: heads in a row are one head
        if head and head.endswith("队") and text.startswith("伍", head_end):
            head, head_end = head + "伍", head_end + 1  # “四位一体”志愿队伍: the head is 队伍, not its 队
        if head and _names_a_model(doc, head_end, not_group_after):
            continue  # “1+N+X”爨乡义警群防队伍模式: the group's words name a model, not a group
        if head in _FORCE_WORDS and brand.endswith(_COLLECTIVE_ENDS):
            out.append(Candidate("alliance", m.start(), m.end(), "alliance.quoted_group_name", {"name": brand}))
            continue  # “平安商户联盟”力量/队伍: the league is the group; the word after it is no head
        if head:
            name = brand + text[m.end():head_end]
            if brand.endswith(bare_brand_heads) or (head in rules.member_heads and named_group(brand, rules)):
                out.append(Candidate("alliance", m.start(), m.end(), "alliance.quoted_group_name", {"name": brand}))
                if head in rules.member_heads:
                    continue  # “近邻护校队”志愿者: the group's members, the group named in quotes
            if head in rules.brand_name_heads:
                brands_with_heads.add(brand)
            out.append(Candidate("alliance", m.start(), head_end, "alliance.quoted_brand_head", {"name": name}))
        elif named_group(brand, rules) and brand not in rules.quoted_only_heads:  # “义警队伍” is a kind
            out.append(Candidate("alliance", m.start(), m.end(), "alliance.quoted_group_name", {"name": brand}))
    # A bare brand is a group where the text also gives it with a head noun (in quotes or
    # not: “平安骑手” of “平安骑手联盟”), or joins it.
    named = {c.attrs["name"] for c in out}
    brands_with_heads.update(b for b in (m.group(1) for m in quoted)
                             if any(b + h in named for h in rules.brand_name_heads))
    for m in quoted:
        brand = m.group(1)
        if any(c.start <= m.start() < c.end for c in out):
            continue
        if text[m.end(): m.end() + 10].startswith(not_group_after):
            continue
        if brand in rules.quoted_only_heads or formula(brand):
            continue  # 加入“义警队伍”: a kind of group in quotes; 组建“民警+辅警+网格员”: a formula
        if (brand.endswith(_body_ends()) and not heads.search(brand)) or text.startswith(_body_suffixes(), m.end()):
            continue  # 成立了“阿鹏调解室”, 成立“长江大保护”领导小组, 成立「反诈骗联合情报中心」: a body's name, not a volunteer group
        if brand in brands_with_heads or text[max(0, m.start() - 3): m.start()].endswith(verbs):
            out.append(Candidate("alliance", m.start(), m.end(), "alliance.bare_brand", {"name": brand}))
    out.extend(coordinated_brands(text, out, quoted, not_group_after))
    out.extend(listed_brands(doc, text, stop_words))
    # Unquoted names: a head noun with a name run before it (益海志愿联盟, 铁鹰摩巡队).
    quoted_only = set(rules.quoted_only_heads)
    quoted_names = [c.attrs["name"] for c in out]
    kinds = set(group_heads(rules)) | quoted_only  # (加入“义警”: a kind of group, no brand)
    for h in heads.finditer(text):
        if any(s <= h.start() < e for s, e in quoted_spans):
            continue
        head_end = h.end() + 1 if h.group().endswith("队") and text.startswith("伍", h.end()) else h.end()
        if h.group() in quoted_only or head_end > h.end():
            named = _known_brand_before(text, head_end, [n for n in quoted_names if n not in kinds])
            if named is not None:  # 组建花源义警联合巡防队伍 after “花源义警”: that group's own force
                out.append(Candidate("alliance", named, head_end, "alliance.known_brand_head", {"name": text[named:head_end]}))
            continue  # else a kind of group (义警队伍), or 治安巡逻队|伍: the head is the first half of 队伍
        if h.start() > 0 and text[h.start() - 1] in "”\"」』":
            continue
        if text.startswith(not_group_after, h.end()):
            continue  # 党建联盟平台, 单位联盟巡防模式: the head modifies what follows
        if h.group().endswith("队") and text[h.end():h.end() + 1] in ("员", "长"):
            continue  # 中车社区义警队|员: a member or the leader of the team, no team named
        formed = _formed_team(text, h.start(), rules)
        if formed is not None:
            out.append(Candidate("alliance", formed, h.end(), "alliance.formed_team", {"name": text[formed:h.end()]}))
            continue
        named = _hotline_team(text, h.start())
        if named is not None:
            out.append(Candidate("alliance", named, h.end(), "alliance.hotline_team", {"name": text[named:h.end()]}))
            continue
        if h.group() in rules.compact_heads:
            named = _compact_team(text, h.start(), rules, stop_words)
            if named is not None:
                out.append(Candidate("alliance", named, h.end(), "alliance.compact_head", {"name": text[named:h.end()]}))
            continue
        start = walk_left(doc, h.start(), stop_words, max_chars=20, through=tuple(rules.head_nouns), glue=True)
        start += _word_cut(doc, start, prefix_cuts(text[start:h.start()], generic))
        lead = _word_cut(doc, start, prefix_cuts(text[start:h.start()], rules.generic_prefixes))
        branded = _branded_league(text[start:h.start()], h.group(), rules)
        if h.start() - (start + lead) >= 2 and not branded and text[start:h.end()] not in quoted_names:
            start += lead  # 平安|海安义警: a generic word before the brand is not part of it (“反诈商圈联盟” is quoted whole)
        if text[start + 1:h.end()] in quoted_names:
            start += 1  # 穿戴上|花源义警, 开展了|花源义警: one character glued onto a name the text quotes
        prefix = text[start:h.start()]
        if start > 0 and (text[start - 1].isdigit() or text[start - 1] in NUMERALS) and prefix[:1] in _CLASSIFIER_LEADS:
            continue  # 5支|明星义警志愿队: the run opens with a count's classifier; it counts teams, names none
        if start > 1 and text[start - 1] in _CLASSIFIER_LEADS and (
                text[start - 2].isdigit() or (text[start - 2] in NUMERALS and text[start - 2] != "一")):
            continue  # 发展了5支|明星义警志愿队: the same, where the walk stopped at the classifier (一支 is "a")
        if (len(prefix) < 2 or any(ch.isdigit() for ch in without_hotline(prefix)) or COUNTED.search(prefix)
                or PLACEHOLDER_COUNT.match(prefix)):
            continue
        listed = _LISTED_TEAMS.match(text, h.end()) is not None
        if strip_prefix(prefix, rules.generic_prefixes) >= len(prefix) and not listed:
            continue
        if (not has_proper_word(doc, start, h.start()) and not short_form(text[start:h.end()], quoted_names)
                and not listed
                and not branded
                and not (h.group() != "义警" and "义警" in h.group() and nouns_only(doc, start, h.start()))
                and not task_named(doc, start, h.start())):
            continue  # 义务巡逻队, 防控巡逻队: a kind of team, not a named one; 老兵义警队 is named by its members
        if h.group().endswith("协会") and h.group() not in rules.association_heads:
            # 招远市平安建设志愿者协会: a registered volunteers' association is a body, as the
            # organizations stage has 沈阳市平安志愿者协会 (its walk stops at 建设, so it is found here)
            out.append(Candidate("organization", start, h.end(), "organization.volunteer_association", {"name": text[start:h.end()]}))
            continue
        out.append(Candidate("alliance", start, h.end(), "alliance.head_noun", {"name": text[start:h.end()]}))
    return [c for c in out if not _DATELINE_AFTER.match(text, c.end)]  # 中国传媒联盟讯(…): an outlet's dateline


def _word_cut(doc: Doc, start: int, cuts: list[int]) -> int:
    """The last of the generic prefixes' `cuts` (prefix_cuts) that falls between words: 志愿|者
    反诈服务队 is not cut, 志愿者 is one word, not a generic 志愿 before a name."""
    starts = token_start_set(doc)
    return next(c for c in reversed(cuts) if not c or start + c in starts)


def _formed_team(text: str, head_start: int, rules) -> int | None:
    """由10名民警组成的巡防大队机动巡逻队: the team a text says was formed of its members is
    named by all the words between 组成的 and its head, common words or not."""
    for lead in rules.formed_by:
        k = text.rfind(lead, max(0, head_start - 10 - len(lead)), head_start)
        if k < 0:
            continue
        start = k + len(lead)
        prefix = text[start:head_start]
        if 2 <= len(prefix) and all("\u4e00" <= ch <= "\u9fff" for ch in prefix) \
                and strip_prefix(prefix, rules.generic_prefixes) < len(prefix):
            return start
    return None


def _compact_team(text: str, head_start: int, rules, stop_words) -> int | None:
    """铁骑摩巡队, 城东街巡队: a compact head the segmenter splits at random (铁骑|摩|巡队)
    names a team with the Han characters before it, up to punctuation or a function word,
    unless they are only generic (治安|骑巡队 is a kind of team)."""
    start = head_start
    while start > 0 and head_start - start < 6 and "\u4e00" <= text[start - 1] <= "\u9fff" \
            and text[start - 1] not in FUNCTION_CHARS and text[start - 1] not in NUMERALS:
        start -= 1
    # 组建|铁骑摩巡队, 每晚|…: the run starts after the stop word that ends last in the window
    window = text[start:head_start]
    start += max((window.rfind(w) + len(w) for w in _long_words_in(window, stop_words)), default=0)
    prefix = text[start:head_start]
    if len(prefix) < 2 or strip_prefix(prefix, rules.generic_prefixes) >= len(prefix):
        return None
    return start




def _names_a_model(doc: Doc, pos: int, not_group_after: tuple[str, ...]) -> bool:
    """Whether the noun phrase going on at `pos` ends in a campaign or method word (…群防队伍模式):
    its words, up to eight characters, while they are nouns (…巡逻队|积极参与|平安创建 is a
    predicate, whatever word ends it)."""
    ws = words_of(doc)
    i = token_index_at(doc, pos)
    if i < len(ws) and ws[i].idx < pos:
        i += 1  # (the head's own word)
    run = ""
    while (i < len(ws) and len(run) + len(ws[i].text) <= 8 and ws[i].tag_ in _MODEL_RUN_TAGS
           and all("\u4e00" <= ch <= "\u9fff" for ch in ws[i].text)):
        run += ws[i].text
        i += 1
    # (…队伍建设: building up a group that is named; 建设 after a brand alone is a campaign's)
    return bool(run) and run.endswith(not_group_after) and not run.endswith("建设")


_MODEL_RUN_TAGS = frozenset({"n", "vn", "nz", "j", "b", "an", "ng", "x"})


def _quoted_brand_head(doc: Doc, pos: int, rules) -> tuple[str | None, int]:
    """(head, end) when the word right after a closing quote at `pos` is one of the heads
    that name a group only there (“安澜义巡”队|现场…), not a longer word (队员); else (None, pos)."""
    text = text_of(doc)
    if pos < len(text) and text.startswith(tuple(rules.quoted_brand_heads), pos):
        word = words_of(doc)[token_index_at(doc, pos)]
        if word.idx == pos and word.text in rules.quoted_brand_heads:
            return word.text, pos + len(word.text)
    return None, pos


def _head_after_modifier(text: str, pos: int, heads: re.Pattern) -> re.Match | None:
    """A group head one to four Han characters after a quoted brand (“沂蒙红盾”护卫|联盟,
    “蓝马甲”平安建设|志愿服务队): the words between qualify the head and belong to the name."""
    for gap in (1, 2, 3, 4):
        ch = text[pos + gap - 1:pos + gap]
        if not "\u4e00" <= ch <= "\u9fff" or ch in FUNCTION_CHARS or ch in "等们" or ch in NUMERALS:
            return None  # “蓝背心”的巡逻队, “五老人员”等志愿者, “方鹤救援队”两支队伍: a phrase, not one name
        if text.startswith(_founding_verbs(), pos + gap - 1):
            return None  # “特殊群体”组建专属志愿服务队: a verb that sets a group up opens a clause
        h = heads.match(text, pos + gap)
        if h:
            return h
    return None


def _branded_league(prefix: str, head: str, rules) -> bool:
    """平安商铺联盟, 平安校园联盟: a league whose name opens with a programme's brand word
    (`league_brands`, 平安) and names a sector after it is a named alliance, common nouns and
    all; the sector alone (单位联盟) or the brand alone (平安联盟 unquoted) is a kind."""
    return head.endswith("联盟") and any(
        prefix.startswith(b) and len(prefix) - len(b) >= 2 for b in rules.league_brands)


_HOTLINE_RUN = re.compile(r"(\d{3,5})[\u4e00-\u9fff]{2,10}$")


def _hotline_team(text: str, head_start: int) -> int | None:
    """110水上救援青年志愿服务队: a team named after the police hotline is named by all the
    Han characters between the number and its head, common words and verbs too."""
    m = _HOTLINE_RUN.search(text, max(0, head_start - 15), head_start)
    if m is None or m.group(1) not in hotlines() or (m.start() > 0 and text[m.start() - 1].isdigit()):
        return None
    return m.start()


def _known_brand_before(text: str, head_end: int, names: list[str]) -> int | None:
    """Where a group name the text gave in quotes opens a run that ends in a head naming a
    group only after a brand (花源义警|联合巡防队伍, 花源义警|队伍 after “花源义警”), else None.
    Up to eight Han characters, none a function character, follow the name."""
    for name in names:
        k = text.rfind(name, max(0, head_end - len(name) - 8), head_end - 2)
        if k < 0 or (k > 0 and text[k - 1] in "“\"「『"):
            continue  # (the quoted mention itself is the quoted rules')
        rest = text[k + len(name):head_end]
        if len(rest) >= 2 and all("\u4e00" <= ch <= "\u9fff" and ch not in FUNCTION_CHARS and ch not in "等们" for ch in rest):
            return k
    return None


def _long_words_in(window: str, words: set[str]) -> list[str]:
    """The words of two or more characters that occur in `window`: the window is a few
    characters, so its substrings are looked up instead of every word."""
    n = len(window)
    return [w for w in {window[i:j] for i in range(n) for j in range(i + 2, n + 1)} if w in words]


@lru_cache(maxsize=1)
def _founding_verbs() -> tuple[str, ...]:
    """The verbs that set a body up (agents.yaml `founding_verbs`: 成立, 组建…)."""
    return tuple(patterns.load("agents").founding_verbs)


# A quoted name that already ends in a collective head (联盟, 巡逻队, 协会) is the group's whole
# name: 队伍 or 力量 after it says what it is, not part of it (“首邑义警”队伍 names a team of
# 义警, so a member noun takes the head).
_COLLECTIVE_ENDS = ("联盟", "队", "会", "团")
_FORCE_WORDS = ("队伍", "力量")


# A centre is a body (情报中心, 服务中心), though 中心 alone is too common to end an organization's
# name run: a quoted brand ending in it is no volunteer group unless a group's head is in it.
_CENTRES = ("中心",)


@lru_cache(maxsize=1)
def _body_ends() -> tuple[str, ...]:
    """What a quoted body's name ends with: the organizations' suffixes or a centre."""
    return _body_suffixes() + _CENTRES


@lru_cache(maxsize=1)
def _body_suffixes() -> tuple[str, ...]:
    """The organizations' suffixes of two characters or more (调解室, 派出所, 办公室)."""
    groups = patterns.load("organizations").suffixes.values()
    return tuple(sorted({x for g in groups for x in g if len(x) >= 2}, key=len, reverse=True))


@Language.component("extractor_alliances")
def alliances_component(doc: Doc) -> Doc:
    """Find alliance and volunteer-group names; candidates go to the merge stage."""
    for cand in find_alliances(doc):
        add(doc, cand)
    return doc
