"""Groups named in lists: quoted brands coordinated with a quoted group (“朝阳群众”、“东城守望岗”)
and the items of a list the text calls volunteers' brands (汉沽邻里、板厂红袖标等志愿者品牌).
The alliance stage (alliances.py) calls these after its own head-noun and quoted-brand rules.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..candidates import Candidate
from .left_walk import walk_left


# Between two coordinated quoted brands, the whole gap: 、 or 和/及/与, and at most a short
# place (土城地区).
_COORDINATION = re.compile(r"(?:(?:、|和|及|与|以及)[^，。；：“”\n]{0,6})?$")  # or nothing: “青年帮帮团”“花都守护者”


def coordinated_brands(text: str, found: list[Candidate], quoted: list[re.Match],
                       not_group_after: tuple[str, ...]) -> list[Candidate]:
    """推出…“民兵联防队”、土城地区“装饰城治安联动”: a quoted brand listed with a quoted group is
    a group too, whatever it ends with. `quoted`: the quoted brands' matches in `text` (group 1
    the brand); `found`: the groups found so far; a brand before a campaign word
    (`not_group_after`) stays none."""
    starts = {c.start for c in found}
    is_group = [m.start() in starts for m in quoted]
    out = []
    modes = _lists_of_modes(text, quoted, not_group_after)
    # A list passes group-hood along its whole length (“朝阳群众”、“东城守望岗”、“大兴老街坊”):
    # the items are read again while one more of them turns out a group.
    added = True
    while added:
        added = False
        for i, m in enumerate(quoted):
            if is_group[i] or text[m.end(): m.end() + 10].startswith(not_group_after) or i in modes:
                continue
            linked = []
            if i > 0 and _COORDINATION.fullmatch(text, quoted[i - 1].end(), m.start()):
                linked.append(i - 1)
            if i + 1 < len(quoted) and _COORDINATION.fullmatch(text, m.end(), quoted[i + 1].start()):
                linked.append(i + 1)
            if any(is_group[j] for j in linked):
                is_group[i] = added = True
                out.append(Candidate("alliance", m.start(), m.end(), "alliance.coordinated_brand", {"name": m.group(1)}))
    out.sort(key=lambda c: c.start)
    return out


def _lists_of_modes(text: str, quoted: list[re.Match], kinds: tuple[str, ...]) -> set[int]:
    """The items of each coordinated list of quoted brands that 等 and a kind of practice
    close (“护边驿站”“蒙古包哨所”…“守望草原巡防队”等特色护边模式: `kinds`, alliances.yaml
    `not_group_after`): models of work, none made a group by a group in the list."""
    out: set[int] = set()
    i = 0
    while i < len(quoted):
        j = i
        while j + 1 < len(quoted) and _COORDINATION.fullmatch(text, quoted[j].end(), quoted[j + 1].start()):
            j += 1
        closing = _KIND_AFTER_LIST.match(text, quoted[j].end())
        if j > i and closing and any(closing.group(1).endswith(kinds, 0, k) for k in range(1, len(closing.group(1)) + 1)):
            out.update(range(i, j + 1))
        i = j + 1
    return out


# 等 and at most eight characters ending the list's kind (等特色护边模式).
_KIND_AFTER_LIST = re.compile(r"等([\u4e00-\u9fff]{1,8})")


# 汉沽邻里、板厂红袖标、平安新村、蓝盾护卫队等志愿者品牌: a list the text calls brands of
# volunteers; 5 to 8 Han characters an item at most.
_BRAND_LIST = re.compile(r"((?:[\u4e00-\u9fff]{2,8}、)+[\u4e00-\u9fff]{2,8})等(?:志愿者|志愿服务|群防群治|平安)品牌")


def listed_brands(doc: Doc, text: str, stop_words) -> list[Candidate]:
    """Each item of a list the text calls volunteers' brands (…、平安新村、蓝盾护卫队等志愿者品牌)
    is a group's name; the first item starts where a name can (打造出有影响力的|汉沽邻里)."""
    out = []
    for m in _BRAND_LIST.finditer(text) if "品牌" in text else ():
        items = m.group(1).split("、")
        pos = m.start(1)
        first_end = pos + len(items[0])
        first_start = walk_left(doc, first_end, stop_words, max_chars=8, glue=True)
        if first_end - first_start < 2:
            continue
        items[0], pos = text[first_start:first_end], first_start
        for item in items:
            out.append(Candidate("alliance", pos, pos + len(item), "alliance.listed_brand", {"name": item}))
            pos += len(item) + 1
    return out
