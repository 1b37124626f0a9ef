"""Meeting views (yishi/views.py): the roll, the chair of an item, thresholds' bases, and
status and the minutes reading the same roll."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

from tests.helpers import EIGHT
from yishi import record, views
from yishi.rules import Threshold, from_snapshot

RAW = tomllib.loads(EIGHT.read_text(encoding="utf-8"))
RULES = from_snapshot(copy.deepcopy(RAW))


def meeting(*events: dict[str, Any], **header: Any) -> record.Meeting:
    head = {"id": "m", "body": RULES.body.id, "type": "party_group", "date": "2024-03-05"}
    head.update(header)
    return record.replay(head, RULES, [{"n": i + 1, **e} for i, e in enumerate(events)])


ITEMS = [
    {"op": "item", "title": "学习", "kind": "study"},
    {"op": "item", "title": "一般", "kind": "general"},
    {"op": "item", "title": "资金", "kind": "large_fund", "amount": "800", "area": "finance"},
]


def roll_meeting() -> record.Meeting:
    return meeting(
        {"op": "attend", "members": ["zhang", "li", "wang"]},
        {"op": "attend", "members": ["zhao"], "from_item": 2},
        {"op": "leave", "member": "chen", "reason": "出差", "opinion": "同意"},
        {"op": "leave", "member": "liu", "reason": "病假"},
        {"op": "absent", "members": ["yang"]},
        *ITEMS,
        {"op": "depart", "member": "wang", "after": 2},
        chair="zhang",
    )


def ids(members: list[Any]) -> list[str]:
    return [m.id for m in members]


def test_the_roll() -> None:
    r = views.roll(roll_meeting())
    assert ids(r.present) == ["zhang", "li", "wang", "zhao"]
    assert ids(r.leave) == ["chen", "liu"]
    assert ids(r.absent) == ["yang"]
    assert ids(r.unrecorded) == ["huang"]
    assert r.departed == {"wang": 2}
    assert r.late == {"zhao": 2}
    assert r.written == {"chen"}


def test_a_written_opinion_on_an_item_is_a_written_statement() -> None:
    m = meeting(
        {"op": "attend", "members": ["zhang", "li", "wang", "zhao", "chen"]},
        {"op": "leave", "member": "liu", "reason": "病假"},
        *ITEMS,
        {"op": "opinion", "item": 2, "member": "liu", "position": "agree"},
    )
    assert views.wrote(m, "liu") and views.roll(m).written == {"liu"}
    assert not views.wrote(m, "zhang")


def test_present_for_an_item_follows_late_arrival_departure_and_recusal() -> None:
    m = roll_meeting()
    first, second, third = m.items
    assert ids(m.present_members_for(first)) == ["zhang", "li", "wang"]  # zhao from item 2
    assert ids(m.present_members_for(second)) == ["zhang", "li", "wang", "zhao"]
    assert ids(m.present_members_for(third)) == ["zhang", "li", "zhao"]  # wang left after 2


def test_the_chair_of_an_item_after_a_change_of_chair() -> None:
    m = meeting(
        {"op": "attend", "members": ["zhang", "li", "wang", "zhao", "chen"]},
        *ITEMS,
        {"op": "chair", "member": "li", "from_item": 3},
        chair="zhang",
    )
    assert views.chair_of(m).id == "zhang"
    assert [views.chair_of(m, i).id for i in m.items] == ["zhang", "zhang", "li"]
    assert views.leader_of(m).id == "zhang"  # 一把手: the holder of the chair role
    unrecorded = meeting(*ITEMS)  # no chair recorded: the first holder of the role
    assert views.chair_of(unrecorded).id == "zhang"


def test_thresholds_bases() -> None:
    m = meeting(
        {"op": "attend", "members": ["zhang", "li", "wang", "zhao", "chen"]},
        *ITEMS,
        {"op": "recuse", "member": "li", "item": 2, "reason": "亲属"},
    )
    item = m.items[1]
    assert views.pass_base(m, item, "members", 3) == 8
    assert views.pass_base(m, item, "eligible", 3) == 7  # li recused
    assert views.pass_base(m, item, "present", 3) == 4  # present and not recused
    assert views.pass_base(m, item, "cast", 3) == 3
    eligible = Threshold("at_least", RULES.item_kinds["personnel"].quorum.fraction, "eligible")
    assert views.quorum_total(m, item, eligible) == 7
    assert views.quorum_total(m, item, RULES.meeting_types["party_group"].quorum) == 8
    assert views.item_quorum(m, m.items[2]) == (
        RULES.item_kinds["large_fund"].quorum,
        "item_kinds.large_fund.quorum",
    )
    assert views.item_quorum(m, item)[1] == "meeting_types.party_group.quorum"


def test_in_charge_and_written_opinions() -> None:
    m = roll_meeting()
    fund = m.items[2]
    assert ids(views.in_charge_of(m, fund)) == ["wang"]
    assert views.in_charge_of(m, m.items[1]) == []  # no area
    assert views.has_written_opinion(m, fund, "chen")  # the opinion given with the leave
    assert not views.has_written_opinion(m, fund, "liu")


def test_status_and_the_minutes_read_the_roll(cli, tmp_path) -> None:
    cli.open("--time", "09:00", "--place", "三楼", "--recorder", "周敏")
    for args in (
        ("attend", "zhang", "li", "wang"),
        ("attend", "zhao", "--from-item", "2"),
        ("leave", "chen", "--reason", "出差", "--opinion", "同意"),
        ("absent", "yang"),
        ("item", "add", "学习", "--kind", "study"),
        ("item", "add", "一般", "--kind", "general"),
        ("depart", "wang", "--after", "1"),
    ):
        assert cli(*args).exit_code == 0, args
    status = cli("status", lang="zh").stdout
    assert "张伟、李明、王芳（第1项后离会）、赵磊（第2项起到会）" in status
    assert "陈静（出差，有书面意见）" in status
    rows = dict(line.split()[:2] for line in status.splitlines() if len(line.split()) >= 2)
    assert rows["缺席（1）"] == "杨帆" and rows["未记录（2）"] == "刘洋、黄海"
    out = tmp_path / "minutes.md"
    assert cli("render", "--format", "md", "-o", str(out)).exit_code == 0
    minutes = out.read_text(encoding="utf-8")
    assert "**出席：**张伟、李明、王芳（第一项议题后离会）、赵磊（第二项议题起到会）" in minutes
    assert "**请假：**陈静（出差，已提交书面意见）" in minutes
    assert "**缺席：**杨帆" in minutes and "**未登记出席情况：**刘洋、黄海" in minutes
