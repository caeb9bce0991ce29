"""Places that act as bodies: a named community or zone the text has act or staff (民航社区
主任, 在潘家园社区工作), and every other mention of it. The organization stage calls
`acting_places`; the heads and the words that show acting are data (organizations.yaml
`acting_places`).
"""

from __future__ import annotations

from spacy.tokens import Doc

from ..candidates import Candidate, derived, text_of
from .name_edges import at_token_edge, only_generic
from .left_walk import walk_left
from .names import FUNCTION_CHARS, strip_prefix


def acting_places(doc: Doc, stop_words: set[str], rules, suffixes: tuple[str, ...]) -> list[Candidate]:
    """A named community or zone (民航社区, 乌鲁木齐经济技术开发区) is a body when the text has
    it act or staff it: a role or an agentive verb follows it (民航社区主任, 民航社区以民警为主导, 在潘家园社区
    工作). A community the text only goes to or describes (巡逻至连荣里社区, X社区是…家属区)
    is a place, and 社区 after generic words (该社区, 各社区) is a class noun."""
    spec = rules.acting_places
    if not spec.heads:
        return []
    text = text_of(doc)
    acting = derived(spec.acting_after, tuple)
    out = []
    ends = set()
    for head in sorted(spec.heads, key=len, reverse=True):  # 经济技术开发区 before 开发区
        pos = text.find(head)
        while pos >= 0:
            end = pos + len(head)
            pos = text.find(head, end)
            if end in ends or not text.startswith(acting, end):
                continue
            ends.add(end)
            start = walk_left(doc, end - len(head), stop_words, max_chars=10)
            start += strip_prefix(text[start:end - len(head)], rules.generic_prefixes)
            if text[start:end - len(head)].endswith(suffixes):
                continue  # 川汇区派出所|社区民警: the body's community officers, not a community
            inner = max((k + len(sfx) for sfx in suffixes if len(sfx) >= 2
                         for k in (text.rfind(sfx, start, end - len(head)),) if k >= 0), default=start)
            start = max(start, inner)  # 县松兹派出所|民东社区: a community is no unit of the station before it
            name = text[start:end]
            if end - start - len(head) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in name) \
                    and not only_generic(name, rules) and at_token_edge(doc, end - len(head), end, frozenset()):
                out.append(Candidate("organization", start, end, "organization.acting_place", {"name": name}))
    return out + _other_mentions(text, out)


def _other_mentions(text: str, found: list[Candidate]) -> list[Candidate]:
    """Every other mention of a place the text has shown acting as a body is that body
    (潘家园社区，0.3平方公里，有38栋楼 after 在潘家园社区工作): figures there may be its own."""
    taken = {(c.start, c.end) for c in found}
    out = []
    for name in dict.fromkeys(c.attrs["name"] for c in found):
        pos = text.find(name)
        while pos >= 0:
            end = pos + len(name)
            if (pos, end) not in taken and not ("\u4e00" <= text[pos - 1:pos] <= "\u9fff" and text[pos - 1:pos] not in FUNCTION_CHARS):
                out.append(Candidate("organization", pos, end, "organization.acting_place", {"name": name}))
            pos = text.find(name, end)
    return out
