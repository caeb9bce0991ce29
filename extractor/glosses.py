"""Pinyin glosses that some reposting sites write after characters (網(wǎng)絡(luò), 環(huán)比):
cut before the rules read the text, with a map back to the offsets of the text as read.

A gloss is a bracket of Latin letters holding at least one tone mark, right after a Han
character: (APP), (110) and (2020) hold no tone mark and stay. The rules then see 网络 and
环比, names are found whole (荆会(huì)平 → 荆会平), and every fact still quotes the page as it
was read: `source_offsets` maps each offset of the cut text back to it.
"""

from __future__ import annotations

import re

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
# (wǎng), （huán）: letters and tone marks, at least one tone mark, after a Han character.
_GLOSS = re.compile(rf"(?<=[\u4e00-\u9fff])[(（][a-zü{_TONED}]*[{_TONED}][a-zü{_TONED}]*[)）]")


def strip_glosses(text: str) -> tuple[str, list[int] | None]:
    """(text without glosses, offsets) where offsets[i] is where character i of the cut text
    stands in `text`, and offsets[len(cut)] == len(text); (text, None) when there are none."""
    if not any(ch in text for ch in _TONED):
        return text, None
    cuts = [(m.start(), m.end()) for m in _GLOSS.finditer(text)]
    if not cuts:
        return text, None
    parts, offsets, pos = [], [], 0
    for start, end in cuts:
        parts.append(text[pos:start])
        offsets.extend(range(pos, start))
        pos = end
    parts.append(text[pos:])
    offsets.extend(range(pos, len(text)))
    offsets.append(len(text))
    return "".join(parts), offsets
