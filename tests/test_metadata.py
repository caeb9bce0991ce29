"""Document metadata a page states: the source outlet from 来源, a dateline or a breadcrumb."""

from __future__ import annotations

import pytest

from extractor.normalize import normalize
from extractor.stages.metadata import extract_metadata


@pytest.mark.parametrize("text, source", [
    ("发布时间：2024-03-15 10:00  来源：东南网  作者：李明\n正文。", "东南网"),
    ("中新网北京5月20日电 （记者 王明）民警破获案件。", "中新网"),
    # a site and its paper opening a dateline
    ("首页 | 资源搜索 |\n黔中传媒网-黔中日报讯(记者 秦华)民航社区治安良好。", "黔中传媒网-黔中日报"),
    # a breadcrumb starts from the site the page belongs to
    ("当前位置:江淮长安网 > 投稿 > 市政法单位\n江阴公安巡防\n2023-01-19 08:47:00\n正文。", "江淮长安网"),
    ("民警深入社区开展宣传。", None),
    # a lead opening with the outlet's own reporter; 本报 names no outlet
    ("标题\n\n江城晚报记者从市公安局了解到，全市治安向好。", "江城晚报"),
    ("标题\n\n本报记者从市公安局了解到，全市治安向好。", None),
    # a heading whose 电 goes on (电信) is no wire dateline; a Hong Kong paper's bracketed
    # dateline; a site and its app with the hour in the dateline; 稿源 in a closing bracket
    ("打击网络电信诈骗\n全市破案10起。", None),
    ("【明报专讯】警方昨公布去年整体罪案。", "明报"),
    ("华龙网-新重庆客户端6月23日10时讯(通讯员 冯劲博)为推动巡防工作取得实效。", "华龙网-新重庆客户端"),
    # an em dash between the site and its app, and the minute after the hour
    ("华龙网—新重庆客户端4月14日14时05分讯 为了提高群众防范意识。", "华龙网—新重庆客户端"),
    # a 发布 that opens the venue's own name (新闻发布厅) does not end the source
    ("发布时间:2025-08-08 15:46 信息来源:市政府新闻发布厅 阅读次数:\n正文。", "市政府新闻发布厅"),
    # a bracket closes a source field ([来源:华声在线] [作者:…]); 【本报讯】 names no outlet
    ("[来源:华声在线] [作者:昌小英]\n正文。", "华声在线"),
    ("【本报讯】司法警察局昨举行迎春座谈会。", None),
    # a dateline's bracket may name the reporter's desk before 记者
    ("标题\n   湘江在线9月2日讯(湘江全媒体记者 方园) 9月2日，市人大常委会开会。", "湘江在线"),
    ("标题\n正文。\n(李颖/稿源:唐山劳动日报)\n", "唐山劳动日报"),
    # a byline under the outlet's desk names the outlet
    ("标题\n周口日报全媒体记者 任富强\n正文。", "周口日报"),
    ("标题\n极目新闻记者 周萍英\n正文。", "极目新闻"),
    # a paper's page header with a date, 数字报 or a section; a site's name before the date
    ("浙江日报 数字报纸\n百城禁毒会战成果显著\n正文。", "浙江日报"),
    ("石狮日报   2017-07-20 08:10\n标题\n正文。", "石狮日报"),
    ("中国新闻网 2022-12-19 20:17\n正文。", "中国新闻网"),
    # a byline with 文、图/ before it or a site after the paper
    ("文、图/羊城晚报全媒体记者 彭纪宁 通讯员 谭耀广\n正文。", "羊城晚报"),
    ("内蒙古日报·草原云记者:安寅东\n正文。", "内蒙古日报"),
    # a site and its paper joined by a slash; a radio site's 消息 dateline; a paper's app
    # line with the date
    ("标题\n来源:石榴云/新疆法治报   发布时间: 2023-10-27\n正文。", "石榴云/新疆法治报"),
    ("标题\n央广网西安10月8日消息(记者雷恺通)西安市公安局通报。", "央广网"),
    ("北京青年报\n北京青年报客户端 2024-05-26\n延庆公安分局通报。", "北京青年报"),
    # an app before the site in a dateline; a site and its desk opening the lead with the
    # reporters in brackets
    ("标题\n新江苏·中国江苏网讯 (记者 胡兰兰) 记者8月18日从省公安厅了解到。", "中国江苏网"),
    ("标题\n阿勒泰新闻网-阿勒泰地区融媒体中心(记者 董世菊 通讯员 李梦婷)“您看”", "阿勒泰新闻网"),
    # a label with no outlet after it on its line, or only 原创, names no source
    ("来源:\n2015-11-13 07:24本报讯 记者 韩兴国 日前，记者从市公安局了解到。", None),
    ("当前位置:首页>政法在线\n标题\n来源:原创 浏览:7491\n正文。", None),
    # a paper's name alone in the opening brackets; a paper and its app before 记者; a
    # page header with 要闻 glued to the paper's name (本报 names none)
    ("【人民公安报】榆树立体防控助力平安建设\n正文。", "人民公安报"),
    ("标题\n四川法治报-法治四川新闻客户端记者 陈博 文/图\n正文。", "四川法治报"),
    ("南方工报要闻 02清明假期全省交通事故同比下降\n正文。", "南方工报"),
    ("本报要闻 02\n正文。", None),
    # a dateline below a long navigation list
    ("省份\n" * 30 + "中新网广州1月9日电 (记者 方伟彬)在2023年1月10日。", "中新网"),
    # a news agency's dateline, with a year or with nothing; a space after the outlet
    ("新华社香港2018年7月25日电 香港警方25日公布。", "新华社"),
    ("新华社电 记者从河南省公安厅获悉。", "新华社"),
    # a source field holding only a place or a host name names no outlet: the byline's paper does
    ("\n被盗电动车认领现场\n河南商报记者 王春胜/摄\n电动车的安全，一直是市民关心的话题。\n来源:河南\n", "河南商报"),
    ("标题\n18.02.2016  09:43\n来源: n.sinaimg.cn\n正文。", None),
    # a paragraph opening with a sentence before 新闻记者 names no outlet
    ("标题\n他接受新闻记者采访时说。\n正文。", None),
    # a special dispatch (专电); a dot between the outlet and the place it files from
    ("新华社长春11月23日专电(记者王五)为了打击校园暴力。", "新华社"),
    ("中国网·滨海高新讯 3月22日上午，民警开展行动。", "中国网"),
    # a source field holding a page's code names no outlet: the dateline does
    # 收集编辑 is the next label (来源:浙江之声收集编辑:浙江之声)
    ("来源:浙江之声收集编辑:浙江之声\n正文。", "浙江之声"),
    # a 来源 in quotes is a disclaimer's example (凡本网注明“来源:XXX”的稿件): no source
    ("正文。\n2、凡本网注明 “来源:XXX(非融媒在线)”的新闻稿件和图片作品,系我方转载。", None),
    ("发布时间:2024-11-24 14:10:12 来源: sp20241124\n中新网 拉萨5月27日电 (记者 江飞波)西藏。", "中新网"),
    # a dateline's outlet with its other name in brackets; a paper's correspondent opening the lead
    ("荆楚网(湖北日报网)讯(通讯员王应明、曾全发) 9月1日开学首日，民警上岗。", "荆楚网"),
    ("湖南日报·新湖南客户端通讯员 邓昊雯\n每天，西湖派出所的义警们巡逻。", "湖南日报"),
    # 本网专稿 ("this site's own story") names no outlet, whatever follows 本网: the dateline does
    ("标题\n2022-02-25 15:41:12 来源:本网专稿 作者:高宝玲\n改革网哈尔滨2月25日讯(高宝玲)在平房区。", "改革网"),
    # a dateline a reporter's bracket confirms names its outlet whatever the name ends with,
    # cut before the place it was filed from; 本报讯 names none
    ("标题\n奔流新闻讯(记者 张秀芸)在人民警察节到来之际。", "奔流新闻"),
    ("标题\n今报南宁讯(记者王斯)破获拐卖儿童积案31起。", "今报"),
    ("红网时刻益阳8月31日讯(通讯员 肖云 王鹏)临近开学。", "红网时刻"),
    ("标题\n本报讯(记者 王五)民警巡逻。", None),
    # a date glued on after the 来源 name ends it; an outlet, a space, then its correspondent
    ("标题\n来源:中国民航网2026-02-13 16:58:00\n正文。", "中国民航网"),
    ("标题\n中国民航网 通讯员李岩松 报道:春运启动以来。", "中国民航网"),
    # what a source field adds after the name: 综合 ("compiled from"), an unclosed bracket
    ("标题\n来源:法治日报综合 2024-01-02\n正文。", "法治日报"),
    ("标题\n来源:荆楚网（湖北日报网 2024-01-02\n正文。", "荆楚网"),
    # 发布 ends the name only as the next field's label (发布时间); a city's account may end in it
    ("标题\n时间:2025年05月15日来源:沈阳发布\n[字体: ] 打印\n正文。", "沈阳发布"),
    ("标题\n来源:人民网发布时间:2024-01-02\n正文。", "人民网"),
    # an empty 来源 field before the next label, or one naming the site's CMS user, names no outlet
    ("标题\n来源: 发布时间:2025-10-23\n正文。", None),
    ("标题\n来源:地区管理员\n发布日期:2019-06-14 14:35:14\n正文。", None),
    # a page's data line: date and time, then the outlet set apart by wide spaces
    ("行业要闻 > 正文\n标题\n2022/1/5 08:55   中国警察网      关键字:护校安园\n正文。", "中国警察网"),
    ("标题\n2022/1/5 08:55   交警巡逻\n正文。", None),
    # the lead's time word before the paper's own reporter is no part of its name
    ("昨日北京青年报记者从北京南站派出所获悉，春运开始。", "北京青年报"),
    # a news app's dateline (新闻/在线 before the date and 讯), after a dot; its name glued to the
    # item's date and time; a heading ending in 新闻 before no date names no outlet
    ("·闪电新闻5月15日讯 为深入推进社会稳定风险隐患专项整治。", "闪电新闻"),
    ("浙江在线12月26日讯\n记者昨日从公安部门获悉。", "浙江在线"),
    ("标题\n\n上游新闻2024-05-15 17:15:02  118\n\n5月10日下午，活动举行。", "上游新闻"),
    ("标题\n警务新闻\n5月10日下午，活动举行。", None),
    # a paper named by one character and 报 (星报讯); a wire's place after a slash, with the day alone
    ("星报讯 8月30日，记者从省公安厅获悉。", "星报"),
    ("标题\n中央社／ 台北14日电\n警方今天表示。", "中央社"),
    # an app's post names its source at its foot, after a bar (来源 | 今日大冶)
    pytest.param("标题\n" + "正文。" * 600 + "\n来源 | 今日大冶\n记者 | 李文娟", "今日大冶", id="source-at-foot"),
    pytest.param("标题\n" + "正文。" * 600 + "\n来源 | 原创", None, id="no-outlet-at-foot"),
])
def test_source(text, source):
    assert extract_metadata(normalize(text))["source"] == source


@pytest.mark.parametrize("head, published", [
    # A newspaper page's masthead on a later line dates the page (and the item on it).
    ("首页 | 新闻 | 数字报\n江城晚报　2024年3月26日　星期二　A05版：要闻\n\n标题", "2024-03-26"),
    ("江城晚报 2023年11月2日 星期四\n标题", "2023-11-02"),
    # A date in running text is no masthead.
    ("首页\n记者从市公安局获悉，2024年3月26日全市开展巡逻。", None),
    # A line that is only the date, under the headline, dates the item.
    ("警方公布上半年治安情况\n2024年7月25日\n\n警务处处长表示，罪案下跌。", "2024-07-25"),
    # The date on the source line, with no time, before or after the source.
    ("西秀区志愿巡逻保平安\n\n来源： 安顺文明网  2020-05-27  责任编辑： 李丽莎\n\n正文。", "2020-05-27"),
    ("标题\n2020年5月27日 来源：人民网\n正文。", "2020-05-27"),
    # A day-first date and time on a line of its own (a reposting site's stamp); not in a sentence.
    ("【人民公安报】榆树立体防控助力平安建设\n\n18.12.2015  16:55\n\n正文。", "2015-12-18"),
    ("版本 1.2.2015 12:00 发布。", None),
])
def test_published_from_masthead(head, published):
    from extractor.stages.metadata import find_published

    assert find_published(head) == published


@pytest.mark.parametrize("text, published", [
    # A notice signed at its foot by the issuing body and dated: the date it was issued.
    ("警情通报\n\n8月12日晚，城关派出所处置一起纠纷。\n\n临江县公安局\n2024年8月13日\n", "2024-08-13"),
    # A date alone at the end, with no issuing body above it, says nothing of the item.
    ("正文。\n\n2024年8月13日", None),
])
def test_published_from_signature(text, published):
    assert extract_metadata(normalize(text))["published"] == published


@pytest.mark.parametrize("text, title", [
    # A headline may end on a closing quote or a question mark.
    ("江城公安晒出平安“成绩单”\n发布时间：2025-01-15 10:00  来源：江城晚报\n\n正文。", "江城公安晒出平安“成绩单”"),
    ("十年间全省查处醉驾多少起?\n来源：江城网\n正文。", "十年间全省查处醉驾多少起？"),  # normalized
    # a subtitle opened by a dash, a numbered section, a caption in brackets: no headline
    ("——目前已拥有8.9万名平安志愿者\n4月15日上午，协会邀请新闻单位进行座谈，介绍了工作。", None),
    ("全市接处警工作规范有序，未发生投诉，现将情况通报如下。\n―、110警情分析\n（一）全市共接报警41695起。", None),
    ("(扫描二维码看视频)\n本报阳泉6月12日讯(记者王佳)6月12日，活动启动。", None),
    # The metadata line, a byline and an editor's line are never the headline.
    ("发布时间：2025-01-08 09:00 来源：平安江城\n\n江城市公安局举行年度新闻发布会\n\n正文。", "江城市公安局举行年度新闻发布会"),
    ("首页\n【责任编辑:editor】 |\n　　本报记者　冯思远\n全市治安平稳，民警巡逻。", None),
    # 原标题： and a run of stars wrap the headline; a masthead and a desk's byline are none
    ("原标题：权威发布 2025年山东刑事治安警情双下降\n正文。", "权威发布 2025年山东刑事治安警情双下降"),
    ("宁夏电诈案件发案数降至近5年最低值******\n正文，民警破案。", "宁夏电诈案件发案数降至近5年最低值"),
    ("国内统一刊号：CN64-0001 宁夏日报报业集团出版\n“有这支义警巡逻队，我们放心”\n正文。", "“有这支义警巡逻队，我们放心”"),
    ("湖北日报农村版全媒记者 董园园 通讯员 欧阳智慧\n正文。", None),
    ("上一篇 下一篇\n“有这支义警巡逻队，我们放心”\n正文。", "“有这支义警巡逻队，我们放心”"),
    # the outlet's name on its own line above the date is no headline; nor are a list's
    # sections (一、警情概况), a line leading into a list, a photo's caption
    ("群众安全感达99.17% 重庆公安提交2020年“成绩单”\n华龙网-新重庆客户端\n2021-01-27 21:29\n\n华龙网-新重庆客户端1月27日20时讯(记者 阙影)今日，重庆市公安局通报。",
     "群众安全感达99.17% 重庆公安提交2020年“成绩单”"),
    ("一、警情概况\n本月接报刑事类警情环比下降11.43%。", None),
    ("天津市公安局昨日发布今年8月份警情，主要情况如下：\n1、刑事案件\n本月全市共立刑事案件5187起。", None),
    ("(资料图片)\n正文很长的一段，民警破案。", None),
    # a paper's name in brackets and a 最新资讯: label wrap it; share buttons are none
    ("【人民公安报】榆树立体防控助力平安建设\n正文。", "榆树立体防控助力平安建设"),
    ("最新资讯:沈阳铁西群防群治筑牢平安防线\n正文，民警巡逻。", "沈阳铁西群防群治筑牢平安防线"),
    ("点击右上角微信好友\n平安建设取得新成效\n正文。", "平安建设取得新成效"),
    ("特约通讯员 白菲斐 通讯员  黄芳芳 马艳\n正文，民警破案。", None),
    # a feature's "portrait of" line is its headline; a line ending in a comma goes on, no headline
    ("——记河南省辉县市公安局洪洲派出所\n2019-12-13 作者: 来源: 人民法治网\n文/王清平\n有一份温馨,是回眸时,你在我身旁,\n正文。",
     "——记河南省辉县市公安局洪洲派出所"),
    ("有一份温馨,是回眸时,你在我身旁,\n有一份责任,是驻足时,你在岗位上。", None),
    # a page's counters and its publisher's footer are no headline
    ("更新时间: 浏览次数:888\n正文，民警破案。", None),
    ("中共湖南省委《新湘评论》杂志社主办\n\n不断夺取禁毒人民战争新胜利\n正文，民警破案。", "不断夺取禁毒人民战争新胜利"),
    # nor is a site's licence and complaints line
    ("京ICP备2022018928号-30 投诉举报:315\n(资料图)\n京山市运行一村一辅警机制两年以来，村辅警充分发挥优势。", None),
])
def test_title(text, title):
    assert extract_metadata(normalize(text))["title"] == title


def test_source_is_quoted_as_the_page_writes_it():
    """The stages match the normalized outlet; the record quotes the page: traditional script
    and a reposting site's pinyin glosses kept (中新網(wǎng)), as the title and the names are."""
    from extractor import extract_document

    text = ("男子企圖越境赴俄旅遊 黑龍江邊境警察將其遣送原籍\n中新網(wǎng)哈爾濱6月3日電 (記者 王琳)"
            "黑龍江邊境管理支隊民警在邊境巡邏時發現一名男子，隨後將其遣送原籍。")
    document = extract_document(text).document
    assert document.script == "traditional"
    assert document.source == "中新網(wǎng)"
    assert document.title == "男子企圖越境赴俄旅遊 黑龍江邊境警察將其遣送原籍"
