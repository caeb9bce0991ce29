"""What a count counts: the noun after the figure (2000余名|保安), before it (纠纷|30余起),
before a linking verb (整体罪案录得|三万宗), the event a verb names (刑事发案|1389起), or the
noun of the figure it is compared with (刑事案件2457起，较上年同期|2378起).

The counts stage (counts.py) finds the figures and asks `subject_of` for each; the words
these rules read are data in patterns/counts.yaml (stop words, scope words, linking verbs,
noun heads, event classifiers, comparison markers).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from spacy.tokens import Doc

from ..candidates import Candidate, derived, of_type, text_of, words_of
from ..numbers import CN_DIGITS, CN_UNITS
from .names import FUNCTION_CHARS, NAME_TAGS, NUMERAL_LEADS, PUNCT, strip_prefix, token_index_at
from .region import doc_mentions
from ..tokenizer import dictionary_tag

# Words a counted noun phrase may hold (重大|改革|试点, 群防群治|志愿者); it must end in a noun.
_SUBJECT_TAGS = NAME_TAGS | {"v", "vn", "t", "a"}
# (l: set phrases the dictionary files apart, 无人机, 英雄模范)
_NOUN_END_TAGS = {"n", "nr", "ns", "nt", "nz", "ng", "x", "j", "nw", "eng", "l"}
_NUMERAL_CHARS = frozenset(CN_DIGITS + CN_UNITS)
# The word right before the number that may end a subject before it (纠纷|30余起).
_LAST_WORD_TAGS = _NOUN_END_TAGS | {"l", "vn", "an"}
QUOTED_AFTER = re.compile(r"[“\"‘]([^“”\"‘’]{1,8})[”\"’]")
# A short quoted name right before the number (“综合哨点”|1788个) is what it counts; a quoted
# exclamation or question (“决不能让他跑掉！”|两人) is speech, no name.
_QUOTED_BEFORE = re.compile(r"[“\"]([^“”\"！!？?。，,]{1,10})[”\"]$")


class Bodies(NamedTuple):
    """The organizations and alliances found in a text, as the subject rules ask about them:
    their (start, end) spans and their ends. Built once per document (`bodies_of`)."""

    spans: frozenset[tuple[int, int]]
    ends: frozenset[int]


def bodies_of(doc: Doc) -> Bodies:
    spans = frozenset((c.start, c.end) for c in of_type(doc, "organization", "alliance"))
    return Bodies(spans, frozenset(e for _s, e in spans))


def subject_of(doc: Doc, start: int, end: int, unit: str, r, bodies: Bodies) -> tuple[str | None, int, int]:
    """(subject, start, end) of the count whose figure spans [start, end) with classifier
    `unit`: the span grows over a subject written next to the figure."""
    subject, s_start, s_end = following_subject(doc, end, r)
    if subject:
        return subject, start, s_end
    subject, s_start, s_end = preceding_subject(doc, start, r, bodies.ends)
    if subject and strip_prefix(subject, r.subject_scope_words) >= len(subject):
        subject = None  # 全省|1400多万人: a scope is not what is counted
    if subject and subject.endswith(derived(r.subject_link_verbs, tuple)):
        subject = None  # 粉丝已达|1400多万人 (已达 unknown to the dictionary): the link verb's case below
    if subject and subject.startswith(derived(r.comparator_leads, tuple)):
        subject = None  # 较前年|减少4629宗: the year compared with; the compared figure's subject is inherited
    if subject and unit in derived(r.classifiers["people"], frozenset) and (s_start, start) in bodies.spans:
        subject = None  # 铁骑摩巡队|约60人: the team has the people; it is who, not what, is counted
    if subject:
        return subject, s_start, end
    subject = linked_subject(doc, start, r)
    if subject is not None and not subject.startswith(derived(r.comparator_leads, tuple)):
        return subject, start, end
    subject, start = event_subject(doc, start, unit, r)
    return subject, start, end


# Prepositions an unknown two-character word may end in when the segmenter glued an adverb
# onto one (正为, 都在): the predicate starts there.
_CLAUSE_LINKS = frozenset("为在到向对从把被给于与")


def _person_starts(doc: Doc) -> frozenset[int]:
    """Where the persons found before this stage start, read once per document."""
    starts = doc.user_data.get("_person_starts")
    if starts is None:
        starts = doc.user_data["_person_starts"] = frozenset(c.start for c in of_type(doc, "person"))
    return starts


# An age or an age range after a count's classifier (1名|65岁|老人, 12000名|30-65岁|群众): it
# describes the ones counted.
AGE = re.compile(r"\d{1,3}(?:[-－—~～至到]\d{1,3})?(?:岁|周岁)")


def following_subject(doc: Doc, offset: int, r) -> tuple[str | None, int, int]:
    """The noun phrase right after the classifier (2000余名|保安), if it ends in a noun.

    It may not start with a verb that opens a new clause (每组1人|负责轮值 has no subject); a short quoted brand
    before the noun is skipped (1个“平安+”子项目 → 子项目); when the classifier ends inside
    a word (718名义警 → 名义|警), the rest of that word starts the subject.
    """
    text = text_of(doc)
    q = QUOTED_AFTER.match(text, offset)
    begin = q.end() if q else offset
    age = None if q else AGE.match(text, begin)
    if age:
        begin = age.end()  # 1名|65岁|老人: the age describes the one counted
    ws = words_of(doc)
    i = token_index_at(doc, begin)
    words: list[tuple[int, int, str]] = []  # (start, end, tag)
    if i < len(ws) and ws[i].idx < begin:
        tok = ws[i]
        rest_end = tok.idx + len(tok.text)
        # a function word (96宗|至…) relates the figure to the next one and an adverb (四人|刚)
        # goes with the verb: neither starts a subject
        rest = text[begin:rest_end]
        # nor does a change (943宗|增六成: a headline's 增, 升, 跌 glued onto the classifier)
        if (rest and _han(rest) and rest[0] not in FUNCTION_CHARS and dictionary_tag(rest) not in ("d", "ad", "c", "p")
                and not (len(rest) == 1 and (rest in "升跌涨" or dictionary_tag(rest) == "v"))):
            words.append((begin, rest_end, "n"))
        i += 1
    if not words and i < len(ws) and ws[i].text in derived(r.subject_scope_words, frozenset):
        i += 1  # 771个|各类|联防群众组织: the scope word is not part of what is counted
    stop = derived(r.subject_stopwords, frozenset)
    clause_verbs = derived(r.clause_verbs, frozenset)
    while i < len(ws) and len(words) < 4:
        tok = ws[i]
        tag = tok.tag_
        if words and tok.idx in _person_starts(doc):
            break  # 两名民警|王刚、李明: the names of the people counted follow their noun
        if tag in ("nr", "nrfg") and words and len(tok.text) == 2 and tok.text not in derived(r.noun_heads, frozenset):
            break  # 1600名民警|荣立 (filed under nr): a name-tagged word after the noun opens the predicate
        if tok.text in stop or not PUNCT.isdisjoint(tok.text) or (tag not in _SUBJECT_TAGS and not _headed(tok.text, r)):
            break
        if tag == "x" and (not _han(tok.text) or (len(tok.text) == 2 and tok.text[1] in _CLAUSE_LINKS)):
            break  # (两名老人|正为…: an unknown word glued onto a preposition opens the predicate)
        if tok.text in clause_verbs and (not words or (tag.startswith("v") and words[-1][2].startswith("n"))):
            break  # (10万条信息|进行全面分析: a clause's verb after the noun ends it)
        if tag == "l" and not _NUMERAL_CHARS.isdisjoint(tok.text):
            break  # 10支…队伍|近千名|志愿者: a set phrase holding a figure starts the next count
        words.append((tok.idx, tok.idx + len(tok.text), tag))
        i += 1
    heads = derived(r.noun_heads, frozenset)
    while words and words[-1][2] not in _NOUN_END_TAGS and text[words[-1][1] - 1] not in heads:
        words.pop()
    if q and _han(q.group(1)):
        if not words or words[0][2] in ("v", "vn") or q.group(1).endswith(derived(r.brand_group_heads, tuple)):
            # 至少有10个“工种”: the quoted word is the noun (105名“花源义警”|助力…: the group's
            # own word ends the quote, what follows is the predicate)
            return q.group(1), offset, q.end()
        if text[words[0][0]:words[-1][1]] in derived(r.brand_group_heads, frozenset):
            # 30万余名“盛京义勇”队伍: a group word after a brand counts the brand's members
            return q.group(1) + text[words[0][0]:words[-1][1]], offset, words[-1][1]
    if not words:
        return None, offset, offset
    return text[words[0][0]:words[-1][1]], offset, words[-1][1]



def preceding_subject(doc: Doc, offset: int, r, body_ends: frozenset[int] = frozenset()) -> tuple[str | None, int, int]:
    """The noun phrase right before the number (纠纷|30余起, “综合哨点”|1788个). It does not
    reach back across the end of a body's name (城北派出所|共出动警力680人次): the body is
    who acts, not part of what is counted; `body_ends` are where those names end."""
    text = text_of(doc)
    end = offset
    window = text[max(0, offset - 14):offset]
    quoted = _QUOTED_BEFORE.search(window) if "”" in window or '"' in window else None
    if quoted:
        return quoted.group(1), offset - len(quoted.group()), offset
    if offset > 1 and text[offset - 1] in " \u00a0" and text[offset - 2] not in " \u00a0\n":
        end = offset - 1  # 詐欺案件 29 件: a scraped space between the noun and the figure
    i = token_index_at(doc, end - 1) if end > 0 else -1
    tokens = []
    ws = words_of(doc)
    stop = derived(r.subject_stopwords, frozenset)
    while i >= 0 and len(tokens) < 4:
        tok = ws[i]
        headed = not tokens and (_headed(tok.text, r) or _noun_idiom(tok))
        if not tokens and (tok.idx + len(tok.text) != end or (tok.tag_ not in _LAST_WORD_TAGS and not headed)):
            break  # the word before the number must be a noun (救助|3人 has no subject)
        if tok.text in stop or not PUNCT.isdisjoint(tok.text) or (tok.tag_ not in NAME_TAGS and not headed):
            break
        if tok.tag_ == "x" and not _han(tok.text):
            break
        if tokens and tok.idx + len(tok.text) in body_ends:
            break
        tokens.insert(0, tok)
        if _leading_stopword(tok.text, 0, len(tok.text) - 2, r.subject_stopwords):
            break  # 民警|破获案件: a verb-object word opens the clause's predicate; the words before are its subject
        i -= 1
    if not tokens or (tokens[0].idx > 0 and text[tokens[0].idx - 1].isdigit()):
        return None, offset, offset  # 250|宗至|1 346宗: the word opens with the figure before's classifier
    if _place(tokens) or (tokens[0].idx, end) in _place_spans(doc):
        return None, offset, offset  # 负责平房区|10个进出口: a place before the figure is its scope
    start = tokens[0].idx
    # The dictionary has verb-object words (破获案件): the verb is not part of the subject.
    cut = _leading_stopword(text, start, end - start - 2, r.subject_stopwords)
    if cut >= 2 or (cut and words_of(doc)[token_index_at(doc, start + cut)].idx == start + cut):
        # (发动|群众 of 发动群众; a one-character word only where a word starts: not the 中 of 中心警务室)
        start += cut
    brand = _QUOTED_BEFORE.search(text, max(0, start - 12), start) if text[start - 1:start] in "”\"" and start else None
    if brand:  # “红枫”治保会|31个: the quoted brand names the counted group
        return brand.group(1) + text[start:end], brand.start(), offset
    return text[start:end], start, offset



def _noun_idiom(tok) -> bool:
    """A set phrase the dictionary files as an idiom (i) that ends in a noun (安全隐患|27处,
    not 齐心协力|30人): a noun phrase that may be what is counted."""
    return tok.tag_ == "i" and dictionary_tag(tok.text[-2:]).startswith("n")


_PLACE_LEVELS = frozenset(("省", "市", "县", "区", "镇", "乡", "村", "街道"))


def _place(tokens) -> bool:
    """Place names (ns) with at most a level word after them (江北|镇, 城关镇)."""
    return tokens[0].tag_ == "ns" and all(t.tag_ == "ns" or t.text in _PLACE_LEVELS for t in tokens[1:])


def _place_spans(doc: Doc) -> set[tuple[int, int]]:
    """(start, end) of the place names the division data knows in this text (region stage)."""
    found = doc_mentions(doc)
    cached = doc.user_data.get("_count_place_spans")
    if cached is None or cached[0] is not found:
        cached = doc.user_data["_count_place_spans"] = (found, {(s, e) for s, e, _codes in found})
    return cached[1]


def _leading_stopword(text: str, start: int, room: int, stopwords) -> int:
    """Length of the longest stop word at text[start:] no longer than `room`, else 0."""
    words, lengths = derived(stopwords, _by_length)
    for size in lengths:
        if size <= room and text[start:start + size] in words:
            return size
    return 0


def _by_length(words) -> tuple[frozenset[str], tuple[int, ...]]:
    """The words as a set and their distinct lengths, longest first (none of length 0)."""
    found = frozenset(words)
    return found, tuple(sorted({len(w) for w in found if w}, reverse=True))



def _longest_first(words) -> tuple[str, ...]:
    return tuple(sorted(words, key=len, reverse=True))


def linked_subject(doc: Doc, offset: int, r) -> str | None:
    """整体罪案录得|三万宗, 交通事故共发生|15起: the noun before a linking verb is what is
    counted; the fact's span stays the figure itself."""
    text = text_of(doc)
    if text.startswith("的", offset - 1):  # 非礼案由前年的|1019宗: the year of the figure stands between
        scope = next((w for w in r.subject_scope_words if text.startswith(w, offset - 1 - len(w))), None)
        if scope is not None:
            offset -= 1 + len(scope)
    # (the longest verb first: 共有, not its 有)
    verb = next((v for v in derived(r.subject_link_verbs, _longest_first) if text.startswith(v, offset - len(v))), None)
    if verb is None:
        return None
    before = offset - len(verb)
    scope = next((w for w in r.subject_scope_words if text.startswith(w, before - len(w))), None)
    if scope is not None and len(scope) >= 2:
        before -= len(scope)  # 网上情缘骗案去年|共有235宗: the year stands between the noun and its verb
    if before > 0 and text[before - 1] in r.link_adverbs:
        before -= 1  # 凶杀案也|增加了六宗
    elif before > 0 and text[before - 1] in "，,":
        before -= 1  # 三合会相关罪案，|录得一千○八十二宗: the noun opens the clause
    subject, _s, _e = preceding_subject(doc, before, r)
    if subject in derived(r, _classifier_set):
        return None  # 录得一千宗，增加了|五十宗: the classifier of the figure before is no noun
    if subject:  # 今年以来全市|交通事故: the scope before the noun is not part of it
        subject = subject[strip_prefix(subject, r.subject_scope_words):]
    return subject or None



# The verbs and idioms that may name an event counted by an event classifier (刑事|发案|1389起,
# 醉酒|驾驶|3992起, 排忧解难|67次), and the words that may modify them (刑事, 醉酒).
_EVENT_TAGS = {"v", "i", "l", "z"}
_EVENT_MODIFIER_TAGS = {"n", "b", "vn", "nz", "a"}


def event_subject(doc: Doc, offset: int, unit: str, r) -> tuple[str | None, int]:
    """(subject, start) of a count of events whose number follows a verb (or idiom) naming
    the event: 刑事发案|1389起, 协助破案|5635起, 受到表彰|12次; else (None, offset). Only for
    event classifiers (起, 次, 宗); verbs that take the counted thing as object (破获, 查处)
    name no event."""
    none = None, offset
    if unit not in derived(r.event_classifiers, frozenset):
        return none
    ws = words_of(doc)
    i = token_index_at(doc, offset - 1) if offset > 0 else -1
    if i < 0:
        return none
    tok = ws[i]
    stop = derived(r.subject_stopwords, frozenset)
    if (tok.idx + len(tok.text) != offset or tok.tag_ not in _EVENT_TAGS or len(tok.text) < 2
            or tok.text in stop or tok.text in derived(r.clause_verbs, frozenset) or tok.text in r.subject_link_verbs):
        return none
    start = tok.idx
    j = i - 1 if tok.tag_ == "v" else -1  # an idiom is whole (居民|排忧解难: 居民 is who is helped)
    while j >= 0 and i - j <= 2 and ws[j].tag_ in _EVENT_MODIFIER_TAGS and ws[j].text not in stop \
            and PUNCT.isdisjoint(ws[j].text) and _han(ws[j].text):
        start = ws[j].idx
        j -= 1
    start += strip_prefix(text_of(doc)[start:offset], r.subject_scope_words)
    return (text_of(doc)[start:offset], start) if start < offset else none


def inherit_compared_subjects(text: str, counts: list[Candidate], r) -> None:
    """A figure compared with another in its sentence counts the same thing: 刑事案件2457起，
    较上年同期2378起; 整体罪案录得三万宗，较去年同期减少约六千宗. A count with no subject
    takes the subject of the nearest earlier count of the same unit in the sentence when a
    comparison word stands shortly before its number and no sentence end lies between."""
    markers = derived(r.comparison_markers, tuple)
    for k, cand in enumerate(counts):
        a = cand.attrs
        if a["subject"] or not k:
            continue
        before = text[max(0, cand.start - 10):a["number_start"]]
        if not any(mk in before for mk in markers) and text[cand.start - 1:cand.start] not in ("、", "和", "及"):
            continue
        for prev in reversed(counts[:k]):
            between = text[prev.end:cand.start]
            if between in ("、", "和", "及") and prev.attrs["unit"] == a["unit"] and prev.attrs["subject"]:
                a["subject"] = prev.attrs["subject"]  # 分别化解纠纷1.2万起、8600余起: one list
                break
            if any(ch in between for ch in "。；;！？!?\n"):
                break
            if prev.attrs["unit"] == a["unit"] and not _in_brackets(text, prev) and (
                    prev.attrs["subject"] or between not in ("、", "和", "及")):
                # (the nearest such count is the one compared: when it has no subject, nor
                # does this one; 网上情缘骗案共有235宗，非礼案由…1019宗增至1077宗)
                a["subject"] = prev.attrs["subject"]
                break


def _in_brackets(text: str, cand: Candidate) -> bool:
    """Whether the figure stands inside round brackets (含破获外省案件52起): an aside."""
    opened = max(text.rfind("(", 0, cand.start), text.rfind("（", 0, cand.start))
    closed = max(text.rfind(")", 0, cand.start), text.rfind("）", 0, cand.start))
    return opened > closed and opened >= cand.start - 20



def _headed(word: str, r) -> bool:
    """A Han word ending in a noun head (警务|站 v, 逃犯 v, 窝|点 m); not a distributive or
    numbered one (每组, 一组), which measures rather than names."""
    return (_han(word) and word[-1] in derived(r.noun_heads, frozenset)
            and NUMERAL_LEADS.isdisjoint(word))


def _classifier_set(r) -> frozenset[str]:
    return frozenset(c for group in r.classifiers.values() for c in group)


def _han(s: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in s)

