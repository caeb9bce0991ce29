"""Page furniture and advertisements: the lines of a scraped page that carry no news facts.

Footers, copyright and ICP lines, menus, rows of links, lists of other stories, a repost's
repeated original headline and advertisement blocks (patterns/furniture.yaml holds the words
and patterns). sections.py asks `find_blocked` once per page; facts inside the ranges it
returns are dropped by the merge stage.
"""

from __future__ import annotations

import re

from .. import patterns, scanners
from ..candidates import derived

# How a sentence ends; a line ending so is text, no headline or link.
TERMINAL = tuple("。！？!?；…”")
# A byline opening a line (记者 王五, (本报记者…), 文/…).
BYLINE = re.compile(r"^\s*[（(]?\s*(?:本报)?(?:记者|通讯员|作者|文\s*[/／]|编辑)")


def is_body(line: str) -> bool:
    """A paragraph of running text: long, and ending like a sentence or holding a comma."""
    s = line.strip()
    return len(s) >= 40 and (s.endswith(TERMINAL) or s.endswith("\ufffd") or "，" in s)


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
               if furniture.search(text[s:e]) and not is_body(text[s:e])]
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
        while j >= 0 and not is_body(text[slice(*line_spans[j])]):
            blocked.append(j)
            j -= 1
        k = i + 1
        nxt = markers[n + 1] if n + 1 < len(markers) else None
        between = range(i + 1, nxt) if nxt is not None else range(0)
        if nxt is not None and not any(BYLINE.match(text[slice(*line_spans[x])]) for x in between):
            blocked.extend(between)
        else:
            while k < len(line_spans) and not is_body(text[slice(*line_spans[k])]):
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
        while (k >= max(0, i - 2) and k not in stamps and not is_body(line := text[slice(*line_spans[k])])
               and not line.rstrip().endswith(TERMINAL)):  # (a headline ends in no full stop)
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
        while k < len(line_spans) and (not is_body(line := text[slice(*line_spans[k])]) or _BULLET.match(line)):
            out.append(k)  # (- 2022年08月11日严厉打击…“钱袋子”: a bulleted link, however long, is no paragraph)
            k += 1
    return out


def _headed_link(line: str, heads: frozenset[str]) -> bool:
    """相关新闻：公安部通报今年以来破获的两起典型毒品案件: a header and its one link on a line."""
    head, colon, rest = line.partition("：")
    return bool(colon) and head.strip() in heads and not is_body(rest)


# A line opening with a bullet: an item of a list of links.
_BULLET = re.compile(r"\s*[-·•●▪■◆]\s*\S")
