"""The README's "A meeting, command by command" runs as written, from a clean directory.

A new user copies these lines first; each one must work (exit 0) in order. Lines that
need what a fresh directory lacks are skipped, each for its stated reason.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from tests.helpers import ROOT, Cli


def _commands(heading: str = "## A meeting, command by command") -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(heading, 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the README lost its command-by-command block"
    lines = block.group(1).replace("\\\n", " ").splitlines()
    commands = []
    for line in lines:
        line = line.split("  #", 1)[0].strip()  # drop the trailing comment
        if not line or line.startswith("#"):
            continue
        for part in line.split("&&"):
            words = shlex.split(part)
            assert words[0] == "yishi", line
            commands.append(words[1:])
    return commands


def _skip(words: list[str]) -> str | None:
    if words[:2] == ["rules", "diff"] and ":" in words[2]:
        return "reads a git revision (covered in tests/test_rules_diff.py)"
    if "--digest" in words:
        return "the digest shown is a placeholder"
    if "pdf" in words and not shutil.which("soffice"):
        return "LibreOffice is not installed"
    return None


def test_readme_block_has_the_whole_meeting() -> None:
    names = [" ".join(w[:2]) for w in _commands()]
    for needed in ("open sample_configs/baicheng-office-party-group.toml", "close", "batch --year"):
        assert any(n.startswith(needed.split()[0]) for n in names), needed
    assert len(names) >= 25


def test_readme_commands_run_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "sample_configs").symlink_to(ROOT / "sample_configs")
    ran = 0
    for words in _commands():
        if _skip(words):
            continue
        result = cli(*words)
        assert result.exit_code == 0, (words, result.output)
        assert "Traceback" not in result.output
        ran += 1
    assert ran >= 25
    issued = cli("verify")
    assert issued.exit_code == 0 and "〔2024〕1号" in issued.output
    assert list((tmp_path / "out").glob("*.docx"))


def test_readme_before_the_meeting_block_runs_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cli: Cli
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("YISHI_NOW", "2024-09-25T10:00:00+08:00")  # before the planned date
    (tmp_path / "sample_configs").symlink_to(ROOT / "sample_configs")
    commands = _commands("Before the meeting (")
    assert [w[0] for w in commands][:2] == ["plan", "item"] and len(commands) >= 7
    for words in commands:
        result = cli(*words)
        assert result.exit_code == 0, (words, result.output)
    assert (tmp_path / "通知.docx").exists() and (tmp_path / "签到表.html").exists()
