"""`--help` and usage errors in Chinese and English, from the catalog; the language from
--lang or the environment; docs/commands.md generated from the app."""

from __future__ import annotations

import re

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import ROOT
from yishi.catalog.help import EXAMPLES, HELP
from yishi.commands import _help
from yishi.i18n import detect_lang, set_lang


def tree():
    from yishi.app import app

    return typer.main.get_command(app)


def everything():
    """(catalog key, English written in the command) for every command and parameter."""
    root = tree()
    out = []
    for cmd, ctx in _help.walk(root, typer._click.Context(root, info_name="yishi")):
        path = _help.path_of(ctx)
        out.append((_help.key_of(path), " ".join((cmd.help or "").split())))
        for param in cmd.params:
            if param.name != "help" and not getattr(param, "hidden", False):
                out.append((f"{_help.key_of(path)}.{param.name}", param.help or ""))
    return out


def test_every_command_and_option_has_help_in_both_languages() -> None:
    missing = []
    for key, english in everything():
        shared = "*." + key.rsplit(".", 1)[-1]
        entry = HELP.get(key) or (HELP.get(shared) if "." in key else None)
        if entry is None or not entry[0].strip() or not entry[1].strip():
            missing.append(f'    "{key}": ("<中文>", {english or "<English>"!r}),')
    assert not missing, (
        "help missing in cli/yishi/catalog/help.py; add to HELP:\n"
        + "\n".join(missing)
        + "\nthen run `make docs`"
    )


def test_docs_commands_md_is_current() -> None:
    text = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    assert text == _help.reference(tree()), (
        "docs/commands.md is out of date: run `make docs` and commit it"
    )


def run(*args: str, env: dict[str, str] | None = None):
    from yishi.app import app

    set_lang(None)
    return CliRunner().invoke(app, list(args), env=env, catch_exceptions=False)


def test_help_in_chinese_is_chinese_throughout() -> None:
    zh = run("--lang", "zh", "vote", "--help")
    assert zh.exit_code == 0
    out = zh.output
    assert out.startswith("用法：yishi vote [选项] N[,N]")
    for word in (
        "参数：",
        "选项：",
        "示例：",
        "显示本帮助并退出",
        "[必填]",
        "[可重复]",
        "赞成：成员姓名，逗号分隔；无记名投票时写票数",
    ):
        assert word in out, word
    for english in ("Usage", "Options", "Show this message", "<", "{", "required"):
        assert english not in out, english
    en = run("--lang", "en", "vote", "--help").output
    assert en.startswith("Usage: yishi vote [OPTIONS] N[,N]")
    assert "Options:" in en and "Examples:" in en
    assert "--yes NAMES|N" in en and "names, comma-separated; for secret, a count" in en


def test_flags_have_no_metavar_and_arguments_no_braces() -> None:
    out = run("--lang", "en", "open", "--help").output
    assert re.search(r"^  --emergency +Held", out, re.M)
    assert "<bool>" not in out and "{rules_file}" not in out and "RULES" in out
    out = run("--lang", "en", "item", "add", "--help").output
    assert "--confidential / --public" in out and "--amount AMOUNT" in out


def test_top_level_help_does_not_cut_descriptions() -> None:
    out = "".join(run("--lang", "en", "--help").output.split())
    for name in ("issue", "report", "shell", "explain"):
        assert "".join(HELP[name][1].split()) in out, name
    zh = "".join(run("--lang", "zh", "--help").output.split())
    assert "".join(HELP["issue"][0].split()) in zh


@pytest.mark.parametrize(
    "command",
    ["open", "attend", "leave", "item add", "opinion", "vote", "decide", "recuse", "reconsider"],
)
def test_recording_commands_show_examples(command: str) -> None:
    for lang, title in (("en", "Examples:"), ("zh", "示例：")):
        out = run("--lang", lang, *command.split(), "--help").output
        assert title in out
        assert all(example in out for example in EXAMPLES[command.replace(" ", ".")])


@pytest.mark.parametrize(
    ("args", "zh", "en"),
    [
        (
            ["leav"],
            "没有命令“leav”。是否想用 'leave'？",
            "No such command 'leav'. Did you mean 'leave'?",
        ),
        (["open", "x.toml"], "缺少选项 '--type' / '-t'。", "Missing option '--type' / '-t'."),
        (["vote"], "缺少参数 'items'。", "Missing argument 'items'."),
        (
            ["vote", "1", "--methd", "hands"],
            "没有选项 --methd。（可用的选项：--method）",
            "No such option: --methd (Possible options: --method)",
        ),
        (
            ["vote", "1", "--method"],
            "选项 '--method' 需要一个值。",
            "Option '--method' requires an argument.",
        ),
        (["close", "extra"], "多余的参数：extra", "Got unexpected extra argument(s) (extra)"),
        (
            ["depart", "x", "--after", "abc"],
            "'--after' 的值无效：应为整数",
            "Invalid value for '--after': Input should be a valid integer",
        ),
    ],
)
def test_usage_errors_in_both_languages(args: list[str], zh: str, en: str) -> None:
    result = run("--lang", "zh", *args)
    assert result.exit_code == 2
    assert zh in result.output and "Error" not in result.output, result.output
    assert "用法：" in result.output or "--method" in args
    result = run("--lang", "en", *args)
    assert result.exit_code == 2 and en in result.output, result.output


@pytest.mark.parametrize("value", ["fr", "ZH", "zh_CN", ""])
def test_lang_accepts_zh_or_en_only(value: str) -> None:
    result = run("--lang", value, "status")
    assert result.exit_code == 2
    assert "--lang accepts zh or en only" in result.output
    assert run(f"--lang={value}", "status").exit_code == 2
    result = run("status", env={"YISHI_LANG": "fr"})
    assert result.exit_code == 2 and "YISHI_LANG must be zh or en" in result.output


@pytest.mark.parametrize(
    ("env", "lang"),
    [
        ({}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LANGUAGE": "zh_CN"}, "zh"),  # alone: honoured
        ({"LANGUAGE": "zh_CN", "LANG": "C"}, "en"),  # an explicit C locale: ignored (gettext)
        ({"LANGUAGE": "zh_CN", "LANG": "C.UTF-8"}, "en"),
        ({"LANGUAGE": "fr:zh_TW", "LANG": "en_US.UTF-8"}, "zh"),  # the first zh/en entry
        ({"LANGUAGE": "en", "LANG": "zh_CN.UTF-8"}, "en"),  # LANGUAGE before the locale
        ({"LANGUAGE": "fr", "LANG": "zh_CN.UTF-8"}, "zh"),
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "en"),
        ({"LC_MESSAGES": "zh_CN.UTF-8", "LANG": "en_US.UTF-8"}, "zh"),
        ({"YISHI_LANG": "en", "LC_ALL": "zh_CN.UTF-8", "LANGUAGE": "zh"}, "en"),
        ({"YISHI_LANG": "zh"}, "zh"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),
    ],
)
def test_language_from_the_environment(env: dict[str, str], lang: str) -> None:
    assert detect_lang(env) == lang


def test_language_from_the_environment_through_the_cli(monkeypatch) -> None:
    monkeypatch.delenv("LANG")
    monkeypatch.setenv("LANGUAGE", "zh_CN")
    result = run("leav")
    assert "没有命令“leav”" in result.output
    assert run("--lang", "en", "leav").output.count("No such command") == 1
