"""Statistics in context: who reports each figure (agent) and which period it covers.

A bare 同比下降20% is of no use without whose figure it is and when. For every count and
percentage: the period is the nearest time expression before it in its paragraph (a period
stated once governs the figures after it: 今年以来，…平安服务中心…。中心运行至今，受理…), resolved
to ISO dates against an explicit year or the publication date; the agent is the nearest
organization or alliance before it in its sentence (南通市公安局通报，今年以来……), else the
first one after it in the sentence (……这是“东亭有义”平安联盟的成绩单), else the last one of
the sentence just before it in the same paragraph, else none.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..candidates import text_of
from ..numbers import NumberFormatError, parse_number

from .. import patterns
from .sections import sentence_at

FIGURES = ("count", "percentage")
AGENTS = ("organization", "alliance")
_HALVES = {"上半年": (1, 6), "下半年": (7, 12), "一季度": (1, 3), "第一季度": (1, 3), "首季": (1, 3),
           "二季度": (4, 6), "第二季度": (4, 6), "三季度": (7, 9), "第三季度": (7, 9),
           "四季度": (10, 12), "第四季度": (10, 12), "前三季度": (1, 9)}
_REL = {"今年": 0, "去年": -1, "前年": -2}
NOT_AGENT_BEFORE = ("建立", "设立", "组建", "成立", "建成", "新建", "打造", "依托", "联合", "会同", "配合", "协助", "加入",
                    "在", "向", "到", "对", "与", "和", "跟", "及", "为", "给", "至", "赴", "来到", "走进", "前往", "覆盖",
                    "个", "家", "所", "支", "名")


@lru_cache(maxsize=1)
def _rules() -> list[tuple[re.Pattern, str]]:
    data = patterns.safe_load((patterns.patterns_dir() / "periods.yaml").read_text(encoding="utf-8"))
    return [(re.compile(r["pattern"]), r["resolve"]) for r in data["rules"]]


@lru_cache(maxsize=1)
def _scanners() -> list[tuple[patterns.AnchoredScanner, str]]:
    return [(patterns.AnchoredScanner(regex), how) for regex, how in _rules()]


def find_periods(text: str) -> list[tuple[int, int, str]]:
    """(start, end, resolution) of every time expression, leftmost-longest, no overlaps."""
    found = []
    for regex, how in _scanners():
        for m in regex.finditer(text):
            found.append((m.start(), m.end(), how, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out, last_end = [], -1
    for start, end, how, m in found:
        if start >= last_end:
            out.append((start, end, how, m))
            last_end = end
    return out


def resolve(m: re.Match, how: str, published: str | None, warnings: list[str]) -> tuple[str | None, str | None]:
    """ISO start and end of a matched period, or None where the calendar cannot fix them."""
    pub = dt.date.fromisoformat(published) if published else None
    groups = m.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    if year is None and pub is not None:
        year = pub.year + _REL.get(groups.get("rel") or "今年", 0)
    if how == "to_date":
        return None, published
    if how == "none" or year is None:
        return None, None
    try:
        if how == "year_to_date":
            end = published if pub and pub.year == year else f"{year}-12-31"
            return f"{year}-01-01", end
        if how == "whole_year":
            return f"{year}-01-01", f"{year}-12-31"
        if how == "month_to_date":
            return dt.date(year, int(groups["m1"]), 1).isoformat(), published
        if how == "until_year":
            return None, f"{year}-12-31"
        if how == "first_months":
            n = int(parse_number(groups["n"]))
            return f"{year}-01-01", dt.date(year, n, calendar.monthrange(year, n)[1]).isoformat()
        if how == "until_month":
            m2 = int(groups["m2"])
            return None, dt.date(year, m2, calendar.monthrange(year, m2)[1]).isoformat()
        if how == "days":
            first = dt.date(year, int(groups["m1"]), int(groups["d1"]))
            last = dt.date(year, int(groups["m2"]), int(groups["d2"])) if groups.get("m2") else first
            if last < first:
                warnings.append(f"period ends before it starts: {m.group()}")
                return None, None
            return first.isoformat(), last.isoformat()
        if how == "months":
            if groups.get("half"):
                m1, m2 = _HALVES[groups["half"]]
            else:
                m1 = int(groups["m1"])
                m2 = int(groups["m2"]) if groups.get("m2") else m1
            if m2 < m1:
                warnings.append(f"period ends before it starts: {m.group()}")
                return None, None
            last = calendar.monthrange(year, m2)[1]
            return dt.date(year, m1, 1).isoformat(), dt.date(year, m2, last).isoformat()
    except (ValueError, NumberFormatError):
        warnings.append(f"period is not a real date: {m.group()}")
    return None, None


@Language.component("extractor_context")
def context_component(doc: Doc) -> Doc:
    """Attach `agent` and `period` to every count and percentage (runs after merge)."""
    facts = doc.user_data.get("facts", [])
    published = (doc.user_data.get("meta") or {}).get("published")
    warnings = doc.user_data.setdefault("warnings", [])
    original = doc.user_data.get("original_text", text_of(doc))
    periods = find_periods(text_of(doc))
    text = text_of(doc)
    agents = [c for c in facts if c.type in AGENTS]
    # In the figure's own sentence an organization that is the object of a verb or a
    # preposition (建立…警务站, 在…派出所, 联合…) is where or what, not who reports the figure;
    # one set up in the sentence before may be the subject that goes on (…打造平安服务中心。中心…受理).
    subjects = [c for c in agents if not text[max(0, c.start - 3):c.start].endswith(NOT_AGENT_BEFORE)]
    regions: dict[tuple[int, int], object] = {}  # per sentence: every figure in it gets the same region
    for c in facts:
        if c.type not in FIGURES:
            continue
        s_start, s_end = sentence_at(doc, c.start)
        para_start = text.rfind("\n", 0, c.start) + 1
        before = [p for p in periods if para_start <= p[0] and p[1] <= c.start]
        if not before:  # a period that opens the paragraph before still governs (今年1至5月，… \n 与去年同期相比…)
            prev_start = _previous_paragraph_start(text, para_start)
            before = [p for p in periods if prev_start <= p[0] and p[1] <= para_start and p[2] != "none"]
        period = None
        if before:
            start, end, how, m = before[-1]
            p_start, p_end = resolve(m, how, published, warnings)
            period = {"text": original[start:end], "start": p_start, "end": p_end}
        c.attrs["period"] = period
        in_sentence = [a for a in subjects if s_start <= a.start and a.end <= s_end]
        prior = [a for a in in_sentence if a.end <= c.start]
        after = [a for a in in_sentence if a.start >= c.end]
        prev_start = sentence_at(doc, s_start - 2)[0] if s_start >= 2 else s_start
        in_paragraph = [a for a in agents if max(para_start, prev_start) <= a.start and a.end <= s_start]
        agent = prior[-1] if prior else after[0] if after else in_paragraph[-1] if in_paragraph else None
        c.attrs["agent"] = {"name": agent.attrs["name"], "type": agent.type} if agent else None
        if (s_start, s_end) not in regions:
            regions[(s_start, s_end)] = _figure_region(doc, s_start, s_end)
        c.attrs["region"] = regions[(s_start, s_end)]
    return doc


def _previous_paragraph_start(text: str, para_start: int) -> int:
    end = para_start - 1
    while end > 0 and text[end - 1] in "\n \u3000\t":
        end -= 1
    return text.rfind("\n", 0, end) + 1 if end > 0 else para_start


def _figure_region(doc: Doc, s_start: int, s_end: int):
    """The document's region unless the sentence names a place of its own."""
    from .region import article_region, doc_mentions

    default = doc.user_data.get("region")
    here = [(s - s_start, e - s_start, codes) for s, e, codes in doc_mentions(doc) if s_start <= s and e <= s_end]
    if not here:
        return default
    own = article_region(text_of(doc)[s_start:s_end], found=here)
    if own is None or default is None:
        return own or default
    if own.province == default.province and (own.city is None or own.city == default.city):
        return default if own.county is None or own.county == default.county else own
    return own
