"""Persons: a full name after a role word (所长许毅, 记者 林珊) or in a byline (作者:张腾飞 范汉娟).

What a full name looks like is person_names.py's; bylines and datelines are bylines.py's;
here are the other rules that find one: after a role, before a speech verb, in lists. The organization is the one whose name ends right before the role
(盐城市公安局亭湖分局东城派出所所长许毅 → org 盐城市公安局亭湖分局东城派出所).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, add, derived, of_type, text_of, words_of
from .bylines import find_bylines
from .listed_persons import aged_names, defined_by_role, gang_leaders, name_lists, named_before_count, named_gangs
from .names import token_index_at, token_start_set
from .recurring_names import recurring_names
from .speakers import named_after_body, speakers
from .person_names import (
    DELIMITERS,
    NAME_TAGS,
    NEVER_IN_NAME,
    common_word_at,
    full_name,
    pick_name,
    plausible_name,
    surname_set,
    word_ends,
)


@lru_cache(maxsize=1)
def _rules():
    rules = patterns.load("persons")
    surname = patterns.alternation(rules.surnames)
    name = rf"(?:{surname})[\u4e00-\u9fff]{{1,2}}"
    # 副局长（挂职）赵海波: a short note in brackets may stand between the role and the name
    # (the name is read in a lookahead: a rejected reading must not swallow the next role,
    # 记者雷恺|通讯员杨扬, 特警支队|特警李四)
    # (副队长:李娟: a colon may stand between them too)
    role_re = re.compile(rf"({patterns.alternation(rules.roles)})(?=(?:[（(][\u4e00-\u9fff]{{1,4}}[）)])?(?:[：:]|[ \u3000])?({name}))")
    return rules, role_re, re.compile(name), set(rules.name_stoppers)


# A figure and a people classifier right before a role: the role word is what is counted.
_COUNTED_ROLE = re.compile(r"(?:\d|[一二两三四五六七八九十百千万])[名位]$")
# A byline name closed by the end of its line or bracket: whatever the segmenter made of its
# characters (任|富强, 任 read as a pronoun), nothing else follows the reporter's name there.
_LINE_CLOSED = re.compile(r"[ \u3000]*(?:\n|$|[）)】])")

DOTS = "·•・‧"  # the middle dots that join the parts of a transliterated name
# Tags of the words that follow a name, never part of it: verbs, prepositions, conjunctions,
# adverbs, particles, pronouns, locatives.
_AFTER_NAME_TAGS = ("v", "p", "c", "d", "u", "r", "f")


def _dotted_name_end(doc: Doc, start: int, end: int) -> int:
    """Where a transliterated name's last part ends: at the first word after its last dot that
    is a verb or another function word of two characters or more (司坎旦尔·司马义|来到,
    托合提麦麦提·夏|患有), within `end`."""
    text = text_of(doc)
    syllables = derived(patterns.load("persons").name_syllables, frozenset)
    last_dot = max(text.rfind(dot, start, end) for dot in DOTS)
    ws = words_of(doc)
    i = token_index_at(doc, last_dot + 1)
    while i < len(ws) and ws[i].idx < end:
        if (ws[i].idx > last_dot + 1 and ws[i].tag_.startswith(_AFTER_NAME_TAGS) and len(ws[i].text) >= 2
                and ws[i].text[0] not in syllables):  # (瓦依|提向: 提 is the name's own syllable)
            return ws[i].idx  # (a one-character "verb" is as often a syllable: 瓦依|提; the enders list stops 向)
        i += 1
    return end


@lru_cache(maxsize=1)
def _dotted_role_re() -> re.Pattern:
    """A role and a transliterated name with a middle dot (村民布佐拉·瓦依提, 民警艾克拜尔·吐尔逊):
    no surname list applies, and the segmenter cuts such names anywhere (瓦依|提向), so the
    name runs to the first character of `dotted_name_enders` or a non-Han character."""
    rules = patterns.load("persons")
    part = rf"(?:(?![{''.join(sorted(set(rules.dotted_name_enders)))}])[\u4e00-\u9fff]){{1,7}}"
    # (the name in a lookahead: a role inside a longer word, 村|警务室, must not swallow the
    # real role after it, 辅警巴特尔·托列肯)
    return re.compile(rf"({patterns.alternation(rules.roles)})(?=[ \u3000]?({part}(?:[{DOTS}]{part})+))")


def _role_split_by_word(doc: Doc, start: int, end: int) -> bool:
    """Whether a role word starts inside one word and ends inside a dictionary word that runs on
    past it: by two characters or more (派出|所 + 长|江大桥), or by one, a surname, before a
    common word (辖|区 + 长|江 + 水域, 湖北|省 + 长|江 + 干线). A role glued to an unknown name
    (公安局|长王刚) stands, and so does one glued to a surname before a name (局|长安|呈斌)."""
    ws = words_of(doc)
    i = token_index_at(doc, end - 1)
    word = ws[i]
    if not (word.idx > start and word.tag_ != "x"):
        return False
    past = word.idx + len(word.text) - end
    after = ws[i + 1] if i + 1 < len(ws) else None
    return past >= 2 or (past == 1 and after is not None and len(after.text) >= 2 and after.tag_ not in NAME_TAGS)


def find_persons(doc: Doc) -> list[Candidate]:
    rules, role_re, name_re, stoppers = _rules()
    surnames = surname_set()
    text = text_of(doc)
    bodies = of_type(doc, "organization", "alliance")
    orgs = {c.end: c for c in bodies}
    body_starts = {c.start for c in bodies}
    out: list[Candidate] = []
    ends = word_ends(doc)
    markers = derived(rules.byline_markers, frozenset)
    for m in role_re.finditer(text):
        start = m.start(2)
        if m.end(1) not in ends and not _glued_to_name(doc, m.start(1), m.end(1), tags=("x", "ns")):
            continue  # 居民楼|院: the role word is part of a longer word
        if _role_split_by_word(doc, m.start(1), m.end(1)):
            continue  # 派出所|长江大桥: the 所长 read across two dictionary words is no role
        if text.startswith("任", start) and text.startswith(_posts_served(), start + 1):
            continue  # 常务副局长|任|常务副组长: 任 is "serves as", no surname
        name = pick_name(doc, start, m.group(2), stoppers, surnames)
        if (name and _COUNTED_ROLE.search(text, max(0, m.start(1) - 6), m.start(1))
                and text[start + len(name):start + len(name) + 1] not in DELIMITERS | {"和"}):
            continue  # 307名民警|荣立二等功: a count of people in that role (两名民警王刚、李明 name them)
        if m.end(2) in body_starts and m.group(2)[-1] not in stoppers:
            name = m.group(2)  # 政委罗铂铀|市公安局刑侦总队: the next body's start closes the name
        if not name and m.group(1) in markers and _LINE_CLOSED.match(text, m.end(2)):
            name = m.group(2)  # 全媒体记者 任|富强⏎: a reporter's name alone at the end of the line
        if not name or common_word_at(doc, start, start + len(name)):
            continue  # 民警|查询, 志愿者|项目: a dictionary word that is not a name (周一|鸣 is one)
        if text.startswith(tuple(DOTS), start + len(name)):  # (a slice at the text's end is "", which `in` a string finds)
            continue  # 辅警巴特尔|·托列肯: the first part of a transliterated name (the dotted rule's)
        org = orgs.get(m.start(1)) or _body_before_titles(text, m.start(1), orgs, rules.roles)
        if org is None and (shared := orgs.get(m.start(1) + 1)) is not None and shared.start < m.start(1):
            org = shared  # 南京市公安局|长王刚: the bureau shares its 局 with the title
        attrs = {"role": m.group(1), "org": org.attrs["name"] if org else None}
        out.append(Candidate("person", start, start + len(name), "person.role_name", {"name": name, **attrs}))
        # 运动员顾小飞、钱王伟: names coordinated after one role share it.
        pos = start + len(name)
        # a reporter's byline lists names with spaces (记者 侯希辰 张超晖), any role with 、
        # (民警张伟和李强, 辅警熊能一和周星辉: 和 and 与 join the last name of a pair or list)
        separators = "、和与 \u3000" if m.group(1) in markers else "、和与"
        while pos < len(text) and text[pos] in separators:
            nxt = name_re.match(text, pos + 1)
            more = nxt and pick_name(doc, pos + 1, nxt.group(), stoppers, surnames)
            if nxt and text.startswith(("、", "和"), nxt.end()) and not NEVER_IN_NAME.intersection(nxt.group()):
                more = nxt.group()  # 张德量、邱从才、邹新意: a list item closed by 、 is whole (才 and all)
            if not more or common_word_at(doc, pos + 1, pos + 1 + len(more)) or text.startswith(_party_units(), pos + 1):
                break  # (政委葛向东、党委副书记…: the next item is another post, 党委's)
            out.append(Candidate("person", pos + 1, pos + 1 + len(more), "person.role_name", {"name": more, **attrs}))
            pos += 1 + len(more)
    dotted = _dotted_role_re().finditer(text) if any(dot in text for dot in DOTS) else ()
    for m in dotted:
        if m.end(1) in ends or _glued_to_name(doc, m.start(1), m.end(1), tags=("x", "nr", "nrt"), whole=True):
            org = orgs.get(m.start(1))
            end = _dotted_name_end(doc, m.start(2), m.end(2))
            out.append(Candidate("person", m.start(2), end, "person.role_dotted_name", {
                "name": text[m.start(2):end], "role": m.group(1), "org": org.attrs["name"] if org else None}))
    out.extend(speakers(doc, stoppers))
    out.extend(named_before_count(doc, text, rules, surnames))
    out.extend(name_lists(doc, text, stoppers, surnames))
    out.extend(named_after_body(doc, text, bodies, surnames))
    # (a speakers list gives each name and then the body of the post: not a group's brand)
    out.extend(_listed_names(doc, text, {c.start for c in bodies if c.type == "organization"}, surnames))
    out.extend(_name_before_title(doc, text))
    out.extend(gang_leaders(doc, text, surnames))
    out.extend(aged_names(doc, text, stoppers, surnames))
    out.extend(defined_by_role(doc, text, surnames))
    out.extend(named_gangs(doc, text, rules, surnames))
    out.extend(_after_quoted_title(doc, text, rules, stoppers, surnames))
    out.extend(find_bylines(doc, stoppers, surnames))
    out.extend(_pseudonyms(doc, text, surnames))
    out.extend(recurring_names(doc, surnames, rules))
    return out


@lru_cache(maxsize=1)
def _posts_served() -> tuple[str, ...]:
    """What 任 ("serves as") is followed by: a role, or the 常务/副/第一 that opens one."""
    return tuple(patterns.load("persons").roles) + ("常务", "副", "第一")


# 汪银银(化名), 王玉菊（化名）夫妇: a name the text marks as a pseudonym is a person's.
_PSEUDONYM = re.compile(r"([\u4e00-\u9fff]{2,3})(?=[（(]化名[）)])")


def _pseudonyms(doc: Doc, text: str, surnames) -> list[Candidate]:
    """Each full name right before a pseudonym's mark (化名) (the mark is rare: most texts have none)."""
    if "化名" not in text:
        return []
    out = []
    starts = token_start_set(doc)
    for m in _PSEUDONYM.finditer(text):
        for size in (3, 2):  # 福建|汪银银: the name is the run's tail that starts a word
            start = m.end() - size
            name = text[start:m.end()]
            if start >= m.start() and full_name(name, surnames) and plausible_name(name) and start in starts:
                out.append(Candidate("person", start, m.end(), "person.pseudonym", {"name": name, "role": None, "org": None}))
                break
    return out



# 朱　波市公安局警令部政委, 钱晓东市公安局刑侦支队支队长: a speakers list gives each name
# and then the post; a two-character name is spaced out to align with three-character ones.
LISTED_NAME = re.compile(r"(?m)^[ \t\u3000]*([\u4e00-\u9fff])([ \u3000]{1,2}[\u4e00-\u9fff]|[\u4e00-\u9fff]{1,2})")




@lru_cache(maxsize=1)
def _party_units() -> tuple[str, ...]:
    """党委, 党组…: the party units organizations.yaml lists (its party_roles)."""
    return tuple(patterns.load("organizations").party_roles["units"])


def _body_before_titles(text: str, pos: int, orgs: dict, roles) -> Candidate | None:
    """The body before a chain of titles that ends right before this role (省公安厅|党委委员、|
    副厅长刘卫东): each title is a party title (党委委员) or ends in a role."""
    ends = derived(roles, tuple)
    for back in range(3, 16):
        body = orgs.get(pos - back)
        if body is None:
            continue
        chain = text[pos - back:pos]
        if not chain.endswith("、"):
            return None
        titles = chain[:-1].split("、")
        if all(t and (t.startswith(_party_units()) or t.endswith(ends)) for t in titles):
            return body
        return None
    return None


def _glued_to_name(doc: Doc, role_start: int, role_end: int, tags: tuple[str, ...] = ("x",), whole: bool = False) -> bool:
    """Whether the segmenter glued the role's last characters onto the unknown name after it
    (警务处|长卢伟聪; 局|长安|呈斌, where it made a place of it): the word holding the role's end is
    unknown (x) or a place (ns) and starts inside the role.
    A transliterated name may be glued onto the whole role and filed as a name (协警克依|瓦特·…),
    and the surname alone onto it (辅警金|玉石, the given name a word of its own)."""
    words = words_of(doc)
    i = token_index_at(doc, role_end)
    word = words[i]
    if word.tag_ not in tags:
        return False
    word_end = word.idx + len(word.text)
    return (role_start < word.idx < role_end or (whole and word.idx == role_start and word_end > role_end)
            or (word.idx == role_start and word_end == role_end + 1 and word.text[-1] in surname_set()
                and i + 1 < len(words) and words[i + 1].tag_ in NAME_TAGS))  # (辅警全|覆盖: a verb, no name)


def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


# A verb that links a subject to a body (高玥是西城公安分局…): it ends no name.
_LINKS = frozenset("是在为任")


def _listed_names(doc: Doc, text: str, body_starts: set[int], surnames) -> list[Candidate]:
    """A line opening with a surname and one or two characters (spaced out or not) followed
    right away, or after one space, by a body, its holder's post: a name in a speakers list."""
    out = []
    for m in LISTED_NAME.finditer(text):
        for end in (m.end(), m.end() - 1):  # 钱晓东|市公安局 or 钱晓|东… : the body decides
            given = text[m.end(1):end].strip(" \u3000")
            # 钱晓东市公安局…, or a space between (任忠良 宜昌市公安局治安支队支队长)
            at_body = end in body_starts or (text[end:end + 1] in (" ", "\u3000") and end + 1 in body_starts
                                             and " " not in text[m.start(1):end] and "\u3000" not in text[m.start(1):end])
            if (m.group(1) in surnames and given and at_body and given[-1] not in _LINKS
                    and not common_word_at(doc, m.start(1), end)
                    and plausible_name(m.group(1) + given)):
                out.append(Candidate("person", m.start(1), end, "person.listed_name",
                                     {"name": m.group(1) + given, "role": None, "org": None}))
                break
    return out


@lru_cache(maxsize=1)
def _titles_after_re() -> re.Pattern:
    """The posts written after the holder's name (persons.yaml `titles_after_name`)."""
    return re.compile(patterns.alternation(patterns.load("persons").titles_after_name))


# Tags the dictionary gives the persons' names it knows (习近平 nrfg).
_DICTIONARY_NAME_TAGS = ("nr", "nrfg", "nrt")


def _name_before_title(doc: Doc, text: str) -> list[Candidate]:
    """陈亮所长主持召开: a full name written before the post it holds, its holder then
    acting (a verb follows the post). The name must be a run of words of its own, names or
    words the dictionary does not know (陈亮 x), starting and ending where words do: 全市|所长
    and 党委|书记 are common words, not names. Each post is found first and the name read back
    from it: most posts have no name before them."""
    out = []
    starts, ends, surnames, ws = None, None, surname_set(), words_of(doc)
    for t in _titles_after_re().finditer(text):
        end = t.start()
        after = ws[token_index_at(doc, t.end())] if t.end() < len(text) else None
        before = ws[token_index_at(doc, end - 1)] if end > 0 else None
        known = before is not None and before.idx + len(before.text) == end and before.tag_ in _DICTIONARY_NAME_TAGS \
            and 2 <= len(before.text) <= 3
        # (庄莉强警官|主持会议: a word the dictionary does not know, then the post, needs no verb)
        unknown = (before is not None and before.idx + len(before.text) == end and before.tag_ == "x"
                   and 2 <= len(before.text) <= 3 and not text.startswith(("、", "，", ","), t.end()))
        if (after is not None and after.idx == t.end() and after.tag_ in ("nr", "nrfg", "x")
                and 2 <= len(after.text) <= 3 and after.text[0] in surnames):
            continue  # 德育主任|李桂柱说: the post's holder is named after it; the word before is the post's
        if not known and not unknown and (after is None or after.idx != t.end() or not after.tag_.startswith("v")):
            continue  # 陈亮所长|主持: the post's holder acts; 楼栋队长、… is a list of posts
            # (习近平总书记|关于: a name the dictionary knows needs no verb after its post)
        if starts is None:
            starts, ends = token_start_set(doc), word_ends(doc)
        if end not in ends:
            continue
        if known and before.text[0] not in surnames and before.text[:2] not in surnames:
            # 习近平总书记: the dictionary knows the whole name, whatever its surname; 杨|雪峰|同志:
            # a lone surname before it makes the dictionary's name the given name
            i = token_index_at(doc, before.idx)
            lone = ws[i - 1] if i > 0 else None
            start = lone.idx if lone is not None and len(lone.text) == 1 and lone.text in surnames and lone.tag_ == "nr" \
                and len(before.text) == 2 else before.idx
            out.append(Candidate("person", start, end, "person.name_before_title",
                                 {"name": text[start:end], "role": t.group(), "org": None}))
            continue
        for start in range(max(0, end - 4), end - 1):  # the longest reading first, as written
            name = text[start:end]
            surname = 2 if name[:2] in surnames and len(name) >= 3 else 1 if name[:1] in surnames else 0
            if not surname or not 1 <= len(name) - surname <= 2 or start not in starts or text[start - 1:start] == "、":
                continue  # no surname there, or an item of a list of posts (片长、楼栋队长)
            words = ws[token_index_at(doc, start): token_index_at(doc, end - 1) + 1]
            if all(w.tag_ in NAME_TAGS for w in words) and not common_word_at(doc, start, end):
                out.append(Candidate("person", start, end, "person.name_before_title",
                                     {"name": name, "role": t.group(), "org": None}))
                break
    return out


# “莲乡义警”张光旗, “侨乡警务助理”李晓霞: a title in quotes, then the name of who bears it.
_QUOTED_TITLE = re.compile(r"“([\u4e00-\u9fff]{2,10})”(?=[\u4e00-\u9fff]{2,3})")


def _after_quoted_title(doc: Doc, text: str, rules, stoppers, surnames) -> list[Candidate]:
    """A full name right after a quoted title that ends in a role word (“侨乡警务助理”李晓霞,
    “莲乡义警”张光旗): the quotes hold the bearer's title, as a role word before a name does."""
    out = []
    roles = derived(rules.roles, _longest_first) + ("助理",)
    for m in _QUOTED_TITLE.finditer(text) if "”" in text else ():
        start = m.end()
        if (text[start] not in surnames and text[start:start + 2] not in surnames) or not m.group(1).endswith(roles):
            continue  # (the cheap tests first: most quotes are followed by no surname)
        name = pick_name(doc, start, text[start:start + 3], stoppers, surnames)
        if name and not common_word_at(doc, start, start + len(name)) and plausible_name(name):
            out.append(Candidate("person", start, start + len(name), "person.quoted_title",
                                 {"name": name, "role": m.group(1), "org": None}))
    return out


@Language.component("extractor_persons")
def persons_component(doc: Doc) -> Doc:
    """Find named persons with their role and organization (runs after organizations)."""
    for cand in find_persons(doc):
        add(doc, cand)
    return doc
