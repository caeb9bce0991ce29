"""What makes a quoted brand, or the run of words before a group's head noun, a group's name
(the alliances stage's tests): a quoted name ending in a head (“南通义警”) or naming a team
(“护苗队”), never a formula (“1+N+X”) or a slogan; a run holding a proper word (铁鹰|摩巡队), made
of nouns (老兵|义警队) or of four characters of a task (普法宣传|服务队).
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..candidates import derived, words_of
from .names import PROPER_TAGS, RANKED_UNITS, hotline_end, token_index_at
from .region import doc_mentions

# Chinese numerals (“一室两队” counts teams).
NUMERALS = set("零〇一二两三四五六七八九十百千万")


def group_heads(rules) -> tuple[str, ...]:
    return tuple(rules.bare_brand_heads + rules.head_nouns)


def short_form(name: str, known: list[str]) -> bool:
    """A name of common words is still a group's name when it shortens one the text gave in
    quotes (民兵地区治保会 after “基干民兵地区治保会”): the text has named that group."""
    return len(name) >= 4 and any(k != name and k.endswith(name) for k in known)


def named_group(brand: str, rules) -> bool:
    """“南通义警”, “平安联盟”: a quoted name that ends in a group head and says more than it
    (a name longer than a head it ends with: its text after the first character ends with it)."""
    heads = derived(rules, group_heads)
    return bool(brand) and (brand[1:].endswith(heads) or _quoted_team(brand))


# A police force's ranked units: a quoted name ending in one is a unit, not a volunteer team.
_RANKED_TEAMS = RANKED_UNITS + ("警队",)


def _quoted_team(brand: str) -> bool:
    """“护苗队”, “反诈敲门队”: a quoted name of three to eight characters ending in 队 names a
    team (a volunteer group), unless it is a force's ranked unit (“特警大队”) or counts teams
    (“一室两队”: a formula)."""
    return (3 <= len(brand) <= 8 and brand.endswith("队") and not brand.endswith(_RANKED_TEAMS)
            and brand[-2] not in NUMERALS)


def formula(brand: str) -> bool:
    """A quoted brand joined with plus signs (“1+N+X”; normalize made ＋ ASCII) says how a
    team is made up; one that lists with 、 (“一切为了群众、一切依靠群众”) is a slogan or a
    list of kinds, never one group's name; nor is one that opens with "every" (“村村有义警”)."""
    return "+" in brand or "、" in brand or (len(brand) >= 3 and brand[0] == brand[1] and brand[0] in _EVERY)


# Characters that, doubled, say "every" (村村有义警, 人人当义警): a quote opening so is a slogan.
_EVERY = frozenset("村户人家处街组校企店")


def without_hotline(prefix: str) -> str:
    """The name run without the hotline number opening it (110|外语志愿服务队): that number is
    part of the name, where any other figure (3支…) shows the run is no name."""
    return prefix[hotline_end(prefix):]


def nouns_only(doc: Doc, start: int, end: int) -> bool:
    """Every word in [start, end) is a noun (老兵|义警队, 巡特警|铁骑|义警队), none a verb or an
    adjective (方便|义警队)."""
    words = [t for t in words_of(doc)[token_index_at(doc, start): token_index_at(doc, max(start, end - 1)) + 1]
             if t.idx >= start and t.idx + len(t.text) <= end]
    return bool(words) and all(t.tag_ in _NOUN_TAGS for t in words)


_NOUN_TAGS = {"n", "nr", "ns", "nt", "nz", "x", "j", "ng"}


def task_named(doc: Doc, start: int, end: int) -> bool:
    """A team named by four or more characters of what it does or who serves in it
    (普法宣传|服务队, 医疗救助|服务队, 学生家长|护校队): each word a noun or a verbal noun. A
    two-character word (特色巡逻队, 维稳巡逻队) says what kind of team, not which."""
    words = [t for t in words_of(doc)[token_index_at(doc, start): token_index_at(doc, max(start, end - 1)) + 1]
             if t.idx >= start and t.idx + len(t.text) <= end]
    return (end - start >= 4 and sum(map(len, (t.text for t in words))) == end - start
            and all(t.tag_ in _TASK_TAGS for t in words))


_TASK_TAGS = _NOUN_TAGS | {"vn"}


def has_proper_word(doc: Doc, start: int, end: int) -> bool:
    """Some word in [start, end) is a proper name, a word the dictionary does not know, or a
    place the division data knows (合肥, which the dictionary files as a common noun)."""
    for tok in words_of(doc)[token_index_at(doc, start): token_index_at(doc, max(start, end - 1)) + 1]:
        if tok.idx >= start and tok.idx + len(tok.text) <= end and tok.tag_ in PROPER_TAGS:
            return True
    return any(start <= s and e <= end for s, e, _ in doc_mentions(doc))
