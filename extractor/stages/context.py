"""Statistics in context: who reports each figure (agent) and which period it covers.

A bare 同比下降20% is of no use without whose figure it is and when. For every count and
percentage:

- the period is the nearest time expression before it in its paragraph (a period stated once
  governs the figures after it: 今年以来，…平安服务中心…。中心运行至今，受理…), else one in the
  paragraph before, else the last calendar span stated earlier in the article (今年首七个月 in
  the lead governs the paragraphs that follow). A comparison (较上年同期858起) dates only the
  figure right after it. Periods resolve to ISO dates against an explicit year or the
  publication date (periods.py; patterns/periods.yaml lists the rules).
- the agent is the nearest organization or alliance before it in its sentence (南通市公安局通报，
  今年以来……) or, later still, a unit the sentence sets up in an earlier clause
  (成立反电信诈骗中队，……，破获……47起), else the first one after it in the sentence
  (……这是“东亭有义”平安联盟的成绩单), else the body that presents it (its paragraph's
  speaker, the press conference it cites, the heading of its list: reporters.py), else the
  last one of the sentence just before it, else the last one earlier in the paragraph. Past
  its own sentence a count takes the last two only when its clause says what was done (破获,
  化解: patterns/agents.yaml), since 2000余名保安 belongs to no one. Outlets (东南网) and a
  body that deploys the campaign a period names (自6月25日公安部部署开展…以来) are never agents.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns
from ..candidates import text_of
from .periods import find_periods, resolve
from .reporters import voice_at, voices
from .sections import TextIndex, text_index

FIGURES = ("count", "percentage")
AGENTS = ("organization", "alliance")
# A comparison period (较上年同期) governs only a figure this close after it, in the same clause.
COMPARISON_REACH = 4
# Periods that carry past their paragraph: spans of the calendar, not one day or 目前.
SPANS = ("year_to_date", "whole_year", "months", "first_months", "since", "until_month", "until_year")
# Spans that date what was done in them, not what exists: a count of what exists (a stock)
# in another paragraph is not dated by them (2014年 … ⏎ 民航社区有4位社区民警).
FLOW_ONLY_SPANS = ("whole_year", "until_year", "year_to_date", "to_date")


def _is_outlet(c) -> bool:
    """A newspaper or website reports on a body's figures; it is never their agent."""
    return c.rule == "organization.outlet" or c.attrs.get("name", "").endswith(_media_suffixes())


@lru_cache(maxsize=1)
def _media_suffixes() -> tuple[str, ...]:
    return tuple(patterns.load("organizations").suffixes["media"])


def _inside(c, spans, text: str) -> bool:
    """公安部 in 自6月25日公安部部署开展…以来 dates the period; it does not own the figure."""
    return text.startswith(_deploying_verbs(), c.end) and any(s <= c.start and c.end <= e for s, e in spans)


@lru_cache(maxsize=1)
def _deploying_verbs() -> tuple[str, ...]:
    return tuple(_agent_rules().deploying_verbs)


def _base_year(periods, before: int, published: str | None) -> int | None:
    """The year a comparison compares with: that of the last dated period before it."""
    for start, _end, how, m in reversed([p for p in periods if p[1] <= before]):
        if how in SPANS or how == "days":
            p_start, p_end = resolve(m, how, published, [])
            if p_start or p_end:
                return int((p_start or p_end)[:4])
    return None


def _governs(period, fact, text: str) -> bool:
    """Every period governs the figures after it, except a comparison (较上年同期), which
    names the period of the figure right after it and not of the change that follows."""
    if period[2] != "comparison":
        return True
    gap = text[period[1]:fact.start]
    return len(gap) <= COMPARISON_REACH and not any(ch in "，。；：、增减升降多少涨跌比" for ch in gap)


def _clause_start(text: str, s_start: int, offset: int) -> int:
    """Just after the last ，；： before `offset` in the sentence starting at `s_start`: where
    the clause of a count starts, for `_acted`."""
    last_mark = max(text.rfind("，", s_start, offset), text.rfind("；", s_start, offset),
                    text.rfind("：", s_start, offset))
    return last_mark + 1 if last_mark >= 0 else s_start


@Language.component("extractor_context")
def context_component(doc: Doc) -> Doc:
    """Attach `agent` and `period` to every count and percentage (runs after merge)."""
    facts = doc.user_data.get("facts", [])
    warnings = doc.user_data.setdefault("warnings", [])
    figures = [c for c in facts if c.type in FIGURES]
    if not figures:
        return doc
    published = (doc.user_data.get("meta") or {}).get("published")
    text = text_of(doc)
    original = doc.user_data.get("original_text", text)
    periods = find_periods(text)
    in_periods = [(p[0], p[1]) for p in periods]
    agents = [c for c in facts if c.type in AGENTS and not _is_outlet(c) and not _inside(c, in_periods, text)]
    # In the figure's own sentence an organization that is the object of a verb or a
    # preposition (建立…警务站, 在…派出所, 联合…) is where or what, not who reports the figure;
    # one set up in the sentence before may be the subject that goes on (…打造平安服务中心。中心…受理).
    not_after = tuple(_agent_rules().not_agent_after)
    subjects = _subjects(agents, text, not_after)
    index = text_index(doc)
    speakers = voices(index, subjects, [c for c in facts if c.type == "person"])
    # 街道治保会648个: a body that opens a count is what that count counts; it is not the
    # agent of a figure before it in the sentence (居民互助组达到23280个，街道治保会648个).
    count_spans = sorted((f.start, f.end) for f in facts if f.type == "count")
    counted = [a for a in subjects if _inside_a_span(a, count_spans)]
    periods_of = _Periods(periods, published, warnings, original)
    in_sentence: dict[tuple[int, int], _SentenceAgents] = {}
    regions: dict[tuple[int, int], object] = {}  # per sentence: every figure in it gets the same region
    places = _Places(doc)
    distributed = _distributed_agents(text, index, subjects, figures) if "分别" in text else {}
    for c in figures:
        sentence = index.sentence_at(c.start)
        s_start, s_end = sentence
        prev_sentence_start = index.sentence_at(s_start - 2)[0] if s_start >= 2 else s_start
        para_start = index.paragraph_start(c.start)
        acted = c.type != "count" or _acted(c, text, _clause_start(text, s_start, c.start))
        c.attrs["period"] = periods_of.governing(c, text, para_start, acted, index)
        here = in_sentence.get(sentence)
        if here is None:
            here = in_sentence[sentence] = _SentenceAgents(sentence, agents, subjects, text)
        agent = distributed.get(id(c)) or _agent_of(c, text, (s_start, s_end, para_start), here, agents, subjects,
                                                    prev_sentence_start, speakers, acted, counted)
        c.attrs["agent"] = {"name": agent.attrs["name"], "type": agent.type} if agent else None
        if sentence not in regions:
            regions[sentence] = _figure_region(doc, s_start, s_end, places)
        c.attrs["region"] = regions[sentence]
    return doc


class _Periods:
    """The document's periods (sorted, not overlapping: their ends ascend with their starts)
    and the rules that pick the one governing a figure; each period resolves once."""

    def __init__(self, periods, published: str | None, warnings: list[str], original: str):
        self.periods = periods
        self.original = original  # the period's text is quoted as the article writes it
        self.ends = [p[1] for p in periods]
        self.published = published
        self.warnings = warnings
        self._resolved: dict[tuple[int, int | None], tuple[tuple[str | None, str | None], list[str]]] = {}

    def last_before(self, end: int, min_start: int, ok):
        """The last period ending by `end` and starting at or after `min_start` for which `ok`."""
        periods = self.periods
        for k in range(bisect_right(self.ends, end) - 1, -1, -1):
            p = periods[k]
            if p[0] < min_start:
                return None  # the starts ascend too: no earlier period starts late enough
            if ok(p):
                return p
        return None

    def governing(self, c, text: str, para_start: int, acted: bool, index: TextIndex) -> dict | None:
        """The period of figure `c`, by the order laid out in the module docstring."""
        found = self.last_before(c.start, para_start, lambda p: _governs(p, c, text))
        if found is None:  # a period that opens the paragraph before still governs (今年1至5月，… \n 与去年同期相比…)
            prev_start = index.previous_paragraph_start(para_start)
            found = self.last_before(para_start, prev_start, lambda p: p[2] not in ("none", "comparison"))
        if found is None:  # a span stated earlier (今年首七个月, 一年来) governs until another replaces it
            found = self.last_before(para_start, 0, lambda p: p[2] in SPANS or p[3].group().endswith("年来"))
        if found is None:
            return None
        start, end, how, m = found
        if start < para_start and not acted and how in FLOW_ONLY_SPANS:
            return None  # 4位社区民警 two paragraphs after 2014年…: a stock is not that year's
        base_year = _base_year(self.periods, start, self.published) if how in ("comparison", "same_year") else None
        p_start, p_end = self._resolve(found, base_year)
        return {"text": self.original[start:end], "start": p_start, "end": p_end}

    def _resolve(self, period, base_year: int | None) -> tuple[str | None, str | None]:
        """`resolve` once per period and base year; a repeat adds its warnings again, as
        resolving it again would."""
        key = (period[0], base_year)
        done = self._resolved.get(key)
        if done is None:
            added: list[str] = []
            done = self._resolved[key] = (resolve(period[3], period[2], self.published, added, base_year), added)
        self.warnings.extend(done[1])
        return done[0]


class _SentenceAgents:
    """The agents and the subjects inside one sentence, in document order: every figure of
    the sentence looks among these, not among all of the document's. Of its agents, those
    a verb sets up (成立…) and those after 在 that lead what follows are read off the text
    once here, not again for every figure of the sentence."""

    def __init__(self, sentence: tuple[int, int], agents, subjects, text: str):
        s_start, s_end = sentence
        self.agents = [a for a in agents if s_start <= a.start and a.end <= s_end]
        self.subjects = [a for a in subjects if s_start <= a.start and a.end <= s_end]
        self.set_up = [a for a in self.agents if _set_up(a, text)]
        self.leading = [a for a in self.agents if _leads(a, text)]


def _acted(c, text: str, clause_start: int) -> bool:
    """Whether a count's clause says what was done (破获…起), not only what exists (2000余名保安)."""
    return bool(_action_verbs().search(text, clause_start, c.end))


def _last(items, ok):
    """The last of `items` for which `ok`, or None."""
    for item in reversed(items):
        if ok(item):
            return item
    return None


def _agent_of(c, text: str, spans, here: _SentenceAgents, agents, subjects, prev_sentence_start, speakers,
              acted: bool, counted=()):
    """The body credited with figure `c`, by the order laid out in the module docstring."""
    s_start, s_end, para_start = spans
    in_sentence = here.subjects
    # 白鹭摩巡队约45人，街道治保会31个: a count that opens with a body counts that body, a new
    # item of a list; the body before it owns none of it.
    opens_with_body = any(a.start == c.start for a in counted)
    # …瓜沥镇义警大队、宁围街道平安巡防队等42支队伍: bodies listed before 等 are what the
    # count counts, not who owns it; neither is any body of that list.
    listed_until = _list_start(text, in_sentence, c)
    prior = None if opens_with_body else _last(in_sentence, lambda a: a.end <= min(c.start, listed_until))
    # `c` lies inside its sentence, so an agent of the sentence ending by c.start is one of
    # those starting in the sentence and ending before the figure.
    if acted and not opens_with_body:
        founded = _last(here.set_up, lambda a: a.end <= c.start and _clause_break(text, a.end, c.start))
        if founded is not None and (prior is None or founded.start > prior.start):
            return founded  # 成立反电信诈骗中队，专职打击…，破获…47起: the new unit goes on to act
    leading = _last(here.leading, lambda a: a.end <= c.start and text.count("，", a.end, c.start) <= 1)
    if leading is not None and not opens_with_body and (prior is None or leading.start >= prior.start):
        return leading  # 在公安部直接指挥下，4.9万余名…: only the clause the frame opens
    if prior is not None:
        return prior
    after = next((a for a in in_sentence if a.start >= c.end and a not in counted), None)
    if after is not None:
        return after
    taken_up = _taken_up(text, s_start, c.start, [a for a in agents if para_start <= a.start and a.end <= s_start])
    if taken_up is not None:
        return taken_up  # …组建“商城卫士”志愿联盟。…，联盟走访商户1.1万余家
    if _unnamed_actor(text, s_start, c.start):
        return None  # 全省各级公安交警部门…共查获…: the sentence says who acted, and names no body
    speaker = voice_at(speakers, c.start)
    if speaker is not None or not acted:
        return speaker
    if c.type == "percentage" and _SCOPE_DOER.match(text, s_start):
        return None  # 1至10月，全市刑事警情…下降12.4%: a rate of the whole area, not of a body
    # A body that was the object there counts only when this sentence takes it up again
    # (…打造东亭平安服务中心。中心运行至今，受理…): else it is where or what, not who.
    in_prev_sentence = [a for a in agents if max(para_start, prev_sentence_start) <= a.start and a.end <= s_start
                        and (a in subjects or text.startswith(a.attrs["name"][-2:], s_start))]
    if in_prev_sentence:
        return in_prev_sentence[-1]
    earlier = [a for a in subjects if para_start <= a.start and a.end <= s_start]
    return earlier[-1] if earlier else None


def _subjects(agents, text: str, not_after: tuple[str, ...]) -> list:
    """The bodies that are not the object of a verb or preposition (联合…, 在…): those
    after one of `not_after`, and those listed after such a body (联合“红枫义警”、“老杨
    调解中心”等: both are partners, not the doer)."""
    out, objects = [], []
    for c in agents:  # in text order
        before = text[max(0, c.start - 3):c.start]
        listed = bool(objects) and text[objects[-1].end:c.start] in ("、", "和", "与", "及")
        if before.endswith(not_after) or listed:
            objects.append(c)
        else:
            out.append(c)
    return out


# A sentence whose doer is a whole area (全市, 全省…), after at most a time phrase.
_SCOPE_DOER = re.compile(r"(?:[^，。；！？\n]{0,12}[，,])?(?:全市|全省|全区|全县|全州|全盟|全国)")


def _list_start(text: str, bodies, c) -> int:
    """Where a list of bodies ending in 等 right before count `c` starts (the start of its
    first member), else c.start: the count counts them."""
    start = c.start
    k = len(bodies) - 1
    while k >= 0 and bodies[k].end > start:
        k -= 1
    if k < 0 or not text.startswith("等", bodies[k].end) or bodies[k].end + 4 < c.start:
        return start
    start = bodies[k].start
    while k > 0 and text[bodies[k - 1].end:bodies[k].start] in ("、", "和", "与", "及"):
        k -= 1
        start = bodies[k].start
    return start


_JOINERS = ("、", "和", "与", "及")


def _distributed_agents(text: str, index, bodies, figures) -> dict[int, object]:
    """武侯区公安分局、锦江区公安分局分别破获电诈案件156起和121起: a list of bodies right
    before 分别 gives the figures after it in its sentence one body each, in order, when
    the counts match. Keyed by id() of the figure."""
    out: dict[int, object] = {}
    pos = text.find("分别")
    while pos >= 0:
        k = next((i for i in range(len(bodies) - 1, -1, -1) if pos - 2 <= bodies[i].end <= pos), None)
        if k is not None:
            chain = [bodies[k]]
            while k > 0 and text[bodies[k - 1].end:bodies[k].start] in _JOINERS:
                k -= 1
                chain.insert(0, bodies[k])
            s_end = index.sentence_at(pos)[1]
            after = [c for c in figures if pos < c.start < s_end]
            if len(chain) >= 2 and len(after) == len(chain):
                out.update((id(c), body) for c, body in zip(after, chain))
        pos = text.find("分别", pos + 2)
    return out


def _taken_up(text: str, s_start: int, offset: int, earlier) -> object | None:
    """The last of the `earlier` bodies of the paragraph whose head (its last two
    characters: 联盟, 中心) opens a clause of this sentence before `offset`: the text takes
    that body up again as the doer (联盟成立两年来，已有志愿者２８６０余名)."""
    for a in reversed(earlier):
        tail = a.attrs["name"][-2:]
        pos = text.find(tail, s_start, offset)
        while pos >= 0:
            if pos == s_start or text[pos - 1] in "，,；;":
                return a
            pos = text.find(tail, pos + 1, offset)
    return None


def _inside_a_span(c, spans: list[tuple[int, int]]) -> bool:
    """Whether `c` lies inside one of the sorted, non-overlapping `spans` (one bisection)."""
    k = bisect_right(spans, (c.start, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= c.start and c.end <= spans[k][1]


_CLAUSE_HEAD = re.compile(r"[^，。；！？\n]{0,8}")


def _leads(c, text: str) -> bool:
    """在公安部直接指挥下: a body after 在 that commands or leads what follows is its agent."""
    if text[max(0, c.start - 1):c.start] != "在":
        return False
    clause = _CLAUSE_HEAD.match(text, c.end).group()
    return any(f in clause for f in _agent_rules().leading_frames)


def _unnamed_actor(text: str, s_start: int, offset: int) -> bool:
    """The sentence before `offset` has an unnamed body (公安机关, 各地, 部门…) doing
    what the figure counts."""
    m = _unnamed_actors().search(text, s_start, offset)
    return bool(m and _action_verbs().search(text, m.end(), offset))


@lru_cache(maxsize=1)
def _unnamed_actors() -> re.Pattern:
    return re.compile(patterns.alternation(_agent_rules().unnamed_actors))


def _set_up(a, text: str) -> bool:
    """Body `a` is set up (成立, 组建…): a figure in a later clause may be its work (`_clause_break`)."""
    return text[max(0, a.start - 3):a.start].endswith(_founding_verbs())


def _clause_break(text: str, start: int, end: int) -> bool:
    """A comma between `start` and `end`: what follows is a later clause."""
    return text.find("，", start, end) >= 0 or text.find(",", start, end) >= 0


@lru_cache(maxsize=1)
def _founding_verbs() -> tuple[str, ...]:
    return tuple(_agent_rules().founding_verbs)


@lru_cache(maxsize=1)
def _agent_rules():
    return patterns.load("agents")


@lru_cache(maxsize=1)
def _action_verbs() -> re.Pattern:
    return re.compile(patterns.alternation(_agent_rules().action_verbs))


class _Places:
    """The document's place mentions, looked up by sentence: by bisection when they come in
    text order (as the region stage finds them), else by a scan of them all."""

    def __init__(self, doc: Doc):
        from .region import doc_mentions

        self.mentions = doc_mentions(doc)
        self.starts = [s for s, _e, _codes in self.mentions]
        self.ordered = all(a <= b for a, b in zip(self.starts, self.starts[1:]))

    def inside(self, s_start: int, s_end: int) -> list[tuple[int, int, list[str]]]:
        """The mentions within text[s_start:s_end], in order, offsets counted from s_start."""
        found = self.mentions
        if self.ordered:
            lo, hi = bisect_left(self.starts, s_start), bisect_left(self.starts, s_end)
            found = found[lo:hi]  # those starting inside; those ending past s_end drop below
        return [(s - s_start, e - s_start, codes) for s, e, codes in found if s_start <= s and e <= s_end]


def _figure_region(doc: Doc, s_start: int, s_end: int, places: _Places | None = None):
    """The document's region unless the sentence names a place of its own."""
    from .region import article_region

    default = doc.user_data.get("region")
    here = (places or _Places(doc)).inside(s_start, s_end)
    if not here:
        return default
    own = article_region(text_of(doc)[s_start:s_end], found=here)
    if own is None or default is None:
        return own or default
    if own.province == default.province and (own.city is None or own.city == default.city):
        return default if own.county is None or own.county == default.county else own
    return own
