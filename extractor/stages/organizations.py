"""Organizations: name runs that end in an institutional suffix (派出所, 有限公司, 管理局 ...).

One run may chain several units (盐城市公安局亭湖分局东城派出所) and is one name, the
longest run. Coordinated names that share a prefix and a suffix
(九龙坡区公安分局九龙、九龙园派出所) expand to one name per conjunct. A run whose prefix is
only generic modifiers (辖区派出所, 各派出所) is a class noun, not a name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, add, derived, text_of, words_of
from .coordinated_bodies import JOINERS, coordinated_bodies, places_listed_before, counted_bodies
from .acting_places import acting_places
from .name_edges import (at_token_edge, committee_start, counted_kind, described_institution, generic_word,
                         inside_known_word, only_generic,
                         name_between_unit_and_title, names_product, opens_with_unit, place_across_space,
                         police_then_branch)
from .outlets import outlets_in_text, source_outlets
from .left_walk import walk_left
from .names import FUNCTION_CHARS, LEVEL_CHARS, RANKED_UNITS, hotline_end, prefix_cuts, strip_prefix, token_index_at
from .region import mention_ends_by_start
from .place_short_names import place_short_names
from .school_names import numbered_schools

# A suffix directly followed by these is the start of a role (派出所所长 is fine, but the
# 支队 of 支队长 is not a unit) or of a longer word; not before 警 (分驻所|员警: Taiwan's officers)
# nor before the river 长江 (下关派出所|长江大桥屯兵点).
_NOT_AFTER_SUFFIX = "长员"
# Characters that close a figure: a date's units and the classifiers a count of bodies or
# cases takes (6宗|银行劫案, 3家|银行, 1.9万个|街面警务站), and a generation's 后 (90后|大学).
_AFTER_FIGURES = "日月年号时宗起家个名所处间支后万亿"
_FIGURE_ENDS = "0123456789余多万亿"
_PARTY_AND_GOVERNMENT = re.compile(r"[省市县区州]?政府")
_PARTY_THEN_GOVERNMENT = re.compile("委" + _PARTY_AND_GOVERNMENT.pattern)
# 某开发|建设管理有限公司: a company kept anonymous a few words before its suffix's run (the
# walk stopped at a verb inside its name).
_ANONYMOUS_RUN = re.compile(r"某[^\s，。；、：！？“”被由向对在已将把给与和及的是]{1,6}$")
# A Latin X standing for a masked character between Han ones (洁X美, 古X威).
_MASKED = re.compile(r"(?<=[\u4e00-\u9fff])[XＸ×](?=[\u4e00-\u9fff])")
_EVENT_EDITION = re.compile(r"第[一二三四五六七八九十百\d]+[届批]|首[届批场个家]")
_ROUND_FIGURE = re.compile(r"[百千万]+[所家个名座]")
_ETHNIC = re.compile(r"[\u4e00-\u9fff]{1,4}族")  # (彝族自治县公安局: a place, 自治县 follows 族)
# What follows an outlet's name: its work, or its app or paper after a dot (荆楚网(湖北日报网)讯,
# 大众网·海报新闻记者).
MEDIA_CONTEXT = re.compile(r"[）)]?(?:[讯电]|记者|报道|消息|客户端)|[·•][\u4e00-\u9fff]{2,6}(?:新闻|在线|客户端|报)")


def _building_goal(name: str, generic, rules) -> bool:
    """建设|法治政府, 打造|反诈中心: a verb of building before a kind of body names a goal."""
    return any(name.startswith(verb) and name[len(verb):] in generic for verb in rules.building_verbs)


@lru_cache(maxsize=1)
def _rules():
    rules = patterns.load("organizations")
    suffixes = [s for group in rules.suffixes.values() for s in group] + rules.standalone_names
    # (综治办|公室: an office's short suffix runs on into its full form, 综治办公室)
    not_before = "".join(f"(?!(?<={re.escape(end)})(?:{patterns.alternation(nexts)}))"
                         for end, nexts in rules.suffix_not_before.items())
    regex = re.compile(f"(?:{patterns.alternation(suffixes)})(?:(?<=办)公室)?(?![{_NOT_AFTER_SUFFIX}](?!警|江)){not_before}")
    # A role word (政委, 副会长) ends a name run: what is left of it is a person.
    roles = {r for r in patterns.load("persons").roles if not _group_noun(r)}
    roles |= {"副" + r for r in roles if not r.startswith("副")}
    stop_words = set(rules.stop_words) | roles
    return rules, regex, tuple(sorted(set(suffixes), key=len, reverse=True)), stop_words, frozenset(roles)


def _group_noun(word: str) -> bool:
    """Role words that also name members of a body (志愿者 of 平安志愿者协会) do not end a run."""
    return word.endswith(("志愿者", "义警", "队员", "网格员", "调解员"))


def find_organizations(doc: Doc) -> list[Candidate]:
    rules, regex, suffixes, stop_words, roles = _rules()
    text = text_of(doc)
    generic = set(rules.generic_names)
    out: list[Candidate] = []
    for m in regex.finditer(text):
        if not at_token_edge(doc, m.start(), m.end(), roles):
            continue
        if text.startswith("长江", m.end()) and not _river_place_at(doc, m.end()):
            continue  # 大队|大队长|江筱辉 (or 大队|长江|筱辉): a title and a name, not the river's 长江大桥
        if m.group() == "网" and not MEDIA_CONTEXT.match(text, m.end()):
            continue
        if m.group().endswith("委") and _PARTY_AND_GOVERNMENT.match(text, m.end()):
            continue  # 区委区政府: the local party and government together
        start = walk_left(doc, m.start(), stop_words, through=suffixes)
        if (m.group() in rules.standalone_names and m.group().endswith("委") and start >= m.start()
                and text.startswith(derived(rules.party_roles["roles"], tuple), m.end())):
            continue  # 县委书记: a title; 重庆市委副书记 names the committee
        if start == m.start() and start >= 2 and text[start - 2] in "我本" and text[start - 1] in LEVEL_CHARS:
            start -= 1  # 我市|公安局: "our city's" bureau is the 市公安局 the text speaks of
        if start >= 2 and text[start - 1] in LEVEL_CHARS and text[start - 2] in FUNCTION_CHARS:
            start -= 1  # 记者从市|公安局获悉, 反馈至区|公安局110指挥中心: the level glued to the preposition
        if start < m.start() - 1 and start > 0 and text[start - 1].isdigit() and text[start] in "余多":
            start += 1  # 500余|名派出所民警: the count's 余 goes with it
        while start < m.start() and start > 0 and (text[start] in _AFTER_FIGURES + "余多" and text[start - 1] in _FIGURE_ENDS
                                                    or text.startswith("度", start) and text[start - 1] == "年"
                                                    or text.startswith("起", start) and text[start - 1] in "日月年"):
            start += 1  # 6月25日|公安部, 6宗|银行劫案, 500余名|派出所, 1.3万余家|保安服务公司, 2023年度|浦口公安分局, 7月1日起|警政署: a date's end or a count's classifier
        if (edition := _EVENT_EDITION.match(text, start, m.start())):
            start = edition.end()  # 第三届|合肥市公安局警营开放日, 第一批|新任公安局长, 首场|东九龙总区…: an edition, a batch or "the first", no part of the body
        if (figure := _ROUND_FIGURE.match(text, start, m.start())) and only_generic(text[figure.end():m.end()], rules):
            continue  # 百所|学校, 千家|企业: a round figure of a kind (万家乐电器公司 is a name)
        if start > 0 and text[start - 1].isdigit() and text.startswith(("小时", "分钟"), start):
            start += 2  # 24小时|服务热线: a duration, no part of the name
        cut = _generic_cut(doc, start, m.start(), rules)
        if cut and not police_then_branch(doc, start, cut):
            start += cut
        start = _drop_unknown_place_head(doc, start, m.start(), m.end())
        start = _after_leading_verb(doc, start, m.start())
        start = _after_anaphoric_head(text, start, m.start())
        start = committee_start(doc, start, m, stop_words, rules)
        if text.startswith("派出所", start) and m.start() - start >= 3:
            start += 3  # 派出所|大石头村警务室: the bare station refers back; the post it runs is named
        if text.startswith("记", start) and (start == 0 or text[start - 1] in "—－-:：\n"):
            start += 1  # 守卫者——记|洮南市万宝镇公安派出所, a line of its own 记|酒钢集团公司…: a feature's subtitle, "a portrait of"
        name = text[start:m.end()].replace("“", "").replace("”", "")  # (“长江大保护”领导小组)
        if start >= m.start():
            # A suffix alone is a name only when it is specific (巡特警大队, 公安部).
            if not (name in rules.standalone_names or (len(name) >= 4 and name not in generic)):
                continue
        elif name in generic or only_generic(name, rules) or _building_goal(name, generic, rules) or _place_and_kind(doc, start, m.start(), m.end(), rules) \
                or generic_word(doc, start, m.end(), rules) or described_institution(doc, start, m.start(), m.group(), rules):
            continue
        if _LEVELS_COUNTED.fullmatch(text, start, m.start()):
            continue  # 建成省市县|三级反诈中心: a kind at every level, no one body
        if _ETHNIC.fullmatch(text, start, m.start()):
            continue  # 家在大凉山的彝族|派出所教导员: the ethnic group is the officer's, no body's name
        if _MASKED.search(text, start, m.end()):
            continue  # 洁X美生物科技有限公司: a name the text masks keeps the body anonymous, as 某 does
        if start > 0 and (text[start - 1] in "某各" or ("公司" in m.group() and _ANONYMOUS_RUN.search(text, max(0, start - 8), start))):
            continue  # 某国际集团公司, 各铁路公安处, 某开发|建设管理有限公司: a body kept anonymous, or each of a kind, has no name to give
        if names_product(text, start, m.end(), rules) or counted_kind(text, start, m.end(), derived(rules, _unit_words)):
            continue  # 推广“国家反诈中心”App: the quoted name is the app's
        if _PARTY_THEN_GOVERNMENT.search(name):
            continue  # 宜昌市委市政府, 自治区党委政府: the local party and government together, no one body
        if start < m.start() and opens_with_unit(doc, start, _BARE_UNITS):
            continue  # 支队三大队: a run that lost its body at a word the walk could not pass
        if hotline_end(name):  # a hotline number and a unit only
            continue  # 全市各级110报警服务台: every place has one; 广东110报警服务台 is named
        if name.endswith(_group_heads()):
            continue  # 反扒志愿者大队, 川汇义警大队: a volunteer group's head (the alliance stage's)
        if m.group() == "集团" and any(w in name for w in rules.criminal_words):
            continue  # 打掉恶势力犯罪集团: a criminal group is what the police struck, not a body
        end = _before_party_title(text, start, m.start(), m.end(), rules, suffixes)
        if end < m.end():
            name = text[start:end]
        elif m.group().endswith("队") and (sub := _NUMBERED_TEAM.match(text, end)):
            end = sub.end()  # 刑侦支队|九队: a numbered team of the unit is the body named
            name = text[start:end]
        elif m.group().endswith(("站", "所")) and (sub := _TASK_TEAM.match(text, end)):
            end = sub.end()  # 边防检查站|执勤二队: the station's numbered team is the body named
            name = text[start:end]
        elif m.group().endswith("报") and (sub := _EDITION.match(text, end)):
            end = sub.end()  # 湖北日报|农村版, 人民日报|海外版: a paper's edition is the outlet named
            name = text[start:end]
        place = place_across_space(doc, start)
        if place is not None:  # 兰州 市公安局: a scraped page split the name at a space
            start, name = place, text[place:start - 1] + name
        if start > 1 and text[start - 1] == "等" and (listed := places_listed_before(doc, start, end)):
            out.extend(listed)  # 北京、上海等|铁路公安处: one body per place; the kind alone is none
            continue
        out.append(Candidate("organization", start, end, "organization.suffix", {"name": name}))
        if start > 0 and text[start - 1] in JOINERS:  # else no conjunct comes before it
            out.extend(coordinated_bodies(doc, start, m.start(), m.end(), suffixes, stop_words))
    for more in (counted_bodies(doc, suffixes, stop_words), source_outlets(doc, rules), outlets_in_text(doc, rules), place_short_names(doc, rules),
                 _units_headed_by_title(doc, stop_words, rules, suffixes),
                 _units_before_shared_title(doc, stop_words, suffixes, rules), acting_places(doc, stop_words, rules, _rules()[2]),
                 numbered_schools(doc)):
        out.extend(more)
    return out


def _unit_words(rules) -> tuple[str, ...]:
    """The police suffixes (organizations.yaml `suffixes.police`: 分局, 派出所, 大队), longest
    first: a count of these after a body's name counts its units, not bodies of its kind."""
    return tuple(sorted(rules.suffixes["police"], key=len, reverse=True))


def _river_place_at(doc: Doc, pos: int) -> bool:
    """Whether a word longer than the river's name 长江 starts at `pos` (长江大桥, 长江水域): then
    the suffix before it is whole; a bare 长江 after a unit may be a title and a surname."""
    word = words_of(doc)[token_index_at(doc, pos)]
    return word.idx == pos and len(word.text) > 2


def _generic_cut(doc: Doc, start: int, end: int, rules) -> int:
    """How many characters of generic modifiers open text[start:end] (辖区|派出所, 全市|公安局),
    never cutting a word the dictionary knows (公安|部新闻宣传局 keeps 公安部; 我区|公安|局: the
    cut stops at the last place between words, 我区|公安局)."""
    return next((c for c in reversed(prefix_cuts(text_of(doc)[start:end], rules.generic_prefixes))
                 if not c or not inside_known_word(doc, start + c)), 0)


# Levels and their count before a kind (省市县三级, 县乡两级): the kind at each level.
_LEVELS_COUNTED = re.compile("[省市县区乡镇村]*[一二两三四五六]级")


# A unit and the 长 of its head's title (治安总队长).
_UNIT_TITLE = re.compile(f"(?:{'|'.join(RANKED_UNITS)})(?=长)")


@lru_cache(maxsize=1)
def _bureau_title_re() -> re.Pattern:
    """A bureau and the 长 of its chief's title (南京市公安局长, 新北市警察局長, 江苏省公安厅长):
    organizations.yaml `bureaus_sharing_title`. The text is the normalized one, where a
    traditional 長 is already 长."""
    return re.compile(f"(?:{patterns.alternation(_rules()[0].bureaus_sharing_title)})(?=长)")


def _units_before_shared_title(doc: Doc, stop_words: set[str], suffixes, rules) -> list[Candidate]:
    """江西省公安厅治安总队长姜辉: the 总队 of 总队长 is the unit too when a higher body names
    it (公安厅 … 总队) or a place and its police force do (新北市刑警大队长); a bare 大队长 stays a
    title. A bureau sharing its 局 with its chief's title is named by the place before it
    (南京市公安局长)."""
    text = text_of(doc)
    out = []
    for m in _UNIT_TITLE.finditer(text):
        if text.endswith(tuple(m.group() + mark for mark in ("", "副", "原", "原副")), 0, m.start()):
            continue  # 交警支队|支队长, 刑侦总队副|总队长, 道路中队原|中队长: the unit was named in full before its title
        if text.endswith(RANKED_UNITS, 0, m.start()):
            continue  # 刑侦总队|支队长赵立军: a rank within the unit just named, no unit of its own
        if name_between_unit_and_title(doc, m.start(), suffixes):
            continue  # 一大队|杨涛|大队长: the unit, then its chief's name before his title
        start = walk_left(doc, m.start(), stop_words, through=suffixes)
        start += _generic_cut(doc, start, m.start(), rules)
        head = text[start:m.start()]
        if any(sfx in head for sfx in suffixes if len(sfx) >= 2) or _place_then_force(doc, start, m.start(), rules):
            out.append(Candidate("organization", start, m.end(), "organization.shared_title",
                                 {"name": text[start:m.end()]}))
    for m in _bureau_title_re().finditer(text) if "长" in text else ():
        start = walk_left(doc, m.start(), stop_words, through=suffixes)
        if (edition := _EVENT_EDITION.match(text, start, m.start())):
            start = edition.end()  # 第一批|新任公安局长: a batch of chiefs
        start += _generic_cut(doc, start, m.start(), rules)
        name = text[start:m.end()]
        if start > 0 and text[start - 1] in "全各某":
            continue  # 全市公安局长会议: the chiefs of every bureau of a rank, no one bureau
        if start < m.start() and not only_generic(name, rules) and name not in rules.generic_names:
            out.append(Candidate("organization", start, m.end(), "organization.shared_title", {"name": name}))
    return out


def _place_then_force(doc: Doc, start: int, unit_start: int, rules) -> bool:
    """新北市|刑警|大队长: a place and a police force (organizations.yaml `police_forces`)
    before a unit's title name the unit (the place's force has one unit of each rank)."""
    ends = mention_ends_by_start(doc).get(start, ())
    text = text_of(doc)
    return any(e < unit_start and text[e:unit_start] in rules.police_forces for e in ends)


def _units_headed_by_title(doc: Doc, stop_words: set[str], rules, suffixes: tuple[str, ...]) -> list[Candidate]:
    """A bureau the text names through its head (保安局局长黎栋国, 保安司司长黄少泽) is a body
    even without a place before it or a suffix of our list; its name runs back to a stop word
    or punctuation, or through the body it is a department of (首都综治办|基层基础工作处处长)."""
    text = text_of(doc)
    out = []
    for m in re.finditer(r"[局署厅处司](?=副?([局署厅处司])长)", text):
        if m.group() != m.group(1):
            continue
        end = m.end()
        start = walk_left(doc, m.start(), stop_words, max_chars=8)
        if start > 0 and text.endswith(suffixes, 0, start):
            start = walk_left(doc, start, stop_words, through=suffixes)
        start += _generic_cut(doc, start, m.start(), rules)
        start = _drop_unknown_place_head(doc, start, m.start(), end)  # 赵　刚|市公安局副局长
        name = text[start:end]
        if end - start >= 3 and all("\u4e00" <= ch <= "\u9fff" for ch in name) and not only_generic(name, rules):
            out.append(Candidate("organization", start, end, "organization.headed_unit", {"name": name}))
    for m in _LISTED_UNIT_HEAD.finditer(text):  # 党委委员、巡防大队大队长熊敏宇
        name = m.group(1)
        if name not in rules.generic_names and not only_generic(name, rules):
            out.append(Candidate("organization", m.start(1), m.end(1), "organization.headed_unit", {"name": name}))
    return out


# A unit named by its task after a list mark, headed by its own chief (…党委委员、巡防大队大队长):
# an item of a list of posts names the unit the person heads.
_LISTED_UNIT_HEAD = re.compile(r"、([\u4e00-\u9fff]{2,4}?(总队|支队|大队|中队))(?=副?\2长)")


# The level word followed by the start of a government or police body (not 夜市, 市场).
_PLACE_LEVEL = re.compile(r"[\u4e00-\u9fff]{1,3}?(?=[市县省](?:公安|委|政府|人民|司法|检察|法院|综治|政法|纪委))")


# 该县公安局|伯西热克派出所…: a level and body after 该 refer back to one named before.
_ANAPHORIC_HEAD = re.compile(r"[省市县区](?:公安局|公安分局|公安厅|分局)")


def _after_anaphoric_head(text: str, start: int, suffix_start: int) -> int:
    """Where a name starts once an anaphoric head is cut (该县公安局伯西热克派出所 →
    伯西热克派出所): the units after it are named, the head only points back."""
    if start == 0 or text[start - 1] != "该":
        return start
    m = _ANAPHORIC_HEAD.match(text, start, suffix_start)
    return m.end() if m and suffix_start - m.end() >= 2 else start


@lru_cache(maxsize=1)
def _group_heads() -> tuple[str, ...]:
    """The alliance head nouns that end like a police unit (志愿者大队, 义警大队), and the
    associations that are volunteer groups (义警协会, alliances.yaml `association_heads`): a
    name ending in one is a volunteer group, not a unit or a body."""
    rules = patterns.load("alliances")
    return tuple(h for h in rules.head_nouns if h.endswith(RANKED_UNITS) and h not in RANKED_UNITS) + tuple(rules.association_heads)


def _drop_unknown_place_head(doc: Doc, start: int, suffix_start: int, end: int) -> int:
    """罗 勇市公安局, 罗铂铀市公安局: a run opening with 1-3 characters + 市/县/省 that are not
    a place the division data knows is a person's name glued to 市公安局; the body starts at 市."""
    m = _PLACE_LEVEL.match(text_of(doc), start, end)
    if m is None or m.end() >= suffix_start or start in mention_ends_by_start(doc):
        return start
    return m.end()


def _before_party_title(text: str, start: int, suffix_start: int, end: int, rules, suffixes) -> int:
    """Where the body ends when its last unit is its party committee followed by a party role
    (云南省公安厅|党委副书记): the committee is part of the official's title."""
    unit = text[suffix_start:end]
    if unit in rules.party_roles["units"] and text.startswith(tuple(rules.party_roles["roles"]), end):
        if text[start:suffix_start].endswith(suffixes):
            return suffix_start
    return end


def _after_leading_verb(doc: Doc, start: int, suffix_start: int) -> int:
    """Where the name starts when its run opens with a verb and then a place (慰勉|中坜|分局:
    "to comfort" the 中坜 precinct): the verb is the sentence's; the place opens the name."""
    words = words_of(doc)
    i = token_index_at(doc, start)
    if i + 1 < len(words) and words[i].idx == start and words[i].tag_ == "v" and words[i + 1].tag_ == "ns" \
            and words[i + 1].idx < suffix_start:
        return words[i + 1].idx
    return start


def _place_and_kind(doc: Doc, start: int, suffix_start: int, suffix_end: int, rules) -> bool:
    """青岛市基层派出所: a place and only generic words before the suffix name a kind of
    body in that place, not one body; so does a style with generic words (枫桥式公安派出所)."""
    text = text_of(doc)
    head = text[start:suffix_start]
    if "式" in head[1:]:  # 枫桥式|公安|派出所: a style and a kind (坐式|排球队 is a team's name)
        rest = head[head.rindex("式") + 1:]
        if rest and strip_prefix(rest, rules.generic_prefixes) >= len(rest):
            return True
    place_end = next((e for e in mention_ends_by_start(doc).get(start, ()) if e < suffix_start), None)
    if place_end is None:
        return False
    middle = text[place_end:suffix_start]
    if middle.endswith(_rules()[2]):
        return False  # 长治市|政府|新闻办: the place's body and its office, not a kind
    if middle == "公安" and text.endswith(RANKED_UNITS + ("检查站", "博物馆", "纪念馆"), suffix_start, suffix_end):
        return False  # 中山市|公安|交警支队, 龙井|公安|检查站, 上海|公安|博物馆: a place's police has one unit of each rank and kind, one museum
    return strip_prefix(middle, rules.generic_prefixes) >= len(middle)


# A paper's edition right after its name (农村版, 海外版, 英文版).
_EDITION = re.compile(r"(?:农村|海外|英文|电子|数字|手机|网络|城市|周末|少儿|法治)版")
# A numbered team right after a unit (刑侦支队九队, 刑警大队三中队), or after a station
# named by its task (东兴出入境边防检查站执勤二队, 蓝田经济开发区派出所警务三队).
_NUMBERED_TEAM = re.compile(r"[一二三四五六七八九十]{1,3}(?:大队|中队|队)(?![长员])")
_TASK_TEAM = re.compile(r"[\u4e00-\u9fff]{2}[一二三四五六七八九十]{1,3}队(?![长员])")
# Units that never open a body's name: each is some body's part (…支队三大队).
_BARE_UNITS = RANKED_UNITS + ("分局", "处")


@Language.component("extractor_organizations")
def organizations_component(doc: Doc) -> Doc:
    """Find organization names by suffix; candidates go to the merge stage."""
    for cand in find_organizations(doc):
        add(doc, cand)
    return doc
