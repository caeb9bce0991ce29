"""Counts written without a classifier: a figure in 万 or 亿 that ends its clause (预警信息总数达
405万，人口近16万。). The dev gold counts them, with no unit; what they count is the noun the
figure is linked to before it. (A noun right after such a figure, 1.5万常住居民, the dev gold
does not count: it describes a size.)

Only a figure in 万 or 亿 is read so: a bare small number is a code, a year or a part of a
phrase far more often than a count. A figure followed by a classifier, a currency or a
measure is the other stages' (2万人, 2万元, 2万平方米), and one near a word of money
(损失2000万) is money with its 元 left out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, text_of
from ..numbers import NumberFormatError, parse_number
from .count_subjects import linked_subject, preceding_subject
from .names import PUNCT

# (2,448.2万: thousands separators too; no figure starts inside another, after a digit, point or comma)
_BARE = re.compile(r"(?<![\d.,])(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<inside>余|多)?(?P<mult>万|亿)(?P<inside2>余|多)?")
# Words of money near the figure: its 元 was left out (挽回损失2000万).
_MONEY_NEAR = re.compile(r"元|金额|损失|资金|罚款|价值|经费|收入|投入|赃款|涉案")


def bare_counts(doc: Doc) -> list[Candidate]:
    """The counts of figures in 万 or 亿 with no classifier after them."""
    text = text_of(doc)
    if "万" not in text and "亿" not in text:
        return []
    r = patterns.load("counts")
    out = []
    for m in _BARE.finditer(text):
        end = m.end()
        if _MONEY_NEAR.search(text, max(0, m.start() - 8), min(len(text), end + 2)):
            continue
        nxt = text[end:end + 1]
        if nxt and nxt not in PUNCT and nxt != "\n":
            continue  # 2万人, 2万元, 1.5万常住居民: a classifier, a measure or a noun follows (the dev gold counts none)
        if text[max(0, m.start() - 8):m.start()].rstrip(" ：:\u3000").endswith(tuple(r.page_counters)):
            continue  # 阅读：1.3万: the page's reader counter
        if _alone_on_line(text, m.start(), end):
            continue  # 1万 ⏎ 主题 ⏎ 3万 ⏎ 积分: a forum page's counters, no clause at all
        subject, s_end = _subject_before(doc, m.start(), r), end
        try:
            value = round(parse_number(m.group("num").replace(",", "")) * (10_000 if m.group("mult") == "万" else 100_000_000), 4)
        except NumberFormatError:
            continue
        start = _approx_start(text, m.start())
        approx = "more_than" if m.group("inside") or m.group("inside2") else None
        if start < m.start():
            approx = approx or _approx_words()[text[start:m.start()]]
        out.append(Candidate("count", start, s_end, "count.bare_figure", {
            "value": value, "value_max": None, "unit": None, "approx": approx, "subject": subject,
            "number_start": m.start("num"),
        }))
    return out


def _alone_on_line(text: str, start: int, end: int) -> bool:
    """Whether only blanks stand between the figure and the line's ends."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    return not text[line_start:start].strip() and not text[end:len(text) if line_end < 0 else line_end].strip()


@lru_cache(maxsize=1)
def _approx_words() -> dict[str, str]:
    """approx word → kind (counts.yaml `approx_before`: 约 about, 近 nearly…), longest first."""
    words = {w: kind for kind, ws in patterns.load("counts").approx_before.items() for w in ws}
    return dict(sorted(words.items(), key=lambda item: -len(item[0])))


def _approx_start(text: str, start: int) -> int:
    """Where a figure at `start` begins with the approximation word before it (近|16万)."""
    word = next((w for w in _approx_words() if text.startswith(w, start - len(w))), "")
    return start - len(word)


def _subject_before(doc: Doc, start: int, r) -> str | None:
    """The noun a figure at a clause's end is linked to (人口近16万, 预警信息总数达405万)."""
    k = _approx_start(text_of(doc), start)
    subject = linked_subject(doc, k, r)
    if subject:
        return subject
    found, _s, _e = preceding_subject(doc, k, r)
    return found
