"""Fixtures for every test: a stable environment (never the user's), deterministic
hypothesis, and `cli` (yishi run in-process against a fresh records dir).

Shared helpers live in tests/helpers.py; the names below are re-exported for old imports.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

from tests.helpers import EIGHT, FIXTURES, ROOT, Cli, key_paths  # noqa: F401

# Every run of `make test` explores the same examples: a test that passes once passes always.
# `HYPOTHESIS_PROFILE=explore` (used by `make fuzz`) draws new random examples instead.
settings.register_profile(
    "deterministic", derandomize=True, database=None, deadline=None, print_blob=True
)
settings.register_profile("explore", derandomize=False, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "deterministic"))

# the user's own settings that yishi reads: a test never sees them
_USER_VARS = ("LC_ALL", "LC_MESSAGES", "LANGUAGE", "YISHI_LANG", "YISHI_MEETING", "YISHI_RECORDS")


@pytest.fixture(autouse=True)
def _stable_env(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    # the office key, trusted keys and working-day calendars of each test live in a tmp dir,
    # never in ~/.config
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("LANG", "C.UTF-8")
    for var in _USER_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("YISHI_NOW", "2024-03-05T10:00:00+08:00")


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    return Cli(tmp_path / "records")
