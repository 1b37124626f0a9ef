"""Issuing a meeting changes none of its findings or outcomes (yishi.check.engine): batch
renders the minutes of a meeting it has just issued with the report its gate computed
before the issue. Held here over generated meetings and the suite's own meetings, closed,
then issued plainly and forced with findings and a 印发 date."""

from __future__ import annotations

import copy
from pathlib import Path

from helpers import bench_gen, hold_meeting, quick

from yishi import record as rec
from yishi.check import evaluate
from yishi.store import Store

ROOT = Path(__file__).parent.parent


def issued(meeting: rec.Meeting, **extra) -> rec.Meeting:
    after = copy.deepcopy(meeting)
    rec.apply(after, {"n": 10_000, "op": "issue", "number": "X〔2024〕9号", "seq": 9, **extra})
    assert after.state == rec.ISSUED
    return after


def assert_same_when_issued(meeting: rec.Meeting) -> None:
    before = evaluate(meeting)
    for extra in ({}, {"forced": True, "findings": ["QUORUM"], "date": "2031-01-01"}):
        assert evaluate(issued(meeting, **extra)) == before, meeting.id


def test_generated_meetings_check_the_same_issued(tmp_path: Path) -> None:
    gen = bench_gen()
    rules = tmp_path / "rules.toml"
    rules.write_text(gen.rules_text(3, 9), encoding="utf-8")
    ids = gen.write_year(tmp_path / "records", rules, 24, year=2024)
    store = Store(tmp_path / "records")
    for meeting_id in ids:
        assert_same_when_issued(store.meeting(meeting_id))


def test_the_suites_meetings_check_the_same_issued(cli) -> None:
    ids = [
        hold_meeting(cli, "2024-03-05"),
        hold_meeting(cli, "2024-04-02", type="special"),
        quick(cli, "2024-05-07"),
        quick(cli, "2024-05-21", quorum=False),
        cli.open(date="2024-06-04"),  # nobody present: QUORUM and more
    ]
    cli("close")
    store = Store(cli.records)
    findings = 0
    for meeting_id in ids:
        meeting = store.meeting(meeting_id)
        if meeting.state == rec.CLOSED:
            assert_same_when_issued(meeting)
            findings += len(evaluate(meeting).findings)
    assert findings  # meetings with findings were among them


def test_no_meeting_check_reads_what_issuing_changes() -> None:
    """The data test above sees only the findings its meetings raise; this one sees every
    rule: the meeting and item checks (and the views they use) read no field the issue
    event sets, and the state only to tell a planned meeting (yishi.check.engine)."""
    import re

    sources = sorted((ROOT / "cli" / "yishi" / "check").glob("*.py"))
    sources = [p for p in sources if p.name != "year.py"]  # the year's checks: not evaluate
    sources.append(ROOT / "cli" / "yishi" / "views.py")
    issue_fields = re.compile(
        r"\b(issue_date|forced_issue|amendments|ISSUED|CLOSED)\b|\bmeeting\.(number|seq)\b"
    )
    found = []
    for path in sources:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if issue_fields.search(line) or (
                re.search(r"\.state\b", line) and "rec.PLANNED" not in line
            ):
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert found == [], found
