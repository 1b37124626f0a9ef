"""The shell in a real terminal (tmux): Tab completion by position, the prompt, Ctrl-C,
reverse history search, and no secret-ballot names in the history file. Skipped when tmux
is not installed (apt-get install tmux)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import EIGHT
from yishi.commands.shell import run_script

pytestmark = pytest.mark.skipif(
    shutil.which("tmux") is None, reason="tmux is not installed (apt-get install -y tmux)"
)


class Tmux:
    def __init__(self, tmp: Path, command: list[str]) -> None:
        self.socket = f"yishi-{uuid.uuid4().hex[:8]}"
        env = {
            **os.environ,
            "HOME": str(tmp),
            "XDG_CONFIG_HOME": str(tmp / ".config"),
            "INPUTRC": "/dev/null",
            "LANG": "C.UTF-8",
            "TERM": "xterm",
        }
        env.pop("TMUX", None)
        self.env = env
        self.tmux(
            "new-session",
            "-d",
            "-x",
            "160",
            "-y",
            "50",
            "-s",
            "t",
            " ".join(f"'{c}'" for c in command),
        )

    def tmux(self, *args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", "/dev/null", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "t", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "t")

    def wait_for(self, text: str, timeout: float = 30, count: int = 1) -> str:
        """Poll the screen until `text` shows `count` times (no fixed sleeps: no luck)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if screen.count(text) >= count:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared {count} time(s):\n{screen}")
            time.sleep(0.05)

    def close(self) -> None:
        self.tmux("kill-server")


@pytest.fixture
def term(tmp_path):
    records = tmp_path / "records"
    assert (
        run_script(
            [
                f"open {EIGHT} --type party_group --date 2024-04-01",
                "attend zhang li wang zhao chen",
                "leave yang --reason 出差",
                "item add 议题一 --kind general",
                "item add 干部任免 --kind personnel --candidate 甲某 --candidate 乙某",
                "recuse wang --item 2",
            ],
            records,
        )
        == [0] * 6
    )
    session = Tmux(
        tmp_path,
        [sys.executable, "-m", "yishi", "--lang", "en", "--records", str(records), "shell"],
    )
    session.records = records
    session.wait_for("open 5/8✓>")
    yield session
    session.close()


def test_tab_completes_by_position(term) -> None:
    term.keys("attend ", "Tab", "Tab")
    for name in ("huang", "liu", "yang", "黄海"):  # the listing may reach the pane in parts
        screen = term.wait_for(name)
    listing = screen.split("attend", 1)[1]
    assert "liu" in listing and "yang" in listing and "黄海" in listing
    assert "zhang" not in listing and "agree" not in listing and "roll_call" not in listing
    prompts = screen.count("5/8✓>")
    term.keys("C-c")  # cancels the line, not the shell: a fresh prompt
    term.wait_for("5/8✓>", count=prompts + 1)
    term.keys("vote 2 --yes ch", "Tab")
    screen = term.wait_for("✓> vote 2 --yes chen")
    assert "attend vote" not in screen
    term.keys(",", "Tab", "Tab")
    screen = term.wait_for("zhao")
    after = screen.rsplit("vote 2 --yes chen,", 1)[1]
    assert "wang" not in after and "yang" not in after  # recused, on leave
    assert "陈静" not in after  # named already
    term.keys("C-u", "vote 2 --cand", "Tab")
    term.wait_for("✓> vote 2 --candidate")
    term.keys("乙", "Tab")
    term.wait_for("vote 2 --candidate 乙某")


def test_history_search_and_no_secret_names_on_disk(term) -> None:
    term.keys("status", "Enter")
    term.wait_for("Still missing")
    term.keys("vote 2 --method secret --candidate 甲某 --yes 张伟,李明", "Enter")
    term.wait_for("secret")
    term.wait_for("error:")
    term.keys("C-r", "stat")
    term.wait_for("(reverse-i-search)`stat': status")
    term.keys("C-g", "C-u", "exit", "Enter")
    history = term.records / ".shell_history"
    deadline = time.monotonic() + 30
    text = ""
    while "exit" not in text and time.monotonic() < deadline:  # written whole at exit
        time.sleep(0.05)
        text = history.read_text(encoding="utf-8") if history.exists() else ""
    assert "status" in text
    assert "张伟" not in text and "secret" not in text
