"""Agents: which organization or alliance a count or percentage is credited to.

The order of the rules is laid out in context.py's docstring, which calls `agent_of` for
every figure; the words they read (objects' verbs, leading frames, unnamed doers, founding
and action verbs) are patterns/agents.yaml.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .. import patterns
from .reporters import first_of_posts, voice_at

# What joins the names of a list of bodies (联合A、B, A和B).
_JOINERS = ("、", "和", "与", "及")


class SentenceAgents:
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


def did_act(c, text: str, clause_start: int) -> bool:
    """Whether a count's clause says what was done (破获…起), not only what exists (2000余名保安)."""
    return bool(_action_verbs().search(text, clause_start, c.end))


def _last(items, ok):
    """The last of `items` for which `ok`, or None."""
    for item in reversed(items):
        if ok(item):
            return item
    return None


def agent_of(c, text: str, spans, here: SentenceAgents, agents, subjects, prev_sentence_start, speakers,
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
        return first_of_posts(text, in_sentence, prior)
    after = next((a for a in in_sentence if a.start >= c.end and a not in counted), None)
    if after is not None:
        return after
    taken_up = _taken_up(text, s_start, c.start, [a for a in agents if para_start <= a.start and a.end <= s_start])
    if taken_up is not None:
        return taken_up  # …组建“商城卫士”志愿联盟。…，联盟走访商户1.1万余家
    named_back = _named_back(text, s_start, c.start, agents)
    if named_back is not None:
        return named_back  # 项城市公安局全警动员。…⏎当晚，该局共出动民辅警500余人次
    if _unnamed_actor(text, s_start, c.start):
        return None  # 全省各级公安交警部门…共查获…: the sentence says who acted, and names no body
    full = _full_sentence_start(text, s_start)
    if full < s_start and not any(full <= a.start < s_start for a in agents) and _unnamed_actor(text, full, s_start):
        return None  # 公安机关共端掉…；摧毁盗抢团伙67个: the clause goes on with the unnamed subject before its ；
    speaker = voice_at(speakers, c.start)
    if speaker is not None or not acted:
        return speaker
    if c.type == "percentage" and _scope_doer().match(text, s_start):
        return None  # 1至10月，全市刑事警情…下降12.4%: a rate of the whole area, not of a body
    # A body that was the object there counts only when this sentence takes it up again
    # (…打造东亭平安服务中心。中心运行至今，受理…): else it is where or what, not who.
    in_prev_sentence = [a for a in agents if max(para_start, prev_sentence_start) <= a.start and a.end <= s_start
                        and (a in subjects or text.startswith(a.attrs["name"][-2:], s_start))]
    if in_prev_sentence:
        return in_prev_sentence[-1]
    earlier = [a for a in subjects if para_start <= a.start and a.end <= s_start]
    return earlier[-1] if earlier else None


def subjects_of(agents, text: str) -> list:
    """The bodies that are not the object of a verb or preposition (联合…, 在…): those
    after one of agents.yaml's not_agent_after, and those listed after such a body (联合“红枫义警”、“老杨
    调解中心”等: both are partners, not the doer)."""
    not_after = tuple(agent_rules().not_agent_after)
    out, objects = [], []
    for c in agents:  # in text order
        before = text[max(0, c.start - 3):c.start]
        listed = bool(objects) and text[objects[-1].end:c.start] in _JOINERS
        if before.endswith(not_after) or listed:
            objects.append(c)
        else:
            out.append(c)
    return out


@lru_cache(maxsize=1)
def _scope_doer() -> re.Pattern:
    """A sentence whose doer is a whole area (全市, 全省…), after at most a time phrase."""
    return re.compile(rf"(?:[^，。；！？\n]{{0,12}}[，,])?(?:{patterns.alternation(agent_rules().scope_doers)})")


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
    while k > 0 and text[bodies[k - 1].end:bodies[k].start] in _JOINERS:
        k -= 1
        start = bodies[k].start
    return start


def distributed_agents(text: str, index, bodies, figures) -> dict[int, object]:
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


@lru_cache(maxsize=1)
def _anaphors() -> tuple[re.Pattern, re.Pattern]:
    """该局, 该所 (agents.yaml `anaphor_kinds`), and a sentence opening with a bare kind
    (`opening_kinds`: 派出所辖区有174个小区), not one of a list of bodies (派出所、…)."""
    r = agent_rules()
    return (re.compile(rf"该({patterns.alternation(r.anaphor_kinds)})"),
            re.compile(rf"({patterns.alternation(r.opening_kinds)})(?![\u4e00-\u9fff]{{0,2}}[、和与及])"))


def _named_back(text: str, s_start: int, offset: int, agents) -> object | None:
    """The body a 该局/该所 before the figure in its sentence refers back to, or the bare kind
    opening the sentence (派出所辖区…): the last one named before the sentence whose name
    ends with that kind (该局 → 项城市公安局)."""
    anaphor, opening_kind = _anaphors()
    m = anaphor.search(text, s_start, offset)
    if m is None:  # (not a clause after one: 全市共有144个派出所，派出所民警… speaks of all of them)
        m = opening_kind.match(text, s_start, offset)
        if m is None:
            return None
    kind = m.group(1).replace("所里", "所")
    return _last([a for a in agents if a.end <= s_start], lambda a: a.attrs["name"].endswith(kind))


_CLAUSE_HEAD = re.compile(r"[^，。；！？\n]{0,8}")


def _leads(c, text: str) -> bool:
    """在公安部直接指挥下: a body after 在 that commands or leads what follows is its agent."""
    if text[max(0, c.start - 1):c.start] != "在":
        return False
    clause = _CLAUSE_HEAD.match(text, c.end).group()
    return any(f in clause for f in agent_rules().leading_frames)


def _full_sentence_start(text: str, s_start: int) -> int:
    """Where the sentence that the clause at `s_start` belongs to starts: back over ；."""
    while s_start > 0 and text[s_start - 1] in "；;":
        s_start = max(text.rfind(ch, 0, s_start - 1) for ch in "。！？；;\n") + 1
    return s_start


def _unnamed_actor(text: str, s_start: int, offset: int) -> bool:
    """The sentence before `offset` has an unnamed body (公安机关, 各地, 部门…) doing
    what the figure counts."""
    m = _unnamed_actors().search(text, s_start, offset)
    return bool(m and _action_verbs().search(text, m.end(), offset))


@lru_cache(maxsize=1)
def _unnamed_actors() -> re.Pattern:
    return re.compile(patterns.alternation(agent_rules().unnamed_actors))


def _set_up(a, text: str) -> bool:
    """Body `a` is set up (成立, 组建…): a figure in a later clause may be its work (`_clause_break`)."""
    return text[max(0, a.start - 3):a.start].endswith(_founding_verbs())


def _clause_break(text: str, start: int, end: int) -> bool:
    """A comma between `start` and `end`: what follows is a later clause."""
    return text.find("，", start, end) >= 0 or text.find(",", start, end) >= 0


@lru_cache(maxsize=1)
def _founding_verbs() -> tuple[str, ...]:
    return tuple(agent_rules().founding_verbs)


@lru_cache(maxsize=1)
def agent_rules():
    return patterns.load("agents")


@lru_cache(maxsize=1)
def _action_verbs() -> re.Pattern:
    return re.compile(patterns.alternation(agent_rules().action_verbs))
