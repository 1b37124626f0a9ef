"""`yishi shell`: the same commands at one prompt, in one process."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import EIGHT
from yishi.commands.shell import Shell, run_script
from yishi.store import Store


def test_shell_runs_a_meeting_from_stdin(tmp_path):
    script = (
        "\n".join(
            [
                f"open {EIGHT} --type party_group --date 2024-04-01",
                "attend zhang li wang zhao chen",
                "vote 9 -m hands --yes zhang",  # refused, the shell goes on
                'item add "关于 办公用房 调整" --kind general',
                "vote 1 -m hands --yes zhang,li,wang,zhao,chen",
                "exit",
                "attend huang",  # after exit: never run
            ]
        )
        + "\n"
    )
    proc = subprocess.run(
        [sys.executable, "-m", "yishi", "--records", str(tmp_path), "shell"],
        input=script,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 2  # the worst exit code of the session, for scripts
    assert "no item 9" in proc.stderr and "Traceback" not in proc.stderr
    store = Store(tmp_path)
    meeting = store.meeting(store.current())
    assert meeting.items[0].title == "关于 办公用房 调整"
    assert meeting.items[0].votes[0].yes == 5
    assert "huang" not in meeting.attendance
    log = store.read(meeting.id)["log"]
    assert log[0]["cmd"] == "attend zhang li wang zhao chen"  # the line as typed


def test_run_script_returns_exit_codes(tmp_path):
    codes = run_script(
        [f"open {EIGHT} --type party_group --date 2024-04-01", "attend nobody", "attend zhang", ""],
        tmp_path,
    )
    assert codes == [0, 2, 0, 0]


def test_completion_words_and_options(tmp_path):
    run_script(
        [
            f"open {EIGHT} --type party_group --date 2024-04-01",
            "item add 议题 --kind personnel --candidate 甲某",
        ],
        tmp_path,
    )
    shell = Shell(tmp_path, None)
    words = shell.words()
    assert {"zhang", "张伟", "1", "甲某", "personnel", "agree"} <= set(words)
    assert "attend" in shell.names and "vote" in shell.names
    assert "--method" in shell.options("vote 1 ")
    assert "--candidate" in shell.options("item add x ")
