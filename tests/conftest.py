"""Shared test helpers: run the CLI in-process, a records dir, the 8-member test body."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

FIXTURES = Path(__file__).parent / "fixtures"
EIGHT = FIXTURES / "eight.toml"
ROOT = Path(__file__).parent.parent


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("LANG", "C.UTF-8")
    for var in ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "YISHI_LANG", "YISHI_MEETING"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("YISHI_NOW", "2024-03-05T10:00:00+08:00")


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
            app, ["--lang", lang, "--records", str(self.records), *args],
            catch_exceptions=False)
        return result

    def open(self, *extra: str, rules: Path = EIGHT, type: str = "party_group",
             date: str = "2024-03-05") -> str:
        result = self("open", str(rules), "--type", type, "--date", date, *extra)
        assert result.exit_code == 0, result.output
        return result.output.strip().splitlines()[-1]

    def record_bytes(self, meeting_id: str) -> bytes:
        return (self.records / f"{meeting_id}.toml").read_bytes()


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    os.environ.pop("YISHI_RECORDS", None)
    return Cli(tmp_path / "records")


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
