"""Defects found by trying yishi end to end as a secretary and as an office (h19), each
pinned through the CLI from the SPEC sentence it breaks."""

from __future__ import annotations

import json

from tests.helpers import run_ok
from yishi.store import Store


def _eight_present(cli) -> str:
    meeting_id = cli.open("--time", "09:00", "--place", "三楼会议室", "--recorder", "周敏")
    run_ok(cli, "attend", "zhang", "li", "wang", "zhao", "chen", "liu")
    run_ok(cli, "leave", "yang", "--reason", "出差", "--opinion", "同意")
    run_ok(cli, "absent", "huang")
    return meeting_id


# SPEC §1: "An item added with an amount at or over a kind's amount_at_least and no
# `--kind` ... is recorded as that kind ..., and the command says so."


def test_item_add_without_kind_takes_the_kind_its_amount_reaches(cli):
    meeting_id = _eight_present(cli)
    result = cli("item", "add", "关于购置办公设备的请示", "--amount", "800", "--area", "finance")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == "1"
    assert "大额资金使用" in result.stdout and "800" in result.stdout
    item = Store(cli.records).meeting(meeting_id).items[0]
    assert item.kind == "large_fund"


def test_item_add_without_kind_or_reaching_amount_is_refused(cli):
    meeting_id = _eight_present(cli)
    before = cli.record_bytes(meeting_id)
    for extra in ([], ["--amount", "100"]):
        result = cli("item", "add", "关于某事项", *extra, lang="zh")
        assert result.exit_code == 2
        assert "--kind" in result.output and "Traceback" not in result.output
        assert "general" in result.output  # the kinds to choose from
    assert cli.record_bytes(meeting_id) == before


# SPEC §2: every message in the chosen language: why a vote is refused names the
# member's status in that language (not the record's word 'leave').


def test_refused_vote_names_the_status_in_chinese(cli):
    _eight_present(cli)
    run_ok(cli, "attend", "huang", "--from-item", "2")
    run_ok(cli, "item", "add", "事项一", "--kind", "general")
    run_ok(cli, "item", "add", "事项二", "--kind", "general")
    result = cli("vote", "1", "--method", "hands", "--yes", "yang", lang="zh")
    assert result.exit_code == 2
    assert "请假" in result.output and "leave" not in result.output
    late = cli("vote", "1", "--method", "hands", "--yes", "huang", lang="zh")
    assert late.exit_code == 2
    assert "第 2 项起才到会" in late.output and "present" not in late.output
    late_en = cli("opinion", "1", "huang", "agree")
    assert late_en.exit_code == 2 and "present from item 2 on" in late_en.output
    run_ok(cli, "depart", "chen", "--after", "1")
    gone = cli("vote", "2", "--method", "hands", "--yes", "chen", lang="zh")
    assert gone.exit_code == 2 and "已离会" in gone.output


def test_per_candidate_messages_name_the_candidate_in_each_language(cli):
    _eight_present(cli)
    run_ok(
        cli,
        "item",
        "add",
        "干部任免",
        "--kind",
        "personnel",
        "--candidate",
        "甲某",
        "--candidate",
        "乙某",
    )
    voters = "zhang,li,wang,zhao,chen,liu"
    zh = cli("vote", "1", "--method", "hands", "--candidate", "甲某", "--yes", voters, lang="zh")
    assert "第 1 项（甲某）表决" in zh.stdout
    done = cli("decide", "1", "同意甲某同志任职", "--candidate", "甲某", lang="zh")
    assert done.exit_code == 0 and "第 1 项（甲某）决定已记录" in done.stdout
    en = cli("decide", "1", "缓议", "--candidate", "乙某", "--defer")
    assert en.exit_code == 0 and "item 1 (乙某) deferred" in en.stdout


# SPEC §3: `frequency` is judged over a year by `yishi report`: a body whose only meeting
# is still open has held none, so it is short in every month that has ended.


def test_report_frequency_of_a_body_with_only_open_meetings_is_short(cli):
    _eight_present(cli)  # 2024-03-05, still open; YISHI_NOW is 2024-03-05
    result = cli("report", "--year", "2024", "--format", "json")
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)["bodies"][0]
    row = next(t for t in body["types"] if t["type"] == "party_group")
    assert row["held"] == 0 and row["open"] == 1
    assert [p["en"] for p in row["short_periods"]] == ["2024-01", "2024-02"]
    assert any(f["code"] == "FREQUENCY" for f in body["findings"])


# SPEC §2: a vote from a member who is not present for the item is refused; so is making a
# member who already spoke or voted 请假/缺席 afterwards (it would leave such a vote).


def test_leave_or_absent_after_speaking_is_refused_and_nothing_written(cli):
    meeting_id = _eight_present(cli)
    run_ok(cli, "item", "add", "事项一", "--kind", "general")
    run_ok(cli, "opinion", "1", "wang", "agree")
    run_ok(cli, "vote", "1", "--method", "hands", "--yes", "zhang,li,wang,zhao,chen")
    before = cli.record_bytes(meeting_id)
    for args in (
        ["leave", "wang", "--reason", "临时有事"],
        ["absent", "zhao"],
        ["absent", "liu", "zhang"],
    ):
        result = cli(*args, lang="zh")
        assert result.exit_code == 2, args
        assert "depart" in result.output and "第 1 项" in result.output
    assert cli.record_bytes(meeting_id) == before
    run_ok(cli, "leave", "liu", "--reason", "临时有事")  # liu neither spoke nor voted
    run_ok(cli, "depart", "wang", "--after", "1")  # the way to record leaving mid-meeting


def test_joint_vote_message_lists_items_in_each_language(cli):
    _eight_present(cli)
    run_ok(cli, "item", "add", "事项一", "--kind", "general")
    run_ok(cli, "item", "add", "事项二", "--kind", "general")
    result = run_ok(cli, "vote", "1,2", "--method", "hands", "--yes", "zhang,li,wang,zhao,chen")
    assert "item 1, 2 vote" in result.stdout
    run_ok(cli, "undo")
    zh = cli("vote", "1,2", "--method", "hands", "--yes", "zhang,li,wang,zhao,chen", lang="zh")
    assert "第 1、2 项表决" in zh.stdout


# SPEC §2 `opinion N MEMBER agree|disagree|defer [--text T]`: what was said is echoed
# (a statement without a position showed nothing), and the position is not case-sensitive.


def test_opinion_echoes_its_text_and_takes_any_case(cli):
    meeting_id = _eight_present(cli)
    run_ok(cli, "item", "add", "事项一", "--kind", "general")
    text_only = cli("opinion", "1", "wang", "--text", "原则同意，建议压缩预算", lang="zh")
    assert text_only.exit_code == 0, text_only.output
    assert "王芳 原则同意，建议压缩预算" in text_only.stdout
    both = run_ok(cli, "opinion", "1", "zhao", "Agree", "--text", "有保留")
    assert "赵磊 agrees: 有保留" in both.stdout
    item = Store(cli.records).meeting(meeting_id).items[0]
    assert [(o.member, o.position) for o in item.opinions] == [("wang", None), ("zhao", "agree")]


def test_an_undone_opinion_no_longer_keeps_its_member_from_leave(cli):
    """Meeting.took_part (the quick filter before the walk over every item) follows undo."""
    _eight_present(cli)
    run_ok(cli, "item", "add", "事项一", "--kind", "general")
    run_ok(cli, "opinion", "1", "wang", "agree")
    assert cli("leave", "wang", "--reason", "临时有事").exit_code == 2
    run_ok(cli, "undo")
    run_ok(cli, "leave", "wang", "--reason", "临时有事")
    run_ok(cli, "vote", "1", "--method", "hands", "--yes", "zhang,li,zhao,chen")
    assert cli("absent", "zhao").exit_code == 2
    run_ok(cli, "undo")
    run_ok(cli, "absent", "zhao")
