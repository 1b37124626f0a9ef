"""Fidelity to the seeds, round 2 (issue 10; issue 18 items 1 and 9): each rule through the
CLI, from the seed sentence quoted in the test's docstring, with a meeting that breaks it and
one that keeps it."""

from __future__ import annotations

import json
import shlex
import tomllib
from pathlib import Path
from typing import Any

from tests.helpers import EIGHT

ROOT = Path(__file__).parent.parent
SAMPLES = ROOT / "sample_configs"
ALL = "zhang li wang zhao chen liu yang huang".split()  # rank 1..8; zhang = secretary


def sample(name: str) -> Path:
    return SAMPLES / f"{name}.toml"


def run(cli, *commands: str) -> None:
    for command in commands:
        result = cli(*shlex.split(command))
        assert result.exit_code == 0, f"{command}: {result.output}"


def refused(cli, command: str) -> str:
    """The command is refused with exit 2 and writes nothing."""
    records = cli.records
    before = {p.name: p.read_bytes() for p in records.glob("*.toml")}
    result = cli(*shlex.split(command))
    assert result.exit_code == 2, f"{command}: {result.output}"
    assert "Traceback" not in result.output
    assert {p.name: p.read_bytes() for p in records.glob("*.toml")} == before
    return result.output


def check(cli, *args: str) -> tuple[dict[str, Any], int]:
    result = cli("check", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout), result.exit_code


def codes(data: dict[str, Any]) -> set[str]:
    return {f["code"] for f in data["findings"]}


def errors(data: dict[str, Any]) -> set[str]:
    return {f["code"] for f in data["findings"] if f["severity"] == "error"}


def outcome_of(data: dict[str, Any], number: int, candidate: str | None = None) -> str:
    return next(
        i["outcome"] for i in data["items"] if i["number"] == number and i["candidate"] == candidate
    )


def open_eight(cli, *extra: str, date: str = "2024-03-05", type: str = "party_group") -> str:
    return cli.open(
        "--time",
        "09:00",
        "--place",
        "三楼会议室",
        "--recorder",
        "王秘书",
        "--notice-sent",
        "2024-03-01",
        "--notified",
        "派驻纪检监察组",
        *extra,
        date=date,
        type=type,
    )


def yes(*members: str) -> str:
    return ",".join(members)


# ---------------------------------------------------------------------------- 缓议, 复议


def test_per_candidate_defer(cli) -> None:
    """002 选任 第二十五条:「与会成员对任免事项，应当发表同意、不同意或者缓议等明确意见」 —
    甲 is decided while 乙 is deferred (缓议), each candidate on its own."""
    open_eight(cli)
    run(
        cli,
        f"attend {' '.join(ALL)}",
        "item add 学习 --kind study",
        "item add 干部任免 --kind personnel --candidate 甲 --candidate 乙",
        "vote 2 --method secret --candidate 甲 --yes 7 --no 1 --abstain 0",
        "decide 2 同意甲同志任科长 --candidate 甲",
    )
    data, code = check(cli)
    assert "CANDIDATE_NOT_VOTED" in errors(data) and code == 1  # 乙: neither voted nor 缓议
    run(cli, "decide 2 --candidate 乙 --defer")
    data, code = check(cli)
    assert [(i["candidate"], i["outcome"]) for i in data["items"] if i["number"] == 2] == [
        ("甲", "passed"),
        ("乙", "deferred"),
    ]
    assert not errors(data) and code == 0


def test_reconsider_one_candidate_keeps_the_others(cli) -> None:
    """002 选任 第二十五条:「有关干部任免的决定，需要复议的，应当经市政府办公室党组超过半数成员
    同意后方可进行」 — 复议 of 乙 re-opens 乙 alone; 甲's 7:1 stays passed."""
    open_eight(cli)
    run(
        cli,
        f"attend {' '.join(ALL)}",
        "item add 学习 --kind study",
        "item add 干部任免 --kind personnel --candidate 甲 --candidate 乙",
        "vote 2 --method secret --candidate 甲 --yes 7 --no 1 --abstain 0",
        "vote 2 --method secret --candidate 乙 --yes 3 --no 5 --abstain 0",
        "decide 2 同意甲同志任科长；乙同志未获通过",
    )
    data, _ = check(cli)
    assert (outcome_of(data, 2, "甲"), outcome_of(data, 2, "乙")) == ("passed", "rejected")
    run(cli, "reconsider 2 --candidate 乙 --yes zhang,li,wang,zhao,chen")
    data, _ = check(cli)
    assert (outcome_of(data, 2, "甲"), outcome_of(data, 2, "乙")) == ("passed", "no_vote")
    run(
        cli,
        "vote 2 --method secret --candidate 乙 --yes 6 --no 2 --abstain 0",
        "decide 2 同意乙同志任副科长 --candidate 乙",
    )
    data, code = check(cli)
    assert (outcome_of(data, 2, "甲"), outcome_of(data, 2, "乙")) == ("passed", "passed")
    assert [i["yes"] for i in data["items"] if i["number"] == 2] == [7, 6]
    assert not errors(data) and code == 0


def test_reconsider_consent_from_distinct_members_present(cli) -> None:
    """002 党组会议事规则 三.3:「党组作出的决策，需要复议的，须经党组超过半数成员同意后进行」 —
    one member named five times, or members on leave, are not a majority (issue 18.1)."""
    open_eight(cli)
    run(
        cli,
        f"attend {' '.join(ALL[:6])}",
        "leave yang --reason 出差 --opinion 同意",
        "absent huang",
        "item add 学习 --kind study",
        "item add 工作要点 --kind general",
        f"vote 2 --method hands --yes {yes(*ALL[:4])} --no {yes(*ALL[4:6])}",
        "decide 2 未通过 --rejected",
    )
    assert "twice" in refused(cli, "reconsider 2 --yes 张伟,张伟,张伟,张伟,张伟")
    assert "not present" in refused(cli, "reconsider 2 --yes zhang,li,wang,zhao,yang")
    assert "not present" in refused(cli, "reconsider 2 --yes zhang,li,wang,zhao,huang")
    result = cli("reconsider", "2", "--yes", "zhang,li,wang,zhao")  # 4 of 8: not more than half
    assert result.exit_code == 0 and "not granted" in result.output
    run(cli, "reconsider 2 --yes zhang,li,wang,zhao,chen")  # 5 of 8
    run(cli, f"vote 2 --method hands --yes {yes(*ALL[:6])}", "decide 2 同意")
    data, code = check(cli)
    assert outcome_of(data, 2) == "passed" and "RECONSIDER_CONSENT" not in codes(data)


def test_record_shows_both_rounds_and_the_consent(cli, tmp_path: Path) -> None:
    """002 党组会议事规则 三.4:「翔实记录讨论决策的全过程，包括每个议题的讨论情况、表决情况及
    最后决定」 — the 会议记录 keeps the first round, the 复议 consent by name, and the new vote."""
    open_eight(cli)
    run(
        cli,
        f"attend {' '.join(ALL)}",
        "item add 学习 --kind study",
        "item add 工作要点 --kind general",
        f"vote 2 --method hands --yes {yes(*ALL[:4])} --no {yes(*ALL[4:])}",
        "decide 2 未通过 --rejected",
        "reconsider 2 --yes zhang,li,wang,zhao,chen",
        f"vote 2 --method hands --yes {yes(*ALL)}",
        "decide 2 同意",
    )
    for fmt in ("md", "html"):
        out = tmp_path / f"record.{fmt}"
        result = cli("render", "--template", "record", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert "第一轮表决（已复议）" in text and "未获通过" in text
        assert "张伟、李明、王芳、赵磊、陈静同意复议，共5人，同意复议" in text
        assert "同意8票" in text  # the vote that decides


def test_reconsider_a_decision_of_an_earlier_meeting(cli) -> None:
    """002 选任 第二十五条:「需要复议的，应当经……党组超过半数成员同意后方可进行」 — a decision
    taken at an earlier meeting is re-opened at a later one, referenced by meeting and item."""
    first = open_eight(cli)
    run(
        cli,
        f"attend {' '.join(ALL)}",
        "item add 学习 --kind study",
        "item add 工作要点 --kind general",
        f"vote 2 --method hands --yes {yes(*ALL[:4])} --no {yes(*ALL[4:])}",
        "decide 2 未通过 --rejected",
        "close",
    )
    open_eight(cli, date="2024-04-02")
    run(
        cli,
        f"attend {' '.join(ALL)}",
        "item add 学习 --kind study",
        f"item add 复议工作要点 --kind general --reconsiders {first}:2",
        f"vote 2 --method hands --yes {yes(*ALL)}",
        "decide 2 同意",
    )
    data, code = check(cli)
    assert "RECONSIDER_NOT_GRANTED" in errors(data) and code == 1
    assert "MEETING_ID:N" in refused(cli, "item add 复议 --kind general --reconsiders nonsense")
    run(
        cli,
        "undo",
        "undo",
        "reconsider 2 --yes zhang,li,wang,zhao,chen",
        f"vote 2 --method hands --yes {yes(*ALL)}",
        "decide 2 同意",
    )
    data, code = check(cli)
    assert not errors(data) and code == 0 and outcome_of(data, 2) == "passed"


# ---------------------------------------------------------------------------- secret ballots


def test_named_vote_on_a_secret_only_kind_is_refused(cli, tmp_path: Path) -> None:
    """002 选任 第二十五条:「采取口头表决、举手表决或者无记名投票等方式进行表决」 — where the rules
    allow only 无记名投票, a named show of hands is refused before anything is written, so no
    names reach the record (issue 18.9)."""
    rules = tmp_path / "secret.toml"
    rules.write_text(
        EIGHT.read_text(encoding="utf-8").replace(
            'opinion_order = "reverse_rank"', 'opinion_order = "reverse_rank"\nmethods = ["secret"]'
        ),
        encoding="utf-8",
    )
    meeting = cli.open(rules=rules)
    run(
        cli,
        f"attend {' '.join(ALL)}",
        "item add 学习 --kind study",
        "item add 干部任免 --kind personnel --candidate 甲",
    )
    assert "secret" in refused(cli, "vote 2 --method hands --yes zhang,li")
    run(cli, "vote 2 --method secret --yes 7 --no 1 --abstain 0", "undo")
    log = tomllib.loads(cli.record_bytes(meeting).decode("utf-8"))["log"]
    assert [e["method"] for e in log if e.get("op") == "vote"] == ["secret"]
    assert not any(e.get("yes_names") for e in log)


# ---------------------------------------------------------------------------- kinds and amounts


def test_amount_never_replaces_an_explicit_kind(cli, tmp_path: Path) -> None:
    """002 三重一大 第七条（二）:「大额资金的支出500元以上（含500元）」, and 三重一大 第八条（四）
    「一般不得临时动议」 — a 干部任免 with 2000元 stays 干部任免 (its reverse rank, 逐个表决 and
    ban on 临时动议 kept) and is judged under 大额资金使用 too; a general item becomes 大额资金."""
    open_eight(cli)
    run(
        cli,
        f"attend {' '.join(ALL[:5])}",
        "leave liu --reason 出差",
        "leave yang --reason 出差",
        "leave huang --reason 出差",
        "item add 学习 --kind study",
        "item add 干部奖惩 --kind personnel --amount 2000 --candidate 甲 --ad-hoc",
        "opinion 2 li agree",
        "opinion 2 chen agree",
        "vote 2 --method secret --yes 5 --no 0 --abstain 0",
        "decide 2 同意",
        "item add 购置设备 --kind general --amount 800 --area finance",
    )
    data, code = check(cli)
    kinds = {i["number"]: i["kind"] for i in data["items"]}
    assert kinds == {1: "study", 2: "personnel", 3: "large_fund"}
    said = cli(
        "item", "add", "重大项目", "--kind", "personnel", "--amount", "2000", "--candidate", "丙"
    )
    assert "judged under both kinds" in said.output and "reaches" in said.output
    run(cli, "undo")
    item2 = {f["code"] for f in data["findings"] if f["item"] == 2}
    assert {"AD_HOC", "OPINION_ORDER"} <= item2  # the personnel rules are kept
    assert "AREA_UNRECORDED" in item2  # and 大额资金使用's in_charge_present applies too
    assert "ITEM_QUORUM" in item2  # 5 of 8 is short of 2/3 (6)
    assert outcome_of(data, 2, "甲") == "invalid"
    run(cli, "close")
    report = json.loads(cli("report", "--year", "2024", "--format", "json").stdout)
    rows = {k["kind"]: k["items"] for b in report["bodies"] for k in b["kinds"]}
    assert rows["personnel"] == 1 and rows["large_fund"] == 1  # counted under its own kind


def test_exclusive_and_category_amounts(cli) -> None:
    """002 党组会议事规则 二（二）4:「审定500元以上的经费支出、总价值超过1000元的固定资产采购
    等大额资金使用事项」 — 1000元 of 固定资产 is not over 1000 (不含), 1000.5元 is; 800元 of
    other spending is 大额 already."""
    cli.open(
        "--time",
        "09:00",
        "--place",
        "会议室",
        "--recorder",
        "秘书",
        rules=sample("baicheng-office-party-group"),
    )
    run(
        cli,
        "attend zhangwei wangli lijun liuyang chengang zhaomin",
        "item add 学习 --kind study",
        "item add 购置电脑 --kind general --amount 1000 --category 固定资产",
        "item add 购置投影仪 --kind general --amount 1000.5 --category 固定资产",
        "item add 会议经费 --kind general --amount 800",
    )
    data, _ = check(cli)
    assert [i["kind"] for i in data["items"]] == ["study", "general", "fixed_assets", "large_fund"]


# ---------------------------------------------------------------------------- quorum


def test_a_meeting_without_quorum_decides_nothing(cli, monkeypatch) -> None:
    """001 第十九条:「党组会议应当有半数以上党组成员到会方可召开」 — with 3 of 8 present every
    vote is invalid, an adopted decision contradicts it, and the meeting does not count toward
    每月召开 frequency."""
    open_eight(cli, date="2024-01-10")
    run(
        cli,
        "attend zhang li wang",
        *[f"leave {m} --reason 出差" for m in ALL[3:]],
        "item add 学习 --kind study",
        "item add 工作要点 --kind general",
        "vote 2 --method hands --yes zhang,li,wang",
        "decide 2 同意",
        "close",
    )
    data, code = check(cli)
    assert outcome_of(data, 2) == "invalid"
    assert {"QUORUM", "DECISION_CONTRADICTS"} <= errors(data) and code == 1
    year = json.loads(cli("check", "--year", "2024", "--format", "json").stdout)
    january = [
        f for f in year["findings"] if f["code"] == "FREQUENCY" and "2024-01" in f["message"]
    ]
    assert january  # the inquorate meeting of January does not count


def test_special_topic_meeting_without_quorum_rule(cli) -> None:
    """004 第二十八条:「专题会议由局领导召集和主持，根据工作和议题内容确定列席人员」 and 000
    局长工作规则 第二十七条（一）「局长专题会议出席人员由会议主持人确定」 — no quorum: two 局领导
    hold a 专题会议 in order; a 党组会议 of two is not."""
    rules = sample("tianjin-jiguan")
    cli.open(
        "--time",
        "15:00",
        "--place",
        "二楼会议室",
        "--recorder",
        "秘书",
        "--chair",
        "yuhong",
        rules=rules,
        type="special_topic",
    )
    run(
        cli,
        "attend yuhong caoyue",
        "item add 公务用车更新 --kind office_matter",
        "decide 1 同意按方案推进",
    )
    data, code = check(cli)
    assert "QUORUM" not in codes(data) and "ITEM_QUORUM" not in codes(data) and code == 0
    cli.open(
        "--time",
        "09:00",
        "--place",
        "会议室",
        "--recorder",
        "秘书",
        rules=rules,
        type="party_group",
        date="2024-03-06",
    )
    run(cli, "attend guohaitao yuhong", "item add 学习 --kind study")
    data, code = check(cli)
    assert "QUORUM" in errors(data) and code == 1
    hlj = sample("hlj-jiguan-office")
    check_rules = cli("rules", "check", str(hlj), str(rules))
    assert check_rules.exit_code == 0, check_rules.output


# ---------------------------------------------------------------------------- speaking order


def test_leader_may_not_speak_first_while_another_presides(cli) -> None:
    """002 末位表态 第五条:「讨论中，"一把手"不得首先表态或个人定调」, 000 局党组工作规则 第十六条
    （一）「表决实行党组书记末位表态制」 — 李明 presides from item 2 on; 张伟 (书记) opening is an
    error, speaking after the others is not."""
    open_eight(cli, type="special")  # 专题会议: the 副书记 may chair (chair_delegates)
    run(
        cli,
        f"attend {' '.join(ALL)}",
        "item add 学习 --kind study",
        "chair li --from-item 2",
        "item add 工作要点 --kind general",
        "opinion 2 zhang agree",
        "opinion 2 wang agree",
        "opinion 2 li agree",
        f"vote 2 --method hands --yes {yes(*ALL)}",
        "decide 2 同意",
    )
    data, code = check(cli)
    assert "LEADER_FIRST" in errors(data) and code == 1
    run(
        cli,
        "item add 年度预算 --kind general",
        "opinion 3 wang agree",
        "opinion 3 zhang agree",
        "opinion 3 li agree",
        f"vote 3 --method hands --yes {yes(*ALL)}",
        "decide 3 同意",
    )
    data, _ = check(cli)
    assert [f["item"] for f in data["findings"] if f["code"] == "LEADER_FIRST"] == [2]


def test_change_of_chair_speaks_last_on_its_items(cli, tmp_path: Path) -> None:
    """001 第二十条:「表决实行主持人末位表态制」 — after `chair 李明 --from-item 2` the chair of
    item 2 is 李明: nobody speaks after him; 张伟 chairs item 1 as before."""
    open_eight(cli, type="special")
    run(
        cli,
        f"attend {' '.join(ALL[:7])}",
        "leave huang --reason 出差",
        "item add 学习 --kind study",
        "chair 李明 --from-item 2",
        "item add 工作要点 --kind general",
        "opinion 2 wang agree",
        "opinion 2 li agree",
        "opinion 2 zhao agree",
        f"vote 2 --method hands --yes {yes(*ALL[:7])}",
        "decide 2 同意",
    )
    data, code = check(cli)
    last = [f for f in data["findings"] if f["code"] == "CHAIR_NOT_LAST"]
    assert [f["item"] for f in last] == [2] and "李明" in last[0]["message"] and code == 1
    run(
        cli,
        "undo",
        "undo",
        "undo",
        "undo",
        "opinion 2 zhao agree",
        "opinion 2 li agree",
        f"vote 2 --method hands --yes {yes(*ALL[:7])}",
        "decide 2 同意",
    )
    data, code = check(cli)
    assert "CHAIR_NOT_LAST" not in codes(data) and code == 0
    assert "not recorded as present" in refused(cli, "chair 黄海 --from-item 3")
    out = tmp_path / "record.md"
    assert cli("render", "--template", "record", "--format", "md", "-o", str(out)).exit_code == 0
    assert "；第二项起由李明主持" in out.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------- attendance


def test_late_arrival_counts_from_its_item(cli) -> None:
    """001 第十九条:「讨论决定干部任免事项必须有三分之二以上党组成员到会」 — 黄海 arrives for item
    3: she may not vote on item 2, and only item 3 has the 6 of 8 (2/3) it needs."""
    open_eight(cli)
    run(
        cli,
        f"attend {' '.join(ALL[:5])}",
        "leave liu --reason 出差",
        "leave yang --reason 出差",
        "item add 学习 --kind study",
        "item add 干部任免 --kind personnel --candidate 甲",
        "attend huang --from-item 3",
    )
    assert "not present" in refused(cli, "vote 2 --method hands --yes zhang,huang")
    run(
        cli,
        "vote 2 --method secret --yes 5 --no 0 --abstain 0",
        "decide 2 同意",
        "item add 干部任免 --kind personnel --candidate 乙",
        "vote 3 --method secret --yes 6 --no 0 --abstain 0",
        "decide 3 同意",
    )
    data, _ = check(cli)
    assert (outcome_of(data, 2, "甲"), outcome_of(data, 3, "乙")) == ("invalid", "passed")
    assert [f["item"] for f in data["findings"] if f["code"] == "ITEM_QUORUM"] == [2]
    assert "QUORUM" not in codes(data)  # 5 of 8 at the opening is half or more


def test_per_item_guests(cli, tmp_path: Path) -> None:
    """002 三重一大 第九条（一）:「可以邀请有关科室负责人在讨论相关议题时列席会议」 — a guest for
    item 2 only is recorded and printed as such."""
    open_eight(cli)
    run(
        cli,
        f"attend {' '.join(ALL)}",
        "guest 孙强 --role 财务科科长 --item 2",
        "guest 周敏 --role 办公室主任",
        "item add 学习 --kind study",
        "item add 工作要点 --kind general",
        f"vote 2 --method hands --yes {yes(*ALL)}",
        "decide 2 同意",
    )
    out = tmp_path / "record.md"
    assert cli("render", "--template", "record", "--format", "md", "-o", str(out)).exit_code == 0
    text = out.read_text(encoding="utf-8")
    assert "孙强（财务科科长）（列席第二项）" in text and "周敏（办公室主任）" in text


def test_candidate_who_is_a_member_must_be_recused(cli) -> None:
    """001 第十九条:「党组会议议题涉及本人或其亲属以及存在其他需要回避情形的，有关党组成员应回避」
    — 李明 is himself the candidate."""
    open_eight(cli)
    run(
        cli,
        f"attend {' '.join(ALL)}",
        "item add 学习 --kind study",
        "item add 副局长人选推荐 --kind personnel --candidate 李明",
        "vote 2 --method secret --yes 7 --no 0 --abstain 0",
        "decide 2 同意",
    )
    data, code = check(cli)
    assert "CANDIDATE_NOT_RECUSED" in errors(data) and code == 1
    run(
        cli,
        "undo",
        "undo",
        "recuse li --item 2 --reason 本人",
        "vote 2 --method secret --yes 7 --no 0 --abstain 0",
        "decide 2 同意",
    )
    data, code = check(cli)
    assert "CANDIDATE_NOT_RECUSED" not in codes(data) and code == 0


def test_written_statement_from_every_member_who_did_not_attend(cli) -> None:
    """001 第二十七条（五）:「因故缺席的党组成员，应提交书面发言，列入会议记录」 — owed by a member
    absent without leave as much as by one on leave."""
    cli.open(
        "--time",
        "09:00",
        "--place",
        "会议室",
        "--recorder",
        "秘书",
        rules=sample("liaoning-jiguan-party-group"),
        type="democratic_life",
        date="2024-12-20",
    )
    run(
        cli,
        "attend zhangdeming hanxue songtao fengqiang dongyali",
        "absent luchangsheng",
        "notified 中共辽宁省委",
        "item add 对照检查 --kind criticism",
    )
    data, code = check(cli)
    assert "STATEMENT_MISSING" in errors(data) and code == 1
    run(cli, "absent luchangsheng --opinion 书面发言：对照检查材料")
    data, _ = check(cli)
    assert "STATEMENT_MISSING" not in codes(data)


def test_absent_members_are_briefed_afterwards(cli) -> None:
    """003 第十三条（十一）:「党组会议讨论决定重大问题，如有党组成员因故缺席，会议主持人指定党组
    成员向其通报情况」 — a warning until `yishi brief` records it (after close too)."""
    cli.open(
        "--time",
        "09:00",
        "--place",
        "会议室",
        "--recorder",
        "秘书",
        "--notice-sent",
        "2024-03-01",
        rules=sample("xining-chengzhong-hrss-party-group"),
    )
    run(
        cli,
        "attend mawenbin lixiuying hanzhiyong qixiaofang",
        "leave zhubin --reason 出差",
        "item add 学习 --kind study",
        "close",
    )
    data, code = check(cli)
    assert "BRIEFING_MISSING" in codes(data) and code == 0  # an unrecorded fact: a warning
    assert "attended the whole meeting" in refused(cli, "brief mawenbin")
    run(cli, "brief zhubin --by lixiuying --date 2024-03-06")
    data, _ = check(cli)
    assert "BRIEFING_MISSING" not in codes(data)


# ---------------------------------------------------------------------------- decisions


def test_decision_status_must_agree_with_the_vote(cli) -> None:
    """000 局党组工作规则 第十六条（一）:「赞成票超过应到会党组成员半数的为通过」 — "会议原则通过"
    on 3 of 8 is an error; recorded as --rejected it is not; --rejected on a passed vote is."""
    open_eight(cli)
    run(
        cli,
        f"attend {' '.join(ALL)}",
        "item add 学习 --kind study",
        "item add 工作要点 --kind general",
        f"vote 2 --method hands --yes {yes(*ALL[:3])} --no {yes(*ALL[3:])}",
        "decide 2 会议原则通过",
    )
    data, code = check(cli)
    assert "DECISION_CONTRADICTS" in errors(data) and code == 1
    run(cli, "decide 2 未通过 --rejected --replace")
    data, code = check(cli)
    assert "DECISION_CONTRADICTS" not in codes(data) and code == 0
    run(
        cli,
        "item add 年度预算 --kind general",
        f"vote 3 --method hands --yes {yes(*ALL)}",
        "decide 3 不同意 --rejected",
    )
    data, code = check(cli)
    assert [f["item"] for f in data["findings"] if f["code"] == "DECISION_CONTRADICTS"] == [3]
    assert "exclude" in refused(cli, "decide 3 x --rejected --defer")


def test_no_items_or_an_unvoted_item_blocks_issue(cli, tmp_path: Path, monkeypatch) -> None:
    """002 三重一大 第九条（五）:「记录……每项议题讨论情况和最后决定」 and 000 第十六条（一）「会议
    讨论和决定的重要问题，应当进行表决」 — flagged before issue: issue refuses (exit 1)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    open_eight(cli)
    run(cli, f"attend {' '.join(ALL)}", "close")
    data, _ = check(cli)
    assert "NO_ITEMS" in errors(data)
    assert cli("issue").exit_code == 1
    open_eight(cli, date="2024-03-06")
    run(
        cli,
        f"attend {' '.join(ALL)}",
        "item add 学习 --kind study",
        "item add 工作要点 --kind general",
        "close",
    )
    data, _ = check(cli)
    assert "NOT_VOTED" in errors(data)
    assert cli("issue").exit_code == 1


# ---------------------------------------------------------------------------- a year


def test_kind_frequency_is_judged_over_the_year(cli) -> None:
    """000 局党组工作规则 第二十一条:「会前学法每年不少于6次」 — five 会前学法 in 2023 are short."""
    rules = sample("hlj-jiguan-party-group")
    everyone = "wangzhiqiang lihongmei zhaoguoqing sunjianjun liujing zhouming"
    for month in range(1, 6):
        cli.open(rules=rules, date=f"2023-{month:02d}-15")
        run(
            cli,
            f"attend {everyone}",
            "item add 学习 --kind study",
            "item add 学习民法典 --kind law_study",
            "close",
        )
    year = json.loads(cli("check", "--year", "2023", "--format", "json").stdout)
    short = [f for f in year["findings"] if f["code"] == "KIND_FREQUENCY"]
    assert len(short) == 1 and "5" in short[0]["message"] and "6" in short[0]["message"]
    assert short[0]["rule"] == "item_kinds.law_study.frequency"
    cli.open(rules=rules, date="2023-06-15")
    run(
        cli,
        f"attend {everyone}",
        "item add 学习 --kind study",
        "item add 学习行政复议法 --kind law_study",
        "close",
    )
    year = json.loads(cli("check", "--year", "2023", "--format", "json").stdout)
    assert "KIND_FREQUENCY" not in {f["code"] for f in year["findings"]}
    report = cli("report", "--year", "2023", "--format", "json")
    assert "KIND_FREQUENCY" not in report.stdout


def test_shell_prompt_of_a_meeting_type_without_quorum(tmp_path: Path) -> None:
    """004 第二十八条 (专题会议, no quorum rule): the shell's prompt shows the meeting, no crash."""
    from yishi.commands.shell import Shell, run_script

    codes = run_script(
        [
            f"open {sample('tianjin-jiguan')} --type special_topic "
            "--date 2024-04-01 --chair yuhong",
            "attend yuhong caoyue",
        ],
        tmp_path,
    )
    assert codes == [0, 0]
    assert Shell(tmp_path, "en").prompt().endswith("2/6✓> ")
