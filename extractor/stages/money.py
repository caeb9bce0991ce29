"""Money: an amount with a currency unit, normalized to 元 (2500万元 → 25000000)."""

from __future__ import annotations

from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns, scanners
from ..candidates import Candidate, add, text_of
from ..numbers import NUMBER, NumberFormatError, parse_number


@lru_cache(maxsize=1)
def _rules():
    r = patterns.load("money")
    counts = patterns.load("counts")
    before = {w: k for k, ws in counts.approx_before.items() for w in ws}
    regex = scanners.compile_guarded(  # same matches as re.compile, tried faster
        rf"(?P<before>{patterns.alternation(before)})?(?P<num>{NUMBER})(?P<inside>余|多)?"
        rf"(?P<unit>{patterns.alternation(r.units)})"
    )
    return r, regex, before


def find_money(doc: Doc) -> list[Candidate]:
    r, regex, before = _rules()
    text = text_of(doc)
    out = []
    if not any(unit in text for unit in r.units):
        return out  # every amount ends in a unit: a text naming none has none
    for m in regex.finditer(text):
        if m.start() > 0 and (text[m.start() - 1].isdigit() or text[m.start() - 1] == "第"):
            continue
        try:
            value = parse_number(m.group("num")) * r.units[m.group("unit")]
        except NumberFormatError:
            continue
        approx = before.get(m.group("before") or "") or ("more_than" if m.group("inside") else None)
        out.append(Candidate("money", m.start(), m.end(), "money.amount", {"value": value, "approx": approx}))
    return out


@Language.component("extractor_money")
def money_component(doc: Doc) -> Doc:
    """Find amounts of money."""
    for cand in find_money(doc):
        add(doc, cand)
    return doc
