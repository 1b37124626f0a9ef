"""The benchmark script works (no timing is ever asserted): a quick run of two sections,
and the generators and the floor's TOML writer produce what yishi reads."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).parent.parent
BENCH = ROOT / "bench"


def test_quick_run_writes_a_table(tmp_path: Path) -> None:
    results = tmp_path / "latest.md"
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    proc = subprocess.run(
        [
            sys.executable,
            str(BENCH / "run.py"),
            "--quick",
            "--only",
            "a,c,f",
            "--results",
            str(results),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    text = results.read_text(encoding="utf-8")
    assert "| a | one-shot: yishi attend |" in text
    assert "| c | rules check" in text
    assert "| f | shell: attend/absent at" in text
    assert text in proc.stdout + "\n"


def test_generated_records_load_and_check(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import floor
        import gen
    finally:
        sys.path.remove(str(BENCH))
    from yishi.check import evaluate
    from yishi.rules import check_file
    from yishi.store import Store

    rules = tmp_path / "rules.toml"
    rules.write_text(gen.rules_text(3, 15), encoding="utf-8")
    assert check_file(rules)[0] is not None
    typo = gen.write_rules_files(tmp_path / "rf", 8, typo_every=4)
    assert [check_file(p)[0] is None for p in typo] == [False, False, False, True] * 2
    store = Store(tmp_path / "year")
    ids = gen.write_year(store.root, rules, 3)
    for meeting_id in ids:
        meeting = store.meeting(meeting_id)
        assert meeting.state == "closed" and len(meeting.items) == 10
        assert not evaluate(meeting).errors
    meeting_id, late = gen.open_meeting(tmp_path / "open", rules)
    path = tmp_path / "open" / f"{meeting_id}.toml"
    doc = tomllib.loads(path.read_text(encoding="utf-8"))
    assert tomllib.loads(floor.dumps(doc)) == doc  # the floor writes real TOML
    floor.attend(tmp_path / "open", late, "floor attend")
    assert {m.id for m in Store(tmp_path / "open").meeting(meeting_id).attended()} >= set(late)
