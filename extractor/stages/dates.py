"""Dates: full dates (2023年10月23日, 2023-10-23) and month-day dates resolved against the
publication year when the page states one. An impossible date (2月30日) keeps its span
with a null value and a document warning."""

from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

from ..candidates import Candidate, add, text_of

# Each opens with what it consumes first (19|20, a digit), so re jumps from one candidate
# character to the next instead of trying every position: the "not after a digit" (or 年)
# test comes just after that character and looks back past it, which is the same test.
FULL = re.compile(r"((?:19|20)(?<!\d\d\d)\d{2})\s*(?:年|-|/|\.)\s*(\d{1,2})\s*(?:月|-|/|\.)\s*(\d{1,2})(?:日|(?!\d))")  # 12日21时: 日 ends it
MONTH_DAY = re.compile(r"(\d(?<![\d年]\d)\d?)月(\d{1,2})日")


def _iso(y: int, m: int, d: int) -> str | None:
    try:
        return dt.date(y, m, d).isoformat()
    except ValueError:
        return None


def find_dates(doc: Doc) -> list[Candidate]:
    text = text_of(doc)
    published = (doc.user_data.get("meta") or {}).get("published")
    year = int(published[:4]) if published else None
    out, taken = [], set()
    warnings = doc.user_data.setdefault("warnings", [])
    for m in FULL.finditer(text):
        value = _iso(*map(int, m.groups()))
        if value is None:
            warnings.append(f"date does not exist: {m.group()}")
        out.append(Candidate("date", m.start(), m.end(), "date.full", {"value": value}))
        taken.update(range(m.start(), m.end()))
    for m in MONTH_DAY.finditer(text):
        if m.start() in taken:
            continue
        month, day = int(m.group(1)), int(m.group(2))
        value = _iso(year, month, day) if year else None
        if year and value is None:
            warnings.append(f"date does not exist: {m.group()}")
        out.append(Candidate("date", m.start(), m.end(), "date.month_day", {"value": value}))
    return out


@Language.component("extractor_dates")
def dates_component(doc: Doc) -> Doc:
    """Find calendar dates (after metadata, which supplies the year)."""
    for cand in find_dates(doc):
        add(doc, cand)
    return doc
