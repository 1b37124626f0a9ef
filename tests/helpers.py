"""Shared test helpers, in one module: the CLI runner, the 8-member test body, and the
meetings that several test files hold (a full meeting, a small valid one).

Test files import from here (never from each other); conftest.py only defines fixtures.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from yishi.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
EIGHT = FIXTURES / "eight.toml"
ROOT = Path(__file__).parent.parent
TITLE = "关于购置办公设备 & <会议系统>"


class Cli:
    """`cli("attend", "zhang")` runs yishi in-process against one records dir."""

    def __init__(self, records: Path) -> None:
        self.records = records
        self.runner = CliRunner()

    def __call__(self, *args: str, lang: str = "en"):
        from yishi.app import app
        from yishi.commands import _common
        from yishi.i18n import set_lang

        _common.state.update(records=None, cmd="yishi " + " ".join(args))
        set_lang(None)
        result = self.runner.invoke(
            app, ["--lang", lang, "--records", str(self.records), *args], catch_exceptions=False
        )
        return result

    def open(
        self, *extra: str, rules: Path = EIGHT, type: str = "party_group", date: str = "2024-03-05"
    ) -> str:
        result = self("open", str(rules), "--type", type, "--date", date, *extra)
        assert result.exit_code == 0, result.output
        return result.output.strip().splitlines()[-1]

    def record_bytes(self, meeting_id: str) -> bytes:
        return (self.records / f"{meeting_id}.toml").read_bytes()


def key_paths(value: object, prefix: tuple = ()) -> list[tuple]:
    """Every path into a parsed TOML document (for mutating documents in fuzz tests)."""
    out = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            out += key_paths(child, prefix + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            out += key_paths(child, prefix + (index,))
    return out


def run_ok(cli, *args):
    result = cli(*args)
    assert result.exit_code == 0, (args, result.output)
    return result


def hold_meeting(
    cli,
    date: str = "2024-03-05",
    type: str = "party_group",
    *,
    confidential: bool = False,
    close: bool = True,
) -> str:
    """A full meeting of the 8-member body: study item, a named vote with a recusal and a
    title holding & and <, a personnel item with two candidates and secret ballots, a
    large-fund item (roll call); one member on leave with a written opinion, one absent."""
    meeting_id = cli.open(
        "--time",
        "09:00",
        "--place",
        "局机关三楼会议室",
        "--recorder",
        "周敏",
        "--notice-sent",
        "2024-03-01",
        "--notified",
        "派驻纪检监察组",
        type=type,
        date=date,
    )
    run_ok(cli, "attend", "zhang", "li", "wang", "zhao", "chen", "liu")
    run_ok(cli, "leave", "yang", "--reason", "外出学习", "--opinion", "同意")
    run_ok(cli, "absent", "huang")
    run_ok(cli, "guest", "孙丽", "--role", "办公室主任")
    if type == "party_group":
        run_ok(cli, "item", "add", "习近平总书记重要讲话精神", "--kind", "study")
    n = len([line for line in cli("item", "list").stdout.splitlines() if line.strip()])
    run_ok(
        cli,
        "item",
        "add",
        TITLE,
        "--kind",
        "general",
        "--presenter",
        "wang",
        "--materials-sent",
        "2024-03-01",
    )
    general = n + 1
    run_ok(cli, "recuse", "liu", "--item", str(general), "--reason", "与供应商存在利害关系")
    run_ok(cli, "opinion", str(general), "chen", "agree")
    run_ok(cli, "opinion", str(general), "zhang", "agree", "--text", "抓紧落实")
    run_ok(cli, "vote", str(general), "--method", "hands", "--yes", "zhang,li,wang,zhao,chen")
    run_ok(cli, "decide", str(general), "同意购置，由办公室牵头落实")
    if type == "party_group":
        extra = ["--confidential"] if confidential else []
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
            *extra,
        )
        for candidate in ("甲某", "乙某"):
            for member in ("liu", "chen", "zhao", "wang", "li", "zhang"):
                run_ok(cli, "opinion", "3", member, "agree", "-c", candidate)
        run_ok(
            cli,
            "vote",
            "3",
            "--method",
            "secret",
            "-c",
            "甲某",
            "--yes",
            "6",
            "--no",
            "0",
            "--abstain",
            "0",
        )
        run_ok(
            cli,
            "vote",
            "3",
            "--method",
            "secret",
            "-c",
            "乙某",
            "--yes",
            "5",
            "--no",
            "1",
            "--abstain",
            "0",
        )
        run_ok(cli, "decide", "3", "同意甲某、乙某的任职")
        run_ok(
            cli,
            "item",
            "add",
            "关于机关食堂改造资金",
            "--kind",
            "general",
            "--amount",
            "800",
            "--area",
            "finance",
            "--materials-sent",
            "2024-03-01",
            "--notified",
            "派驻纪检监察组",
        )
        run_ok(
            cli,
            "vote",
            "4",
            "--method",
            "roll_call",
            "--yes",
            "zhang,li,wang,zhao,chen",
            "--no",
            "liu",
        )
        run_ok(cli, "decide", "4", "原则同意食堂改造方案")
    if close:
        run_ok(cli, "close")
    return meeting_id


_BUILT: dict[tuple[Any, ...], Path] = {}


def held(cli, tmp_path_factory, **options: Any) -> None:
    """`hold_meeting(**options)` in `cli`'s records dir: recorded once per test session
    (it takes ~40 commands), copied for each test."""
    key = tuple(sorted(options.items()))
    if key not in _BUILT:
        source = tmp_path_factory.mktemp("held") / "records"
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("YISHI_NOW", "2024-03-05T10:00:00+08:00")
            hold_meeting(Cli(source), **options)
        _BUILT[key] = source
    shutil.copytree(_BUILT[key], cli.records)


def quick(
    cli,
    date: str,
    type: str = "party_group",
    title: str = "关于年度工作安排",
    close: bool = True,
    quorum: bool = True,
) -> str:
    """A small valid meeting (everyone present, a study item first, one voted item)."""
    meeting_id = cli.open(
        "--notice-sent", "2000-01-01", "--notified", "派驻纪检监察组", type=type, date=date
    )
    if not quorum:
        run_ok(cli, "attend", "zhang", "li")
    else:
        run_ok(cli, "attend", "zhang", "li", "wang", "zhao", "chen", "liu", "yang", "huang")
        if type == "party_group":
            run_ok(cli, "item", "add", "学习", "--kind", "study")
        number = run_ok(
            cli, "item", "add", title, "--kind", "general", "--materials-sent", "2000-01-01"
        ).stdout.splitlines()[-1]
        run_ok(cli, "vote", number, "--method", "hands", "--yes", "zhang,li,wang,zhao,chen")
        run_ok(cli, "decide", number, "同意")
    if close:
        run_ok(cli, "close")
    return meeting_id


def number_of(cli, meeting_id: str) -> str:
    return Store(cli.records).meeting(meeting_id).number


def bench_gen() -> Any:
    """bench/gen.py, the benchmarks' generator of rules files and meeting records."""
    import importlib
    import sys

    sys.path.insert(0, str(ROOT / "bench"))
    try:
        return importlib.import_module("gen")
    finally:
        sys.path.remove(str(ROOT / "bench"))
