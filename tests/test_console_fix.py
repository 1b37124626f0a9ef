"""Corrections without undoing everything after: `yishi log`, `yishi fix N ...` (logged,
undoable, re-validated against every later entry), `decide --replace`, no-op entries."""

from __future__ import annotations

import pytest

from yishi.store import Store


@pytest.fixture
def meeting(cli):
    meeting_id = cli.open()
    for args in (
        ["attend", "zhang", "li", "wang", "zhao", "chen", "liu"],
        ["item", "add", "关于购置办公设备", "--kind", "general"],
        ["opinion", "1", "li", "agree"],
        ["opinion", "1", "wang", "agree"],
        ["opinion", "1", "liu", "agree"],
        ["opinion", "1", "zhang", "agree"],
        ["vote", "1", "--method", "hands", "--yes", "zhang,li,wang,zhao,chen,liu"],
    ):
        result = cli(*args)
        assert result.exit_code == 0, (args, result.output)
    return meeting_id


def state(cli, meeting_id):
    store = Store(cli.records)
    return store.meeting(meeting_id), store.read(meeting_id)["log"]


def test_log_lists_entries_with_numbers(cli, meeting) -> None:
    result = cli("log")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert "7 log entries" in lines[0]
    assert lines[1].split()[0] == "1" and lines[1].endswith("attend zhang li wang zhao chen liu")
    assert lines[4].split()[0] == "4" and lines[4].endswith("opinion 1 wang agree")
    assert "条" in cli("log", lang="zh").output


def test_fix_replaces_one_entry_in_place_and_is_undoable(cli, meeting) -> None:
    result = cli("fix", "4", "opinion", "1", "wang", "disagree", "--text", "预算偏高")
    assert result.exit_code == 0, result.output
    assert "entry 4 fixed" in result.output
    m, log = state(cli, meeting)
    opinions = m.item(1).opinions
    assert [(o.member, o.position) for o in opinions] == [
        ("li", "agree"),
        ("wang", "disagree"),
        ("liu", "agree"),
        ("zhang", "agree"),
    ]
    assert opinions[1].order == 4  # the speaking order is kept
    assert log[-1]["replaces"] == 4 and log[-1]["cmd"].startswith("yishi fix 4 opinion")
    listing = cli("log").output
    assert "opinion 1 wang disagree" in listing and "(fixed by entry 8)" in listing
    assert cli("undo").exit_code == 0  # reverts the fix, not the vote
    m, _ = state(cli, meeting)
    assert [o.position for o in m.item(1).opinions] == ["agree"] * 4
    assert len(m.item(1).votes) == 1


def test_fix_refused_when_a_later_entry_no_longer_fits(cli, meeting) -> None:
    before = cli.record_bytes(meeting)
    # liu absent instead of present: liu's later opinion and vote no longer fit
    result = cli("fix", "1", "attend", "zhang", "li", "wang", "zhao", "chen")
    assert result.exit_code == 2
    assert "later entry 5" in result.output and "nothing written" in result.output
    assert cli.record_bytes(meeting) == before
    zh = cli("fix", "1", "attend", "zhang", "li", "wang", "zhao", "chen", lang="zh")
    assert zh.exit_code == 2 and "第 5 条" in zh.output and "未写入" in zh.output
    assert cli.record_bytes(meeting) == before


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["99", "opinion", "1", "li", "agree"], "no log entry 99"),
        (["3", "status"], "not a recording command"),
        (["3", "item", "list"], "not a recording command"),
        (["3", "opinion", "1", "huang", "agree"], "not present"),  # refused at its own place
        (["3", "opinion", "1", "nobody", "agree"], "nobody"),
    ],
)
def test_bad_fixes_write_nothing(cli, meeting, args: list[str], words: str) -> None:
    before = cli.record_bytes(meeting)
    result = cli("fix", *args)
    assert result.exit_code == 2, result.output
    assert words in result.output and "Traceback" not in result.output
    assert cli.record_bytes(meeting) == before


def test_fix_of_an_undone_entry_or_a_close_is_refused(cli, meeting) -> None:
    assert cli("undo").exit_code == 0  # undoes entry 7 (the vote)
    result = cli("fix", "7", "vote", "1", "--method", "hands", "--yes", "zhang")
    assert result.exit_code == 2 and "undone" in result.output
    assert cli("close").exit_code == 0
    result = cli("fix", "9", "close")
    assert result.exit_code == 2


def test_redeciding_asks_for_replace(cli, meeting) -> None:
    assert cli("decide", "1", "同意购置").exit_code == 0
    before = cli.record_bytes(meeting)
    result = cli("decide", "1", "同意购置，控制在18万元以内")
    assert result.exit_code == 2 and "--replace" in result.output
    assert cli.record_bytes(meeting) == before
    assert "--replace" in cli("decide", "1", "x", lang="zh").output
    result = cli("decide", "1", "同意购置，控制在18万元以内", "--replace")
    assert result.exit_code == 0
    m, log = state(cli, meeting)
    assert m.item(1).decision == "同意购置，控制在18万元以内" and log[-1]["replace"] is True


def test_reattending_is_not_logged(cli, meeting) -> None:
    before = cli.record_bytes(meeting)
    result = cli("attend", "zhang", "li")
    assert result.exit_code == 0
    assert "already present" in result.output and "not logged" in result.output
    assert cli.record_bytes(meeting) == before
    result = cli("attend", "zhang", "huang")  # only the new member is logged
    assert result.exit_code == 0
    _, log = state(cli, meeting)
    assert log[-1]["members"] == ["huang"]


def test_fixing_a_decision_needs_no_replace(cli, meeting) -> None:
    assert cli("decide", "1", "同意购置").exit_code == 0
    result = cli("fix", "8", "decide", "1", "同意购置，控制在18万元以内")
    assert result.exit_code == 0, result.output
    m, log = state(cli, meeting)
    assert m.item(1).decision == "同意购置，控制在18万元以内"
    assert len(log) == 9 and log[-1]["replaces"] == 8
    assert "decide 1 同意购置，控制在18万元以内" in cli("log").output
