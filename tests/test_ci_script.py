"""CI runs `.ci/run` on a clean clone: it must be valid bash and call the README's test
command (a broken script means nothing lands)."""

from __future__ import annotations

import subprocess

from tests.helpers import ROOT


def test_ci_script_parses_and_runs_make_test() -> None:
    script = ROOT / ".ci" / "run"
    checked = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    lines = [line.strip() for line in script.read_text(encoding="utf-8").splitlines()]
    assert "make test" in lines, "`.ci/run` must run `make test` on a line of its own"
    assert "make test" in (ROOT / "README.md").read_text(encoding="utf-8")
