"""Find facts: one `Filters` model, one `query()` for a SQLite file and for a KnowledgeBase.

    query("kb.db", Filters(type="percentage", direction="down", basis="同比"))
    query(kb, text="派出所", region="浙江", sort="value", limit=10)

On a `.db` the filters become one SQL statement with every user value a bound parameter;
on an in-memory KnowledgeBase they are plain Python. Both give the same facts in the same
order (a test holds them to it). String filters are substrings, case-insensitive for ASCII
letters only (SQLite's LIKE); a text of three characters or more is first narrowed with the
trigram full-text index, shorter ones (派出所 has three, 民警 two) go by LIKE alone.
"""

from __future__ import annotations

import json

import calendar
import re
import sqlite3
import sys
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Iterator, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, PositiveInt, field_validator, model_validator

from . import store
from .schema import Basis, Direction, Document, Entity, Fact, KnowledgeBase

FactType = Literal["organization", "alliance", "person", "count", "percentage", "money", "date"]
Number = Annotated[float, Field(allow_inf_nan=False)]
_AGENT_TYPES = ("organization", "alliance")
_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


class Filters(BaseModel):
    """What to look for. Every filter given must hold (AND); leave one out to not filter on it.

    type: one or more fact types (a list, or comma-separated). text: a substring of the
    fact's sentence, text or name. org: an organization or alliance whose name or an alias
    contains this; matches the facts in the same sentences as its mentions and the figures
    credited to it (agent). entity: the same for one exact entity id. region: a substring of
    the province, city or county of the figure's own place, else of its article's. agent: a
    substring of the name (or an alias of the entity) a figure is credited to. since, until
    (YYYY, YYYY-MM or YYYY-MM-DD; a partial `until` means the end of that year or month): the
    figure's period overlaps them; a fact without a dated period is placed at its article's
    publication date. min_value, max_value: numeric value (counts,
    percentages, money). sort: "date" (newest first) or "value" (largest first); missing
    dates and values go last, ties keep the knowledge base's order, which is the default.
    """

    model_config = ConfigDict(extra="forbid")

    type: Optional[list[FactType]] = None
    text: Optional[str] = None
    org: Optional[str] = None
    entity: Optional[str] = None
    region: Optional[str] = None
    agent: Optional[str] = None
    since: Optional[date] = None
    until: Optional[date] = None
    min_value: Optional[Number] = None
    max_value: Optional[Number] = None
    direction: Optional[Direction] = None
    basis: Optional[Basis] = None
    limit: Optional[PositiveInt] = None
    sort: Optional[Literal["date", "value"]] = None

    @field_validator("type", mode="before")
    @classmethod
    def _split_types(cls, value):
        if isinstance(value, str):
            value = [value]
        if isinstance(value, (list, tuple)):
            value = [t.strip() for v in value for t in (v.split(",") if isinstance(v, str) else [v]) if t != ""]
        return value or None

    @field_validator("text", "org", "entity", "region", "agent", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("since", "until", mode="before")
    @classmethod
    def _partial_date(cls, value, info):
        if not isinstance(value, str):
            return value
        m = _PARTIAL_DATE.fullmatch(value.strip())
        if not m:
            raise ValueError("expected a date as YYYY-MM-DD, YYYY-MM or YYYY")
        year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
        end = info.field_name == "until"
        month = month or (12 if end else 1)
        if not 1 <= month <= 12:
            raise ValueError(f"no month {month} in {value!r}")
        day = day or (calendar.monthrange(year, month)[1] if end else 1)
        return date(year, month, day)  # ValueError for 2024-02-30

    @model_validator(mode="after")
    def _ranges(self):
        if self.min_value is not None and self.max_value is not None and self.min_value > self.max_value:
            raise ValueError(f"min_value ({self.min_value:g}) is greater than max_value ({self.max_value:g})")
        if self.since and self.until and self.since > self.until:
            raise ValueError(f"since ({self.since}) is after until ({self.until})")
        return self


class Hit(BaseModel):
    """One fact that matched, with the document it comes from and, for a figure, the other
    documents that report the same statistic."""

    fact: Fact
    document: Document
    also_reported_by: list[str] = []


def query(kb_or_db, filters: Optional[Filters] = None, **kw) -> list[Hit]:
    """Facts matching `filters` (or keyword filters) in a KnowledgeBase, a `.db` path or a Database."""
    filters = _filters(filters, kw)
    with open_source(kb_or_db) as source:
        if isinstance(source, KnowledgeBase):
            return _query_kb(source, filters)
        return _query_db(source, filters)


def _filters(filters: Optional[Filters], kw: dict) -> Filters:
    if filters is None:
        return Filters(**kw)
    return Filters(**{**filters.model_dump(exclude_none=True), **kw}) if kw else filters


@contextmanager
def open_source(kb_or_db) -> Iterator:
    """A KnowledgeBase as is; a `.db` path opened read-only (closed after); a `.json(l)` path loaded."""
    if isinstance(kb_or_db, KnowledgeBase):
        yield kb_or_db
    elif isinstance(kb_or_db, (str, Path)):
        if Path(kb_or_db).suffix.lower() == ".db":
            db = store.open_db(kb_or_db)
            try:
                yield db
            finally:
                db.close()
        else:
            from .library import load

            yield load(kb_or_db)
    elif hasattr(kb_or_db, "conn"):  # a sqlite_utils.Database the caller opened
        yield kb_or_db
    else:
        raise TypeError(f"expected a KnowledgeBase, a path or a sqlite_utils.Database, not {type(kb_or_db).__name__}")


def _fold(s: Optional[str]) -> str:
    return s.translate(_FOLD) if s else ""


def _contains(needle: str, *hays: Optional[str]) -> bool:
    folded = _fold(needle)
    if folded == needle and not any("a" <= c <= "z" for c in needle):  # no ASCII letter: folding changes nothing
        return any(needle in h for h in hays if h)
    return any(folded in _fold(h) for h in hays if h)


def _number(fact) -> Optional[float]:
    value = getattr(fact, "value", None)
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


# -- in memory --

def _entity_ids_kb(kb: KnowledgeBase, f: Filters) -> list[set[str]]:
    scopes = []
    if f.org:
        scopes.append({e.id for e in kb.entities
                       if e.type in _AGENT_TYPES and _contains(f.org, e.name, *e.aliases)})
    if f.entity:
        scopes.append({f.entity})
    return scopes


def _query_kb(kb: KnowledgeBase, f: Filters) -> list[Hit]:
    docs = {d.id: d for d in kb.documents}
    scopes = []
    for ids in _entity_ids_kb(kb, f):
        sentences = {(x.doc_id, x.sentence) for x in kb.facts if getattr(x, "entity_id", None) in ids}
        scopes.append((ids, sentences))
    since, until = f.since and f.since.isoformat(), f.until and f.until.isoformat()
    agent_ids = {e.id for e in kb.entities if f.agent and _contains(f.agent, e.name, *e.aliases)}
    hits = []
    for fact in kb.facts:
        doc = docs.get(fact.doc_id)
        if doc is None or (f.type and fact.type not in f.type):
            continue
        if f.text and not _contains(f.text, fact.sentence, fact.text, getattr(fact, "name", None)):
            continue
        agent = getattr(fact, "agent", None)
        if any((fact.doc_id, fact.sentence) not in sentences and not (agent and agent.entity_id in ids)
               for ids, sentences in scopes):
            continue
        if f.region:
            place = getattr(fact, "region", None) or doc.region
            if not place or not _contains(f.region, place.province, place.city, place.county):
                continue
        if (since or until) and not _overlaps(_span(fact, doc), since, until):
            continue
        if f.agent and not (agent and (_contains(f.agent, agent.name) or agent.entity_id in agent_ids)):
            continue
        value = _number(fact)
        if (f.min_value is not None and (value is None or value < f.min_value)) or \
                (f.max_value is not None and (value is None or value > f.max_value)):
            continue
        if (f.direction and getattr(fact, "direction", None) != f.direction) or \
                (f.basis and getattr(fact, "basis", None) != f.basis):
            continue
        hits.append((fact, doc))
    if f.sort == "date":
        hits.sort(key=lambda h: (h[1].published is not None, h[1].published or ""), reverse=True)
    elif f.sort == "value":
        hits.sort(key=lambda h: (_number(h[0]) is not None, _number(h[0]) or 0), reverse=True)
    sources = {fid: s.doc_ids for s in kb.statistics for fid in s.fact_ids}
    return [Hit.model_construct(fact=fact, document=doc, also_reported_by=_others(sources.get(fact.id), doc.id))
            for fact, doc in (hits[: f.limit] if f.limit else hits)]


def _others(doc_ids, own: str) -> list[str]:
    return [d for d in (doc_ids or []) if d != own]


def _span(fact, doc) -> tuple[str | None, str | None]:
    """The dates a fact is about: its period where dated (open ends run to the publication
    date or the edge of time), else its article's publication date."""
    period = getattr(fact, "period", None)
    if period is not None and (period.start or period.end):
        return period.start or "0000-01-01", period.end or doc.published or "9999-12-31"
    return doc.published, doc.published


def _overlaps(span, since: str | None, until: str | None) -> bool:
    start, end = span
    if start is None:
        return False
    return (since is None or end >= since) and (until is None or start <= until)


# -- SQLite --

def _like(needle: str) -> str:
    return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


_LIKE = "LIKE ? ESCAPE '\\'"
_ORG_IDS = (f"SELECT e.id FROM entities e WHERE e.type IN ('organization', 'alliance') AND (e.name {_LIKE}"
            f" OR EXISTS (SELECT 1 FROM json_each(e.aliases) a WHERE a.value {_LIKE}))")
_IN_SCOPE = ("((f.doc_id, f.sentence) IN (SELECT m.doc_id, m.sentence FROM facts m WHERE m.entity_id IN ({ids}))"
             " OR json_extract(f.extra, '$.agent.entity_id') IN ({ids}))")
_REGION = ("CASE WHEN json_extract(f.extra, '$.region') IS NOT NULL THEN"
           " (json_extract(f.extra, '$.region.province') {like} OR json_extract(f.extra, '$.region.city') {like}"
           " OR json_extract(f.extra, '$.region.county') {like})"
           " ELSE (d.region_province {like} OR d.region_city {like} OR d.region_county {like}) END").format(like=_LIKE)
_DATED = "(json_extract(f.extra, '$.period.start') IS NOT NULL OR json_extract(f.extra, '$.period.end') IS NOT NULL)"
_SPAN_START = f"(CASE WHEN {_DATED} THEN COALESCE(json_extract(f.extra, '$.period.start'), '0000-01-01') ELSE d.published END)"
_SPAN_END = (f"(CASE WHEN {_DATED} THEN COALESCE(json_extract(f.extra, '$.period.end'), d.published, '9999-12-31')"
             " ELSE d.published END)")
_ORDER = {None: "f.rowid", "date": "d.published DESC, f.rowid", "value": "f.value DESC, f.rowid"}


def build_sql(f: Filters, fts: str = "trigram") -> tuple[str, list]:
    """The SELECT for `f`: column names are ours, every value the user gave is a `?` parameter."""
    where, params = [], []
    if f.type:
        where.append(f"f.type IN ({', '.join('?' * len(f.type))})")
        params += f.type
    if f.text:
        if fts == "trigram" and len(f.text) >= 3:
            where.append("f.rowid IN (SELECT rowid FROM facts_fts WHERE facts_fts MATCH ?)")
            params.append('"' + f.text.replace('"', '""') + '"')
        where.append(f"(f.sentence {_LIKE} OR f.text {_LIKE} OR f.name {_LIKE})")
        params += [_like(f.text)] * 3
    if f.org:
        where.append(_IN_SCOPE.format(ids=_ORG_IDS))
        params += [_like(f.org)] * 4
    if f.entity:
        where.append(_IN_SCOPE.format(ids="?"))
        params += [f.entity] * 2
    if f.region:
        where.append(_REGION)
        params += [_like(f.region)] * 6
    for sql, value in ((f"{_SPAN_END} >= ?", f.since), (f"{_SPAN_START} <= ?", f.until)):
        if value is not None:
            where.append(sql)
            params.append(value.isoformat())
    if f.agent:
        where.append(f"(json_extract(f.extra, '$.agent.name') {_LIKE}"
                     f" OR json_extract(f.extra, '$.agent.entity_id') IN ({_ORG_IDS}))")
        params += [_like(f.agent)] * 3
    for sql, value in (("f.value >= ?", f.min_value), ("f.value <= ?", f.max_value),
                       ("f.direction = ?", f.direction), ("f.basis = ?", f.basis)):
        if value is not None:
            where.append(sql)
            params.append(value)
    sql = (f"SELECT {store.select_columns('f', store.FACT_COLUMNS)} FROM facts f JOIN documents d ON d.id = f.doc_id"
           + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {_ORDER[f.sort]}")
    if f.limit:
        sql += " LIMIT ?"
        params.append(f.limit)
    return sql, params


def _query_db(db, f: Filters) -> list[Hit]:
    sql, params = build_sql(f, store.meta(db).get("fts", "trigram"))
    try:
        facts = [store.fact_from_row(r) for r in store.rows(db, sql, params)]
        docs = documents(db, {fact.doc_id for fact in facts})
    except sqlite3.DatabaseError as exc:
        raise store.KBFileError(f"{db.conn}: query failed ({exc})") from None
    sources = _statistic_sources(db, [fact.id for fact in facts if fact.type in ("count", "percentage")])
    return [Hit.model_construct(fact=fact, document=docs[fact.doc_id],
                                also_reported_by=_others(sources.get(fact.id), fact.doc_id)) for fact in facts]


def _statistic_sources(db, fact_ids: list[str]) -> dict[str, list[str]]:
    """fact id → documents of its statistic, for the facts that have one."""
    if not fact_ids or not db["statistics"].exists():
        return {}
    found = {}
    for i in range(0, len(fact_ids), 500):
        chunk = fact_ids[i:i + 500]
        sql = ("SELECT j.value AS fact_id, s.doc_ids FROM statistics s, json_each(s.fact_ids) j"
               f" WHERE j.value IN ({', '.join('?' * len(chunk))})")
        for r in store.rows(db, sql, chunk):
            found[r["fact_id"]] = json.loads(r["doc_ids"])
    return found


def documents(kb_or_db, ids) -> dict[str, Document]:
    """The documents with these ids, by id."""
    ids = list(dict.fromkeys(ids))
    with open_source(kb_or_db) as source:
        if isinstance(source, KnowledgeBase):
            wanted = set(ids)
            return {d.id: d for d in source.documents if d.id in wanted}
        found = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i: i + 500]
            sql = (f"SELECT {store.select_columns('d', store.DOCUMENT_COLUMNS)} FROM documents d"
                   f" WHERE d.id IN ({', '.join('?' * len(chunk))})")
            found.update((r["id"], store.document_from_row(r)) for r in store.rows(source, sql, chunk))
        return found


# -- entities --

class EntityReport(BaseModel):
    """An entity, the documents that mention it, and the figures in its sentences or credited to it."""

    entity: Entity
    documents: list[Document]
    figures: list[Hit]


def find_entities(kb_or_db, name: str) -> list[Entity]:
    """Entities named `name` (canonical name or alias); failing that, those whose names contain it."""
    with open_source(kb_or_db) as source:
        if isinstance(source, KnowledgeBase):
            entities = source.entities
        else:
            entities = store.read_entities(source)
    exact = [e for e in entities if name == e.name or name in e.aliases]
    return exact or [e for e in entities if _contains(name, e.name, *e.aliases)]


def entity_reports(kb_or_db, name: str, types=("count", "percentage")) -> list[EntityReport]:
    with open_source(kb_or_db) as source:
        reports = []
        for entity in find_entities(source, name):
            docs = documents(source, entity.doc_ids)
            figures = query(source, Filters(entity=entity.id, type=list(types)))
            reports.append(EntityReport(entity=entity, documents=[docs[i] for i in entity.doc_ids if i in docs],
                                        figures=figures))
        return reports


class _CallableModule(type(store)):
    """`extractor.query` names this module and, called, runs `query()`: the package re-exports the
    function under the module's own name, and Python binds a package attribute to its submodule."""

    def __call__(self, kb_or_db, filters: Optional[Filters] = None, **kw) -> list[Hit]:
        return query(kb_or_db, filters, **kw)


sys.modules[__name__].__class__ = _CallableModule
