"""The knowledge base: pydantic models for documents, facts, entities and errors.

These models are the product's contract. `schema/kb.schema.json` is exported from
`KnowledgeBase` by `extractor schema` and a test keeps the committed copy current.
Offsets are code-point offsets into `Document.text`, end exclusive, so that
`doc.text[fact.start:fact.end] == fact.text` always holds.
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1

Approx = Literal["more_than", "about", "nearly", "at_least"]
Direction = Literal["up", "down"]
Basis = Literal["同比", "环比"]


class Region(BaseModel):
    """The place an article (or a figure) is about, with full official names."""

    province: Optional[str] = None
    city: Optional[str] = None
    county: Optional[str] = None
    code: Optional[str] = Field(None, description="administrative division code of the most specific level")


class Period(BaseModel):
    """The time span a figure covers: as written, and resolved to ISO dates where possible."""

    text: str
    start: Optional[str] = None
    end: Optional[str] = None


class Agent(BaseModel):
    """The organization or alliance the text credits with a figure."""

    name: str
    type: Literal["organization", "alliance"]
    entity_id: Optional[str] = None


class _FactBase(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str
    doc_id: str
    text: str = Field(description="the exact span in the document text")
    start: int = Field(ge=0, description="code-point offset of the span's first character")
    end: int = Field(ge=0, description="code-point offset just past the span")
    sentence: str = Field(description="the sentence that contains the span, for citing")
    headline: Optional[str] = Field(None, description="headline of the news item the fact belongs to")
    rule: str = Field(description="the rule that produced the fact, for debugging misses")


class OrganizationFact(_FactBase):
    type: Literal["organization"] = "organization"
    name: str
    entity_id: Optional[str] = None


class AllianceFact(_FactBase):
    type: Literal["alliance"] = "alliance"
    name: str = Field(description="normalized: quote marks removed, head noun kept")
    entity_id: Optional[str] = None


class PersonFact(_FactBase):
    type: Literal["person"] = "person"
    name: str
    role: Optional[str] = None
    org: Optional[str] = None
    entity_id: Optional[str] = None


class _FigureBase(_FactBase):
    agent: Optional[Agent] = Field(None, description="who did or reports what is counted")
    period: Optional[Period] = Field(None, description="the time span the figure covers")
    region: Optional[Region] = Field(None, description="the place the figure is about")


Number = Union[int, float]


class CountFact(_FigureBase):
    type: Literal["count"] = "count"
    value: Number
    value_max: Optional[Number] = None
    unit: Optional[str] = Field(None, description="the classifier as written: 名, 家, 起, 人次 ...; null for a figure "
                                            "in 万 or 亿 written with none (预警信息总数达405万)")
    approx: Optional[Approx] = None
    subject: Optional[str] = Field(None, description="the counted noun")


class PercentageFact(_FigureBase):
    type: Literal["percentage"] = "percentage"
    value: Number
    value_max: Optional[Number] = Field(None, description="upper end of a range such as 70%-80%")
    direction: Optional[Direction] = None
    basis: Optional[Basis] = None
    metric: Optional[str] = None
    points: bool = Field(False, description="true for 个百分点 (percentage points)")


class MoneyFact(_FactBase):
    type: Literal["money"] = "money"
    value: Number = Field(description="amount in 元")
    unit: Literal["元"] = "元"
    approx: Optional[Approx] = None


class DateFact(_FactBase):
    type: Literal["date"] = "date"
    value: Optional[str] = Field(None, description="ISO date when the calendar fixes it")


Fact = Annotated[
    Union[OrganizationFact, AllianceFact, PersonFact, CountFact, PercentageFact, MoneyFact, DateFact],
    Field(discriminator="type"),
]
FACT_TYPES = ("organization", "alliance", "person", "count", "percentage", "money", "date")


class Document(BaseModel):
    id: str
    path: str
    sha256: str
    title: Optional[str] = None
    published: Optional[str] = Field(None, description="ISO date the page states, never guessed")
    source: Optional[str] = None
    author: Optional[str] = None
    region: Optional[Region] = None
    encoding: Optional[str] = None
    script: Literal["simplified", "traditional"] = "simplified"
    n_chars: int
    text: Optional[str] = Field(None, description="decoded text; offsets refer to it; omitted with --no-text")
    warnings: list[str] = Field(default_factory=list)


class Entity(BaseModel):
    """One distinct organization, alliance or person across all documents."""

    id: str
    type: Literal["organization", "alliance", "person"]
    name: str
    aliases: list[str] = Field(default_factory=list)
    fact_ids: list[str] = Field(default_factory=list)
    doc_ids: list[str] = Field(default_factory=list)


class Statistic(BaseModel):
    """One distinct figure and every fact (and document) that reports it."""

    id: str
    type: Literal["count", "percentage"]
    value: Union[int, float]
    unit: Optional[str] = None
    topic: Optional[str] = Field(None, description="the counted subject or the percentage's metric")
    region: Optional[Region] = None
    period: Optional[Period] = None
    fact_ids: list[str]
    doc_ids: list[str]


class FileError(BaseModel):
    path: str
    kind: str
    message: str


class DocumentResult(BaseModel):
    """One document with its facts: the unit of work and one line of `.jsonl` output."""

    document: Document
    facts: list[Fact] = Field(default_factory=list)


class KnowledgeBase(BaseModel):
    schema_version: Literal[1] = SCHEMA_VERSION
    generator: str = "extractor"
    documents: list[Document] = Field(default_factory=list)
    facts: list[Fact] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    statistics: list[Statistic] = Field(default_factory=list)
    errors: list[FileError] = Field(default_factory=list)
