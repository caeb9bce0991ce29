"""Money: an amount with a currency unit, normalized to 元 (2500万元 → 25000000)."""

from __future__ import annotations

import re
import sys
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns, scanners
from ..candidates import Candidate, add, text_of
from ..numbers import CN_DIGITS, CN_UNITS, NUMBER, NumberFormatError, parse_number


def _money_pattern(number: str, r, before) -> str:
    """The amount regex, with `number` the regex of the number."""
    return (rf"(?P<before>{patterns.alternation(before)})?(?P<num>{number})(?P<inside>余|多)?"
            rf"(?P<unit>{patterns.alternation(r.units)})")


def _compile(r, before) -> re.Pattern:
    """The amount regex, tried only at characters a match can start with (compile_guarded).

    From Python 3.11, and when the units allow it (`_longest_number_suffices`), the number
    is an atomic group: re does not try its shorter readings when no unit follows the
    longest, which spares backtracking through every digit of every number."""
    plain = _money_pattern(NUMBER, r, before)
    if sys.version_info < (3, 11) or not _longest_number_suffices(r.units):
        return scanners.compile_guarded(plain)
    guard = scanners.first_char_guard(plain)  # (the guard reader does not know atomic groups)
    atomic = _money_pattern(f"(?>{NUMBER})", r, before)
    return re.compile(f"{guard}(?:{atomic})" if guard else atomic)


_MULTIPLIERS = "十百千万亿"
_NUMBER_CHAR = re.compile(rf"[\d,.{CN_DIGITS}{CN_UNITS}]")  # what a number's reading can hold


def _longest_number_suffices(units) -> bool:
    """Whether a match through a shorter reading of the number implies one through the longest.

    A shorter reading stops inside the longest one's characters, so the unit after it opens
    with characters a number holds. When every such unit is multipliers then another unit
    (万元 = 万 + 元, 千万元 = 千万 + 元), the longest reading takes those multipliers (a
    number ends in as many as follow it) and stops at that other unit: it matches as well,
    first, and the matches are the same (tests/test_fast_paths.py)."""
    for unit in units:
        if not _NUMBER_CHAR.match(unit):
            continue  # a number never stops before it: only the longest reading meets it
        rest = unit.lstrip(_MULTIPLIERS)
        if not rest or _NUMBER_CHAR.match(rest) or rest not in units:
            return False
    return True


def _scanner(regex: re.Pattern, r, before) -> scanners.MarkedRuns:
    """The amount regex tried only around currency units: a match is an approximation word,
    a number, 余/多 and a unit, so its characters are theirs, and it ends in the last
    character of a unit (the mark)."""
    chars = set(f"{CN_DIGITS}{CN_UNITS}余多").union(*r.units, *before)
    guard = scanners.first_char_guard(_money_pattern(NUMBER, r, before))
    return scanners.MarkedRuns(regex, guard, r"\d,." + _char_class_body(chars), _char_class_body(u[-1] for u in r.units))


def _char_class_body(chars) -> str:
    return "".join(re.escape(ch) for ch in sorted(set(chars)))


@lru_cache(maxsize=1)
def _rules():
    r = patterns.load("money")
    counts = patterns.load("counts")
    before = {w: k for k, ws in counts.approx_before.items() for w in ws}
    regex = _compile(r, before)
    return r, regex, before, _scanner(regex, r, before)


def find_money(doc: Doc) -> list[Candidate]:
    r, _regex, before, scanner = _rules()
    text = text_of(doc)
    out = []
    if not any(unit in text for unit in r.units):
        return out  # every amount ends in a unit: a text naming none has none
    for m in scanner.finditer(text):
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
