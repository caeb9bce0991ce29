"""Percentages with direction, basis and metric: 重复报警率环比下降36.7% → (36.7, down, 环比, 重复报警率).

The value is the number as written (a leading minus sign reads as a fall, as the gold
files record it); the direction comes from the nearest change verb before it in the
clause; the basis from 同比/环比 (or 较去年同期); the metric is the noun phrase before them.
A list after 分别 distributes in order: 同、环比分别下降71.5%、48.9% gives (71.5, 同比) and
(48.9, 环比); 盗窃、诈骗警情分别同比下降20%、10% gives one metric per value.
"""

from __future__ import annotations

import re
import sys
from typing import NamedTuple, Optional
from bisect import bisect_left
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns, scanners
from ..candidates import Candidate, add, derived, text_of
from ..numbers import ARABIC, CN_DIGITS, CN_NUMERAL, CN_UNITS, NumberFormatError, parse_number
from .percentage_metrics import COMPARED, metric_of, metric_words_of

CLAUSE_BREAK = re.compile(r"[，。；：！？\n]")
LIST_GLUE = re.compile(r"\s*(?:、|和|及|与|，)\s*$")
# 较去年同期, 较二〇一八年同期, 比2022年同期: a comparison with the same period of a year.
SAME_PERIOD = re.compile(r"(?:较|比|与|同)(?:去年|上年|(?:19|20)\d{2}年|[〇○零一二三四五六七八九]{4}年)同期|同期相比")
PREV_PERIOD = re.compile(r"较上月|比上月|较上季度|比上季度")
# A clause that only opens a list of values (，分别为：, ，依次是): what changed is said before it.
_LIST_OPENER = re.compile(r"[，,；]\s*(?:分别|依次|各)(?:为|是)?\s*[：:]?\s*$")


def _percent_pattern(num: str, r) -> str:
    """The percentage forms, with `num` the regex of an Arabic number."""
    return (
        rf"(?P<sign>[-+－＋负])?(?P<num>{num})\s*(?:%|％|‰)"
        rf"|百分之(?P<cn>{CN_NUMERAL}(?:点[{CN_DIGITS}]+)?|{num})"
        rf"|(?P<cnp>{CN_NUMERAL}(?:[.．点][{CN_DIGITS}]+)?)\s*[%％]"  # 八四%, 七三.一%: Taiwan's Chinese digits
        rf"|(?P<psign>[-+－＋])?(?P<pts>{num}|{CN_NUMERAL})[ \u00a0]?个?百分点"  # (28.26 个百分点: a scraped space)
        # 分别提升17.8、19.8个百分点: a bare number in a list takes the unit of the last one
        rf"|(?P<bare>{num})(?=[、和及](?:{num}、)*{num}\s*(?:%|％|个?百分点))"  # (回落32.1和10.2个百分点)
        # 四成 40%, 三成半 35%, 四成四 44%, 降2成 20%
        rf"|(?<![十百千万\d.])(?P<cheng>[一二两三四五六七八九1-9])成"
        rf"(?:(?P<half>半)|(?P<tenth>[一二三四五六七八九])(?![成十百千万亿\d]))?(?![{''.join(r.cheng_blockers)}])"
        + (rf"(?!(?<=一成)[{''.join(r.one_cheng_blockers)}])" if r.one_cheng_blockers else "")
    )


def _compile(r) -> re.Pattern:
    """The percentage regex, tried only at characters a match can start with (compile_guarded).

    From Python 3.11 the number is an atomic group: re does not try its shorter readings
    when what follows fails. What follows a number is never a digit, a point or a comma
    (\\s*%, 个?百分点, 、, or the end of 百分之…), and of the readings of one number at most
    one is followed by anything else (the longest, which re tries first), so no shorter one
    can ever match: the matches are the same, found with less backtracking over long digit
    runs."""
    plain = _percent_pattern(rf"(?:{ARABIC})", r)
    if sys.version_info < (3, 11):
        return scanners.compile_guarded(plain)
    guard = scanners.first_char_guard(plain)  # (the guard reader does not know atomic groups)
    atomic = _percent_pattern(rf"(?>{ARABIC})", r)
    return re.compile(f"{guard}(?:{atomic})" if guard else atomic)


@lru_cache(maxsize=1)
def _rules():
    r = patterns.load("percentages")
    regex = _compile(r)
    directions = [(w, d) for d, ws in r.direction.items() for w in ws]
    dir_re = re.compile(patterns.alternation([w for w, _ in directions]))
    dir_of = dict(directions)
    basis_re = re.compile(patterns.alternation([w for ws in r.basis.values() for w in ws]))
    basis_of = {w: b for b, ws in r.basis.items() for w in ws}
    metric_words = metric_words_of(r)
    guard = scanners.first_char_guard(_percent_pattern(rf"(?:{ARABIC})", r))
    scanner = scanners.MarkedRuns(regex, guard, _MATCH_CHARS, _MARKS)
    return r, regex, dir_re, dir_of, basis_re, basis_of, metric_words, scanner


# Every form holds one of these: a per-cent or per-mille sign, 百分(之/点), or a digit before 成
# (a bare list number looks ahead to a % or 百分点 of its list).
_PERCENT_MARKS = ("%", "％", "‰", "百分")
_CHENG = re.compile("[一二两三四五六七八九1-9]成")


# Every character a match (with what its lookahead reads) can be made of, and the marks
# one of which each holds: % ％ ‰, the 分 of 百分之/百分点, the 成 of 三成. (\d and \s as the
# pattern reads them: Unicode digits and spaces.) Read off `_percent_pattern`: a form added
# there must add its characters here (tests/test_fast_paths.py compares with finditer).
_MATCH_CHARS = rf"\d\s,.%％‰、和及\-+－＋负百分之点个成半{CN_DIGITS}{CN_UNITS}"
_MARKS = "%％‰分成"


def _may_hold_percentages(text: str) -> bool:
    """False when no form can match: most articles without figures are ruled out at once."""
    return any(mark in text for mark in _PERCENT_MARKS) or _CHENG.search(text) is not None


def _parse(m: re.Match) -> tuple[float, bool | None, bool]:
    """(value, points, negative); points is None for a bare list number (decided by its list)."""
    if m.group("num"):
        return parse_number(m.group("num")), False, bool(m.group("sign")) and m.group("sign") in "-－负"
    if m.group("cn") or m.group("cnp"):
        s = (m.group("cn") or m.group("cnp")).replace(".", "点").replace("．", "点")
        if "点" in s:
            whole, frac = s.split("点", 1)
            digits = "".join(str(int(parse_number(ch))) for ch in frac)
            return float(f"{int(parse_number(whole))}.{digits}"), False, False
        return parse_number(s), False, False
    if m.group("pts"):
        return parse_number(m.group("pts")), True, bool(m.group("psign")) and m.group("psign") in "-－"
    if m.group("bare"):
        return parse_number(m.group("bare")), None, False
    tenth = parse_number(m.group("tenth")) if m.group("tenth") else 5 if m.group("half") else 0
    value = parse_number(m.group("cheng")) * 10 + tenth
    return value, False, False


def find_percentages(doc: Doc) -> list[Candidate]:
    r, regex, dir_re, dir_of, basis_re, basis_of, metric_words, scanner = _rules()
    text = text_of(doc)
    matches = []
    if not _may_hold_percentages(text):
        return []
    for m in scanner.finditer(text):
        try:
            value, points, negative = _parse(m)
        except (NumberFormatError, ValueError):
            continue
        matches.append(_Value(m, value, points, negative, m.start(), m.end(), None))
    matches = _join_ranges(text, matches, r.range_joiners)
    out = []
    prev_sentence = None
    groups = _group_lists(text, matches)
    stops = _Stops(text) if groups else None
    for group in groups:
        first = group[0].m
        clause_start = stops.clause_start(first.start())
        context = text[clause_start:first.start()]
        first_direction, direction = _first_and_last(dir_re, context, dir_of)
        first_basis, basis = _first_and_last(basis_re, context, basis_of)
        opener = _LIST_OPENER.search(text, stops.sentence_start(first.start()), first.start()) \
            if direction is None and basis is None else None
        if opener is not None and "幅" in text[stops.clause_start(opener.start()):opener.start()]:
            # 晋城、长治同比增幅较大，分别为：210.98%、124.25%: the values are the amplitudes the
            # clause before the opener names (均有提升，分别为98.5% may give levels: left alone)
            head = text[stops.sentence_start(first.start()):opener.start()]
            _, direction = _first_and_last(dir_re, head, dir_of)
            _, basis = _first_and_last(basis_re, head, basis_of)
        if basis is None:
            sentence_head = text[stops.sentence_start(first.start()):first.start()]
            if SAME_PERIOD.search(sentence_head):
                basis = "同比"
            elif PREV_PERIOD.search(sentence_head):
                basis = "环比"
            elif "幅" in context:  # 同比全部下降，降幅分别达35.8%: the 降幅 is of that 同比 change
                basis = _last(basis_re, sentence_head, basis_of)
            elif direction is not None and first_direction == 0 and clause_start > 0 and not context.endswith(("至", "到")):
                # 立案297起，同比减少72起，下降19.5%: a clause that is only the change goes on
                # from the clause before it, and so does that clause's basis (上升至41.5% is a
                # level, not a change)
                basis = _last(basis_re, text[stops.clause_start(clause_start - 1):clause_start], basis_of)
        sentence = stops.sentence_start(first.start())
        amplitude = _amplitude(text, sentence, clause_start, r, dir_of, basis_of) if "幅度" in text[sentence:clause_start] else None
        metric = metric_of(context, r, min(first_direction, first_basis), metric_words)
        if amplitude is not None:  # 同比上升的幅度，从1月底的75%，下降到2月底的65%
            amp_direction, amp_basis, amp_start = amplitude
            if direction is None or _trajectory(dir_re, context):
                direction = amp_direction  # the value measures that change: its measure is that one's too
                head = text[stops.clause_start(amp_start):amp_start]
                metric = metric_of(head, r, len(head), metric_words)
            basis = basis or amp_basis
        if metric and metric.startswith(COMPARED):  # 安全感达98.76%，较去年提升0.6个百分点: the same measure
            metric = out[-1].attrs["metric"] if out and prev_sentence == sentence else None
        prev_sentence = sentence
        bases = [basis] * len(group)
        if len(group) == 2 and any(p in context for p in r.paired_basis):
            bases = ["同比", "环比"]
        metrics = [metric] * len(group)
        if metric and ("、" in metric or "和" in metric) and "分别" in context:
            parts = [p for p in re.split("[、和]", metric) if p]  # 安全感和满意度分别达到98.2%和97.6%
            if len(parts) == len(group):
                metrics = parts
        if direction is None:  # 百分之9.2的升幅: the change is named after the value
            direction = _direction_after(text, group[-1].end, r)
        group_points = any(v.points for v in group)
        for k, v in enumerate(group):
            points = group_points if v.points is None else v.points
            d = direction
            # the dash of 70-80% joins a range: it is no sign
            sign = None if v.value_max is not None else v.m.group("sign") or v.m.group("psign")
            if v.negative and v.value_max is None:
                d = "down"
            elif sign in ("+", "＋") and d is None:
                d = "up"
            out.append(Candidate("percentage", v.start, v.end, "percentage.value", {
                "value": v.value, "value_max": v.value_max,
                "direction": d, "basis": bases[k], "metric": metrics[k], "points": points,
            }))
    return out


class _Value(NamedTuple):
    """One per-cent value found: its match, value, whether in points and negative, and its
    span and upper end (a range's span covers both ends)."""

    m: re.Match
    value: float
    points: Optional[bool]
    negative: bool
    start: int
    end: int
    value_max: Optional[float]


_NUMBER_BEFORE = re.compile(r"(?<![\d.])\d+(?:\.\d+)?$")


def _join_ranges(text: str, values: list[_Value], joiners) -> list[_Value]:
    """The values with each range made one: 70%-80% and 40%至50% (two per-cent values
    joined), 70-80% and 70至80% (a number, a joiner, a per-cent value)."""
    out: list[_Value] = []
    for v in values:
        m = v.m
        if m.group("num") is None or v.points or not joiners:
            out.append(v)
            continue
        between_start = m.start() + len(m.group("sign") or "")
        prev = out[-1] if out else None
        if (prev is not None and prev.value_max is None and prev.m.group("num") is not None
                and text[prev.end:between_start].strip() in joiners and prev.value < v.value):
            out[-1] = prev._replace(end=v.end, value_max=v.value)
            continue
        head = text[max(0, between_start - 12):between_start]
        joiner = next((j for j in joiners if head.endswith(j)), None)
        number = joiner and _NUMBER_BEFORE.search(head[:len(head) - len(joiner)])
        if number and float(number.group()) < v.value:
            v = v._replace(start=between_start - len(joiner) - len(number.group()),
                           value=parse_number(number.group()), value_max=v.value)
        out.append(v)
    return out


def _direction_after(text: str, end: int, r) -> str | None:
    rest = text[end + 1:end + 4] if text.startswith("的", end) else text[end:end + 3]
    return next((d for d, words in r.direction_after.items() if rest.startswith(tuple(words))), None)


def _group_lists(text, matches):
    """Runs of values joined by 、/和/及 (a 分别 list) form one group sharing one context."""
    groups = []
    for item in matches:
        if groups:
            between = text[groups[-1][-1].end:item.start]
            if len(between) <= 2 and (between == "" or LIST_GLUE.match(between)) and "，" not in between:
                groups[-1].append(item)
                continue
        groups.append([item])
    return groups


_CLAUSE_STOP = re.compile("[，。；：！？\n]")
_SENTENCE_STOP = re.compile("[。；！？\n]")


class _Stops:
    """Where the text's clauses and sentences end, found once per document: a value's clause
    (its direction and basis) and sentence (a 较去年同期 before its clause) start just after
    the last stop before it."""

    def __init__(self, text: str):
        self.clause = [m.start() for m in _CLAUSE_STOP.finditer(text)]
        self.sentence = [m.start() for m in _SENTENCE_STOP.finditer(text)]

    def clause_start(self, pos: int) -> int:
        k = bisect_left(self.clause, pos)
        return self.clause[k - 1] + 1 if k else 0

    def sentence_start(self, pos: int) -> int:
        k = bisect_left(self.sentence, pos)
        return self.sentence[k - 1] + 1 if k else 0


def _amplitude(text: str, start: int, end: int, r, dir_of: dict, basis_of: dict) -> tuple[str, str | None, int] | None:
    """(direction, basis, start) of the last "<basis><direction>的幅度" phrase in
    text[start:end] (诈骗案件同比上升的幅度): the values after it in the sentence measure that
    change."""
    found = None
    for m in derived(r, _amplitude_regex).finditer(text, start, end):
        d = dir_of.get(m.group("d"))
        if d:
            found = d, basis_of.get(m.group("b") or ""), m.start()
    return found


def _amplitude_regex(r) -> re.Pattern:
    """<basis>?<direction word>的?幅度, from the rules' basis and direction words."""
    directions = [w for ws in r.direction.values() for w in ws]
    return re.compile(rf"(?P<b>{patterns.alternation(r.basis['同比'] + r.basis['环比'])})?"
                      rf"(?P<d>{patterns.alternation(directions)})的?幅度")


def _trajectory(dir_re: re.Pattern, context: str) -> bool:
    """Whether the clause's last direction word moves the figure to a level (下降到2月底的65%:
    the value is where it went, not a change of its own)."""
    last = None
    for last in dir_re.finditer(context):
        pass
    return last is not None and context.startswith(("到", "至"), last.end())


def _last(regex: re.Pattern, context: str, lookup: dict):
    """The last word of `regex` in the context, skipping one that is an item of a list
    (“三个下降、三个100%”: that 下降 is a slogan's item, not the change of the value)."""
    found = None
    for m in regex.finditer(context):
        if context.startswith("、", m.end()):
            continue
        found = lookup[m.group()]
    return found


def _first_and_last(regex: re.Pattern, context: str, lookup: dict) -> tuple[int, object]:
    """Where the first word of `regex` in the context starts (the context's length when
    there is none), and `_last`'s word: one pass gives what the metric and the value need."""
    first, found = None, None
    for m in regex.finditer(context):
        if first is None:
            first = m.start()
        if context.startswith("、", m.end()):
            continue
        found = lookup[m.group()]
    return len(context) if first is None else first, found


@Language.component("extractor_percentages")
def percentages_component(doc: Doc) -> Doc:
    """Find percentages with their direction, basis and metric."""
    for cand in find_percentages(doc):
        add(doc, cand)
    return doc
