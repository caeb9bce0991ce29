"""Time expressions: where a text states a period, and the calendar dates it covers.

The rules are data (patterns/periods.yaml: a regex and how it resolves). `find_periods`
gives every time expression, leftmost-longest and not overlapping; `resolve` turns one
into ISO start and end dates against an explicit year, the year the text last fixed, or the
publication date. The context stage (context.py) decides which period governs a figure.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from ..numbers import NumberFormatError, parse_number

from .. import patterns, scanners
from ..rule_finder import RuleFinder

_HALVES = {"上半年": (1, 6), "下半年": (7, 12), "一季度": (1, 3), "第一季度": (1, 3), "首季": (1, 3),
           "二季度": (4, 6), "第二季度": (4, 6), "三季度": (7, 9), "第三季度": (7, 9),
           "四季度": (10, 12), "第四季度": (10, 12), "前三季度": (1, 9),
           "第一季": (1, 3), "第二季": (4, 6), "第三季": (7, 9), "第四季": (10, 12),
           "首三季": (1, 9), "前三季": (1, 9), "首两季": (1, 6)}  # 首三季: Hong Kong and Macao's word
_REL = {"今年": 0, "去年": -1, "上年": -1, "前年": -2}
# 前年 is two years before the writing, whatever year the figures around it are from (2017年
# 罪案…较前年减少 in a 2018 article is 2016); 上年 is the year before the one compared.
_FROM_PUBLICATION = {"前年"}
# 二〇一九年 reads as 2019年 for the period rules: one digit per character, offsets unchanged.
# (One digit, then three more: a pattern opening with a character class lets re jump to it.)
_HAN_YEAR = re.compile(r"[〇○零一二三四五六七八九][〇○零一二三四五六七八九]{3}(?=年)")
_HAN_DIGITS = str.maketrans("〇○零一二三四五六七八九", "00012345678" + "9")
@lru_cache(maxsize=1)
def _data() -> dict:
    return patterns.safe_load((patterns.patterns_dir() / "periods.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _rules() -> list[tuple[re.Pattern, str]]:
    return [(re.compile(r["pattern"]), r["resolve"]) for r in _data()["rules"]]


@lru_cache(maxsize=1)
def so_far_words() -> frozenset[str]:
    """The words that say "up to now" without a span of their own (periods.yaml `so_far`)."""
    return frozenset(_data()["so_far"])


@lru_cache(maxsize=1)
def _scanners() -> list[tuple[scanners.AnchoredScanner, str]]:
    return [(scanners.AnchoredScanner(regex), how) for regex, how in _rules()]


@lru_cache(maxsize=1)
def _finders() -> list[tuple[RuleFinder, str]]:
    return [(RuleFinder(scanner), how) for scanner, how in _scanners()]


@lru_cache(maxsize=1)
def _reporting_date() -> re.Pattern:
    """What follows the day a reporter learned the figures: 从<source>获悉 (记者2月25日从
    河北省公安厅获悉, 3月1日，记者从发布会上了解到). The verbs are the agents' learned_verbs."""
    verbs = patterns.alternation(patterns.load("agents").learned_verbs)
    return re.compile(rf"[，,]?(?:记者)?从[^，。；：\n]{{1,30}}?(?:{verbs})")


# A scraped page's spaces in a date (截至 5 月 3 日, 2024 年以来): read as if absent.
_SPACED_DATE = re.compile(r"(?<=\d)[ \u00a0]+(?=[年月日时])|(?<=[年月日至止到自从])[ \u00a0]+(?=\d)")
# Months and days in Chinese numerals (今年七月七日至十八日, 一至六月): read as Arabic figures.
# A day only counts after its month (七月七日) or in a range after one (至十八日): alone, 三日 is
# as often three days as the third.
_HAN_NUM = "[一二三四五六七八九十廿卅]{1,3}"
_HAN_DATE = re.compile(rf"(?:{_HAN_NUM}(?:至|到|—|－|-))?{_HAN_NUM}月(?:{_HAN_NUM}[日号](?:(?:至|到|—|－|-){_HAN_NUM}[日号])?)?")
_HAN_PART = re.compile(_HAN_NUM)
# What every such date holds, found by a plain scan (most texts hold none).
_HAN_MONTH = re.compile("[一二三四五六七八九十]月")


def find_periods(text: str) -> list[tuple[int, int, str, re.Match]]:
    """(start, end, resolution, match) of every time expression, leftmost-longest, no
    overlaps. Spaces inside a date are dropped and months and days in Chinese numerals
    written as figures before the rules read the text, and the offsets mapped back: the span
    then covers the date as written, spaces, numerals and all."""
    spaced = " " in text and _SPACED_DATE.search(text) is not None
    han = "月" in text and _HAN_MONTH.search(text) is not None
    if not spaced and not han:
        return _find_periods(text)
    dropped = {i for m in _SPACED_DATE.finditer(text) for i in range(m.start(), m.end())} if spaced else set()
    figures = dict(_han_figures(text)) if han else {}
    if not figures:  # spaces only: the characters kept, each at its own offset
        kept = [i for i in range(len(text)) if i not in dropped]
        compact = "".join([text[i] for i in kept])
        return [(kept[s], kept[e - 1] + 1, how, m) for s, e, how, m in _find_periods(compact)]
    out_chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    i = 0
    while i < len(text):
        if i in figures:
            end, digits = figures[i]
            out_chars.extend(digits)
            starts.extend([i] * len(digits))
            ends.extend([end] * len(digits))
            i = end
            continue
        if i not in dropped:
            out_chars.append(text[i])
            starts.append(i)
            ends.append(i + 1)
        i += 1
    compact = "".join(out_chars)
    return [(starts[s], ends[e - 1], how, m) for s, e, how, m in _find_periods(compact)]


def _han_figures(text: str):
    """(start, (end, digits)) of each Chinese numeral of a month or day in a date (七月七日)."""
    for m in _HAN_DATE.finditer(text):
        for part in _HAN_PART.finditer(text, m.start(), m.end()):
            try:
                value = int(parse_number(part.group()))
            except (NumberFormatError, ValueError):
                return
            if not 1 <= value <= 31:
                continue
            yield part.start(), (part.end(), str(value))


def _find_periods(text: str) -> list[tuple[int, int, str, re.Match]]:
    text = _HAN_YEAR.sub(lambda m: m.group().translate(_HAN_DIGITS), text)
    found = []
    counts: dict[str, int] = {}
    for finder, how in _finders():
        for m in finder.finditer(text, counts):
            found.append((m.start(), m.end(), how, m))
    found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
    out, last_end = [], -1
    for start, end, how, m in found:
        if text.startswith(("日电", "日讯"), end - 1):
            continue  # 哈尔滨6月11日电, 长城网2月25日讯: a story's dateline, not the time its figures cover
        if how == "days" and _reporting_date().match(text, end):
            continue  # 记者2月25日从省公安厅获悉: the day the reporter learned the figures
        if start >= last_end:
            if out and how == "none" and text[last_end:start] == "的":
                continue  # 自3月1日至5月10日的70天里: the dated span is the period
            out.append((start, end, how, m))
            last_end = end
    return out


def resolve(m: re.Match, how: str, published: str | None, warnings: list[str],
            base_year: int | None = None) -> tuple[str | None, str | None]:
    """ISO start and end of a matched period, or None where the calendar cannot fix them.

    Relative years (今年, 上年同期) count from `base_year` when the text has fixed one (the
    2020年 that 较上年同期 compares with), else from the publication date."""
    pub = dt.date.fromisoformat(published) if published else None
    groups = m.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    if groups.get("rel") in _FROM_PUBLICATION and pub is not None:
        base_year = None
    base = base_year if base_year is not None else pub.year if pub is not None else None
    if year is None and base is not None:
        year = base + _REL.get(groups.get("rel") or "今年", 0)
    if how == "to_date":
        return None, published
    if how == "since" and (year is None or not (groups.get("y") or groups.get("m1"))):
        return None, published  # 自…开展以来 with no date in it: up to publication
    if how == "none" or year is None:
        return None, None
    try:
        if how == "since":
            return dt.date(year, int(groups.get("m1") or 1), int(groups.get("d1") or 1)).isoformat(), published
        if how == "year_to_date":  # 2018年以来 in an article of 2021: up to its publication
            end = published if pub and pub.year >= year else None
            return f"{year}-01-01", end
        if how in ("whole_year", "comparison"):
            return f"{year}-01-01", f"{year}-12-31"
        if how == "months_across_years":  # 去年10月至今年3月: `year` is last year's
            m1, m2 = int(groups["m1"]), int(groups["m2"])
            last = calendar.monthrange(year + 1, m2)[1]
            return dt.date(year, m1, 1).isoformat(), dt.date(year + 1, m2, last).isoformat()
        if how == "years":
            last = int(groups["y2"])
            if last < year:
                warnings.append(f"period ends before it starts: {m.group()}")
                return None, None
            return f"{year}-01-01", f"{last}-12-31"
        if how == "same_year":  # 当年 with no year stated before it: the calendar cannot fix it
            return (f"{base_year}-01-01", f"{base_year}-12-31") if base_year is not None else (None, None)
        if how == "month_to_date":
            return dt.date(year, int(groups["m1"]), 1).isoformat(), published
        if how == "until_day":
            return None, dt.date(year, int(groups["m2"]), int(groups["d2"])).isoformat()
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
            # 5月1日至20日: a second day with no month of its own is in the first one's month
            last = dt.date(year, int(groups.get("m2") or groups["m1"]), int(groups["d2"])) if groups.get("d2") else first
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
