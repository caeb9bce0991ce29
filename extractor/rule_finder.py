"""A rule's matches tried only where they can start: the period rules' scanner.

Most period rules have no fixed first character and would be tried at every position of
every article. `RuleFinder` leaves a rule that opens with a literal, a class or a choice of
literals to Python's engine (which skips ahead to them), rules it out when a literal it
requires is absent, and otherwise tries it only in windows before occurrences of strings
every match holds (`Anchor`, read off the parsed pattern), falling back to the
AnchoredScanner when such places are many. Same matches as `regex.finditer`
(tests/test_scanners.py, on articles and random strings).
"""

from __future__ import annotations

import re

from .scanners import AnchoredScanner


class RuleFinder:
    """One rule's matches (those of its `regex.finditer`), found the cheaper way; made for
    the period rules, which share a text's string counts (`finditer`'s `counts`).

    A rule that opens with a literal, a character class or a choice of literals (截至…,
    (?P<rel>今年|去年)…, “…”) is left to Python's engine, which jumps straight to where such
    a rule may start; a literal it requires that the text lacks rules it out before that.
    Any other rule (an optional opening, a lookbehind, a negated class) is tried only where
    one of its literals allows a match to start (`Anchor`) when those places are few, else
    scanned by the AnchoredScanner."""

    # A match attempt from Python costs about as much as the engine's own scan over this many
    # characters: windows pay off while attempts * WINDOW_COST stay under the text's length.
    WINDOW_COST = 10

    def __init__(self, scanner: AnchoredScanner):
        self.scanner = scanner
        self.required = tuple(scanner.literals)
        self.engine_skips = _engine_skips_ahead(scanner.regex.pattern)
        self.anchors = () if self.engine_skips else _anchors(scanner.regex.pattern)

    def finditer(self, text: str, counts: dict[str, int] | None = None):
        """The rule's matches; `counts` memoizes how often each anchor string occurs in this
        text (the rules share 月, 日, 年…)."""
        counts = {} if counts is None else counts
        if self.engine_skips:
            for literal in self.required:
                if literal not in text:
                    return iter(())
            return self.scanner.regex.finditer(text)
        best, attempts = None, 0
        for anchor in self.anchors:
            n = anchor.count(text, counts)
            if n == 0:
                return iter(())  # no match without one of these strings
            if best is None or n * anchor.spread < attempts:
                best, attempts = anchor, n * anchor.spread
        if best is not None and attempts * self.WINDOW_COST <= len(text):
            return best.finditer(self.scanner.regex, text)
        return self.scanner.finditer(text)


class Anchor:
    """Strings one of which every match of a rule holds, `lo` to `hi` characters after the
    match starts: 月 in (?<![\\d年])\\d{1,2}月… (1 to 2), 上年 or 去年 in (?<=[较比与])(?P<rel>上年|去年)…
    (0), 开展以来 or 启动以来 … in [^，。]{0,24}(?:开展|启动|…)以来 (0 to 24). A match can only
    start that far before one of their occurrences, so only those positions are tried, in
    order, as finditer tries every position (`regex.match` there sees the whole text,
    lookbehinds included)."""

    def __init__(self, strings: list[str], lo: int, hi: int):
        self.strings, self.lo, self.hi = tuple(dict.fromkeys(strings)), lo, hi
        self.spread = hi - lo + 1

    def count(self, text: str, counts: dict[str, int]) -> int:
        """How often the strings occur in `text` (each as often as str.count finds it)."""
        n = 0
        for s in self.strings:
            found = counts.get(s)
            if found is None:
                found = counts[s] = text.count(s)
            n += found
        return n

    def occurrences(self, text: str) -> list[int]:
        """Every position where one of the strings starts, overlapping ones included, in order."""
        if len(self.strings) == 1:  # found in order, each once: no set to sort
            s, found = self.strings[0], []
            j = text.find(s)
            while j >= 0:
                found.append(j)
                j = text.find(s, j + 1)
            return found
        found = set()
        for s in self.strings:
            j = text.find(s)
            while j >= 0:
                found.add(j)
                j = text.find(s, j + 1)
        return sorted(found)

    def finditer(self, regex: re.Pattern, text: str):
        match, lo, hi = regex.match, self.lo, self.hi
        tried = 0  # positions before this were tried already, or lie inside a match found
        for j in self.occurrences(text):
            i = j - hi
            if i < tried:
                i = tried
            last = j - lo
            while i <= last:
                m = match(text, i)
                if m:
                    yield m
                    i = m.end()  # one of the strings is in every match: never empty
                else:
                    i += 1
            if i > tried:
                tried = i


# Above this many strings an anchor is not worth its lookups.
_ANCHOR_STRINGS = 32


def _anchors(pattern: str) -> tuple[Anchor, ...]:
    """Each run of top-level items that spell a short list of strings (literals, classes of
    literals, choices of literal sequences, groups of those), at a bounded distance from the
    match start."""
    try:
        from re import _constants as sre_constants, _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants
        import sre_parse
    c = sre_constants

    def spelled(op, av) -> list[str] | None:
        """The strings item (op, av) matches, when it matches nothing else."""
        if op is c.LITERAL:
            return [chr(av)]
        if op is c.IN:
            return [chr(a) for o, a in av] if all(o is c.LITERAL for o, _a in av) else None
        if op is c.BRANCH:
            out: list[str] = []
            for branch in av[1]:
                found = sequence(branch.data)
                if found is None:
                    return None
                out += found
            return out if len(out) <= _ANCHOR_STRINGS else None
        if op is c.SUBPATTERN and not av[1] and not av[2]:  # a group with no flags
            return sequence(av[3].data)
        return None

    def sequence(items) -> list[str] | None:
        out = [""]
        for op, av in items:
            found = spelled(op, av)
            if found is None:
                return None
            out = [a + b for a in out for b in found]
            if len(out) > _ANCHOR_STRINGS:
                return None
        return out

    if re.compile(pattern).flags & re.IGNORECASE:
        return ()
    parsed = sre_parse.parse(pattern)
    items = list(parsed.data)
    anchors, k = [], 0
    while k < len(items):
        strings = spelled(*items[k])
        if strings is None:
            k += 1
            continue
        end = k + 1
        while end < len(items):
            more = spelled(*items[end])
            if more is None or len(strings) * len(more) > _ANCHOR_STRINGS:
                break
            strings, end = [a + b for a in strings for b in more], end + 1
        lo, hi = sre_parse.SubPattern(parsed.state, items[:k]).getwidth()
        if hi <= AnchoredScanner.MAX_WIDTH and all(strings):
            anchors.append(Anchor(strings, lo, hi))
        k = end
    # The same strings further into the pattern (the second 月 of 3月1日至5月10日) are as
    # frequent and spread wider: keep only the narrowest.
    narrowest: dict[frozenset[str], Anchor] = {}
    for anchor in anchors:
        key = frozenset(anchor.strings)
        if key not in narrowest or anchor.spread < narrowest[key].spread:
            narrowest[key] = anchor
    return tuple(narrowest.values())


def _engine_skips_ahead(pattern: str) -> bool:
    """Whether `pattern` opens with what Python's engine scans for before trying a match: a
    literal, a character class that is not negated, or a choice of branches each opening
    with a literal (re's own prefix and charset optimizations)."""
    try:
        from re import _constants as sre_constants, _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants
        import sre_parse
    items = sre_parse.parse(pattern).data
    while items and items[0][0] is sre_constants.SUBPATTERN:
        items = items[0][1][-1].data
    if not items:
        return False
    op, av = items[0]
    if op is sre_constants.LITERAL:
        return True
    if op is sre_constants.IN:
        return not (av and av[0][0] is sre_constants.NEGATE)
    if op is sre_constants.BRANCH:
        return all(branch.data and branch.data[0][0] is sre_constants.LITERAL for branch in av[1])
    return False
