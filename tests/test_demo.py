"""`make demo` works from a clean clone, and again when run a second time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT


def test_demo_runs_twice(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "YISHI_DEMO_OUT": str(tmp_path / "demo"),
        "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ["PATH"],
    }
    env.pop("YISHI_NOW", None)
    for run in (1, 2):
        done = subprocess.run(
            ["bash", str(ROOT / "scripts" / "demo.sh")],
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, (run, done.stdout[-3000:], done.stderr[-3000:])
        assert "Traceback" not in done.stdout + done.stderr
    assert list((tmp_path / "demo").rglob("*.docx"))
