"""Load the rule data in `patterns/`, validated by pydantic, once per process.

Each rule family reads exactly one file (`counts.yaml` for counts, ...). In an installed
wheel the files live in `extractor/patterns/`; in a source checkout (editable install) they
are the repository's top-level `patterns/`. A malformed file raises `PatternError` naming
the file and the field.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from pathlib import Path
from typing import Optional

import yaml
from pydantic import BaseModel, Field, ValidationError

from .errors import PatternError


def patterns_dir() -> Path:
    """Where the pattern files are: inside the package when installed, else the checkout's."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "patterns", here.parent / "patterns"):
        if (candidate / "counts.yaml").is_file():
            return candidate
    raise PatternError(f"pattern files not found next to {here}")


class CountPatterns(BaseModel):
    classifiers: dict[str, list[str]]
    approx_before: dict[str, list[str]]
    round_approx_before: dict[str, list[str]] = {}
    approx_before_verb: dict[str, list[str]]
    approx_inside: dict[str, list[str]]
    approx_after: dict[str, list[str]]
    range_joiners: list[str]
    pair_joiners: list[str] = []
    not_after_classifier: list[str]
    adverbial_counts: list[str] = []
    attributive_counts: list[str] = []
    phase_classifiers: list[str] = []
    classifier_not_before: dict[str, list[str]] = {}
    classifier_not_after: dict[str, list[str]] = {}
    not_before_number: list[str]
    page_counters: list[str]
    team_members: list[str] = []
    rank_moves: list[str] = []
    counted_by_suo: list[str] = []
    named_categories: list[str] = []
    category_nouns: list[str] = []
    vague_numbers: list[str]
    subject_stopwords: list[str]
    subject_link_verbs: list[str]
    subject_scope_words: list[str]
    clause_verbs: list[str]
    rank_classifiers: list[str]
    not_rank_before: list[str]
    event_classifiers: list[str] = []
    comparison_markers: list[str] = []
    noun_heads: list[str] = []
    link_adverbs: str = ""
    brand_group_heads: list[str] = []
    comparator_leads: list[str] = []


class PercentagePatterns(BaseModel):
    direction: dict[str, list[str]]
    basis: dict[str, list[str]]
    paired_basis: list[str]
    metric_enders: list[str]
    metric_leaders: list[str]
    cheng_blockers: list[str]
    one_cheng_blockers: list[str] = []
    direction_after: dict[str, list[str]]
    range_joiners: list[str] = []


class ActingPlaces(BaseModel):
    heads: list[str] = []
    acting_after: list[str] = []


class OrganizationPatterns(BaseModel):
    suffixes: dict[str, list[str]]
    suffix_not_before: dict[str, list[str]] = {}
    generic_prefixes: list[str]
    generic_names: list[str]
    stop_words: list[str]
    standalone_names: list[str]
    outlet_suffixes: list[str]
    not_outlets: list[str] = []
    not_outlet_prefixes: list[str] = []
    hotline_numbers: list[str] = []
    police_short_blockers: list[str]
    police_short_verbs: list[str] = []
    police_short_forces: list[str] = []
    levels_before_police_short_word: list[str] = []
    police_short_words: list[str] = ["公安"]
    operator_short_words: list[str] = []
    operator_short_blockers: list[str] = []
    party_roles: dict[str, list[str]]
    acting_places: ActingPlaces = Field(default_factory=ActingPlaces)
    criminal_words: list[str] = []
    product_words: list[str] = []
    committee_suffixes: list[str] = []
    building_verbs: list[str] = []
    bureaus_sharing_title: list[str] = []
    police_forces: list[str] = []


class AlliancePatterns(BaseModel):
    head_nouns: list[str]
    quoted_only_heads: list[str]
    not_group_after: list[str]
    bare_brand_heads: list[str]
    bare_brand_verbs: list[str]
    member_heads: list[str]
    generic_prefixes: list[str]
    brand_name_heads: list[str]
    formed_by: list[str]
    compact_heads: list[str]
    quoted_brand_heads: list[str] = []
    stop_words: list[str] = []
    league_brands: list[str] = []
    association_heads: list[str] = []


class PersonPatterns(BaseModel):
    roles: list[str]
    byline_markers: list[str]
    byline_prefixes: list[str]
    name_stoppers: list[str]
    dotted_name_enders: list[str] = []
    name_syllables: list[str] = []
    surnames: list[str]
    colon_markers: list[str] = []
    credit_markers: list[str] = []
    speech_verbs: list[str]
    award_verbs: list[str] = []
    titles_after_name: list[str]
    gang_words: list[str] = []
    place_end_chars: str = ""
    adverb_surnames: list[str] = []
    glued_addressees: list[str] = []
    place_after_words: list[str] = []


class MoneyPatterns(BaseModel):
    units: dict[str, int]


class RegionPatterns(BaseModel):
    suffixes: list[str]
    ambiguous_short: list[str]
    common_word_names: list[str] = []
    county_short_followers: list[str]
    aliases: dict[str, str]
    zone_names: list[str] = []
    province_scope_words: list[str] = []
    acting_body_followers: list[str] = []
    ethnic_groups: list[str] = []
    origin_followers: list[str] = []


class FurniturePatterns(BaseModel):
    ad_markers: list[str]
    furniture_patterns: list[str]
    link_list_headers: list[str] = []


class ConferencePatterns(BaseModel):
    hold_verbs: list[str]
    names: list[str]
    cited_as: list[str]


class AgentPatterns(BaseModel):
    not_agent_after: list[str]
    host_offices: list[str] = []
    action_verbs: list[str]
    deploying_verbs: list[str]
    founding_verbs: list[str]
    unnamed_actors: list[str]
    scope_doers: list[str] = []
    leading_frames: list[str]
    report_verbs: list[str]
    learned_verbs: list[str]
    conference: ConferencePatterns
    list_markers: list[str]
    anaphor_kinds: list[str]
    opening_kinds: list[str]
    introduces: list[str]


_MODELS: dict[str, type[BaseModel]] = {
    "agents": AgentPatterns,
    "counts": CountPatterns,
    "percentages": PercentagePatterns,
    "organizations": OrganizationPatterns,
    "alliances": AlliancePatterns,
    "persons": PersonPatterns,
    "money": MoneyPatterns,
    "furniture": FurniturePatterns,
    "regions": RegionPatterns,
}


@lru_cache(maxsize=None)
def load(family: str, directory: Optional[str] = None):
    """Return the validated pattern model of one rule family (`counts`, `persons`, ...)."""
    model = _MODELS.get(family)
    if model is None:
        raise PatternError(f"unknown pattern family {family!r}; known: {', '.join(sorted(_MODELS))}")
    path = Path(directory) if directory else patterns_dir()
    path = path / f"{family}.yaml"
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PatternError(f"{path}: pattern file missing") from None
    except yaml.YAMLError as exc:
        raise PatternError(f"{path}: not valid YAML: {exc}") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise PatternError(f"{path}: field {where}: {first['msg']}") from None


def safe_load(text: str):
    """yaml.safe_load with libyaml's parser when PyYAML has it (several times faster at
    start-up; the same data). A file it rejects is parsed again by the pure-Python loader,
    so the error message is the usual one."""
    loader = getattr(yaml, "CSafeLoader", None)
    if loader is None:
        return yaml.safe_load(text)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError:
        return yaml.safe_load(text)


def alternation(words, escape: bool = True) -> str:
    """A regex that matches any of `words`, preferring the longest (人次 over 人).

    Literal words are compiled as a trie (南通市|南京市 → 南(?:通|京)市), which Python's
    regex engine walks in one pass instead of trying thousands of alternatives at every
    position; raw regex fragments (escape=False) are joined longest first.
    """
    items = sorted(set(words), key=len, reverse=True)
    if not escape:
        return "|".join(items)
    trie: dict = {}
    for word in items:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return trie_regex(trie) or "(?!)"


def trie_regex(node: dict) -> str:
    branches = [re.escape(ch) + trie_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def fingerprint() -> str:
    """Hash of every pattern file: part of the cache key, so a rule change re-runs documents."""
    digest = hashlib.sha256()
    for path in sorted(patterns_dir().glob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
