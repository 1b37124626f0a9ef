"""A reader that goes away (`yishi rules check ... | head`) ends the command quietly.

SPEC §2 keeps exit 2 for bad usage or input; a closed pipe is neither, and the message
"the system refused a path: Broken pipe" was wrong. Like click (which handles the same
case outside the commands), yishi stops with exit 1 and no traceback. The pipe's read end
is closed before yishi starts, so every write fails: no timing is involved.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import EIGHT, Cli


def _closed_stdout(args: list[str], records: Path) -> subprocess.CompletedProcess:
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "yishi", "--lang", "en", "--records", str(records), *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize(
    "args",
    [["rules", "check", "WARNS"], ["rules", "schema"], ["attend", "zhang"], ["status"]],
    ids=["rules-check", "rules-schema", "attend-fast-path", "status"],
)
def test_a_closed_stdout_ends_quietly(args: list[str], cli: Cli, tmp_path: Path) -> None:
    cli.open()
    warns = tmp_path / "warns.toml"  # warnings only: exit 0 when someone reads them
    text = EIGHT.read_text(encoding="utf-8")
    warns.write_text(re.sub(r"(?m)^in_charge = .*$", "", text), encoding="utf-8")
    assert cli("rules", "check", str(warns)).exit_code == 0
    args = [str(warns) if a == "WARNS" else a for a in args]
    done = _closed_stdout(args, cli.records)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "refused a path" not in done.stderr and "Broken pipe" not in done.stderr


def test_failure_maps_a_broken_pipe_to_exit_1(monkeypatch: pytest.MonkeyPatch) -> None:
    from yishi.commands import _base

    silenced = []
    monkeypatch.setattr(_base, "_silence_stdout", lambda: silenced.append(True))
    assert _base.failure(BrokenPipeError(32, "Broken pipe")) == 1
    assert silenced == [True]
