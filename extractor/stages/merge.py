"""Merge: the one place where overlapping candidates are resolved and page furniture dropped.

Entities (organization, alliance, person) compete with each other, figures (count,
percentage, money, date) with each other. Within a group a rule beats the statistical
model (score) whatever the lengths, then the longer span wins, then the earlier start.
Candidates inside page furniture or advertisements are dropped. Survivors land in `doc.user_data["facts"]`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, candidates, text_of
from .persons import NOT_NAME_END
from .sections import is_blocked

GROUPS = {"organization": "entity", "alliance": "entity", "person": "entity",
          "count": "figure", "percentage": "figure", "money": "figure", "date": "date"}
TYPE_RANK = {"alliance": 0, "organization": 1, "person": 2, "percentage": 0, "money": 1, "count": 2, "date": 0}
PERSON_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
# A body's name has at least two Han characters and does not open with a figure
# (“4050” alone, 90%以上派出所 are a brand and a share, not names) or with the 委 of a level
# cut off by a bracket (县(市)委政法委 → 委政法委).
BODY_NAME = re.compile(r"^(?![\d.%％委])(?=(?:.*[\u4e00-\u9fff]){2})")


def _passes_filters(c: Candidate) -> bool:
    """The checks every entity passes, whichever stage proposed it (model entities too)."""
    if c.type in ("organization", "alliance"):
        generic = set(patterns.load("organizations").generic_names)
        name = c.attrs.get("name", "")
        return name not in generic and len(name) >= 3 and bool(BODY_NAME.match(name))
    if c.type == "person":  # 苏小姐, 王某: a form of address is not a name
        name = c.attrs.get("name", "")
        return bool(PERSON_NAME.match(name)) and not name.endswith(NOT_NAME_END)
    return True


def resolve(cands: list[Candidate]) -> list[Candidate]:
    kept: list[Candidate] = []
    occupied: dict[str, list[tuple[int, int]]] = {}
    order = sorted(cands, key=lambda c: (-c.score, -c.length, TYPE_RANK.get(c.type, 9), c.start))
    for c in order:
        if not _passes_filters(c):
            continue
        group = GROUPS.get(c.type, c.type)
        spans = occupied.setdefault(group, [])
        if any(c.start < e and s < c.end for s, e in spans):
            continue
        spans.append((c.start, c.end))
        kept.append(c)
    return sorted(kept, key=lambda c: (c.start, c.end, c.type))


def _drop_partial_names(facts: list[Candidate]) -> list[Candidate]:
    """A model's person name that is the tail or head of a rule's name in the same text
    (王伟 of 钱王伟) is a mis-split, not a second person."""
    rule_names = {c.attrs["name"] for c in facts if c.type == "person" and c.score >= 1.0}
    return [c for c in facts if not (c.type == "person" and c.score < 1.0 and any(
        c.attrs["name"] != n and c.attrs["name"] in n for n in rule_names))]


# A group named once (“朝阳群众”) is the same group where the text names it again unquoted
# (朝阳群众提供的线索); a repeat scores below every rule, so a longer name still wins.
REPEAT_SCORE = 0.9
MIN_REPEAT_NAME = 4


def _repeated_mentions(text: str, facts: list[Candidate]) -> list[Candidate]:
    """Every other place the text writes an alliance's name, as a candidate of that alliance."""
    out = []
    names = {c.attrs["name"] for c in facts if c.type == "alliance" and len(c.attrs.get("name", "")) >= MIN_REPEAT_NAME}
    for name in names:
        at = text.find(name)
        while at >= 0:
            out.append(Candidate("alliance", at, at + len(name), "alliance.repeated", {"name": name}, REPEAT_SCORE))
            at = text.find(name, at + len(name))
    return out


@Language.component("extractor_merge")
def merge_component(doc: Doc) -> Doc:
    """Resolve overlaps, drop furniture, and publish `doc.user_data["facts"]`."""
    live = [c for c in candidates(doc) if not is_blocked(doc, c.start, c.end)]
    # Names from every alliance candidate: “筑城义警” loses to the longer “筑城义警”志愿者队伍 it
    # opens, yet 筑城义警 alone later in the text is that group. Repeats score below rules.
    repeats = [c for c in _repeated_mentions(text_of(doc), live) if not is_blocked(doc, c.start, c.end)]
    doc.user_data["facts"] = _drop_partial_names(resolve(live + repeats))
    return doc
