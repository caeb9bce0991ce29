"""Datasette metadata for a knowledge base `.db`: titles, plain-word descriptions, facets, canned queries.

    metadata("kb")                  # one dict, Datasette 0.x `--metadata` format
    split(metadata("kb"))           # (metadata, config) for Datasette 1.x: `--metadata` and `--config`

Pure data: this module imports nothing from Datasette, so it can be read, tested and reused
(`datasette kb.db --metadata meta.json`) without it. `extractor serve` writes it to a temporary
file and starts Datasette with it (serve.py). The facts table's `region_province` facet, which
counts facts by their document's province, is a facet class of our own (datasette_plugin.py);
plain `datasette` without that plugin shows the other facets and ignores that one.
"""

from __future__ import annotations

import json
from copy import deepcopy
from pathlib import Path
from typing import Iterable, Mapping, Union

TITLE = "Police press facts"
DESCRIPTION = ("Facts extracted by extractor from Chinese police and public-security press articles: "
               "organizations, alliances, persons, counts, percentages, money and dates. Every fact "
               "keeps its source sentence and its document, so each figure can be checked where it was said.")

# The region facet on facts: the province of each fact's document (documents.region_province),
# computed by datasette_plugin.RegionFacet through facts.doc_id; the filter argument it toggles.
REGION_FACET = "region"
REGION_ARG = "_region"

TABLES: dict[str, dict] = {
    "documents": {
        "title": "Articles",
        "description": "One row per article read: its headline, date, outlet and region, and its text.",
        "columns": {
            "id": "Document id: the file name without its extension",
            "path": "The article's file, as given to extractor run",
            "sha256": "SHA-256 of the file's bytes, to tell versions of an article apart",
            "title": "Headline of the article",
            "published": "Publication date the page states (YYYY-MM-DD); empty when it states none",
            "source": "Outlet that published the article (来源)",
            "region_province": "Province-level region the article is about, full official name (浙江省)",
            "region_city": "City the article is about (杭州市), when one is named",
            "region_county": "County or district the article is about, when one is named",
            "n_chars": "Length of the article's text in characters",
            "text": "Full text of the article; empty when the knowledge base was made with --no-text",
            "extra": "Other document fields as JSON: author, encoding, script (simplified or traditional), "
                     "warnings, region code",
        },
        "facets": ["region_province", "source", {"date": "published"}],
        "label_column": "title",
        "sort_desc": "published",
    },
    "facts": {
        "title": "Facts",
        "description": ("One row per fact found in an article: a name, a count, a percentage, an amount of money "
                        "or a date, with the exact words, the sentence they stand in and the article. "
                        "Search looks in the sentence, the fact's words and its name."),
        "columns": {
            "id": "Fact id: document id, character offsets and type",
            "doc_id": "The article the fact comes from",
            "type": "Kind of fact: organization, alliance, person, count, percentage, money or date",
            "text": "The fact's exact words in the article",
            "start": "Character offset where those words start in the article's text",
            "end": "Character offset where they end: text = the article's text from start to end",
            "sentence": "The sentence the fact comes from",
            "headline": "Headline of the news item the fact sits under",
            "rule": "The extraction rule that found it",
            "name": "Normalized name of an organization, alliance or person",
            "role": "A person's role or title (民警, 所长)",
            "org": "The organization a person belongs to",
            "entity_id": "The organization, alliance or person the fact names (see Entities)",
            "value": "The number: a count, a percentage, or an amount of money in 元",
            "value_max": "Upper end of a range such as 10至20名 or 70%-80%; empty otherwise",
            "unit": "Counting word of a count (起, 名, 人次, 宗)",
            "approx": "How exact a count is: more_than (余, 逾, 多), about (约), nearly (近), at_least (至少)",
            "subject": "What a count counts (电诈案件, 犯罪嫌疑人)",
            "direction": "Whether a percentage went up or down",
            "basis": "What a change compares with: 同比 (the same period a year before) or 环比 (the period before)",
            "metric": "What a percentage measures (电诈警情, 破获率)",
            "points": "1 when the change is in percentage points (个百分点), 0 when in per cent",
            "extra": "Other fields as JSON: who reports a figure (agent), the period and place it covers, "
                     "a date fact's date",
            "search_text": "The sentence, words and name cut into words, for full-text search",
        },
        "facets": ["type", {REGION_FACET: "doc_id"}, "unit", "direction", "basis"],
        "label_column": "text",
    },
    "entities": {
        "title": "Organizations, alliances and people",
        "description": "One row per distinct organization, alliance or person, whatever name the articles use.",
        "columns": {
            "id": "Entity id: type and normalized name",
            "type": "organization, alliance or person",
            "name": "Full normalized name (浙江省公安厅)",
            "aliases": "Other names the articles use for it, as a JSON list (省公安厅)",
        },
        "facets": ["type"],
        "label_column": "name",
    },
    "mentions": {
        "title": "Mentions",
        "description": "Which facts name which entity, and in which article.",
        "columns": {
            "entity_id": "The organization, alliance or person named",
            "fact_id": "The fact that names it",
            "doc_id": "The article the fact comes from",
        },
    },
    "statistics": {
        "title": "Figures",
        "description": ("One row per distinct figure (a count or a percentage about one topic, place and period); "
                        "the same figure reported by several facts or articles is one row."),
        "columns": {
            "id": "Figure id",
            "type": "count or percentage",
            "value": "The number",
            "unit": "Counting word of a count; empty for a percentage",
            "topic": "What the figure is about (电诈案件)",
            "fact_ids": "The facts that report it, as a JSON list",
            "doc_ids": "The articles that report it, as a JSON list",
            "extra": "Other fields as JSON: the period and place the figure covers",
        },
        "facets": ["type", "unit"],
    },
    "errors": {
        "title": "Files that could not be read",
        "description": "Every file found that is not among the articles, with the reason.",
        "columns": {
            "path": "The file",
            "kind": "Kind of problem: empty, binary, undecodable, too_large, unreadable, internal …",
            "message": "What went wrong",
        },
        "facets": ["kind"],
    },
    "meta": {
        "title": "About this knowledge base",
        "description": "Schema version, the program that wrote the file, and which full-text search it uses.",
        "columns": {
            "key": "Name of the setting",
            "value": "Its value",
        },
    },
}

# Canned queries: Datasette lists them on the database page; each is one click for a reader.
QUERIES: dict[str, dict] = {
    "percentages_down_yoy": {
        "title": "Percentages that fell 同比, with their source sentence",
        "description": "Every percentage that went down compared with the same period a year before, largest fall first.",
        "sql": """select
  f.text as figure,
  f.value as per_cent,
  f.points as percentage_points,
  f.metric,
  f.sentence,
  d.title as article,
  d.published,
  d.region_province as province,
  f.doc_id,
  f.id as fact_id
from facts f join documents d on d.id = f.doc_id
where f.type = 'percentage' and f.direction = 'down' and f.basis = '同比'
order by f.value desc, f.doc_id, f.start""",
    },
    "figures_by_province": {
        "title": "Counts and percentages by province",
        "description": "How many counts and percentages the articles of each province report.",
        "sql": """select
  coalesce(d.region_province, '(no region)') as province,
  sum(f.type = 'count') as counts,
  sum(f.type = 'percentage') as percentages,
  count(distinct f.doc_id) as articles
from facts f join documents d on d.id = f.doc_id
where f.type in ('count', 'percentage')
group by province
order by counts + percentages desc, province""",
    },
    "facts_in_province": {
        "title": "Counts and percentages in one province's articles",
        "description": "Type part of a province's name (浙江, 福建); leave it empty for all.",
        "sql": """select
  f.type,
  f.text as figure,
  f.value,
  f.unit,
  f.direction,
  f.basis,
  coalesce(f.subject, f.metric) as about,
  f.sentence,
  d.title as article,
  d.published,
  d.region_province as province
from facts f join documents d on d.id = f.doc_id
where f.type in ('count', 'percentage')
  and coalesce(d.region_province, '') like '%' || :province || '%'
order by d.published desc, f.doc_id, f.start""",
    },
    "figures_in_several_articles": {
        "title": "Figures reported by more than one article",
        "description": "The same number about the same topic, place and period, found in several articles.",
        "sql": """select
  s.type,
  s.value,
  s.unit,
  s.topic,
  json_array_length(s.doc_ids) as articles,
  s.doc_ids
from statistics s
where json_array_length(s.doc_ids) > 1
order by articles desc, s.id""",
    },
}

_QUERY_TABLES = {"figures_in_several_articles": {"statistics"}}  # the others read facts and documents

# Keys that stay metadata in Datasette 1.x; every other key of a table (facets, sort, label_column …)
# and the canned queries are configuration there (`datasette.yaml`).
_METADATA_KEYS = {"title", "description", "description_html", "license", "license_url", "source", "source_url",
                  "about", "about_url", "columns"}


def metadata(database: str = "kb", tables: Union[None, Iterable[str], Mapping[str, Iterable[str]]] = None) -> dict:
    """The metadata for a knowledge base served under the name `database` (the file's stem).

    `tables`: the tables the file has, or a mapping of each to its columns (see serve.check), so
    that an older or newer export is described as it is: other tables and columns are left out.
    """
    have = None if tables is None else (
        {t: set(c) for t, c in tables.items()} if isinstance(tables, Mapping) else dict.fromkeys(tables))
    described = {}
    for name, spec in TABLES.items():
        if have is not None and name not in have:
            continue
        spec = deepcopy(spec)
        if have is not None and have[name] is not None:
            spec["columns"] = {c: text for c, text in spec["columns"].items() if c in have[name]}
        described[name] = spec
    return {
        "title": TITLE,
        "description": DESCRIPTION,
        "databases": {
            database: {
                "title": TITLE,
                "description": DESCRIPTION,
                "tables": described,
                "queries": {name: deepcopy(query) for name, query in QUERIES.items()
                            if have is None or _QUERY_TABLES.get(name, {"facts", "documents"}) <= have.keys()},
            }
        },
    }


def split(meta: dict) -> tuple[dict, dict]:
    """Datasette 1.x: (metadata, config) from one 0.x-style metadata dict."""
    metadata_part: dict = {k: v for k, v in meta.items() if k != "databases"}
    config: dict = {}
    for db_name, db in meta.get("databases", {}).items():
        db_meta = {k: v for k, v in db.items() if k in _METADATA_KEYS}
        db_conf = {k: v for k, v in db.items() if k not in _METADATA_KEYS and k != "tables"}
        for table, spec in db.get("tables", {}).items():
            table_meta = {k: v for k, v in spec.items() if k in _METADATA_KEYS}
            table_conf = {k: v for k, v in spec.items() if k not in _METADATA_KEYS}
            if table_meta:
                db_meta.setdefault("tables", {})[table] = table_meta
            if table_conf:
                db_conf.setdefault("tables", {})[table] = table_conf
        metadata_part.setdefault("databases", {})[db_name] = db_meta
        if db_conf:
            config.setdefault("databases", {})[db_name] = db_conf
    return metadata_part, config


def write(path: Union[str, Path], database: str = "kb", tables=None) -> Path:
    """Write the metadata as JSON (for `datasette serve --metadata`)."""
    path = Path(path)
    path.write_text(json.dumps(metadata(database, tables), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path
