"""Sentences, page furniture and news items: where facts may come from and whom they cite.

A scraped page carries navigation, footers, copyright and ICP lines, phone numbers and
advertisements next to the article; none of them may yield facts. A newspaper page may
carry several news items; each fact is attributed to its own item's headline.
Results: `doc.user_data["sentences"]` (start, end) pairs, `["blocked"]` ranges where facts
are dropped, `["items"]` (start, headline) pairs.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from spacy.language import Language
from spacy.tokens import Doc

from ..candidates import derived, text_of

from .. import patterns, scanners

_SENTENCE_END = re.compile(r"[。！？!?；]+[”’」』）)]*|\n+")
_TERMINAL = tuple("。！？!?；…”")
NAV = re.compile(r"[>＞›|｜]")
BYLINE = re.compile(r"^\s*[（(]?\s*(?:本报)?(?:记者|通讯员|作者|文\s*[/／]|编辑)")


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
    return 5 <= len(s) <= 60 and han >= 4 and not s.endswith(_TERMINAL) and "\ufffd" not in s


def _is_body(line: str) -> bool:
    s = line.strip()
    return len(s) >= 40 and (s.endswith(_TERMINAL) or s.endswith("\ufffd") or "，" in s)


def _furniture_regex(furniture_patterns: list[str]) -> re.Pattern:
    """The furniture patterns as one case-insensitive regex, tried on every line of every page.

    Led by a lookahead on the characters a match can start with (`first_char_guard`, read
    off the pattern as written), the attempt fails on the first character at most positions
    instead of trying every branch. Compiled with re.I, the guard's class folds case exactly
    as the pattern's own first characters do, so the matches are the same."""
    pattern = "|".join(furniture_patterns)
    guard = scanners.first_char_guard(pattern)
    return re.compile(f"{guard}(?:{pattern})" if guard else pattern, re.I)


def find_blocked(text: str, line_spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Ranges of furniture lines and advertisement blocks."""
    rules = patterns.load("furniture")
    furniture = derived(rules.furniture_patterns, _furniture_regex)
    # Most pages hold no ad marker at all: only the markers the text holds are looked for line by line.
    present = [m for m in rules.ad_markers if m in text]
    markers = [i for i, (s, e) in enumerate(line_spans) if any(m in text[s:e] for m in present)] if present else []
    # A furniture word in a body paragraph (夏令警务热线 in a story) does not make it furniture.
    blocked = [i for i, (s, e) in enumerate(line_spans)
               if furniture.search(text[s:e]) and not _is_body(text[s:e])]
    blocked.extend(_link_lists(text, line_spans, rules.link_list_headers))
    blocked.extend(_menus(text, line_spans))
    if "  " in text or "\u3000" in text or "\t" in text:  # (a row of links is spaced apart)
        blocked.extend(i for i, (s, e) in enumerate(line_spans) if _LINK_ROW.fullmatch(text, s, e))
    if "|" in text or "｜" in text:  # (or set apart by bars)
        blocked.extend(i for i, (s, e) in enumerate(line_spans) if _BAR_ROW.fullmatch(text, s, e))
    if "原标" in text:
        blocked.extend(_repeated_original_titles(text, line_spans))
    if "前" in text:
        blocked.extend(_time_stamped_links(text, line_spans))
    for n, i in enumerate(markers):
        # An ad extends back over its own short lines until the previous item's body text,
        # and forward until the next body paragraph; two markers with no byline between
        # them enclose one advertisement.
        j = i - 1
        while j >= 0 and not _is_body(text[slice(*line_spans[j])]):
            blocked.append(j)
            j -= 1
        k = i + 1
        nxt = markers[n + 1] if n + 1 < len(markers) else None
        between = range(i + 1, nxt) if nxt is not None else range(0)
        if nxt is not None and not any(BYLINE.match(text[slice(*line_spans[x])]) for x in between):
            blocked.extend(between)
        else:
            while k < len(line_spans) and not _is_body(text[slice(*line_spans[k])]):
                blocked.append(k)
                k += 1
        blocked.append(i)
    return [line_spans[i] for i in sorted(set(blocked))]


# A news list's time stamp on a line of its own (7小時前, 30分钟前, 2天前).
_TIME_AGO = re.compile(r"[ \t\u3000]*\d{1,3}[ \t\u3000]*(?:小时|小時|分钟|分鐘|天)前[ \t\u3000]*")


def _time_stamped_links(text: str, line_spans: list[tuple[int, int]]) -> list[int]:
    """A page's list of other stories, each headline followed by how long ago it was posted
    (…南韩称原因包括…⏎6小时前): where two such stamps stand on lines of their own, each stamp
    and the two short lines at most above it (a numbered headline, its repeat), up to a body
    paragraph or the previous stamp, are links."""
    stamps = [i for i, (s, e) in enumerate(line_spans) if _TIME_AGO.fullmatch(text, s, e)]
    if len(stamps) < 2:
        return []
    out = []
    for i in stamps:
        out.append(i)
        k = i - 1
        while (k >= max(0, i - 2) and k not in stamps and not _is_body(line := text[slice(*line_spans[k])])
               and not line.rstrip().endswith(_TERMINAL)):  # (a headline ends in no full stop)
            out.append(k)
            k -= 1
    return out


# A reposting page's note of the original headline (原标题：…).
_ORIGINAL_TITLE = re.compile(r"[ \t\u3000]*原标[题題][ \t\u3000]*[:：][ \t\u3000]*")


def _repeated_original_titles(text: str, line_spans: list[tuple[int, int]]) -> list[int]:
    """The 原标题 lines that repeat a line above them word for word (the page kept the
    headline): their figures are that line's. One that differs is the only place its words
    stand, and stays."""
    seen = set()
    out = []
    for i, (s, e) in enumerate(line_spans):
        line = text[s:e].strip()
        m = _ORIGINAL_TITLE.match(text, s, e)
        if m and text[m.end():e].strip() in seen:
            out.append(i)
        seen.add(line)
    return out


# A menu item: a small bullet, then a short name with no figure or label (• 南方日报); a
# story's own points take heavier bullets and hold figures (●新建警务站16个), a page's data
# has labels (• 编辑:苏杰).
_MENU_ITEM = re.compile(r"[ \t\u3000]*[•·▪\-][ \t\u3000]*[^，。；！？,;：:\s\d%％]{1,10}[ \t\u3000]*")
# This many menu items in a row make a site's menu.
_MENU_RUN = 3


# A row of three or more names of four characters or more, spaced apart and nothing else
# (中国人民政府   吉林省人民政府   四平市人民政府): a page's links to other sites. (A byline's
# names are two or three characters.)
_LINK_ROW = re.compile(r"[ \t\u3000]*[\u4e00-\u9fff]{4,14}(?:[ \t\u3000]{2,}[\u4e00-\u9fff]{4,14}){2,}[ \t\u3000]*")
# A row of four or more short items set apart by bars, after a short label or none
# (集团旗下媒体: 某某日报 |某某都市报 |某某网 |…): a page's links, not a sentence (none has one's
# punctuation).
_BAR_ROW = re.compile(r"[^|｜\n，。；！？]{0,24}(?:[|｜][^|｜\n，。；！？]{1,16}){4,}")


def _menus(text: str, line_spans: list[tuple[int, int]]) -> list[int]:
    """Indices of the lines of a site's menu: three or more lines in a row, each a bullet and
    a short name (• 南方网 ⏎ • 南方日报 ⏎ • 南方日报出版社): the outlets and sections it links to."""
    if not any(b in text for b in "•·▪-"):
        return []
    out, run = [], []
    for i, (s, e) in enumerate(line_spans):
        if _MENU_ITEM.fullmatch(text, s, e):
            run.append(i)
            continue
        if text[s:e].strip():
            if len(run) >= _MENU_RUN:
                out.extend(run)
            run = []
    if len(run) >= _MENU_RUN:
        out.extend(run)
    return out


def _link_lists(text: str, line_spans: list[tuple[int, int]], headers: list[str]) -> list[int]:
    """Indices of the lines of link lists: a line holding only a header (相关新闻：), or a header
    and one link, and the lines after it up to the next body paragraph."""
    if not headers or not any(h in text for h in headers):
        return []
    heads = derived(headers, frozenset)
    out = []
    for i, (s, e) in enumerate(line_spans):
        line = text[s:e].strip()
        if line.rstrip("：:").strip() not in heads and not _headed_link(line, heads):
            continue
        out.append(i)
        k = i + 1
        while k < len(line_spans) and (not _is_body(line := text[slice(*line_spans[k])]) or _BULLET.match(line)):
            out.append(k)  # (- 2022年08月11日严厉打击…“钱袋子”: a bulleted link, however long, is no paragraph)
            k += 1
    return out


def _headed_link(line: str, heads: frozenset[str]) -> bool:
    """相关新闻：公安部通报今年以来破获的两起典型毒品案件: a header and its one link on a line."""
    head, colon, rest = line.partition("：")
    return bool(colon) and head.strip() in heads and not _is_body(rest)


# A line opening with a bullet: an item of a list of links.
_BULLET = re.compile(r"\s*[-·•●▪■◆]\s*\S")


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
        elif _is_body(line):
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
