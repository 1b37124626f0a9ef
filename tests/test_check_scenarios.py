"""For each sample config: a realistic meeting recorded through the CLI under that body's
rules, and the outcomes and findings its rules imply."""

from __future__ import annotations

import json
import shlex
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "sample_configs"


def open_meeting(cli, *extra: str, **kw):
    """`yishi open` with the facts every record states (time, place, recorder)."""
    return cli.open(
        "--time", "09:00", "--place", "机关三楼会议室", "--recorder", "王秘书", *extra, **kw
    )


def sample(name: str) -> Path:
    return SAMPLES / f"{name}.toml"


def run(cli, *commands: str) -> None:
    for command in commands:
        result = cli(*shlex.split(command))
        assert result.exit_code == 0, f"{command}: {result.output}"


def check(cli, *args: str) -> tuple[dict[str, Any], int]:
    result = cli("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout), result.exit_code


def codes(data: dict[str, Any]) -> set[str]:
    return {f["code"] for f in data["findings"]}


def errors(data: dict[str, Any]) -> set[str]:
    return {f["code"] for f in data["findings"] if f["severity"] == "error"}


def outcomes(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [
        (i["number"], i["kind"], i["candidate"], i["outcome"], i["yes"], i["base"], i["required"])
        for i in data["items"]
    ]


def test_baicheng_party_group(cli) -> None:
    """6 members. 三重一大 kinds switch 末位表态 on per kind while voting.chair_last is off;
    an amount of 500 or more is 大额资金使用 (2/3 quorum); 干部任免 per candidate, secret."""
    open_meeting(
        cli,
        "--notice-sent",
        "2024-03-04",
        rules=sample("baicheng-office-party-group"),
        type="party_group",
    )
    run(
        cli,
        "attend zhangwei wangli lijun liuyang chengang",
        "leave zhaomin --reason 外出调研 --opinion 同意各项议题",
        "item add 传达学习全国两会精神 --kind study",
        # 12000 yuan reaches amount_at_least = 500: recorded as large_fund
        "item add 购置办公设备 --kind general --amount 12000 --area assets",
        "opinion 2 chengang agree",
        "opinion 2 liuyang agree",
        "opinion 2 lijun agree",
        "opinion 2 wangli agree",
        "opinion 2 zhangwei agree",
        "vote 2 --method hands --yes zhangwei,wangli,lijun,liuyang,chengang",
        "decide 2 同意购置，由办公室按政府采购程序办理",
        "item add 科级干部任免 --kind personnel --area personnel --candidate 张三 --candidate 李四",
        *[
            f"opinion 3 {m} agree --candidate {c}"
            for c in ("张三", "李四")
            for m in ("chengang", "liuyang", "lijun", "wangli", "zhangwei")
        ],
        "vote 3 --method secret --candidate 张三 --yes 4 --no 1 --abstain 0",
        "vote 3 --method secret --candidate 李四 --yes 3 --no 2 --abstain 0",
        "decide 3 张三同志任科长；李四同志未获通过",
        # 一般事项: voting.chair_last = false, so the secretary may open the discussion
        "item add 修订公文处理办法 --kind general --area secretariat",
        "opinion 4 zhangwei agree",
        "opinion 4 wangli agree",
        "opinion 4 lijun agree",
        "opinion 4 liuyang agree",
        "opinion 4 chengang agree",
        "vote 4 --method hands --yes zhangwei,wangli,lijun,liuyang,chengang",
        "decide 4 同意",
    )
    data, code = check(cli)
    assert outcomes(data) == [
        (1, "study", None, "no_vote", 0, 0, None),
        (2, "large_fund", None, "passed", 5, 6, 4),  # more than half of 6 members
        (3, "personnel", "张三", "passed", 4, 6, 4),
        (3, "personnel", "李四", "rejected", 3, 6, 4),  # 3 is not more than half of 6
        (4, "general", None, "passed", 5, 6, 4),
    ]
    # 3 to 2 is within split_defer_margin = 1: a warning, the check still passes
    assert codes(data) == {"SPLIT_VOTE"} and code == 0
    # 末位表态 on a 三重一大 kind: the secretary speaking first is an error there
    run(
        cli,
        "item add 办公楼维修工程 --kind major_project --area tendering",
        "opinion 5 zhangwei agree",
        "opinion 5 liuyang agree",
    )
    data, code = check(cli)
    chair = [f for f in data["findings"] if f["code"] == "CHAIR_NOT_LAST"]
    assert [(f["item"], f["rule"]) for f in chair] == [(5, "item_kinds.major_project.chair_last")]
    assert code == 1
    assert "OPINION_MISSING" in errors(data)  # 王丽、李军、陈刚 have not spoken on item 5


def test_baicheng_director_meeting(cli) -> None:
    """主任办公会: nothing is voted; the deputy chairs when the director is away; the deputy
    in charge attends or hands in a written opinion."""
    open_meeting(
        cli,
        "--chair",
        "wangli",
        rules=sample("baicheng-office-director-meeting"),
        type="director_meeting",
    )
    run(
        cli,
        "leave zhangwei --reason 参加市政府常务会议",
        "attend wangli lijun liuyang",
        "leave chengang --reason 病假",
        "item add 传达市政府常务会议精神 --kind study",
        "item add 督查工作安排 --kind office_matter --area inspection --presenter 督查室主任",
        "opinion 2 lijun agree",
        "opinion 2 liuyang agree",
        "opinion 2 wangli agree",
        "decide 2 原则同意，由督查室抓好落实",
    )
    data, code = check(cli)
    assert [o[3] for o in outcomes(data)] == ["no_vote", "no_vote"]
    assert "CHAIR_NOT_AUTHORISED" not in codes(data) and "CHAIR_DELEGATED" not in codes(data)
    # 陈刚, in charge of inspection, neither attended nor gave a written opinion
    assert errors(data) == {"IN_CHARGE_ABSENT"} and code == 1
    run(cli, "opinion 2 chengang agree --text 同意督查工作安排")  # his written opinion
    data, code = check(cli)
    assert errors(data) == set() and code == 0


def test_hlj_office_chairs(cli) -> None:
    """局长办公会议 may be chaired by the executive deputy only; 专题会议 by any deputy, but a
    delegate chairing while the director attends is flagged."""
    rules = sample("hlj-jiguan-office")
    open_meeting(cli, "--chair", "zhaoguoqing", rules=rules, type="office_meeting")
    run(
        cli,
        "attend wangzhiqiang lihongmei zhaoguoqing sunjianjun liujing chenli",
        "item add 学习 --kind study",
        "item add 办公用房调整 --kind office_matter",
        "decide 2 同意",
    )
    data, _ = check(cli)
    assert "CHAIR_NOT_AUTHORISED" in errors(data)
    open_meeting(cli, "--chair", "lihongmei", rules=rules, type="office_meeting", date="2024-03-06")
    run(
        cli,
        "leave wangzhiqiang --reason 出差",
        "attend lihongmei zhaoguoqing sunjianjun liujing chenli",
        "item add 学习 --kind study",
    )
    data, code = check(cli)
    assert data["findings"] == [] and code == 0
    open_meeting(cli, "--chair", "sunjianjun", rules=rules, type="special_topic", date="2024-03-07")
    run(
        cli,
        "attend wangzhiqiang sunjianjun liujing chenli",
        "absent lihongmei zhaoguoqing",
        "item add 节能改造推进 --kind office_matter",
    )
    data, code = check(cli)
    assert {"CHAIR_DELEGATED", "ABSENT_WITHOUT_LEAVE"} <= codes(data)
    assert errors(data) == set() and code == 0  # warnings only


def test_hlj_party_committee(cli) -> None:
    """7 委员: 干部任免 needs 2/3 of 7 = 5 present; 派驻纪检监察组 told of 三重一大 and personnel;
    first item study; methods oral/hands/secret; no 临时动议."""
    open_meeting(
        cli,
        "--notice-sent",
        "2024-03-04",
        rules=sample("hlj-jiguan-party-committee"),
        type="party_committee",
    )
    run(
        cli,
        "attend wangzhiqiang mashuhua lihongmei zhaoguoqing sunjianjun",
        "leave liujing --reason 出差",
        "leave gaoyan --reason 学习",
        "item add 学习党的二十届三中全会精神 --kind study",
        "item add 处级干部任免 --kind personnel --candidate 王五",
        *[
            f"opinion 2 {m} agree"
            for m in ("sunjianjun", "zhaoguoqing", "lihongmei", "mashuhua", "wangzhiqiang")
        ],
    )
    # 记名投票 is not listed: refused before anything is written (METHOD_NOT_ALLOWED guards
    # hand-edited records)
    refused = cli(
        *shlex.split(
            "vote 2 --method roll_call --yes wangzhiqiang,mashuhua,lihongmei,zhaoguoqing,sunjianjun"
        )
    )
    assert refused.exit_code == 2 and "roll_call" in refused.output
    data, code = check(cli)
    assert "NOTIFY_MISSING" in codes(data)
    run(
        cli,
        "vote 2 --method hands --yes wangzhiqiang,mashuhua,lihongmei,zhaoguoqing,sunjianjun",
        "decide 2 同意王五同志任处长",
        "notified 派驻纪检监察组 --item 2",
    )
    data, code = check(cli)
    assert data["findings"] == [] and code == 0
    # one member leaves after item 2: 4 of 7 is short of 2/3 for a later personnel item
    run(
        cli,
        "depart sunjianjun --after 2",
        "item add 科级干部任免 --kind personnel --candidate 赵六 --notified 派驻纪检监察组",
        *[f"opinion 3 {m} agree" for m in ("zhaoguoqing", "lihongmei", "mashuhua", "wangzhiqiang")],
        "vote 3 --method hands --yes wangzhiqiang,mashuhua,lihongmei,zhaoguoqing",
        "decide 3 同意",
        "item add 追加经费 --kind general --ad-hoc",
    )
    data, code = check(cli)
    assert outcomes(data)[2][3] == "invalid"
    assert {"ITEM_QUORUM", "AD_HOC"} <= errors(data)


def test_hlj_party_group_reverse_rank(cli) -> None:
    """干部任免: 按党组成员排序从后往前逐一发表意见, the secretary last (末位表态)."""
    open_meeting(
        cli,
        "--notice-sent",
        "2024-03-04",
        "--notified",
        "派驻纪检监察组",
        rules=sample("hlj-jiguan-party-group"),
        type="party_group",
    )
    order = ["zhouming", "liujing", "sunjianjun", "zhaoguoqing", "lihongmei", "wangzhiqiang"]
    run(
        cli,
        f"attend {' '.join(order)}",
        "item add 学习 --kind study",
        "item add 干部任免 --kind personnel --candidate 钱七",
        *[f"opinion 2 {m} agree" for m in order],
        f"vote 2 --method hands --yes {','.join(order)}",
        "decide 2 同意",
    )
    data, code = check(cli)
    assert data["findings"] == [] and code == 0
    assert outcomes(data)[1] == (2, "personnel", "钱七", "passed", 6, 6, 4)
    run(
        cli,
        "item add 干部任免 --kind personnel --candidate 孙八",
        *[
            f"opinion 3 {m} agree"
            for m in (
                "liujing",
                "zhouming",
                "sunjianjun",
                "zhaoguoqing",
                "lihongmei",
                "wangzhiqiang",
            )
        ],
        f"vote 3 --method hands --yes {','.join(order)}",
        "decide 3 同意",
    )
    data, _ = check(cli)
    order_findings = [f for f in data["findings"] if f["code"] == "OPINION_ORDER"]
    assert [(f["item"], f["rule"]) for f in order_findings] == [
        (3, "item_kinds.personnel.opinion_order")
    ]
    assert "周明" in order_findings[0]["message"] or "zhouming" in order_findings[0]["message"]


def test_hlj_party_group_year(cli, monkeypatch) -> None:
    """中心组学习 at least once a quarter, 党组会议 monthly: check --year 2023."""
    monkeypatch.setenv("YISHI_NOW", "2024-03-05T10:00:00+08:00")
    rules = sample("hlj-jiguan-party-group")
    everyone = "zhouming liujing sunjianjun zhaoguoqing lihongmei wangzhiqiang"
    open_meeting(cli, rules=rules, type="study_group", date="2023-02-10")
    run(cli, f"attend {everyone}")
    for month in range(1, 13):
        open_meeting(cli, rules=rules, type="party_group", date=f"2023-{month:02d}-15")
        run(cli, f"attend {everyone}")
    # a meeting without its own quorum decides nothing and does not count (SPEC §1)
    open_meeting(cli, rules=rules, type="study_group", date="2023-05-10")
    run(cli, "attend zhouming")
    result = cli("check", "--year", "2023", "--format", "json")
    data = json.loads(result.stdout)
    assert len(data["meetings"]) == 14
    freq = [f for f in data["findings"] if f["code"] == "FREQUENCY"]
    assert [f["message"] for f in freq] == [
        f"中共黑龙江省机关事务管理局党组 党组理论学习中心组学习: 0 meeting(s) in 2023 Q{q}, "
        f"fewer than the required 1"
        for q in (2, 3, 4)
    ]


def test_liaoning_democratic_life_and_notice(cli) -> None:
    """民主生活会: a member on leave hands in a written statement (书面发言); the 省委 is told.
    党组会议: notice two days before; no split margin, 3 to 3 is simply rejected."""
    rules = sample("liaoning-jiguan-party-group")
    open_meeting(cli, rules=rules, type="democratic_life", date="2024-12-20")
    run(
        cli,
        "attend zhangdeming hanxue songtao fengqiang dongyali",
        "leave luchangsheng --reason 住院治疗",
        "item add 对照检查与批评和自我批评 --kind criticism",
    )
    data, code = check(cli)
    assert errors(data) == {"STATEMENT_MISSING"} and code == 1
    assert "NOTIFY_MISSING" in codes(data)  # 中共辽宁省委, a warning
    run(
        cli,
        "leave luchangsheng --reason 住院治疗 --opinion 书面发言：对照检查材料",
        "notified 中共辽宁省委",
        "brief luchangsheng --by zhangdeming",
    )
    data, code = check(cli)
    assert data["findings"] == [] and code == 0

    open_meeting(cli, "--notice-sent", "2024-03-04", rules=rules, type="party_group")
    members = "zhangdeming hanxue songtao fengqiang dongyali luchangsheng".split()
    run(
        cli,
        f"attend {' '.join(members)}",
        "item add 机关办公用房调整方案 --kind general",
        f"vote 1 --method hands --yes {','.join(members[:3])} --no {','.join(members[3:])}",
        "decide 1 未通过 --rejected",
    )
    data, code = check(cli)
    assert outcomes(data) == [(1, "general", None, "rejected", 3, 6, 4)]
    assert errors(data) == {"NOTICE_LATE"}  # one day before, the rules ask for two
    assert "SPLIT_VOTE" not in codes(data)


def test_qu_government_split_vote_and_quorum(cli) -> None:
    """6 members, 4 present: 干部任免 needs 2/3 (4) — met; a 2 to 2 vote should be deferred."""
    rules = sample("qu-government-party-group")
    open_meeting(cli, "--notice-sent", "2024-03-01", rules=rules, type="party_group")
    run(
        cli,
        "attend zhoujianguo liuhaifeng chenxiaoyan xuli",
        "leave yangwei --reason 下乡",
        "leave huanglei --reason 防汛",
        "item add 学习 --kind study",
        "item add 干部任免 --kind personnel --candidate 吴九",
        "vote 2 --method secret --yes 4 --no 0 --abstain 0",
        "decide 2 同意",
        "item add 区属国企改革方案 --kind general",
        "vote 3 --method hands --yes zhoujianguo,xuli --no liuhaifeng,chenxiaoyan",
        "decide 3 未通过 --rejected",
    )
    data, code = check(cli)
    assert outcomes(data)[1:] == [
        (2, "personnel", "吴九", "passed", 4, 6, 4),
        (3, "general", None, "rejected", 2, 6, 4),
    ]
    assert [f["item"] for f in data["findings"] if f["code"] == "SPLIT_VOTE"] == [3]
    assert code == 0  # a warning
    run(cli, "undo", "decide 3 --defer")  # 暂缓作出决定
    data, code = check(cli)
    assert outcomes(data)[2][3] == "deferred"
    assert "SPLIT_VOTE" not in codes(data)
    # an emergency meeting 按多数意见执行: no split warning
    open_meeting(cli, "--emergency", rules=rules, type="party_group", date="2024-03-08")
    run(
        cli,
        "attend zhoujianguo liuhaifeng chenxiaoyan xuli yangwei huanglei",
        "item add 学习 --kind study",
        "item add 防汛应急资金 --kind general",
        "vote 2 --method hands --yes zhoujianguo,xuli,yangwei,huanglei --no liuhaifeng,chenxiaoyan",
        "decide 2 同意",
    )
    data, code = check(cli)
    assert "SPLIT_VOTE" not in codes(data) and "NOTICE_UNRECORDED" not in codes(data)
    assert outcomes(data)[1][3] == "passed" and code == 0


def test_tianjin_separate_votes(cli) -> None:
    """逐项表决 and 逐个表决: a joint vote over two items or two candidates is an error."""
    rules = sample("tianjin-jiguan")
    members = "guohaitao yuhong shenjie jiangning caoyue dulei".split()
    open_meeting(cli, rules=rules, type="party_group")
    run(
        cli,
        f"attend {' '.join(members)}",
        "item add 学习 --kind study",
        "item add 年度预算调整 --kind general",
        "item add 车辆更新 --kind general",
        f"vote 2,3 --method hands --yes {','.join(members)}",
        "decide 2 同意",
        "decide 3 同意",
        "item add 干部任免 --kind personnel --candidate 甲 --candidate 乙",
        f"vote 4 --method hands --yes {','.join(members)}",
        "decide 4 同意",
    )
    data, code = check(cli)
    assert {"ITEMS_JOINT", "CANDIDATES_JOINT"} <= errors(data) and code == 1
    # the joint vote still counts for each candidate
    assert [(o[2], o[3]) for o in outcomes(data) if o[0] == 4] == [
        ("甲", "passed"),
        ("乙", "passed"),
    ]
    open_meeting(cli, "--chair", "yuhong", rules=rules, type="office_meeting", date="2024-03-06")
    run(cli, f"attend {' '.join(members)}", "item add 学习 --kind study")
    data, code = check(cli)
    assert codes(data) == {"CHAIR_DELEGATED"} and code == 0


def test_xining_life_quorum_reconsider_and_amounts(cli) -> None:
    """5 members. 民主生活会 needs 2/3 (4) present; 3000 yuan or more is 大额资金使用 and the
    派驻纪检监察组 is told; a rejected appointment is voted again after 复议."""
    rules = sample("xining-chengzhong-hrss-party-group")
    open_meeting(cli, rules=rules, type="democratic_life", date="2024-12-10")
    run(
        cli,
        "attend mawenbin lixiuying hanzhiyong",
        "leave qixiaofang --reason 病假 --opinion 书面发言",
        "leave zhubin --reason 外出学习 --opinion 书面发言",
        "notified 中共西宁市城中区委",
        "item add 对照检查 --kind criticism",
    )
    data, code = check(cli)
    assert errors(data) == {"QUORUM"} and code == 1  # 3 of 5 < 2/3

    open_meeting(cli, "--notice-sent", "2024-03-01", rules=rules, type="party_group")
    run(
        cli,
        "attend mawenbin lixiuying hanzhiyong qixiaofang zhubin",
        "item add 学习 --kind study",
        "item add 就业补贴资金拨付 --kind general --amount 5000 "
        "--notified 区纪委监委第三派驻纪检监察组",
        "vote 2 --method hands --yes mawenbin,lixiuying,hanzhiyong,qixiaofang,zhubin",
        "decide 2 同意",
        "item add 办公耗材 --kind general --amount 2000",
        "vote 3 --method hands --yes mawenbin,lixiuying,hanzhiyong,qixiaofang,zhubin",
        "decide 3 同意",
        "item add 股室负责人任免 --kind personnel --candidate 郑十 "
        "--notified 区纪委监委第三派驻纪检监察组",
        "vote 4 --method secret --yes 2 --no 3 --abstain 0",
        "decide 4 未通过 --rejected",
    )
    data, code = check(cli)
    assert [(o[0], o[1], o[3]) for o in outcomes(data)][1:] == [
        (2, "large_fund", "passed"),
        (3, "general", "passed"),
        (4, "personnel", "rejected"),
    ]
    assert errors(data) == set() and code == 0
    run(
        cli,
        "reconsider 4 --yes mawenbin,lixiuying,hanzhiyong",
        "vote 4 --method secret --yes 4 --no 1 --abstain 0",
        "decide 4 同意郑十同志任股室负责人",
    )
    data, code = check(cli)
    assert outcomes(data)[3] == (4, "personnel", "郑十", "passed", 4, 5, 3)
    assert errors(data) == set() and code == 0


SCENARIOS = {
    "baicheng-office-party-group",
    "baicheng-office-director-meeting",
    "hlj-jiguan-office",
    "hlj-jiguan-party-committee",
    "hlj-jiguan-party-group",
    "liaoning-jiguan-party-group",
    "qu-government-party-group",
    "tianjin-jiguan",
    "xining-chengzhong-hrss-party-group",
}


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.toml")), ids=lambda p: p.stem)
def test_every_sample_config_has_a_scenario(path: Path) -> None:
    assert path.stem in SCENARIOS
