"""Bylines: the reporters, writers and photographers a page names, with the word that marks
them (记者, 通讯员, 文, 图, 责任编辑).

The forms: a marker before the names (记者 侯希辰 张超晖, 文/张三, 责任编辑:郭阔), the
names before a marker (毕京津/记者), a dateline's or a wire story's bracket of names
(中新网…电（方伟彬 区靖雯）), a bracket of names opening a paragraph ((史卫平 张文声)…), and a
two-character name spaced out to the width of three (本报记者 马 忠). The markers and
prefixes are data in patterns/persons.yaml (`byline_markers`, `colon_markers`,
`byline_prefixes`); persons.py calls `find_bylines`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, text_of
from .person_names import (CREDITS, DELIMITERS, NEVER_IN_NAME, NOT_NAME_END, PEN_NAME_MARKS, SPEECH, common_word_at, pick_name,
                           surname_set, word_ends)

# 甘肃讯(臧秀娟 通讯员 李玉秀): the bracket's first names, before the next marker, are its reporters.
_NEXT_MARKER = r"(?=[ \u3000]+(?:特约|首席|见习)?(?:通讯员|记者|实习生))"
# A police publicity office's pen name closing a wire bracket after the reporters (索有为 粤公宣,
# 田圆 厦公宣, 耿兴徐 公宣): no person, but no reason to drop the names before it.
# (person_names.PEN_NAME_MARKS: what such a pen name holds)
_PEN_MARK = "(?:" + "|".join(PEN_NAME_MARKS) + ")"
_PEN_NAME = rf"[ 、\u3000]+[\u4e00-\u9fff]{{0,2}}{_PEN_MARK}[\u4e00-\u9fff]?"
_NOT_PEN_NAME = rf"(?![\u4e00-\u9fff]{{0,2}}{_PEN_MARK}[\u4e00-\u9fff]?(?![\u4e00-\u9fff]))"
# The role a one-character marker stands for.
_MARKER_ROLES = {"文": "作者", "图": "摄影", "摄": "摄影", "供稿": "作者"}


@lru_cache(maxsize=1)
def _surnames() -> str:
    """The surnames (persons.yaml) as one regex alternation, built once for every byline form."""
    return patterns.alternation(patterns.load("persons").surnames)


def _full_name() -> str:
    """A full name's regex: a surname and one or two characters."""
    return rf"(?:{_surnames()})[\u4e00-\u9fff]{{1,2}}"


@lru_cache(maxsize=1)
def _byline_regexes():
    rules = patterns.load("persons")
    name = _full_name()
    # (记者廖卫华 □刘露: a box marks a co-writer; 通讯员李海滨林道清, 通讯员李轩王斌王薇): the names
    # that close a bracket may run on from one another, and so may those the bracket's next
    # marker closes (通讯员崔恩栋张文声记者王晓宇))
    names = rf"((?=[\u4e00-\u9fff]{{4,12}}[）)])(?:{name}){{2,4}}(?=[）)]|记者|通讯员)|(?:{name})(?:(?:[ 、，\u3000□]+|(?=(?:{name})+[）)]))(?:{name}))*)"
    byline_re = re.compile(
        rf"(?:^|[\n（(□【\[ /／A-Za-z]|(?=通讯员)(?<=[\u4e00-\u9fff]))\s*(?:{patterns.alternation(rules.byline_prefixes)})?"
        # (a one-character marker does not reach across a line: 周尔博 摄⏎全省…; (記者⏎臧旭平 does)
        rf"({_markers_alternation(rules.byline_markers)})(?:(?<=[文图摄])[ \t\u3000\xa0]*|(?<![文图摄])\s*)[：/／】\]|｜]?[ \t\u3000\xa0]*{names}"
    )
    # (【通讯员】王全明: the marker in black brackets)
    # …打印当前页面责任编辑:郭阔: these markers open a byline anywhere on a line before a colon
    # (or the bar some pages set there: 责编 | 李砚雯)
    colon_byline_re = re.compile(rf"({_spaced_alternation(rules.colon_markers)})\s*[：:|｜]\s*{names}")
    # 中新网广东新闻5月20日电 （方伟彬 区靖雯 王烁刚）: reporters named in a dateline's brackets
    # (a news item's too: 国际在线重庆频道消息(田渝兵); and a dateline with no 电: 武汉12月25日 (武一力 杨保华)).
    # …电（方伟彬 区靖雯）, and a wire story's closing bracket of reporters on its own at the end
    # of a paragraph (（史竞男、邹伟）, （完）（温雪峰）)
    dateline_re = re.compile(rf"(?:[电讯]|消息|\d日)\s*[（(]((?:{name})(?:[ 、\u3000]+(?:{name}))*)(?:{_PEN_NAME})?(?:[）)]|{_NEXT_MARKER})"
                             rf"|(?:^|[。！？）)])[ \t\u3000]*[（(]({_NOT_PEN_NAME}(?:{name})(?:[ 、\u3000]+{_NOT_PEN_NAME}(?:{name}))*)(?:{_PEN_NAME})?"
                             rf"(?:[ \u3000]+(?:[\u4e00-\u9fff]{{2,8}}?[报网台社])?(?:通讯员|记者|实习生)[^）)\n]{{1,20}})?[）)][ \t\u3000]*(?:$|[|｜])", re.M)
    # ((王义东 通讯员 杨莹) closing a paragraph: the names before the first marker, which may
    # name its outlet (张光才 宋秋菊 四川法制报记者吴显云), are its reporters)
    # (the second form needs a closing bracket at a line's end or before a page's bar: most texts have none, and then
    # only the first form is looked for)
    wire_re = re.compile(rf"(?:[电讯]|消息|\d日)\s*[（(]((?:{name})(?:[ 、\u3000]+(?:{name}))*)(?:{_PEN_NAME})?(?:[）)]|{_NEXT_MARKER})()")
    return rules, re.compile(name), (byline_re, colon_byline_re, dateline_re, wire_re)


def _spaced_alternation(markers: list[str]) -> str:
    """The markers as a regex in which a marker may be spaced out (审 核, 签 发, 通 讯 员), as
    some pages align their editors' and correspondents' lines."""
    return "|".join("[ \u3000]?".join(map(re.escape, m)) for m in sorted(markers, key=len, reverse=True))


def _role(marker: str) -> str:
    """The role a byline marker gives: 文 → 作者, 本报记者 → 记者, 审 核 → 审核."""
    marker = marker.replace(" ", "").replace("\u3000", "")
    return _MARKER_ROLES.get(marker, marker).replace("本报", "")


def _markers_alternation(markers: list[str]) -> str:
    """The byline markers as a regex; a one-character marker (文, 图, 摄) opens a byline only
    when a separator follows it (文/张三, 图：李四), as 文明风首页 shows it must."""
    longer = _spaced_alternation([m for m in markers if len(m) > 1])  # (通 讯 员: spaced out)
    single = "".join(m for m in markers if len(m) == 1)
    return f"{longer}|[{single}](?=[：/／:\\s])" if single else longer


@lru_cache(maxsize=1)
def _spaced_byline_re() -> re.Pattern:
    """A byline whose one two-character name is spaced out to the width of three (本报记者 马 忠),
    alone up to the end of its line or bracket: a surname, a space, one more character."""
    rules = patterns.load("persons")
    return re.compile(
        rf"(?m)(?:^|[（(□【\[ ])\s*(?:{patterns.alternation(rules.byline_prefixes)})?({_spaced_alternation(rules.byline_markers)})"
        rf"[ \u3000]*[：/／]?[ \u3000]*(({_surnames()})[ \u3000]([\u4e00-\u9fff]))[ \u3000]*(?=$|[）)】\]])"
    )


@lru_cache(maxsize=1)
def _opening_bracket_byline_re() -> re.Pattern:
    """(史卫平 张文声)刚刚过去的…: two or more full names in brackets opening a paragraph are
    its reporters (one name alone could be anything, unless the lead's 近日 follows it)."""
    name = _full_name()
    # (one name alone when the lead's time word or date follows: (王维)近日，武功警方…,
    # (赵应龙)2021年12月17日…; the outlet may head the paragraph before the bracket, a name
    # ending like one (organizations.yaml `outlet_suffixes`): 山东法制传媒网:(吕帅 卢旺龙)11月18日…,
    # and after an outlet and its colon one name alone is the reporter: 山东法制传媒网:(付君)为…)
    outlet = rf"[\u4e00-\u9fff]{{1,12}}?(?:{patterns.alternation(patterns.load('organizations').outlet_suffixes)})"
    names = rf"(?:{name})(?:[ 、\u3000]+(?:{name}))*"
    lead = r"[）)](?:近日|日前|近期|昨日|昨天|今天|今日|(?:19|20)\d{2}年|\d{1,2}月\d{1,2}日)"
    return re.compile(rf"(?m)^[ \t\u3000]*(?P<outlet>{outlet}[ \t\u3000]*[：:][ \t\u3000]*)?[（(]"
                      rf"(?P<names>(?(outlet){names}|(?:(?:{name})(?:[ 、\u3000]+(?:{name}))+|(?:{name})(?={lead}))))[）)]")


@lru_cache(maxsize=1)
def _names_before_outlet_re() -> re.Pattern:
    """本报讯(车恒武 中国青年报·中青在线记者 李润文), 本报讯(孙颢源大连新闻传媒集团记者王艺): a
    dateline's bracket opening with names and then another outlet's reporter; the names are
    the item's correspondents. The outlet ends like one (organizations.yaml `suffixes.media`,
    `outlet_suffixes`). Without the bracket the names stand between spaces before the
    paper's own reporter (本报讯 鲁云龙 记者贺巍报道), or run on from 讯 up to a list mark
    (本报讯王忠辉、本报记者郭建跃报道)."""
    name = _full_name()
    orgs = patterns.load("organizations")
    ending = patterns.alternation(orgs.suffixes["media"] + orgs.outlet_suffixes)
    outlet = rf"[\u4e00-\u9fff]{{2,10}}?(?:{ending})(?:[·•\-－][\u4e00-\u9fff]{{2,8}}?)?(?:全媒体|融媒体)?(?:记者|通讯员)"
    names = rf"((?:{name})(?:[ 、\u3000]+(?:{name}))*)"
    return re.compile(rf"讯[ \u3000]*[（(]{names}[ \u3000]*(?={outlet})"
                      rf"|讯[ \u3000]*{names}(?:[ \u3000]+|、)(?=(?:本报)?(?:记者|通讯员))")


@lru_cache(maxsize=1)
def _reversed_byline_re() -> re.Pattern:
    """A byline that gives the name first and its marker after a slash (毕京津/记者,
    张三 李四/文), at the start of a line or bracket, or a photo credit after a caption's
    sentence (…提供咨询服务。陈昆仑/摄), or a reporter after a slash, run into the city the
    story was filed from (（永康警方提供／曹婷婷台南传真）, Taiwan's papers)."""
    name = _full_name()
    return re.compile(rf"(?m)(?:^|[（(【\[])[ \t\u3000]*((?:{name})(?:[ 、\u3000]+(?:{name}))*)[ \u3000]*[/／][ \u3000]*"
                      rf"(记者|通讯员|实习生|文|图|摄影|摄)"
                      rf"|(?<=[。！？])[ \u3000]*((?:{name}))[/／](摄影|摄)"
                      rf"|(?<=[/／])((?:{name}))(?=[\u4e00-\u9fff]{{2}}(?:传真|报导|报道)[）)】\]])")


@lru_cache(maxsize=1)
def _stamped_byline_re() -> re.Pattern:
    """A line that is a date (and a time) and then only names (2021-04-09 09:05:33    郭朝霞 王维;
    a magazine's page runs them together: 2023-10-30 03:51朱航, 2018-01-07崔隽)."""
    name = _full_name()
    return re.compile(rf"^[ \t\u3000]*(?:19|20)\d{{2}}-\d{{1,2}}-\d{{1,2}}(?:[ \t\u3000]+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?"
                      rf"[ \t\u3000]*((?:{name})(?:[ \u3000]+(?:{name}))*)[ \t\u3000]*$", re.M)


@lru_cache(maxsize=1)
def _outlet_byline_re() -> re.Pattern:
    """A line that is an outlet's name and then only names (旺苍融媒 樊陈 何浩东), or names up to
    the next byline marker (上游新闻 徐勤 摄影 钱波): the outlet's writers. The outlet ends in a
    media or outlet suffix (patterns/organizations.yaml `suffixes.media`, `outlet_suffixes`)."""
    rules = patterns.load("persons")
    name = _full_name()
    orgs = patterns.load("organizations")
    media = patterns.alternation(orgs.suffixes["media"] + orgs.outlet_suffixes)
    markers = patterns.alternation(rules.byline_markers + rules.credit_markers)
    # (大众新闻·半岛新闻 尹彦鑫 2026-02-23 11:27:53: an outlet and its channel, the names, then
    # the page's time stamp)
    return re.compile(rf"^[ \t\u3000]*((?:[\u4e00-\u9fff]{{2,8}}[·•])?[\u4e00-\u9fff]{{1,10}}?(?:{media}))[ \u3000]+"
                      rf"((?:{name})(?:[ \u3000]+(?:{name}))*)"
                      rf"(?=[ \t\u3000]*$|[ \u3000]+(?:{markers})[ \u3000：:]|[ \u3000]+(?:19|20)\d{{2}}[-/.年])", re.M)


@lru_cache(maxsize=1)
def _unit_credit_re() -> re.Pattern:
    """(新城交警大队 蒋蒙蒙) closing a paragraph: a police unit (organizations.yaml police
    suffixes) and its staff who wrote the item up; they are persons of that unit, no reporters."""
    unit = rf"[\u4e00-\u9fff]{{1,14}}?(?:{patterns.alternation(patterns.load('organizations').suffixes['police'])})"
    name = _full_name()
    return re.compile(rf"(?:^|[。！？）)])[ \t\u3000]*[（(]({unit})[ \u3000]+((?:{name})(?:[ 、\u3000]+(?:{name}))*)[）)][ \t\u3000]*$", re.M)


@lru_cache(maxsize=1)
def _credit_re() -> re.Pattern:
    """A bracket that closes a paragraph with its names and then what they did
    ((艾世民、宋杰摄影报道), （王五 摄）): a photo or report credit."""
    rules = patterns.load("persons")
    name = _full_name()
    # (…综治宣传活动。朱毅力摄 海西晨报讯: a photo caption's credit, unbracketed, between a
    # sentence's end or a space and a space or the bracket's end: 省公安厅供图 周尔博 摄,
    # (图片均由 蒋建新 摄), 宝山工作站 张杰 供稿; a spaced 摄 ends a caption run into the next
    # paragraph: 新闻发布会现场。赵嘉 摄在全国…)
    return re.compile(rf"[（(]((?:{name})(?:[ 、\u3000]+(?:{name}))*)[ \u3000]*"
                      rf"({patterns.alternation(rules.credit_markers)})[）)]"
                      rf"|(?:(?<=[。！？\n])|^|(?<=[ \u3000]))[ \u3000]*((?:{name}))"
                      rf"(?:[ \u3000](摄|供图|供稿)|(摄|供图|供稿)(?=[ \u3000）)]|$))", re.M)


# Cheap tests for the rarer byline forms: a closing bracket ending a line (（史竞男、邹伟）) and a
# lone character ending a line after a space (马 忠).
# (…增强。 (刘明周 夏雨) | GMT+8: a scraped page may run its footer on after the bracket, past a bar)
_BRACKET_AT_LINE_END = re.compile(r"[）)][ \t\u3000]*(?:$|[|｜])", re.M)
_LONE_CHAR_AT_LINE_END = re.compile(r"[ \u3000][\u4e00-\u9fff][ \u3000]*(?:$|[）)】\]])", re.M)


@lru_cache(maxsize=1)
def _names_line_re() -> re.Pattern:
    """A line of two or more full names and nothing else (方敏、徐博龙): a feature's writers.
    A two-character name may be spaced out to the width of three (谢 佳 梁天斌).
    A box opening the line marks it as a byline however many names follow (□ 宋雨霜, □李明杰 袁忠鸿:
    the 法治日报's style)."""
    name = rf"(?:{_surnames()})(?:[ \u3000][\u4e00-\u9fff](?![\u4e00-\u9fff])|[\u4e00-\u9fff]{{1,2}})"
    name = rf"(?:{name}){{1,2}}"  # (孙贤辉陈搏 秋适之: an item may run two names together)
    return re.compile(rf"^[ \t\u3000]*(?:((?:{name})(?:[ 、\u3000]+(?:{name}))+)"
                      rf"|□[ \t\u3000]*((?:{name})(?:[ 、\u3000]+(?:{name}))*))[ \t\u3000]*$", re.M)


@lru_cache(maxsize=1)
def _names_line_item_re() -> re.Pattern:
    """One name of a line of names: a padded two-character name (谢 佳) or an unspaced one."""
    return re.compile(rf"(?:{_surnames()})[ \u3000][\u4e00-\u9fff](?![\u4e00-\u9fff])|[^ 、\u3000]+")


# How near the page's head or foot a line of names must stand to be its writers.
_NAMES_LINE_REACH = 200


def _names_lines(doc: Doc, name_re: re.Pattern) -> list[Candidate]:
    """Writers on a line of their own near the head or foot of the page, when every item
    is a whole name the dictionary does not know (a list of common words is no byline)."""
    text = text_of(doc)
    out = []
    for m in _names_line_re().finditer(text):
        if _NAMES_LINE_REACH < m.start() < len(text) - _NAMES_LINE_REACH:
            continue
        g = 1 if m.group(1) else 2
        found = []
        for n in _names_line_item_re().finditer(m.group(g)):
            name, at = _unspaced(n.group()), m.start(g) + n.start()
            spans = ((0, len(n.group())),) if name_re.fullmatch(name) else _glued_names(name, name_re) if name == n.group() else None
            if not spans or any(common_word_at(doc, at + a, at + b) for a, b in spans):
                break  # a line of common words (or of things no name splits into) is no byline
            found.extend(Candidate("person", at + a, at + b, "person.byline",
                                   {"name": name[a:b] if len(spans) > 1 else name, "role": None, "org": None})
                         for a, b in spans)
        else:
            out.extend(found)
    return out


_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")


def _byline_names(doc: Doc, start: int, end: int, name_re: re.Pattern) -> list[tuple[re.Match, bool]]:
    """The full names of a byline's span, in order, each with whether a glued run's split gave
    it (then it is whole). A run of five characters or more with no separator is split into
    names when it splits into nothing else, no piece a dictionary word (李轩王斌王薇 → 李轩, 王斌,
    王薇; 王威应后威严俊池 → 王威, 应后威, 严俊池): bracket bylines often run their names together."""
    text = text_of(doc)
    out: list[tuple[re.Match, bool]] = []
    for run in _HAN_RUN.finditer(text, start, end):
        spans = _glued_names(run.group(), name_re) if len(run.group()) >= 5 or _two_glued_pairs(doc, run) else None
        if spans and not any(common_word_at(doc, run.start() + s, run.start() + e) for s, e in spans):
            out.extend((name_re.fullmatch(text, run.start() + s, run.start() + e), True) for s, e in spans)
        else:
            out.extend((n, False) for n in name_re.finditer(text, run.start(), run.end()))
    return out


def _two_glued_pairs(doc: Doc, run: re.Match) -> bool:
    """Whether a run of four characters is two names of two that the segmenter parted
    (通讯员 王刚|陈旭): no compound surname opens it (欧阳晓明 is one name) and a word ends
    at its middle."""
    return (len(run.group()) == 4 and run.group()[:2] not in surname_set()
            and run.start() + 2 in word_ends(doc) and run.group()[2] in surname_set())


def _glued_names(run: str, name_re: re.Pattern) -> tuple[tuple[int, int], ...] | None:
    """The offsets of the full names `run` splits into, whole, each a surname and one or two
    characters (a compound surname and two: 欧阳晓明), three-character names tried first;
    None when no split covers the run."""
    @lru_cache(maxsize=None)
    def split(i: int):
        if i == len(run):
            return ()
        for n in (3, 2, 4):
            if i + n <= len(run) and name_re.fullmatch(run, i, i + n):
                rest = split(i + n)
                if rest is not None:
                    return ((i, i + n),) + rest
        return None

    return split(0)


def _credit_glued(name: str) -> bool:
    """洪淼摄: a two-character name with a photo credit's mark glued on, (通讯员洪淼摄)."""
    return len(name) == 3 and name[-1] in CREDITS


def _unspaced(name: str) -> str:
    return name.replace(" ", "").replace("\u3000", "")


def find_bylines(doc: Doc, stoppers: set[str], surnames) -> list[Candidate]:
    """Every byline name of the page, with the role its marker gives."""
    rules, name_re, (byline_re, colon_byline_re, dateline_re, wire_re) = _byline_regexes()
    text = text_of(doc)
    out: list[Candidate] = []
    bylines = [(m.start(2), m.end(2), m.group(1)) for m in byline_re.finditer(text)]
    bylines += [(m.start(2), m.end(2), m.group(1)) for m in colon_byline_re.finditer(text)
                if (m.start(2), m.end(2), m.group(1)) not in bylines]
    if "/" in text or "／" in text:  # 毕京津/记者, 张三/文: the name before its marker
        bylines += [(m.start(1), m.end(1), m.group(2)) if m.group(1) else (m.start(3), m.end(3), m.group(4))
                    if m.group(3) else (m.start(5), m.end(5), "记者") for m in _reversed_byline_re().finditer(text)]
    if "摄" in text or "报道" in text or "供图" in text or "供稿" in text:
        bylines += [(m.start(1), m.end(1), m.group(2)) if m.group(1) else (m.start(3), m.end(3), m.group(4) or m.group(5))
                    for m in _credit_re().finditer(text)]
    bylines += [(m.start("names"), m.end("names"), "记者") for m in _opening_bracket_byline_re().finditer(text)]
    if "讯" in text:  # 本报讯(车恒武 中国青年报·中青在线记者 李润文): names before another outlet's reporter
        out.extend(Candidate("person", n.start(), n.end(), "person.byline", {"name": n.group(), "role": None, "org": None})
                   for m in _names_before_outlet_re().finditer(text)
                   for n in name_re.finditer(text, *m.span(1 if m.group(1) else 2)))
    if "-" in text:  # 2021-04-09 09:05:33    郭朝霞 王维: the writers after the page's time stamp
        bylines += [(m.start(1), m.end(1), "作者") for m in _stamped_byline_re().finditer(text)]
    for m in _outlet_byline_re().finditer(text):
        names = list(name_re.finditer(text, m.start(2), m.end(2)))
        # every item a whole name the dictionary does not know (人民网 时政 社会 is a menu)
        if all(text[n.end():n.end() + 1] in (" ", "\u3000", "\t", "\n", "") and not common_word_at(doc, n.start(), n.end())
               for n in names):
            out.extend(Candidate("person", n.start(), n.end(), "person.byline",
                                 {"name": n.group(), "role": None, "org": m.group(1)}) for n in names)
    out.extend(_names_lines(doc, name_re))
    closing = dateline_re if _BRACKET_AT_LINE_END.search(text) else wire_re
    if closing is dateline_re:
        out.extend(Candidate("person", n.start(), n.end(), "person.byline", {"name": n.group(), "role": None, "org": m.group(1)})
                   for m in _unit_credit_re().finditer(text) for n in name_re.finditer(text, *m.span(2)))
    bylines += [(m.start(g), m.end(g), "记者") for m in closing.finditer(text) for g in (1, 2) if m.group(g)]
    markers = tuple(rules.byline_markers)
    for m in (_spaced_byline_re().finditer(text) if _LONE_CHAR_AT_LINE_END.search(text) else ()):
        role = _role(m.group(1))
        out.append(Candidate("person", m.start(2), m.end(2), "person.byline",
                             {"name": m.group(3) + m.group(4), "role": role, "org": None}))
    for start, end, marker in bylines:
        role = _role(marker)
        previous_end = None
        for n, glued in _byline_names(doc, start, end, name_re):
            # (记者 安源): a name the bracket closes is whole, though the dictionary knows it as a place;
            # so is one run on from the name before it (通讯员李海滨林道清)
            bracketed = text[n.end():n.end() + 1] in ("）", ")") and (text[n.start() - 1:n.start()] in (" ", "\u3000", "、")
                                                                    or n.start() == previous_end)
            if (text.startswith(("：", ":"), n.end()) or (common_word_at(doc, n.start(), n.end()) and not bracketed)
                    or not NEVER_IN_NAME.isdisjoint(n.group()[1:])):  # 作者:阳湖网: a site, not a writer
                break  # 作者:杨国勤 周秀凤 来源:…: a label or a dictionary word ends the byline's names
            closed = glued or n.end() < len(text) and ((text[n.end()] in "）)" and not _credit_glued(n.group())) or (n.group()[-1] not in SPEECH | CREDITS
                      and (text[n.end()] in DELIMITERS or text[n.end()] in "/／" or text.startswith(markers, n.end()))))
            # （方伟彬 区靖雯 王烁刚）, 记者王为薇通讯员…: a name closed by a separator or the next
            # byline marker is whole, even when its last character is a word of its own (王烁|刚),
            # and a bracket closes one whatever it ends with (通讯员 潘帅成 张居道);
            # so is one closed by a slash before the place it was filed from (记者林有清/花莲报导).
            name = n.group() if closed and not n.group().endswith(NOT_NAME_END) else \
                pick_name(doc, n.start(), n.group(), stoppers, surnames)
            if name:
                out.append(Candidate("person", n.start(), n.start() + len(name), "person.byline",
                                     {"name": name, "role": role, "org": None}))
                previous_end = n.start() + len(name)
    return out
