"""Faster ways to run the rule regexes, each giving exactly `re`'s matches.

The rule families are long alternations and patterns with optional openings; Python's
engine tries them at every position of every article. These scanners try them only where a
match can start: by its first character (FirstCharScanner, compile_guarded) or near a
literal every match contains (AnchoredScanner); rule_finder.py adds windows before strings
every match holds at a bounded distance from its start. tests/test_scanners.py checks each
finds what plain `re` finds.
"""

from __future__ import annotations

import re

from .patterns import trie_regex


def first_char_alternations(words) -> dict[str, str]:
    """`alternation(words)` split by first character: {ch: regex of the words starting with ch}.

    Python's regex engine tries the branches of an alternation one after the other, so a
    trie over thousands of names with hundreds of first characters is slow to scan. The
    branch for one first character matches exactly what the whole alternation matches at
    a position holding that character (the trie's branches start with distinct
    characters); see `scan`."""
    trie: dict = {}
    for word in set(words):
        if not word:
            raise ValueError("an empty word cannot be split by its first character")
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return {ch: re.escape(ch) + trie_regex(child) for ch, child in trie.items()}


class FirstCharScanner:
    """`re.compile(alternation(words)).finditer(text)`, the same matches, found by jumping to
    the places where a word can start and trying only the branch of its first character there.

    A branch is built and compiled the first time its character is met in a text: the region
    names have ~900 first characters, and compiling them all cost half a second of start-up
    for the handful a short text holds.

    Where a word can start: its first character followed by a character that is second in
    some word (the `firsts` regex, at C speed), or a one-character word. Most Han characters
    open some place name, so the first character alone let ~200 positions per article
    through; the two characters opening a word (`pairs`) then rule out all but a few before
    a branch is tried. Words have at least one character, so a match can only start at such
    a position: the matches stay exactly the alternation's."""

    def __init__(self, words):
        by_first: dict[str, list[str]] = {}
        for word in set(words):
            if not word:
                raise ValueError("an empty word cannot be split by its first character")
            by_first.setdefault(word[0], []).append(word)
        self._words = by_first
        self.branches: dict[str, re.Pattern] = {}
        longer = [w for group in by_first.values() for w in group if len(w) > 1]
        self._pairs = frozenset(w[:2] for w in longer)
        self._singles = frozenset(w for group in by_first.values() for w in group if len(w) == 1)
        self.firsts = self._starts_regex(longer, self._singles) if by_first else None

    @staticmethod
    def _starts_regex(longer: list[str], singles) -> re.Pattern:
        """Positions holding a one-character word, or a first character followed by a second one."""
        def char_class(chars) -> str:
            return "[" + "".join(re.escape(ch) for ch in sorted(set(chars))) + "]"

        alternatives = []
        if singles:
            alternatives.append(char_class(singles))
        if longer:
            alternatives.append(char_class(w[0] for w in longer) + "(?=" + char_class(w[1] for w in longer) + ")")
        return re.compile("|".join(alternatives))

    def _branch(self, ch: str) -> re.Pattern:
        branch = self.branches.get(ch)
        if branch is None:
            branch = self.branches[ch] = re.compile(first_char_alternations(self._words[ch])[ch])
        return branch

    def finditer(self, text: str, pos: int = 0):
        if self.firsts is None:
            return
        branches, pairs, singles = self.branches, self._pairs, self._singles
        for f in self.firsts.finditer(text, pos):
            i = f.start()
            if i < pos:
                continue
            ch = text[i]
            if text[i:i + 2] not in pairs and ch not in singles:
                continue  # no word opens with these two characters
            m = (branches.get(ch) or self._branch(ch)).match(text, i)
            if m:
                yield m
                pos = m.end()


class AnchoredScanner:
    """`regex.finditer(text)`, the same matches, tried only near the literals every match contains.

    A pattern such as `(?:自|从)?[^，。]{2,24}(?:开展|启动)以来` has no fixed first character, so
    the engine attempts a match at every position of the text. When the pattern's top level
    holds literal text (以来) and its matches have a bounded length W, a match can only start
    within W characters before an occurrence of that literal: those positions are tried in
    order with `regex.match(text, i)`, which is what finditer does at each position (the
    engine sees the whole string, lookbehinds included). Used when the rarest required
    literal is rare enough for that to be cheaper; otherwise (or when the pattern does not
    qualify) plain finditer runs.
    """

    MAX_WIDTH = 64

    def __init__(self, regex: re.Pattern):
        self.regex = regex
        # the same matches, tried faster (compile_guarded); the literals are read off `regex`
        self._search = compile_guarded(regex.pattern, regex.flags)
        self.literals: list[str] = []
        self.width = 0
        try:
            from re import _parser as sre_parse  # Python 3.11+
        except ImportError:  # pragma: no cover - Python 3.10
            import sre_parse
        try:
            parsed = sre_parse.parse(regex.pattern, regex.flags)
            low, high = parsed.getwidth()
        except Exception:  # pragma: no cover - anything unusual: plain finditer
            return
        if low <= 0 or high > self.MAX_WIDTH or regex.flags & re.IGNORECASE:
            return
        run: list[str] = []
        for op, av in list(parsed.data) + [(None, None)]:
            if op is sre_parse.LITERAL:
                run.append(chr(av))
                continue
            if run:
                self.literals.append("".join(run))
                run = []
        self.width = high

    def finditer(self, text: str):
        if not self.literals:
            return self._search.finditer(text)
        n, literal = min((text.count(lit), lit) for lit in self.literals)
        if n == 0:
            return iter(())
        if n * self.width * 4 > len(text):
            return self._search.finditer(text)
        return self._windows(text, literal)

    def _windows(self, text: str, literal: str):
        match, width, size = self._search.match, self.width, len(literal)
        pos = 0
        j = text.find(literal)
        while j >= 0:
            for i in range(max(pos, j + size - width), j + 1):
                m = match(text, i)
                if m:
                    yield m
                    pos = m.end()
                    break
            else:
                pos = max(pos, j + 1)
            j = text.find(literal, max(j + 1, pos))  # a match from pos on holds an occurrence from pos on


def compile_guarded(pattern: str, flags: int = 0) -> re.Pattern:
    """`re.compile(pattern)` with the same matches, found faster when the pattern opens with
    optional parts (a sign, an approximation word) before its first required character.

    Python's engine then attempts the whole pattern at every position of the text. Every
    non-empty match starts with one of a known set of characters (read off the parsed
    pattern), so `(?=[those])` in front lets the attempt fail on the first character almost
    everywhere. Patterns that may match the empty string or start with any character are
    compiled as they are."""
    guard = first_char_guard(pattern, flags)
    return re.compile(f"{guard}(?:{pattern})" if guard else pattern, flags)


def first_char_guard(pattern: str, flags: int = 0) -> str | None:
    """A lookahead `(?=[...])` holding every character a non-empty match of `pattern` can start
    with, or None when that set is unbounded (., a negated class) or the match can be empty."""
    try:
        from re import _constants as sre_constants, _parser as sre_parse  # Python 3.11+
    except ImportError:  # pragma: no cover - Python 3.10
        import sre_constants
        import sre_parse
    if flags & re.IGNORECASE:
        return None
    c = sre_constants

    def first(op, av):
        if op is c.LITERAL:
            return [re.escape(chr(av))], False
        if op is c.IN:
            out = []
            for o, a in av:
                if o is c.LITERAL:
                    out.append(re.escape(chr(a)))
                elif o is c.RANGE:
                    out.append(f"{re.escape(chr(a[0]))}-{re.escape(chr(a[1]))}")
                elif o is c.CATEGORY and a in (c.CATEGORY_DIGIT, c.CATEGORY_SPACE):
                    out.append(r"\d" if a is c.CATEGORY_DIGIT else r"\s")
                else:
                    return None
            return out, False
        if op is c.BRANCH:
            out, nullable = [], False
            for branch in av[1]:
                found = firsts(branch.data)
                if found is None:
                    return None
                out += found[0]
                nullable = nullable or found[1]
            return out, nullable
        if op is c.SUBPATTERN:
            return firsts(av[-1].data)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT):
            found = firsts(av[2].data)
            return None if found is None else (found[0], found[1] or av[0] == 0)
        if op in (c.AT, c.ASSERT, c.ASSERT_NOT):  # zero width: the next item starts the match
            return [], True
        return None

    def firsts(items):
        out = []
        for op, av in items:
            found = first(op, av)
            if found is None:
                return None
            out += found[0]
            if not found[1]:
                return out, False
        return out, True

    try:
        found = firsts(sre_parse.parse(pattern, flags).data)
    except Exception:  # pragma: no cover - anything unusual: no guard
        return None
    if found is None or found[1] or not found[0]:
        return None
    return "(?=[" + "".join(dict.fromkeys(found[0])) + "])"


class MarkedRuns:
    """`regex.finditer(text)`, the same matches, tried only in the runs of characters a
    match can be made of that hold a mark (the percentage and money stages use it).

    A figure's regex is tried at every digit and Chinese numeral of the text (一 and 十
    open many words); each attempt reads the number several ways before failing. When
    every match, with what its lookahead reads, is a stretch of `match_chars` holding one
    of `marks` (a per-cent sign, a currency unit), it lies in the longest such run around
    a mark: only there are the positions a match can start at (the regex's first-character
    guard) tried, in order, with `regex.match`, which sees the whole text as finditer does
    (lookbehinds and lookaheads read past the run). `match_chars` and `marks` are the
    bodies of regex character classes."""

    def __init__(self, regex: re.Pattern, guard: str | None, match_chars: str, marks: str):
        """`guard`: the pattern's first-character lookahead (scanners.first_char_guard)."""
        self.regex = regex
        # the guard's character class, "(?=[...])" -> "[...]"; without one, plain finditer
        usable = guard is not None and guard.startswith("(?=[") and guard.endswith("])")
        self.firsts = re.compile(guard[3:-1]) if usable else None
        self.match_char = re.compile(f"[{match_chars}]")
        self.run_rest = re.compile(f"[{match_chars}]*")
        self.marks = re.compile(f"[{marks}]")

    def finditer(self, text: str):
        if self.firsts is None:
            yield from self.regex.finditer(text)
            return
        match, firsts, match_char = self.regex.match, self.firsts, self.match_char.match
        pos = 0  # where the last match ended (finditer's matches never overlap)
        run_end = 0
        for mark in self.marks.finditer(text):
            k = mark.start()
            if k < run_end:
                continue  # a mark of the run just tried
            start = k  # back to the run's start (no match starts before `pos`)
            while start > pos and match_char(text, start - 1):
                start -= 1
            run_end = self.run_rest.match(text, k).end()
            for first in firsts.finditer(text, start, run_end):
                i = first.start()
                if i < pos:
                    continue
                m = match(text, i)
                if m:
                    yield m
                    pos = m.end()
