"""Counts: a number with a classifier, its approximation and the counted noun (found by
count_subjects.py).

113家单位 → (113, 家, None, 单位); 2000余名保安 → (2000, 名, more_than, 保安);
纠纷30余起 → subject before the number; 三四个人 → 3 to 4. Dates, durations, ages, ordinals,
codes and phone numbers are not counts: the classifier list leaves out 年/月/日/岁/小时, and
not_counts.py rules out the rest (第二批, 编号123, 2个月, 国道七队, 一一对应).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns, scanners
from ..candidates import Candidate, add, derived, text_of, words_of
from ..numbers import CN_DIGITS, NUMBER, NumberFormatError, consecutive_pair, parse_number
from .bare_counts import bare_counts
from .count_subjects import bodies_of, inherit_compared_subjects, subject_of
from .names import token_index_at
from .not_counts import Slogans, all_classifiers, no_count, rule_words

@lru_cache(maxsize=1)
def _rules():
    r = patterns.load("counts")
    classifiers = all_classifiers(r)
    before = {w: k for k, ws in r.approx_before.items() for w in ws}
    inside = {w: k for k, ws in r.approx_inside.items() for w in ws}
    after = {w: k for k, ws in r.approx_after.items() for w in ws}
    gap = {w: k for k, ws in r.approx_before_verb.items() for w in ws}
    before.update(gap)
    rounded = {w: k for k, ws in r.round_approx_before.items() for w in ws}
    before.update(rounded)
    # 59 225 (a thin space between thousands) and 3 万 (a scraped space before the multiplier)
    num = rf"(?:\d{{1,3}}(?: \d{{3}})+(?![\d])|\d+(?:\.\d+)? [万亿](?![万亿])|{NUMBER})"
    regex = scanners.compile_guarded(  # same matches as re.compile, tried faster
        rf"(?:(?P<before>{patterns.alternation([w for w in before if w not in rounded])}"
        rf"|(?:{patterns.alternation(rounded)})(?=[百千万][余多]?(?:{patterns.alternation(classifiers)})))"
        rf"|(?P<gap>{patterns.alternation(gap)})[\u4e00-\u9fff]{{1,2}})?"
        rf"(?P<num>{num})"
        rf"(?:(?P<join>{patterns.alternation(r.range_joiners)})(?P<num2>{num}))?"
        rf"(?: ?(?P<inside>{patterns.alternation(inside)}))?(?:(?<=[余多])(?P<mult>[万亿]))?"
        rf"(?:(?<=\d)[ \u00a0])?(?P<cls>{patterns.alternation(classifiers)})"  # 110 件: a scraped space after the digits
        rf"(?P<after>{patterns.alternation(after)})?"
    )
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
    slogans = Slogans(text)
    words = derived(r, rule_words)
    bodies = bodies_of(doc)
    for m in regex.finditer(text):
        if slogans.hold(m.start(), m.end()) and not m.group("num")[0].isdigit():
            continue  # “十户一组，一人一周”: a rule in quotes, not a figure (“…就有2万多名外来人口” is speech)
        num = m.group("num")
        qualifier = m.group("before") or m.group("gap")
        start = m.start("before") if m.group("before") else m.start("gap") if m.group("gap") else m.start("num")
        if no_count(doc, text, m, num, r, words):
            continue
        try:
            value, value_max = _value(num)
            if m.group("num2"):
                value_max = parse_number(m.group("num2").replace(" ", ""))
        except NumberFormatError:
            continue
        if value_max is None and not qualifier and r.pair_joiners:
            pair = _pair_before(text, m.start("num"), value, r.pair_joiners, words.not_before)
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
        cls, cls_end = _whole_word_classifier(doc, m)
        if cls_end == m.end("cls") and (alt := _ALTERNATE_UNIT.match(text, cls_end)) \
                and alt.group(1) in derived(r, all_classifiers) and (alt.group(1) == "次" or alt.group(2)):
            # 41571人(次), 65.9万辆(艘)次: a count of times, the unit as the article writes it (the
            # rules read full-width brackets); 92只(件) keeps its first classifier
            cls_end = alt.end()
            cls = doc.user_data.get("original_text", text)[m.start("cls"):cls_end]
        elif cls_end == m.end("cls") and text.startswith("/", cls_end):
            cls_end = _slashed_units_end(text, cls_end, derived(r, _same_group_classifiers).get(cls, frozenset()))
            cls = text[m.start("cls"):cls_end]  # 790万辆/艘次, 9324只/条: one count of either
        if value_max is None and not qualifier:
            out.extend(_listed_before(text, m.start("num"), cls))
        subject, start, end = subject_of(doc, start, cls_end, cls, r, bodies)
        out.append(Candidate("count", start, end, "count.classifier", {
            "value": value, "value_max": value_max, "unit": cls, "approx": approx, "subject": subject,
            "number_start": m.start("num"),
        }))
    inherit_compared_subjects(text, out, r)
    for before, after in zip(out, out[1:]):
        if after.start < before.end <= after.attrs["number_start"]:
            # 4个涉恶团伙|72人: the noun is the first count's; the second starts at its figure
            after.start = after.attrs["number_start"]
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


# Bare figures listed before the one that carries the classifier, after 分别为 (分别为3218、
# 3051、2821起): each counts in that unit.
_LISTED_FIGURES = re.compile(r"(?:分别|依次)(?:为|是|达)?[：:]?((?:\d+(?:\.\d+)?、)+)$")


def _listed_before(text: str, num_start: int, unit: str) -> list[Candidate]:
    """The counts of a 分别 list's bare figures before the last one, which has the classifier."""
    m = _LISTED_FIGURES.search(text, max(0, num_start - 60), num_start)
    if m is None:
        return []
    out, pos = [], m.start(1)
    for figure in m.group(1).split("、")[:-1]:
        out.append(Candidate("count", pos, pos + len(figure), "count.listed_figure", {
            "value": parse_number(figure), "value_max": None, "unit": unit, "approx": None, "subject": None,
            "number_start": pos,
        }))
        pos += len(figure) + 1
    return out


def _whole_word_classifier(doc: Doc, m: re.Match) -> tuple[str, int]:
    """The classifier and where the count ends: a two-character classifier whose second
    character opens the next word (33件|次之, 次之 "comes second") is its first character."""
    cls, end = m.group("cls"), m.end()
    if len(cls) == 2 and end == m.end("cls"):
        word = words_of(doc)[token_index_at(doc, end - 1)]
        if word.idx == end - 1 and len(word.text) > 1:
            return cls[0], end - 1
    return cls, end


# A classifier's alternative in brackets right after it, with a 次 that may follow (人(次), 辆(艘)次,
# 只(件)).
_ALTERNATE_UNIT = re.compile(r"（([\u4e00-\u9fff]{1,2})）(次)?")


def _slashed_units_end(text: str, pos: int, classifiers: frozenset[str]) -> int:
    """Where a run of classifiers each after a slash ends (辆|/艘次, 辆|/列/架次), from `pos`;
    `pos` itself when no classifier follows the slash. The longer reading of each is taken."""
    while text.startswith("/", pos):
        word = next((text[pos + 1:pos + 1 + n] for n in (2, 1) if text[pos + 1:pos + 1 + n] in classifiers), None)
        if word is None:
            break
        pos += 1 + len(word)
    return pos


def _same_group_classifiers(r) -> dict[str, frozenset[str]]:
    """Each classifier's group in counts.yaml (things, people…): 辆/艘次 is one unit of either,
    5件/人 a rate."""
    out: dict[str, set[str]] = {}
    for group in r.classifiers.values():
        for c in group:
            out.setdefault(c, set()).update(group)
    return {c: frozenset(g) for c, g in out.items()}


@Language.component("extractor_counts")
def counts_component(doc: Doc) -> Doc:
    """Find counts; candidates go to the merge stage."""
    for cand in find_counts(doc) + bare_counts(doc):
        add(doc, cand)
    return doc
