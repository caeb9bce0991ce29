"""Score extracted facts against gold files in the format of the shared GUIDE.md.

Matching, as the quality issue defines it: organizations, alliances and persons by exact
normalized name (quote marks and spaces removed, traditional folded to simplified); counts
by (value, unit); percentages by value; each gold fact matches at most one extracted fact.
Gold facts marked `"section": "ad"` and `ad_organizations` are not expected: extracting
them counts as spurious. On matched facts we report attribute accuracy: count `approx`
and `subject`, percentage `direction` and `basis`, and on both the `agent` (exact or one
name containing the other), the period text and the period dates. A subject counts as
right when one string contains the other (保安 vs 单位保安), the leniency the issue grants
agents. Per document: published date, source, title and each region level.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from .normalize import to_simplified
from .schema import KnowledgeBase

TYPES = ("organization", "alliance", "person", "count", "percentage")
_QUOTES = re.compile(r"[“”\"'‘’「」『』\s\u3000]")


def norm_name(name: str | None) -> str:
    return to_simplified(_QUOTES.sub("", name or ""))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in TYPES})
    attributes: dict[str, list[int]] = field(default_factory=dict)  # name → [right, total]
    misses: dict[str, dict[str, list]] = field(default_factory=dict)
    documents: int = 0
    missing_documents: list[str] = field(default_factory=list)

    def attr(self, name: str, right: bool) -> None:
        slot = self.attributes.setdefault(name, [0, 0])
        slot[0] += int(right)
        slot[1] += 1

    def attribute_accuracy(self, name: str) -> float:
        right, total = self.attributes.get(name, [0, 0])
        return right / total if total else 1.0

    def to_dict(self) -> dict:
        return {
            "documents": self.documents,
            "missing_documents": self.missing_documents,
            "types": {t: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp, "fp": s.fp, "fn": s.fn}
                      for t, s in self.scores.items()},
            "attributes": {k: {"accuracy": self.attribute_accuracy(k), "right": v[0], "total": v[1]}
                           for k, v in sorted(self.attributes.items())},
            "misses": self.misses,
        }


def load_gold(gold_dir: Path) -> dict[str, dict]:
    gold = {}
    for path in sorted(Path(gold_dir).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        gold[data.get("id") or path.stem] = data
    return gold


def _expected(items):
    return [x for x in items or [] if x.get("section") != "ad"]


def evaluate(kb: KnowledgeBase, gold: dict[str, dict]) -> Report:
    report = Report()
    by_doc: dict[str, list] = {}
    for fact in kb.facts:
        by_doc.setdefault(fact.doc_id, []).append(fact)
    docs = {d.id: d for d in kb.documents}
    doc_ids = set(docs)
    for doc_id, g in gold.items():
        if doc_id not in doc_ids:
            report.missing_documents.append(doc_id)
            continue
        report.documents += 1
        if g.get("document"):
            _score_document(report, report.misses.setdefault(doc_id, {}), g["document"], docs[doc_id])
        facts = by_doc.get(doc_id, [])
        misses = report.misses.setdefault(doc_id, {})
        for kind, key in (("organization", "organizations"), ("alliance", "alliances")):
            _score_names(report, misses, kind, [n for n in g.get(key) or []],
                         {f.name for f in facts if f.type == kind})
        persons = [p["name"] for p in _expected(g.get("persons"))]
        _score_names(report, misses, "person", persons, {f.name for f in facts if f.type == "person"})
        _score_figures(report, misses, "count", _expected(g.get("counts")), [f for f in facts if f.type == "count"])
        _score_figures(report, misses, "percentage", _expected(g.get("percentages")),
                       [f for f in facts if f.type == "percentage"])
        if not any(misses.values()):
            report.misses.pop(doc_id)
    return report


def _score_document(report, misses, gold: dict, doc) -> None:
    """Published date, source, title (where the gold has one) and each region level of one document."""
    region = doc.region.model_dump() if doc.region else {}
    gold_region = gold.get("region") or {}
    checks = {"document.published": (gold.get("published"), doc.published),
              "document.source": (gold.get("source"), doc.source)}
    if "title" in gold:  # the GUIDE's headline as written (quote marks and spaces aside)
        checks["document.title"] = (gold.get("title"), doc.title)
    for level in ("province", "city", "county"):
        checks[f"document.region.{level}"] = (gold_region.get(level), region.get(level))
    for name, (want, got) in checks.items():
        right = (norm_name(want) == norm_name(got)) if want and got else want == got
        report.attr(name, right)
        if not right:
            misses.setdefault("wrong_attribute", []).append(f"{name}: gold={want!r} found={got!r}")


def _score_names(report, misses, kind, gold_names, found_names):
    gold_set = {norm_name(n) for n in gold_names}
    found = {norm_name(n) for n in found_names}
    s = report.scores[kind]
    s.tp += len(gold_set & found)
    s.fn += len(gold_set - found)
    s.fp += len(found - gold_set)
    if gold_set - found:
        misses.setdefault("missed", []).extend(f"{kind}: {n}" for n in sorted(gold_set - found))
    if found - gold_set:
        misses.setdefault("spurious", []).extend(f"{kind}: {n}" for n in sorted(found - gold_set))


def _key(kind, item) -> tuple:
    value = float(item["value"]) if item.get("value") is not None else math.nan
    if kind == "count":
        return (round(value, 4), to_simplified(item.get("unit") or ""))
    return (round(value, 4),)


def _attrs(kind, item) -> dict:
    own = ({"approx": item.get("approx"), "subject": item.get("subject")} if kind == "count"
           else {"direction": item.get("direction"), "basis": item.get("basis")})
    return {**own, **_context(item)}


def _context(item) -> dict:
    """Agent and period, from a gold item (agent a string) or a fact (agent an object)."""
    if "agent" not in item and "period" not in item:
        return {}
    agent = item.get("agent")
    if isinstance(agent, dict):
        agent = agent.get("name")
    period = item.get("period") or {}
    return {"agent": agent, "period_text": period.get("text"),
            "period_dates": (period.get("start"), period.get("end")) if period else None}


def _agree(name, gold_value, found_value) -> bool:
    if name in ("subject", "agent") and gold_value and found_value:
        a, b = norm_name(gold_value), norm_name(found_value)
        return a in b or b in a
    if name == "period_text" and gold_value and found_value:
        return norm_name(gold_value) == norm_name(found_value)
    return gold_value == found_value


def _score_figures(report, misses, kind, gold_items, found_facts):
    s = report.scores[kind]
    pool = [(_key(kind, f.model_dump()), _attrs(kind, f.model_dump()), f) for f in found_facts]
    used = set()
    for g in gold_items:
        key, gattrs = _key(kind, g), _attrs(kind, g)
        best, best_agree = None, -1
        for i, (k, fattrs, _) in enumerate(pool):
            if i in used or k != key:
                continue
            agree = sum(_agree(n, gattrs[n], fattrs[n]) for n in gattrs)
            if agree > best_agree:
                best, best_agree = i, agree
        if best is None:
            s.fn += 1
            misses.setdefault("missed", []).append(f"{kind}: {g.get('text')} {key}")
            continue
        used.add(best)
        s.tp += 1
        for n in gattrs:
            if n not in pool[best][1]:
                continue
            right = _agree(n, gattrs[n], pool[best][1][n])
            report.attr(f"{kind}.{n}", right)
            if not right:
                misses.setdefault("wrong_attribute", []).append(
                    f"{kind} {g.get('text')}: {n} gold={gattrs[n]!r} found={pool[best][1][n]!r}")
    for i, (k, _, f) in enumerate(pool):
        if i not in used:
            s.fp += 1
            misses.setdefault("spurious", []).append(f"{kind}: {f.text} {k}")
