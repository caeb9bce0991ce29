"""Counts: a number with a classifier, its approximation and the counted noun.

113家单位 → (113, 家, None, 单位); 2000余名保安 → (2000, 名, more_than, 保安);
纠纷30余起 → subject before the number; 三四个人 → 3 to 4. Dates, durations, ages, ordinals,
codes and phone numbers are not counts: the classifier list leaves out 年/月/日/岁/小时,
`not_before_number` drops 第二批 and 编号123, and `not_after_classifier` drops 2个月.
"""

from __future__ import annotations

import re
from typing import NamedTuple
from bisect import bisect_left
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns, scanners
from ..candidates import Candidate, add, derived, of_type, text_of, words_of
from ..numbers import CN_DIGITS, NUMBER, NumberFormatError, consecutive_pair, parse_number
from .region import doc_mentions
from .names import FUNCTION_CHARS, NAME_TAGS, NUMERAL_LEADS, PUNCT, strip_prefix, token_index_at

# Words a counted noun phrase may hold (重大|改革|试点, 群防群治|志愿者); it must end in a noun.
_SUBJECT_TAGS = NAME_TAGS | {"v", "vn", "t", "a"}
_NOUN_END_TAGS = {"n", "nr", "ns", "nt", "nz", "ng", "x", "j", "nw", "eng"}
# The word right before the number that may end a subject before it (纠纷|30余起).
_LAST_WORD_TAGS = _NOUN_END_TAGS | {"l", "vn", "an"}


@lru_cache(maxsize=1)
def _rules():
    r = patterns.load("counts")
    classifiers = [c for group in r.classifiers.values() for c in group]
    before = {w: k for k, ws in r.approx_before.items() for w in ws}
    inside = {w: k for k, ws in r.approx_inside.items() for w in ws}
    after = {w: k for k, ws in r.approx_after.items() for w in ws}
    gap = {w: k for k, ws in r.approx_before_verb.items() for w in ws}
    before.update(gap)
    num = rf"(?:\d{{1,3}}(?: \d{{3}})+(?![\d])|{NUMBER})"
    regex = scanners.compile_guarded(  # same matches as re.compile, tried faster
        rf"(?:(?P<before>{patterns.alternation(before)})|(?P<gap>{patterns.alternation(gap)})[\u4e00-\u9fff]{{1,2}})?"
        rf"(?P<num>{num})"
        rf"(?:(?P<join>{patterns.alternation(r.range_joiners)})(?P<num2>{num}))?"
        rf"(?P<inside>{patterns.alternation(inside)})?(?:(?<=[余多])(?P<mult>[万亿]))?"
        rf"(?P<cls>{patterns.alternation(classifiers)})"
        rf"(?P<after>{patterns.alternation(after)})?"
    )
    CLAUSE_VERBS.update(r.clause_verbs)
    return r, regex, before, inside, after


def _value(num: str) -> tuple[float, float | None]:
    pair = consecutive_pair(num)
    if pair:
        return float(pair[0]), float(pair[1])
    return parse_number(num.replace(" ", "")), None


def find_counts(doc: Doc) -> list[Candidate]:
    r, regex, before, inside, after = _rules()
    text = text_of(doc)
    out = []
    slogans = _Slogans(text)
    word_tuples = derived(r, _word_tuples)
    people = derived(r.classifiers["people"], frozenset)
    bodies = {(c.start, c.end) for c in of_type(doc, "organization", "alliance")}
    for m in regex.finditer(text):
        if slogans.hold(m.start(), m.end()):
            continue  # “十户一组，一人一周”: a rule in quotes, not a figure
        num = m.group("num")
        qualifier = m.group("before") or m.group("gap")
        start = m.start("before") if m.group("before") else m.start("gap") if m.group("gap") else m.start("num")
        if _excluded(text, m, num, r, word_tuples):
            continue
        try:
            value, value_max = _value(num)
            if m.group("num2"):
                value_max = parse_number(m.group("num2").replace(" ", ""))
        except NumberFormatError:
            continue
        if value_max is None and not qualifier and r.pair_joiners:
            pair = _pair_before(text, m.start("num"), value, r.pair_joiners, word_tuples.not_before)
            if pair:  # 4、5名男青年: four or five
                start, value, value_max = pair[0], pair[1], value
        if m.group("mult"):  # 1400多万人: the multiplier comes after the approximation
            factor = 10_000 if m.group("mult") == "万" else 100_000_000
            value *= factor
            value_max = value_max * factor if value_max is not None else None
        approx = None
        if qualifier:
            approx = before[qualifier]
        elif m.group("inside"):
            approx = inside[m.group("inside")]
        elif m.group("after"):
            approx = after[m.group("after")]
        end = m.end()
        subject, s_start, s_end = following_subject(doc, end, r.subject_stopwords, r.subject_scope_words)
        if subject:
            end = s_end
        else:
            subject, s_start, s_end = preceding_subject(doc, start, r.subject_stopwords)
            if subject and strip_prefix(subject, r.subject_scope_words) >= len(subject):
                subject = None  # 全省|1400多万人: a scope is not what is counted
            if subject and subject.endswith(word_tuples.link_verbs):
                subject = None  # 粉丝已达|1400多万人 (已达 unknown to the dictionary): the link verb's case below
            if subject and m.group("cls") in people and (s_start, start) in bodies:
                subject = None  # 铁骑摩巡队|约60人: the team has the people; it is who, not what, is counted
            if subject:
                start = s_start
            else:
                subject = linked_subject(doc, start, r)
                if subject is None:
                    subject, start = event_subject(doc, start, m.group("cls"), r)
        out.append(Candidate("count", start, end, "count.classifier", {
            "value": value, "value_max": value_max, "unit": m.group("cls"), "approx": approx, "subject": subject,
            "number_start": m.start("num"),
        }))
    _inherit_compared_subjects(text, out, r)
    return out


def _pair_before(text: str, num_start: int, value: float, joiners, not_before) -> tuple[int, float] | None:
    """(start, value) of the number joined to this one by a pair joiner (4、5名) when it is
    one less and no other number, joiner or ordinal word comes before it (1、2、3 is a list,
    第1、2名 are ranks)."""
    joiner = next((j for j in joiners if text.startswith(j, num_start - len(j))), None)
    if joiner is None:
        return None
    end = num_start - len(joiner)
    i = end
    while i > 0 and end - i < 4 and (text[i - 1].isdigit() or text[i - 1] in CN_DIGITS):
        i -= 1
    if i == end or (i > 0 and (text[i - 1] in joiners or text[i - 1].isdigit())):
        return None
    if text[max(0, i - 4):i].endswith(not_before):
        return None
    try:
        first = parse_number(text[i:end])
    except NumberFormatError:
        return None
    return (i, first) if first == value - 1 else None


class _Slogans:
    """The short quotations of a text (SLOGAN), asked whether one holds a match: they come in
    order and do not overlap, so only the last one opening before the match can hold it."""

    def __init__(self, text: str):
        self.spans = [(q.start(), q.end()) for q in SLOGAN.finditer(text)]
        self.starts = [s for s, _ in self.spans]

    def hold(self, start: int, end: int) -> bool:
        """Whether a quotation opens before `start` and closes after `end`."""
        k = bisect_left(self.starts, start) - 1
        return k >= 0 and end < self.spans[k][1]


class _Words(NamedTuple):
    """The rule words that are tested with str.endswith / startswith, as tuples built once."""

    not_before: tuple[str, ...]
    vague: tuple[str, ...]
    not_after: tuple[str, ...]
    not_rank: tuple[str, ...]
    link_verbs: tuple[str, ...]


def _word_tuples(r) -> _Words:
    return _Words(tuple(r.not_before_number), tuple(r.vague_numbers), tuple(r.not_after_classifier),
                  tuple(r.not_rank_before), tuple(r.subject_link_verbs))


def _excluded(text: str, m: re.Match, num: str, r, word_tuples=None) -> bool:
    pre = text[max(0, m.start() - 4): m.start()]
    words = word_tuples or derived(r, _word_tuples)
    not_before, vague, not_after, not_rank = words.not_before, words.vague, words.not_after, words.not_rank
    if pre.endswith(not_before) or (pre.endswith(vague) and not num[0].isdigit()):
        return True  # 数十名, 几百人 are vague; 总人口数9700多人 is not
    if pre and (pre[-1].isdigit() or pre[-1] in ".-/#" or pre[-1].isascii() and pre[-1].isalpha()):
        return True  # part of a code, a time or a longer number
    if pre[-1:] in (":", "：") and (len(pre) < 2 or pre[-2].isascii()):
        return True  # 10:30, No:12; after a Han label (南岗区:三个层面) the figure opens a heading
    tail = m.end("cls") + (1 if text[m.end("cls"):m.end("cls") + 1] in ("多", "余") else 0)
    if text.startswith(not_after, tail) and not m.group("after"):
        return True
    if text[tail:tail + 1].isdigit():
        return True  # 三个100%: a count's noun is never a number
    if not num[0].isdigit():
        if not any(ch in CN_DIGITS for ch in num) and num != "十" and not m.group("before") and not m.group("inside"):
            return True  # 千家万户, 百家: unit characters alone are words, not numbers (千余人 is one)
        if num == "一" and not m.group("before"):
            return True  # 一支队伍, 一名志愿者: the article use of 一
        if pre and pre[-1] in CN_DIGITS + "十百千万亿":
            return True
    if m.group("cls") in {"次", "期", "批", "轮", "届"} and pre.endswith("第"):
        return True
    if pre.endswith("前") and m.group("cls") in r.rank_classifiers and not pre.endswith(not_rank):
        return True  # 全省发案前20位: a rank, not a count
    return False


# A figure inside a short quotation belongs to a slogan, a rule or a name
# (“十户一组，一人一周”, “三个下降”), not to the article's counts.
SLOGAN = re.compile(r"“[^“”\n]{2,16}”")
CLAUSE_VERBS: set[str] = set()
QUOTED_AFTER = re.compile(r"[“\"]([^“”\"]{1,8})[”\"]")
# A short quoted name right before the number (“综合哨点”|1788个) is what it counts.
_QUOTED_BEFORE = re.compile(r"[“\"]([^“”\"]{1,10})[”\"]$")


def following_subject(doc: Doc, offset: int, stopwords, scope_words=()) -> tuple[str | None, int, int]:
    """The noun phrase right after the classifier (2000余名|保安), if it ends in a noun.

    It may not start with a verb that opens a new clause (每组1人|负责轮值 has no subject); a short quoted brand
    before the noun is skipped (1个“平安+”子项目 → 子项目); when the classifier ends inside
    a word (718名义警 → 名义|警), the rest of that word starts the subject.
    """
    text = text_of(doc)
    q = QUOTED_AFTER.match(text, offset)
    begin = q.end() if q else offset
    ws = words_of(doc)
    i = token_index_at(doc, begin)
    words: list[tuple[int, int, str]] = []  # (start, end, tag)
    if i < len(ws) and ws[i].idx < begin:
        tok = ws[i]
        rest_end = tok.idx + len(tok.text)
        if _han(text[begin:rest_end]) and text[begin:begin + 1] not in _NOT_SUBJECT_START:
            words.append((begin, rest_end, "n"))
        i += 1
    if not words and i < len(ws) and ws[i].text in derived(scope_words, frozenset):
        i += 1  # 771个|各类|联防群众组织: the scope word is not part of what is counted
    stop = derived(stopwords, frozenset)
    while i < len(ws) and len(words) < 4:
        tok = ws[i]
        tag = tok.tag_
        if tok.text in stop or not PUNCT.isdisjoint(tok.text) or (tag not in _SUBJECT_TAGS and not _headed(tok.text)):
            break
        if tag == "x" and not _han(tok.text):
            break
        if not words and tok.text in CLAUSE_VERBS:
            break
        words.append((tok.idx, tok.idx + len(tok.text), tag))
        i += 1
    heads = derived(r_noun_heads(), frozenset)
    while words and words[-1][2] not in _NOUN_END_TAGS and text[words[-1][1] - 1] not in heads:
        words.pop()
    if q and _han(q.group(1)):
        if not words:  # 至少有10个“工种”: the quoted word is the noun
            return q.group(1), offset, q.end()
        if text[words[0][0]:words[-1][1]] in derived(_rules()[0].brand_group_heads, frozenset):
            # 30万余名“盛京义勇”队伍: a group word after a brand counts the brand's members
            return q.group(1) + text[words[0][0]:words[-1][1]], offset, words[-1][1]
    if not words:
        return None, offset, offset
    return text[words[0][0]:words[-1][1]], offset, words[-1][1]


def preceding_subject(doc: Doc, offset: int, stopwords) -> tuple[str | None, int, int]:
    """The noun phrase right before the number (纠纷|30余起, “综合哨点”|1788个)."""
    text = text_of(doc)
    end = offset
    window = text[max(0, offset - 14):offset]
    quoted = _QUOTED_BEFORE.search(window) if "”" in window or '"' in window else None
    if quoted:
        return quoted.group(1), offset - len(quoted.group()), offset
    i = token_index_at(doc, offset - 1) if offset > 0 else -1
    tokens = []
    ws = words_of(doc)
    stop = derived(stopwords, frozenset)
    while i >= 0 and len(tokens) < 4:
        tok = ws[i]
        headed = not tokens and _headed(tok.text)
        if not tokens and (tok.idx + len(tok.text) != end or (tok.tag_ not in _LAST_WORD_TAGS and not headed)):
            break  # the word before the number must be a noun (救助|3人 has no subject)
        if tok.text in stop or not PUNCT.isdisjoint(tok.text) or (tok.tag_ not in NAME_TAGS and not headed):
            break
        if tok.tag_ == "x" and not _han(tok.text):
            break
        tokens.insert(0, tok)
        i -= 1
    if not tokens or (tokens[0].idx > 0 and text[tokens[0].idx - 1].isdigit()):
        return None, offset, offset  # 250|宗至|1 346宗: the word opens with the figure before's classifier
    if _place(tokens) or (tokens[0].idx, offset) in _place_spans(doc):
        return None, offset, offset  # 负责平房区|10个进出口: a place before the figure is its scope
    start = tokens[0].idx
    # The dictionary has verb-object words (破获案件): the verb is not part of the subject.
    start += _leading_stopword(text, start, offset - start - 2, stopwords)
    brand = _QUOTED_BEFORE.search(text, max(0, start - 12), start) if text[start - 1:start] in "”\"" and start else None
    if brand:  # “红枫”治保会|31个: the quoted brand names the counted group
        return brand.group(1) + text[start:offset], brand.start(), offset
    return text[start:offset], start, offset


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


def linked_subject(doc: Doc, offset: int, r) -> str | None:
    """整体罪案录得|三万宗, 交通事故共发生|15起: the noun before a linking verb is what is
    counted; the fact's span stays the figure itself."""
    text = text_of(doc)
    verb = next((v for v in r.subject_link_verbs if text.startswith(v, offset - len(v))), None)
    if verb is None:
        return None
    before = offset - len(verb)
    if before > 0 and text[before - 1] in r.link_adverbs:
        before -= 1  # 凶杀案也|增加了六宗
    elif before > 0 and text[before - 1] in "，,":
        before -= 1  # 三合会相关罪案，|录得一千○八十二宗: the noun opens the clause
    subject, _s, _e = preceding_subject(doc, before, r.subject_stopwords)
    if subject in derived(r, _classifier_set):
        return None  # 录得一千宗，增加了|五十宗: the classifier of the figure before is no noun
    if subject:  # 今年以来全市|交通事故: the scope before the noun is not part of it
        subject = subject[strip_prefix(subject, r.subject_scope_words):]
    return subject or None


# A word the classifier ends inside (96宗|至) starts no subject with these: they relate the
# figure to the next one.
_NOT_SUBJECT_START = FUNCTION_CHARS | {"至"}

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
            or tok.text in stop or tok.text in CLAUSE_VERBS or tok.text in r.subject_link_verbs):
        return none
    start = tok.idx
    j = i - 1 if tok.tag_ == "v" else -1  # an idiom is whole (居民|排忧解难: 居民 is who is helped)
    while j >= 0 and i - j <= 2 and ws[j].tag_ in _EVENT_MODIFIER_TAGS and ws[j].text not in stop \
            and PUNCT.isdisjoint(ws[j].text) and _han(ws[j].text):
        start = ws[j].idx
        j -= 1
    start += strip_prefix(text_of(doc)[start:offset], r.subject_scope_words)
    return (text_of(doc)[start:offset], start) if start < offset else none


def _inherit_compared_subjects(text: str, counts: list[Candidate], r) -> None:
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
        if not any(mk in before for mk in markers):
            continue
        for prev in reversed(counts[:k]):
            between = text[prev.end:cand.start]
            if any(ch in between for ch in "。；;！？!?\n"):
                break
            if prev.attrs["unit"] == a["unit"] and prev.attrs["subject"] and not _in_brackets(text, prev):
                a["subject"] = prev.attrs["subject"]
                break


def _in_brackets(text: str, cand: Candidate) -> bool:
    """Whether the figure stands inside round brackets (含破获外省案件52起): an aside."""
    opened = max(text.rfind("(", 0, cand.start), text.rfind("（", 0, cand.start))
    closed = max(text.rfind(")", 0, cand.start), text.rfind("）", 0, cand.start))
    return opened > closed and opened >= cand.start - 20


def r_noun_heads() -> list[str]:
    """The characters that end a noun whatever the dictionary's tag of the word (counts.yaml)."""
    return _rules()[0].noun_heads


def _headed(word: str) -> bool:
    """A Han word ending in a noun head (警务|站 v, 逃犯 v, 窝|点 m); not a distributive or
    numbered one (每组, 一组), which measures rather than names."""
    return (_han(word) and word[-1] in derived(r_noun_heads(), frozenset)
            and NUMERAL_LEADS.isdisjoint(word))


def _classifier_set(r) -> frozenset[str]:
    return frozenset(c for group in r.classifiers.values() for c in group)


def _han(s: str) -> bool:
    return all("\u4e00" <= ch <= "\u9fff" for ch in s)


@Language.component("extractor_counts")
def counts_component(doc: Doc) -> Doc:
    """Find counts; candidates go to the merge stage."""
    for cand in find_counts(doc):
        add(doc, cand)
    return doc
