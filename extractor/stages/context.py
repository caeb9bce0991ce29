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
  The agent rules themselves are in agents.py.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns
from ..candidates import text_of
from .agents import SentenceAgents, agent_of, agent_rules, did_act, distributed_agents, subjects_of
from .periods import find_periods, resolve, so_far_words
from .reporters import voices
from .sections import TextIndex, text_index

FIGURES = ("count", "percentage")
AGENTS = ("organization", "alliance")
# A comparison period (较上年同期) governs only a figure this close after it, in the same clause.
COMPARISON_REACH = 4
# Periods that carry past their paragraph: spans of the calendar, not one day or 目前.
SPANS = ("year_to_date", "whole_year", "years", "months", "first_months", "since", "until_day", "until_month", "until_year")
# Spans that date what was done in them, not what exists: a count of what exists (a stock)
# in another paragraph is not dated by them (2014年 … ⏎ 民航社区有4位社区民警).
FLOW_ONLY_SPANS = ("whole_year", "years", "until_year", "year_to_date", "to_date")


def _is_outlet(c) -> bool:
    """A newspaper or website, or a press or publicity office, reports on a body's figures;
    it is never their agent."""
    return c.rule.startswith("organization.outlet") or c.attrs.get("name", "").endswith(_media_suffixes())


@lru_cache(maxsize=1)
def _media_suffixes() -> tuple[str, ...]:
    return tuple(patterns.load("organizations").suffixes["media"]) + tuple(agent_rules().host_offices)


def _inside(c, spans, text: str) -> bool:
    """公安部 in 自6月25日公安部部署开展…以来 dates the period; it does not own the figure."""
    return text.startswith(_deploying_verbs(), c.end) and any(s <= c.start and c.end <= e for s, e in spans)


@lru_cache(maxsize=1)
def _deploying_verbs() -> tuple[str, ...]:
    return tuple(agent_rules().deploying_verbs)


def _base_year(periods, before: int, published: str | None) -> int | None:
    """The year a comparison compares with: that of the last dated period before it."""
    for start, _end, how, m in reversed([p for p in periods if p[1] <= before]):
        if how in SPANS or how == "days":
            p_start, p_end = resolve(m, how, published, [])
            if p_start or p_end:
                return int((p_start or p_end)[:4])
    return None


def _base_month(periods, before: int, published: str | None) -> tuple[str | None, str | None]:
    """The dates of the last one-month period before `before` (10月份 … 本月): what 本月 means
    in a text that has named its month; (None, None) when it has not."""
    for _start, _end, how, m in reversed([p for p in periods if p[1] <= before]):
        if how == "months":
            p_start, p_end = resolve(m, how, published, [])
            if p_start and p_end and p_start[:7] == p_end[:7]:
                return p_start, p_end
    return None, None


def _governs(period, fact, text: str) -> bool:
    """Every period governs the figures after it, except a comparison (较上年同期), which
    names the period of the figure right after it and not of the change that follows."""
    if period[2] != "comparison":
        return True
    gap = text[period[1]:fact.start]
    return len(gap) <= COMPARISON_REACH and not any(ch in "，。；：、增减升降多少涨跌比" for ch in gap)


def _clause_start(text: str, s_start: int, offset: int) -> int:
    """Just after the last ，；： before `offset` in the sentence starting at `s_start`: where
    the clause of a count starts, for `agents.did_act`."""
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
    subjects = subjects_of(agents, text)
    index = text_index(doc)
    speakers = voices(index, subjects, [c for c in facts if c.type == "person"])
    # 街道治保会648个: a body that opens a count is what that count counts; it is not the
    # agent of a figure before it in the sentence (居民互助组达到23280个，街道治保会648个).
    count_spans = sorted((f.start, f.end) for f in facts if f.type == "count")
    counted = [a for a in subjects if _inside_a_span(a, count_spans)]
    periods_of = _Periods(periods, published, warnings, original)
    in_sentence: dict[tuple[int, int], SentenceAgents] = {}
    regions: dict[tuple[int, int], object] = {}  # per sentence: every figure in it gets the same region
    places = _Places(doc)
    distributed = distributed_agents(text, index, subjects, figures) if "分别" in text else {}
    for c in figures:
        sentence = index.sentence_at(c.start)
        s_start, s_end = sentence
        prev_sentence_start = index.sentence_at(s_start - 2)[0] if s_start >= 2 else s_start
        para_start = index.paragraph_start(c.start)
        acted = c.type != "count" or did_act(c, text, _clause_start(text, s_start, c.start))
        c.attrs["period"] = periods_of.governing(c, text, para_start, acted, index)
        here = in_sentence.get(sentence)
        if here is None:
            here = in_sentence[sentence] = SentenceAgents(sentence, agents, subjects, text)
        agent = distributed.get(id(c)) or agent_of(c, text, (s_start, s_end, para_start), here, agents, subjects,
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
        if found is not None and found[3].group() in so_far_words():
            # 自6月25日…行动开展以来，…，目前破获…: 目前 marks "so far" within the span the
            # sentence opened with, which is the figure's period
            opened = self.last_before(found[0], index.sentence_at(c.start)[0], lambda p: p[2] in ("since", "year_to_date", "to_date", "month_to_date")
                                     and p[3].group() not in so_far_words())
            found = opened or found
        if found is None:  # a period that opens the paragraph before still governs (今年1至5月，… \n 与去年同期相比…)
            prev_start = index.previous_paragraph_start(para_start)
            found = self.last_before(para_start, prev_start, lambda p: p[2] not in ("none", "comparison")
                                     or p[3].group().endswith("期间"))
        if found is None:  # a span stated earlier (今年首七个月, 一年来) governs until another replaces it
            found = self.last_before(para_start, 0, lambda p: p[2] in SPANS or p[3].group().endswith("年来"))
        if found is None:
            return None
        start, end, how, m = found
        if start < para_start and not acted and how in FLOW_ONLY_SPANS:
            return None  # 4位社区民警 two paragraphs after 2014年…: a stock is not that year's
        base_year = _base_year(self.periods, start, self.published) if how in ("comparison", "same_year") else None
        p_start, p_end = _base_month(self.periods, start, self.published) if how == "same_month" else self._resolve(found, base_year)
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


def _inside_a_span(c, spans: list[tuple[int, int]]) -> bool:
    """Whether `c` lies inside one of the sorted, non-overlapping `spans` (one bisection)."""
    k = bisect_right(spans, (c.start, float("inf"))) - 1
    return k >= 0 and spans[k][0] <= c.start and c.end <= spans[k][1]


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
