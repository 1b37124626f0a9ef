"""The finding registry (yishi/check/registry.py): every code registered once with its
function, in the reporting order; CODES, explain and docs read from it; a code registered
later is evaluated, documented and sorted without touching the engine."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from tests.helpers import EIGHT
from yishi import check, record
from yishi.check import registry
from yishi.i18n import catalog
from yishi.rules import from_snapshot

RULES = from_snapshot(tomllib.loads(EIGHT.read_text(encoding="utf-8")))


def meeting(*events: dict[str, Any]) -> record.Meeting:
    head = {"id": "m", "body": RULES.body.id, "type": "party_group", "date": "2024-03-05"}
    return record.replay(head, RULES, [{"n": i + 1, **e} for i, e in enumerate(events)])


def test_every_code_has_one_function_or_is_declared_beside_the_engine() -> None:
    reported = [code for rule in registry.RULES for code in rule.codes]
    assert len(reported) == len(set(reported)), "a code reported by two functions"
    assert set(reported) | set(check.SEAL_CODES) == set(check.CODES)
    for rule in registry.RULES:
        assert rule.per in (registry.MEETING, registry.ITEM, registry.YEAR), rule
        for code in rule.codes:
            doc = check.CODES[code]
            assert doc.stage == rule.stage and doc.topic == rule.fn.__module__.rsplit(".")[-1]
            assert doc.rule and doc.seeds and doc.severity in (check.ERROR, check.WARNING)


def test_codes_are_in_the_reporting_order_and_documented() -> None:
    assert list(check.CODES) == list(registry.ORDER)
    messages = catalog()
    for code, doc in check.CODES.items():
        assert f"check.doc.{code}" in messages, code
        assert doc.stage in ("before", "held", "year", "seal") and doc.scope in ("live", "final")


def test_stages_and_scopes() -> None:
    before = {c for c, d in check.CODES.items() if d.stage == registry.BEFORE}
    assert before == {
        "NOTICE_LATE",
        "NOTICE_UNRECORDED",
        "MATERIALS_LATE",
        "MATERIALS_UNRECORDED",
        "MATERIALS_EARLY",
        "PROPOSAL_LATE",
        "PREREQ_MISSING",
        "PREREQ_UNRECORDED",
        "CALENDAR_UNKNOWN",
    }
    assert check.YEAR_CODES == ("FREQUENCY", "KIND_FREQUENCY")
    assert set(check.LIVE_CODES) == {  # what `yishi status` lists as still missing
        "QUORUM",
        "ATTENDANCE_UNRECORDED",
        "ITEM_QUORUM",
        "STATEMENT_MISSING",
        "NOT_VOTED",
        "CANDIDATE_NOT_VOTED",
        "NO_DECISION",
        "IN_CHARGE_ABSENT",
        "OPINION_MISSING",
        "NOTIFY_MISSING",
        "NO_ITEMS",
        "BRIEFING_MISSING",
        "CANDIDATE_NOT_RECUSED",
        "RECONSIDER_NOT_GRANTED",
    }


def test_a_code_registered_twice_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(registry, "_DOCS", dict(registry._DOCS))
    monkeypatch.setattr(registry, "RULES", list(registry.RULES))
    with pytest.raises(ValueError, match="QUORUM registered twice"):
        registry.register("QUORUM", check.ERROR, rule="x", seeds="y")(lambda ctx: None)
    with pytest.raises(ValueError, match="severity"):
        registry.register("NEW_CODE", "fatal", rule="x", seeds="y")(lambda ctx: None)


def test_a_new_code_is_one_registered_function(monkeypatch: pytest.MonkeyPatch) -> None:
    """Registered at run time (as a topic module does at import), a code is evaluated on
    each item, sorted after the codes of ORDER, and listed by codes() for explain/docs."""
    monkeypatch.setattr(registry, "_DOCS", dict(registry._DOCS))
    monkeypatch.setattr(registry, "RULES", list(registry.RULES))
    monkeypatch.setattr(registry, "_RANK", {})

    @registry.register(
        "TITLE_SHORT", check.WARNING, rule="item_kinds.<kind>", seeds="-", per=registry.ITEM
    )
    def title_short(ctx: Any, item: record.Item, kind: Any) -> None:
        if len(item.title) < 3:
            ctx.add("TITLE_SHORT", item.number, f"item_kinds.{kind.id}")

    m = meeting(
        {"op": "attend", "members": ["zhang", "li", "wang", "zhao", "chen", "liu", "yang"]},
        {"op": "item", "title": "学习", "kind": "study"},
        {"op": "item", "title": "关于购置设备的请示", "kind": "general"},
    )
    report = check.evaluate(m)
    item_one = [f.code for f in report.findings if f.item == 1]
    assert item_one == ["MATERIALS_UNRECORDED", "TITLE_SHORT"]  # after the codes of ORDER
    assert [f.code for f in report.findings if f.item == 2].count("TITLE_SHORT") == 0
    assert list(registry.codes())[-1] == "TITLE_SHORT"
    assert registry.codes()["TITLE_SHORT"].topic == "test_check_registry"
    planned = meeting({"op": "item", "title": "学习", "kind": "study"})
    planned.state = record.PLANNED  # an item rule of stage HELD is not judged before
    assert "TITLE_SHORT" not in [f.code for f in check.evaluate(planned).findings]


def test_explain_says_when_a_code_is_judged(cli) -> None:
    out = cli("explain", "NOTICE_LATE").stdout
    assert "judged: before the meeting too (a planned meeting); a judgement of what was " in out
    assert "(check/agenda.py)" in out
    live = cli("explain", "OPINION_MISSING", lang="zh").stdout
    assert "检查时机: 会议开始后检查; 会中 yishi status 列为尚待记录 (check/speaking.py)" in live


def test_the_views_are_the_checks_own() -> None:
    """check re-exports the meeting views (one definition, in yishi.views)."""
    from yishi import views

    for name in ("chair_of", "leader_of", "item_quorum", "quorum_total", "pass_base"):
        assert getattr(check, name) is getattr(views, name)
    assert check.in_charge_of is views.in_charge_of
