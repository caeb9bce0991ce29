"""The faster scanners in scanners.py find exactly what the plain regex finds.

FirstCharScanner (branches compiled lazily), AnchoredScanner (windows around a literal),
RuleFinder (rule_finder.py: windows before strings every match holds) and compile_guarded (a
first-character lookahead) exist for speed only: over the sample
articles and a few awkward strings, their matches (spans and groups) equal re's own.
"""

from __future__ import annotations

import re

import pytest

from conftest import CORPUS
from extractor import patterns, scanners
from extractor.rule_finder import RuleFinder
from extractor.normalize import normalize

AWKWARD = ["", "1", "-5%", "百分之五", "约3万余名", "２０２３年１０月", "负0.5个百分点", "一成半", "\n\n", "南通市如皋市海安"]


def _texts() -> list[str]:
    return [normalize(p.read_text(encoding="utf-8")) for p in sorted(CORPUS.glob("*.txt"))] + AWKWARD


def _found(matches) -> list:
    return [(m.span(), m.groups(), m.groupdict()) for m in matches]


def _stage_regexes():
    from extractor.stages import counts, money, percentages, periods

    return {"counts": counts._rules()[1], "percentages": percentages._rules()[1], "money": money._rules()[1],
            **{f"period {i}": rx for i, (rx, _how) in enumerate(periods._rules())}}


@pytest.mark.parametrize("name", list(_stage_regexes()))
def test_compile_guarded_finds_what_re_finds(name):
    plain = re.compile(_stage_regexes()[name].pattern)
    guarded = scanners.compile_guarded(plain.pattern)
    for text in _texts():
        assert _found(guarded.finditer(text)) == _found(plain.finditer(text))


def test_guard_is_left_out_where_it_cannot_hold():
    assert scanners.first_char_guard(r"a?") is None  # may match the empty string
    assert scanners.first_char_guard(r".x") is None  # any character may start it
    assert scanners.first_char_guard(r"[^a]x") is None
    assert scanners.first_char_guard(r"(?<!\d)(?:约|近)?\d+名") == r"(?=[约近\d])"


def test_anchored_scanner_finds_what_re_finds():
    for regex, _how in _stage_regexes_periods():
        scanner = scanners.AnchoredScanner(regex)
        for text in _texts():
            assert _found(scanner.finditer(text)) == _found(regex.finditer(text)), regex.pattern


def _stage_regexes_periods():
    from extractor.stages import periods

    return periods._rules()


def _period_like_texts() -> list[str]:
    """Short texts (a rule's windows are used), long ones (too many anchors: the fallback
    scan), and random strings over the characters the period rules are made of."""
    import random

    rng = random.Random(7)
    alphabet = "0123456789年月日至起底中旬上去今较比与同期以来开展启动截至前后个季度半，。的“”自从"
    short = ["较上年同期下降5%，今年3月1日至5月10日的70天里，“百日行动”开展以来，自2020年以来。",
             "截至2015年前十个月，1月底，5月中旬，入夏以来，当年，第一季，现在。"]
    noise = ["".join(rng.choice(alphabet) for _ in range(rng.randint(5, 120))) for _ in range(300)]
    return _texts() + short + [short[0] * 40, "月" * 500 + short[1]] + noise


def test_rule_finder_finds_what_re_finds():
    """RuleFinder (engine skip-ahead, windows before an anchor string, or the fallback scan)
    gives each period rule's finditer matches, with the string counts shared across rules as
    find_periods shares them."""
    finders = [RuleFinder(scanners.AnchoredScanner(regex)) for regex, _how in _stage_regexes_periods()]
    assert any(f.anchors for f in finders) and any(f.engine_skips for f in finders)
    for text in _period_like_texts():
        counts: dict[str, int] = {}
        for finder in finders:
            regex = finder.scanner.regex
            assert _found(finder.finditer(text, counts)) == _found(regex.finditer(text)), (regex.pattern, text)


def test_first_char_scanner_finds_what_the_alternation_finds():
    from extractor.stages import region

    by_name = region._matcher()[0]
    scanner = scanners.FirstCharScanner(by_name)
    plain = re.compile(patterns.alternation(by_name))
    for text in _texts():
        assert _found(scanner.finditer(text)) == _found(plain.finditer(text))


def test_every_period_rule_is_tried_only_where_it_can_start():
    """A period rule with neither a top-level literal nor a bounded first character is tried
    at every position of every article (one such rule once cost 4x the whole period scan);
    split it per literal (as the X成立后 rules are) instead."""
    from extractor.stages import periods

    unguarded = [sc.regex.pattern for sc, _how in periods._scanners()
                 if not sc.literals and not scanners.first_char_guard(sc.regex.pattern)]
    assert unguarded == []
