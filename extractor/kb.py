"""Assemble a knowledge base from document results: entities, aliases and their facts.

An entity is one distinct organization, alliance or person across all documents. Names
are resolved to a canonical form before grouping: short police names take the article's
region (市公安局 in an article about 南通 → 南通市公安局), traditional script is folded to
simplified; every other surface form is kept as an alias.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from .glosses import strip_glosses
from .normalize import to_simplified
from .schema import Document, DocumentResult, Entity, FileError, KnowledgeBase, _FigureBase
from .statistics import build_statistics

ENTITY_TYPES = ("organization", "alliance", "person")
_PREFIX = {"省": "province", "市": "city", "县": "county", "区": "county"}


@lru_cache(maxsize=16384)
def _simplified_name(name: str) -> str:
    """`to_simplified` of a name, pinyin glosses cut (中工網(wǎng) → 中工网): the same few
    thousand names recur in every document (and in most facts of one), and OpenCC's convert
    call costs more than the rest of linking."""
    return to_simplified(strip_glosses(name)[0])


def canonical_name(name: str, fact_type: str, document: Document) -> str:
    """The name an entity is filed under: region-qualified and in simplified script."""
    simple = _simplified_name(name)
    region = document.region
    if fact_type == "organization" and region and simple[:1] in _PREFIX and len(simple) > 2:
        place = getattr(region, _PREFIX[simple[0]])
        if place and place.endswith(simple[0]):
            return place + simple[1:]
        if simple[0] == "市" and region.city is None and region.province and region.province.endswith("市"):
            return region.province + simple[1:]
    return simple


def entity_id(fact_type: str, name: str) -> str:
    return f"{fact_type}:{name}"


def build(results: Iterable[DocumentResult], errors: Iterable[FileError] = ()) -> KnowledgeBase:
    kb = KnowledgeBase(errors=list(errors))
    entities: dict[str, Entity] = {}
    for result in results:
        kb.documents.append(result.document)
        link_result(result, entities)
        kb.facts.extend(result.facts)
    kb.entities = sorted(entities.values(), key=lambda e: e.id)
    kb.statistics = build_statistics(kb.facts, kb.documents)
    return kb


def link_result(result: DocumentResult, entities: dict[str, Entity] | None = None) -> None:
    """Set the entity ids of one document's facts (and collect entities when given a dict).

    Without a dict (a worker linking one result) no `Entity` is built: only the ids reach
    the output, and building a model per fact to throw it away was most of the cost."""
    document = result.document
    for fact in result.facts:
        if fact.type in ENTITY_TYPES:
            if entities is None:
                fact.entity_id = entity_id(fact.type, canonical_name(fact.name, fact.type, document))
            else:
                link_entity(fact, document, entities)
        elif isinstance(fact, _FigureBase):  # only a figure has an agent
            link_agent(fact, document)


def link_agent(fact, document: Document) -> None:
    """A figure's agent points at the same entity as the agent's own mention."""
    agent = fact.agent
    if agent is not None:
        agent.entity_id = entity_id(agent.type, canonical_name(agent.name, agent.type, document))


def link_entity(fact, document: Document, entities: dict[str, Entity]) -> None:
    """Set the fact's entity id and file the fact under that entity (made when first met)."""
    canonical = canonical_name(fact.name, fact.type, document)
    eid = entity_id(fact.type, canonical)
    fact.entity_id = eid
    entity = entities.get(eid)
    if entity is None:
        entity = entities[eid] = Entity(id=eid, type=fact.type, name=canonical)
    if fact.name != canonical and fact.name not in entity.aliases:
        entity.aliases.append(fact.name)
    entity.fact_ids.append(fact.id)
    if document.id not in entity.doc_ids:
        entity.doc_ids.append(document.id)
