"""Reporting bodies: who speaks for figures that name no body of their own.

Police press texts credit a figure to the body that presents it, not only to a body named
next to it. The context stage asks here when a figure's own sentence names no agent:

- 云南省公安厅常务副厅长周建忠介绍，该省……。2023年该省……下降9.05%: a body whose official
  introduces, states or announces (介绍, 表示, 通报 …) speaks for the rest of its paragraph;
  so does the body a reporter learned from (记者从四川省公安厅交警总队获悉);
- 江西省公安厅召开……新闻发布会。⏎ 记者从发布会上获悉，……: the body that held the press
  conference speaks for a later paragraph that cites the conference;
- 保安局局长黎栋国公布……。⏎ 黎栋国指出，……: an official named again speaks for their body;
- 透过数据看重庆公安工作“成绩单” ⏎ ●…… ⏎ ●……: a heading that names a body speaks for the
  list items under it;
- 天津市公安局发布今年8月份警情，主要情况如下：: a report that introduces what follows speaks
  for the rest of the text.

A voice speaks for every figure in its range, whatever it counts: the body presents them all.

Each rule yields a `Voice`: the body, and the text range whose figures it may be credited
with. The words are data in patterns/agents.yaml (`report_verbs`, `conference`, `list_markers`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import patterns
from .sections import TextIndex
from .sections import lines as _lines

# Punctuation that ends the clause a report verb must be in (、 does not: 副书记、常务副厅长).
_CLAUSE_END = "，,。；;！!？?\n：:"
# How far after a body its report verb may come (云南省公安厅党委|副书记、常务副厅长周建忠|介绍).
REPORT_REACH = 24
# How far before an official's name their body may end (保安局|局长|黎栋国).
TITLE_REACH = 16


@dataclass(frozen=True)
class Voice:
    """`body` speaks for every figure in text[start:end], a count of what exists included
    (the items of a 成绩单 list, 暴力罪案佔五千八百多宗 in an official's statement)."""

    start: int
    end: int
    body: object


@lru_cache(maxsize=1)
def _rules():
    r = patterns.load("agents")
    verbs = patterns.alternation(r.report_verbs)
    after_body = re.compile(rf"[^{_CLAUSE_END}]{{0,{REPORT_REACH}}}?(?:{verbs})(?!会)")  # not 发布|会
    after_name = re.compile(rf"[^{_CLAUSE_END}]{{0,4}}?(?:{verbs})")
    learned = re.compile(patterns.alternation(r.learned_verbs))
    return r, after_body, after_name, learned


def voices(index: TextIndex, agents: list, persons: list) -> list[Voice]:
    """Every reporting voice of the document (`index`: its text, sentences and paragraphs),
    in text order."""
    r, after_body, after_name, learned = _rules()
    text = index.text
    out: list[Voice] = []
    for b in agents:
        spoke = after_body.match(text, b.end)
        from_body = text[max(0, b.start - 1):b.start] == "从" and learned.match(text, b.end)
        if spoke or from_body:
            end = index.paragraph_end(b.end)
            if spoke and text[b.end:end].rstrip().endswith(tuple(r.introduces)):
                end = len(text)  # 天津市公安局发布…警情，主要情况如下：⏎ 1、…: the bulletin that follows is its
            out.append(Voice(b.start, end, b))
    out += _conference_voices(index, agents, r)
    out += _official_voices(index, agents, persons, after_name)
    out += _heading_voices(text, agents, r)
    return sorted(out, key=lambda v: v.start)


def voice_at(voices_: list[Voice], offset: int) -> object | None:
    """The body of the latest voice whose range holds `offset`."""
    for v in reversed(voices_):
        if v.start <= offset < v.end:
            return v.body
    return None


def _conference_voices(index: TextIndex, agents: list, r) -> list[Voice]:
    """The body that held a press conference speaks for later sentences citing it."""
    text = index.text
    if not any(n in text for n in r.conference.names):
        return []  # no conference named anywhere: no body's clause can name one
    holder = None
    for b in agents:
        s_start, s_end = index.stop_bounds(b.start)
        clause = text[b.end:s_end]
        if any(v in clause for v in r.conference.hold_verbs) and any(n in clause for n in r.conference.names):
            holder = b
            break
    if holder is None:
        return []
    out = []
    for m in _cited_as().finditer(text, holder.end):
        s_start, _ = index.stop_bounds(m.start())
        out.append(Voice(s_start, index.paragraph_end(m.end()), holder))
    return out


@lru_cache(maxsize=1)
def _cited_as() -> re.Pattern:
    return re.compile(patterns.alternation(_rules()[0].conference.cited_as))


# What may not stand between a body and its official's name (保安局|局长|黎栋国): a clause
# break or a quotation mark.
_NOT_IN_TITLE = frozenset(_CLAUSE_END + "“”\"")


def _official_voices(index: TextIndex, agents: list, persons: list, after_name: re.Pattern) -> list[Voice]:
    """保安局局长黎栋国 …… 黎栋国指出: the official's later statements speak for their body."""
    text = index.text
    body_of: dict[str, object] = {}
    for p in persons:
        name = p.attrs.get("name")
        if not name or name in body_of:
            continue
        body = next((b for b in reversed(agents) if b.end <= p.start and p.start - b.end <= TITLE_REACH
                     and _NOT_IN_TITLE.isdisjoint(text[b.end:p.start])), None)
        if body is not None:  # the last body before the name with only a title between
            body_of[name] = first_of_posts(text, agents, body)  # (…副局长、…领导小组副组长、发言人X)
    out = []
    for name, body in body_of.items():  # every later mention, found or not by the person stage
        at = text.find(name, body.end)
        while at >= 0:
            if after_name.match(text, at + len(name)):
                out.append(Voice(at, index.paragraph_end(at), body))
            at = text.find(name, at + len(name))
    return out


def _heading_voices(text: str, agents: list, r) -> list[Voice]:
    """A heading naming a body, followed by list items: the body speaks for the items."""
    out = []
    markers = tuple(r.list_markers)
    if not any(mark in text for mark in markers):
        return out  # no line can open with a list marker: no heading has items
    lines = _lines(text)
    for i, (start, end) in enumerate(lines):
        line = text[start:end].strip()
        if not line or line.startswith(markers) or line.endswith(("。", "！", "？", "；", "…")):
            continue
        items_end = _items_end(text, lines, i, markers)
        if items_end is None:
            continue  # no list follows: whatever the line names, it heads nothing
        named = [b for b in agents if start <= b.start and b.end <= end]
        if not named:  # 透过数据看重庆公安工作“成绩单”: a body the article names elsewhere
            named = [b for b in agents if b.attrs.get("name") and b.attrs["name"] in line]
        if named:
            out.append(Voice(end, items_end, named[-1]))
    return out


def _items_end(text: str, lines: list[tuple[int, int]], i: int, markers: tuple[str, ...]) -> int | None:
    """The end of the list items right after line `i` (blank lines between them allowed)."""
    items_end = None
    for s, e in lines[i + 1:]:
        item = text[s:e].strip()
        if not item:
            continue
        if not item.startswith(markers):
            break
        items_end = e
    return items_end


# A post and the 、 that lists the holder's next post (市公安局|副局长、|破案会战领导小组副组长).
_POST_THEN_NEXT = re.compile(r"[\u4e00-\u9fff]{1,6}、")


def first_of_posts(text: str, in_sentence, body):
    """The first body of a chain of posts one person holds (市公安局副局长、破案会战领导小组副组长、
    新闻发言人蔡秀国表示): the figures are the office's the chain opens with."""
    while True:
        before = next((a for a in reversed(in_sentence) if a.end <= body.start
                       and _POST_THEN_NEXT.fullmatch(text, a.end, body.start)), None)
        if before is None:
            return body
        body = before
