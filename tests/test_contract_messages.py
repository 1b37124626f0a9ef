"""Messages the SPEC's contract sections fix in shape, checked as a user sees them."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import Cli

BROKEN = """\
[body]
id = "x"
name = "X"
short = "X"

[[members]]
id = "a"
name = "甲"
rank = 1
roles = ["secretary"]

[meeting_types.pg]
name = "党组会议"
chair = "secretary"
quorum = { at_least = "1/2" }
notice_days = "two"
number_format = "{short}〔{year}〕{seq}号"

[item_kinds.general]
name = "一般事项"
vote = true
pass = { more_than = "1/2", of = "members" }
"""


def _broken(tmp_path: Path) -> Path:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    return path


def test_open_on_broken_rules_names_the_key_path_like_rules_check(cli: Cli, tmp_path: Path) -> None:
    # SPEC §8: "Every message names the key path it is about (e.g.
    # meeting_types.party_group.notice_days)"; open prints the lines rules check prints.
    path = _broken(tmp_path)
    checked = cli("rules", "check", str(path))
    assert checked.exit_code == 1
    line = next(x for x in checked.output.splitlines() if ": TYPE " in x)
    assert "meeting_types.pg.notice_days: expected an integer" in line
    opened = cli("open", str(path), "--type", "pg", "--date", "2024-03-05")
    assert opened.exit_code == 2
    assert line in opened.output.splitlines()
    assert not cli.records.exists() or not list(cli.records.glob("*.toml"))


def test_rules_show_and_diff_on_broken_rules_name_the_key_path(cli: Cli, tmp_path: Path) -> None:
    path = _broken(tmp_path)
    for args in (("rules", "show", str(path)), ("rules", "diff", str(path), str(path))):
        result = cli(*args)
        assert result.exit_code == 2, result.output
        assert "TYPE meeting_types.pg.notice_days: expected an integer" in result.output


def test_second_vote_message_reads_without_a_gap(cli: Cli) -> None:
    # SPEC §2: "A second vote on the same item or candidate is refused (use undo, or reconsider)"
    cli.open()
    assert cli("attend", "张伟", "李明", "王芳", "赵磊", "陈静").exit_code == 0
    assert cli("item", "add", "议题", "--kind", "general").exit_code == 0
    assert cli("vote", "1", "--method", "hands", "--yes", "张伟").exit_code == 0
    again = cli("vote", "1", "--method", "hands", "--yes", "李明")
    assert again.exit_code == 2
    assert "item 1 was already voted" in again.output
    zh = cli("vote", "1", "--method", "hands", "--yes", "李明", lang="zh")
    assert "第 1 项已表决" in zh.output


def test_second_vote_on_a_candidate_names_it(cli: Cli) -> None:
    cli.open()
    assert cli("attend", "张伟", "李明", "王芳", "赵磊", "陈静", "刘洋").exit_code == 0
    add = cli(
        "item", "add", "任免", "--kind", "personnel", "--candidate", "甲", "--candidate", "乙"
    )
    assert add.exit_code == 0, add.output
    first = cli("vote", "1", "--method", "secret", "--candidate", "甲", "--yes", "5", "--no", "1")
    assert first.exit_code == 0, first.output
    again = cli("vote", "1", "--method", "secret", "--candidate", "甲", "--yes", "5", "--no", "1")
    assert again.exit_code == 2
    assert "item 1 (甲) was already voted" in again.output
    zh = cli("vote", "1", "--method", "secret", "--candidate", "甲", "--yes", "5", lang="zh")
    assert "第 1 项（甲）已表决" in zh.output


def test_batch_with_only_refused_meetings_does_not_say_there_are_none(
    cli: Cli, tmp_path: Path
) -> None:
    # SPEC §2 batch: meetings with check errors "are listed, left unnumbered, and the run
    # exits 1"; the closing line must not then claim the year has no closed meetings
    cli.open(date="2024-05-01")
    assert cli("attend", "张伟").exit_code == 0  # 1 of 8: no quorum, a check error
    assert cli("item", "add", "学习", "--kind", "study").exit_code == 0
    assert cli("close").exit_code == 0
    result = cli("batch", "--year", "2024", "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "left unnumbered" in result.output or "not numbered" in result.output
    assert "no numbered or closed meetings" not in result.output
    assert "no meeting of 2024 is numbered" in result.output
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    empty = cli("batch", "--year", "2023", "-o", str(tmp_path / "out"))
    assert empty.exit_code == 0 and "no numbered or closed meetings in 2023" in empty.output
