"""Persons: a full name after a role word (所长许毅, 记者 林珊) or in a byline (作者:张腾飞 范汉娟).

A full name is a surname and one or two more characters; 刘先生, 王某 and 吕大爷 are not
names. The organization is the one whose name ends right before the role
(盐城市公安局亭湖分局东城派出所所长许毅 → org 盐城市公安局亭湖分局东城派出所).
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns
from ..candidates import Candidate, add, of_type

NOT_NAME_END = set("某先生女士大爷大妈阿姨师傅老总")


@lru_cache(maxsize=1)
def _rules():
    rules = patterns.load("persons")
    surname = patterns.alternation(rules.surnames)
    name = rf"(?:{surname})[\u4e00-\u9fff]{{1,2}}"
    role_re = re.compile(rf"({patterns.alternation(rules.roles)})[ \u3000]?({name})")
    byline_re = re.compile(
        rf"(?:^|[\n（(□【\[ ])\s*(?:本报|本网|本台)?({patterns.alternation(rules.byline_markers)})\s*[：/／]?\s*"
        rf"((?:{name})(?:[ 、，\u3000]+(?:{name}))*)(?=$|[\s）)】\]]|[ ]|$)"
    )
    return rules, role_re, byline_re, re.compile(name), set(rules.name_stoppers)


def _trim_name(name: str, stoppers: set[str], surnames: list[str]) -> str | None:
    """Cut a trailing character that starts the next word: 许毅说 → 许毅."""
    compound = len(name) >= 3 and name[:2] in surnames
    min_len = 3 if compound else 2
    while len(name) > min_len and name[-1] in stoppers:
        name = name[:-1]
    if len(name) < min_len or name[-1] in NOT_NAME_END or name[min_len - 1] in stoppers:
        return None
    return name


def find_persons(doc: Doc) -> list[Candidate]:
    rules, role_re, byline_re, name_re, stoppers = _rules()
    text = doc.text
    orgs = {c.end: c for c in of_type(doc, "organization", "alliance")}
    out: list[Candidate] = []
    for m in role_re.finditer(text):
        name = _trim_name(m.group(2), stoppers, rules.surnames)
        if not name:
            continue
        start = m.start(2)
        org = orgs.get(m.start(1))
        out.append(Candidate("person", start, start + len(name), "person.role_name",
                             {"name": name, "role": m.group(1), "org": org.attrs["name"] if org else None}))
    for m in byline_re.finditer(text):
        role = {"文": "作者", "图": "摄影", "摄": "摄影"}.get(m.group(1), m.group(1))
        role = role.replace("本报", "")
        for n in name_re.finditer(text, m.start(2), m.end(2)):
            name = _trim_name(n.group(), stoppers, rules.surnames)
            if name:
                out.append(Candidate("person", n.start(), n.start() + len(name), "person.byline",
                                     {"name": name, "role": role, "org": None}))
    return out


@Language.component("extractor_persons")
def persons_component(doc: Doc) -> Doc:
    """Find named persons with their role and organization (runs after organizations)."""
    for cand in find_persons(doc):
        add(doc, cand)
    return doc
