"""Sentences, page furniture and news items: where facts may come from and whom they cite.

A scraped page carries navigation, footers, copyright and ICP lines, phone numbers and
advertisements next to the article; none of them may yield facts (furniture.py finds
them). A newspaper page may
carry several news items; each fact is attributed to its own item's headline.
Results: `doc.user_data["sentences"]` (start, end) pairs, `["blocked"]` ranges where facts
are dropped, `["items"]` (start, headline) pairs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from ..candidates import text_of
from .furniture import BYLINE, TERMINAL, find_blocked, is_body

_SENTENCE_END = re.compile(r"[。！？!?；]+[”’」』）)]*|\n+")
NAV = re.compile(r"[>＞›|｜]")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; newlines always end one."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        at, after = m.span()
        end = at if text[at] == "\n" else after
        if start < end and not text[start].isspace() and not text[end - 1].isspace():
            spans.append((start, end))  # nothing to trim: the common case, without a call
        else:
            _append_trimmed(text, start, end, spans)
        start = after
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))


# A scraped page may lose its line breaks and keep a space after the sentence that ended a
# paragraph (…真切感受。 打防管控也在…): that is a paragraph break too.
PARAGRAPH_BREAK = re.compile(r"\n|[。！？][ \u3000\t]+")


def paragraph_start(text: str, offset: int) -> int:
    """Where the paragraph holding `offset` starts."""
    start = 0
    for m in PARAGRAPH_BREAK.finditer(text, max(0, text.rfind("\n", 0, offset)), offset):
        start = m.end()
    return start


def paragraph_end(text: str, offset: int) -> int:
    """Where the paragraph holding `offset` ends (its break excluded)."""
    m = PARAGRAPH_BREAK.search(text, offset)
    return m.start() + (1 if m and m.group() != "\n" else 0) if m else len(text)


# Where a sentence ends for the reporting rules (reporters.py): 。！？ or a line break.
_SENTENCE_STOP = re.compile("[。！？\n]")


class TextIndex:
    """Sentence and paragraph bounds of one document, found once (`text_index`).

    The context stage asks for the sentence, the sentence before and the paragraph of every
    figure, and the reporting rules for the paragraph each voice speaks for: bisecting lists
    built once answers each in one step instead of a regex scan per question. The answers
    are those of `sentence_at`, `paragraph_start` and `paragraph_end` (tests/test_text_index.py)."""

    def __init__(self, text: str, sentences: list[tuple[int, int]]):
        self.text = text
        self.sentences = sentences
        self.sentence_starts = [s for s, _ in sentences]
        self.breaks = [m.span() for m in PARAGRAPH_BREAK.finditer(text)]
        self.break_starts = [s for s, _ in self.breaks]
        self._stops: list[int] | None = None

    def sentence_at(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the sentence holding `offset`, else (offset, offset)."""
        i = bisect_right(self.sentence_starts, offset) - 1
        if i >= 0:
            found = self.sentences[i]
            if found[0] <= offset < found[1]:
                return found
        return (offset, offset)

    def paragraph_start(self, offset: int) -> int:
        """`paragraph_start(text, offset)`: the end of the last paragraph break before
        `offset`, read only in the text before `offset` (a 。 and spaces running past it end there)."""
        k = bisect_left(self.break_starts, offset) - 1
        if k < 0:
            return 0
        start, end = self.breaks[k]
        if end <= offset:
            return end
        if self.text[start] != "\n" and offset - start >= 2:
            return offset  # 。 and at least one space before `offset`
        return self.breaks[k - 1][1] if k >= 1 else 0

    def previous_paragraph_start(self, para_start: int) -> int:
        """Where the paragraph before the one starting at `para_start` starts (itself for the first)."""
        end = para_start - 1
        while end > 0 and self.text[end - 1] in "\n \u3000\t":
            end -= 1
        return self.paragraph_start(end) if end > 0 else para_start

    def paragraph_end(self, offset: int) -> int:
        """`paragraph_end(text, offset)`: the first break starting at or after `offset` (a
        break's characters after its first are spaces, which never start one: the breaks
        found from the text's start are those a search from `offset` finds)."""
        k = bisect_left(self.break_starts, offset)
        if k == len(self.breaks):
            return len(self.text)
        start = self.break_starts[k]
        return start if self.text[start] == "\n" else start + 1

    def stop_bounds(self, offset: int) -> tuple[int, int]:
        """(start, end) of the sentence holding `offset` as the reporting rules read one:
        from after the last 。！？ or line break before it to its own stop, included."""
        stops = self._stops
        if stops is None:
            stops = self._stops = [m.start() for m in _SENTENCE_STOP.finditer(self.text)]
        k = bisect_left(stops, offset)
        start = stops[k - 1] + 1 if k > 0 else 0
        return start, (stops[k] + 1 if k < len(stops) else len(self.text))


def text_index(doc: Doc) -> TextIndex:
    """The document's `TextIndex`, built on first use and kept with its sentences."""
    data = doc.user_data
    sents = data["sentences"]
    cached = data.get("_text_index")
    if cached is None or cached.sentences is not sents or len(cached.sentence_starts) != len(sents):
        cached = data["_text_index"] = TextIndex(text_of(doc), sents)
    return cached


def lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def is_headline(line: str) -> bool:
    """A short line of Han text that does not end a sentence: a title or a sub-heading."""
    s = line.strip()
    han = sum(1 for ch in s if "\u4e00" <= ch <= "\u9fff")
    return 5 <= len(s) <= 60 and han >= 4 and not s.endswith(TERMINAL) and "\ufffd" not in s


def find_items(text: str, line_spans: list[tuple[int, int]], blocked: list[tuple[int, int]] = ()) -> list[tuple[int, str]]:
    """(offset, headline) where a news item starts: the first headline and any after a byline.
    Navigation and other furniture lines are never headlines."""
    items: list[tuple[int, str]] = []
    after_byline = True
    skip = set(blocked)
    for s, e in line_spans:
        line = text[s:e]
        if not line.strip() or (s, e) in skip or NAV.search(line):
            continue
        if BYLINE.match(line) and len(line.strip()) < 40:
            after_byline = True
            continue
        if after_byline and is_headline(line):
            items.append((s, line.strip()))
            after_byline = False
        elif is_body(line):
            after_byline = False
    return items


def _starts(doc: Doc, key: str, spans) -> list[int]:
    """The start offsets of `spans` (doc.user_data[key]), computed once per list rather than
    on every lookup: the later stages ask for the sentence of every figure."""
    cached = doc.user_data.get("_starts_" + key)
    if cached is None or cached[0] is not spans or len(cached[1]) != len(spans):
        cached = doc.user_data["_starts_" + key] = (spans, [s for s, _ in spans])
    return cached[1]


def headline_at(doc: Doc, offset: int) -> str | None:
    data = doc.user_data
    items = data.get("items") or []
    cached = data.get("_starts_items")  # what _starts keeps, read here without a call
    if cached is None or cached[0] is not items or len(cached[1]) != len(items):
        starts = _starts(doc, "items", items)
    else:
        starts = cached[1]
    i = bisect_right(starts, offset) - 1
    return items[i][1] if i >= 0 else None


def sentences_at(doc: Doc, offsets: list[int]) -> list[tuple[int, int]]:
    """`sentence_at` of each offset, in one call: to_result asks it for every fact."""
    index = text_index(doc)
    starts, sents = index.sentence_starts, index.sentences
    out = []
    for offset in offsets:  # index.sentence_at, without a call per fact
        i = bisect_right(starts, offset) - 1
        found = sents[i] if i >= 0 else None
        out.append(found if found is not None and found[0] <= offset < found[1] else (offset, offset))
    return out


def headlines_at(doc: Doc, offsets: list[int]) -> list[str | None]:
    """`headline_at` of each offset, in one call."""
    items = doc.user_data.get("items") or []
    if not items:
        return [None] * len(offsets)
    starts = _starts(doc, "items", items)
    out = []
    for offset in offsets:
        i = bisect_right(starts, offset) - 1
        out.append(items[i][1] if i >= 0 else None)
    return out


def is_blocked(doc: Doc, start: int, end: int) -> bool:
    return any(s <= start < e or s < end <= e for s, e in doc.user_data.get("blocked", ()))


def sentence_at(doc: Doc, offset: int) -> tuple[int, int]:
    """The (start, end) of the sentence holding `offset`, else (offset, offset)."""
    return text_index(doc).sentence_at(offset)


@Language.component("extractor_sections")
def sections_component(doc: Doc) -> Doc:
    """Split sentences, mark furniture and ads, find news-item headlines."""
    text = text_of(doc)
    line_spans = lines(text)
    doc.user_data["sentences"] = split_sentences(text)
    blocked = find_blocked(text, line_spans)
    doc.user_data["items"] = find_items(text, line_spans, blocked)
    # a web address holds no facts (its %e4%b8… is no percentage): blocked too, after the
    # lines have been read for headlines
    doc.user_data["blocked"] = sorted(blocked + url_spans(text)) if "://" in text or "www." in text else blocked
    return doc


URL = re.compile(r"(?:https?://|www\.)[^\s，。；！？“”（）()<>【】]+")


def url_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each web address in the text."""
    return [(m.start(), m.end()) for m in URL.finditer(text)]
