"""One scenario per seed rule, under the sample rules of the body that states it: the seed
sentence, a meeting that breaks the rule (the finding is raised) and one beside it that keeps
it (the finding is not). Meetings are replayed from the events `yishi` writes (fast), so the
whole registry of docs/seed-rules.toml can be walked; tests/test_fidelity.py drives the same
rules through the CLI."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from yishi import record
from yishi import rules as rules_mod
from yishi.check import evaluate, evaluate_year

SAMPLES = Path(__file__).parent.parent / "sample_configs"
_LOADED: dict[str, Any] = {}

BAICHENG = "zhangwei wangli lijun liuyang chengang zhaomin".split()
HLJ = "wangzhiqiang lihongmei zhaoguoqing sunjianjun liujing zhouming".split()
COMMITTEE = "wangzhiqiang mashuhua lihongmei zhaoguoqing sunjianjun liujing gaoyan".split()
LIAONING = "zhangdeming hanxue songtao fengqiang dongyali luchangsheng".split()
XINING = "mawenbin lixiuying hanzhiyong qixiaofang zhubin".split()
TIANJIN = "guohaitao yuhong shenjie jiangning caoyue dulei".split()
QU = "zhoujianguo liuhaifeng chenxiaoyan xuli yangwei huanglei".split()


def sample(name: str):
    if name not in _LOADED:
        _LOADED[name] = rules_mod.load(SAMPLES / f"{name}.toml")
    return _LOADED[name]


def meeting(name: str, type: str, *events: dict[str, Any], **header: Any) -> record.Meeting:
    rules = sample(name)
    mtype = rules.meeting_types[type]
    holders = rules.holders(mtype.chair)
    head = {
        "id": f"{name}-{type}",
        "body": rules.body.id,
        "type": type,
        "date": "2024-03-05",
        "chair": holders[0].id if holders else "",
        "notice_sent": "2024-03-01",
        "notified": list(mtype.notify),
        "time": "09:00",
        "place": "会议室",
        "recorder": "秘书",
    }
    head.update(header)
    log = [{"n": index + 1, **event} for index, event in enumerate(events)]
    return record.replay(head, rules, log)


def attend(*members: str, **extra: Any) -> dict[str, Any]:
    return {"op": "attend", "members": list(members), **extra}


def leave(member: str, opinion: str = "", reason: str = "出差") -> dict[str, Any]:
    return {"op": "leave", "member": member, "reason": reason, "opinion": opinion}


def absent(member: str, opinion: str = "") -> dict[str, Any]:
    return {"op": "absent", "members": [member], "opinion": opinion}


def item(kind: str, title: str = "议题", **extra: Any) -> dict[str, Any]:
    return {"op": "item", "title": title, "kind": kind, **extra}


def opinion(number: int, member: str, position: str = "agree", **extra: Any) -> dict[str, Any]:
    return {"op": "opinion", "item": number, "member": member, "position": position, **extra}


def opinions(number: int, members: list[str], **extra: Any) -> list[dict[str, Any]]:
    return [opinion(number, m, **extra) for m in members]


def hands(numbers: int | list[int], yes: list[str], no: list[str] = (), **extra: Any):
    items = numbers if isinstance(numbers, list) else [numbers]
    return {
        "op": "vote",
        "items": items,
        "method": "hands",
        "yes_names": list(yes),
        "no_names": list(no),
        "abstain_names": [],
        **extra,
    }


def secret(number: int, yes: int, no: int = 0, **extra: Any) -> dict[str, Any]:
    return {
        "op": "vote",
        "items": [number],
        "method": "secret",
        "yes": yes,
        "no": no,
        "abstain": 0,
        **extra,
    }


def decide(number: int, status: str = "adopted", **extra: Any) -> dict[str, Any]:
    return {"op": "decide", "item": number, "text": "同意", "status": status, **extra}


STUDY = item("study", "传达学习")


def codes(m: record.Meeting) -> set[str]:
    return {f.code for f in evaluate(m).findings}


# (rule as the seed words it, code, meeting that breaks it, meeting that keeps it)
SCENARIOS: list[tuple[str, str, Any, Any]] = [
    # --- 002 白城
    (
        "002 党组会议事规则 三.2「分管所决策事项工作的党组成员应该到会……或本人提交书面意见」",
        "IN_CHARGE_ABSENT",
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG[:1], *BAICHENG[2:]),
            leave("wangli"),
            STUDY,
            item("general", area="finance"),
        ),
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG[:1], *BAICHENG[2:]),
            leave("wangli", "同意"),
            STUDY,
            item("general", area="finance"),
        ),
    ),
    (
        "002 党组会议事规则 三.3「与会成员对议题应当发表同意、不同意或者缓议等明确意见和理由」",
        "OPINION_MISSING",
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("general", area="finance"),
            *opinions(2, BAICHENG[1:4]),
        ),
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("general", area="finance"),
            *opinions(2, BAICHENG),
        ),
    ),
    (
        "002 党组会议事规则 三.3「需要复议的，须经党组超过半数成员同意后进行」",
        "RECONSIDER_CONSENT",
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("general", area="finance"),
            hands(2, BAICHENG[:3], BAICHENG[3:]),
            {"op": "reconsider", "item": 2, "members": ["wangli"] * 4},
        ),
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("general", area="finance"),
            hands(2, BAICHENG[:3], BAICHENG[3:]),
            {"op": "reconsider", "item": 2, "members": BAICHENG[:4]},
        ),
    ),
    (
        "002 党组会议事规则 二(二)4「审定500元以上的经费支出」",
        "AMOUNT_KIND",
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("general", amount="800", recorded_kind="general"),
        ),
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("general", amount="499", recorded_kind="general"),
        ),
    ),
    (
        "002 党组会议事规则 二(二)4「总价值超过1000元的固定资产采购」",
        "AMOUNT_KIND",
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("general", amount="1500", category="固定资产", recorded_kind="general"),
        ),
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("general", amount="1000", category="固定资产", recorded_kind="general"),
        ),
    ),
    (
        "002 末位表态 第三条「党政一把手应在参会其他人员充分发表意见的基础上，最后发表意见」",
        "CHAIR_NOT_LAST",
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("large_fund", amount="800", area="finance"),
            opinion(2, "zhangwei"),
            opinion(2, "wangli"),
        ),
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("large_fund", amount="800", area="finance"),
            opinion(2, "wangli"),
            opinion(2, "zhangwei"),
        ),
    ),
    (
        '002 末位表态 第五条「讨论中，"一把手"不得首先表态或个人定调」',
        "LEADER_FIRST",
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("large_fund", amount="800", area="finance"),
            opinion(2, "zhangwei"),
            opinion(2, "lijun"),
            opinion(2, "wangli"),
            chair="wangli",
        ),
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("large_fund", amount="800", area="finance"),
            opinion(2, "lijun"),
            opinion(2, "zhangwei"),
            opinion(2, "wangli"),
            chair="wangli",
        ),
    ),
    (
        "002 三重一大 第八条(四)「除遇重大突发事件和紧急情况外，一般不得临时动议」",
        "AD_HOC",
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("major_decision", ad_hoc=True),
        ),
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("major_decision", ad_hoc=True),
            emergency=True,
        ),
    ),
    (
        '002 三重一大 第九条(一)「审议"三重一大"事项的会议，必须有三分之二以上班子成员到会」',
        "ITEM_QUORUM",
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG[:3]),
            STUDY,
            item("major_decision"),
        ),
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG[:4]),
            STUDY,
            item("major_decision"),
        ),
    ),
    (
        "002 选任 第二十五条「采取口头表决、举手表决或者无记名投票等方式进行表决」",
        "METHOD_NOT_ALLOWED",
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("personnel", candidates=["甲"]),
            {**hands(2, BAICHENG), "method": "roll_call"},
        ),
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("personnel", candidates=["甲"]),
            secret(2, 6),
        ),
    ),
    (
        "002 选任 第二十六条「逐个介绍领导职务拟任人选……以党组应到会成员超过半数同意形成决定」",
        "CANDIDATES_JOINT",
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("personnel", candidates=["甲", "乙"]),
            secret(2, 6),
        ),
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("personnel", candidates=["甲", "乙"]),
            secret(2, 6, candidate="甲"),
            secret(2, 6, candidate="乙"),
        ),
    ),
    (
        "002 选任 第二十五条「应当发表同意、不同意或者缓议等明确意见」(缓议 of one candidate)",
        "CANDIDATE_NOT_VOTED",
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("personnel", candidates=["甲", "乙"]),
            secret(2, 6, candidate="甲"),
            decide(2, candidate="甲"),
        ),
        lambda: meeting(
            "baicheng-office-party-group",
            "party_group",
            attend(*BAICHENG),
            STUDY,
            item("personnel", candidates=["甲", "乙"]),
            secret(2, 6, candidate="甲"),
            decide(2, candidate="甲"),
            decide(2, "deferred", candidate="乙"),
        ),
    ),
    (
        "002 三重一大 第九条(五)「记录……每项议题讨论情况和最后决定」",
        "NO_ITEMS",
        lambda: meeting("baicheng-office-party-group", "party_group", attend(*BAICHENG)),
        lambda: meeting("baicheng-office-party-group", "party_group", attend(*BAICHENG), STUDY),
    ),
    # --- 000 黑龙江 局党组工作规则, 局委员会议事规则; 区政府党组
    (
        '000 局党组工作规则 第十八条「党组会议坚持"第一议题"制度」',
        "FIRST_ITEM",
        lambda: meeting("hlj-jiguan-party-group", "party_group", attend(*HLJ), item("general")),
        lambda: meeting(
            "hlj-jiguan-party-group", "party_group", attend(*HLJ), STUDY, item("general")
        ),
    ),
    (
        "000 局党组工作规则 第十六条(二)「按党组成员排序从后往前逐一发表同意、不同意或缓议等"
        "明确意见」",
        "OPINION_ORDER",
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ),
            STUDY,
            item("personnel", candidates=["甲"]),
            *opinions(2, HLJ[1:]),
        ),
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ),
            STUDY,
            item("personnel", candidates=["甲"]),
            *opinions(2, HLJ[:0:-1]),
        ),
    ),
    (
        "000 局党组工作规则 第十六条(二)「讨论干部任免事项时……不允许搞临时动议」",
        "AD_HOC",
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ),
            STUDY,
            item("personnel", candidates=["甲"], ad_hoc=True),
            emergency=True,
        ),
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ),
            STUDY,
            item("personnel", candidates=["甲"]),
            emergency=True,
        ),
    ),
    (
        "000 局党组工作规则 第十五条(一)「会议讨论的内容，除人事等重要事项外，一般应当在会前分送」",
        "MATERIALS_EARLY",
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ),
            STUDY,
            item("personnel", candidates=["甲"], materials_sent="2024-03-01"),
        ),
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ),
            STUDY,
            item("personnel", candidates=["甲"]),
        ),
    ),
    (
        "000 局党组工作规则 第十五条(五)「党组会议无正当理由不允许请假」",
        "ABSENT_WITHOUT_LEAVE",
        lambda: meeting(
            "hlj-jiguan-party-group", "party_group", attend(*HLJ[:5]), absent("zhouming"), STUDY
        ),
        lambda: meeting(
            "hlj-jiguan-party-group", "party_group", attend(*HLJ[:5]), leave("zhouming"), STUDY
        ),
    ),
    (
        "000 局党组工作规则 第十六条(一)「会议研究决定多个事项的，应当逐项表决」",
        "ITEMS_JOINT",
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ),
            STUDY,
            item("general"),
            item("general"),
            hands([2, 3], HLJ),
        ),
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ),
            STUDY,
            item("general"),
            item("general"),
            hands(2, HLJ),
            hands(3, HLJ),
        ),
    ),
    (
        "000 局党组工作规则 第十六条(一)「对意见分歧较大的议题……应当暂缓作出决定」",
        "SPLIT_VOTE",
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ),
            STUDY,
            item("general"),
            hands(2, HLJ[:3], HLJ[3:]),
            decide(2, "rejected"),
        ),
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ),
            STUDY,
            item("general"),
            hands(2, HLJ[:3], HLJ[3:]),
            decide(2, "deferred"),
        ),
    ),
    (
        "000 局党组工作规则 第十五条(二)「审议干部任免事项必须有三分之二以上党组成员到会」",
        "ITEM_QUORUM",
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ[:3]),
            STUDY,
            item("personnel", candidates=["甲"]),
        ),
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ[:4]),
            STUDY,
            item("personnel", candidates=["甲"]),
        ),
    ),
    (
        "000 局党组工作规则 第十六条(一)「赞成票超过应到会党组成员半数的为通过」",
        "DECISION_CONTRADICTS",
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ),
            STUDY,
            item("general"),
            hands(2, HLJ[:3], HLJ[3:]),
            decide(2),
        ),
        lambda: meeting(
            "hlj-jiguan-party-group",
            "party_group",
            attend(*HLJ),
            STUDY,
            item("general"),
            hands(2, HLJ[:4], HLJ[4:]),
            decide(2),
        ),
    ),
    (
        "000 局委员会议事规则 三.4「一般在会议召开前1天由办公室通知各参加会议人员」",
        "NOTICE_LATE",
        lambda: meeting(
            "hlj-jiguan-party-committee",
            "party_committee",
            attend(*COMMITTEE),
            STUDY,
            notice_sent="2024-03-05",
        ),
        lambda: meeting(
            "hlj-jiguan-party-committee",
            "party_committee",
            attend(*COMMITTEE),
            STUDY,
            notice_sent="2024-03-04",
        ),
    ),
    (
        "000 局委员会议事规则 四.5「议题若涉及党委会某一成员或其亲属的有关问题时，当事人必须回避」",
        "CANDIDATE_NOT_RECUSED",
        lambda: meeting(
            "hlj-jiguan-party-committee",
            "party_committee",
            attend(*COMMITTEE),
            STUDY,
            item("personnel", candidates=["高岩"]),
        ),
        lambda: meeting(
            "hlj-jiguan-party-committee",
            "party_committee",
            attend(*COMMITTEE),
            STUDY,
            item("personnel", candidates=["高岩"]),
            {"op": "recuse", "item": 2, "member": "gaoyan", "reason": "本人"},
        ),
    ),
    (
        "000 局委员会议事规则 四.2「党委书记应当最后表态」",
        "CHAIR_NOT_LAST",
        lambda: meeting(
            "hlj-jiguan-party-committee",
            "party_committee",
            attend(*COMMITTEE),
            STUDY,
            item("general"),
            opinion(2, "wangzhiqiang"),
            opinion(2, "gaoyan"),
        ),
        lambda: meeting(
            "hlj-jiguan-party-committee",
            "party_committee",
            attend(*COMMITTEE),
            STUDY,
            item("general"),
            opinion(2, "gaoyan"),
            opinion(2, "wangzhiqiang"),
        ),
    ),
    # --- 001 辽宁
    (
        "001 第十八条「一般应于会议召开前两天通知党组成员」",
        "NOTICE_LATE",
        lambda: meeting(
            "liaoning-jiguan-party-group",
            "party_group",
            attend(*LIAONING),
            STUDY,
            notice_sent="2024-03-04",
        ),
        lambda: meeting(
            "liaoning-jiguan-party-group",
            "party_group",
            attend(*LIAONING),
            STUDY,
            notice_sent="2024-03-03",
        ),
    ),
    (
        "001 第十九条「党组会议应当有半数以上党组成员到会方可召开」",
        "QUORUM",
        lambda: meeting("liaoning-jiguan-party-group", "party_group", attend(*LIAONING[:2]), STUDY),
        lambda: meeting("liaoning-jiguan-party-group", "party_group", attend(*LIAONING[:3]), STUDY),
    ),
    (
        "001 第二十条「未到会党组成员的书面意见不得计入票数」",
        "NOT_PRESENT_PARTICIPATED",
        lambda: _edited(
            meeting(
                "liaoning-jiguan-party-group",
                "party_group",
                attend(*LIAONING),
                STUDY,
                item("general"),
                hands(2, LIAONING),
            ),
            "luchangsheng",
        ),
        lambda: meeting(
            "liaoning-jiguan-party-group",
            "party_group",
            attend(*LIAONING[:5]),
            leave("luchangsheng", "同意"),
            STUDY,
            item("general"),
            hands(2, LIAONING[:5]),
        ),
    ),
    (
        "001 第二十条「表决实行主持人末位表态制」(a change of chair from item 2)",
        "CHAIR_NOT_LAST",
        lambda: meeting(
            "liaoning-jiguan-party-group",
            "party_group",
            attend(*LIAONING),
            STUDY,
            {"op": "chair", "member": "hanxue", "from_item": 2},
            item("general"),
            opinion(2, "hanxue"),
            opinion(2, "songtao"),
        ),
        lambda: meeting(
            "liaoning-jiguan-party-group",
            "party_group",
            attend(*LIAONING),
            STUDY,
            {"op": "chair", "member": "hanxue", "from_item": 2},
            item("general"),
            opinion(2, "songtao"),
            opinion(2, "hanxue"),
        ),
    ),
    (
        "001 第二十七条(五)「因故缺席的党组成员,应提交书面发言,列入会议记录」",
        "STATEMENT_MISSING",
        lambda: meeting(
            "liaoning-jiguan-party-group",
            "democratic_life",
            attend(*LIAONING[:5]),
            absent("luchangsheng"),
            item("criticism"),
        ),
        lambda: meeting(
            "liaoning-jiguan-party-group",
            "democratic_life",
            attend(*LIAONING[:5]),
            absent("luchangsheng", "书面发言"),
            item("criticism"),
        ),
    ),
    (
        "001 第二十七条(五)「会后由主持人或由主持人委托……将会议情况和相关意见转告缺席同志」",
        "BRIEFING_MISSING",
        lambda: meeting(
            "liaoning-jiguan-party-group",
            "democratic_life",
            attend(*LIAONING[:5]),
            leave("luchangsheng", "书面发言"),
            item("criticism"),
        ),
        lambda: meeting(
            "liaoning-jiguan-party-group",
            "democratic_life",
            attend(*LIAONING[:5]),
            leave("luchangsheng", "书面发言"),
            item("criticism"),
            {"op": "brief", "member": "luchangsheng", "by": "hanxue"},
        ),
    ),
    (
        "001 第二十七条(四)「党组民主生活会召开的时间、主题和内容，提前向省委报告」",
        "NOTIFY_MISSING",
        lambda: meeting(
            "liaoning-jiguan-party-group",
            "democratic_life",
            attend(*LIAONING),
            item("criticism"),
            notified=[],
        ),
        lambda: meeting(
            "liaoning-jiguan-party-group", "democratic_life", attend(*LIAONING), item("criticism")
        ),
    ),
    (
        "001 第二十四条「党组会议设党组秘书,专门负责会议记录」",
        "RECORD_INCOMPLETE",
        lambda: meeting(
            "liaoning-jiguan-party-group", "party_group", attend(*LIAONING), STUDY, recorder=""
        ),
        lambda: meeting("liaoning-jiguan-party-group", "party_group", attend(*LIAONING), STUDY),
    ),
    # --- 003 西宁
    (
        "003 第十三条(一)4「3000元以上大额资金使用」",
        "AMOUNT_KIND",
        lambda: meeting(
            "xining-chengzhong-hrss-party-group",
            "party_group",
            attend(*XINING),
            STUDY,
            item("general", amount="3000", recorded_kind="general"),
        ),
        lambda: meeting(
            "xining-chengzhong-hrss-party-group",
            "party_group",
            attend(*XINING),
            STUDY,
            item("general", amount="2999", recorded_kind="general"),
        ),
    ),
    (
        "003 第十三条(二)「事先未经审定的议题原则上不得提交会议讨论」",
        "AD_HOC",
        lambda: meeting(
            "xining-chengzhong-hrss-party-group",
            "party_group",
            attend(*XINING),
            STUDY,
            item("general", ad_hoc=True),
        ),
        lambda: meeting(
            "xining-chengzhong-hrss-party-group",
            "party_group",
            attend(*XINING),
            STUDY,
            item("general"),
        ),
    ),
    (
        '003 第十三条(二)「涉及"三重一大"等重要事项的党组会议应提前告知……派驻纪检监察组」',
        "NOTIFY_MISSING",
        lambda: meeting(
            "xining-chengzhong-hrss-party-group",
            "party_group",
            attend(*XINING),
            STUDY,
            item("large_fund", amount="5000"),
        ),
        lambda: meeting(
            "xining-chengzhong-hrss-party-group",
            "party_group",
            attend(*XINING),
            STUDY,
            item("large_fund", amount="5000", notified=["区纪委监委第三派驻纪检监察组"]),
        ),
    ),
    (
        "003 第十三条(二)「党组书记不能参加会议的，可以委托分管党建工作的党组成员召集并主持」",
        "CHAIR_NOT_AUTHORISED",
        lambda: meeting(
            "xining-chengzhong-hrss-party-group",
            "party_group",
            attend(*XINING[1:]),
            leave("mawenbin"),
            STUDY,
            chair="zhubin",
        ),
        lambda: meeting(
            "xining-chengzhong-hrss-party-group",
            "party_group",
            attend(*XINING[1:]),
            leave("mawenbin"),
            STUDY,
            chair="lixiuying",
        ),
    ),
    (
        "003 第十四条(三)「民主生活会到会人数必须达到应到会人数的三分之二以上」",
        "QUORUM",
        lambda: meeting(
            "xining-chengzhong-hrss-party-group",
            "democratic_life",
            attend(*XINING[:3]),
            item("criticism"),
        ),
        lambda: meeting(
            "xining-chengzhong-hrss-party-group",
            "democratic_life",
            attend(*XINING[:4]),
            item("criticism"),
        ),
    ),
    (
        "003 第十三条(十一)「如有党组成员因故缺席，会议主持人指定党组成员向其通报情况」",
        "BRIEFING_MISSING",
        lambda: meeting(
            "xining-chengzhong-hrss-party-group",
            "party_group",
            attend(*XINING[:4]),
            leave("zhubin"),
            STUDY,
        ),
        lambda: meeting(
            "xining-chengzhong-hrss-party-group",
            "party_group",
            attend(*XINING[:4]),
            leave("zhubin"),
            STUDY,
            {"op": "brief", "member": "zhubin", "by": "lixiuying", "date": "2024-03-06"},
        ),
    ),
    # --- 004 天津
    (
        "004 第二十六条「出席人数须达到组成人员的半数以上」",
        "QUORUM",
        lambda: meeting("tianjin-jiguan", "party_group", attend(*TIANJIN[:2]), STUDY),
        lambda: meeting("tianjin-jiguan", "party_group", attend(*TIANJIN[:3]), STUDY),
    ),
    (
        "004 第二十八条「专题会议由局领导召集和主持」(no quorum: 2 局领导 suffice)",
        "CHAIR_NOT_AUTHORISED",
        lambda: _with_unauthorised_chair(),
        lambda: meeting(
            "tianjin-jiguan",
            "special_topic",
            attend("yuhong", "caoyue"),
            item("office_matter"),
            chair="yuhong",
        ),
    ),
]


def _edited(m: record.Meeting, member: str) -> record.Meeting:
    """A hand-edited record: attendance changed to leave after the vote was typed."""
    m.attendance[member] = record.Attendance(record.LEAVE, reason="出差")
    return m


def _with_unauthorised_chair() -> record.Meeting:
    rules = sample("tianjin-jiguan")
    m = meeting(
        "tianjin-jiguan",
        "special_topic",
        attend("yuhong", "caoyue"),
        item("office_matter"),
        chair="yuhong",
    )
    # a rules snapshot whose 专题会议 may be chaired by the 局长 only
    import dataclasses

    special = dataclasses.replace(rules.meeting_types["special_topic"], chair_delegates=())
    m.rules = dataclasses.replace(
        rules, meeting_types={**rules.meeting_types, "special_topic": special}
    )
    return m


@pytest.mark.parametrize(
    ("rule", "code", "bad", "good"), SCENARIOS, ids=[f"{s[1]}-{i}" for i, s in enumerate(SCENARIOS)]
)
def test_seed_rule(rule: str, code: str, bad, good) -> None:
    broken, kept = bad(), good()
    assert code in codes(broken), rule
    assert code not in codes(kept), (rule, [f.message("en") for f in evaluate(kept).findings])


def test_special_topic_meeting_has_no_quorum_rule() -> None:
    """004 第二十八条「根据工作和议题内容确定列席人员」: two 局领导 hold a 专题会议."""
    m = meeting(
        "tianjin-jiguan",
        "special_topic",
        attend("yuhong", "caoyue"),
        item("office_matter"),
        decide(1),
        chair="yuhong",
    )
    assert not {"QUORUM", "ITEM_QUORUM"} & codes(m)
    assert m.quorate()


def test_frequency_counts_quorate_meetings_only() -> None:
    """000 区政府党组 二(一)「原则上每月召开1次」: a January meeting of 2 of 6 does not count."""
    held = [
        meeting(
            "qu-government-party-group",
            "party_group",
            attend(*QU),
            STUDY,
            id=f"m{month}",
            date=f"2023-{month:02d}-10",
        )
        for month in range(2, 13)
    ]
    short = meeting(
        "qu-government-party-group",
        "party_group",
        attend(*QU[:2]),
        STUDY,
        id="m1",
        date="2023-01-10",
    )
    found = evaluate_year([short, *held], 2023)
    months = [
        f.params["period_en"]
        for f in found
        if f.code == "FREQUENCY" and f.rule == "meeting_types.party_group.frequency"
    ]
    assert months == ["2023-01"]
    full = meeting(
        "qu-government-party-group", "party_group", attend(*QU), STUDY, id="m1", date="2023-01-10"
    )
    assert not [
        f
        for f in evaluate_year([full, *held], 2023)
        if f.rule == "meeting_types.party_group.frequency"
    ]


def test_law_study_six_times_a_year() -> None:
    """000 局党组工作规则 第二十一条「会前学法每年不少于6次」."""

    def year(count: int) -> list[str]:
        held = [
            meeting(
                "hlj-jiguan-party-group",
                "party_group",
                attend(*HLJ),
                STUDY,
                item("law_study"),
                id=f"m{n}",
                date=f"2023-{n:02d}-10",
            )
            for n in range(1, count + 1)
        ]
        return [f.code for f in evaluate_year(held, 2023, today=dt.date(2024, 3, 1))]

    assert "KIND_FREQUENCY" in year(5)
    assert "KIND_FREQUENCY" not in year(6)
