"""Document metadata the page states: title, publication date, source outlet, author.

Only what the page says: a date from 发布时间/日期查询/a dated line, never the file's mtime;
a source from 来源/an outlet dateline (中新网…电, XX讯). Results go to
`doc.user_data["meta"]` as a dict with `title`, `published`, `source`, `author`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from .. import patterns
from ..candidates import text_of

from .furniture import BYLINE
from .sections import is_headline, lines

_DATE = r"((?:19|20)\d{2})\s*[-年./]\s*(\d{1,2})\s*[-月./]\s*(\d{1,2})\s*日?"
_SHORT_DATE = r"(?<!\d)(\d{2})-(\d{1,2})-(\d{1,2})\s+\d{1,2}[:：]\d{2}"
_PUBLISHED = [
    re.compile(r"(?:发布时间|发布日期|日期查询|发表时间|时间|日期)\s*[：]\s*" + _DATE),
    re.compile(r"^\s*" + _DATE + r"\s+\d{1,2}[:：]\d{2}"),
    re.compile(r"[·|｜]\s*" + _DATE + r"\s+\d{1,2}[:：]\d{2}"),
    re.compile(_DATE + r"\s*\d{1,2}[:：]\d{2}.{0,20}来源"),
    re.compile(_DATE + r"\s*\d{1,2}[:：]\d{2}"),
    re.compile(r"^[^\n]{0,20}?报[ \u3000]+" + _DATE, re.M),  # a newspaper page header: 某某晚报 2024年3月26日 星期二
    # the date on the page's source line, with no time (来源: 安顺文明网  2020-05-27  责任编辑: …)
    re.compile(r"来源\s*[：][^\n]{0,30}?" + _DATE + r"|" + _DATE + r"[^\n]{0,20}?来源\s*[：]"),
]
# A line that is only the date (2024年7月25日 星期四), among the page's first lines, above its body.
_DATE_LINE = re.compile(r"^[ \t\u3000]*" + _DATE + r"[ \t\u3000]*(?:星期.)?[ \t\u3000]*$", re.M)
_DATE_LINE_ROWS = 6
# (a site and its paper joined by a slash, 来源:石榴云/新疆法治报, is one source; _outlets splits it)
# (the name is on the label's line: 来源:⏎2015-11-13 names no source)
# (来源: 发布时间:…: an empty field, the next one's label no name;
# 来源:中国民航网2026-02-13 16:58:00: a date glued on after the name ends it too; 发布 ends it
# only as the label of the next field, 发布时间 or 发布于: 来源:沈阳发布 is a city's account)
_SOURCE = re.compile(r"(?:来源|稿源)[ \t\u3000]*[：|｜][ \t\u3000]*(?!发布|时间|日期|作者|编辑|责任编辑)([^\s|｜/）)\]】\d][^\s|｜）)\]】]{1,24}?)(?=\s|$|[|｜）)\]】]|作者|责任编辑|收集编辑|发布(?=时间|日期|于|[：:])|编辑|时间|(?:19|20)\d{2}-\d{1,2}-\d{1,2})")
# What a source field adds after the outlet's name: 综合 ("compiled from"), 整理, or the outlet's
# other name in an unclosed bracket (法治日报综合, 荆楚网（湖北日报网).
_SOURCE_TAIL = re.compile(r"(?:综合|整理|编辑)$|[（(][^）)]*$")
# A paper's page header: its name, then the date, 数字报, a section or a page number
# (某某晚报 2024年3月26日, 石狮日报   2017-07-20, 浙江日报 数字报纸, 浙江日报 要闻 00002 …); a site's
# name (or its app's) before the date and time of the item (中国新闻网 2022-12-19 20:17,
# 北京青年报客户端 2024-05-26, 上游新闻2024-05-15 17:15:02).
_PAPER_HEADER = re.compile(r"^\s*((?!本)[\u4e00-\u9fff]{2,10}(?:日报|晚报|法制报|法治报|报))"
                           r"(?:[ \u3000]+(?:(?:19|20)\d{2}\s*[年\-./]|数字报)|[ \u3000]*(?:要闻[ \u3000]*\d|第?[A-Z]?\d{1,2}版))"
                           r"|^\s*([\u4e00-\u9fff]{2,8}(?:网|报)|[\u4e00-\u9fff]{2,4}(?:新闻|在线))(?:客户端)?[ \u3000]*(?:19|20)\d{2}-\d{1,2}-\d{1,2}", re.M)
# 中新网北京5月20日电, 央广网西安10月8日消息, 陕西传媒网-陕西日报讯, 新江苏·中国江苏网讯 (an
# app before the site), 华龙网-新重庆客户端6月23日10时讯 (or an em dash, 华龙网—新重庆客户端): an outlet (or a
# site and its paper or app) opening a dateline; a news agency's too (新华社香港2018年7月25日电,
# 新华社电, 新华社长春11月23日专电), and a space or a dot may follow the outlet (中新网 拉萨5月27日电,
# 中国网·滨海高新讯); a news app's too (闪电新闻5月15日讯, 浙江在线12月26日讯); a paper's name may be
# one character and 报 (星报讯), a wire may set its place apart by a slash and give the day alone
# (中央社／台北14日电);
# the 电/讯 ends a word (打击网络电信诈骗 is a heading, not 打击网's wire).
_DATELINE_SOURCE = re.compile(r"^\s*(?:[\u4e00-\u9fff]{2,6}[·•]|[·•])?((?:[\u4e00-\u9fffA-Za-z]{2,8}网(?:[-－—·][\u4e00-\u9fff]{2,8}(?:报|客户端))?|(?!本报)[\u4e00-\u9fff]{1,6}报|[\u4e00-\u9fff]{1,4}社|[\u4e00-\u9fff]{2,4}(?:新闻|在线)))(?:[（(][\u4e00-\u9fffA-Za-z]{2,10}[）)])?(?:[ \u3000·•]|\s*/\s*)?(?:[\u4e00-\u9fff]{0,6})?(?:(?:19|20)\d{2}年)?(?:(?:\d{1,2}月)?\d{1,2}日(?:\d{1,2}时(?:\d{1,2}分)?)?)?(?:专?电|讯|消息)(?![\u4e00-\u9fff])")
# 阿勒泰新闻网-阿勒泰地区融媒体中心(记者 董世菊…: a site (and its desk) opening the lead with
# the reporters in brackets.
_SITE_BYLINE_SOURCE = re.compile(r"^\s*([\u4e00-\u9fffA-Za-z]{2,8}网)(?:[-－·][\u4e00-\u9fff]{2,12})?[（(]\s*(?:记者|通讯员)")
# 奔流新闻讯(记者 张秀芸), 今报南宁讯(记者王斯), 红网时刻益阳8月31日讯(通讯员…: a dateline that a
# reporter's bracket confirms, whatever its outlet's name ends with (a place may follow it;
# the bracket may name the reporter's desk: 星辰在线10月13日讯(星辰全媒体记者 岳珊)).
_BYLINED_DATELINE = re.compile(r"^\s*((?!本)[\u4e00-\u9fff]{2,12}?)(?:(?:19|20)\d{2}年)?(?:\d{1,2}月\d{1,2}日)?讯"
                               r"\s*[（(]\s*[\u4e00-\u9fff]{0,6}?(?:记者|通讯员)")


def _bylined_dateline(row: str) -> str | None:
    """The outlet of a dateline with a reporter's bracket, cut before the place it was filed
    from (今报|南宁讯), or None."""
    m = _BYLINED_DATELINE.match(row)
    if m is None:
        return None
    from .region import mentions  # (the region stage reads the metadata: imported on use)

    head = m.group(1)
    outlet = head[:next((s for s, _e, _codes in mentions(head) if s >= 2), len(head))]
    return outlet if len(outlet) >= 2 and not names_no_outlet(outlet) else None


# The lines of the page head read for a dateline or a reporter's byline: a page may open with
# a long navigation list (省份 城市 北京市 …) before its item.
_SOURCE_ROWS = 60
# 【明報專訊】, 【星島日報報道】: a Hong Kong paper's bracketed dateline names it, however short.
# 【人民公安报】榆树立体防控…: a paper's name alone in the brackets opening the page names it too.
# A page's data line: the item's date and time, then the outlet set apart by wide spaces
# (2022/1/5 08:55   中国警察网      关键字:…).
_STAMPED_SOURCE = re.compile(r"^\s*(?:19|20)\d{2}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:[ \t\u3000]+\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
                             r"(?:[ \t\u3000]{2,}|\t)([\u4e00-\u9fff]{2,10}?(?:网|报|台|社|新闻|在线))(?:[ \t\u3000]{2,}|\t|$)")
_BRACKET_SOURCE = re.compile(r"^\s*【((?!本)[\u4e00-\u9fff]{1,6}报)(?:专讯|讯|报道)?】")
# 当前位置:江苏长安网 > 投稿 > …: the site a breadcrumb starts from is the page's outlet.
# A lead or byline opening with the outlet's own reporter (北京青年报记者从…了解到, 周口日报全媒体
# 记者 任富强, 四川法治报-法治四川新闻客户端记者, 湖南日报·新湖南客户端通讯员): the paper is the source.
# (荆楚网(湖北日报网)讯: a dateline's outlet may give its other name in brackets; the lead's time
# word may come first: 昨日北京青年报记者从…)
_REPORTER_SOURCE = re.compile(r"^\s*(?:文、?图?\s*[/／：:]\s*)?(?:昨日|昨天|今日|今天|近日|日前)?((?!本)[\u4e00-\u9fff]{2,6}(?:日报|晚报|青年报|法治报|法制报|时报|报|新闻)|[\u4e00-\u9fff]{2,6}网)"
                              r"(?:[·•\-－][\u4e00-\u9fff]{2,10})?[ \u3000]?(?:全媒体|全媒|融媒体|首席)?(?:记者|通讯员)")
# Words of a sentence, not of an outlet's name: a paragraph opening 他接受新闻记者采访 names no
# outlet (他接受新闻).
_CLAUSE_WORDS = re.compile("接受|采访|向|对|据|他|她|我们")
_BREADCRUMB_SOURCE = re.compile(r"(?:当前位置|当前的位置|您的位置|当前所在)\s*[：:]\s*([\u4e00-\u9fffA-Za-z]{2,10}网)\s*[>＞›]")
# A source field holding a host name (n.sinaimg.cn): where an image was served from.
_HOST = re.compile(r"[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


def _only_a_place(name: str) -> bool:
    """来源:河南: a source field naming only a place names no outlet."""
    from .region import mentions  # (the region stage reads the metadata: imported on use)

    return any(s == 0 and e == len(name) for s, e, _codes in mentions(name))


# A source field holding a code of letters and digits (sp20241124): a page's internal id.
_CODE = re.compile(r"[A-Za-z]*\d[A-Za-z\d]*")
_AUTHOR = re.compile(r"作者\s*[：]\s*([\u4e00-\u9fff ]{2,20}?)(?=\s*(?:[|｜]|责任编辑|发布|来源|$))")
# The line that carries the page's own metadata (the title is the line above it).
_META_LINE = re.compile(r"发布时间|来源\s*：|日期查询|作者\s*：")
_DATED_LINE = re.compile(r"^\s*" + _DATE)
# _SHORT_DATE with its lookbehind moved after the first digit (a digit not preceded by a digit
# is the same as two characters ending at the next one not both digits): the same matches and
# groups, but opening with a digit, which lets the engine jump from digit to digit.
_SHORT_DATE_RE = re.compile(r"(\d(?<!\d\d)\d)-(\d{1,2})-(\d{1,2})\s+\d{1,2}[:：]\d{2}")
_NAV = re.compile(r"首页|当前位置|当前所在|位置\s*：|>|＞|›")
_TITLE_NOISE = re.compile(r"欢迎|网站|首页|登录|注册|搜\s*索|^\W*$|版[：:]|(?:19|20)\d{2}年\d{1,2}月\d{1,2}日\s*星期"
                          r"|统一刊号|数字报|^《?[\u4e00-\u9fff]{2,10}报》?\s*(?:19|20)\d{2}年"  # a paper's masthead
                          r"|(?:记者|通讯员)\s+[\u4e00-\u9fff]{2,4}(?:\s|$)"  # a byline (湖北日报全媒记者 董园园)
                          r"|上一篇|下一篇|上一版|下一版|点击右上角|分享|微信好友|朋友圈"  # page navigation, share buttons
                          r"|浏览次数|点击[：:]|更新时间|主办$"  # a page's counters and footer (…杂志社主办)
                          r"|ICP[备证]|投诉举报|违法和不良信息"  # a site's licence and complaints line (京ICP备…号)
                          r"|^(?:[一二三四五六七八九十]{1,3}|\d{1,2})、|[：:]$"  # a section of a list (一、警情概况), a line leading into a list
                          r"|^[（(【][^）)】]{0,8}(?:图片|图|摄)[）)】]$")  # a photo's caption ((资料图片))
# What a page puts around its headline: 原标题：…, a label (最新资讯：…), the paper's name in
# brackets (【人民公安报】…), a run of stars.
_TITLE_WRAP = re.compile(r"^(?:原标题|原題|原标題|最新资讯|最新資訊|热点新闻|熱點新聞)\s*[：:]\s*|^【[\u4e00-\u9fff]{1,6}报】\s*|\s*\*{2,}\s*$")


# What joins the outlets of one source (中国网·美丽盐城, 东北网-新晚报, 石榴云/新疆法治报).
_SOURCE_PARTS = re.compile(r"[^·\-—_－/、>＞›]+")


def source_parts(source: str) -> list[re.Match]:
    """The outlets a source names, each a match in `source` (its offset locates it in the text)."""
    return list(_SOURCE_PARTS.finditer(source))


@lru_cache(maxsize=1)
def _not_outlets() -> frozenset[str]:
    return frozenset(patterns.load("organizations").not_outlets)


def names_no_outlet(name: str) -> bool:
    """来源:原创, 来源:本网专稿: words a source line gives that name no outlet."""
    rules = patterns.load("organizations")
    return name in _not_outlets() or name.startswith(tuple(rules.not_outlet_prefixes))


# A line that is a day-first date and a time (18.12.2015  16:55).
_DAY_FIRST_DATE = re.compile(r"^[ \t\u3000]*(\d{1,2})\.(\d{1,2})\.((?:19|20)\d{2})[ \t\u3000]+\d{1,2}:\d{2}[ \t\u3000]*$", re.M)


def valid_date(y: str, m: str, d: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


# The forms of _PUBLISHED that write a time after the date (1 to 4): each of their matches
# holds a match of the last, the plainest, so a page without one has none of them.
_TIMED = range(1, 5)
_DATE_TIME = _PUBLISHED[4]


def find_published(head: str) -> str | None:
    timed = None  # unknown until asked
    for k, pattern in enumerate(_PUBLISHED):
        if k in _TIMED:
            if timed is None:
                timed = _DATE_TIME.search(head) is not None
            if not timed:
                continue
        m = pattern.search(head)
        if m:  # (a pattern of two branches fills the groups of one)
            return valid_date(*[g for g in m.groups() if g is not None][:3])
    for row in head.split("\n", _DATE_LINE_ROWS)[:_DATE_LINE_ROWS]:
        if row.rstrip().endswith("。") or len(row.strip()) > 40:
            break  # the body has begun: a date below it is no page date (a notice's foot needs its body, signed_date)
        m = _DATE_LINE.match(row)
        if m:
            return valid_date(*m.groups()[:3])
    m = _SHORT_DATE_RE.search(head)  # 16-05-30 08:15: a two-digit year
    if m:
        return valid_date("20" + m.group(1), m.group(2), m.group(3))
    m = _DAY_FIRST_DATE.search(head)  # 18.12.2015  16:55: day first, as some reposting sites print it
    if m:
        return valid_date(m.group(3), m.group(2), m.group(1))
    return None


# Rows that are no headline whatever their length: a subtitle opened by a dash, a numbered
# section heading (一、, and ―、 where a page wrote the 一 as a dash), a note wholly in brackets.
# (——记河南省辉县市公安局洪洲派出所, a feature's "portrait of" line, is its headline)
_NOT_HEADLINE = re.compile(r"[—―－-](?![—―－-]*记)|[一二三四五六七八九十―]{1,3}、|[（(][^（()）]*[)）]$")


def _title_like(row: str) -> bool:
    """A headline line; one may end on a closing quote (晒出平安“成绩单”) or a question mark
    (查处醉驾多少起?), which in body text would close a sentence."""
    s = row.strip()
    if "责任编辑" in s:
        return False  # 【责任编辑:…】: page furniture
    if _NOT_HEADLINE.match(s):
        return False  # ——目前已拥有…, 一、110警情分析, (扫描二维码看视频): a subtitle, a section, a caption
    if s.endswith(("，", ",")):
        return False  # 有一份温馨，是回眸时，你在我身旁，: a sentence going on to the next line
    return is_headline(s) or (s.endswith(("”", "？", "?")) and "。" not in s and is_headline(s[:-1]))


def find_title(text: str, meta_line: int | None, source: str | None = None) -> str | None:
    """The headline: the line just above the metadata line, else the first headline-like line.
    The outlet's own name on a line of its own (华龙网-新重庆客户端 above the date) is no headline.

    Only the lines above the metadata line and the first 15 are read: the rest of the text
    is not split."""
    wanted = max(15, meta_line or 0)
    rows = [row.strip() for row in text.split("\n", wanted)[:wanted]]
    if source:
        rows = ["" if row == source else row for row in rows]
    if meta_line is not None:
        for row in reversed(rows[:meta_line]):
            if not row:
                continue
            if _title_like(row) and not _NAV.search(row) and not _TITLE_NOISE.search(row):
                return _TITLE_WRAP.sub("", row)
            break
    for row in rows[:15]:
        if not row:
            continue
        if _NAV.search(row) or _TITLE_NOISE.search(row) or _META_LINE.search(row) or BYLINE.match(row):
            continue  # 发布时间：… 来源：…, 本报记者 冯思远: the page's data about the item, not its headline
        if _title_like(row) and len(row) >= 6:
            return _TITLE_WRAP.sub("", row)
        if len(row) > 60:
            break
    return None


# How far from a page's end a source field at its foot is looked for.
_SOURCE_FOOT = 600


def _source_field(part: str) -> str | None:
    """The outlet a 来源 (or 稿源) field names in `part`, the first that names one."""
    if "来源" not in part and "稿源" not in part:
        return None
    # (凡本网注明“来源:XXX”的稿件…: a 来源 in quotes is a disclaimer's example, no source)
    m = next((m for m in _SOURCE.finditer(part) if not (m.start() and part[m.start() - 1] in "“\"「")), None)
    if m and not names_no_outlet(m.group(1).strip("·-")) and not _CODE.fullmatch(m.group(1)) \
            and not _HOST.fullmatch(m.group(1).strip()) and not _only_a_place(m.group(1).strip("·- ")):
        # (来源:原创, 来源:本站 name no outlet; nor does a code, 来源: sp20241124, a host name,
        # 来源: n.sinaimg.cn, or a place alone, 来源:河南)
        return _SOURCE_TAIL.sub("", m.group(1).strip("·-"))
    return None


def extract_metadata(text: str) -> dict:
    """Title, published date, source and author of one page's text (already normalized)."""
    head = text[:1500]
    rows = [text[s:e] for s, e in lines(head)]
    meta_line = next((i for i, r in enumerate(rows) if _META_LINE.search(r) or _DATED_LINE.match(r)), None)
    source = None
    # (凡本网注明“来源:XXX”的稿件…: a 来源 in quotes is a disclaimer's example, no source)
    m = _source_field(head)
    if m:
        source = m
    elif (p := _PAPER_HEADER.search(head)):
        source = p.group(1) or p.group(2)
    else:
        for row in rows[:_SOURCE_ROWS]:
            d = (_DATELINE_SOURCE.match(row) or _BRACKET_SOURCE.match(row) or _SITE_BYLINE_SOURCE.match(row)
                 or _STAMPED_SOURCE.match(row))
            if d:
                source = d.group(1)
                break
            source = _bylined_dateline(row)
            if source:
                break
        else:
            b = _BREADCRUMB_SOURCE.search(head)
            source = b.group(1) if b else None
            if source is None:
                r = next((r for r in map(_REPORTER_SOURCE.match, rows[:_SOURCE_ROWS])
                          if r and not _CLAUSE_WORDS.search(r.group(1))), None)
                source = r.group(1) if r else None
            if source is None and len(text) > len(head):
                # (…正文。⏎来源 | 今日大冶⏎记者 | 李文娟: an app's post names its source at the foot)
                source = _source_field(text[-_SOURCE_FOOT:])
    author = None
    a = _AUTHOR.search(head)
    if a and a.group(1).strip() and "佚名" not in a.group(1):
        author = " ".join(a.group(1).split())
    published = find_published(head) or signed_date(text)
    return {"title": find_title(text, meta_line, source), "published": published, "source": source, "author": author}


# A notice signed at its foot by the issuing body and dated (临泉县公安局\n2024年8月13日): the
# date it was issued is the item's own.
_SIGNATURE = re.compile(r"\n[ \t\u3000]*[\u4e00-\u9fff]{2,24}(?:局|分局|派出所|大队|支队|总队|厅|委员会|中心|办公室)[ \t\u3000]*\n"
                        r"[ \t\u3000]*" + _DATE + r"[ \t\u3000]*$")


def signed_date(text: str) -> str | None:
    """The date under the issuing body's name at the end of a notice (警情通报), else None."""
    m = _SIGNATURE.search(text[-200:].rstrip())
    return valid_date(*m.groups()[:3]) if m else None


@Language.component("extractor_metadata")
def metadata_component(doc: Doc) -> Doc:
    """Record what the page states about itself in `doc.user_data["meta"]`."""
    meta = extract_metadata(text_of(doc))
    original = doc.user_data.get("original_text", text_of(doc))
    # Quote the original script: the normalized text is for matching only.
    meta["title"] = _as_written(text_of(doc), original, meta["title"])
    # (the stages match the normalized outlet; the record quotes the page's, 中新網)
    meta["source_as_written"] = _as_written(text_of(doc), original, meta["source"])
    doc.user_data["meta"] = meta
    return doc


def _as_written(text: str, original: str, found: str | None) -> str | None:
    """A string found in the normalized text as the original writes it (its script), or
    itself where it is not found there."""
    if not found:
        return found
    i = text.find(found)
    return original[i : i + len(found)] if i >= 0 else found
