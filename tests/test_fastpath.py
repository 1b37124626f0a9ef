"""The fast path of the recording commands (yishi.fastpath) against typer (issue 16.4).

Every command line of the table runs twice from the same records directory, once through
the fast path and once through the typer app, in Chinese and in English: stdout, stderr,
exit code and the record's bytes must be identical. Lines the fast path must leave to
typer (help, usage errors, odd spellings) are checked to fall through. A last test compares
the fast path's table of forms with the typer declarations, so that an option added to a
command cannot be parsed differently by the two paths.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import EIGHT
from yishi import fastpath

# a meeting in the middle: five present, a study item, a general item with opinions and
# a personnel item with two candidates
SETUP = [
    ["open", str(EIGHT), "--type", "party_group", "--date", "2024-03-05", "--place", "三楼"],
    ["attend", "zhang", "li", "wang", "zhao", "chen"],
    ["item", "add", "传达学习文件精神", "--kind", "study"],
    ["item", "add", "关于购置办公设备的请示", "--kind", "general", "--area", "finance"],
    [
        "item",
        "add",
        "关于干部任免的议题",
        "--kind",
        "personnel",
        "--candidate",
        "甲",
        "--candidate",
        "乙",
    ],
    ["opinion", "2", "chen", "agree"],
]

# command lines the fast path answers (good input and refused input)
ANSWERED = [
    ["attend", "liu"],
    ["attend", "刘洋", "杨帆"],
    ["attend", "liu,yang"],
    ["attend", "liu", "--from-item", "3"],
    ["attend", "--from-item=2", "liu"],
    ["attend", "zhang"],  # already present: nothing logged
    ["attend", "nobody"],
    ["attend", "zhang", "--records", "records"],
    ["leave", "huang", "--reason", "出差", "--opinion", "同意"],
    ["leave", "huang", "-r", "出差"],
    ["leave", "chen"],  # already spoke
    ["leave", "黄"],  # a unique prefix
    ["absent", "huang"],
    ["absent", "huang", "yang", "--opinion", "书面发言"],
    ["depart", "li", "--after", "2"],
    ["depart", "nobody", "--after", "2"],
    ["guest", "孙强", "--role", "人事科科长"],
    ["guest", "孙强", "--item", "2", "--item=3"],
    ["guest", "孙强", "-i", "2", "--item", "2"],
    ["chair", "li", "--from-item", "3"],
    ["brief", "huang", "--by", "zhang", "--date", "2024-03-06", "--text", "已转告"],
    ["brief", "huang", "--date", "2024-13-01"],
    ["item", "add", "关于维修的请示", "--kind", "general", "--amount", "800"],
    ["item", "add", "关于购置车辆的请示", "--amount", "18.6万"],
    ["item", "add", "关于某事的请示"],
    ["item", "add", "关于某事的请示", "--kind", "nope"],
    ["item", "add", "关于某事的请示", "--kind", "general", "--confidential", "--presenter", "li"],
    ["item", "add", "关于X的请示", "-k", "personnel", "--public", "--candidate", "丙", "--ad-hoc"],
    ["item", "add", "关于X的请示", "--kind", "general", "--amount", "1e5"],
    ["item", "add", "关于X的请示", "--kind", "general", "--materials-sent", "2024-03-01"],
    ["item", "add", "关于X的请示", "--kind", "general", "--reconsiders", "bad"],
    ["recuse", "li", "--item", "2", "--reason", "亲属关系"],
    ["recuse", "li", "-i", "9"],
    ["opinion", "2", "zhang", "agree"],
    ["opinion", "2", "li", "同意", "--text", "抓紧落实"],
    ["opinion", "2", "wang", "maybe"],
    ["opinion", "2", "wang", "--text", "补充一点"],
    ["opinion", "9", "wang", "agree"],
    ["opinion", "3", "wang", "agree"],  # per candidate: --candidate needed
    ["opinion", "3", "wang", "agree", "-c", "甲"],
    ["opinion", "2", "huang", "agree"],  # not present
    ["vote", "2", "--method", "hands", "--yes", "zhang,li,wang", "--no", "zhao"],
    ["vote", "2", "-m", "oral", "--yes", "zhang", "--yes", "li", "--abstain", "chen"],
    ["vote", "3", "-m", "secret", "--candidate", "甲", "--yes", "5", "--no", "0"],
    ["vote", "3", "-m", "secret", "-c", "乙", "--yes", "zhang"],
    ["vote", "x", "--method", "hands"],
    ["vote", "2", "--method", "telepathy", "--yes", "zhang"],
    ["vote", "1", "--method", "hands", "--yes", "zhang"],
    ["decide", "2", "同意购置"],
    ["decide", "2", "--rejected"],
    ["decide", "2", "x", "--rejected", "--defer"],
    ["decide", "3", "同意", "--candidate", "甲"],
    ["decide", "9", "同意"],
    ["reconsider", "2", "--yes", "zhang,li,wang"],
    ["notified", "派驻纪检监察组", "--item", "2"],
    ["notified", "派驻纪检监察组"],
    ["set", "--place", "二楼会议室", "--time", "14:30"],
    ["set"],
    ["set", "--time", "25:00"],
    ["set", "--chair", "li", "--notice-sent", "2024-03-01"],
    ["undo"],
    ["close"],
    ["--records", "records", "attend", "liu"],
    ["--records=records", "--lang=zh", "absent", "huang"],
    ["--lang", "en", "attend", "liu"],
    ["attend", "liu", "--records=elsewhere"],  # no current meeting there
]

# command lines left to typer: help, usage errors, spellings typer judges
FALL_THROUGH = [
    [],
    ["--help"],
    ["--version"],
    ["attend", "--help"],
    ["attend", "-h"],
    ["attend"],
    ["attend", "zhang", "--bogus"],
    ["attend", "zhang", "--from-item", "0"],
    ["attend", "zhang", "--from-item", "+2"],
    ["attend", "zhang", "--from-item", "２"],
    ["attend", "zhang", "--from-item"],
    ["attend", "--", "zhang"],
    ["attend", "-"],
    ["leave"],
    ["leave", "a", "b"],
    ["leave", "huang", "--reason", "--opinion"],
    ["depart", "li"],
    ["depart", "li", "--after", "x"],
    ["vote", "2"],
    ["vote", "2", "-m", "secret", "--yes", "-1"],
    ["vote", "2", "-mhands"],
    ["guest", "孙强", "-i=3"],
    ["decide", "2", "--rejected=yes"],
    ["opinion", "2", "zhang", "agree", "extra"],
    ["reconsider", "2"],
    ["--lang", "fr", "attend", "zhang"],
    ["--lang"],
    ["--records", "", "attend", "zhang"],
    ["attend", "zhang", "--lang", "zh"],
    ["item"],
    ["item", "list"],
    ["item", "add"],
    ["open", str(EIGHT), "--type", "party_group", "--date", "2024-03-05"],
    ["status"],
    ["shell"],
    ["rules", "check", "x.toml"],
    ["atend", "zhang"],
    ["attend", "zh\udcffang"],
]


def _reset() -> None:
    from yishi.commands import _base
    from yishi.i18n import set_lang

    set_lang(None)
    _base.state.clear()
    _base.state.update(records=None, cmd=None)


def _run(argv: list[str], fast: bool) -> tuple[int, str, str]:
    """One command line in-process, as `yishi ARGV` would run it from the current directory."""
    from yishi import app

    _reset()
    out, err = io.StringIO(), io.StringIO()
    saved = sys.argv
    sys.argv = ["yishi", *argv]
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                if fast:
                    code = fastpath.run(argv)
                    assert code is not None, f"fell through: {argv}"
                else:
                    app.build(app.invoked(argv))(prog_name="yishi")
                    code = 0
            except SystemExit as exc:
                code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.argv = saved
        _reset()
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("fastpath")
    with pytest.MonkeyPatch.context() as mp:  # the environment of conftest's _stable_env
        mp.setenv("XDG_CONFIG_HOME", str(base / "config"))
        mp.setenv("LANG", "C.UTF-8")
        mp.setenv("YISHI_NOW", "2024-03-05T10:00:00+08:00")
        for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "YISHI_LANG", "YISHI_MEETING"):
            mp.delenv(var, raising=False)
        mp.delenv("YISHI_RECORDS", raising=False)
        mp.chdir(base)
        for argv in SETUP:
            code, out, err = _run(argv, fast=False)
            assert code == 0, (argv, out, err)
    return base / "records"


def _snapshot(records: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in sorted(records.iterdir())
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("argv", ANSWERED, ids=lambda a: " ".join(a))
def test_both_paths_agree(
    argv: list[str], lang: str, pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("YISHI_LANG", lang)
    results = {}
    for fast in (True, False):
        where = tmp_path / ("fast" if fast else "typer")
        shutil.copytree(pristine, where / "records")
        monkeypatch.chdir(where)
        code, out, err = _run(argv, fast)
        results[fast] = (code, out, err, _snapshot(where / "records"))
    assert results[True][:3] == results[False][:3]
    assert results[True][3] == results[False][3]
    assert "Traceback" not in results[True][2]


@pytest.mark.parametrize("argv", FALL_THROUGH, ids=lambda a: " ".join(a) or "(nothing)")
def test_left_to_typer(argv: list[str]) -> None:
    assert fastpath.parse(argv) is None


def test_an_invalid_yishi_lang_is_left_to_typer(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("YISHI_LANG", "fr")
    assert fastpath.parse(["attend", "zhang"]) is None
    monkeypatch.setenv("YISHI_LANG", "zh")
    assert fastpath.parse(["attend", "zhang"]) is not None


def test_the_root_records_and_the_environment(
    pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """YISHI_RECORDS names the records when --records does not, on both paths."""
    shutil.copytree(pristine, tmp_path / "elsewhere")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("YISHI_RECORDS", str(tmp_path / "elsewhere"))
    fast = _run(["attend", "liu"], fast=True)
    assert fast[0] == 0 and "刘洋" in fast[1]
    slow = _run(["absent", "huang"], fast=False)
    assert slow[0] == 0
    log = (tmp_path / "elsewhere").glob("*.toml")
    text = next(iter(log)).read_text(encoding="utf-8")
    assert 'cmd = "yishi attend liu"' in text and 'cmd = "yishi absent huang"' in text


def test_a_one_shot_recording_command_imports_neither_typer_nor_pydantic(
    pristine: Path, tmp_path: Path
) -> None:
    shutil.copytree(pristine, tmp_path / "records")
    probe = (
        "import sys\n"
        "sys.argv = ['yishi', 'attend', 'liu']\n"
        "from yishi.app import main\n"
        "try:\n"
        "    main()\n"
        "except SystemExit as exc:\n"
        "    code = exc.code\n"
        "heavy = sorted(m for m in ('typer', 'pydantic', 'click', 'rich', 'jinja2') "
        "if m in sys.modules)\n"
        "print('exit', code, 'heavy', ','.join(heavy) or '-')\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("YISHI_")}
    env.update(YISHI_LANG="en", YISHI_NOW="2024-03-05T10:00:00+08:00")
    proc = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "exit 0 heavy -", proc.stdout
    assert "present: 刘洋" in proc.stdout


def _base_type(param: object) -> object:
    """int, str, bool or Path: what a typer parameter converts each value to."""
    import typing

    annotation = param.type_descriptor.annotation  # type: ignore[attr-defined]
    if typing.get_origin(annotation) is list:
        (annotation,) = typing.get_args(annotation)
    return annotation


def test_the_table_matches_the_typer_declarations() -> None:
    """Each fast-path command takes exactly the arguments and options typer declares, of the
    same kind, arity, multiplicity and requiredness; its defaults are the same."""
    import importlib
    import inspect

    import typer.main

    from yishi.app import app
    from yishi.commands import recording

    root = typer.main.get_command(app)
    for name, (function, arguments, options) in fastpath.COMMANDS.items():
        command = root
        for part in name.split():
            command = command.commands[part]  # type: ignore[attr-defined]
        declared_args = [p for p in command.params if p.param_type_name == "argument"]
        assert [a[0] for a in arguments] == [p.name for p in declared_args], name
        for (param, kind, arity), p in zip(arguments, declared_args, strict=True):
            assert _base_type(p) is (int if kind == "int" else str), (name, param)
            expected = "+" if p.nargs == -1 else "1" if p.required else "?"
            assert arity == expected, (name, param)
        declared_opts = {}
        for p in command.params:
            if p.param_type_name != "option" or p.name == "help":
                continue
            for opt in p.opts:
                declared_opts[opt] = (p.name, p.is_flag, p.multiple, p.required)
            for opt in p.secondary_opts:
                declared_opts[opt] = (p.name, True, False, False)
        assert set(options) == set(declared_opts), name
        for opt, (param, kind, multiple, required) in options.items():
            dname, is_flag, dmultiple, drequired = declared_opts[opt]
            assert param == dname, (name, opt)
            assert (kind in ("flag", "on", "off")) == is_flag, (name, opt)
            assert (multiple, required) == (dmultiple, drequired), (name, opt)
            p = next(p for p in command.params if p.name == dname)
            assert (kind == "int1") == (p.min == 1) and p.max is None, (name, opt)
            wanted = {"int": int, "int1": int, "str": str, "path": Path}.get(kind, bool)
            assert _base_type(p) is wanted, (name, opt)
        # the plain function's defaults are typer's (the fast path leaves them to it)
        module, _, plain = function.rpartition(".")
        where = importlib.import_module(f"yishi.commands.{module}") if module else recording
        signature = inspect.signature(getattr(where, plain))
        for p in command.params:
            if p.name == "help" or p.required:
                continue
            default = signature.parameters[p.name].default
            assert default is not inspect.Parameter.empty, (name, p.name)
            declared = p.default if not p.multiple else None
            if isinstance(declared, tuple) and not declared:
                declared = None
            assert default == declared, (name, p.name, default, declared)


PLANNED_SETUP = [
    [
        "plan",
        str(EIGHT.parent.parent.parent / "sample_configs" / "hlj-jiguan-party-committee.toml"),
        "--type",
        "party_committee",
        "--date",
        "2024-10-08",
    ],
]
PLANNED = [
    ["item", "add", "关于购置设备的请示", "--kind", "general", "--by", "办公室"],
    [
        "item",
        "add",
        "关于购置设备的请示",
        "--kind",
        "general",
        "--by",
        "办公室",
        "--submitted",
        "2024-09-29",
        "--done",
        "沟通协调酝酿,分管局领导审阅",
    ],
    ["item", "add", "关于X的请示", "--kind", "general", "--submitted", "2024-02-30"],
    ["attend", "zhang"],  # a planned meeting takes no attendance
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("argv", PLANNED, ids=lambda a: " ".join(a))
def test_both_paths_agree_on_a_planned_meeting(
    argv: list[str], lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """议题申报 on a planned meeting (item add prints the proposal's prerequisites)."""
    monkeypatch.setenv("YISHI_LANG", lang)
    base = tmp_path / "base"
    base.mkdir()
    monkeypatch.chdir(base)
    for setup in PLANNED_SETUP:
        code, out, err = _run(setup, fast=False)
        assert code == 0, (out, err)
    results = {}
    for fast in (True, False):
        where = tmp_path / ("fast" if fast else "typer")
        shutil.copytree(base / "records", where / "records")
        monkeypatch.chdir(where)
        code, out, err = _run(argv, fast)
        results[fast] = (code, out, err, _snapshot(where / "records"))
    assert results[True] == results[False]
    assert "Traceback" not in results[True][2]


BATCH = [
    ["batch", "--year", "2024", "-o", "out"],
    ["batch", "--year=2024", "--output", "out", "-f", "md,html", "--no-cache", "--jobs", "1"],
    ["batch", "--year", "2024", "-o", "out", "--force", "--copy", "distribution"],
    ["batch", "--year", "2023", "-o", "out"],  # nothing to number
    ["batch", "--year", "2024", "-o", "out", "--issue-date", "2024-13-01"],  # refused
    ["batch", "--year", "2024", "-o", "out", "--jobs", "0"],  # refused
    ["batch", "--year", "2024", "-o", "out", "--template", "nope"],  # refused
]


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("argv", BATCH, ids=lambda a: " ".join(a))
def test_both_paths_agree_on_batch(
    argv: list[str], lang: str, cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`yishi batch` through the fast path and through typer, from copies of one records
    directory (two closed meetings): exit code, stdout, stderr and the files written."""
    from tests.helpers import quick

    quick(cli, "2024-03-05")
    quick(cli, "2024-04-02")
    monkeypatch.setenv("YISHI_LANG", lang)
    results = {}
    for fast in (True, False):
        where = tmp_path / ("fast" if fast else "typer")
        shutil.copytree(cli.records, where / "records")
        monkeypatch.chdir(where)
        code, out, err = _run(argv, fast)
        files = (
            sorted(p.name for p in (where / "out").iterdir()) if (where / "out").exists() else []
        )
        results[fast] = (code, out, err, files)
    assert results[True] == results[False]
    assert "Traceback" not in results[True][2]
    if argv in (BATCH[0], BATCH[1], BATCH[2]):  # numbered and written, not refused
        assert results[True][0] == 0 and len(results[True][3]) >= 2, results[True]
