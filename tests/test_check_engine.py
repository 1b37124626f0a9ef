"""The check engine, table-driven through `record.replay`: every finding code with a meeting
that triggers it and one that does not, and the outcome arithmetic at its boundaries."""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from pathlib import Path
from typing import Any

import pytest

from yishi import record
from yishi.check import CODES, SEAL_CODES, YEAR_CODES, evaluate, evaluate_year
from yishi.i18n import catalog
from yishi.rules import Rules, build, from_snapshot

EIGHT = Path(__file__).parent / "fixtures" / "eight.toml"
RAW = tomllib.loads(EIGHT.read_text(encoding="utf-8"))
ALL = ["zhang", "li", "wang", "zhao", "chen", "liu", "yang", "huang"]  # rank 1..8


def rules_with(*patches: tuple[str, Any]) -> Rules:
    """The eight-member body with dotted-path patches, e.g. ("voting.chair_last", False);
    a value of None deletes the key. Validated like a record's snapshot."""
    raw = copy.deepcopy(RAW)
    for path, value in patches:
        *parents, last = path.split(".")
        node = raw
        for part in parents:
            node = node.setdefault(part, {})
        if value is None:
            node.pop(last, None)
        else:
            node[last] = value
    return from_snapshot(raw)


RULES = build(copy.deepcopy(RAW))


def make(*events: dict[str, Any], rules: Rules = RULES, **header: Any) -> record.Meeting:
    head = {
        "id": "m",
        "body": rules.body.id,
        "type": "party_group",
        "date": "2024-03-05",
        "chair": "zhang",
        "notice_sent": "2024-03-01",
        "notified": ["派驻纪检监察组"],
        "time": "09:00",
        "place": "三楼会议室",
        "recorder": "王秘书",
    }
    head.update(header)
    log = [{"n": index + 1, **event} for index, event in enumerate(events)]
    return record.replay(head, rules, log)


# --- event builders (the dicts `yishi` writes into a record's log)


def attend(*members: str) -> dict[str, Any]:
    return {"op": "attend", "members": list(members)}


def leave(member: str, reason: str = "出差", opinion: str = "") -> dict[str, Any]:
    event = {"op": "leave", "member": member, "reason": reason}
    if opinion:
        event["opinion"] = opinion
    return event


def absent(*members: str) -> dict[str, Any]:
    return {"op": "absent", "members": list(members)}


def depart(member: str, after: int) -> dict[str, Any]:
    return {"op": "depart", "member": member, "after": after}


def item(title: str, kind: str, **extra: Any) -> dict[str, Any]:
    return {"op": "item", "title": title, "kind": kind, **extra}


def opinion(number: int, member: str, position: str | None = "agree", **extra: Any):
    return {"op": "opinion", "item": number, "member": member, "position": position, **extra}


def vote(
    numbers: int | list[int], method: str = "hands", yes=(), no=(), abstain=(), **extra: Any
) -> dict[str, Any]:
    items = numbers if isinstance(numbers, list) else [numbers]
    event = {"op": "vote", "items": items, "method": method, **extra}
    if method == "secret":
        event.update(yes=yes, no=no, abstain=abstain)
    else:
        event.update(yes_names=list(yes), no_names=list(no), abstain_names=list(abstain))
    return event


def secret(numbers: int, yes: int, no: int = 0, abstain: int = 0, **extra: Any):
    return vote(numbers, "secret", yes, no, abstain, **extra)


def decide(number: int, text: str = "同意", defer: bool = False) -> dict[str, Any]:
    return {"op": "decide", "item": number, "text": text, "defer": defer}


def recuse(member: str, number: int) -> dict[str, Any]:
    return {"op": "recuse", "member": member, "item": number, "reason": "亲属"}


STUDY = item("学习贯彻重要讲话精神", "study")
GENERAL = item("2024年工作要点", "general")
# A clean meeting: everyone present, 第一议题 study, one general item voted 8-0 and decided.
BASE = [attend(*ALL), STUDY, GENERAL, vote(2, yes=ALL), decide(2)]


def codes(meeting: record.Meeting) -> list[str]:
    return [f.code for f in evaluate(meeting).findings]


def test_the_clean_meeting_has_no_findings() -> None:
    report = evaluate(make(*BASE))
    assert report.findings == []
    assert report.ok
    assert [o.outcome for o in report.items] == ["no_vote", "passed"]


# Each case: code, a meeting that triggers it, a meeting (close to it) that does not.
def personnel(*candidates: str, **extra: Any) -> dict[str, Any]:
    return item("干部任免", "personnel", candidates=list(candidates), **extra)


FUND = item("购置设备", "large_fund", amount="800", area="finance")
SPECIAL = rules_with()
LIFE = rules_with(
    (
        "meeting_types.life",
        {
            "name": "民主生活会",
            "chair": "secretary",
            "quorum": {"at_least": "2/3"},
            "absent_statement": True,
        },
    )
)
REQUIRED = rules_with(("item_kinds.general.opinions_required", True))
RANK = rules_with(("item_kinds.personnel.opinion_order", "rank"))
TWO_METHODS = rules_with(("voting.methods", ["hands", "secret"]))
JOINT_OK = rules_with(("voting.separate_items", False))
COUNTED = rules_with(("voting.absent_opinions_count", True))
NO_AD_HOC_FUND = rules_with(("item_kinds.large_fund.ad_hoc", False))

SUBMIT2 = rules_with(("meeting_types.party_group.submit_days", 2))
PREREQS = rules_with(("item_kinds.general.prerequisites", ["合法性审查", "风险评估"]))
WORKING = rules_with(("meeting_types.party_group.day_count", "working"))
APPROVED_OPEN = [
    {"op": "approve", "items": [1, 2]},
    {"op": "open"},
    attend(*ALL),
    vote(2, yes=ALL),
    decide(2),
]


def planned(*items: dict[str, Any]) -> list[dict[str, Any]]:
    """A planned meeting: the 申报 of `items`, approved (forced), opened, voted, decided."""
    return [STUDY, *items, *APPROVED_OPEN]


CASES: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
    (
        "PROPOSAL_LATE",  # submit_days = 2: by 2024-03-03
        dict(
            events=planned({**GENERAL, "submitted": "2024-03-04"}),
            rules=SUBMIT2,
            header={"planned": True},
        ),
        dict(
            events=planned({**GENERAL, "submitted": "2024-03-03"}),
            rules=SUBMIT2,
            header={"planned": True},
        ),
    ),
    (
        "PREREQ_MISSING",
        dict(
            events=planned({**GENERAL, "done": ["合法性审查"]}),
            rules=PREREQS,
            header={"planned": True},
        ),
        dict(
            events=planned({**GENERAL, "done": ["合法性审查", "风险评估"]}),
            rules=PREREQS,
            header={"planned": True},
        ),
    ),
    (
        "PREREQ_UNRECORDED",  # a 申报 on a planned meeting that says nothing of them
        dict(events=planned(GENERAL), rules=PREREQS, header={"planned": True}),
        dict(events=BASE, rules=PREREQS),
    ),  # opened directly: the 申报 was not tracked
    (
        "CALENDAR_UNKNOWN",  # no calendar file for 2031: never guessed
        dict(
            events=BASE, rules=WORKING, header={"date": "2031-03-05", "notice_sent": "2031-03-01"}
        ),
        dict(events=BASE, rules=WORKING),
    ),
    (
        "QUORUM",
        dict(
            events=[
                attend("zhang", "li", "wang"),
                leave("zhao"),
                leave("chen"),
                leave("liu"),
                leave("yang"),
                leave("huang"),
                STUDY,
            ]
        ),
        dict(
            events=[
                attend("zhang", "li", "wang", "zhao"),
                leave("chen"),
                leave("liu"),
                leave("yang"),
                leave("huang"),
                STUDY,
            ]
        ),
    ),
    (
        "ITEM_QUORUM",  # personnel needs 2/3 of 8 = 6
        dict(
            events=[
                attend(*ALL[:5]),
                leave("liu"),
                leave("yang"),
                leave("huang"),
                STUDY,
                personnel("甲"),
            ]
        ),
        dict(events=[attend(*ALL[:6]), leave("yang"), leave("huang"), STUDY, personnel("甲")]),
    ),
    (
        "ITEM_QUORUM",  # departures count: 6 present, one leaves after item 1
        dict(
            events=[
                attend(*ALL[:6]),
                leave("yang"),
                leave("huang"),
                STUDY,
                personnel("甲"),
                depart("liu", 1),
            ]
        ),
        dict(
            events=[
                attend(*ALL[:6]),
                leave("yang"),
                leave("huang"),
                STUDY,
                personnel("甲"),
                depart("liu", 2),
            ]
        ),
    ),
    (
        "CHAIR_ABSENT",
        dict(events=[attend(*ALL[1:]), leave("zhang"), STUDY]),
        dict(events=[attend(*ALL), STUDY]),
    ),
    (
        "CHAIR_DEPARTED",
        dict(events=[attend(*ALL), STUDY, GENERAL, depart("zhang", 1)]),
        dict(events=[attend(*ALL), STUDY, GENERAL, depart("zhang", 2)]),
    ),
    (
        "CHAIR_NOT_AUTHORISED",
        dict(events=[attend(*ALL), STUDY], header={"chair": "chen"}),
        dict(events=[attend(*ALL[1:]), leave("zhang")], header={"chair": "li", "type": "special"}),
    ),
    (
        "CHAIR_DELEGATED",
        dict(events=[attend(*ALL)], header={"chair": "li", "type": "special"}),
        dict(events=[attend(*ALL[1:]), leave("zhang")], header={"chair": "li", "type": "special"}),
    ),
    (
        "CHAIR_NOT_LAST",
        dict(events=[attend(*ALL), STUDY, GENERAL, opinion(2, "zhang"), opinion(2, "li")]),
        dict(events=[attend(*ALL), STUDY, GENERAL, opinion(2, "li"), opinion(2, "zhang")]),
    ),
    (
        "CHAIR_NOT_LAST",  # per candidate: last for 甲 but not for 乙
        dict(
            events=[
                attend(*ALL),
                STUDY,
                personnel("甲", "乙"),
                opinion(2, "huang", candidate="甲"),
                opinion(2, "zhang", candidate="甲"),
                opinion(2, "zhang", candidate="乙"),
                opinion(2, "huang", candidate="乙"),
            ]
        ),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                personnel("甲", "乙"),
                opinion(2, "huang", candidate="甲"),
                opinion(2, "zhang", candidate="甲"),
                opinion(2, "huang", candidate="乙"),
                opinion(2, "zhang", candidate="乙"),
            ]
        ),
    ),
    (
        "CHAIR_NOT_LAST",  # chair_last off: the chair may speak first
        dict(events=[attend(*ALL), STUDY, GENERAL, opinion(2, "zhang"), opinion(2, "li")]),
        dict(
            events=[attend(*ALL), STUDY, GENERAL, opinion(2, "zhang"), opinion(2, "li")],
            rules=rules_with(("voting.chair_last", False)),
        ),
    ),
    (
        "OPINION_ORDER",
        dict(
            events=[
                attend(*ALL),
                STUDY,
                personnel("甲"),
                opinion(2, "liu"),
                opinion(2, "huang"),
                opinion(2, "zhang"),
            ]
        ),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                personnel("甲"),
                opinion(2, "huang"),
                opinion(2, "liu"),
                opinion(2, "zhang"),
            ]
        ),
    ),
    (
        "OPINION_ORDER",  # written opinions are outside the order
        dict(
            events=[
                attend(*ALL[:7]),
                leave("huang"),
                STUDY,
                personnel("甲"),
                opinion(2, "li"),
                opinion(2, "yang"),
            ]
        ),
        dict(
            events=[
                attend(*ALL[:7]),
                leave("huang"),
                STUDY,
                personnel("甲"),
                opinion(2, "yang"),
                opinion(2, "huang"),
                opinion(2, "li"),
            ]
        ),
    ),
    (
        "OPINION_ORDER",  # opinion_order = "rank"
        dict(
            events=[attend(*ALL), STUDY, personnel("甲"), opinion(2, "huang"), opinion(2, "li")],
            rules=RANK,
        ),
        dict(
            events=[attend(*ALL), STUDY, personnel("甲"), opinion(2, "li"), opinion(2, "huang")],
            rules=RANK,
        ),
    ),
    (
        "OPINION_MISSING",
        dict(
            events=[attend(*ALL), STUDY, GENERAL]
            + [opinion(2, m) for m in ALL[1:7]]
            + [opinion(2, "zhang")],
            rules=REQUIRED,
        ),
        dict(
            events=[attend(*ALL), STUDY, GENERAL]
            + [opinion(2, m) for m in ALL[1:]]
            + [opinion(2, "zhang")],
            rules=REQUIRED,
        ),
    ),
    (
        "OPINION_MISSING",  # a statement without a position is not a clear opinion
        dict(
            events=[
                attend(*ALL[:2]),
                leave("wang"),
                leave("zhao"),
                leave("chen"),
                leave("liu"),
                leave("yang"),
                leave("huang"),
                STUDY,
                GENERAL,
                opinion(2, "li", None, text="再研究"),
                opinion(2, "zhang"),
            ],
            rules=REQUIRED,
        ),
        dict(
            events=[
                attend(*ALL[:2]),
                leave("wang"),
                leave("zhao"),
                leave("chen"),
                leave("liu"),
                leave("yang"),
                leave("huang"),
                STUDY,
                GENERAL,
                opinion(2, "li", "defer", text="再研究"),
                opinion(2, "zhang"),
            ],
            rules=REQUIRED,
        ),
    ),
    (
        "CANDIDATES_JOINT",
        dict(events=[attend(*ALL), STUDY, personnel("甲", "乙"), vote(2, yes=ALL), decide(2)]),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                personnel("甲", "乙"),
                vote(2, yes=ALL, candidate="甲"),
                vote(2, yes=ALL, candidate="乙"),
                decide(2),
            ]
        ),
    ),
    (
        "CANDIDATE_NOT_VOTED",
        dict(
            events=[
                attend(*ALL),
                STUDY,
                personnel("甲", "乙"),
                vote(2, yes=ALL, candidate="甲"),
                decide(2),
            ]
        ),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                personnel("甲", "乙"),
                vote(2, yes=ALL, candidate="甲"),
                decide(2, defer=True),
            ]
        ),
    ),
    (
        "CANDIDATES_UNRECORDED",
        dict(events=[attend(*ALL), STUDY, personnel(), vote(2, yes=ALL), decide(2)]),
        dict(events=[attend(*ALL), STUDY, personnel("甲"), vote(2, yes=ALL), decide(2)]),
    ),
    (
        "ITEMS_JOINT",
        dict(
            events=[
                attend(*ALL),
                STUDY,
                GENERAL,
                GENERAL,
                vote([2, 3], yes=ALL),
                decide(2),
                decide(3),
            ]
        ),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                GENERAL,
                GENERAL,
                vote([2, 3], yes=ALL),
                decide(2),
                decide(3),
            ],
            rules=JOINT_OK,
        ),
    ),
    (
        "NOT_VOTED",
        dict(events=[attend(*ALL), STUDY, GENERAL]),
        dict(events=[attend(*ALL), STUDY, GENERAL, decide(2, defer=True)]),
    ),
    (
        "NO_DECISION",
        dict(events=[attend(*ALL), STUDY, GENERAL, vote(2, yes=ALL)]),
        dict(events=[attend(*ALL), STUDY, GENERAL, vote(2, yes=ALL), decide(2)]),
    ),
    (
        "AD_HOC",
        dict(events=[attend(*ALL), STUDY, personnel("甲", ad_hoc=True)]),
        dict(events=[attend(*ALL), STUDY, item("临时事项", "general", ad_hoc=True)]),
    ),
    (
        "AD_HOC",  # an emergency never allows ad-hoc personnel items
        dict(
            events=[attend(*ALL), STUDY, personnel("甲", ad_hoc=True)], header={"emergency": True}
        ),
        dict(events=[attend(*ALL), STUDY, personnel("甲")], header={"emergency": True}),
    ),
    (
        "AD_HOC_EMERGENCY",
        dict(
            events=[attend(*ALL), STUDY, {**FUND, "ad_hoc": True}],
            rules=NO_AD_HOC_FUND,
            header={"emergency": True},
        ),
        dict(events=[attend(*ALL), STUDY, FUND], rules=NO_AD_HOC_FUND, header={"emergency": True}),
    ),
    (
        "AD_HOC",  # outside an emergency it is an error
        dict(events=[attend(*ALL), STUDY, {**FUND, "ad_hoc": True}], rules=NO_AD_HOC_FUND),
        dict(
            events=[attend(*ALL), STUDY, {**FUND, "ad_hoc": True}],
            rules=NO_AD_HOC_FUND,
            header={"emergency": True},
        ),
    ),
    (
        "NOTICE_LATE",  # notice_days = 2: by 2024-03-03
        dict(events=[attend(*ALL), STUDY], header={"notice_sent": "2024-03-04"}),
        dict(events=[attend(*ALL), STUDY], header={"notice_sent": "2024-03-03"}),
    ),
    (
        "NOTICE_LATE",
        dict(events=[attend(*ALL), STUDY], header={"notice_sent": "2024-03-05"}),
        dict(events=[attend(*ALL), STUDY], header={"notice_sent": "2024-03-05", "emergency": True}),
    ),
    (
        "NOTICE_UNRECORDED",
        dict(events=[attend(*ALL), STUDY], header={"notice_sent": None}),
        dict(events=[attend(*ALL), STUDY]),
    ),
    (
        "MATERIALS_LATE",
        dict(events=[attend(*ALL), STUDY, {**GENERAL, "materials_sent": "2024-03-04"}]),
        dict(events=[attend(*ALL), STUDY, {**GENERAL, "materials_sent": "2024-03-03"}]),
    ),
    (
        "MATERIALS_UNRECORDED",
        dict(events=[attend(*ALL), STUDY, GENERAL], header={"notice_sent": None}),
        dict(
            events=[
                attend(*ALL),
                {**STUDY, "materials_sent": "2024-03-01"},
                {**GENERAL, "materials_sent": "2024-03-02"},
            ],
            header={"notice_sent": None},
        ),
    ),
    (
        "MATERIALS_EARLY",
        dict(events=[attend(*ALL), STUDY, personnel("甲", materials_sent="2024-03-01")]),
        dict(events=[attend(*ALL), STUDY, personnel("甲")]),
    ),
    (
        "IN_CHARGE_ABSENT",
        dict(events=[attend(*[m for m in ALL if m != "wang"]), leave("wang"), STUDY, FUND]),
        dict(
            events=[
                attend(*[m for m in ALL if m != "wang"]),
                leave("wang", opinion="同意购置"),
                STUDY,
                FUND,
            ]
        ),
    ),
    (
        "IN_CHARGE_ABSENT",  # a written opinion on the item also does
        dict(
            events=[
                attend(*[m for m in ALL if m != "wang"]),
                leave("wang"),
                STUDY,
                FUND,
                depart("zhang", 2),
            ]
        ),
        dict(
            events=[
                attend(*[m for m in ALL if m != "wang"]),
                leave("wang"),
                STUDY,
                FUND,
                opinion(2, "wang", "agree", text="同意"),
            ]
        ),
    ),
    (
        "IN_CHARGE_ABSENT",  # departed before the item
        dict(events=[attend(*ALL), STUDY, FUND, depart("wang", 1)]),
        dict(events=[attend(*ALL), STUDY, FUND, depart("wang", 2)]),
    ),
    (
        "AREA_UNRECORDED",
        dict(events=[attend(*ALL), STUDY, item("购置", "large_fund", amount="800")]),
        dict(events=[attend(*ALL), STUDY, FUND]),
    ),
    (
        "AREA_NO_MEMBER",
        dict(events=[attend(*ALL), STUDY, item("购置", "large_fund", amount="800", area="space")]),
        dict(events=[attend(*ALL), STUDY, FUND]),
    ),
    (
        "NOT_PRESENT_PARTICIPATED",  # attendance changed after the vote was recorded
        dict(events=BASE + [leave("huang")]),
        dict(events=BASE),
    ),
    (
        "NOT_PRESENT_PARTICIPATED",
        dict(events=[attend(*ALL), STUDY, GENERAL, opinion(2, "li"), depart("li", 1)]),
        dict(events=[attend(*ALL), STUDY, GENERAL, opinion(2, "li"), depart("li", 2)]),
    ),
    (
        "NOT_PRESENT_PARTICIPATED",  # secret ballots outnumber those present
        dict(events=[attend(*ALL), STUDY, GENERAL, secret(2, 8), decide(2), leave("huang")]),
        dict(events=[attend(*ALL), STUDY, GENERAL, secret(2, 7), decide(2), leave("huang")]),
    ),
    (
        "ABSENT_WITHOUT_LEAVE",
        dict(events=[attend(*ALL[:7]), absent("huang"), STUDY]),
        dict(events=[attend(*ALL[:7]), leave("huang"), STUDY]),
    ),
    (
        "ATTENDANCE_UNRECORDED",
        dict(events=[attend(*ALL[:7]), STUDY]),
        dict(events=[attend(*ALL[:7]), leave("huang"), STUDY]),
    ),
    (
        "RECORD_INCOMPLETE",
        dict(events=BASE, header={"place": "", "recorder": ""}),
        dict(events=BASE),
    ),
    (
        "STATEMENT_MISSING",
        dict(events=[attend(*ALL[:7]), leave("huang")], rules=LIFE, header={"type": "life"}),
        dict(
            events=[attend(*ALL[:7]), leave("huang", opinion="书面发言：对照检查……")],
            rules=LIFE,
            header={"type": "life"},
        ),
    ),
    (
        "STATEMENT_MISSING",  # only where the meeting type asks for it
        dict(events=[attend(*ALL[:7]), leave("huang")], rules=LIFE, header={"type": "life"}),
        dict(events=[attend(*ALL[:7]), leave("huang"), STUDY], rules=LIFE),
    ),
    (
        "SPLIT_VOTE",
        dict(events=[attend(*ALL), STUDY, GENERAL, vote(2, yes=ALL[:4], no=ALL[4:]), decide(2)]),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                GENERAL,
                vote(2, yes=ALL[:4], no=ALL[4:]),
                decide(2, defer=True),
            ]
        ),
    ),
    (
        "SPLIT_VOTE",  # emergency: 按多数意见执行
        dict(events=[attend(*ALL), STUDY, GENERAL, secret(2, 4, 3, 1), decide(2)]),
        dict(
            events=[attend(*ALL), STUDY, GENERAL, secret(2, 4, 3, 1), decide(2)],
            header={"emergency": True},
        ),
    ),
    (
        "SPLIT_VOTE",  # a margin of 2 is not split
        dict(events=[attend(*ALL), STUDY, GENERAL, secret(2, 4, 3, 1), decide(2)]),
        dict(events=[attend(*ALL), STUDY, GENERAL, secret(2, 5, 3), decide(2)]),
    ),
    (
        "VOTE_INCOMPLETE",
        dict(events=[attend(*ALL), STUDY, GENERAL, vote(2, yes=ALL[:7]), decide(2)]),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                GENERAL,
                vote(2, yes=ALL[:7], abstain=["huang"]),
                decide(2),
            ]
        ),
    ),
    (
        "VOTE_INCOMPLETE",
        dict(events=[attend(*ALL), STUDY, GENERAL, secret(2, 6, 1), decide(2)]),
        dict(events=[attend(*ALL), STUDY, GENERAL, secret(2, 6, 1, 1), decide(2)]),
    ),
    (
        "METHOD_NOT_ALLOWED",
        dict(
            events=[attend(*ALL), STUDY, GENERAL, vote(2, "oral", yes=ALL), decide(2)],
            rules=TWO_METHODS,
        ),
        dict(
            events=[attend(*ALL), STUDY, GENERAL, vote(2, "hands", yes=ALL), decide(2)],
            rules=TWO_METHODS,
        ),
    ),
    (
        "FIRST_ITEM",
        dict(events=[attend(*ALL), GENERAL, STUDY]),
        dict(events=[attend(*ALL), STUDY, GENERAL]),
    ),
    (
        "NOTIFY_MISSING",
        dict(events=[attend(*ALL), STUDY], header={"notified": []}),
        dict(
            events=[attend(*ALL), STUDY, {"op": "notified", "org": "派驻纪检监察组"}],
            header={"notified": []},
        ),
    ),
    (
        "NOTIFY_MISSING",  # the item's kind notify, told for the item
        dict(
            events=[attend(*ALL), STUDY, FUND],
            rules=rules_with(("meeting_types.party_group.notify", [])),
            header={"notified": []},
        ),
        dict(
            events=[attend(*ALL), STUDY, {**FUND, "notified": ["派驻纪检监察组"]}],
            rules=rules_with(("meeting_types.party_group.notify", [])),
            header={"notified": []},
        ),
    ),
    (
        "AMOUNT_KIND",
        dict(
            events=[
                attend(*ALL),
                STUDY,
                item("购置", "general", amount="800", recorded_kind="general"),
            ]
        ),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                item("购置", "general", amount="499", recorded_kind="general"),
            ]
        ),
    ),
    ("NO_ITEMS", dict(events=[attend(*ALL)]), dict(events=[attend(*ALL), STUDY])),
    # 002 末位表态 第五条:「"一把手"不得首先表态或个人定调」— 李明 presides, 张伟 opens
    (
        "LEADER_FIRST",
        dict(
            events=[
                attend(*ALL),
                STUDY,
                GENERAL,
                opinion(2, "zhang"),
                opinion(2, "wang"),
                opinion(2, "li"),
                vote(2, yes=ALL),
                decide(2),
            ],
            header={"chair": "li"},
        ),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                GENERAL,
                opinion(2, "wang"),
                opinion(2, "zhang"),
                opinion(2, "li"),
                vote(2, yes=ALL),
                decide(2),
            ],
            header={"chair": "li"},
        ),
    ),
    # 001 第十九条:「党组会议议题涉及本人……有关党组成员应回避」
    (
        "CANDIDATE_NOT_RECUSED",
        dict(events=[attend(*ALL), STUDY, personnel("李明"), secret(2, 6), decide(2)]),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                personnel("李明"),
                recuse("li", 2),
                secret(2, 6),
                decide(2),
            ]
        ),
    ),
    (
        "DECISION_CONTRADICTS",
        dict(
            events=[
                attend(*ALL),
                STUDY,
                GENERAL,
                vote(2, yes=ALL[:3], no=ALL[3:6]),
                decide(2, "会议原则通过"),
            ]
        ),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                GENERAL,
                vote(2, yes=ALL[:3], no=ALL[3:6]),
                {"op": "decide", "item": 2, "text": "未通过", "status": "rejected"},
            ]
        ),
    ),
    # a record written before consent was checked: one name five times
    (
        "RECONSIDER_CONSENT",
        dict(
            events=[
                attend(*ALL),
                STUDY,
                GENERAL,
                vote(2, yes=ALL[:3], no=ALL[3:6]),
                {"op": "reconsider", "item": 2, "members": ["zhang"] * 5},
            ]
        ),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                GENERAL,
                vote(2, yes=ALL[:3], no=ALL[3:6]),
                {"op": "reconsider", "item": 2, "members": ALL[:5]},
            ]
        ),
    ),
    (
        "RECONSIDER_NOT_GRANTED",
        dict(
            events=[
                attend(*ALL),
                STUDY,
                item("复议", "general", reconsiders={"meeting": "earlier", "item": 2}),
                vote(2, yes=ALL),
                decide(2),
            ]
        ),
        dict(
            events=[
                attend(*ALL),
                STUDY,
                item("复议", "general", reconsiders={"meeting": "earlier", "item": 2}),
                {"op": "reconsider", "item": 2, "members": ALL[:5]},
                vote(2, yes=ALL),
                decide(2),
            ]
        ),
    ),
    (
        "BRIEFING_MISSING",
        dict(
            events=[attend(*ALL[:7]), leave("huang"), STUDY],
            rules=rules_with(("meeting_types.party_group.absent_briefing", True)),
        ),
        dict(
            events=[
                attend(*ALL[:7]),
                leave("huang"),
                STUDY,
                {"op": "brief", "member": "huang", "by": "li"},
            ],
            rules=rules_with(("meeting_types.party_group.absent_briefing", True)),
        ),
    ),
    (
        "WRITTEN_COUNTED",
        dict(
            events=[
                attend(*ALL[:7]),
                leave("huang"),
                STUDY,
                GENERAL,
                opinion(2, "huang", "agree", text="同意"),
                vote(2, yes=ALL[:7]),
                decide(2),
            ],
            rules=COUNTED,
        ),
        dict(
            events=[
                attend(*ALL[:7]),
                leave("huang"),
                STUDY,
                GENERAL,
                opinion(2, "huang", "agree", text="同意"),
                vote(2, yes=ALL[:7]),
                decide(2),
            ]
        ),
    ),
]


@pytest.mark.parametrize(
    ("code", "bad", "good"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_finding_is_raised_and_not_raised(
    code: str, bad: dict[str, Any], good: dict[str, Any]
) -> None:
    triggered = make(*bad["events"], rules=bad.get("rules", RULES), **bad.get("header", {}))
    clean = make(*good["events"], rules=good.get("rules", RULES), **good.get("header", {}))
    assert code in codes(triggered)
    assert code not in codes(clean), [f.message("en") for f in evaluate(clean).findings]


def test_recused_participation_is_found_in_a_hand_edited_record() -> None:
    """The recorder refuses it; the check still catches a record that says so."""
    meeting = make(*BASE)
    assert "RECUSED_PARTICIPATED" not in codes(meeting)
    meeting.items[1].recusals["li"] = "亲属"
    assert "RECUSED_PARTICIPATED" in codes(meeting)
    with pytest.raises(Exception):  # noqa: B017 - the recorder refuses it outright
        make(*BASE, recuse("li", 2))


def test_leave_without_reason_is_found_in_a_hand_edited_record() -> None:
    meeting = make(attend(*ALL[:7]), leave("huang"), STUDY)
    assert "LEAVE_NO_REASON" not in codes(meeting)
    meeting.attendance["huang"].reason = " "
    assert "LEAVE_NO_REASON" in codes(meeting)


def test_every_code_has_a_case() -> None:
    covered = {case[0] for case in CASES} | {"RECUSED_PARTICIPATED", "LEAVE_NO_REASON"}
    assert set(CODES) - set(YEAR_CODES) - set(SEAL_CODES) == covered


def test_every_finding_cites_a_rule_and_the_source_and_speaks_both_languages() -> None:
    for _code, bad, _ in CASES:
        meeting = make(*bad["events"], rules=bad.get("rules", RULES), **bad.get("header", {}))
        for finding in evaluate(meeting).findings:
            assert finding.severity == CODES[finding.code].severity
            assert finding.key in catalog()
            assert finding.source == "测试局党组会议议事规则"
            head = finding.rule.split(".")[0]
            assert head in ("meeting_types", "item_kinds", "voting", "members")
            zh, en = finding.message("zh"), finding.message("en")
            assert zh != en and "{" not in zh and "{" not in en, (zh, en)


def test_quorum_dedup_reports_the_meeting_not_each_item() -> None:
    meeting = make(
        attend("zhang", "li", "wang"),
        leave("zhao"),
        leave("chen"),
        leave("liu"),
        leave("yang"),
        leave("huang"),
        STUDY,
        GENERAL,
    )
    found = codes(meeting)
    assert found.count("QUORUM") == 1
    assert "ITEM_QUORUM" not in found


def test_findings_are_sorted_meeting_first_then_by_item() -> None:
    meeting = make(attend(*ALL[:7]), GENERAL, STUDY, personnel("甲", ad_hoc=True))
    items = [f.item for f in evaluate(meeting).findings]
    assert items[0] is None and 3 in items
    assert items == sorted(items, key=lambda n: (n is not None, n or 0))


# ---------------------------------------------------------------------------- outcomes


@pytest.mark.parametrize(("present", "ok"), [(4, True), (3, False)])
def test_meeting_quorum_at_least_half_of_eight(present: int, ok: bool) -> None:
    events = [attend(*ALL[:present])] + [leave(m) for m in ALL[present:]]
    assert ("QUORUM" not in codes(make(*events))) is ok


@pytest.mark.parametrize(("present", "ok"), [(5, True), (4, False)])
def test_meeting_quorum_more_than_half_of_eight(present: int, ok: bool) -> None:
    events = [attend(*ALL[:present])] + [leave(m) for m in ALL[present:]]
    assert ("QUORUM" not in codes(make(*events, type="special"))) is ok


@pytest.mark.parametrize(("yes", "outcome"), [(5, "passed"), (4, "rejected")])
def test_pass_more_than_half_of_members(yes: int, outcome: str) -> None:
    meeting = make(attend(*ALL), STUDY, GENERAL, vote(2, yes=ALL[:yes], no=ALL[yes:]), decide(2))
    result = evaluate(meeting).items[1]
    assert (result.outcome, result.yes, result.no, result.base, result.required) == (
        outcome,
        yes,
        8 - yes,
        8,
        5,
    )


def test_abstentions_and_absences_do_not_lower_the_members_base() -> None:
    """5 present of 8, 4 yes 1 abstain: more than half of 8 members is 5, so rejected even
    though 4 of 5 voted yes."""
    meeting = make(
        attend(*ALL[:5]),
        leave("liu"),
        leave("yang"),
        leave("huang"),
        STUDY,
        GENERAL,
        vote(2, yes=ALL[:4], abstain=["chen"]),
        decide(2, "未通过"),
    )
    result = evaluate(meeting).items[1]
    assert (result.outcome, result.base, result.required) == ("rejected", 8, 5)


ELIGIBLE = rules_with(("item_kinds.general.pass", {"more_than": "1/2", "of": "eligible"}))


@pytest.mark.parametrize(("yes", "outcome"), [(4, "passed"), (3, "rejected")])
def test_pass_of_eligible_subtracts_the_recused(yes: int, outcome: str) -> None:
    voters = [m for m in ALL if m not in ("yang", "huang")]
    meeting = make(
        attend(*ALL),
        STUDY,
        GENERAL,
        recuse("yang", 2),
        recuse("huang", 2),
        vote(2, yes=voters[:yes], no=voters[yes:]),
        decide(2),
        rules=ELIGIBLE,
    )
    result = evaluate(meeting).items[1]
    assert (result.outcome, result.base, result.required) == (outcome, 6, 4)


QUORUM_ELIGIBLE = rules_with(
    ("item_kinds.personnel.quorum", {"at_least": "2/3", "of": "eligible"}),
    ("item_kinds.personnel.pass", {"more_than": "1/2", "of": "eligible"}),
)


@pytest.mark.parametrize(
    ("rules", "present", "outcome"),
    [
        (QUORUM_ELIGIBLE, 4, "passed"),  # 2/3 of 6 eligible = 4; 4 yes > 6/2
        (QUORUM_ELIGIBLE, 3, "invalid"),
        (RULES, 5, "invalid"),  # of = members: 2/3 of 8 = 6, the recused not present
    ],
)
def test_item_quorum_of_eligible(rules: Rules, present: int, outcome: str) -> None:
    here = ["zhang", "li", "wang", "zhao", "chen"][:present] + ["yang", "huang"]
    away = [m for m in ALL if m not in here]
    meeting = make(
        attend(*here),
        *[leave(m) for m in away],
        STUDY,
        personnel("甲"),
        recuse("yang", 2),
        recuse("huang", 2),
        vote(2, yes=here[:present], candidate="甲"),
        decide(2),
        rules=rules,
    )
    result = evaluate(meeting).items[1]
    assert result.outcome == outcome
    assert result.quorum_present == present
    if outcome == "invalid":
        assert "ITEM_QUORUM" in codes(meeting)


NINE = rules_with(("members", RAW["members"] + [{"id": "sun", "name": "孙悦", "rank": 9}]))


@pytest.mark.parametrize(("present", "outcome"), [(6, "passed"), (5, "invalid")])
def test_two_thirds_of_nine_is_six(present: int, outcome: str) -> None:
    nine = ALL + ["sun"]
    meeting = make(
        attend(*nine[:present]),
        *[leave(m) for m in nine[present:]],
        STUDY,
        personnel("甲"),
        vote(2, yes=nine[:present], candidate="甲"),
        decide(2),
        rules=NINE,
    )
    result = evaluate(meeting).items[1]
    assert (result.outcome, result.quorum_required) == (outcome, 6)
    assert result.required == 5  # more than half of 9


def test_secret_tallies() -> None:
    meeting = make(
        attend(*ALL),
        STUDY,
        personnel("甲", "乙"),
        secret(2, 5, 2, 1, candidate="甲"),
        secret(2, 4, 3, 1, candidate="乙"),
        decide(2),
    )
    first, second = evaluate(meeting).items[1:]
    assert (first.candidate, first.outcome, first.yes, first.no, first.abstain) == (
        "甲",
        "passed",
        5,
        2,
        1,
    )
    assert (second.candidate, second.outcome, second.method) == ("乙", "rejected", "secret")


CAST = rules_with(("item_kinds.general.pass", {"more_than": "1/2", "of": "cast"}))
PRESENT = rules_with(("item_kinds.general.pass", {"at_least": "2/3", "of": "present"}))


@pytest.mark.parametrize(
    ("rules", "tally", "base", "required", "outcome"),
    [
        (CAST, (3, 2, 1), 6, 4, "rejected"),
        (CAST, (4, 1, 1), 6, 4, "passed"),
        (PRESENT, (4, 2, 0), 6, 4, "passed"),  # 6 present, 2/3 at least 4
        (PRESENT, (3, 3, 0), 6, 4, "rejected"),
    ],
)
def test_cast_and_present_bases(
    rules: Rules, tally: tuple[int, int, int], base: int, required: int, outcome: str
) -> None:
    meeting = make(
        attend(*ALL[:6]),
        leave("yang"),
        leave("huang"),
        STUDY,
        GENERAL,
        secret(2, *tally),
        decide(2),
        rules=rules,
    )
    result = evaluate(meeting).items[1]
    assert (result.base, result.required, result.outcome) == (base, required, outcome)


def test_only_the_current_round_counts_after_a_granted_reconsider() -> None:
    events = [attend(*ALL), STUDY, GENERAL, vote(2, yes=ALL[:3], no=ALL[3:]), decide(2, "不通过")]
    assert evaluate(make(*events)).items[1].outcome == "rejected"
    granted = events + [{"op": "reconsider", "item": 2, "members": ALL[:5]}]
    meeting = make(*granted)
    assert evaluate(meeting).items[1].outcome == "no_vote"
    assert "NOT_VOTED" in codes(meeting)
    revoted = make(*granted, vote(2, yes=ALL[:6], no=ALL[6:]), decide(2))
    result = evaluate(revoted).items[1]
    assert (result.outcome, result.yes) == ("passed", 6)
    refused = make(*events, {"op": "reconsider", "item": 2, "members": ALL[:4]})
    assert evaluate(refused).items[1].outcome == "rejected"  # 4 of 8 is not more than half


def test_deferred_no_vote_and_invalid() -> None:
    meeting = make(
        attend(*ALL),
        STUDY,
        GENERAL,
        GENERAL,
        vote(2, yes=ALL[:4], no=ALL[4:]),
        decide(2, defer=True),
    )
    study, deferred, pending = evaluate(meeting).items
    assert (study.outcome, study.required, study.votable) == ("no_vote", None, False)
    assert (deferred.outcome, deferred.yes) == ("deferred", 4)
    assert (pending.outcome, pending.required, pending.voted) == ("no_vote", 5, False)


def test_one_entry_per_candidate_and_a_joint_vote_counts_for_each() -> None:
    meeting = make(attend(*ALL), STUDY, personnel("甲", "乙", "丙"), vote(2, yes=ALL), decide(2))
    entries = [o for o in evaluate(meeting).items if o.number == 2]
    assert [(o.candidate, o.outcome, o.yes) for o in entries] == [
        ("甲", "passed", 8),
        ("乙", "passed", 8),
        ("丙", "passed", 8),
    ]
    assert codes(meeting).count("CANDIDATES_JOINT") == 1


def test_written_opinions_never_count_by_default_and_count_when_allowed() -> None:
    events = [
        attend(*ALL[:7]),
        leave("huang"),
        STUDY,
        GENERAL,
        opinion(2, "huang", "agree", text="书面同意"),
        vote(2, yes=ALL[:4], no=ALL[4:7]),
        decide(2),
    ]
    plain = evaluate(make(*events)).items[1]
    assert (plain.yes, plain.outcome) == (4, "rejected")
    counted = evaluate(make(*events, rules=COUNTED)).items[1]
    assert (counted.yes, counted.outcome, counted.written_counted) == (5, "passed", 1)


def test_explain_lines() -> None:
    meeting = make(attend(*ALL), STUDY, GENERAL, vote(2, yes=ALL[:5], no=ALL[5:]), decide(2))
    result = evaluate(meeting).items[1]
    assert result.explain("zh") == (
        "赞成5票、反对3票、弃权0票，应到会8人，须超过半数（至少5票）：通过"
    )
    assert result.explain("en") == (
        "5 yes, 3 no, 0 abstain; more than half of 8 members needed (at least 5): passed"
    )
    invalid = make(
        attend(*ALL[:5]),
        *[leave(m) for m in ALL[5:]],
        STUDY,
        personnel("甲"),
        vote(2, yes=ALL[:5]),
        decide(2),
    )
    line = evaluate(invalid).items[1].explain("zh")
    assert "三分之二" in line and "至少6人" in line and line.endswith("表决无效")


def test_report_json_is_the_contract_shape() -> None:
    data = evaluate(make(*BASE[:-1])).to_json("en")
    assert set(data) == {"meeting", "ok", "findings", "items"}
    assert data["ok"] is False
    assert set(data["findings"][0]) == {"code", "severity", "item", "message", "rule", "source"}
    assert set(data["items"][0]) == {
        "number",
        "kind",
        "candidate",
        "outcome",
        "yes",
        "no",
        "abstain",
        "base",
        "required",
    }


# ---------------------------------------------------------------------------- a year


def _held(dates: list[str], type: str = "party_group") -> list[record.Meeting]:
    return [make(attend(*ALL), STUDY, id=f"m{i}", date=d, type=type) for i, d in enumerate(dates)]


def test_frequency_per_month() -> None:
    months = [f"2023-{m:02d}-10" for m in range(1, 13) if m != 7]
    found = evaluate_year(_held(months), 2023)
    assert [(f.code, f.params["period_en"]) for f in found] == [("FREQUENCY", "2023-07")]
    assert found[0].rule == "meeting_types.party_group.frequency"
    assert "7月" in found[0].message("zh")
    assert evaluate_year(_held(months + ["2023-07-31"]), 2023) == []


def test_frequency_judges_only_periods_that_ended() -> None:
    held = _held(["2024-01-10", "2024-02-10"])
    assert evaluate_year(held, 2024, today=dt.date(2024, 3, 5)) == []
    late = evaluate_year(held, 2024, today=dt.date(2024, 5, 1))
    assert [f.params["period_en"] for f in late] == ["2024-03", "2024-04"]


@pytest.mark.parametrize(
    ("per", "dates", "short"),
    [
        ("quarter", ["2023-01-05", "2023-05-05", "2023-12-30"], ["2023 Q3"]),
        ("half_year", ["2023-06-30"], ["2023 H2"]),
        ("year", [], ["2023"]),
    ],
)
def test_frequency_periods(per: str, dates: list[str], short: list[str]) -> None:
    rules = rules_with(("meeting_types.party_group.frequency", {"min": 1, "per": per}))
    held = [
        make(attend(*ALL), STUDY, id=f"m{i}", date=d, rules=rules) for i, d in enumerate(dates)
    ] or [make(attend(*ALL), STUDY, id="other", date="2022-12-01", rules=rules)]
    found = evaluate_year(held, 2023)
    assert [f.params["period_en"] for f in found] == short


def test_meeting_type_members_are_the_base_of_quorum_and_pass(tmp_path):
    """A meeting type with its own `members` (应到会) counts only those."""
    from tests.helpers import EIGHT
    from yishi import check, record, rules

    path = tmp_path / "body.toml"
    path.write_text(
        EIGHT.read_text(encoding="utf-8").replace(
            'chair_delegates = ["deputy"]\n',
            'chair_delegates = ["deputy"]\nmembers = ["zhang", "li", "wang", "zhao", "chen"]\n',
        ),
        encoding="utf-8",
    )
    body = rules.load(path)
    header = {
        "id": "m",
        "body": body.body.id,
        "type": "special",
        "date": "2024-03-05",
        "chair": "zhang",
    }
    events = [
        {"n": 1, "op": "attend", "members": ["zhang", "li", "wang"]},
        {"n": 2, "op": "absent", "members": ["zhao", "chen"]},
        {"n": 3, "op": "item", "title": "x", "kind": "general", "recorded_kind": "general"},
        {
            "n": 4,
            "op": "vote",
            "items": [1],
            "method": "hands",
            "yes_names": ["zhang", "li", "wang"],
        },
        {"n": 5, "op": "decide", "item": 1, "text": "同意"},
    ]
    report = check.evaluate(record.replay(header, body, events))
    [outcome] = report.items
    # 3 of 5 present meets more_than 1/2 of 5; 3 yes of 5 members passes (of 8 it would not)
    assert (outcome.base, outcome.required, outcome.outcome) == (5, 3, "passed")
    assert "QUORUM" not in [f.code for f in report.findings]
