"""`yishi status`: the live view of the current meeting."""

from __future__ import annotations

ALL = ["zhang", "li", "wang", "zhao", "chen", "liu", "yang", "huang"]


def open_meeting(cli, *extra: str, **kw):
    """`yishi open` with the facts every record states (time, place, recorder)."""
    return cli.open(
        "--time", "09:00", "--place", "机关三楼会议室", "--recorder", "王秘书", *extra, **kw
    )


def run(cli, *commands: tuple[str, ...]) -> None:
    for args in commands:
        result = cli(*args)
        assert result.exit_code == 0, result.output


def test_status_mid_meeting(cli) -> None:
    meeting_id = open_meeting(cli, "--notice-sent", "2024-03-01")
    run(
        cli,
        ("attend", "zhang", "li", "zhao", "chen", "liu"),
        ("leave", "wang", "--reason", "出差"),
        ("absent", "yang"),
        ("guest", "孙主任", "--role", "办公室主任"),
        ("item", "add", "学习", "--kind", "study"),
        ("item", "add", "购置设备", "--kind", "general", "--amount", "800", "--area", "finance"),
        ("item", "add", "任免", "--kind", "personnel", "--candidate", "甲", "--candidate", "乙"),
        ("vote", "3", "--method", "secret", "--candidate", "甲", "--yes", "5"),
        ("depart", "liu", "--after", "1"),
    )
    before = cli.record_bytes(meeting_id)
    result = cli("status")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert meeting_id in out
    assert "present (5)" in out and "left after item 1" in out
    assert "on leave (1)" in out and "王芳（出差）" in out
    assert "absent (1)" in out and "杨帆" in out
    assert "not recorded (1)" in out and "黄海" in out
    assert "attending, non-voting (1)" in out and "孙主任（办公室主任）" in out
    assert "meeting quorum: 5/8 present, needs at least half (at least 4): met" in out
    # items: quorum present/needed, votes and outcome so far
    assert "4/6" in out  # the fund item needs 2/3 of 8; liu left after item 1
    assert "invalid" in out and "5/0/0" in out and "not voted" in out
    # still missing
    assert "Still missing" in out
    assert "王芳, in charge of 'finance', neither attended nor gave a written opinion" in out
    assert "candidate 乙 was not voted on" in out
    assert "voted, but no decision was recorded" in out
    assert "counted as not present: 黄海" in out
    assert "派驻纪检监察组" in out
    assert cli.record_bytes(meeting_id) == before  # status never writes


def test_status_in_chinese(cli) -> None:
    open_meeting(cli)
    run(
        cli,
        ("attend", *ALL[:3]),
        ("leave", "zhao", "--reason", "病假", "--opinion", "同意"),
        ("item", "add", "学习", "--kind", "study"),
    )
    out = cli("status", lang="zh").stdout
    assert "出席（3）" in out and "请假（1）" in out and "赵磊（病假，有书面意见）" in out
    assert "未记录（4）" in out
    assert "会议法定人数：到会3/8，须达到半数以上（至少4人）：未达到" in out
    assert "尚缺" in out and "到会3人，应到会8人，须达到半数以上（至少4人），会议不得召开" in out
    assert "不表决" in out


def test_status_nothing_missing(cli) -> None:
    open_meeting(cli, "--notice-sent", "2024-03-01", "--notified", "派驻纪检监察组")
    run(cli, ("attend", *ALL), ("item", "add", "学习", "--kind", "study"))
    out = cli("status").stdout
    assert "Still missing\n  nothing" in out
    assert "check: 0 error(s), 0 warning(s)" in out


def test_status_without_items(cli) -> None:
    open_meeting(cli)
    out = cli("status").stdout
    assert "no items yet" in out


def test_status_without_a_meeting_exits_2(cli) -> None:
    result = cli("status")
    assert result.exit_code == 2
    assert "no current meeting" in result.output


def test_status_at_80_columns_wraps_titles_and_shows_candidates(cli, monkeypatch) -> None:
    import unicodedata

    open_meeting(cli)
    run(
        cli,
        ("attend", *ALL[:6]),
        ("item", "add", "关于调整机关办公用房和购置办公设备的请示", "--kind", "general"),
        (
            "item",
            "add",
            "关于干部任免的议题",
            "--kind",
            "personnel",
            "--candidate",
            "甲某某",
            "--candidate",
            "乙某某",
        ),
        ("vote", "2", "--method", "secret", "--candidate", "甲某某", "--yes", "5"),
    )
    monkeypatch.setenv("COLUMNS", "80")
    for lang in ("zh", "en"):
        out = cli("status", lang=lang).stdout
        table = [line for line in out.splitlines() if line[:1] in "┏┃┡│├└"]
        assert table
        for line in table:
            width = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)
            assert width <= 80, line
        titles = [line.split("│")[2] for line in table if line.startswith("│")]
        flat = "".join("".join(titles).split())
        assert "关于调整机关办公用房和购置办公设备的请示" in flat  # wrapped, never cut
        assert "…" not in out
        assert "【甲某某】关于干部任免的议题" in flat and "【乙某某】关于干部任免的议题" in flat
